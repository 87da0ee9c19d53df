// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * umem_ledger: hand-built ring sequences. A clean FILL -> RX -> TX ->
 * COMPLETION cycle moves every frame and breaks no rule; each kind of
 * violation is produced on purpose and seen, with its first occurrence, and
 * moves nothing; the end-of-run settle places frames from what the rings
 * still hold; and a random run against a correct model kernel stays clean.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "umem_ledger.h"

#define FS	 4096u
#define NFRAMES	 16u
#define HEADROOM 256u /* where copy mode puts RX data in an aligned frame */

static uint64_t frame(uint32_t i)
{
	return (uint64_t)i * FS;
}

static uint64_t owners_sum(const struct umem_ledger *l)
{
	uint64_t n = 0;

	for (int k = 0; k < LEDGER_OWNERS; k++)
		n += l->owned[k];
	return n;
}

static uint64_t total_violations(const struct umem_ledger *l)
{
	return umem_ledger_kernel_violations(l) + umem_ledger_app_violations(l);
}

static void fresh(struct umem_ledger *l)
{
	if (umem_ledger_init(l, NFRAMES, FS)) {
		diag("umem_ledger_init failed");
		exit(1);
	}
}

static void test_init(void)
{
	struct umem_ledger l;

	is_i64(umem_ledger_init(&l, NFRAMES, 3000), -22,
	       "a frame size that is not a power of two is refused");
	is_i64(umem_ledger_init(&l, 0, FS), -22, "no frames is refused");
	fresh(&l);
	is_u64(l.owned[LEDGER_APP], NFRAMES, "a new ledger: every frame is the application's");
	is_u64(l.size, (uint64_t)NFRAMES * FS, "and it knows the UMEM's size");
	umem_ledger_free(&l);
}

/* sock 0 receives, sock 1 sends: FILL -> RX (with headroom) -> TX at the same address -> COMP. */
static void test_clean_cycle(void)
{
	struct umem_ledger l;
	bool all = true;

	fresh(&l);
	for (uint32_t i = 0; i < 4; i++)
		all &= umem_ledger_fill(&l, 0, frame(i));
	is_u64(l.owned[LEDGER_FILL], 4, "4 frames given to FILL are FILL's");
	for (uint32_t i = 0; i < 2; i++)
		all &= umem_ledger_rx(&l, 0, frame(i) + HEADROOM, 60);
	is_u64(l.owned[LEDGER_APP], NFRAMES - 2,
	       "2 received (headroom inside the frame) are the application's again");
	for (uint32_t i = 0; i < 2; i++)
		all &= umem_ledger_tx(&l, 1, frame(i) + HEADROOM, 60);
	is_u64(l.owned[LEDGER_TX], 2, "forwarded at the received address, they are TX's");
	all &= umem_ledger_comp(&l, 1, frame(1) + HEADROOM);
	all &= umem_ledger_comp(&l, 1, frame(0) + HEADROOM);
	ok(all, "every move of the clean cycle was allowed");
	is_u64(total_violations(&l), 0, "and none was counted");
	is_u64(l.owned[LEDGER_APP], NFRAMES - 2,
	       "completed (in any order), they are the application's");
	is_u64(l.owned[LEDGER_FILL], 2, "the 2 not received are still FILL's");
	ok(umem_ledger_fill(&l, 0, frame(0) + HEADROOM),
	   "a completed frame goes back to FILL at its completion address (aligned mode masks it)");
	is_u64(owners_sum(&l), NFRAMES, "owners add up to the frames");
	umem_ledger_free(&l);
}

/* One violation on a fresh ledger after setup(); checks kind, count, first event, nothing moved. */
static void expect_violation(const char *what, struct umem_ledger *l, bool moved,
			     enum ledger_violation kind, uint32_t sock, enum ledger_ring ring,
			     uint64_t addr, enum ledger_owner owner, const uint64_t before[])
{
	const struct ledger_event *e = &l->first[kind];

	ok(!moved, "%s: refused", what);
	is_u64(l->violations[kind], 1, "%s: counted once as %s", what,
	       ledger_violation_names[kind]);
	is_u64(total_violations(l), 1, "%s: and as nothing else", what);
	ok(e->sock == sock && e->ring == ring && e->addr == addr && e->owner == owner,
	   "%s: the first names socket %u, the %s ring, address %#llx, owner %s", what, sock,
	   ledger_ring_names[ring], (unsigned long long)addr,
	   owner < LEDGER_OWNERS ? ledger_owner_names[owner] : "none");
	ok(!memcmp(before, l->owned, sizeof(l->owned)), "%s: no frame changed owner", what);
}

static void test_violations(void)
{
	struct umem_ledger l;
	uint64_t before[LEDGER_OWNERS];
	bool r;

#define SNAP() memcpy(before, l.owned, sizeof(before))
	/* RX of a frame never given to FILL. */
	fresh(&l);
	SNAP();
	r = umem_ledger_rx(&l, 0, frame(3) + HEADROOM, 60);
	expect_violation("RX of a frame never filled", &l, r, LV_RX_NOT_FILLED, 0, LEDGER_RING_RX,
			 frame(3) + HEADROOM, LEDGER_APP, before);
	umem_ledger_free(&l);

	/* RX on socket 1 of a frame on socket 0's FILL. */
	fresh(&l);
	umem_ledger_fill(&l, 0, frame(2));
	SNAP();
	r = umem_ledger_rx(&l, 1, frame(2) + HEADROOM, 60);
	expect_violation("RX of another socket's FILL frame", &l, r, LV_RX_NOT_FILLED, 1,
			 LEDGER_RING_RX, frame(2) + HEADROOM, LEDGER_FILL, before);
	umem_ledger_free(&l);

	/* Completion of a frame on FILL, not TX. */
	fresh(&l);
	umem_ledger_fill(&l, 0, frame(5));
	SNAP();
	r = umem_ledger_comp(&l, 0, frame(5));
	expect_violation("completion of a frame on FILL", &l, r, LV_COMP_NOT_ON_TX, 0,
			 LEDGER_RING_COMP, frame(5), LEDGER_FILL, before);
	umem_ledger_free(&l);

	/* Completion on socket 0 of a frame on socket 1's TX. */
	fresh(&l);
	umem_ledger_tx(&l, 1, frame(6), 64);
	SNAP();
	r = umem_ledger_comp(&l, 0, frame(6));
	expect_violation("completion of another socket's TX frame", &l, r, LV_COMP_NOT_ON_TX, 0,
			 LEDGER_RING_COMP, frame(6), LEDGER_TX, before);
	umem_ledger_free(&l);

	/* Completion of a frame the application holds and never sent. */
	fresh(&l);
	SNAP();
	r = umem_ledger_comp(&l, 0, frame(7));
	expect_violation("completion of a frame never sent", &l, r, LV_COMP_NOT_ON_TX, 0,
			 LEDGER_RING_COMP, frame(7), LEDGER_APP, before);
	umem_ledger_free(&l);

	/* One frame completed twice (the same peek batch: nothing in between). */
	fresh(&l);
	umem_ledger_tx(&l, 0, frame(1), 64);
	umem_ledger_comp(&l, 0, frame(1));
	SNAP();
	r = umem_ledger_comp(&l, 0, frame(1));
	expect_violation("a frame completed twice", &l, r, LV_COMP_TWICE, 0, LEDGER_RING_COMP,
			 frame(1), LEDGER_APP, before);
	umem_ledger_free(&l);

	/* Addresses outside the UMEM, on RX and on COMPLETION. */
	fresh(&l);
	SNAP();
	r = umem_ledger_rx(&l, 0, l.size + HEADROOM, 60);
	expect_violation("RX past the UMEM's end", &l, r, LV_OUTSIDE_UMEM, 0, LEDGER_RING_RX,
			 l.size + HEADROOM, LEDGER_OWNERS, before);
	umem_ledger_free(&l);
	fresh(&l);
	SNAP();
	r = umem_ledger_comp(&l, 2, l.size);
	expect_violation("completion past the UMEM's end", &l, r, LV_OUTSIDE_UMEM, 2,
			 LEDGER_RING_COMP, l.size, LEDGER_OWNERS, before);
	umem_ledger_free(&l);

	/* RX data crossing its frame's end; a completion at another offset than TX's. */
	fresh(&l);
	umem_ledger_fill(&l, 0, frame(4));
	SNAP();
	r = umem_ledger_rx(&l, 0, frame(4) + FS - 100, 200);
	expect_violation("RX data crossing the frame's end", &l, r, LV_OFF_FRAME, 0, LEDGER_RING_RX,
			 frame(4) + FS - 100, LEDGER_FILL, before);
	umem_ledger_free(&l);
	fresh(&l);
	umem_ledger_tx(&l, 0, frame(4) + HEADROOM, 64);
	SNAP();
	r = umem_ledger_comp(&l, 0, frame(4));
	expect_violation("a completion at another offset than its TX", &l, r, LV_OFF_FRAME, 0,
			 LEDGER_RING_COMP, frame(4), LEDGER_TX, before);
	umem_ledger_free(&l);

	/* The application's: a frame given twice, a frame on FILL sent, addresses it has none at.
	 */
	fresh(&l);
	umem_ledger_fill(&l, 0, frame(8));
	SNAP();
	r = umem_ledger_fill(&l, 0, frame(8));
	expect_violation("a frame given to FILL twice", &l, r, LV_APP_NOT_OWNED, 0,
			 LEDGER_RING_FILL, frame(8), LEDGER_FILL, before);
	umem_ledger_free(&l);
	fresh(&l);
	umem_ledger_fill(&l, 0, frame(8));
	SNAP();
	r = umem_ledger_tx(&l, 1, frame(8), 64);
	expect_violation("a FILL frame sent on TX", &l, r, LV_APP_NOT_OWNED, 1, LEDGER_RING_TX,
			 frame(8), LEDGER_FILL, before);
	umem_ledger_free(&l);
	fresh(&l);
	SNAP();
	r = umem_ledger_fill(&l, 0, l.size);
	expect_violation("a FILL address past the UMEM", &l, r, LV_APP_BAD_ADDR, 0,
			 LEDGER_RING_FILL, l.size, LEDGER_OWNERS, before);
	umem_ledger_free(&l);
	fresh(&l);
	SNAP();
	r = umem_ledger_tx(&l, 0, frame(2) + FS - 10, 64);
	expect_violation("TX data crossing its frame's end", &l, r, LV_APP_BAD_ADDR, 0,
			 LEDGER_RING_TX, frame(2) + FS - 10, LEDGER_APP, before);
	umem_ledger_free(&l);
#undef SNAP
}

static void test_counts_and_first(void)
{
	struct umem_ledger l;

	fresh(&l);
	umem_ledger_rx(&l, 0, frame(1), 60);
	umem_ledger_rx(&l, 3, frame(2), 60);
	umem_ledger_rx(&l, 3, frame(9), 60);
	is_u64(l.violations[LV_RX_NOT_FILLED], 3,
	       "three forged RX descriptors are counted three times");
	is_u64(l.first[LV_RX_NOT_FILLED].addr, frame(1), "the first is kept, not the last");
	is_u64(umem_ledger_kernel_violations(&l), 3, "they are the kernel's");
	is_u64(umem_ledger_app_violations(&l), 0, "not the application's");
	umem_ledger_free(&l);
}

/* The end: what the rings still hold splits FILL / KERNEL_RX and TX / KERNEL_TX / COMPLETION. */
static void test_settle(void)
{
	struct umem_ledger l;

	fresh(&l);
	for (uint32_t i = 0; i < 4; i++)
		umem_ledger_fill(&l, 0, frame(i));
	umem_ledger_rx(&l, 0, frame(0) + HEADROOM, 60); /* frame 1: taken, not received */
	for (uint32_t i = 4; i < 8; i++)
		umem_ledger_tx(&l, 1, frame(i), 64);
	umem_ledger_comp(&l, 1, frame(4)); /* 5: completed not peeked, 6: sending, 7: on TX */
	umem_ledger_settle(&l);
	umem_ledger_on_ring(&l, 0, LEDGER_RING_FILL, frame(2));
	umem_ledger_on_ring(&l, 0, LEDGER_RING_FILL, frame(3));
	umem_ledger_on_ring(&l, 1, LEDGER_RING_COMP, frame(5));
	umem_ledger_on_ring(&l, 1, LEDGER_RING_TX, frame(7));
	umem_ledger_on_ring(&l, 0, LEDGER_RING_TX, frame(6)); /* another socket's ring: ignored */
	is_u64(l.owned[LEDGER_FILL], 2, "settle: the 2 frames still on the FILL ring are FILL's");
	is_u64(l.owned[LEDGER_KERNEL_RX], 1,
	       "settle: the one taken and not received is the kernel's RX path");
	is_u64(l.owned[LEDGER_COMP], 1, "settle: the one on the COMPLETION ring is COMPLETION's");
	is_u64(l.owned[LEDGER_TX], 1, "settle: the one on the TX ring is TX's");
	is_u64(l.owned[LEDGER_KERNEL_TX], 1, "settle: the one being sent is the kernel's TX path");
	ok(ledger_kernel_holds(LEDGER_KERNEL_RX) && ledger_kernel_holds(LEDGER_TX) &&
	       ledger_kernel_holds(LEDGER_KERNEL_TX) && !ledger_kernel_holds(LEDGER_FILL) &&
	       !ledger_kernel_holds(LEDGER_COMP) && !ledger_kernel_holds(LEDGER_APP),
	   "held by the kernel: its RX path, TX and its TX path");
	ok(umem_ledger_rx(&l, 0, frame(1) + HEADROOM, 60) && umem_ledger_comp(&l, 1, frame(5)) &&
	       umem_ledger_comp(&l, 1, frame(6)),
	   "after settle the rings go on: received and completed as before");
	is_u64(owners_sum(&l), NFRAMES, "settle: owners still add up");
	umem_ledger_free(&l);
}

/* A correct kernel, modelled with FIFO rings, under random operations: never a violation. */
#define RING 8
struct fifo {
	uint64_t v[RING];
	uint32_t head, tail;
};

static bool fifo_push(struct fifo *f, uint64_t a)
{
	if (f->head - f->tail == RING)
		return false;
	f->v[f->head++ % RING] = a;
	return true;
}

static bool fifo_pop(struct fifo *f, uint64_t *a)
{
	if (f->head == f->tail)
		return false;
	*a = f->v[f->tail++ % RING];
	return true;
}

static void test_model(void)
{
	struct fifo fill = {0}, rx = {0}, tx = {0}, comp = {0};
	uint64_t a, moves = 0, state = 88172645463325252ULL;
	struct umem_ledger l;
	uint64_t pool_v[NFRAMES];
	uint32_t npool = 0;
	bool all = true;

	fresh(&l);
	for (uint32_t i = 0; i < NFRAMES; i++)
		pool_v[npool++] = frame(i);
	for (int step = 0; step < 200000; step++) {
		state ^= state << 13, state ^= state >> 7, state ^= state << 17;
		switch (state % 6) {
		case 0: /* the application fills */
			if (npool && fill.head - fill.tail < RING) {
				a = pool_v[--npool];
				all &= umem_ledger_fill(&l, 0, a);
				fifo_push(&fill, a);
			}
			break;
		case 1: /* the kernel receives into a FILL frame */
			if (rx.head - rx.tail < RING && fifo_pop(&fill, &a))
				fifo_push(&rx,
					  (a & ~(uint64_t)(FS - 1)) + HEADROOM); /* aligned mode */
			break;
		case 2: /* the application forwards what it received */
			if (tx.head - tx.tail < RING && fifo_pop(&rx, &a)) {
				all &= umem_ledger_rx(&l, 0, a, 100);
				all &= umem_ledger_tx(&l, 1, a, 100);
				fifo_push(&tx, a);
				moves++;
			}
			break;
		case 3: /* the kernel sends */
			if (comp.head - comp.tail < RING && fifo_pop(&tx, &a))
				fifo_push(&comp, a);
			break;
		default: /* the application collects completions */
			if (fifo_pop(&comp, &a)) {
				all &= umem_ledger_comp(&l, 1, a);
				pool_v[npool++] = a;
			}
			break;
		}
		all &= owners_sum(&l) == NFRAMES;
	}
	ok(all && moves > 1000,
	   "a random run against a correct kernel: %llu frames forwarded, no move refused",
	   (unsigned long long)moves);
	is_u64(total_violations(&l), 0, "and no violation counted");
	is_u64(l.owned[LEDGER_APP], npool, "the application owns exactly its pool");
	is_u64(l.owned[LEDGER_FILL], (fill.head - fill.tail) + (rx.head - rx.tail),
	       "FILL: on the FILL ring or received and not yet peeked");
	is_u64(l.owned[LEDGER_TX], (tx.head - tx.tail) + (comp.head - comp.tail),
	       "TX: on the TX ring or completed and not yet peeked");
	umem_ledger_free(&l);
}

static void count_put(uint64_t addr, void *arg)
{
	(void)addr;
	++*(uint64_t *)arg;
}

/* A socket closed while it held frames (fwd_tear.h): its FILL and TX frames, and only those. */
static void test_release_sock(void)
{
	struct umem_ledger l;
	uint64_t put = 0;

	fresh(&l);
	umem_ledger_fill(&l, 1, frame(0));
	umem_ledger_fill(&l, 1, frame(1));
	umem_ledger_tx(&l, 1, frame(2), 60);
	umem_ledger_fill(&l, 2, frame(3));
	umem_ledger_fill(&l, 1, frame(4));
	umem_ledger_rx(&l, 1, frame(4) + HEADROOM, 60); /* the application's now */
	is_u64(umem_ledger_sock_frames(&l, 1), 3, "socket 1 holds its 2 FILL and 1 TX frames");
	is_u64(umem_ledger_release_sock(&l, 1, count_put, &put), 3, "releasing socket 1: 3 frames");
	is_u64(put, 3, "each went back through put()");
	is_u64(umem_ledger_sock_frames(&l, 1) + umem_ledger_sock_frames(&l, 2) * 10, 10,
	       "socket 1 holds none, socket 2 still its own");
	is_u64(l.owned[LEDGER_APP], NFRAMES - 1, "every frame but socket 2's is the application's");
	is_u64(total_violations(&l), 0, "no violation");
	umem_ledger_free(&l);
}

int main(void)
{
	test_init();
	test_clean_cycle();
	test_violations();
	test_counts_and_first();
	test_settle();
	test_model();
	test_release_sock();
	return done();
}
