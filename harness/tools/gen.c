// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The generator: stamped UDP frames out of AF_XDP TX rings, one flow per
 * socket (port-major, then queue), sequence numbers from 0 in every flow.
 * Frames are written once per UMEM frame; a send only rewrites the stamp. With
 * --pcap the frames of a capture go out round robin instead, stamped where
 * their UDP payload has room. "packets" counts what the kernel completed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "log.h"
#include "memest.h"
#include "meter.h"
#include "opts.h"
#include "pcapio.h"
#include "pkt.h"
#include "report.h"
#include "tool.h"
#include "util.h"
#include "xsk_set.h"

#define GEN_SUMMARY "Send stamped UDP frames (one flow per socket) from AF_XDP TX rings"

#define DRAIN_TIMEOUT_NS (NSEC_PER_SEC)
/*
 * A round over every flow sends at most a quarter of the UMEM cap, so one
 * flow's burst shrinks as flows multiply: that is half the FILL level a
 * forwarder with the same cap keeps per socket (two per flow, memest.h).
 */
#define GEN_ROUND_SHARE 4
/* Below this wait for the next token we spin; above it we sleep. */
#define RATE_SLEEP_MIN_NS 20000

struct gen_cfg {
	struct port_list ports;
	struct tool_opts tool;
	struct tool_xsk_opts xsk;
	uint32_t pkt_size;
	uint64_t rate, count;
	bool no_timestamp;
	const char *pcap;
};

static const struct opt_def gen_opts[] = {
    OPT_DEF("port", 'p', OPT_PORTS, struct gen_cfg, ports,
	    "send from every queue of this port, one flow per queue", .required = true),
    OPT_DEF("pkt-size", 's', OPT_U32, struct gen_cfg, pkt_size,
	    "frame length without FCS (at most --frame-size)", .min = PKT_MIN_LEN, .max = 4096,
	    .metavar = "BYTES"),
    OPT_DEF("rate", 'r', OPT_U64, struct gen_cfg, rate,
	    "frames per second over all sockets (0: as fast as possible); with --duration, "
	    "exactly rate x duration frames",
	    .metavar = "PPS"),
    OPT_DEF("count", 'n', OPT_U64, struct gen_cfg, count,
	    "frames to send over all sockets (0: no limit, or rate x duration)"),
    OPT_DEF("pcap", 0, OPT_STRING, struct gen_cfg, pcap,
	    "replay the frames of this capture round robin instead", .metavar = "FILE"),
    OPT_DEF("no-timestamp", 0, OPT_FLAG, struct gen_cfg, no_timestamp,
	    "stamp flow and sequence but no send time (what reading the clock costs; no "
	    "latency)"),
    OPT_INCLUDE(tool_xsk_rows, struct gen_cfg, xsk),
    OPT_INCLUDE(tool_rows, struct gen_cfg, tool),
    OPT_END,
};

/* The frames of a capture, each with where its stamp goes (-1: no room). */
struct replay {
	struct pcap_frames f;
	int *stamp_off;
	uint32_t n;
};

/*
 * Per socket: its flow's next sequence and the lengths of frames submitted but
 * not completed, in order (completions come back in submission order), so
 * bytes count what completed. At most 2 * ring_size frames are outstanding.
 */
struct gen_flow {
	uint64_t seq;
	uint64_t completed; /* frames of this flow the kernel completed */
	uint16_t *lens;
	uint32_t head, tail, mask;
};

struct gen_state {
	struct gen_cfg cfg;
	struct xsk_set *set;
	struct umem *umem;
	struct umem_plan plan;
	unsigned int nsocks;
	uint32_t burst; /* frames per flow and round: --batch, or less with many flows */
	struct gen_flow *flows;
	struct replay rp;
	int32_t *frame_holds; /* replay: which capture frame each UMEM frame holds */
	uint32_t next_replay;
	uint64_t submitted, completed, bytes;
	uint64_t t_first, t_last;    /* first submit, last completion */
	uint64_t start_ns, ready_ns; /* started, and all sockets up */
	uint64_t stop_ns;	     /* when sending stopped */
	const char *stop;	     /* why: duration, count, signal, device */
	int device_errno;	     /* stop "device": what the kernel said */
};

static void replay_free(struct replay *rp)
{
	pcap_frames_free(&rp->f);
	free(rp->stamp_off);
	rp->stamp_off = NULL;
	rp->n = 0;
}

/* Returns 0, or -EINVAL / -ENOMEM after a one-line error naming the file and packet. */
static int replay_load(struct replay *rp, const char *path, uint32_t frame_size, bool stamp)
{
	char err[512];
	int ret = pcap_frames_load(path, frame_size, &rp->f, err, sizeof(err));

	if (ret) {
		fprintf(stderr, "gen: bad --pcap %s\n", err);
		return ret;
	}
	rp->stamp_off = calloc(rp->f.n, sizeof(*rp->stamp_off));
	if (!rp->stamp_off) {
		fprintf(stderr, "gen: --pcap '%s': out of memory\n", path);
		pcap_frames_free(&rp->f);
		return -ENOMEM;
	}
	rp->n = rp->f.n;
	for (uint32_t i = 0; i < rp->n; i++) {
		/* Clears the UDP checksum of the frames that will carry a stamp. */
		int off = stamp ? pkt_stamp_prepare(rp->f.data[i], rp->f.len[i]) : -1;

		rp->stamp_off[i] = off < 0 ? -1 : off;
	}
	return 0;
}

/* Write the frame contents once into every UMEM frame (all are in the pool now). */
static int prebuild_frames(struct gen_state *st)
{
	struct umem *u = st->umem;
	uint32_t nframes = u->pool.n;
	struct pkt_cfg pc;

	if (st->rp.n) {
		st->frame_holds = malloc(((size_t)u->size / u->frame_size) * sizeof(int32_t));
		if (!st->frame_holds)
			return -ENOMEM;
		memset(st->frame_holds, 0xff, ((size_t)u->size / u->frame_size) * sizeof(int32_t));
		return 0;
	}
	pkt_cfg_default(&pc);
	for (uint32_t i = 0; i < nframes; i++) {
		uint8_t *f = xsk_umem__get_data(u->area, u->pool.addrs[i]);

		pkt_build(f, st->cfg.pkt_size, &pc);
	}
	return 0;
}

/* Fill one TX descriptor's frame; returns its length. */
static uint32_t prepare_frame(struct gen_state *st, unsigned int sock, uint64_t addr,
			      uint64_t tx_ns)
{
	struct gen_flow *fl = &st->flows[sock];
	uint8_t *f = xsk_umem__get_data(st->umem->area, addr);
	uint32_t k, len = st->cfg.pkt_size;
	int off = PKT_HDRS_LEN;

	if (st->rp.n) {
		int32_t *holds = &st->frame_holds[addr / st->umem->frame_size];

		k = st->next_replay;
		st->next_replay = k + 1 == st->rp.n ? 0 : k + 1;
		len = st->rp.f.len[k];
		off = st->rp.stamp_off[k];
		if (*holds != (int32_t)k) {
			memcpy(f, st->rp.f.data[k], len);
			*holds = (int32_t)k;
		}
		if (off < 0)
			return len;
	}
	/* Without timestamps the sequence still goes out: the sink tells every frame apart. */
	pkt_stamp_at(f, (size_t)off, sock, fl->seq++, st->cfg.no_timestamp ? 0 : tx_ns);
	return len;
}

/* Submit up to n frames on socket i; returns how many went on the TX ring. */
static uint32_t send_batch(struct gen_state *st, unsigned int i, uint32_t n)
{
	struct xsk_sock *s = xsk_set_sock(st->set, i);
	struct gen_flow *fl = &st->flows[i];
	uint32_t idx, j, room = fl->mask + 1 - (fl->head - fl->tail);
	uint64_t tx_ns;

	if (n > room)
		n = room;
	if (n > st->umem->pool.n)
		n = st->umem->pool.n;
	if (!n)
		return 0;
	n = xsk_ring_prod__reserve(&s->tx, n, &idx);
	if (!n)
		return 0;
	tx_ns = now_ns();
	for (j = 0; j < n; j++) {
		struct xdp_desc *d = xsk_ring_prod__tx_desc(&s->tx, idx + j);
		uint64_t addr = 0; /* pool_get cannot fail: n <= pool size */

		pool_get(&st->umem->pool, &addr);
		d->addr = addr;
		d->len = prepare_frame(st, i, addr, tx_ns);
		d->options = 0;
		xsk_sock_tx_give(s, addr, d->len);
		fl->lens[fl->head++ & fl->mask] = (uint16_t)d->len;
	}
	xsk_ring_prod__submit(&s->tx, n);
	s->tx_outstanding += n;
	if (!st->t_first)
		st->t_first = tx_ns;
	st->submitted += n;
	return n;
}

/*
 * Kick only while the TX ring still holds descriptors the kernel has not
 * taken: a kick on an empty ring costs a syscall and bumps tx_ring_empty.
 */
static void kick(struct gen_state *st, struct xsk_sock *s)
{
	if (s->tx.cached_prod == __atomic_load_n(s->tx.consumer, __ATOMIC_ACQUIRE))
		return;
	xsk_sock_kick_tx(s);
	/* The socket has no device any more: sending is over (gen_should_stop). */
	if (s->tx_errno == ENXIO || s->tx_errno == ENETDOWN || s->tx_errno == ENODEV)
		st->device_errno = s->tx_errno;
}

static uint32_t complete(struct gen_state *st, unsigned int i)
{
	struct xsk_sock *s = xsk_set_sock(st->set, i);
	struct gen_flow *fl = &st->flows[i];
	uint32_t n = xsk_sock_complete(s, st->cfg.xsk.ring_size);

	for (uint32_t j = 0; j < n; j++)
		st->bytes += fl->lens[fl->tail++ & fl->mask];
	fl->completed += n;
	st->completed += n;
	return n;
}

/*
 * Token bucket over all sockets. The burst must cover what accrues during one
 * loop iteration (in copy mode the kick transmits synchronously, so a batch
 * takes a while) and an oversleep, or the rate settles below the target.
 */
#define RATE_BURST_NS (10 * 1000000ULL)

struct bucket {
	double tokens, per_ns, burst;
	uint64_t last;
};

static uint64_t bucket_take(struct bucket *b, uint64_t now)
{
	b->tokens += (double)(now - b->last) * b->per_ns;
	b->last = now;
	if (b->tokens > b->burst)
		b->tokens = b->burst;
	return b->tokens >= 1 ? (uint64_t)b->tokens : 0;
}

static void bucket_wait(const struct bucket *b)
{
	double wait = (1 - b->tokens) / b->per_ns;
	struct timespec ts;

	if (wait < RATE_SLEEP_MIN_NS)
		return;
	if (wait > 1e6)
		wait = 1e6; /* stay responsive: completions, the meter, signals */
	wait -= RATE_SLEEP_MIN_NS / 2;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)wait;
	nanosleep(&ts, NULL);
}

/*
 * Frames to send: --count, or with a --rate and a --duration exactly their
 * product (the duration then bounds a rate the machine cannot reach).
 */
static uint64_t gen_count(const struct gen_cfg *c)
{
	if (c->count)
		return c->count;
	return c->rate && c->tool.duration ? c->rate * c->tool.duration : 0;
}

/* Whether sending is over, and why (st->stop). */
static bool gen_should_stop(struct gen_state *st, uint64_t now, uint64_t end, uint64_t count)
{
	if (stop_requested)
		st->stop = "signal";
	else if (st->device_errno)
		st->stop = "device";
	else if (count && st->submitted >= count)
		st->stop = "count";
	else if (end && now >= end)
		st->stop = "duration";
	return st->stop != NULL;
}

static void gen_loop(struct gen_state *st, struct meter *m)
{
	const struct gen_cfg *c = &st->cfg;
	uint64_t now = now_ns(), end = c->tool.duration ? now + c->tool.duration * NSEC_PER_SEC : 0;
	/* One token to start with: the first frame goes at once, the R x D-th at D - 1/R. */
	struct bucket b = {.per_ns = (double)c->rate / NSEC_PER_SEC, .last = now, .tokens = 1};
	uint64_t count = gen_count(c);
	unsigned int start = 0, next, k;

	b.burst = b.per_ns * RATE_BURST_NS;
	if (b.burst < (double)st->burst * st->nsocks)
		b.burst = (double)st->burst * st->nsocks;
	for (;;) {
		uint64_t budget = UINT64_MAX;

		now = now_ns();
		if (gen_should_stop(st, now, end, count))
			break;
		if (c->rate) {
			budget = bucket_take(&b, now);
			if (!budget)
				bucket_wait(&b);
		}
		if (count && count - st->submitted < budget)
			budget = count - st->submitted;
		/* The next round starts after the last flow that sent: a small budget
		 * reaches every flow in turn. */
		for (k = 0, next = start; k < st->nsocks; k++) {
			unsigned int i = (start + k) % st->nsocks;
			uint32_t n = budget < st->burst ? (uint32_t)budget : st->burst;

			if (complete(st, i))
				st->t_last = now;
			if (n) {
				n = send_batch(st, i, n);
				budget -= n;
				b.tokens -= n;
				if (n)
					next = i + 1 == st->nsocks ? 0 : i + 1;
			}
			kick(st, xsk_set_sock(st->set, i));
		}
		start = next;
		meter_tick(m, now, st->completed, st->bytes);
	}
	st->stop_ns = now_ns();
	/* Wait (bounded) for the kernel to complete what was submitted. */
	end = st->stop_ns + DRAIN_TIMEOUT_NS;
	while (st->completed < st->submitted && (now = now_ns()) < end) {
		for (k = 0; k < st->nsocks; k++) {
			if (complete(st, k))
				st->t_last = now;
			kick(st, xsk_set_sock(st->set, k));
		}
	}
	if (st->completed < st->submitted)
		pr_warn("%" PRIu64 " frames still not completed after %.1f s\n",
			st->submitted - st->completed, (double)DRAIN_TIMEOUT_NS / NSEC_PER_SEC);
}

/*
 * Flows the kernel completed frames of, stamped ones among them: the flows the
 * sink must see (a replayed frame without a stamp names no flow).
 */
static uint64_t flows_sent(const struct gen_state *st)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < st->nsocks; i++)
		n += st->flows[i].completed > 0 && st->flows[i].seq > 0;
	return n;
}

static void gen_report(struct gen_state *st, struct report *r, double secs)
{
	report_u64(r, "packets", st->completed);
	report_u64(r, "bytes", st->bytes);
	report_f64(r, "pps", secs > 0 ? (double)st->completed / secs : 0);
	report_f64(r, "duration_s", secs);
	report_u64(r, "submitted", st->submitted);
	report_u64(r, "uncompleted", st->submitted - st->completed);
	report_str(r, "stop", st->stop ? st->stop : "unknown");
	if (st->stop && !strcmp(st->stop, "device"))
		report_str(r, "stop_detail", strerror(st->device_errno));
	report_f64(r, "worked_s",
		   st->stop_ns > st->ready_ns ? (double)(st->stop_ns - st->ready_ns) / NSEC_PER_SEC
					      : 0);
	report_u64(r, "flows", st->nsocks);
	report_u64(r, "flows_sent", flows_sent(st));
	report_u64(r, "pkt_size", st->rp.n ? 0 : st->cfg.pkt_size);
	report_u64(r, "rate_pps", st->cfg.rate);
	report_u64(r, "timestamps", !st->cfg.no_timestamp);
	report_u64(r, "umem_frames", st->plan.frames);
	report_u64(r, "umem_frames_per_socket", st->plan.per_sock);
	report_u64(r, "umem_cap", st->cfg.xsk.umem_cap);
	report_u64(r, "burst", st->burst);
	report_f64(r, "setup_s", (double)(st->ready_ns - st->start_ns) / NSEC_PER_SEC);
	tool_report_set(st->set, r);
}

/* Names that do not exist are bad input (exit 2); anything else is EXIT_SETUP. */
static int open_sockets(struct gen_state *st)
{
	unsigned int i;
	int err;

	/* Sent frames complete in the send call (copy mode): few are in flight. */
	st->set = tool_xsk_set(
	    &st->cfg.ports, &st->cfg.xsk,
	    (struct xsk_set_cfg){.shared_umem = true, .tx = true, .need_wakeup = true}, &st->plan);
	if (!st->set) {
		fprintf(stderr, "gen: out of memory\n");
		return EXIT_SETUP;
	}
	err = tool_open_sockets(st->set);
	if (err)
		return err;
	st->nsocks = xsk_set_nsocks(st->set);
	st->umem = xsk_set_sock(st->set, 0)->umem;
	st->burst = st->cfg.xsk.umem_cap / GEN_ROUND_SHARE / st->nsocks;
	st->burst = st->burst > st->cfg.xsk.batch ? st->cfg.xsk.batch : st->burst ? st->burst : 1;
	st->flows = calloc(st->nsocks, sizeof(*st->flows));
	if (!st->flows)
		return EXIT_SETUP;
	for (i = 0; i < st->nsocks; i++) {
		st->flows[i].mask = 2 * st->cfg.xsk.ring_size - 1;
		st->flows[i].lens = calloc(2 * st->cfg.xsk.ring_size, sizeof(uint16_t));
		if (!st->flows[i].lens)
			return EXIT_SETUP;
	}
	if (prebuild_frames(st))
		return EXIT_SETUP;
	return EXIT_PASS;
}

/* The frame size and the capture: values that depend on each other. */
static int check_cfg(void *arg)
{
	struct gen_state *st = arg; /* the config is its first member */

	if (st->cfg.pkt_size > st->cfg.xsk.frame_size) {
		fprintf(stderr, "gen: bad --pkt-size '%u': more than the %u-byte --frame-size\n",
			st->cfg.pkt_size, st->cfg.xsk.frame_size);
		return -EINVAL;
	}
	if (st->cfg.pcap && replay_load(&st->rp, st->cfg.pcap, st->cfg.xsk.frame_size, true))
		return -EINVAL;
	return 0;
}

static const struct tool_def gen_tool = {
    .name = "gen",
    .summary = GEN_SUMMARY,
    .rows = gen_opts,
    .check = check_cfg,
};

static int cmd_gen(int argc, char **argv)
{
	struct gen_state st = {.cfg = {.tool = TOOL_OPTS_DEFAULT,
				       .xsk = TOOL_XSK_OPTS_DEFAULT,
				       .pkt_size = PKT_MIN_LEN}};
	struct tool t;
	struct meter m;
	double secs;
	int ret;

	ret = tool_begin(&t, &gen_tool, &st, &st.cfg.tool, argc, argv);
	if (ret >= 0)
		goto out;
	st.start_ns = t.start_ns;
	ret = open_sockets(&st);
	if (ret != EXIT_PASS)
		goto out;
	if (st.rp.n)
		pr_info("%u sockets up; replaying %u frames of '%s'\n", st.nsocks, st.rp.n,
			st.cfg.pcap);
	else
		pr_info("%u sockets up; sending %u-byte frames%s\n", st.nsocks, st.cfg.pkt_size,
			st.cfg.no_timestamp ? " without stamps" : "");
	st.ready_ns = now_ns();
	tool_ready(&t);
	meter_init(&m, "gen_tx", t.csv, now_ns());
	gen_loop(&st, &m);
	secs = st.t_last > st.t_first ? (double)(st.t_last - st.t_first) / NSEC_PER_SEC : 0;
	pr_info("sent %'" PRIu64 " frames (%'" PRIu64 " bytes) in %.2f s: %'.0f pps\n",
		st.completed, st.bytes, secs, secs > 0 ? (double)st.completed / secs : 0);
	gen_report(&st, &t.rep, secs);
	ret = xsk_set_check_pools(st.set) ? EXIT_SETUP : EXIT_PASS;
out:
	xsk_set_free(st.set);
	if (st.flows)
		for (unsigned int i = 0; i < st.nsocks; i++)
			free(st.flows[i].lens);
	free(st.flows);
	free(st.frame_holds);
	replay_free(&st.rp);
	return tool_end(&t, ret);
}

const struct command command_gen = {"gen", cmd_gen, GEN_SUMMARY};
