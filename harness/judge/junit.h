/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * JUnit XML for the CI systems that read it (`xskns run --junit FILE`): one
 * testsuite, one testcase per scenario with its verdict, reason, rates and
 * latency as properties. A failure, error or skipped element follows the same
 * judgement as the KTAP lines (expect.h): in expectations mode an expected BUG
 * passes.
 */
#ifndef XSKNS_JUNIT_H
#define XSKNS_JUNIT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"

struct junit_case {
	char name[64];
	char result[PATH_MAX + 16]; /* its result.json, "" when none */
	enum verdict expect, verdict;
	bool interrupted; /* never run */
	char reason[512];
	double time_s;
	double gen_pps, fwd_rx_pps, fwd_tx_pps, sink_pps;
	uint64_t lat_p50_ns, lat_p99_ns, lat_max_ns;
};

struct junit {
	struct junit_case *v;
	size_t n, cap;
	bool check; /* expectations mode */
};

/* Returns 0 or -ENOMEM. */
int junit_add(struct junit *j, const struct junit_case *c);
/* The whole document; kernel and version become suite properties. Returns 0 or -errno. */
int junit_write(const char *path, const struct junit *j, const char *kernel, const char *version);
void junit_free(struct junit *j);

#endif
