/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Per-flow sequence tracking for the sink: loss, duplicates and reordering
 * from (flow, seq) pairs, each flow with a sliding bitmap of the last
 * SEQ_WINDOW sequence numbers. Sequences start at 0 in every flow, so a
 * flow's first frames missing count as lost. A flow's window is allocated on
 * its first frame, so many configured flows cost nothing until they carry
 * traffic.
 *
 * A sequence is lost once it falls out of the window (a higher one arrived
 * SEQ_WINDOW later) or when still missing at the time of seqtrack_totals().
 * One arriving after that is "stale": too old to tell a late frame from a
 * duplicate, and counted apart.
 */
#ifndef XSKNS_SEQTRACK_H
#define XSKNS_SEQTRACK_H

#include <stdint.h>

#define SEQ_WINDOW 4096 /* a multiple of 64 */

enum seq_event {
	SEQ_IN_ORDER,  /* the next expected sequence */
	SEQ_GAP,       /* higher than expected: the ones in between are missing (for now) */
	SEQ_REORDERED, /* fills a gap: arrived after a higher one */
	SEQ_DUPLICATE, /* seen before, within the window */
	SEQ_STALE,     /* below the window: already counted lost, or a duplicate */
	SEQ_BAD_FLOW,  /* flow id out of range */
	SEQ_NOMEM,     /* the flow's window could not be allocated */
};

struct seq_flow;

struct seq_totals {
	uint64_t received;   /* every (flow, seq) accepted, duplicates included */
	uint64_t lost;	     /* never arrived (out of the window, or missing now) */
	uint64_t duplicates; /* same (flow, seq) again within the window */
	uint64_t reordered;  /* arrived late, filling a gap */
	uint64_t stale;	     /* arrived below the window */
	uint64_t bad_flow;   /* flow id >= nflows (not in received) */
	unsigned int flows_seen;
};

struct seqtrack {
	struct seq_flow **flows; /* nflows pointers; a flow's window on its first frame */
	unsigned int nflows;
	unsigned int flows_seen;
	uint64_t bad_flow, nomem;
};

/* Track flows 0..nflows-1. Returns 0 or -ENOMEM. */
int seqtrack_init(struct seqtrack *t, unsigned int nflows);
void seqtrack_free(struct seqtrack *t);

enum seq_event seqtrack_add(struct seqtrack *t, uint32_t flow, uint64_t seq);

/* Totals over all flows; missing sequences still inside a window count as lost. */
void seqtrack_totals(const struct seqtrack *t, struct seq_totals *out);
/* The same for one flow (all zero when it saw nothing); -EINVAL when out of range. */
int seqtrack_flow_totals(const struct seqtrack *t, uint32_t flow, struct seq_totals *out);

#endif
