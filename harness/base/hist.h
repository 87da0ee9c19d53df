/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Log-linear latency histogram, fixed size, no allocation.
 *
 * Values below 2^HIST_SUB_BITS are counted exactly. Above, every power of two
 * [2^e, 2^(e+1)) is split into 2^HIST_SUB_BITS linear sub-buckets of width
 * 2^(e - HIST_SUB_BITS). A percentile is reported as the middle of its bucket,
 * so it is within HIST_REL_ERR of the true sample value; min and max are exact.
 * The whole uint64_t range is covered (1 ns .. ~584 years in ns).
 */
#ifndef XSKNS_HIST_H
#define XSKNS_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 6
#define HIST_SUB      (1u << HIST_SUB_BITS)
/* One exact group below 2^HIST_SUB_BITS, then one group per exponent. */
#define HIST_BUCKETS (HIST_SUB * (64 - HIST_SUB_BITS + 1))
/* Bound on |reported - true| / true for any percentile: half a sub-bucket. */
#define HIST_REL_ERR (1.0 / (2 * HIST_SUB))

struct hist {
	uint64_t count;
	uint64_t min, max;
	double sum;
	uint64_t buckets[HIST_BUCKETS];
};

void hist_init(struct hist *h);
void hist_add(struct hist *h, uint64_t v);
/* Add every sample of src to dst. */
void hist_merge(struct hist *dst, const struct hist *src);

uint64_t hist_count(const struct hist *h);
/* min, max and mean are 0 for an empty histogram. */
uint64_t hist_min(const struct hist *h);
uint64_t hist_max(const struct hist *h);
double hist_mean(const struct hist *h);
/*
 * The sample at rank ceil(p/100 * count) (p in [0, 100], clamped), within
 * HIST_REL_ERR; p = 0 gives min, p = 100 gives max, both exact. 0 when empty.
 */
uint64_t hist_percentile(const struct hist *h, double p);

/* Bucket index of a value, and the [lo, hi] range a bucket covers (for tests). */
unsigned int hist_bucket(uint64_t v);
void hist_bucket_range(unsigned int idx, uint64_t *lo, uint64_t *hi);

#endif
