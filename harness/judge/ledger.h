/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The frame ledger: every frame the generator offered, accounted for once,
 * hop by hop (generator -> forwarder, through the forwarder, forwarder ->
 * sink), from what the tools counted and what the kernel counted. Pure
 * arithmetic: no sockets, no syscalls, so every rule is unit tested.
 * docs/judging.md states the rules; this file is their one implementation.
 */
#ifndef XSKNS_LEDGER_H
#define XSKNS_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"

/* The hops of the path, in data-path order. */
enum hop { HOP_TO_FWD, HOP_IN_FWD, HOP_TO_SINK, NHOPS };
extern const char *const hop_names[NHOPS]; /* result.json keys: to_fwd, in_fwd, to_sink */
extern const char *const hop_words[NHOPS]; /* for a reason: "to the forwarder", ... */

/* One hop's books: what entered, what left, and what may explain the difference. */
struct hop_ledger {
	uint64_t in, out;
	uint64_t counted;   /* drops the kernel (or the tool itself) counted on this hop */
	uint64_t in_flight; /* measured still inside the hop when the run stopped */
};

/* A hop balanced: each field is 0 unless the books say otherwise. */
struct hop_balance {
	uint64_t lost;	       /* in - out */
	uint64_t excess;       /* out - in: frames that appeared inside the hop */
	uint64_t unexplained;  /* lost beyond counted + in_flight */
	uint64_t over_counted; /* counted + in_flight beyond lost: reported, cancels nothing */
};

void hop_balance(const struct hop_ledger *h, struct hop_balance *out);

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

/* Traffic seen end to end, and where the path can be split, hop by hop. */
struct traffic_counts {
	uint64_t sent;		     /* generator: frames completed on its TX */
	uint64_t received;	     /* sink: frames of ours received, duplicates included */
	uint64_t duplicates;	     /* sink: same (flow, seq) twice */
	uint64_t misdelivered;	     /* sink: flow arrived on a socket other than its own */
	uint64_t drops_counted;	     /* kernel counters over the whole path (drops_counted()) */
	uint64_t in_flight;	     /* measured inside the path when the run stopped */
	unsigned int flows_expected; /* flows the generator completed a frame on */
	unsigned int flows_seen;     /* flows the sink received a frame of */
	bool by_hop;		     /* hops[] is filled: each hop balances on its own */
	struct hop_ledger hops[NHOPS];
};

/*
 * The books of the whole path as one hop: used when it cannot be split (a
 * forwarder whose counts are not ours).
 */
void traffic_end_to_end(const struct traffic_counts *t, struct hop_ledger *out);

/*
 * Flow rules: nothing flowed, more received than sent, duplicates,
 * misdelivery, a flow that was sent to and never arrived, then the ledger:
 * every hop (or the whole path) balances, with no allowance beyond the frames
 * measured in flight.
 */
void check_traffic(const struct traffic_counts *t, struct check_result *out);

/* Loss no counter and no in-flight measurement explains, summed over the hops. */
uint64_t traffic_unexplained_loss(const struct traffic_counts *t);

/* How the generator's sending ended, as it reported it. */
struct gen_run {
	const char *stop;   /* "duration", "count", "signal", "device" (NULL: not reported) */
	const char *detail; /* for "device": the error the kernel gave */
	double worked_s;    /* from its first frame to when it stopped sending */
	uint64_t planned_s; /* its --duration */
};

/*
 * A generator that stopped before its duration or count (a signal the run
 * did not send, its device gone) sent a fraction of the traffic: ERROR.
 */
void check_generator(const struct gen_run *g, struct check_result *out);

#endif
