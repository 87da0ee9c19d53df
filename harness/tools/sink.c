// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The sink: AF_XDP RX on every queue of its ports over one UMEM (the set
 * loads the XDP redirect program). It reads the generator's stamp from each
 * frame: per-flow loss, duplicates and reordering, one-way latency (both ends
 * on CLOCK_MONOTONIC of one machine), and with --check-flows whether a flow
 * arrived on the socket with its own index.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "frame_match.h"
#include "hist.h"
#include "log.h"
#include "memest.h"
#include "meter.h"
#include "opts.h"
#include "pcapio.h"
#include "pkt.h"
#include "report.h"
#include "seqtrack.h"
#include "tool.h"
#include "util.h"
#include "xsk_set.h"

#define SINK_SUMMARY "Receive on AF_XDP sockets: rate, loss, reordering, one-way latency"

#define POLL_MS 100
/* Flow ids the generator can use: one per socket of its port list. */
#define SINK_MAX_FLOWS (PORTS_MAX * PORT_MAX_QUEUES)

struct sink_cfg {
	struct port_list ports;
	struct tool_opts tool;
	struct tool_xsk_opts xsk;
	struct tool_rx_opts rx;
	uint32_t pcap_count;
	bool check_flows;
	const char *pcap_out, *latency_csv, *replayed;
};

static const struct opt_def sink_opts[] = {
    OPT_DEF("port", 'p', OPT_PORTS, struct sink_cfg, ports, "receive on every queue of this port",
	    .required = true),
    OPT_DEF("check-flows", 0, OPT_FLAG, struct sink_cfg, check_flows,
	    "count a frame whose flow id is not its socket's index as misdelivered"),
    OPT_DEF("pcap-out", 0, OPT_STRING, struct sink_cfg, pcap_out,
	    "write the first --pcap-count frames received to this capture", .metavar = "FILE"),
    OPT_DEF("pcap-count", 0, OPT_U32, struct sink_cfg, pcap_count,
	    "frames for --pcap-out (0: all)"),
    OPT_DEF("replayed", 0, OPT_STRING, struct sink_cfg, replayed,
	    "the capture the generator replays: its frames with no room for a stamp count as "
	    "ours when they arrive unchanged",
	    .metavar = "FILE"),
    OPT_DEF("latency-csv", 0, OPT_STRING, struct sink_cfg, latency_csv,
	    "latency percentiles as percentile,latency_ns rows", .metavar = "FILE"),
    OPT_INCLUDE(tool_rx_rows, struct sink_cfg, rx),
    OPT_INCLUDE(tool_xsk_rows, struct sink_cfg, xsk),
    OPT_INCLUDE(tool_rows, struct sink_cfg, tool),
    OPT_END,
};

struct sink_state {
	struct sink_cfg cfg;
	struct xsk_set *set;
	unsigned int nsocks;
	struct umem_plan plan; /* the UMEM's frames per socket and FILL level (memest.h) */
	struct pollfd *pfds;
	struct seqtrack seq;
	struct hist lat;
	struct pcap_writer *pcap;
	struct frame_match replay; /* --replayed: the capture's unstampable frames */
	uint64_t packets, bytes;   /* every frame received */
	uint64_t ours_bytes;	   /* of the frames known as ours (stamped or replayed) */
	uint64_t foreign, misdelivered, dumped;
	uint64_t replayed;	  /* unstamped frames of the replayed capture */
	uint64_t t_first, t_last; /* first and last stamped frame received */
};

static void handle_frame(struct sink_state *st, unsigned int sock, const void *data, uint32_t len,
			 uint64_t now)
{
	struct pkt_stamp stamp;
	bool stamped;

	if (st->pcap && (!st->cfg.pcap_count || st->dumped < st->cfg.pcap_count)) {
		pcap_writer_add(st->pcap, data, len);
		st->dumped++;
	}
	stamped = !pkt_parse(data, len, &stamp);
	if (!stamped && !frame_match_has(&st->replay, data, len)) {
		st->foreign++;
		return;
	}
	st->ours_bytes += len;
	/* The traffic window: first to last frame of ours (not the noise before it). */
	if (!st->t_first)
		st->t_first = now;
	st->t_last = now;
	if (!stamped) { /* a replayed frame without room for a stamp: no flow, no sequence */
		st->replayed++;
		return;
	}
	if (st->cfg.check_flows && stamp.flow != sock)
		st->misdelivered++;
	seqtrack_add(&st->seq, stamp.flow, stamp.seq);
	/* tx_ns 0: sent with --no-timestamp (flow and sequence only): no latency sample. */
	if (stamp.tx_ns && now >= stamp.tx_ns)
		hist_add(&st->lat, now - stamp.tx_ns);
}

/* Keep a socket's FILL ring at the plan's level: every socket of the shared UMEM keeps
 * frames to receive into, none takes them all. */
static void fill_to_plan(struct sink_state *st, struct xsk_sock *s)
{
	uint32_t queued = st->cfg.xsk.ring_size - xsk_prod_nb_free(&s->fill, st->cfg.xsk.ring_size);

	if (queued < st->plan.fill)
		xsk_sock_refill(s, st->plan.fill - queued);
}

/* Receive up to one batch on socket i and give the FILL ring as many frames back. */
static uint32_t rx_batch(struct sink_state *st, unsigned int i)
{
	struct xsk_sock *s = xsk_set_sock(st->set, i);
	uint64_t mask = ~((uint64_t)s->umem->frame_size - 1);
	uint32_t idx, n, j;
	uint64_t now;

	n = xsk_ring_cons__peek(&s->rx, st->cfg.xsk.batch, &idx);
	if (!n) {
		if (!st->cfg.rx.no_need_wakeup)
			xsk_sock_kick_rx(s);
		return 0;
	}
	now = now_ns();
	for (j = 0; j < n; j++) {
		const struct xdp_desc *d = xsk_ring_cons__rx_desc(&s->rx, idx + j);

		if (!xsk_sock_rx_take(s, d->addr, d->len))
			continue; /* the kernel had no right to hand it over: not read (ledger) */
		handle_frame(st, i, xsk_frame(s, d->addr), d->len, now);
		st->bytes += d->len;
		/* Aligned mode: the frame starts at the address rounded down to the frame size. */
		pool_put(&s->umem->pool, d->addr & mask);
	}
	xsk_ring_cons__release(&s->rx, n);
	st->packets += n;
	fill_to_plan(st, s);
	return n;
}

static uint32_t rx_all(void *arg)
{
	struct sink_state *st = arg;
	uint32_t got = 0;

	for (unsigned int i = 0; i < st->nsocks; i++)
		got += rx_batch(st, i);
	return got;
}

static void sink_loop(struct sink_state *st, struct meter *m)
{
	uint64_t now = now_ns(),
		 end = st->cfg.tool.duration ? now + st->cfg.tool.duration * NSEC_PER_SEC : 0;
	unsigned int spins = 0;

	while (!stop_requested) {
		uint32_t got = rx_all(st);

		if (!got || ++spins % 64 == 0) {
			now = now_ns();
			meter_tick(m, now, st->packets, st->bytes);
			if (end && now >= end)
				break;
		}
		if (!got && st->cfg.rx.poll)
			poll(st->pfds, st->nsocks, POLL_MS);
	}
	/* What is already in the RX rings was sent in time: count it (util.h). */
	drain(rx_all, NULL, st);
}

static const double latency_pcts[] = {50, 75, 90, 95, 99, 99.9, 99.99, 100};

static int write_latency_csv(const struct sink_state *st, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "percentile,latency_ns\n");
	for (size_t i = 0; i < ARRAY_SIZE(latency_pcts); i++)
		fprintf(f, "%g,%" PRIu64 "\n", latency_pcts[i],
			hist_percentile(&st->lat, latency_pcts[i]));
	return fclose(f) ? -errno : 0;
}

static void sink_report(struct sink_state *st, struct report *r, const struct seq_totals *t,
			double secs)
{
	/*
	 * packets/bytes/pps: the generator's frames, comparable with its report:
	 * stamped ones, and a replayed capture's unstamped ones known by content.
	 */
	report_u64(r, "packets", t->received + st->replayed);
	report_u64(r, "bytes", st->ours_bytes);
	report_f64(r, "pps", secs > 0 ? (double)(t->received + st->replayed) / secs : 0);
	report_f64(r, "duration_s", secs);
	report_u64(r, "received", t->received);
	report_u64(r, "lost", t->lost);
	report_u64(r, "duplicates", t->duplicates);
	report_u64(r, "reordered", t->reordered);
	report_u64(r, "stale", t->stale);
	report_u64(r, "misdelivered", st->misdelivered);
	report_u64(r, "foreign", st->foreign);
	report_u64(r, "replayed", st->replayed);
	report_u64(r, "rx_ring_pending", xsk_set_rx_pending(st->set));
	report_u64(r, "rx_frames", st->packets);
	report_u64(r, "rx_bytes", st->bytes);
	report_u64(r, "bad_flow", t->bad_flow);
	report_u64(r, "flows_seen", t->flows_seen);
	report_u64(r, "flows_expected", st->nsocks);
	report_u64(r, "latency_ns.count", hist_count(&st->lat));
	report_u64(r, "latency_ns.min", hist_min(&st->lat));
	report_f64(r, "latency_ns.mean", hist_mean(&st->lat));
	report_u64(r, "latency_ns.p50", hist_percentile(&st->lat, 50));
	report_u64(r, "latency_ns.p90", hist_percentile(&st->lat, 90));
	report_u64(r, "latency_ns.p99", hist_percentile(&st->lat, 99));
	report_u64(r, "latency_ns.p999", hist_percentile(&st->lat, 99.9));
	report_u64(r, "latency_ns.p9999", hist_percentile(&st->lat, 99.99));
	report_u64(r, "latency_ns.max", hist_max(&st->lat));
	tool_report_set(st->set, r);
}

static void print_latency(const struct hist *h)
{
	const double v[] = {hist_min(h),
			    hist_percentile(h, 50),
			    hist_percentile(h, 90),
			    hist_percentile(h, 99),
			    hist_percentile(h, 99.9),
			    hist_max(h)};
	char s[6][32];

	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		human_ns(s[i], sizeof(s[i]), v[i]);
	pr_info("latency: min %s, p50 %s, p90 %s, p99 %s, p99.9 %s, max %s\n", s[0], s[1], s[2],
		s[3], s[4], s[5]);
}

static void print_summary(const struct sink_state *st, const struct seq_totals *t, double secs)
{
	const struct hist *h = &st->lat;

	pr_info("received %'" PRIu64 " frames (%'" PRIu64 " bytes), %'" PRIu64
		" stamped in %.2f s: %'.0f pps\n",
		st->packets, st->bytes, t->received, secs,
		secs > 0 ? (double)t->received / secs : 0);
	pr_info("flows %u: lost %'" PRIu64 ", duplicates %'" PRIu64 ", reordered %'" PRIu64
		", misdelivered %'" PRIu64 ", foreign %'" PRIu64 "\n",
		t->flows_seen, t->lost, t->duplicates, t->reordered, st->misdelivered, st->foreign);
	if (hist_count(h))
		print_latency(h);
}

/* Names that do not exist are bad input (exit 2); anything else is EXIT_SETUP. */
static int open_sockets(struct sink_state *st)
{
	unsigned int i;
	int err;

	/* The shared sizing rule: past the cap the sockets share the UMEM, so the kernel's
	 * per-pool state grows linearly with the sockets, not with their square. */
	st->set = tool_xsk_set(&st->cfg.ports, &st->cfg.xsk,
			       (struct xsk_set_cfg){
				   .shared_umem = true,
				   .rx = true,
				   .need_wakeup = !st->cfg.rx.no_need_wakeup,
				   .busy_poll = st->cfg.rx.busy_poll,
			       },
			       &st->plan);
	if (!st->set) {
		fprintf(stderr, "sink: out of memory\n");
		return EXIT_SETUP;
	}
	err = tool_open_sockets(st->set);
	if (err)
		return err;
	st->nsocks = xsk_set_nsocks(st->set);
	st->pfds = calloc(st->nsocks, sizeof(*st->pfds));
	if (!st->pfds)
		return EXIT_SETUP;
	for (i = 0; i < st->nsocks; i++) {
		struct xsk_sock *s = xsk_set_sock(st->set, i);

		st->pfds[i] = (struct pollfd){.fd = s->fd, .events = POLLIN};
		xsk_sock_refill(s, st->plan.fill);
	}
	return EXIT_PASS;
}

/* --replayed: the capture's frames that will arrive without a stamp. */
static int load_replayed(struct sink_state *st)
{
	struct pcap_frames f = {0};
	char err[512];
	int ret = pcap_frames_load(st->cfg.replayed, st->cfg.xsk.frame_size, &f, err, sizeof(err));

	if (ret) {
		fprintf(stderr, "sink: bad --replayed %s\n", err);
		return ret;
	}
	ret = frame_match_build(&st->replay, f.data, f.len, f.n);
	pcap_frames_free(&f);
	if (ret)
		fprintf(stderr, "sink: --replayed '%s': out of memory\n", st->cfg.replayed);
	return ret;
}

/* Receive until stopped, then the summary, the report and the latency file. */
static int receive(struct sink_state *st, struct report *rep, FILE *csv)
{
	struct seq_totals totals;
	struct meter m;
	double secs;
	int err;

	meter_init(&m, "sink_rx", csv, now_ns());
	sink_loop(st, &m);
	seqtrack_totals(&st->seq, &totals);
	secs = st->t_last > st->t_first ? (double)(st->t_last - st->t_first) / NSEC_PER_SEC : 0;
	print_summary(st, &totals, secs);
	sink_report(st, rep, &totals, secs);
	if (st->cfg.latency_csv && (err = write_latency_csv(st, st->cfg.latency_csv))) {
		fprintf(stderr, "sink: cannot write --latency-csv '%s': %s\n", st->cfg.latency_csv,
			strerror(-err));
		return EXIT_ERROR;
	}
	return xsk_set_check_pools(st->set) ? EXIT_SETUP : EXIT_PASS;
}

static int check_cfg(void *arg)
{
	const struct sink_cfg *cfg = arg;

	if (cfg->xsk.frames_per_sock < cfg->xsk.ring_size) {
		fprintf(stderr,
			"sink: bad --frames-per-socket '%u': less than the FILL ring (--ring-size "
			"%u)\n",
			cfg->xsk.frames_per_sock, cfg->xsk.ring_size);
		return -EINVAL;
	}
	return 0;
}

static const struct tool_def sink_tool = {
    .name = "sink",
    .summary = SINK_SUMMARY,
    .rows = sink_opts,
    .check = check_cfg,
};

static int cmd_sink(int argc, char **argv)
{
	struct sink_state *st;
	char err_msg[512];
	struct tool t = {0};
	int ret = EXIT_SETUP;

	/* The histogram is 30 KiB: keep the state off the stack. */
	st = calloc(1, sizeof(*st));
	if (!st) {
		fprintf(stderr, "sink: out of memory\n");
		return EXIT_SETUP;
	}
	st->cfg = (struct sink_cfg){
	    .tool = TOOL_OPTS_DEFAULT, .xsk = TOOL_XSK_OPTS_DEFAULT, .pcap_count = 1000};
	hist_init(&st->lat);
	ret = tool_begin(&t, &sink_tool, &st->cfg, &st->cfg.tool, argc, argv);
	if (ret >= 0)
		goto out;
	ret = EXIT_SETUP;
	if (seqtrack_init(&st->seq, SINK_MAX_FLOWS))
		goto out;
	ret = EXIT_ERROR;
	if (st->cfg.pcap_out &&
	    !(st->pcap = pcap_writer_open(st->cfg.pcap_out, err_msg, sizeof(err_msg)))) {
		fprintf(stderr, "sink: bad --pcap-out: %s\n", err_msg);
		goto out;
	}
	if (st->cfg.replayed && load_replayed(st))
		goto out;
	ret = open_sockets(st);
	if (ret != EXIT_PASS)
		goto out;
	pr_info("%u sockets up; receiving\n", st->nsocks);
	tool_ready(&t);
	ret = receive(st, &t.rep, t.csv);
out:
	ret = tool_end(&t, ret);
	xsk_set_free(st->set);
	pcap_writer_close(st->pcap);
	seqtrack_free(&st->seq);
	frame_match_free(&st->replay);
	free(st->pfds);
	free(st);
	return ret;
}

const struct command command_sink = {"sink", cmd_sink, SINK_SUMMARY};
