/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the tools (fwd, gen, sink, kfwd) share above the socket library: the
 * socket set seen from a tool, as an exit code and as lines of its report.
 */
#ifndef XSKNS_TOOL_H
#define XSKNS_TOOL_H

#include "report.h"
#include "xsk_set.h"

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
 * frames that came back twice (umem.pool_overflows) and, with RX, the XDP
 * program's counters (xdp.redirected, xdp.passed).
 */
void tool_report_set(struct xsk_set *set, struct report *r);

#endif
