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

enum outcome outcome_of(enum verdict expect, enum verdict got)
{
	if (got == VERDICT_ERROR)
		return OUT_ERROR;
	if (got == VERDICT_SKIP)
		return OUT_SKIP;
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
		 const char *reason, struct ktap_totals *t)
{
	char nm[256], why[1024];
	const char *v = verdict_name(got);
	enum outcome o = outcome_of(expect, got);

	ktap_name(name, nm, sizeof(nm));
	ktap_text(reason, why, sizeof(why));
	(*tally(t, o))++;
	t->got[got]++;
	/*
	 * The reason once, as a diagnostic before the result line (kunit.py keeps
	 * those as the test's log); the result line says how the verdict compares
	 * with the scenario's expectation. SKIP and ERROR keep it on their line too,
	 * where KTAP readers look for a SKIP's reason.
	 */
	if (got != VERDICT_PASS || *why)
		fprintf(f, "# %s: %s\n", v, why);
	switch (o) {
	case OUT_PASS:
		fprintf(f, "ok %d %s\n", n, nm);
		break;
	case OUT_XFAIL:
		fprintf(f, "ok %d %s # XFAIL %s (as expected)\n", n, nm, v);
		break;
	case OUT_FAIL:
	case OUT_XPASS:
		fprintf(f, "not ok %d %s # %s (expected %s)\n", n, nm, v, verdict_name(expect));
		break;
	case OUT_SKIP:
		fprintf(f, "ok %d %s # SKIP %s\n", n, nm, why);
		break;
	case OUT_ERROR:
		fprintf(f, "not ok %d %s # %s: %s\n", n, nm, v, why);
		break;
	}
	fflush(f);
}

void ktap_interrupted(FILE *f, int n, const char *name, struct ktap_totals *t)
{
	char nm[256];

	ktap_name(name, nm, sizeof(nm));
	t->error++;
	t->got[VERDICT_ERROR]++;
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
	if (check)
		return t->fail || t->xpass ? EXIT_BUG : EXIT_PASS;
	if (t->got[VERDICT_BUG])
		return EXIT_BUG;
	return t->skip ? EXIT_SKIP : EXIT_PASS;
}

int ktap_summary(char *buf, size_t len, const struct ktap_totals *t)
{
	static const enum verdict order[] = {VERDICT_PASS, VERDICT_BUG, VERDICT_SKIP,
					     VERDICT_ERROR};
	unsigned int n = 0, off = t->fail + t->xpass;
	size_t at = 0;

	for (size_t i = 0; i < 4; i++)
		n += t->got[order[i]];
	at += (size_t)snprintf(buf, len, "%u scenario%s:", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < 4 && at < len; i++)
		if (t->got[order[i]])
			at += (size_t)snprintf(buf + at, len - at, " %u %s", t->got[order[i]],
					       verdict_name(order[i]));
	if (at >= len)
		return -1;
	if (t->error)
		snprintf(buf + at, len - at, "; nothing judged for %u", t->error);
	else if (off)
		snprintf(buf + at, len - at, "; %u not as expected", off);
	else
		snprintf(buf + at, len - at, "; %s as expected",
			 n == 1 ? "the verdict" : "every verdict");
	return (int)off + (int)t->error;
}
