// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * One scenario: build the namespaces, start sink and forwarder, wait until
 * both are ready, send, drain, stop, collect the tools' reports and the
 * kernel's drop counters, judge, and tear everything down on every path.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fwd_cmd.h"
#include "judge.h"
#include "log.h"
#include "memest.h"
#include "opts.h"
#include "outfile.h"
#include "pass_reason.h"
#include "records.h"
#include "run.h"
#include "spawn.h"
#include "topo.h"
#include "umem_judge.h"
#include "util.h"

#define READY_TIMEOUT_MS 20000
#define STOP_GRACE_MS	 5000
#define DRAIN_MS	 300
#define WATCH_STEP_MS	 20

static const char *const tool_names[NTOOLS] = {"sink", "forwarder", "generator"};

/* A growing argv for one tool; argv_reset() frees the copied strings. */
struct argv_builder {
	char **v;
	int n, cap;
	bool failed; /* out of memory: the command line is incomplete and must not run */
};

static void arg(struct argv_builder *b, const char *s)
{
	char *copy;

	if (b->failed)
		return;
	if (b->n + 2 > b->cap) {
		int cap = b->cap ? 2 * b->cap : 32;
		char **v = realloc(b->v, (size_t)cap * sizeof(*v));

		if (!v) {
			b->failed = true;
			return;
		}
		b->v = v;
		b->cap = cap;
	}
	copy = strdup(s);
	if (!copy) {
		b->failed = true;
		return;
	}
	b->v[b->n++] = copy;
	b->v[b->n] = NULL;
}

static void argv_reset(struct argv_builder *b)
{
	while (b->n > 0)
		free(b->v[--b->n]);
	free(b->v);
	*b = (struct argv_builder){0};
}

static void arg_u64(struct argv_builder *b, const char *opt, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	arg(b, opt);
	arg(b, buf);
}

static void arg_path(struct argv_builder *b, const char *opt, const char *dir, const char *file)
{
	char buf[PATH_MAX + 64];

	snprintf(buf, sizeof(buf), "%s/%s", dir, file);
	arg(b, opt);
	arg(b, buf);
}

static void arg_ports(struct argv_builder *b, const struct port_list *pl)
{
	char buf[300];

	for (unsigned int i = 0; i < pl->n; i++) {
		snprintf(buf, sizeof(buf), "%s:%s:%u", pl->v[i].netns, pl->v[i].dev,
			 pl->v[i].queues);
		arg(b, "--port");
		arg(b, buf);
	}
}

static void arg_cpu(struct argv_builder *b, uint32_t cpu)
{
	if (cpu != OPT_NONE)
		arg_u64(b, "--cpu", cpu);
}

static int make_run_dir(const struct run_cfg *cfg, const struct scenario *sc,
			struct run_outcome *out)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];

	gmtime_r(&now, &tm);
	strftime(out->started_utc, sizeof(out->started_utc), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (mkdir(cfg->results, 0755) && errno != EEXIST)
		return -errno;
	for (int n = 0; n < 100; n++) {
		snprintf(out->run_id, sizeof(out->run_id), n ? "%s-%s-%d-%d" : "%s-%s-%d", sc->name,
			 stamp, (int)getpid(), n);
		/* One line per folder in any listing: the exact name is in result.json. */
		for (char *c = out->run_id; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '_';
		snprintf(out->dir, sizeof(out->dir), "%s/%s", cfg->results, out->run_id);
		if (!mkdir(out->dir, 0755))
			return 0;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

/*
 * results/latest -> this run, replaced atomically. Only a link is replaced:
 * a file or folder of that name is someone's (run.c refuses it up front).
 */
static void point_latest(const struct run_cfg *cfg, const struct run_outcome *out)
{
	char tmp[PATH_MAX + 32], link[PATH_MAX + 16];
	struct stat st;

	snprintf(tmp, sizeof(tmp), "%s/.latest.%d", cfg->results, (int)getpid());
	snprintf(link, sizeof(link), "%s/latest", cfg->results);
	if (!lstat(link, &st) && !S_ISLNK(st.st_mode)) {
		pr_warn("%s is not a link: left as it is, not pointed at this run\n", link);
		return;
	}
	unlink(tmp);
	if (symlink(out->run_id, tmp) || rename(tmp, link)) {
		pr_warn("cannot point %s at this run: %s\n", link, strerror(errno));
		unlink(tmp);
	}
}

static void fail(struct run_outcome *out, enum verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The run's verdict, raised by the same rule as every check's (check.h). */
static void fail(struct run_outcome *out, enum verdict v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verdict_vraise(&out->result, v, fmt, ap);
	va_end(ap);
}

static void load_report(const struct run_outcome *out, const char *file, struct kvlist *kv)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/%s", out->dir, file);
	if (kv_load(path, kv))
		memset(kv, 0, sizeof(*kv));
}

/* One stage's rows in stats.csv: what they add up to, and where the last one ended. */
struct stage_rows {
	const char *stage;
	int tool;
	uint64_t packets, bytes;	     /* the sums of its rows so far */
	double last_s;			     /* the end of its last row, from the tool's start */
	uint64_t total_packets, total_bytes; /* the tool's report */
	bool have_total;
};

/* The totals the tools reported, which the rows must add up to (result.json has them). */
static void stage_totals(const struct run_outcome *o, struct stage_rows st[4])
{
	uint64_t rx = kv_u64(&o->fwd, "rx_packets", 0), tx = kv_u64(&o->fwd, "tx_packets", 0);
	uint64_t rx_bytes = kv_u64(&o->fwd, kv_get(&o->fwd, "rx_bytes") ? "rx_bytes" : "bytes", 0);

	st[0] =
	    (struct stage_rows){"gen_tx", TOOL_GEN, .total_packets = kv_u64(&o->gen, "packets", 0),
				.total_bytes = kv_u64(&o->gen, "bytes", 0), .have_total = o->gen.n};
	st[1] = (struct stage_rows){"fwd_rx", TOOL_FWD, .total_packets = rx,
				    .total_bytes = rx_bytes, .have_total = o->fwd.n};
	/* The AF_XDP forwarder reports no tx bytes: its frames are those it received. */
	st[2] = (struct stage_rows){"fwd_tx", TOOL_FWD, .total_packets = tx,
				    .total_bytes = kv_get(&o->fwd, "tx_bytes")
						       ? kv_u64(&o->fwd, "tx_bytes", 0)
						   : rx ? (uint64_t)((double)rx_bytes / rx * tx)
							: 0,
				    .have_total = o->fwd.n};
	st[3] = (struct stage_rows){
	    "sink_rx", TOOL_SINK, .total_packets = kv_u64(&o->sink, "rx_frames", 0),
	    .total_bytes = kv_u64(&o->sink, "rx_bytes", 0), .have_total = o->sink.n};
}

/* Copy a tool's rows, adding each to its stage's sums. */
static void copy_rows(FILE *src, FILE *dst, struct stage_rows st[4])
{
	char line[256], stage[16];
	unsigned int t;
	uint64_t packets, bytes;
	double pps, interval;

	while (fgets(line, sizeof(line), src)) {
		fputs(line, dst);
		if (sscanf(line, "%u,%15[^,],%" SCNu64 ",%lf,%" SCNu64 ",%lf", &t, stage, &packets,
			   &pps, &bytes, &interval) != 6)
			continue;
		for (int i = 0; i < 4; i++) {
			if (strcmp(stage, st[i].stage))
				continue;
			st[i].packets += packets;
			st[i].bytes += bytes;
			st[i].last_s += interval;
		}
	}
}

/*
 * The last, partial interval of a stage: from its last row (or the tool being
 * ready) to the tool's end, with what the report counted beyond the rows. The
 * rows then add up to the report's totals.
 */
static void tail_row(FILE *dst, const struct run_outcome *o, struct stage_rows *s)
{
	uint64_t start = o->ready_ns[s->tool], end = o->end_ns[s->tool];
	double from, to, len;
	uint64_t packets, bytes;

	if (!s->have_total || !end || !start || !o->epoch_ns || s->total_packets < s->packets)
		return;
	/* Rows are laid end to end from the tool's meter start, about when it was ready. */
	from = (double)((start > o->epoch_ns ? start - o->epoch_ns : 0)) / NSEC_PER_SEC + s->last_s;
	to = (double)(end > o->epoch_ns ? end - o->epoch_ns : 0) / NSEC_PER_SEC;
	len = to > from ? to - from : 0;
	packets = s->total_packets - s->packets;
	bytes = s->total_bytes > s->bytes ? s->total_bytes - s->bytes : 0;
	if (!packets && len < 0.001)
		return;
	fprintf(dst, "%u,%s,%" PRIu64 ",%.0f,%" PRIu64 ",%.3f\n", (unsigned int)(to + 0.5),
		s->stage, packets, len > 0 ? (double)packets / len : 0, bytes, len);
}

/*
 * stats.csv: the tools' rows under one header, each stage ending with its
 * partial last interval; then the tools' files go.
 */
static void merge_csv(const struct run_outcome *out)
{
	static const char *const parts[] = {"gen.csv", "fwd.csv", "sink.csv"};
	static const int first[] = {0, 1, 3}, count[] = {1, 2, 1};
	char path[PATH_MAX + 16];
	struct stage_rows st[4];
	struct outfile of;
	FILE *dst;
	int err;

	snprintf(path, sizeof(path), "%s/stats.csv", out->dir);
	err = outfile_open(&of, path);
	if (err) {
		pr_warn("cannot write %s: %s\n", path, strerror(-err));
		return;
	}
	dst = of.f;
	stage_totals(out, st);
	fputs("t_s,stage,interval_packets,pps,interval_bytes,interval_s\n", dst);
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		FILE *src;

		snprintf(path, sizeof(path), "%s/%s", out->dir, parts[i]);
		src = fopen(path, "r");
		if (!src)
			continue;
		copy_rows(src, dst, st);
		fclose(src);
		for (int k = first[i]; k < first[i] + count[i]; k++)
			tail_row(dst, out, &st[k]);
	}
	/* Written whole or not at all, like result.json; the tools' files go once it is. */
	err = outfile_commit(&of);
	if (err) {
		pr_warn("cannot write %s/stats.csv: %s\n", out->dir, strerror(-err));
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		snprintf(path, sizeof(path), "%s/%s", out->dir, parts[i]);
		unlink(path);
	}
}

static uint64_t tool_sum(const struct run_outcome *o, const char *key)
{
	return kv_u64(&o->gen, key, 0) + kv_u64(&o->fwd, key, 0) + kv_u64(&o->sink, key, 0);
}

/*
 * With our AF_XDP forwarder, whose counts say what it received and sent, the
 * ledger balances each hop on its own. A veth counts a frame its peer could
 * not queue as the sender's tx_dropped, a failed XDP redirect (a full or empty
 * AF_XDP ring) as its own rx_dropped.
 */
static void ledger_by_hop(const struct scenario *sc, const struct run_cfg *cfg,
			  const struct run_outcome *o, struct traffic_counts *t)
{
	const struct veth_role_counts *r = o->veth.role;
	uint64_t fwd_rx = kv_u64(&o->fwd, "rx_packets", 0),
		 fwd_tx = kv_u64(&o->fwd, "tx_packets", 0);

	t->by_hop = !sc->fwd_cmd[0] && !sc->fwd_none && !strcmp(cfg->forwarder, "xsk") &&
		    kv_get(&o->fwd, "rx_packets") && kv_get(&o->fwd, "tx_packets");
	if (!t->by_hop)
		return;
	t->hops[HOP_TO_FWD] =
	    (struct hop_ledger){.in = t->sent,
				.out = fwd_rx,
				.counted = r[VETH_GEN].tx_dropped + r[VETH_FWD_IN].rx_dropped +
					   kv_u64(&o->fwd, "xdp.passed", 0),
				.in_flight = kv_u64(&o->fwd, "rx_ring_pending", 0)};
	t->hops[HOP_IN_FWD] = (struct hop_ledger){
	    .in = fwd_rx, .out = fwd_tx, .counted = kv_u64(&o->fwd, "copy_drops", 0)};
	t->hops[HOP_TO_SINK] =
	    (struct hop_ledger){.in = fwd_tx,
				.out = t->received,
				.counted = r[VETH_FWD_OUT].tx_dropped + r[VETH_SINK].rx_dropped +
					   kv_u64(&o->sink, "xdp.passed", 0),
				.in_flight = kv_u64(&o->fwd, "tx_uncompleted", 0) +
					     kv_u64(&o->sink, "rx_ring_pending", 0)};
}

/* How the generator's sending ended, as it reported it. */
static void gen_run_of(const struct scenario *sc, const struct run_outcome *o, struct gen_run *g)
{
	*g = (struct gen_run){.stop = kv_get(&o->gen, "stop"),
			      .detail = kv_get(&o->gen, "stop_detail"),
			      .worked_s = kv_f64(&o->gen, "worked_s", 0),
			      .planned_s = sc->duration_s};
}

/* The counts the verdict is taken from, as the tools reported them. */
static void counts_of(const struct scenario *sc, const struct run_cfg *cfg,
		      const struct run_outcome *o, struct run_counts *c)
{
	c->have_gen = o->gen.n;
	c->have_sink = o->sink.n;
	gen_run_of(sc, o, &c->gen);
	/* The sink's packets: stamped frames, and a replayed capture's known by content. */
	c->traffic = (struct traffic_counts){
	    .sent = kv_u64(&o->gen, "packets", 0),
	    .received = kv_u64(&o->sink, "packets", 0),
	    .duplicates = kv_u64(&o->sink, "duplicates", 0),
	    .misdelivered = kv_u64(&o->sink, "misdelivered", 0),
	    .in_flight = kv_u64(&o->fwd, "rx_ring_pending", 0) +
			 kv_u64(&o->fwd, "tx_uncompleted", 0) +
			 kv_u64(&o->sink, "rx_ring_pending", 0),
	    .flows_expected = (unsigned int)kv_u64(&o->gen, "flows_sent", 0),
	    .flows_seen = (unsigned int)kv_u64(&o->sink, "flows_seen", 0),
	};
	c->drops = (struct drop_counts){
	    .xsk_rx_dropped = tool_sum(o, "xsk.rx_dropped"),
	    .xsk_rx_ring_full = tool_sum(o, "xsk.rx_ring_full"),
	    .xsk_rx_invalid = tool_sum(o, "xsk.rx_invalid"),
	    .xsk_tx_invalid = tool_sum(o, "xsk.tx_invalid"),
	    .xdp_passed = tool_sum(o, "xdp.passed"),
	    .copy_drops = kv_u64(&o->fwd, "copy_drops", 0),
	    .veth_rx_dropped = o->veth.rx_dropped,
	    .veth_tx_dropped = o->veth.tx_dropped,
	};
	if (o->have_cmd_xsk) {
		c->drops.xsk_rx_dropped += o->cmd_xsk.rx_dropped;
		c->drops.xsk_rx_ring_full += o->cmd_xsk.rx_ring_full;
		c->drops.xsk_rx_invalid += o->cmd_xsk.rx_invalid;
		c->drops.xsk_tx_invalid += o->cmd_xsk.tx_invalid;
		c->traffic.in_flight += o->cmd_xsk.rx_pending + o->cmd_xsk.tx_pending;
	}
	ledger_by_hop(sc, cfg, o, &c->traffic);
}

/* Each hop's loss, what its counters explain, and what was in flight at the stop. */
static void say_hops(const struct traffic_counts *t)
{
	char part[NHOPS][160];

	for (int h = 0; h < NHOPS; h++) {
		const struct hop_ledger *l = &t->hops[h];

		if (l->out > l->in)
			snprintf(part[h], sizeof(part[h]), "%'" PRIu64 " more out than in",
				 l->out - l->in);
		else
			snprintf(part[h], sizeof(part[h]),
				 "%'" PRIu64 " (%'" PRIu64 " counted, %'" PRIu64 " in flight)",
				 l->in - l->out, l->counted, l->in_flight);
	}
	pr_info("lost by hop: to the forwarder %s, inside it %s, to the sink %s\n", part[0],
		part[1], part[2]);
}

/*
 * Frames sent but not received, and how much of it the kernel's drop counters
 * explain: a loss they account for is the chain running at its limit, not the bug.
 */
static void say_loss(const struct run_outcome *o)
{
	const struct traffic_counts *t = &o->traffic;
	uint64_t lost = t->sent > t->received ? t->sent - t->received : 0;
	uint64_t unexplained = traffic_unexplained_loss(t);

	if (!t->sent)
		return;
	if (!lost)
		pr_info("lost nothing: %'" PRIu64 " sent, %'" PRIu64 " received\n", t->sent,
			t->received);
	else if (!unexplained)
		pr_info("lost %'" PRIu64 " of %'" PRIu64
			" sent, all counted by the kernel's veth/AF_XDP drop counters\n",
			lost, t->sent);
	else
		pr_info("lost %'" PRIu64 " of %'" PRIu64 " sent: %'" PRIu64
			" counted by the kernel's veth/AF_XDP drop counters, %'" PRIu64
			" unexplained\n",
			lost, t->sent, lost - unexplained, unexplained);
	if (lost && t->by_hop)
		say_hops(t);
}

/* Only our AF_XDP forwarder reports socket records: the kernel's, none and a command do not. */
static bool fwd_has_records(const struct run_cfg *cfg, const struct scenario *sc)
{
	return strcmp(cfg->forwarder, "kernel") && !sc->fwd_cmd[0] && !sc->fwd_none;
}

/*
 * The verdict arithmetic is check.c's judge_run(); this reads its inputs, says the
 * loss, and notes each group of checks on its own (result.json's "checks").
 */
static void judge(const struct scenario *sc, const struct run_cfg *cfg, struct run_outcome *o)
{
	struct run_counts c = {.check_sockets = fwd_has_records(cfg, sc)};
	struct check_result r;
	bool judged;

	if (c.check_sockets) {
		struct check_result s;

		o->nrecs = records_read(&o->fwd, &o->recs);
		c.recs = o->recs;
		c.nrecs = o->nrecs;
		c.fwd_reason = kv_get(&o->fwd, "reason");
		if (o->nrecs)
			check_sockets(o->recs, o->nrecs, &s);
		snprintf(o->check_sockets, sizeof(o->check_sockets), "%s",
			 verdict_name(o->nrecs ? s.verdict : VERDICT_ERROR));
	} else {
		snprintf(o->check_sockets, sizeof(o->check_sockets), "N/A");
		pr_info("socket checks: N/A (%s); the traffic checks apply\n",
			sc->fwd_cmd[0] ? "the forwarder is an external command: no socket records"
				       : "no AF_XDP forwarder sockets in this run");
	}
	/* The UMEM ledgers first: a frame handed over without right may explain a loss. */
	judge_tool_ledgers((const struct kvlist *const[]){&o->gen, &o->fwd, &o->sink}, &o->umem);
	o->umem_judged = true;
	if (o->umem.verdict != VERDICT_PASS)
		fail(o, o->umem.verdict, "%s", o->umem.reason);
	/* netns_teardown, netns_churn: what the forwarder saw of its tenant (fwd_tear.h,
	 * fwd_churn.h). */
	if (kv_get(&o->fwd, "tear_verdict") &&
	    !verdict_parse(kv_get(&o->fwd, "tear_verdict"), &r.verdict) &&
	    r.verdict != VERDICT_PASS)
		fail(o, r.verdict, "tenant teardown: %s", kv_get(&o->fwd, "tear_reason"));
	if (kv_get(&o->fwd, "churn_verdict") &&
	    !verdict_parse(kv_get(&o->fwd, "churn_verdict"), &r.verdict) &&
	    r.verdict != VERDICT_PASS)
		fail(o, r.verdict, "tenant churn: %s", kv_get(&o->fwd, "churn_reason"));
	counts_of(sc, cfg, o, &c);
	judged = judge_run(&c, &r);
	o->traffic = c.traffic; /* result.json shows what the verdict was taken from */
	if (judged) {
		say_loss(o);
		snprintf(o->check_traffic, sizeof(o->check_traffic), "%s", verdict_name(r.verdict));
	}
	if (r.verdict != VERDICT_PASS)
		fail(o, r.verdict, "%s", r.reason);
}

/* A PASS says why it is one: the sockets, then the loss and what explains it. */
static void explain_pass(const struct scenario *sc, const struct run_cfg *cfg,
			 struct run_outcome *o)
{
	struct pass_facts f = {
	    .separate_umem = sc->separate_umem,
	    .forwarder = !strcmp(cfg->forwarder, "kernel") ? "the kernel forwarder (XDP redirect)"
			 : sc->fwd_cmd[0]		   ? "the forwarder command"
			 : sc->fwd_none ? "no forwarder: the generator straight into the sink"
					: NULL,
	    .traffic = &o->traffic,
	    .received_pps = kv_f64(&o->sink, "pps", 0),
	};

	if (fwd_has_records(cfg, sc) && o->nrecs) {
		f.recs = o->recs;
		f.nrecs = o->nrecs;
	}
	pass_reason(&f, o->result.reason, sizeof(o->result.reason));
}

static void build_sink_argv(struct argv_builder *b, const struct run_cfg *cfg,
			    const struct scenario *sc, const struct topo *t, const char *dir)
{
	struct port_list pl;

	topo_sink_ports(t, &pl);
	arg(b, "sink");
	arg_ports(b, &pl);
	arg(b, "--check-flows");
	arg_u64(b, "--ring-size", sc->ring_size);
	arg_u64(b, "--frames-per-socket", sc->frames_per_sock);
	arg_path(b, "--report", dir, "sink.kv");
	arg_path(b, "--csv", dir, "sink.csv");
	arg_path(b, "--latency-csv", dir, "latency.csv");
	if (cfg->pcap) {
		arg(b, "--replayed");
		arg(b, cfg->pcap);
	}
	if (cfg->pcap_out) {
		arg_path(b, "--pcap-out", dir, "sink.pcap");
		arg_u64(b, "--pcap-count", cfg->pcap_out);
	}
	if (!cfg->spin)
		arg(b, "--poll");
	if (cfg->busy_poll)
		arg(b, "--busy-poll");
	arg_cpu(b, cfg->cpu_sink);
}

/* netns_reuse: the held socket, and what happens to its port (netns_reuse.h). */
static void arg_hold(struct argv_builder *b, const struct netns_reuse *r)
{
	char buf[NETNS_REUSE_NAME + 20];

	if (!r->kind)
		return;
	snprintf(buf, sizeof(buf), "%s:%s", r->held, r->held_dev);
	arg(b, "--hold");
	arg(b, buf);
	arg(b, "--hold-then");
	arg(b, scenario_netns_reuse_kinds[r->kind]);
	if (r->kind == NETNS_REUSE_MOVE_DEVICE) {
		arg(b, "--hold-away");
		arg(b, r->away);
	}
}

/*
 * netns_teardown: the tenant, torn down half way through the traffic.
 * netns_churn: a third of it on the UMEM per cycle; the rest is the cycles'
 * own work (a new namespace waits for the old one's cleanup: about 1 s here).
 */
static void arg_tenant(struct argv_builder *b, const struct netns_reuse *r,
		       const struct scenario *sc)
{
	if (!r->tenant[0])
		return;
	arg(b, sc->netns_churn ? "--churn" : "--tenant");
	arg(b, r->tenant);
	if (!sc->netns_churn) {
		arg_u64(b, "--tear-after-ms", sc->duration_s * 500);
		return;
	}
	arg_u64(b, "--churn-cycles", sc->netns_churn);
	arg_u64(b, "--churn-ms", sc->duration_s * 1000 / 3 / sc->netns_churn ?: 1);
}

static void build_fwd_argv(struct argv_builder *b, const struct run_cfg *cfg,
			   const struct scenario *sc, const struct topo *t, const char *dir)
{
	bool kernel = !strcmp(cfg->forwarder, "kernel");
	struct port_list pl;

	topo_fwd_ports(t, &pl);
	arg(b, kernel ? "kfwd" : "fwd");
	arg_ports(b, &pl);
	arg_path(b, "--report", dir, "fwd.kv");
	arg_path(b, "--csv", dir, "fwd.csv");
	arg_cpu(b, cfg->cpu_fwd);
	if (kernel)
		return;
	arg_u64(b, "--ring-size", sc->ring_size);
	arg_u64(b, "--frames-per-socket", sc->frames_per_sock);
	if (cfg->batch != OPT_NONE)
		arg_u64(b, "--batch", cfg->batch);
	if (sc->separate_umem)
		arg(b, "--separate-umem");
	if (sc->emulate_no_netns_cookie)
		arg(b, "--emulate-no-netns-cookie");
	arg_hold(b, &t->reuse);
	arg_tenant(b, &t->reuse, sc);
	if (sc->retry_after_failed_bind)
		arg(b, "--retry-after-failed-bind");
	if (!cfg->spin)
		arg(b, "--poll");
	if (cfg->busy_poll)
		arg(b, "--busy-poll");
	if (cfg->fwd_fault) {
		arg(b, "--fault");
		arg(b, cfg->fwd_fault);
	}
}

static void build_gen_argv(struct argv_builder *b, const struct run_cfg *cfg,
			   const struct scenario *sc, const struct topo *t, const char *dir)
{
	struct port_list pl;

	topo_gen_ports(t, &pl);
	arg(b, "gen");
	arg_ports(b, &pl);
	arg_u64(b, "--pkt-size", sc->pkt_size);
	arg_u64(b, "--duration", sc->duration_s);
	arg_u64(b, "--rate", sc->rate_pps);
	arg_u64(b, "--ring-size", sc->ring_size);
	/* The scenario sizes every UMEM of the run, so its memory can be estimated. */
	arg_u64(b, "--frames-per-socket", sc->frames_per_sock);
	arg_path(b, "--report", dir, "gen.kv");
	arg_path(b, "--csv", dir, "gen.csv");
	if (cfg->batch != OPT_NONE)
		arg_u64(b, "--batch", cfg->batch);
	if (cfg->pcap) {
		arg(b, "--pcap");
		arg(b, cfg->pcap);
	}
	if (cfg->no_timestamp)
		arg(b, "--no-timestamp");
	arg_cpu(b, cfg->cpu_gen);
}

/* The lowest MemAvailable seen: the run's real footprint, next to its estimate. */
static void mem_sample(struct run_outcome *out)
{
	uint64_t avail;

	if (mem_available("/proc/meminfo", &avail))
		return;
	if (!out->avail_before)
		out->avail_before = avail;
	if (!out->avail_min || avail < out->avail_min)
		out->avail_min = avail;
}

/* The CPUs a process may run on, as the kernel lists them ("0-1"): "" when unknown. */
static void cpus_allowed(pid_t pid, char *buf, size_t len)
{
	char path[64], line[256];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Cpus_allowed_list: %63s", buf) == 1)
			break;
	fclose(f);
	if (strlen(buf) >= len - 1)
		buf[0] = '\0';
}

/* Start a tool and wait for its "ready"; on failure say why in out (-ESRCH: the caller does). */
static int start_tool(struct child *c, struct argv_builder *b, int tool, struct run_outcome *out)
{
	int err;

	if (b->failed) {
		fail(out, VERDICT_ERROR, "cannot build the %s's command line: out of memory",
		     tool_names[tool]);
		return -ENOMEM;
	}
	err = child_spawn(c, b->v, true);
	if (err) {
		fail(out, VERDICT_ERROR, "cannot start the %s: %s", tool_names[tool],
		     strerror(-err));
		return err;
	}
	err = child_wait_ready(c, READY_TIMEOUT_MS);
	if (!err) {
		out->ready_ns[tool] = now_ns();
		cpus_allowed(c->pid, out->cpus[tool], sizeof(out->cpus[tool]));
	}
	mem_sample(out);
	if (err == -EINTR)
		fail(out, VERDICT_ERROR, "interrupted");
	else if (err == -ETIMEDOUT)
		fail(out, VERDICT_ERROR, "the %s was not ready after %d s", tool_names[tool],
		     READY_TIMEOUT_MS / 1000);
	return err;
}

/* A tool that gave up before it was ready: reap it (a stopped one is ended) and say why. */
static void not_ready(struct child *c, int tool, struct run_outcome *out)
{
	char why[160];

	if (c->stopped || child_wait(c, STOP_GRACE_MS))
		child_stop(c, STOP_GRACE_MS);
	child_describe(c, why, sizeof(why));
	fail(out, VERDICT_ERROR, "the %s %s before it was ready", tool_names[tool], why);
}

/*
 * Until the generator is done, every tool must stay up and running: a dead or
 * stopped tool makes the counts meaningless, so the run ends there as ERROR.
 */
static int watch_traffic(struct child *tools, uint64_t timeout_ms, struct run_outcome *out)
{
	char why[160];

	for (uint64_t waited = 0;; waited += WATCH_STEP_MS) {
		for (int i = 0; i < NTOOLS; i++) {
			enum child_state st = child_poll(&tools[i]);

			if (st == CHILD_RUNNING || !tools[i].pid)
				continue;
			if (i == TOOL_GEN && st == CHILD_GONE && !child_exit_code(&tools[i])) {
				out->end_ns[TOOL_GEN] = now_ns();
				return 0;
			}
			child_describe(&tools[i], why, sizeof(why));
			fail(out, VERDICT_ERROR, "the %s %s during traffic", tool_names[i], why);
			return -ESRCH;
		}
		if (stop_requested) {
			fail(out, VERDICT_ERROR, "interrupted");
			return -EINTR;
		}
		if (waited >= timeout_ms) {
			fail(out, VERDICT_ERROR,
			     "the generator was still running %d s after its "
			     "duration",
			     READY_TIMEOUT_MS / 1000);
			return -ETIMEDOUT;
		}
		if (waited % (5 * WATCH_STEP_MS) == 0)
			mem_sample(out);
		usleep(WATCH_STEP_MS * 1000);
	}
}

/* Every tool that was ready must have ended cleanly, or its numbers mean nothing. */
static void check_health(struct child *tools, struct run_outcome *out)
{
	char why[160];

	for (int i = 0; i < NTOOLS; i++)
		if (tools[i].ready && child_describe(&tools[i], why, sizeof(why)))
			fail(out, VERDICT_ERROR, "the %s %s", tool_names[i], why);
}

/* The tools' common CSV time origin. */
static uint64_t set_epoch(void)
{
	uint64_t now = now_ns();
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, now);
	setenv("XSKNS_EPOCH_NS", buf, 1);
	return now;
}

/* The forwarder gave up before it was ready: a verdict in its report, or an ERROR. */
static void fwd_gave_up(const struct run_cfg *cfg, struct child *fwd, struct run_outcome *out)
{
	int code;

	if (!fwd->stopped)
		child_wait(fwd, STOP_GRACE_MS);
	code = child_exit_code(fwd);
	/* Only the AF_XDP forwarder judges its sockets: BUG, or a setup failure it records. */
	if (strcmp(cfg->forwarder, "kernel") && !fwd->stopped_sig &&
	    (code == EXIT_BUG || code == EXIT_SETUP))
		return;
	not_ready(fwd, TOOL_FWD, out);
}

/* Stop a tool, and note when it ended (the generator may have ended on its own before). */
static void stop_tool(struct child *c, int tool, struct run_outcome *out)
{
	bool was_running = c->pid && !c->reaped;

	child_stop(c, STOP_GRACE_MS);
	if (was_running || (c->pid && !out->end_ns[tool]))
		out->end_ns[tool] = now_ns();
}

/*
 * A forwarder command's own AF_XDP counters and what still waits on its rings,
 * read before it is stopped: its drops are counted, its ring backlog is in flight.
 */
static void peek_cmd_sockets(const struct child *c, struct run_outcome *out)
{
	int err = xsk_peek_pgroup(c->pid, &out->cmd_xsk);

	out->have_cmd_xsk = !err && out->cmd_xsk.sockets;
	if (err)
		pr_warn("cannot read the forwarder command's sockets: %s\n", strerror(-err));
	else if (!out->cmd_xsk.sockets)
		pr_info("the forwarder command holds no AF_XDP socket this harness could read\n");
}

/* Traffic phase; the tools are stopped by the caller on every path. */
static void traffic(const struct run_cfg *cfg, const struct scenario *sc, const struct topo *t,
		    struct child *tools, struct run_outcome *out)
{
	struct argv_builder b = {0};
	char why[512];
	int err;

	/* A command has no ready fd: it is ready once probes cross it, before the sink binds. */
	if (sc->fwd_cmd[0]) {
		err = fwd_cmd_start(cfg, sc, t, &tools[TOOL_FWD], why, sizeof(why));
		mem_sample(out);
		if (err) {
			fail(out, VERDICT_ERROR, "%s", why);
			return;
		}
		out->ready_ns[TOOL_FWD] = now_ns();
		cpus_allowed(tools[TOOL_FWD].pid, out->cpus[TOOL_FWD], sizeof(out->cpus[TOOL_FWD]));
	}
	build_sink_argv(&b, cfg, sc, t, out->dir);
	err = start_tool(&tools[TOOL_SINK], &b, TOOL_SINK, out);
	argv_reset(&b);
	if (err == -ESRCH)
		not_ready(&tools[TOOL_SINK], TOOL_SINK, out);
	if (err)
		return;
	if (!sc->fwd_cmd[0] && !sc->fwd_none) {
		build_fwd_argv(&b, cfg, sc, t, out->dir);
		err = start_tool(&tools[TOOL_FWD], &b, TOOL_FWD, out);
		argv_reset(&b);
		if (err == -ESRCH)
			fwd_gave_up(cfg, &tools[TOOL_FWD], out);
		if (err)
			return;
	}

	build_gen_argv(&b, cfg, sc, t, out->dir);
	err = start_tool(&tools[TOOL_GEN], &b, TOOL_GEN, out);
	argv_reset(&b);
	if (err == -ESRCH)
		not_ready(&tools[TOOL_GEN], TOOL_GEN, out);
	if (err)
		return;
	if (watch_traffic(tools, sc->duration_s * 1000 + READY_TIMEOUT_MS, out))
		return;
	usleep(DRAIN_MS * 1000); /* frames still on the wire reach the sink */
	if (sc->fwd_cmd[0]) {
		pr_debug("forwarder command drained in %d ms\n",
			 fwd_cmd_drain(t->inner_ns[0], "inner", STOP_GRACE_MS));
		peek_cmd_sockets(&tools[TOOL_FWD], out);
	}
	mem_sample(out);
}

/*
 * A generator that reported stopping early (a signal, its device gone) is the
 * cause of what else went wrong (a veth that vanished with its device): its
 * reason comes first.
 */
static void gen_ended_early(const struct scenario *sc, struct run_outcome *out)
{
	struct gen_run g;
	struct check_result r;

	if (!out->gen.n || out->result.verdict != VERDICT_PASS)
		return;
	gen_run_of(sc, out, &g);
	check_generator(&g, &r);
	if (r.verdict != VERDICT_PASS)
		fail(out, r.verdict, "%s", r.reason);
}

/*
 * The scenario's line: its description, then what the command line changed, so
 * "32 namespace pairs" run with --pairs 8 says so where it is read.
 */
static void say_header(const struct run_cfg *cfg, const struct scenario *sc)
{
	char ovr[512] = "";
	size_t at = 0;

#define OVR(...)                                                                                   \
	do {                                                                                       \
		if (at < sizeof(ovr))                                                              \
			at += (size_t)snprintf(ovr + at, sizeof(ovr) - at, "%s", at ? ", " : "");  \
		if (at < sizeof(ovr))                                                              \
			at += (size_t)snprintf(ovr + at, sizeof(ovr) - at, __VA_ARGS__);           \
	} while (0)
	for (const struct opt_def *d = scenario_rows; d->name; d++) {
		uint64_t v = opt_get_number(d, &cfg->ovr);

		if (v != OPT_NONE && v != OPT_NONE64)
			OVR("%s %" PRIu64 "%s", d->name, v,
			    !strcmp(d->name, "duration") ? " s"
			    : !strcmp(d->name, "rate")
				? (v ? " pps in all" : " (as fast as possible)")
				: "");
	}
	if (cfg->umem)
		OVR("umem %s", cfg->umem);
	if (cfg->emulate)
		OVR("no netns cookie (emulated)");
	if (cfg->forwarder_given)
		OVR("forwarder %s", cfg->forwarder);
	if (cfg->fwd_netns)
		OVR("fwd-netns %s", cfg->fwd_netns);
#undef OVR
	pr_info("%s: %s%s%s%s\n", sc->name, sc->description, at ? " [overridden: " : "", ovr,
		at ? "]" : "");
}

enum verdict run_scenario(const struct run_cfg *cfg, const struct scenario *sc,
			  struct run_outcome *out)
{
	struct child tools[NTOOLS] = {{0}};
	uint64_t t0 = now_ns();
	char err[512], path[PATH_MAX + 32];
	struct topo topo = {0};
	struct mem_shape shape;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(out->check_sockets, sizeof(out->check_sockets), "not run");
	snprintf(out->check_traffic, sizeof(out->check_traffic), "not run");
	env_describe(&out->env);
	scenario_mem_shape(sc, !strcmp(cfg->forwarder, "kernel"), &shape);
	mem_estimate(&shape, &out->mem);
	mem_sample(out);
	ret = make_run_dir(cfg, sc, out);
	if (ret) {
		fail(out, VERDICT_ERROR, "cannot create a run folder in '%s': %s", cfg->results,
		     strerror(-ret));
		return out->result.verdict;
	}
	point_latest(cfg, out);
	say_header(cfg, sc);
	pr_info("results in %s\n", out->dir);

	ret = cfg->skip_reason ? 0 : topo_create(&topo, sc, err, sizeof(err));
	if (cfg->skip_reason) {
		fail(out, VERDICT_SKIP, "%s", cfg->skip_reason);
	} else if (ret) {
		fail(out, VERDICT_ERROR, "building the topology failed: %s", err);
	} else {
		out->epoch_ns = set_epoch();
		traffic(cfg, sc, &topo, tools, out);
	}
	/* Stop in data-path order, so each tool drains what the one before sent. */
	stop_tool(&tools[TOOL_GEN], TOOL_GEN, out);
	if (sc->fwd_cmd[0])
		fwd_cmd_term(&tools[TOOL_FWD]);
	stop_tool(&tools[TOOL_FWD], TOOL_FWD, out);
	if (sc->fwd_cmd[0])
		fwd_cmd_reap(&tools[TOOL_FWD]);
	stop_tool(&tools[TOOL_SINK], TOOL_SINK, out);
	check_health(tools, out);
	load_report(out, "gen.kv", &out->gen);
	load_report(out, "fwd.kv", &out->fwd);
	load_report(out, "sink.kv", &out->sink);
	gen_ended_early(sc, out);
	if (topo.ncreated && topo_veth_counts(&topo, &out->veth, err, sizeof(err)))
		fail(out, VERDICT_ERROR, "%s", err);
	topo_destroy(&topo);
	cost_tools(&topo.cost, tools, NTOOLS);
	out->cost = topo.cost;
	merge_csv(out);
	if (out->result.verdict == VERDICT_PASS)
		judge(sc, cfg, out);
	if (out->result.verdict == VERDICT_PASS)
		explain_pass(sc, cfg, out);
	else if (!out->nrecs)
		out->nrecs = records_read(&out->fwd, &out->recs);

	out->wall_s = (double)(now_ns() - t0) / NSEC_PER_SEC;
	snprintf(path, sizeof(path), "%s/result.json", out->dir);
	ret = result_json_write(path, cfg, sc, out);
	/* A verdict that is not on disk is no verdict: the run is an ERROR saying why. */
	if (ret) {
		if (out->result.verdict != VERDICT_ERROR)
			out->result.reason[0] = '\0';
		fail(out, VERDICT_ERROR, "cannot write %s: %s", path, strerror(-ret));
	}
	return out->result.verdict;
}

void run_outcome_free(struct run_outcome *out)
{
	kv_free(&out->gen);
	kv_free(&out->fwd);
	kv_free(&out->sink);
	free(out->recs);
	out->recs = NULL;
}
