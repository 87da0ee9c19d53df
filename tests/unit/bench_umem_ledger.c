// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * What the UMEM ledger costs per forwarded frame, in CPU time: the
 * forwarder's four moves (FILL submit, RX peek, TX submit, completion), in
 * batches, on an 8192-frame UMEM with the pool's LIFO reuse, timed with the
 * ledger on and off (the same loop, the moves skipped). Machine load moves a
 * pps figure far more than this, so the cost is stated from here (README).
 *
 *   bench_umem_ledger [SECONDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "umem_ledger.h"

#define NFRAMES	 8192u
#define FS	 4096u
#define BATCH	 64u
#define FILL_LVL 2048u
#define HEADROOM 256u

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t pool[NFRAMES], fill[NFRAMES], tx[NFRAMES];

/* ns per forwarded frame; *refused: moves the ledger refused (0 expected). */
static double run(bool on, double secs, uint64_t *refused)
{
	struct umem_ledger l;
	uint32_t np = 0, fh = 0, ft = 0, th = 0, tt = 0;
	uint64_t frames = 0, bad = 0, t0, dt;

	if (umem_ledger_init(&l, NFRAMES, FS))
		exit(1);
	for (uint32_t i = 0; i < NFRAMES; i++)
		pool[np++] = (uint64_t)i * FS;
	for (uint32_t k = 0; k < FILL_LVL; k++) {
		uint64_t a = pool[--np];

		bad += on && !umem_ledger_fill(&l, 0, a);
		fill[fh++ % NFRAMES] = a;
	}
	t0 = now_ns();
	do {
		for (uint32_t j = 0; j < 1024; j += BATCH) {
			/* RX of socket 0 (the kernel's headroom in the frame) -> TX of socket 1 */
			for (uint32_t i = 0; i < BATCH; i++) {
				uint64_t a = fill[ft++ % NFRAMES] & ~(uint64_t)(FS - 1);

				a += HEADROOM;
				bad += on && !umem_ledger_rx(&l, 0, a, 60);
				bad += on && !umem_ledger_tx(&l, 1, a, 60);
				tx[th++ % NFRAMES] = a;
			}
			for (uint32_t i = 0; i < BATCH; i++) { /* completions back to the pool */
				uint64_t a = tx[tt++ % NFRAMES];

				bad += on && !umem_ledger_comp(&l, 1, a);
				pool[np++] = a;
			}
			for (uint32_t i = 0; i < BATCH; i++) { /* FILL topped up */
				uint64_t a = pool[--np];

				bad += on && !umem_ledger_fill(&l, 0, a);
				fill[fh++ % NFRAMES] = a;
			}
			frames += BATCH;
		}
		dt = now_ns() - t0;
	} while (dt < secs * 1e9);
	/* Keeps the compiler from dropping the loop when the ledger is off. */
	if (pool[np - 1] == UINT64_MAX)
		puts("");
	umem_ledger_free(&l);
	*refused = bad;
	return (double)dt / (double)frames;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2, on = 1e9, off = 1e9;
	uint64_t refused = 0, r;

	/* Interleaved, the best of three each: the least disturbed by other load. */
	for (int i = 0; i < 3; i++) {
		double a = run(true, secs, &r), b = run(false, secs, &(uint64_t){0});

		refused += r;
		on = a < on ? a : on;
		off = b < off ? b : off;
	}
	printf("umem ledger: %.2f ns per forwarded frame on, %.2f off: %.2f ns for its four moves "
	       "(%llu refused)\n",
	       on, off, on - off, (unsigned long long)refused);
	return refused ? 1 : 0;
}
