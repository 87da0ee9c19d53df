// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* hist: bucket layout, exact extremes, percentiles against a sorted reference. */
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "util.h"
#include "tap.h"

#define N 200000

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	/* xorshift64*: deterministic, so a failure reproduces. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The sample at rank ceil(p/100 * n), as hist_percentile() defines it. */
static uint64_t ref_percentile(const uint64_t *sorted, size_t n, double p)
{
	double r = p / 100.0 * (double)n;
	size_t rank = (size_t)r;

	if ((double)rank < r)
		rank++;
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

static const double pcts[] = {0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100};

/* Every percentile within the bound; p0/p100 exact. Returns failures. */
static void check_dist(const char *name, uint64_t *v, size_t n)
{
	struct hist h;
	double sum = 0, worst = 0;
	int bad = 0;

	hist_init(&h);
	for (size_t i = 0; i < n; i++) {
		hist_add(&h, v[i]);
		sum += (double)v[i];
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < ARRAY_SIZE(pcts); i++) {
		uint64_t want = ref_percentile(v, n, pcts[i]), got = hist_percentile(&h, pcts[i]);
		double err = want ? ((double)(got > want ? got - want : want - got)) / (double)want
				  : (double)got;

		if (err > worst)
			worst = err;
		if (err > HIST_REL_ERR) {
			bad++;
			diag("%s p%g: got %" PRIu64 ", want %" PRIu64 " (rel err %g)", name,
			     pcts[i], got, want, err);
		}
	}
	ok(!bad, "%s: percentiles within %.2f%% of the sorted reference (worst %.3f%%)", name,
	   HIST_REL_ERR * 100, worst * 100);
	is_u64(hist_min(&h), v[0], "%s: min exact", name);
	is_u64(hist_max(&h), v[n - 1], "%s: max exact", name);
	is_u64(hist_percentile(&h, 100), v[n - 1], "%s: p100 is max", name);
	ok(hist_mean(&h) == sum / (double)n, "%s: mean", name);
}

int main(void)
{
	static uint64_t v[N];
	struct hist h, a, b;
	uint64_t lo, hi, prev_hi = 0;
	int bad = 0;

	hist_init(&h);
	is_u64(hist_count(&h), 0, "empty: count 0");
	is_u64(hist_percentile(&h, 50), 0, "empty: p50 is 0");
	is_u64(hist_min(&h), 0, "empty: min 0");
	ok(hist_mean(&h) == 0, "empty: mean 0");

	/* Layout: buckets tile [0, UINT64_MAX] in order, each narrow enough for the bound. */
	for (unsigned int i = 0; i < HIST_BUCKETS; i++) {
		hist_bucket_range(i, &lo, &hi);
		if ((i && lo != prev_hi + 1) || hi < lo || hist_bucket(lo) != i ||
		    hist_bucket(hi) != i || (double)(hi - lo) / 2 > (double)lo * HIST_REL_ERR) {
			if (bad++ < 5)
				diag("bucket %u: [%" PRIu64 ", %" PRIu64 "]", i, lo, hi);
		}
		prev_hi = hi;
	}
	ok(!bad, "buckets tile the range, contiguous, within the error bound");
	is_u64(prev_hi, UINT64_MAX, "last bucket ends at UINT64_MAX");
	for (uint64_t x = 0; x < 2 * HIST_SUB; x++) {
		hist_bucket_range(hist_bucket(x), &lo, &hi);
		if (lo != x || hi != x)
			bad++;
	}
	ok(!bad, "values below %u are exact", 2 * HIST_SUB);

	/* Distributions. */
	for (size_t i = 0; i < N; i++)
		v[i] = 1 + rnd() % 1000000;
	check_dist("uniform 1..1e6", v, N);
	for (size_t i = 0; i < N; i++) /* log-uniform over 1 ns .. ~1000 s */
		v[i] = 1 + (rnd() >> (24 + rnd() % 40));
	check_dist("log-uniform", v, N);
	for (size_t i = 0; i < N; i++)
		v[i] = i % 100 ? 20000 + rnd() % 500 : 5000000 + rnd() % 100000;
	check_dist("bimodal 20us/5ms", v, N);
	for (size_t i = 0; i < 1000; i++)
		v[i] = 12345;
	check_dist("constant", v, 1000);
	v[0] = 7;
	check_dist("single sample", v, 1);
	v[0] = 0;
	v[1] = UINT64_MAX;
	v[2] = 1;
	check_dist("extremes", v, 3);

	/* Merge equals adding everything to one histogram. */
	hist_init(&h);
	hist_init(&a);
	hist_init(&b);
	for (size_t i = 0; i < N; i++) {
		uint64_t x = rnd() % 10000000;

		hist_add(&h, x);
		hist_add(i % 3 ? &a : &b, x);
	}
	hist_merge(&a, &b);
	ok(!memcmp(a.buckets, h.buckets, sizeof(h.buckets)) && a.count == h.count &&
	       a.min == h.min && a.max == h.max,
	   "merge of two halves equals the whole");
	hist_init(&b);
	hist_merge(&a, &b);
	is_u64(hist_min(&a), hist_min(&h), "merging an empty histogram keeps min");
	hist_merge(&b, &a);
	is_u64(hist_percentile(&b, 99), hist_percentile(&h, 99), "merge into empty: p99");

	return done();
}
