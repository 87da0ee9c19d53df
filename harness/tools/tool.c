// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <string.h>

#include <unistd.h>

#include "log.h"
#include "records.h"
#include "tool.h"
#include "umem_report.h"
#include "util.h"

const struct opt_def tool_rows[] = {
    OPT_DEF("duration", 'd', OPT_U64, struct tool_opts, duration, "seconds to run (0: no limit)",
	    .max = 86400, .metavar = "S"),
    OPT_DEF("cpu", 0, OPT_U32, struct tool_opts, cpu, "pin to this CPU", .max = 4095),
    OPT_DEF("report", 0, OPT_STRING, struct tool_opts, report,
	    "write a key=value report at the end", .metavar = "FILE"),
    OPT_DEF("csv", 0, OPT_STRING, struct tool_opts, csv,
	    "per-second rows (t_s,stage,packets,pps,bytes,interval_s)", .metavar = "FILE"),
    OPT_DEF("ready-fd", 0, OPT_U32, struct tool_opts, ready_fd,
	    "write \"ready\" to this fd once ready (EOF: setup failed)", .max = 1023,
	    .metavar = "FD"),
    OPT_DEF("verbose", 'v', OPT_COUNT, struct tool_opts, verbose,
	    "debug messages; -vv adds libbpf's own"),
    OPT_END,
};

const struct opt_def tool_xsk_rows[] = {
    OPT_DEF("batch", 'b', OPT_U32, struct tool_xsk_opts, batch, "descriptors per ring operation",
	    .min = 1, .max = 512),
    OPT_DEF("ring-size", 0, OPT_U32, struct tool_xsk_opts, ring_size, "size of every ring",
	    .min = 64, .max = 16384, .pow2 = true),
    OPT_DEF("frame-size", 0, OPT_U32, struct tool_xsk_opts, frame_size, "UMEM frame size",
	    .min = 2048, .max = 4096, .pow2 = true),
    OPT_DEF("frames-per-socket", 0, OPT_U32, struct tool_xsk_opts, frames_per_sock,
	    "UMEM frames per socket, at most (see --umem-cap)", .min = 128, .max = 65536,
	    .pow2 = true),
    OPT_DEF("umem-cap", 0, OPT_U64, struct tool_xsk_opts, umem_cap,
	    "UMEM frames the sockets of a UMEM share once they have that many", .min = 1024,
	    .max = 1 << 24, .metavar = "FRAMES"),
    OPT_END,
};

const struct opt_def tool_rx_rows[] = {
    OPT_DEF("poll", 0, OPT_FLAG, struct tool_rx_opts, poll,
	    "sleep in poll() when idle (else spin)"),
    OPT_DEF("busy-poll", 0, OPT_FLAG, struct tool_rx_opts, busy_poll,
	    "set SO_PREFER_BUSY_POLL/SO_BUSY_POLL on the sockets"),
    OPT_DEF("no-need-wakeup", 0, OPT_FLAG, struct tool_rx_opts, no_need_wakeup,
	    "bind without XDP_USE_NEED_WAKEUP"),
    OPT_END,
};

struct xsk_set *tool_xsk_set(const struct port_list *ports, const struct tool_xsk_opts *x,
			     struct xsk_set_cfg cfg, struct umem_plan *plan)
{
	uint64_t socks = 0;

	for (unsigned int i = 0; i < ports->n; i++)
		socks += ports->v[i].queues;
	if (!cfg.shared_umem && ports->n)
		socks /= ports->n;
	umem_plan(socks, x->ring_size, x->frames_per_sock, x->umem_cap, plan);
	cfg.frame_size = x->frame_size;
	cfg.ring_size = x->ring_size;
	cfg.frames_per_sock = plan->per_sock;
	return xsk_set_new(ports, &cfg);
}

/* The CPU and the files the options name: 0, or -1 after saying which failed. */
static int open_outputs(struct tool *t, const char *name)
{
	if (pin_tool(name, t->o->cpu))
		return -1;
	if (report_open(&t->rep, t->o->report)) {
		fprintf(stderr, "%s: cannot write --report '%s': %s\n", name, t->o->report,
			strerror(errno));
		return -1;
	}
	if (t->o->csv && !(t->csv = fopen(t->o->csv, "w"))) {
		fprintf(stderr, "%s: cannot write --csv '%s': %s\n", name, t->o->csv,
			strerror(errno));
		return -1;
	}
	return 0;
}

int tool_begin(struct tool *t, const struct tool_def *def, void *cfg, const struct tool_opts *o,
	       int argc, char **argv)
{
	int err;

	*t = (struct tool){.o = o, .start_ns = now_ns()};
	log_prefix = def->name;
	err = opts_parse(def->rows, cfg, argc, argv, NULL, def->summary);
	if (err)
		return err > 0 ? EXIT_PASS : EXIT_ERROR;
	log_set_verbosity(o->verbose);
	err = def->check ? def->check(cfg) : 0;
	if (err)
		return err == -EINVAL ? EXIT_ERROR : EXIT_SETUP;
	log_setup_libbpf();
	stop_on_signals();
	return open_outputs(t, def->name) ? EXIT_ERROR : -1;
}

void tool_ready(struct tool *t)
{
	signal_ready(t->o->ready_fd == OPT_NONE ? -1 : (int)t->o->ready_fd);
	t->ready = true;
}

int tool_end(struct tool *t, int ret)
{
	if (!t->ready && t->o && t->o->ready_fd != OPT_NONE)
		close((int)t->o->ready_fd);
	if (t->csv)
		fclose(t->csv);
	t->csv = NULL;
	report_close(&t->rep);
	return ret;
}

int tool_exit_code(int err)
{
	if (!err)
		return EXIT_PASS;
	return err == -ENOENT || err == -ENODEV ? EXIT_ERROR : EXIT_SETUP;
}

int tool_open_sockets(struct xsk_set *set)
{
	int err = xsk_set_open(set);
	const struct sock_record *recs;
	unsigned int n;

	if (xsk_set_error(set)[0]) {
		pr_warn("%s\n", xsk_set_error(set));
		return tool_exit_code(err);
	}
	recs = xsk_set_records(set, &n);
	for (unsigned int i = 0; i < n; i++)
		if (recs[i].rc)
			pr_warn("socket %u on %s:%s queue %u: %s\n", i, recs[i].netns, recs[i].dev,
				recs[i].queue, strerror(-recs[i].rc));
	return tool_exit_code(err);
}

void tool_report_set(struct xsk_set *set, struct report *r)
{
	struct xdp_statistics sum;
	uint64_t redirected = 0, passed = 0, a, b;
	const struct sock_record *recs;
	unsigned int n;

	recs = xsk_set_records(set, &n);
	records_write(r, recs, n);
	xsk_set_stats(set, &sum);
	report_u64(r, "xsk.rx_dropped", sum.rx_dropped);
	report_u64(r, "xsk.rx_invalid", sum.rx_invalid_descs);
	report_u64(r, "xsk.tx_invalid", sum.tx_invalid_descs);
	report_u64(r, "xsk.rx_ring_full", sum.rx_ring_full);
	report_u64(r, "xsk.rx_fill_ring_empty", sum.rx_fill_ring_empty_descs);
	report_u64(r, "xsk.tx_ring_empty", sum.tx_ring_empty_descs);
	report_u64(r, "umem.pool_overflows", xsk_set_pool_overflows(set));
	umem_report_write(set, r);
	if (!xsk_set_config(set)->rx)
		return;
	for (unsigned int i = 0; i < xsk_set_nports(set); i++) {
		if (xsk_set_prog_counters(set, i, &a, &b))
			continue;
		redirected += a;
		passed += b;
	}
	report_u64(r, "xdp.redirected", redirected);
	report_u64(r, "xdp.passed", passed);
}

#define DRAIN_IDLE_NS (100 * 1000000ULL) /* nothing moved this long: drained */
#define DRAIN_MAX_NS  (3 * NSEC_PER_SEC)

void drain(uint32_t (*pass)(void *arg), bool (*pending)(void *arg), void *arg)
{
	uint64_t idle_since = now_ns(), end = idle_since + DRAIN_MAX_NS, now;

	do {
		now = now_ns();
		if (pass(arg))
			idle_since = now_ns();
		else if (now - idle_since >= DRAIN_IDLE_NS && !(pending && pending(arg)))
			return;
	} while (now < end);
}
