// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>

#include "rate_window.h"

int rate_window_add(struct rate_window *h, uint64_t t, uint64_t c)
{
	if (h->n >= 2 && h->c[h->n - 1] == c && h->c[h->n - 2] == c) {
		h->t[h->n - 1] = t;
		return 0;
	}
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 256;
		uint64_t *nt = realloc(h->t, cap * sizeof(*nt)), *nc;

		if (!nt)
			return -ENOMEM;
		h->t = nt;
		nc = realloc(h->c, cap * sizeof(*nc));
		if (!nc)
			return -ENOMEM;
		h->c = nc;
		h->cap = cap;
	}
	h->t[h->n] = t;
	h->c[h->n] = c;
	h->n++;
	return 0;
}

double rate_window_time_at(const struct rate_window *h, double target)
{
	for (size_t i = 1; i < h->n; i++) {
		if ((double)h->c[i] >= target) {
			double c0 = (double)h->c[i - 1], c1 = (double)h->c[i];
			double t0 = (double)h->t[i - 1], t1 = (double)h->t[i];

			if (c1 <= c0 || target <= c0)
				return t0;
			return t0 + (target - c0) / (c1 - c0) * (t1 - t0);
		}
	}
	return h->n ? (double)h->t[h->n - 1] : 0;
}

double rate_window_rate(const struct rate_window *h, double *window_s)
{
	uint64_t total = h->n ? h->c[h->n - 1] : 0;
	double lo, hi, dt;

	*window_s = 0;
	if (!total)
		return 0;
	lo = total >= 1000 ? 0.01 * (double)total : 0.5;
	hi = total >= 1000 ? 0.99 * (double)total : (double)total;
	dt = rate_window_time_at(h, hi) - rate_window_time_at(h, lo);
	if (total < 1000) /* whole frames: from the sample before the first to the last */
		lo = 0;
	if (dt <= 0)
		return 0;
	*window_s = (double)total * dt / (hi - lo) / 1e9;
	return (hi - lo) * 1e9 / dt;
}

void rate_window_free(struct rate_window *h)
{
	free(h->t);
	free(h->c);
}
