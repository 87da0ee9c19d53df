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

/*
 * In rising order of severity: the worst verdict of several runs is the
 * largest. SKIP: the scenario cannot run on this kernel (a feature it needs is
 * missing), which says nothing about the bug either way.
 */
enum verdict { VERDICT_PASS, VERDICT_SKIP, VERDICT_BUG, VERDICT_ERROR };

const char *verdict_name(enum verdict v);
int verdict_parse(const char *s, enum verdict *out);

struct sock_record {
	unsigned int port;     /* index of the port in the tool's port list */
	char netns[256];       /* as given on the command line */
	uint64_t netns_id;     /* inode of the namespace: groups sockets while it lives */
	uint64_t netns_cookie; /* from a probe socket opened in that namespace, 0 if unknown */
	char dev[16];
	int ifindex;
	uint32_t queue;
	bool attempted;	     /* creation was tried (false: skipped after an earlier failure) */
	int rc;		     /* 0 or -errno from xsk_socket__create_shared() */
	uint64_t xsk_cookie; /* SO_NETNS_COOKIE of the AF_XDP socket itself, 0 if unknown */
	/*
	 * SO_NETNS_COOKIE failed where the socket was created: a kernel before
	 * 5.14, or its emulation. The library had no cookie to tell namespaces
	 * apart, and both cookies above are 0, not values.
	 */
	bool no_netns_cookie;
	uintptr_t fill_ring, comp_ring; /* descriptor arrays; 0 when the socket has none */
};

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

#endif
