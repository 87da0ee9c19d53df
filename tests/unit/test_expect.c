// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Expectations: a scenario's expect rule resolved per kernel release, every
 * mistake in a rule named, and the KTAP lines of each (expected, got) pair with
 * the totals and exit status they add up to.
 */
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "log.h"
#include "tap.h"

#define COOKIE_RULE "BUG if kernel < 5.14 else PASS"

/* The verdict rule gives on release, or -1 when it is refused. */
static int resolve(const char *rule, const char *release)
{
	enum verdict v;
	char err[256];

	return expect_resolve(rule, release, &v, err, sizeof(err)) ? -1 : (int)v;
}

static void test_resolve(void)
{
	ok(resolve("PASS", "6.1.0-56-amd64") == VERDICT_PASS, "PASS is PASS anywhere");
	ok(resolve("BUG", "5.10.0-32-amd64") == VERDICT_BUG, "BUG is BUG anywhere");
	ok(resolve(COOKIE_RULE, "5.10.0-32-amd64") == VERDICT_BUG, "Debian 11's 5.10: BUG");
	ok(resolve(COOKIE_RULE, "5.13.19") == VERDICT_BUG, "5.13.19: BUG");
	ok(resolve(COOKIE_RULE, "5.14") == VERDICT_PASS, "5.14 itself: PASS");
	ok(resolve(COOKIE_RULE, "5.14.0-rc1") == VERDICT_PASS, "5.14.0-rc1: PASS");
	ok(resolve(COOKIE_RULE, "6.18.44-fc-v782") == VERDICT_PASS,
	   "6.18: PASS (18 > 14, not text)");
	ok(resolve(COOKIE_RULE, "10.0") == VERDICT_PASS, "10.0: PASS (numbers, not text)");
	ok(resolve("BUG if kernel<5.14 else PASS", "5.4.0") == VERDICT_BUG,
	   "no spaces around the operator");
	ok(resolve("PASS if kernel >= 5.14 else BUG", "5.10.1") == VERDICT_BUG &&
	       resolve("PASS if kernel >= 5.14 else BUG", "5.14.0") == VERDICT_PASS,
	   ">= includes the version itself");
	ok(resolve("BUG if kernel <= 5.13 else PASS", "5.13.19") == VERDICT_BUG &&
	       resolve("BUG if kernel <= 5.13.0 else PASS", "5.13.19") == VERDICT_PASS,
	   "<= 5.13 is every 5.13.x; <= 5.13.0 is not 5.13.19");
	ok(resolve("BUG if kernel > 6.1 else PASS", "6.1.119") == VERDICT_PASS &&
	       resolve("BUG if kernel > 6.1 else PASS", "6.2.0") == VERDICT_BUG &&
	       resolve("BUG if kernel > 6 else PASS", "6.18.0") == VERDICT_PASS,
	   "> 6.1 starts at 6.2; > 6 at 7");
	ok(resolve("BUG if kernel < 5.14 else PASS if kernel < 6.1 else BUG", "5.15.0") ==
		   VERDICT_PASS &&
	       resolve("BUG if kernel < 5.14 else PASS if kernel < 6.1 else BUG", "6.1.0") ==
		   VERDICT_BUG &&
	       resolve("BUG if kernel < 5.14 else PASS if kernel < 6.1 else BUG", "4.19") ==
		   VERDICT_BUG,
	   "chained conditions: the first that holds wins");
	ok(resolve("PASS", "unknown") == VERDICT_PASS, "a plain verdict needs no kernel version");
}

#define IMPL_RULE "BUG if kernel < 5.14 or libbpf < 0.8.1 or libxdp < 1.3.0 or selftests else PASS"

/* The verdict rule gives on release with implementation impl at version, or -1. */
static int resolve_impl(const char *rule, const char *release, const char *impl,
			const char *version)
{
	struct expect_env env = {.release = release, .impl = impl, .impl_version = version};
	enum verdict v;
	char err[256];

	return expect_resolve_for(rule, &env, &v, err, sizeof(err)) ? -1 : (int)v;
}

static void test_library_terms(void)
{
	ok(resolve_impl(IMPL_RULE, "6.1.0", "libbpf", "0.8.0") == VERDICT_BUG &&
	       resolve_impl(IMPL_RULE, "6.1.0", "libbpf", "0.8.1") == VERDICT_PASS,
	   "libbpf 0.8.0 BUG, 0.8.1 PASS on 6.1");
	ok(resolve_impl(IMPL_RULE, "6.1.0", "libxdp-tree", "1.2.1") == VERDICT_BUG &&
	       resolve_impl(IMPL_RULE, "6.1.0", "libxdp", "1.3.1") == VERDICT_PASS &&
	       resolve_impl(IMPL_RULE, "6.1.0", "libxdp-tree", "1.3.0") == VERDICT_PASS,
	   "libxdp (a tree or the system's) 1.2.1 BUG, 1.3.0 and 1.3.1 PASS");
	ok(resolve_impl(IMPL_RULE, "5.10.0-32-amd64", "libbpf", "0.8.1") == VERDICT_BUG &&
	       resolve_impl(IMPL_RULE, "5.10.0-32-amd64", "libxdp", "1.3.1") == VERDICT_BUG,
	   "a fixed library on a kernel without SO_NETNS_COOKIE is still BUG");
	ok(resolve_impl("BUG if libbpf < 0.8.1 else PASS", "6.1.0", "libxdp", "0.8.0") ==
	       VERDICT_PASS,
	   "a libbpf term does not hold for libxdp, whatever its version");
	ok(resolve_impl(IMPL_RULE, "6.1.0", "selftests-xsk", "linux-6.1.158") == VERDICT_BUG &&
	       resolve_impl("BUG if selftests < 6.2 else PASS", "6.1.0", "selftests-xsk",
			    "linux-6.1.158") == VERDICT_BUG &&
	       resolve_impl("BUG if selftests < 6.1 else PASS", "6.1.0", "selftests-xsk",
			    "linux-6.1.158") == VERDICT_PASS,
	   "selftests alone holds for the helper; with OP, its kernel tree's version");
	ok(resolve_impl(IMPL_RULE, "6.1.0", NULL, NULL) == VERDICT_PASS &&
	       resolve(IMPL_RULE, "6.1.0") == VERDICT_PASS,
	   "no implementation known: no library term holds");
	ok(resolve_impl("BUG if kernel >= 5.14 and libbpf < 0.8.1 or kernel < 5.14 else PASS",
			"6.1.0", "libbpf", "0.8.0") == VERDICT_BUG &&
	       resolve_impl("BUG if kernel >= 5.14 and libbpf < 0.8.1 or kernel < 5.14 else PASS",
			    "6.1.0", "libbpf", "0.8.1") == VERDICT_PASS &&
	       resolve_impl("BUG if kernel >= 5.14 and libbpf < 0.8.1 or kernel < 5.14 else PASS",
			    "5.10.0", "libxdp", "1.3.1") == VERDICT_BUG,
	   "'and' binds tighter than 'or'");
	ok(resolve_impl(IMPL_RULE, "6.1.0", "libbpf", "") == -1 &&
	       resolve_impl(IMPL_RULE, "6.1.0", "libxdp", "") == -1 &&
	       resolve_impl(IMPL_RULE, "6.1.0", "selftests-xsk", "") == VERDICT_BUG,
	   "a term on the running library with no version read: refused, not guessed");
}

/* A refused rule, and the message naming what is wrong. */
static void refused(const char *rule, const char *release, const char *why)
{
	enum verdict v;
	char err[256] = "";
	int ret = release ? expect_resolve(rule, release, &v, err, sizeof(err))
			  : expect_check(rule, err, sizeof(err));

	ok(ret == -22 && strstr(err, why), "'%s' refused: %s", rule, err);
}

static void test_refused(void)
{
	refused("ERROR", NULL, "'ERROR' is not an expected verdict (PASS or BUG)");
	refused("SKIP", NULL, "'SKIP' is not an expected verdict");
	refused("pass", NULL, "'pass' is not an expected verdict");
	refused("", NULL, "a verdict is missing");
	refused("BUG PASS", NULL, "'PASS' after BUG: expected 'if' or the end");
	refused("BUG if kernel < 5.14", NULL, "a condition needs its 'else VERDICT'");
	refused("BUG if kernel < 5.14 else", NULL, "a verdict is missing");
	refused("BUG if uname < 5.14 else PASS", NULL,
		"'uname' is not a term: kernel, libbpf, libxdp or selftests");
	refused("BUG if kernel else PASS", NULL, "'else' is not a comparison");
	refused("BUG if libbpf < 0.8.x else PASS", NULL, "'0.8.x' is not a libbpf version");
	refused("BUG if libbpf < 0.8.1 or else PASS", NULL, "'else' is not a term");
	refused("BUG if libbpf < 0.8.1 nor kernel < 5.14 else PASS", NULL,
		"a condition needs its 'else VERDICT', not 'nor'");
	refused("BUG if kernel = 5.14 else PASS", NULL, "'=' is not a comparison");
	refused("BUG if kernel == 5.14 else PASS", NULL, "'==' is not a comparison");
	refused("BUG if kernel < five else PASS", NULL, "'five' is not a kernel version");
	refused("BUG if kernel < 5.14. else PASS", NULL, "'5.14.' is not a kernel version");
	refused("BUG if kernel < 5.14.1.2 else PASS", NULL, "is not a kernel version");
	refused(COOKIE_RULE, "unknown", "cannot read a version from kernel release 'unknown'");
	/* A mistake after a condition that holds is still found. */
	refused("BUG if kernel < 9.0 else MAYBE", "5.10.0", "'MAYBE' is not an expected verdict");
}

/* The KTAP of one (expect, got) pair; returns what was written. */
static char *lines(enum verdict expect, enum verdict got, struct ktap_totals *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ktap_result(f, 3, "s", expect, got, got == VERDICT_PASS ? "" : "why", t);
	fclose(f);
	return buf;
}

static void is_lines(enum verdict expect, enum verdict got, const char *want, const char *name)
{
	struct ktap_totals t = {0};
	char *got_text = lines(expect, got, &t);

	if (!ok(!strcmp(got_text, want), "%s", name))
		diag("got:\n%s", got_text);
	free(got_text);
}

static void test_ktap_lines(void)
{
	is_lines(VERDICT_PASS, VERDICT_PASS, "ok 3 s\n", "PASS as expected: ok");
	is_lines(VERDICT_BUG, VERDICT_BUG, "# BUG: why\nok 3 s # XFAIL BUG (as expected)\n",
		 "BUG as expected: ok # XFAIL, saying so, the reason once, before it");
	is_lines(VERDICT_PASS, VERDICT_BUG, "# BUG: why\nnot ok 3 s # BUG (expected PASS)\n",
		 "BUG where PASS is expected: not ok, saying what was expected");
	is_lines(VERDICT_BUG, VERDICT_PASS, "not ok 3 s # PASS (expected BUG)\n",
		 "PASS where BUG is expected: not ok");
	is_lines(VERDICT_BUG, VERDICT_ERROR, "# ERROR: why\nnot ok 3 s # ERROR: why\n",
		 "ERROR: never ok, whatever was expected");
	is_lines(VERDICT_PASS, VERDICT_ERROR, "# ERROR: why\nnot ok 3 s # ERROR: why\n",
		 "ERROR where PASS is expected: not ok");
	is_lines(VERDICT_BUG, VERDICT_SKIP, "# SKIP: why\nok 3 s # SKIP why\n", "SKIP: ok # SKIP");
}

static void is_summary(struct ktap_totals t, int want_off, const char *want, const char *name)
{
	char buf[256];
	int off = ktap_summary(buf, sizeof(buf), &t);

	if (!ok(off == want_off && !strcmp(buf, want), "%s", name))
		diag("got %d: %s", off, buf);
}

static void test_totals(void)
{
	static const enum verdict all[] = {VERDICT_PASS, VERDICT_BUG, VERDICT_ERROR, VERDICT_SKIP};
	struct ktap_totals t = {0}, one;
	char *buf = NULL, name[] = "x # SKIP\nok 9";
	size_t len = 0;
	FILE *f;

	for (size_t e = 0; e < 2; e++)
		for (size_t g = 0; g < 4; g++)
			free(lines(all[e], all[g], &t));
	ok(t.pass == 1 && t.xfail == 1 && t.fail == 1 && t.xpass == 1 && t.skip == 2 &&
	       t.error == 2 && t.got[VERDICT_BUG] == 2 && t.got[VERDICT_PASS] == 2,
	   "every pair counted once, as kselftest counts, and by verdict");
	f = open_memstream(&buf, &len);
	ktap_totals_print(f, &t);
	ktap_interrupted(f, 4, name, &t);
	ktap_result(f, 5, name, VERDICT_PASS, VERDICT_BUG, "a\nok 8 b", &t);
	fclose(f);
	ok(!strcmp(buf, "# Totals: pass:1 fail:1 xfail:1 xpass:1 skip:2 error:2\n"
			"not ok 4 x \\x23 SKIP\\x0aok 9 # SKIP interrupted\n"
			"# BUG: a ok 8 b\nnot ok 5 x \\x23 SKIP\\x0aok 9 # BUG (expected PASS)\n"),
	   "totals line; interrupted; hostile names and reasons stay on their lines");
	if (strstr(buf, "# Totals") != buf)
		diag("%s", buf);
	free(buf);
	ok(ktap_exit_code(&t, true) == EXIT_ERROR, "any ERROR: exit 2");
	one = (struct ktap_totals){.pass = 1, .xfail = 1, .skip = 1, .got = {1, 1, 1, 0}};
	ok(ktap_exit_code(&one, true) == EXIT_PASS, "check: as expected, skips included: exit 0");
	ok(ktap_exit_code(&one, false) == EXIT_BUG,
	   "plain: the verdict's status, 1 for a BUG even where expected (bisects rely on it)");
	one.xpass = 1;
	ok(ktap_exit_code(&one, true) == EXIT_BUG, "check: an unexpected PASS: exit 1");
	one = (struct ktap_totals){.pass = 1, .skip = 1, .got = {1, 1, 0, 0}};
	ok(ktap_exit_code(&one, false) == EXIT_SKIP, "plain: PASS and SKIP: exit 4");
	one.fail = 1;
	one.got[VERDICT_BUG] = 1;
	ok(ktap_exit_code(&one, false) == EXIT_BUG, "plain: a BUG: exit 1");

	is_summary((struct ktap_totals){.pass = 1, .xfail = 1, .got = {1, 0, 1, 0}}, 0,
		   "2 scenarios: 1 PASS 1 BUG; every verdict as expected",
		   "summary: an expected BUG is as expected");
	is_summary((struct ktap_totals){.xfail = 1, .got = {0, 0, 1, 0}}, 0,
		   "1 scenario: 1 BUG; the verdict as expected", "summary: one scenario");
	is_summary((struct ktap_totals){.pass = 1, .fail = 1, .got = {1, 0, 1, 0}}, 1,
		   "2 scenarios: 1 PASS 1 BUG; 1 not as expected",
		   "summary: a BUG where PASS is expected is not as expected");
	is_summary((struct ktap_totals){.xpass = 1, .got = {1, 0, 0, 0}}, 1,
		   "1 scenario: 1 PASS; 1 not as expected",
		   "summary: a PASS where BUG is expected is not as expected");
	is_summary((struct ktap_totals){.pass = 1, .error = 1, .got = {1, 0, 0, 1}}, 1,
		   "2 scenarios: 1 PASS 1 ERROR; nothing judged for 1", "summary: an ERROR");
}

int main(void)
{
	test_resolve();
	test_refused();
	test_library_terms();
	test_ktap_lines();
	test_totals();
	return done();
}
