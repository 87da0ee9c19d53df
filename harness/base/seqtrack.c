// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "seqtrack.h"

#define WORDS (SEQ_WINDOW / 64)

_Static_assert(SEQ_WINDOW % 64 == 0 && SEQ_WINDOW >= 64, "SEQ_WINDOW: a multiple of 64");

/*
 * The window covers [base, base + SEQ_WINDOW); base is a multiple of 64, so it
 * slides by whole words. Bit (seq % SEQ_WINDOW) is set when seq arrived; bits
 * at or above next are always clear.
 */
struct seq_flow {
	uint64_t base, next; /* next: highest sequence seen + 1 */
	uint64_t received, lost_out, duplicates, reordered, stale;
	uint64_t bits[WORDS];
};

int seqtrack_init(struct seqtrack *t, unsigned int nflows)
{
	memset(t, 0, sizeof(*t));
	t->flows = calloc(nflows ? nflows : 1, sizeof(*t->flows));
	if (!t->flows)
		return -ENOMEM;
	t->nflows = nflows;
	return 0;
}

void seqtrack_free(struct seqtrack *t)
{
	if (!t->flows)
		return;
	for (unsigned int i = 0; i < t->nflows; i++)
		free(t->flows[i]);
	free(t->flows);
	t->flows = NULL;
}

static uint64_t *word_of(struct seq_flow *f, uint64_t seq)
{
	return &f->bits[(seq / 64) % WORDS];
}

/* Retire [base, new_base): whatever did not arrive there is lost. */
static void slide(struct seq_flow *f, uint64_t new_base)
{
	uint64_t arrived = 0, end = new_base;

	if (end - f->base > SEQ_WINDOW)
		end = f->base + SEQ_WINDOW;
	for (uint64_t s = f->base; s < end; s += 64) {
		uint64_t *w = word_of(f, s);

		arrived += (uint64_t)__builtin_popcountll(*w);
		*w = 0;
	}
	f->lost_out += (new_base - f->base) - arrived;
	f->base = new_base;
}

enum seq_event seqtrack_add(struct seqtrack *t, uint32_t flow, uint64_t seq)
{
	struct seq_flow *f;
	uint64_t *w, bit;
	enum seq_event ev;

	if (flow >= t->nflows) {
		t->bad_flow++;
		return SEQ_BAD_FLOW;
	}
	f = t->flows[flow];
	if (!f) {
		f = calloc(1, sizeof(*f));
		if (!f) {
			t->nomem++;
			return SEQ_NOMEM;
		}
		t->flows[flow] = f;
		t->flows_seen++;
	}
	f->received++;
	if (seq < f->base) {
		f->stale++;
		return SEQ_STALE;
	}
	if (seq >= f->next) {
		ev = seq == f->next ? SEQ_IN_ORDER : SEQ_GAP;
		if (seq - f->base >= SEQ_WINDOW)
			/* Smallest multiple of 64 that puts seq inside the window. */
			slide(f, (seq - SEQ_WINDOW) / 64 * 64 + 64);
		f->next = seq + 1;
	} else {
		ev = SEQ_REORDERED;
	}
	w = word_of(f, seq);
	bit = 1ULL << (seq % 64);
	if (*w & bit) {
		f->duplicates++;
		return SEQ_DUPLICATE;
	}
	*w |= bit;
	if (ev == SEQ_REORDERED)
		f->reordered++;
	return ev;
}

static void flow_totals(const struct seq_flow *f, struct seq_totals *out)
{
	uint64_t arrived = 0;

	for (unsigned int i = 0; i < WORDS; i++)
		arrived += (uint64_t)__builtin_popcountll(f->bits[i]);
	out->received += f->received;
	out->lost += f->lost_out + (f->next - f->base) - arrived;
	out->duplicates += f->duplicates;
	out->reordered += f->reordered;
	out->stale += f->stale;
}

void seqtrack_totals(const struct seqtrack *t, struct seq_totals *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < t->nflows; i++)
		if (t->flows[i])
			flow_totals(t->flows[i], out);
	out->bad_flow = t->bad_flow;
	out->flows_seen = t->flows_seen;
}

int seqtrack_flow_totals(const struct seqtrack *t, uint32_t flow, struct seq_totals *out)
{
	memset(out, 0, sizeof(*out));
	if (flow >= t->nflows)
		return -EINVAL;
	if (t->flows[flow]) {
		flow_totals(t->flows[flow], out);
		out->flows_seen = 1;
	}
	return 0;
}
