// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The forwarder: ports come in pairs (0<->1, 2<->3, ...); RX of a socket goes
 * out on TX of the socket with the same queue on the peer port. With one
 * shared UMEM the descriptor is handed over as is (no copy): the design that
 * met the bug. With --separate-umem each port has its own UMEM and frames are
 * copied, the design that never did.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "commands.h"
#include "fwd_churn.h"
#include "fwd_hold.h"
#include "fwd_tear.h"
#include "log.h"
#include "memest.h"
#include "meter.h"
#include "opts.h"
#include "records.h"
#include "report.h"
#include "tool.h"
#include "util.h"
#include "xsk_set.h"

#define FWD_SUMMARY "Forward between port pairs over one shared UMEM and check the sockets"

struct fwd_cfg {
	struct port_list ports;
	struct tool_opts tool;
	struct tool_xsk_opts xsk;
	struct tool_rx_opts rx;
	bool separate_umem, emulate, retry_after_failed_bind;
	const char *fault;
	struct fwd_hold hold;
	struct fwd_tear tear;
	struct fwd_churn churn;
};

/*
 * Faults the forwarder can inject, so the traffic rules can be seen to fire:
 * drop and duplicate on the data path, then those the UMEM ledger must catch
 * (enum ledger_fault, in its order: what the ledger is made to see).
 */
enum fault { FAULT_NONE, FAULT_DROP, FAULT_DUPLICATE, FAULT_LEDGER };
/* Their words, in the order of enum fault after FAULT_NONE, then of enum ledger_fault. */
const char *const fwd_fault_kinds[] = {"drop",
				       "duplicate",
				       "forge-rx",
				       "rx-outside-umem",
				       "forge-completion",
				       "double-completion",
				       "completion-off-frame",
				       "app-double-fill",
				       "app-fill-outside-umem",
				       NULL};
#define FAULT_EVERY 32 /* one frame in this many is dropped or sent twice */

#define POLL_AFTER_IDLE_SPINS 64		 /* --poll: idle iterations before sleeping */
#define POLL_TIMEOUT_MS	      10		 /* bounds how late a stop signal is seen */
#define CPU_MARK_FLOWING_NS   (10 * 1000 * 1000) /* frames moved this recently: still flowing */

static const struct opt_def fwd_opts[] = {
    OPT_DEF("port", 'p', OPT_PORTS, struct fwd_cfg, ports,
	    "port; consecutive ports form a forwarding pair", .required = true),
    OPT_DEF("separate-umem", 0, OPT_FLAG, struct fwd_cfg, separate_umem,
	    "one UMEM per port, frames copied between them (control)"),
    OPT_DEF("emulate-no-netns-cookie", 0, OPT_FLAG, struct fwd_cfg, emulate,
	    "make SO_NETNS_COOKIE fail with ENOPROTOOPT (a kernel before 5.14)"),
    OPT_DEF("retry-after-failed-bind", 0, OPT_FLAG, struct fwd_cfg, retry_after_failed_bind,
	    "first create each UMEM's first socket on a queue its device lacks (bind fails), "
	    "then again on its own queue"),
    OPT_DEF("fault", 0, OPT_ENUM, struct fwd_cfg, fault,
	    "drop or duplicate 1 frame in 32 (shared UMEM only), or make the UMEM ledger see a "
	    "forged ring operation 4 times per UMEM (the others)",
	    .values = fwd_fault_kinds),
    OPT_INCLUDE(fwd_hold_rows, struct fwd_cfg, hold),
    OPT_INCLUDE(fwd_tear_rows, struct fwd_cfg, tear),
    OPT_INCLUDE(fwd_churn_rows, struct fwd_cfg, churn),
    OPT_INCLUDE(tool_rx_rows, struct fwd_cfg, rx),
    OPT_INCLUDE(tool_xsk_rows, struct fwd_cfg, xsk),
    OPT_INCLUDE(tool_rows, struct fwd_cfg, tool),
    OPT_END,
};

struct fwd_counters {
	uint64_t rx, tx, rx_bytes, tx_bytes, copy_drops;
	uint64_t faults;
	uint64_t refused; /* RX descriptors the UMEM ledger refused: not forwarded */
};

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/*
 * Move up to batch frames from RX of one socket to TX of another. Only the TX
 * descriptors that will be filled are reserved: with copies, no more than the
 * peer's pool has frames for; the frames beyond that are copy drops.
 */
static uint32_t forward(struct xsk_sock *from, struct xsk_sock *to, uint32_t batch,
			struct fwd_counters *c)
{
	bool same_umem = from->umem == to->umem;
	uint32_t n, fill, rx_idx, tx_idx = 0, i, out = 0;

	if (!from->xsk || !to->xsk)
		return 0; /* closed: its device went away (fwd_tear.h) */
	/* Back-pressure: never take more than the peer's TX ring can hold. */
	n = xsk_ring_cons__peek(&from->rx, min_u32(batch, xsk_prod_nb_free(&to->tx, batch)),
				&rx_idx);
	if (!n)
		return 0;
	fill = same_umem ? n : min_u32(n, to->umem->pool.n);
	if (fill && xsk_ring_prod__reserve(&to->tx, fill, &tx_idx) != fill) {
		xsk_ring_cons__cancel(&from->rx, n);
		return 0;
	}
	for (i = 0; i < n; i++) {
		const struct xdp_desc *in = xsk_ring_cons__rx_desc(&from->rx, rx_idx + i);
		struct xdp_desc *d;
		uint64_t addr = in->addr;

		/* A frame the kernel had no right to hand over (the ledger counted it). */
		if (!xsk_sock_rx_take(from, in->addr, in->len)) {
			c->refused++;
			continue;
		}
		if (out >= fill) {
			c->copy_drops++;
			pool_put(&from->umem->pool, in->addr);
			continue;
		}
		d = xsk_ring_prod__tx_desc(&to->tx, tx_idx + out++);
		if (!same_umem) {
			pool_get(&to->umem->pool, &addr); /* cannot fail: fill <= pool size */
			memcpy(xsk_frame(to, addr), xsk_frame(from, in->addr), in->len);
			pool_put(&from->umem->pool, in->addr);
		}
		xsk_sock_tx_give(to, addr, in->len);
		d->addr = addr;
		d->len = in->len;
		d->options = 0;
		c->rx_bytes += in->len;
		c->tx_bytes += in->len;
	}
	/* The slots reserved for refused frames go back (libxdp has no prod cancel). */
	to->tx.cached_prod -= fill - out;
	xsk_ring_prod__submit(&to->tx, out);
	xsk_ring_cons__release(&from->rx, n);
	to->tx_outstanding += out;
	from->moved += n;
	c->rx += n;
	c->tx += out;
	return n;
}

/*
 * The fault path, one frame at a time and shared UMEM only: a silent drop
 * (the frame goes back to the pool, no counter says so), or a second copy of
 * the frame sent right after the first.
 */
static uint32_t forward_faulty(struct xsk_sock *from, struct xsk_sock *to, enum fault fault,
			       struct fwd_counters *c)
{
	uint32_t rx_idx, tx_idx, copies = 1, k;
	const struct xdp_desc *in;
	uint64_t addr;

	if (!xsk_ring_cons__peek(&from->rx, 1, &rx_idx))
		return 0;
	in = xsk_ring_cons__rx_desc(&from->rx, rx_idx);
	if (c->rx % FAULT_EVERY == FAULT_EVERY - 1)
		copies = fault == FAULT_DROP ? 0 : 2;
	if (copies == 2 && !from->umem->pool.n)
		copies = 1;
	if (copies && xsk_ring_prod__reserve(&to->tx, copies, &tx_idx) != copies) {
		xsk_ring_cons__cancel(&from->rx, 1);
		return 0;
	}
	/* Taken only once it will be forwarded: a cancelled peek is seen again. */
	if (!xsk_sock_rx_take(from, in->addr, in->len)) {
		to->tx.cached_prod -= copies;
		xsk_ring_cons__release(&from->rx, 1);
		c->refused++;
		c->rx++;
		return 1;
	}
	if (!copies)
		pool_put(&from->umem->pool, in->addr);
	for (k = 0; k < copies; k++) {
		struct xdp_desc *out = xsk_ring_prod__tx_desc(&to->tx, tx_idx + k);

		addr = in->addr;
		if (k) {
			pool_get(&from->umem->pool, &addr);
			memcpy(xsk_frame(to, addr), xsk_frame(from, in->addr), in->len);
		}
		xsk_sock_tx_give(to, addr, in->len);
		out->addr = addr;
		out->len = in->len;
		out->options = 0;
	}
	xsk_ring_prod__submit(&to->tx, copies);
	xsk_ring_cons__release(&from->rx, 1);
	to->tx_outstanding += copies;
	c->faults += copies != 1;
	c->rx++;
	c->tx += copies;
	c->rx_bytes += in->len;
	c->tx_bytes += (uint64_t)copies * in->len;
	return 1;
}

struct cpu_mark {
	uint64_t cpu_ns; /* the thread's CPU time then (0: not taken) */
	uint64_t tx;	 /* frames sent by then */
};

struct fwd_state {
	enum fault fault;
	struct fwd_cfg cfg;
	struct xsk_set *set;
	struct xsk_sock **peer; /* peer[i]: the socket that socket i forwards to */
	struct pollfd *pfds;
	unsigned int nsocks; /* the pairs' sockets */
	unsigned int nall;   /* and a tenant's after them (fwd_tear.h), whose frames are apart */
	struct fwd_counters c, tenant_c;
	struct umem_plan plan; /* frames per socket, and the FILL level each socket is kept at */
	unsigned int umems;
	uint64_t first_ns, last_ns;  /* first and last time frames moved: the traffic window */
	uint64_t start_ns, ready_ns; /* started, and all sockets up (0 until then) */
	struct cpu_mark cpu_first, cpu_last; /* this thread's CPU time inside the window */
};

/*
 * The forwarding thread's CPU time (the kernel's per-thread accounting) beside
 * the frames sent by then: CPU time per frame between two marks is what the
 * forwarder costs, which a loaded machine moves much less than it moves pps.
 */
static void cpu_mark(struct cpu_mark *m, uint64_t tx)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	m->cpu_ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
	m->tx = tx;
}

/* NaN (null in result.json) when no whole second of traffic lay between the marks. */
static double cpu_ns_per_frame(const struct fwd_state *st)
{
	if (!st->cpu_first.cpu_ns || st->cpu_last.tx <= st->cpu_first.tx)
		return NAN;
	return (double)(st->cpu_last.cpu_ns - st->cpu_first.cpu_ns) /
	       (double)(st->cpu_last.tx - st->cpu_first.tx);
}

/*
 * Top the FILL ring up to the plan's level, not to the ring's size: with many
 * sockets on one UMEM, the first would otherwise take every frame.
 */
static void refill(struct xsk_sock *s, uint32_t level, uint32_t ring_size)
{
	uint32_t queued = ring_size - xsk_prod_nb_free(&s->fill, ring_size);

	if (queued < level)
		xsk_sock_refill(s, level - queued);
}

static uint32_t fwd_iteration(struct fwd_state *st)
{
	uint32_t moved = 0, i;

	for (i = 0; i < st->nall; i++) {
		struct xsk_sock *s = xsk_set_sock(st->set, i);

		if (i >= st->nsocks)
			forward(s, st->peer[i], st->cfg.xsk.batch, &st->tenant_c);
		else if (st->fault == FAULT_DROP || st->fault == FAULT_DUPLICATE)
			for (uint32_t k = 0; k < st->cfg.xsk.batch; k++)
				moved += forward_faulty(s, st->peer[i], st->fault, &st->c);
		else
			moved += forward(s, st->peer[i], st->cfg.xsk.batch, &st->c);
	}
	for (i = 0; i < st->nall; i++) {
		struct xsk_sock *s = xsk_set_sock(st->set, i);

		if (!s->xsk)
			continue;
		xsk_sock_complete(s, st->cfg.xsk.ring_size);
		xsk_sock_kick_tx(s);
		refill(s, st->plan.fill, st->cfg.xsk.ring_size);
		if (!moved && !st->cfg.rx.no_need_wakeup)
			xsk_sock_kick_rx(s);
	}
	return moved;
}

/* Frames still in an RX ring, or sent to TX and not yet completed by the kernel. */
static bool fwd_pending(void *arg)
{
	struct fwd_state *st = arg;

	for (unsigned int i = 0; i < st->nsocks; i++) {
		struct xsk_sock *s = xsk_set_sock(st->set, i);

		if (s->xsk && (s->tx_outstanding || xsk_cons_nb_avail(&s->rx, 1)))
			return true;
	}
	return false;
}

/* One drain pass: frames that move still belong to the traffic window. */
static uint32_t fwd_drain_pass(void *arg)
{
	struct fwd_state *st = arg;
	uint32_t moved = fwd_iteration(st);

	if (moved)
		st->last_ns = now_ns();
	return moved;
}

static int pair_ports(struct fwd_state *st)
{
	const struct port_list *pl = &st->cfg.ports;
	unsigned int i, base[PORTS_MAX];

	if (pl->n < 2 || pl->n % 2) {
		fprintf(stderr, "fwd: need ports in pairs, got %u --port\n", pl->n);
		return -EINVAL;
	}
	for (i = 0; i < pl->n; i += 2) {
		if (pl->v[i].queues != pl->v[i + 1].queues) {
			fprintf(stderr,
				"fwd: ports '%s:%s' and '%s:%s' have different queue counts\n",
				pl->v[i].netns, pl->v[i].dev, pl->v[i + 1].netns, pl->v[i + 1].dev);
			return -EINVAL;
		}
	}
	base[0] = 0;
	for (i = 1; i < pl->n; i++)
		base[i] = base[i - 1] + pl->v[i - 1].queues;
	/* Only the pairs' sockets forward: a held socket (fwd_hold.h) comes after them. */
	st->nsocks = base[pl->n - 1] + pl->v[pl->n - 1].queues;
	st->nall = st->nsocks + (st->cfg.tear.tenant || st->cfg.churn.ns ? 2 : 0);
	st->peer = calloc(st->nall, sizeof(*st->peer));
	st->pfds = calloc(st->nall, sizeof(*st->pfds));
	if (!st->peer || !st->pfds)
		return -ENOMEM;
	for (i = 0; i < st->nsocks; i++) {
		struct xsk_sock *s = xsk_set_sock(st->set, i);
		unsigned int peer_port = s->port ^ 1;

		st->peer[i] = xsk_set_sock(st->set, base[peer_port] + s->queue);
	}
	for (i = st->nsocks; i < st->nall; i++)
		st->peer[i] = xsk_set_sock(st->set, i ^ 1); /* nsocks is even: pairs */
	return 0;
}

/* Once the sockets exist: what poll() waits on when idle. */
static void watch_sockets(struct fwd_state *st)
{
	for (unsigned int i = 0; i < st->nsocks; i++)
		st->pfds[i] = (struct pollfd){.fd = xsk_set_sock(st->set, i)->fd, .events = POLLIN};
}

/*
 * Spin while frames move. With --poll, an idle forwarder sleeps in poll()
 * after a short spin, so it does not steal the core of a tool it shares it
 * with; poll() on an AF_XDP socket also drives copy-mode TX.
 */
static void fwd_loop(struct fwd_state *st, struct meter *mrx, struct meter *mtx)
{
	uint64_t end = st->cfg.tool.duration ? now_ns() + st->cfg.tool.duration * NSEC_PER_SEC : 0;
	uint64_t now;
	unsigned int spins = 0, idle = 0;

	while (!stop_requested) {
		uint32_t moved = fwd_iteration(st);

		if (st->cfg.tear.tenant)
			fwd_tear_step(&st->cfg.tear, now_ns());
		if (st->cfg.churn.ns)
			fwd_churn_step(&st->cfg.churn, now_ns());
		idle = moved ? 0 : idle + 1;
		/*
		 * The window's ends from every iteration that moved frames: sampled
		 * only every 256th, it lost most of a slow run's window and its rates
		 * came out higher than the frames offered.
		 */
		if (moved) {
			now = now_ns();
			if (!st->first_ns) {
				st->first_ns = now;
				cpu_mark(&st->cpu_first, st->c.tx);
			}
			st->last_ns = now;
		}
		if (++spins % 256 == 0 || !moved) {
			if (!moved)
				now = now_ns();
			if (meter_tick(mrx, now, st->c.rx, st->c.rx_bytes)) {
				meter_tick(mtx, now, st->c.tx, st->c.tx_bytes);
				/* each second frames still flow ends the CPU window */
				if (now - st->last_ns < CPU_MARK_FLOWING_NS)
					cpu_mark(&st->cpu_last, st->c.tx);
			}
			if (end && now >= end)
				break;
		}
		if (st->cfg.rx.poll && idle >= POLL_AFTER_IDLE_SPINS)
			poll(st->pfds, st->nsocks, POLL_TIMEOUT_MS);
	}
	/* Forward what is still in the rings, and see TX completed (util.h). */
	drain(fwd_drain_pass, fwd_pending, st);
}

static void fwd_report(struct fwd_state *st, struct report *r, const struct check_result *res,
		       double secs)
{
	struct xsk_impl_info impl;

	xsk_impl_describe(&impl);
	report_str(r, "xsk_impl", impl.name);
	report_str(r, "xsk_impl_version", impl.version);
	report_str(r, "xsk_impl_path", impl.path);
	report_str(r, "xsk_impl_so_version", impl.so_version);
	report_str(r, "umem", st->cfg.separate_umem ? "separate" : "shared");
	report_u64(r, "umem_frames", st->umems * st->plan.frames);
	report_u64(r, "umem_frames_per_socket", st->plan.per_sock);
	report_u64(r, "fill_frames", st->plan.fill);
	report_u64(r, "umem_cap", st->cfg.xsk.umem_cap);
	/* Sockets, pools and XDP programs: at scale, most of a run's setup. */
	report_f64(r, "setup_s",
		   (double)((st->ready_ns ? st->ready_ns : now_ns()) - st->start_ns) /
		       NSEC_PER_SEC);
	report_str(r, "verdict", verdict_name(res->verdict));
	report_str(r, "reason", res->reason);
	report_u64(r, "rx_packets", st->c.rx);
	report_u64(r, "tx_packets", st->c.tx);
	report_u64(r, "bytes", st->c.rx_bytes);
	report_f64(r, "duration_s", secs);
	report_f64(r, "rx_pps", secs > 0 ? st->c.rx / secs : 0);
	report_f64(r, "tx_pps", secs > 0 ? st->c.tx / secs : 0);
	report_f64(r, "cpu_ns_per_frame", cpu_ns_per_frame(st));
	report_u64(r, "copy_drops", st->c.copy_drops);
	report_u64(r, "rx_ring_pending", xsk_set_rx_pending(st->set));
	report_u64(r, "tx_uncompleted", xsk_set_tx_outstanding(st->set));
	report_u64(r, "faults_injected", st->c.faults);
	report_u64(r, "ledger_refused", st->c.refused);
	fwd_hold_report(&st->cfg.hold, r);
	fwd_tear_finish(&st->cfg.tear, r);
	fwd_churn_finish(&st->cfg.churn, r);
	tool_report_set(st->set, r);
}

/* The option row keeps the table's own word: its place in the table is the fault. */
static int fault_of(const char *kind)
{
	for (int i = 0; kind && fwd_fault_kinds[i]; i++)
		if (kind == fwd_fault_kinds[i])
			return FAULT_DROP + i;
	return FAULT_NONE;
}

static int check_cfg(void *arg)
{
	const struct fwd_cfg *cfg = arg;

	if (fault_of(cfg->fault) >= FAULT_DROP && fault_of(cfg->fault) <= FAULT_DUPLICATE &&
	    cfg->separate_umem) {
		fprintf(stderr, "fwd: bad --fault '%s': shared UMEM only\n", cfg->fault);
		return -EINVAL;
	}
	if (!!cfg->hold.spec + !!cfg->tear.tenant + !!cfg->churn.ns > 1) {
		fprintf(stderr, "fwd: --hold, --tenant and --churn: one at a time\n");
		return -EINVAL;
	}
	return fwd_hold_check(&cfg->hold, &cfg->ports) ?: fwd_tear_check(&cfg->tear, &cfg->ports)
									 ?: fwd_churn_check(&cfg->churn, &cfg->ports);
}

/*
 * A tenant (netns-teardown, netns-churn): the veth ends tenant0 and tenant1 of its
 * namespace, one queue each, after the set's own ports (fwd_tear_check and
 * fwd_churn_check made room).
 */
static void add_tenant_ports(struct port_list *ports, const char *ns)
{
	for (int i = 0; i < 2; i++) {
		struct port_spec *p = &ports->v[ports->n++];

		snprintf(p->netns, sizeof(p->netns), "%s", ns);
		snprintf(p->dev, sizeof(p->dev), "tenant%d", i);
		p->queues = 1;
	}
}

/*
 * Create every socket and judge the records. Returns -1 when all is clean (go
 * on forwarding), else the exit code: a setup failure or the verdict.
 */
static int open_and_check(struct fwd_state *st, struct report *rep, struct check_result *res)
{
	unsigned int n;
	const struct sock_record *recs;
	struct port_list *ports = fwd_hold_ports(&st->cfg.hold, &st->cfg.ports);
	int err;

	if (!ports)
		return EXIT_SETUP;
	if (st->cfg.tear.tenant)
		add_tenant_ports(ports, st->cfg.tear.tenant);
	if (st->cfg.churn.ns)
		add_tenant_ports(ports, st->cfg.churn.ns);
	st->umems = st->cfg.separate_umem ? ports->n : 1;
	st->set = tool_xsk_set(ports, &st->cfg.xsk,
			       (struct xsk_set_cfg){
				   .shared_umem = !st->cfg.separate_umem,
				   .rx = true,
				   .tx = true,
				   .need_wakeup = !st->cfg.rx.no_need_wakeup,
				   .busy_poll = st->cfg.rx.busy_poll,
				   .emulate_no_netns_cookie = st->cfg.emulate,
				   .late_gate = st->cfg.hold.spec ? fwd_hold_gate : NULL,
				   .late_arg = &st->cfg.hold,
				   .retry_after_failed_bind = st->cfg.retry_after_failed_bind,
			       },
			       &st->plan);
	free(ports);
	if (!st->set)
		return EXIT_SETUP;
	st->cfg.hold.set = st->set;
	st->cfg.tear.set = st->set;
	st->cfg.churn.set = st->set;
	if (pair_ports(st))
		return EXIT_ERROR;
	err = xsk_set_open(st->set);
	if (xsk_set_error(st->set)[0]) {
		/* Namespace, device or BPF trouble: not a verdict on the bug. */
		snprintf(res->reason, sizeof(res->reason), "%s", xsk_set_error(st->set));
		pr_warn("%s\n", res->reason);
		fwd_report(st, rep, res, 0);
		return tool_exit_code(err);
	}
	recs = xsk_set_records(st->set, &n);
	records_print(recs, n);
	check_sockets(recs, n, res);
	if (res->verdict != VERDICT_PASS) {
		/* With a report its reader tells the verdict: the reason is said once. */
		if (!st->cfg.tool.report)
			pr_warn("%s: %s\n", verdict_name(res->verdict), res->reason);
		fwd_report(st, rep, res, 0);
		return res->verdict == VERDICT_BUG ? EXIT_BUG : EXIT_SETUP;
	}
	return -1;
}

static void forward_all(struct fwd_state *st, struct report *rep, const struct check_result *res,
			FILE *csv)
{
	struct meter mrx, mtx;
	uint64_t t0 = now_ns(), span;
	double secs;

	meter_init(&mrx, "fwd_rx", csv, t0);
	meter_init(&mtx, "fwd_tx", csv, t0);
	fwd_loop(st, &mrx, &mtx);
	/* Rates over the traffic window, not over set-up and drain. */
	span = st->last_ns > st->first_ns ? st->last_ns - st->first_ns : now_ns() - t0;
	secs = (double)span / NSEC_PER_SEC;
	pr_info("forwarded %" PRIu64 " of %" PRIu64 " frames in %.1f s (%.0f pps)\n", st->c.tx,
		st->c.rx, secs, secs > 0 ? st->c.tx / secs : 0);
	fwd_report(st, rep, res, secs);
}

static const struct tool_def fwd_tool = {
    .name = "fwd",
    .summary = FWD_SUMMARY,
    .rows = fwd_opts,
    .check = check_cfg,
};

static int cmd_fwd(int argc, char **argv)
{
	struct fwd_state st = {.cfg = {.tool = TOOL_OPTS_DEFAULT, .xsk = TOOL_XSK_OPTS_DEFAULT}};
	struct check_result res = {.verdict = VERDICT_ERROR};
	struct tool t;
	int ret;

	ret = tool_begin(&t, &fwd_tool, &st.cfg, &st.cfg.tool, argc, argv);
	if (ret >= 0)
		goto out;
	st.start_ns = t.start_ns;
	st.fault = fault_of(st.cfg.fault) > FAULT_DUPLICATE ? FAULT_LEDGER : fault_of(st.cfg.fault);
	ret = open_and_check(&st, &t.rep, &res);
	if (ret >= 0)
		goto out;
	if (st.fault == FAULT_LEDGER)
		xsk_set_ledger_fault(st.set,
				     (enum ledger_fault)(fault_of(st.cfg.fault) - FAULT_DUPLICATE));
	pr_info("%u sockets up on %s UMEM; forwarding (%u frames per socket, FILL kept at %u)\n",
		st.nsocks, st.cfg.separate_umem ? "separate" : "one shared", st.plan.per_sock,
		st.plan.fill);
	watch_sockets(&st);
	/* The tenant's frames first: the FILL rings may take every frame of the pool. */
	if (st.cfg.tear.tenant && fwd_tear_start(&st.cfg.tear, st.nsocks)) {
		pr_warn("cannot send the tenant's first frames\n");
		ret = EXIT_SETUP;
		goto out;
	}
	if (st.cfg.churn.ns &&
	    fwd_churn_start(&st.cfg.churn, st.cfg.ports.n, st.nsocks, st.plan.fill)) {
		pr_warn("cannot send the tenant's first frames\n");
		ret = EXIT_SETUP;
		goto out;
	}
	for (unsigned int i = 0; i < st.nall; i++)
		xsk_sock_refill(xsk_set_sock(st.set, i), st.plan.fill);
	st.ready_ns = now_ns();
	tool_ready(&t);
	forward_all(&st, &t.rep, &res, t.csv);
	ret = xsk_set_check_pools(st.set) ? EXIT_SETUP : EXIT_PASS;
out:
	xsk_set_free(st.set);
	free(st.peer);
	free(st.pfds);
	fwd_tear_free(&st.cfg.tear);
	return tool_end(&t, ret);
}

const struct command command_fwd = {"fwd", cmd_fwd, FWD_SUMMARY};
