/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Minimal TAP producer for the unit tests: one binary per module, read by
 * prove. plan(n) first (or not at all: done() then prints the plan at the
 * end, which TAP allows), then ok()/is_u64()/..., then return done().
 */
#ifndef XSKNS_TAP_H
#define XSKNS_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static int tap_planned = -1, tap_run, tap_failed;

static inline void plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void tap_vresult(int pass, const char *fmt, va_list ap)
{
	tap_run++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_run);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

/* Returns cond, so a test can add detail on failure. */
static inline __attribute__((format(printf, 2, 3))) int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(cond, fmt, ap);
	va_end(ap);
	return cond;
}

/* Diagnostics: shown by prove on failure or with -v. */
static inline __attribute__((format(printf, 1, 2))) void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static inline __attribute__((format(printf, 3, 4))) int is_u64(uint64_t got, uint64_t want,
							       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		diag("  got %" PRIu64 ", want %" PRIu64, got, want);
	return got == want;
}

static inline __attribute__((format(printf, 3, 4))) int is_i64(int64_t got, int64_t want,
							       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		diag("  got %" PRId64 ", want %" PRId64, got, want);
	return got == want;
}

/* Exit status for main: 0 when every planned test ran and passed. */
static inline int done(void)
{
	if (tap_planned < 0) {
		tap_planned = tap_run;
		printf("1..%d\n", tap_run);
	}
	if (tap_run != tap_planned)
		diag("planned %d tests, ran %d", tap_planned, tap_run);
	return tap_failed || tap_run != tap_planned ? 1 : 0;
}

#endif
