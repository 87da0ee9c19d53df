// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The kernel forwarder's rate window: 1 % to 99 % of the frames, noise before them ignored. */
#include <math.h>

#include "rate_window.h"
#include "tap.h"

#define S 1000000000ULL

static int near(double got, double want)
{
	return fabs(got - want) <= want * 1e-6;
}

int main(void)
{
	struct rate_window h = {0};
	double rate, win;

	ok(rate_window_rate(&h, &win) == 0 && win == 0, "no samples: no rate, no window");
	for (uint64_t k = 0; k <= 10; k++)
		rate_window_add(&h, k * S, 1000 * k);
	rate = rate_window_rate(&h, &win);
	ok(near(rate, 1000) && near(win, 10),
	   "steady 1000 pps for 10 s: 1000 pps over 10 s (%.3f s)", win);
	ok(near(rate_window_time_at(&h, 2500), 2.5 * S),
	   "the time a count was reached, interpolated");
	rate_window_free(&h);

	/* Five stray frames, 10 s of silence, then 10 s at 1000 pps. */
	h = (struct rate_window){0};
	rate_window_add(&h, 0, 5);
	for (uint64_t k = 0; k <= 10; k++)
		rate_window_add(&h, (10 + k) * S, 5 + 1000 * k);
	rate = rate_window_rate(&h, &win);
	ok(fabs(rate - 1000) < 1 && fabs(win - 10) < 0.01,
	   "stray frames before the traffic do not stretch the window (%.3f s)", win);
	rate_window_free(&h);

	h = (struct rate_window){0};
	rate_window_add(&h, 0, 7);
	rate_window_add(&h, 1 * S, 7);
	rate_window_add(&h, 2 * S, 7);
	ok(h.n == 2 && h.t[1] == 2 * S,
	   "a run of equal counts keeps two points, the last one moved");
	rate_window_free(&h);

	/* A small run: every frame counts, from the sample before the first. */
	h = (struct rate_window){0};
	rate_window_add(&h, 0, 0);
	rate_window_add(&h, 1 * S, 10);
	rate_window_add(&h, 2 * S, 10);
	rate = rate_window_rate(&h, &win);
	ok(rate > 0 && win > 0 && win <= 1,
	   "10 frames in one sample interval: a rate over at most that interval (%.3f s)", win);
	rate_window_free(&h);
	return done();
}
