/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The kernel forwarder's traffic window, from its sampled rx count. Stray
 * frames (IPv6 neighbour discovery when links come up) would stretch a
 * first-to-last window, so the rate is taken between the moments 1 % and 99 %
 * of all frames had arrived (all of them for small runs), from the sampled
 * cumulative count; runs of equal counts keep two points.
 */
#ifndef XSKNS_RATE_WINDOW_H
#define XSKNS_RATE_WINDOW_H

#include <stddef.h>
#include <stdint.h>

struct rate_window {
	uint64_t *t, *c;
	size_t n, cap;
};

/* Add a sample: when (ns) and the cumulative count then. 0 or -ENOMEM. */
int rate_window_add(struct rate_window *h, uint64_t t, uint64_t c);
/* When the cumulative count reached target (linear between samples), in ns. */
double rate_window_time_at(const struct rate_window *h, double target);
/* Average rx rate over the traffic window; *window_s gets total / rate. */
double rate_window_rate(const struct rate_window *h, double *window_s);
void rate_window_free(struct rate_window *h);

#endif
