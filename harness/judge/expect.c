// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "ktap.h"
#include "log.h"

/* ---- rules --------------------------------------------------------------- */

struct scan {
	const char *p;
	char tok[32];
};

/* Next token: a word of letters, digits and dots, or an operator of <>=!. "" at the end. */
static const char *next_tok(struct scan *s)
{
	size_t n = 0;

	while (isspace((unsigned char)*s->p))
		s->p++;
	if (isalnum((unsigned char)*s->p) || *s->p == '.') {
		while ((isalnum((unsigned char)*s->p) || *s->p == '.') && n + 1 < sizeof(s->tok))
			s->tok[n++] = *s->p++;
	} else {
		while (*s->p && strchr("<>=!", *s->p) && n + 1 < sizeof(s->tok))
			s->tok[n++] = *s->p++;
		if (!n && *s->p)
			s->tok[n++] = *s->p++; /* anything else: one bad character */
	}
	s->tok[n] = '\0';
	return s->tok;
}

/* "5.14" or "5.10.0-32-amd64" -> {5, 10, 0}; missing parts are 0. Returns parts read. */
static int parse_version(const char *s, long v[3], bool whole)
{
	int n = 0;

	v[0] = v[1] = v[2] = 0;
	while (n < 3 && isdigit((unsigned char)*s)) {
		char *end;

		v[n++] = strtol(s, &end, 10);
		s = end;
		if (*s != '.')
			break;
		s++;
	}
	/* A rule's version is nothing but numbers; a release may go on ("-32-amd64"). */
	if (whole && (*s || s[-1] == '.'))
		return 0;
	return n;
}

/* Only the parts the rule gives: "5.13" stands for every 5.13.x. */
static int version_cmp(const long a[3], const long b[3], int parts)
{
	for (int i = 0; i < parts; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static int bad(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* The release a rule is resolved for: NULL checks the syntax only. */
struct kernel {
	const char *release;
	bool known; /* a version could be read from it */
	long v[3];
};

/* kernel OP VERSION: *holds tells whether it does for k. */
static int condition(struct scan *s, const struct kernel *k, bool *holds, char *err, size_t errlen)
{
	static const char *const ops[] = {"<", "<=", ">", ">="};
	char op[4];
	long v[3];
	int c, parts;

	if (strcmp(next_tok(s), "kernel"))
		return bad(err, errlen, "'if' must be followed by 'kernel', not '%s'", s->tok);
	snprintf(op, sizeof(op), "%s", next_tok(s));
	for (c = 0; c < 4 && strcmp(op, ops[c]); c++)
		;
	if (c == 4)
		return bad(err, errlen, "'%s' is not a comparison (<, <=, > or >=)", s->tok);
	parts = parse_version(next_tok(s), v, true);
	if (!parts)
		return bad(err, errlen, "'%s' is not a kernel version like 5.14", s->tok);
	if (k && !k->known)
		return bad(err, errlen, "cannot read a version from kernel release '%s'",
			   k->release);
	if (k) {
		int cmp = version_cmp(k->v, v, parts);

		*holds = c == 0 ? cmp < 0 : c == 1 ? cmp <= 0 : c == 2 ? cmp > 0 : cmp >= 0;
	}
	return 0;
}

/*
 * The rule from s on. Every condition is parsed whether or not an earlier one
 * held, so a mistake is found on any kernel.
 */
static int eval(struct scan *s, const struct kernel *k, enum verdict *out, char *err, size_t errlen)
{
	bool decided = false, holds = false;
	enum verdict v;

	for (;;) {
		if (!*next_tok(s))
			return bad(err, errlen, "a verdict is missing (PASS or BUG)");
		if (verdict_parse(s->tok, &v) || (v != VERDICT_PASS && v != VERDICT_BUG))
			return bad(err, errlen, "'%s' is not an expected verdict (PASS or BUG)",
				   s->tok);
		if (!*next_tok(s))
			break;
		if (strcmp(s->tok, "if"))
			return bad(err, errlen, "'%s' after %s: expected 'if' or the end", s->tok,
				   verdict_name(v));
		if (condition(s, k, &holds, err, errlen))
			return -EINVAL;
		if (strcmp(next_tok(s), "else"))
			return bad(err, errlen, "a condition needs its 'else VERDICT'%s%s%s",
				   *s->tok ? ", not '" : "", s->tok, *s->tok ? "'" : "");
		if (!decided && holds) {
			*out = v;
			decided = true;
		}
	}
	if (!decided)
		*out = v;
	return 0;
}

int expect_resolve(const char *rule, const char *release, enum verdict *out, char *err,
		   size_t errlen)
{
	struct scan s = {.p = rule};
	struct kernel k = {.release = release};

	/* Only a rule with a condition needs the version. */
	k.known = parse_version(release, k.v, false) > 0;
	return eval(&s, &k, out, err, errlen);
}

int expect_check(const char *rule, char *err, size_t errlen)
{
	struct scan s = {.p = rule};
	enum verdict v;

	return eval(&s, NULL, &v, err, errlen);
}

/* ---- KTAP ---------------------------------------------------------------- */

enum outcome outcome_of(enum verdict expect, enum verdict got, bool check)
{
	if (got == VERDICT_ERROR)
		return OUT_ERROR;
	if (got == VERDICT_SKIP)
		return OUT_SKIP;
	if (!check)
		return got == VERDICT_PASS ? OUT_PASS : OUT_FAIL;
	if (got != expect)
		return got == VERDICT_PASS ? OUT_XPASS : OUT_FAIL;
	return got == VERDICT_PASS ? OUT_PASS : OUT_XFAIL;
}

static unsigned int *tally(struct ktap_totals *t, enum outcome o)
{
	unsigned int *slots[] = {&t->pass, &t->xfail, &t->fail, &t->xpass, &t->skip, &t->error};

	return slots[o];
}

void ktap_result(FILE *f, int n, const char *name, enum verdict expect, enum verdict got,
		 const char *reason, bool check, struct ktap_totals *t)
{
	char nm[256], why[1024];
	const char *v = verdict_name(got);
	unsigned int *slot = tally(t, outcome_of(expect, got, check));

	ktap_name(name, nm, sizeof(nm));
	ktap_text(reason, why, sizeof(why));
	(*slot)++;
	/* The reason first, as diagnostics: kunit.py keeps them as the test's log. */
	if (got != VERDICT_PASS)
		fprintf(f, "# %s: %s\n", v, why);
	if (slot == &t->fail && check)
		fprintf(f, "# expected %s, got %s\n", verdict_name(expect), v);
	if (slot == &t->xpass) {
		fprintf(f, "# expected BUG, got PASS\n");
		fprintf(f, "not ok %d %s # expected BUG, got PASS\n", n, nm);
	} else if (got == VERDICT_PASS) {
		fprintf(f, "ok %d %s\n", n, nm);
	} else if (slot == &t->xfail) {
		fprintf(f, "ok %d %s # XFAIL %s: %s\n", n, nm, v, why);
	} else if (got == VERDICT_SKIP) {
		fprintf(f, "ok %d %s # SKIP %s\n", n, nm, why);
	} else {
		fprintf(f, "not ok %d %s # %s: %s\n", n, nm, v, why);
	}
	fflush(f);
}

void ktap_interrupted(FILE *f, int n, const char *name, struct ktap_totals *t)
{
	char nm[256];

	ktap_name(name, nm, sizeof(nm));
	t->error++;
	fprintf(f, "not ok %d %s # SKIP interrupted\n", n, nm);
	fflush(f);
}

void ktap_totals_print(FILE *f, const struct ktap_totals *t)
{
	fprintf(f, "# Totals: pass:%u fail:%u xfail:%u xpass:%u skip:%u error:%u\n", t->pass,
		t->fail, t->xfail, t->xpass, t->skip, t->error);
	fflush(f);
}

int ktap_exit_code(const struct ktap_totals *t, bool check)
{
	if (t->error)
		return EXIT_ERROR;
	if (t->fail || t->xpass)
		return EXIT_BUG;
	return t->skip && !check ? EXIT_SKIP : EXIT_PASS;
}
