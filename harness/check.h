/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The lookup check: what the harness records for every AF_XDP socket, and the
 * rules that turn those records (and the traffic counters) into a verdict.
 * Pure functions: no sockets, no syscalls, so every rule is unit tested.
 */
#ifndef XSKNS_CHECK_H
#define XSKNS_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock_record.h"

/*
 * In rising order of severity: the worst verdict of several runs is the
 * largest. SKIP: the scenario cannot run on this kernel (a feature it needs is
 * missing), which says nothing about the bug either way.
 */
enum verdict { VERDICT_PASS, VERDICT_SKIP, VERDICT_BUG, VERDICT_ERROR };

const char *verdict_name(enum verdict v);
int verdict_parse(const char *s, enum verdict *out);

/* Traffic seen end to end, for the flow rules. */
struct traffic_counts {
	uint64_t sent;		/* generator: frames completed on its TX */
	uint64_t received;	/* sink: frames of ours received */
	uint64_t duplicates;	/* sink: same (flow, seq) twice */
	uint64_t misdelivered;	/* sink: flow arrived on a socket other than its own */
	uint64_t drops_counted; /* kernel counters: XDP_STATISTICS, veth drops, XDP_PASS */
	unsigned int flows_expected, flows_seen;
};

struct check_result {
	enum verdict verdict;
	char reason[512]; /* one line */
};

/*
 * Socket rules: a failed creation (naming the earlier socket with the same
 * ifindex and queue in another namespace), cookie disagreement, shared rings.
 * Returns VERDICT_PASS when every record is clean.
 */
void check_sockets(const struct sock_record *recs, size_t n, struct check_result *out);

/*
 * Flow rules: nothing flowed, duplicates, misdelivery, loss that the kernel's
 * drop counters do not explain (beyond a small allowance for frames in flight).
 */
void check_traffic(const struct traffic_counts *t, struct check_result *out);

/* Loss not explained by drop counters; 0 when counters explain all of it. */
uint64_t traffic_unexplained_loss(const struct traffic_counts *t);

/* The kernel's drop counters at the end of a run, summed over the tools that report them. */
struct drop_counts {
	uint64_t xsk_rx_dropped, xsk_rx_ring_full, xsk_rx_invalid, xsk_tx_invalid;
	uint64_t xdp_passed; /* frames a redirect program passed to the stack */
	uint64_t copy_drops; /* the separate-UMEM forwarder found no frame to copy into */
	uint64_t veth_rx_dropped, veth_tx_dropped;
};

/*
 * Each dropped frame counted once. A redirect the socket refuses (no FILL
 * buffer, RX ring full) shows both in XDP_STATISTICS and in the veth's
 * rx_dropped, so only the larger of the two counts; the veth's tx_dropped
 * (the peer's queue was full), frames the program passed to the stack and the
 * forwarder's own copy drops come on top.
 */
uint64_t drops_counted(const struct drop_counts *d);

/* What a run whose tools all ended cleanly is judged on. */
struct run_counts {
	bool check_sockets; /* an AF_XDP forwarder: its socket records are judged first */
	const struct sock_record *recs;
	size_t nrecs;
	const char *fwd_reason;	       /* the forwarder's own words when it reported no socket */
	bool have_gen, have_sink;      /* the generator's and the sink's reports were read */
	struct traffic_counts traffic; /* drops_counted is filled from drops */
	struct drop_counts drops;
};

/*
 * The verdict: the socket rules, then (a tool that never reported makes the
 * counts meaningless: ERROR) the flow rules. Returns true when the traffic was
 * judged, with c->traffic.drops_counted filled in.
 */
bool judge_run(struct run_counts *c, struct check_result *out);

#endif
