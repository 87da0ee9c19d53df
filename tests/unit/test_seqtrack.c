// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* seqtrack: loss, duplicates, reordering, window sliding, against an exact model. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "seqtrack.h"
#include "tap.h"

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

struct keyed {
	uint64_t key, pos, seq;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static struct seq_totals totals(const struct seqtrack *t)
{
	struct seq_totals s;

	seqtrack_totals(t, &s);
	return s;
}

/*
 * Random traffic with loss, duplicates and bounded reordering, checked against
 * an exact model that remembers every sequence (valid while nothing is stale).
 */
static void model_check(unsigned int nseq, unsigned int max_delay)
{
	struct seqtrack t;
	struct seq_totals s;
	uint64_t *order = calloc(nseq * 2, sizeof(*order));
	struct keyed *keyed = calloc(nseq * 2, sizeof(*keyed));
	unsigned char *seen = calloc(nseq, 1);
	uint64_t n = 0, dup = 0, reo = 0, uniq = 0, max_next = 0;

	for (uint64_t i = 0; i < nseq; i++) {
		unsigned int r = (unsigned int)(rnd() % 100);

		if (r < 3)
			continue; /* lost */
		order[n++] = i;
		if (r < 5)
			order[n++] = i; /* duplicate */
	}
	/* Reorder: each frame moves at most max_delay places later (sort by a jittered key). */
	for (uint64_t i = 0; i < n; i++) {
		keyed[i].key = i + (rnd() % 4 ? 0 : rnd() % (max_delay + 1));
		keyed[i].pos = i;
		keyed[i].seq = order[i];
	}
	qsort(keyed, n, sizeof(*keyed), cmp_keyed);
	for (uint64_t i = 0; i < n; i++)
		order[i] = keyed[i].seq;
	seqtrack_init(&t, 1);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t q = order[i];

		if (seen[q]) {
			dup++;
		} else {
			seen[q] = 1;
			uniq++;
			if (q < max_next)
				reo++;
		}
		if (q + 1 > max_next)
			max_next = q + 1;
		seqtrack_add(&t, 0, q);
	}
	s = totals(&t);
	is_u64(s.stale, 0, "model(%u, delay %u): nothing stale", nseq, max_delay);
	ok(s.received == n && s.duplicates == dup && s.reordered == reo &&
	       s.lost == max_next - uniq,
	   "model(%u, delay %u): received %" PRIu64 " lost %" PRIu64 " dup %" PRIu64
	   " reordered %" PRIu64,
	   nseq, max_delay, s.received, s.lost, s.duplicates, s.reordered);
	if (s.lost != max_next - uniq || s.duplicates != dup || s.reordered != reo)
		diag("model: lost %" PRIu64 " dup %" PRIu64 " reordered %" PRIu64, max_next - uniq,
		     dup, reo);
	seqtrack_free(&t);
	free(order);
	free(seen);
	free(keyed);
}

int main(void)
{
	struct seqtrack t;
	struct seq_totals s;
	int bad;

	is_i64(seqtrack_init(&t, 4), 0, "init 4 flows");
	s = totals(&t);
	ok(!s.received && !s.lost && !s.flows_seen, "empty: all zero");

	bad = 0;
	for (uint64_t i = 0; i < 10000; i++)
		if (seqtrack_add(&t, 0, i) != SEQ_IN_ORDER)
			bad++;
	ok(!bad, "10000 in order: every one SEQ_IN_ORDER");
	s = totals(&t);
	ok(s.received == 10000 && !s.lost && !s.duplicates && !s.reordered && !s.stale,
	   "in order: received 10000, nothing else");
	is_u64(s.flows_seen, 1, "one flow seen");

	/* Flow 1: a gap, filled later. */
	for (uint64_t i = 0; i < 10; i++)
		seqtrack_add(&t, 1, i);
	is_i64(seqtrack_add(&t, 1, 11), SEQ_GAP, "11 after 9: gap");
	seqtrack_flow_totals(&t, 1, &s);
	is_u64(s.lost, 1, "gap pending: 1 lost for now");
	is_i64(seqtrack_add(&t, 1, 10), SEQ_REORDERED, "10 after 11: reordered");
	seqtrack_flow_totals(&t, 1, &s);
	ok(s.lost == 0 && s.reordered == 1, "filled gap: 0 lost, 1 reordered");
	is_i64(seqtrack_add(&t, 1, 10), SEQ_DUPLICATE, "10 again: duplicate");
	is_i64(seqtrack_add(&t, 1, 11), SEQ_DUPLICATE, "11 again (the highest): duplicate");
	is_i64(seqtrack_add(&t, 1, 12), SEQ_IN_ORDER, "12: in order");
	seqtrack_flow_totals(&t, 1, &s);
	ok(s.received == 15 && s.duplicates == 2 && s.reordered == 1 && !s.lost,
	   "flow 1: received 15, 2 duplicates, 1 reordered");

	/* Flow 2: a hole slides out of the window, then the frame arrives after all. */
	for (uint64_t i = 0; i < 3 * SEQ_WINDOW; i++)
		if (i != 100)
			seqtrack_add(&t, 2, i);
	seqtrack_flow_totals(&t, 2, &s);
	is_u64(s.lost, 1, "hole out of the window: lost");
	is_i64(seqtrack_add(&t, 2, 100), SEQ_STALE, "then arriving: stale");
	seqtrack_flow_totals(&t, 2, &s);
	ok(s.lost == 1 && s.stale == 1 && !s.reordered, "stale does not unlose");

	/* Flow 3: starts late and jumps far ahead. */
	is_i64(seqtrack_add(&t, 3, 5), SEQ_GAP, "first frame seq 5: gap");
	seqtrack_flow_totals(&t, 3, &s);
	is_u64(s.lost, 5, "0..4 never came: 5 lost");
	seqtrack_add(&t, 3, 1000000);
	seqtrack_flow_totals(&t, 3, &s);
	is_u64(s.lost, 1000000 - 1, "jump to 1e6: everything between lost");
	is_i64(seqtrack_add(&t, 3, 1000000 - SEQ_WINDOW + 64), SEQ_REORDERED,
	       "inside the slid window: reordered");
	is_i64(seqtrack_add(&t, 3, 1000000 - SEQ_WINDOW - 1), SEQ_STALE, "below it: stale");
	seqtrack_flow_totals(&t, 3, &s);
	is_u64(s.lost, 1000000 - 2, "reordered one no longer lost");

	is_i64(seqtrack_add(&t, 4, 0), SEQ_BAD_FLOW, "flow 4 of 4: bad flow");
	s = totals(&t);
	ok(s.bad_flow == 1 && s.flows_seen == 4, "totals: 1 bad flow, 4 flows seen");
	ok(s.received == 10000 + 15 + 3 * SEQ_WINDOW + 4 && s.lost == 0 + 0 + 1 + (1000000 - 2),
	   "totals add up the flows");
	is_i64(seqtrack_flow_totals(&t, 4, &s), -EINVAL, "flow totals out of range: -EINVAL");
	seqtrack_free(&t);
	seqtrack_free(&t); /* twice is fine */

	/* Lazily allocated: many flows cost nothing until used. */
	is_i64(seqtrack_init(&t, 16384), 0, "init 16384 flows");
	seqtrack_add(&t, 16383, 0);
	s = totals(&t);
	ok(s.flows_seen == 1 && s.received == 1, "last flow usable");
	seqtrack_free(&t);

	model_check(100000, 16);
	model_check(100000, SEQ_WINDOW / 2);
	model_check(50000, SEQ_WINDOW * 3 / 4);

	return done();
}
