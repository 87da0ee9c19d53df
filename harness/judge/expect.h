/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What a scenario expects and how a run compares with it.
 *
 * A scenario's expect is a rule that may depend on the kernel release:
 *   expect = PASS
 *   expect = BUG if kernel < 5.14 else PASS
 *   expect = BUG if kernel < 5.14 or libbpf < 0.8.1 or libxdp < 1.3.0 else PASS
 * resolved for the kernel the run is on and the AF_XDP implementation it is built
 * with. Each run then becomes one KTAP result line, with the reason as diagnostic
 * lines before it (where kunit.py's parser keeps a test's log). The lines say how
 * each verdict compares with what its scenario expects: an expected BUG is
 * "ok ... # XFAIL BUG (as expected)", a verdict other than the expected one
 * "not ok". Only the exit status depends on the mode: the verdict's own, or
 * (--check-expect) whether all matched.
 */
#ifndef XSKNS_EXPECT_H
#define XSKNS_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "check.h"

#define EXPECT_RULE_MAX 192

/*
 * The verdict rule gives for kernel release (uname -r: "5.10.0-32-amd64"), with
 * no AF_XDP library known (a library term never holds).
 * Grammar: RULE = VERDICT [if COND else RULE], VERDICT PASS or BUG;
 * COND = TERM {or TERM | and TERM}, 'and' binding tighter; TERM = kernel OP VERSION,
 * LIBRARY OP VERSION or LIBRARY alone, LIBRARY one of libbpf, libxdp, selftests;
 * OP one of < <= > >=, VERSION 1 to 3 numbers compared as far as they go ("5.13"
 * is every 5.13.x: <= 5.13 holds for 5.13.19). A library term holds only when that
 * library is the running implementation. Returns 0, or -EINVAL with a one-line
 * message in err.
 */
int expect_resolve(const char *rule, const char *release, enum verdict *out, char *err,
		   size_t errlen);

/* What a rule is resolved against: the kernel and the running AF_XDP implementation. */
struct expect_env {
	const char *release;	  /* uname -r */
	const char *impl;	  /* xsk_impl_describe()'s name: libxdp, libxdp-tree, libbpf, ... */
	const char *impl_version; /* its version: "1.3.1", "0.8.0", "linux-6.1.158" */
};
/* The rule's verdict for env (expect_resolve() with the implementation's terms). */
int expect_resolve_for(const char *rule, const struct expect_env *env, enum verdict *out, char *err,
		       size_t errlen);
/* The library term an implementation answers to (libxdp-tree: libxdp), or NULL. */
const char *expect_library_of(const char *impl);
/* 0 when rule is well formed whatever the kernel; else -EINVAL and why in err. */
int expect_check(const char *rule, char *err, size_t errlen);

/* How one run counts, as kselftest counts (and JUnit: fail is a failure, error an error). */
enum outcome { OUT_PASS, OUT_XFAIL, OUT_FAIL, OUT_XPASS, OUT_SKIP, OUT_ERROR };

/* got judged against expect: a BUG is a failure only where it was not expected. */
enum outcome outcome_of(enum verdict expect, enum verdict got);

/* KTAP result lines of a run of several scenarios, and what they add up to. */
struct ktap_totals {
	unsigned int pass;   /* PASS where PASS is expected */
	unsigned int xfail;  /* BUG where BUG is expected */
	unsigned int fail;   /* BUG where PASS is expected */
	unsigned int xpass;  /* PASS where BUG is expected: a failure */
	unsigned int skip;   /* SKIP: cannot run on this kernel */
	unsigned int error;  /* ERROR or interrupted: nothing judged */
	unsigned int got[4]; /* by verdict (enum verdict), whatever was expected */
};

/*
 * Scenario n's lines: "# VERDICT: reason" before its result line, which says
 * "(as expected)" or "(expected PASS)".
 */
void ktap_result(FILE *f, int n, const char *name, enum verdict expect, enum verdict got,
		 const char *reason, struct ktap_totals *t);
/* A scenario not run because the run was interrupted. */
void ktap_interrupted(FILE *f, int n, const char *name, struct ktap_totals *t);
/* kselftest's summary line, a KTAP diagnostic: "# Totals: pass:1 fail:0 ...". */
void ktap_totals_print(FILE *f, const struct ktap_totals *t);
/*
 * Exit status: 2 on any ERROR; then 1 on a BUG (plain: the verdict, expected or
 * not, which bisects rely on) or on a verdict other than expected (check); then,
 * plain only, 4 when something was skipped.
 */
int ktap_exit_code(const struct ktap_totals *t, bool check);
/*
 * One line for people: "2 scenarios: 1 PASS 1 BUG; every verdict as expected".
 * Returns how many were not as expected (ERROR included): 0 when all matched.
 */
int ktap_summary(char *buf, size_t len, const struct ktap_totals *t);

#endif
