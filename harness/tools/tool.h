/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the tools (fwd, gen, sink, kfwd) share: the option rows every one
 * takes, the start and the end around their own work (log prefix, options,
 * verbosity, libbpf's messages, stop signals, CPU pinning, the report and CSV
 * files, the ready fd), and the socket set seen from a tool, as an exit code
 * and as lines of its report.
 */
#ifndef XSKNS_TOOL_H
#define XSKNS_TOOL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "memest.h"
#include "opts.h"
#include "report.h"
#include "xsk_set.h"

/* Options every tool takes (tool_rows). */
struct tool_opts {
	uint64_t duration;	/* seconds, 0: until stopped */
	uint32_t cpu, ready_fd; /* OPT_NONE: not given */
	unsigned int verbose;	/* -v given this many times */
	const char *report, *csv;
};
#define TOOL_OPTS_DEFAULT                                                                          \
	{                                                                                          \
		.cpu = OPT_NONE, .ready_fd = OPT_NONE                                              \
	}
extern const struct opt_def tool_rows[];

/* Options of the AF_XDP tools: rings and UMEM (tool_xsk_rows). */
struct tool_xsk_opts {
	uint32_t batch, ring_size, frame_size, frames_per_sock;
	uint64_t umem_cap;
};
#define TOOL_XSK_OPTS_DEFAULT                                                                      \
	{                                                                                          \
		.batch = 64, .ring_size = 2048, .frame_size = 4096, .frames_per_sock = 4096,       \
		.umem_cap = MEM_UMEM_FRAMES_CAP                                                    \
	}
extern const struct opt_def tool_xsk_rows[];

/* Options of the receiving AF_XDP tools (fwd, sink): how they wait (tool_rx_rows). */
struct tool_rx_opts {
	bool poll, busy_poll, no_need_wakeup;
};
extern const struct opt_def tool_rx_rows[];

/*
 * The socket set on ports, sized by the UMEM options (memest.h's rule, over the
 * sockets that share each UMEM): cfg says what the tool needs (shared UMEM, RX,
 * TX, wakeups, ...), the sizes come from x, the plan is returned. NULL on ENOMEM.
 */
struct xsk_set *tool_xsk_set(const struct port_list *ports, const struct tool_xsk_opts *x,
			     struct xsk_set_cfg cfg, struct umem_plan *plan);

/* A tool's command: its name, its table (including tool_rows), its check after parsing. */
struct tool_def {
	const char *name, *summary;
	const struct opt_def *rows;
	/* Values that depend on each other: 0, or -errno after a one-line error (-EINVAL: exit 2).
	 */
	int (*check)(void *cfg);
};

/* One running tool: its common options and what tool_begin() opened for it. */
struct tool {
	const struct tool_opts *o;
	struct report rep;
	FILE *csv; /* --csv, NULL without */
	uint64_t start_ns;
	bool ready;
};

/*
 * Parse argv into cfg (o: its struct tool_opts), then set up what every tool
 * needs. Returns -1 to go on, else the exit code (EXIT_PASS after --help).
 * tool_end() is needed either way.
 */
int tool_begin(struct tool *t, const struct tool_def *def, void *cfg, const struct tool_opts *o,
	       int argc, char **argv);
/* Tell the parent on --ready-fd that the tool is ready. */
void tool_ready(struct tool *t);
/* Close what tool_begin() opened (a ready fd never used: the parent sees EOF); returns ret. */
int tool_end(struct tool *t, int ret);

/* Exit code for a set that failed to open: bad names are bad input, the rest is setup. */
int tool_exit_code(int err);
/*
 * xsk_set_open(), and on failure one line per problem on stderr (namespace or
 * device trouble, each failed socket). Returns an exit code: EXIT_PASS when
 * all sockets are up, EXIT_ERROR for a bad name, EXIT_SETUP otherwise.
 */
int tool_open_sockets(struct xsk_set *set);
/*
 * What the set knows, into the tool's report: the socket records (records.h),
 * the XDP_STATISTICS summed over the sockets (xsk.rx_dropped, xsk.rx_invalid,
 * xsk.tx_invalid, xsk.rx_ring_full, xsk.rx_fill_ring_empty, xsk.tx_ring_empty),
 * frames that came back twice (umem.pool_overflows), the UMEM ledgers
 * (ledger.*, umem_report.h) and, with RX, the XDP program's counters
 * (xdp.redirected, xdp.passed).
 */
void tool_report_set(struct xsk_set *set, struct report *r);

/*
 * The end of a receiving tool's run: call pass(arg), which returns the frames it
 * moved, until a pass begun 100 ms after the last one that moved frames moves
 * none and pending(arg) (when given) says no ring holds work; for 3 s at most, so
 * a sender that did not stop cannot hold the tool. A frame left in a ring would be
 * lost with no counter to say so. Only a pass begun after the deadline counts: one
 * from before a preemption (a loaded host, a guest under TCG) proves nothing about
 * what arrived meanwhile.
 */
void drain(uint32_t (*pass)(void *arg), bool (*pending)(void *arg), void *arg);

#endif
