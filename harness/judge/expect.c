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

/* What a rule is resolved for: NULL checks the syntax only. */
struct subject {
	const char *release;
	bool known; /* a version could be read from it */
	long v[3];
	const char *library; /* libbpf, libxdp, selftests or NULL: the running implementation */
	const char *library_version;
	bool library_known;
	long lv[3];
};

static const char *const libraries[] = {"libbpf", "libxdp", "selftests"};

static bool is_library(const char *word)
{
	for (size_t i = 0; i < sizeof(libraries) / sizeof(libraries[0]); i++)
		if (!strcmp(word, libraries[i]))
			return true;
	return false;
}

static int comparison(const char *op)
{
	static const char *const ops[] = {"<", "<=", ">", ">="};
	int c;

	for (c = 0; c < 4 && strcmp(op, ops[c]); c++)
		;
	return c;
}

static bool compare(const long have[3], int c, const long want[3], int parts)
{
	int cmp = version_cmp(have, want, parts);

	return c == 0 ? cmp < 0 : c == 1 ? cmp <= 0 : c == 2 ? cmp > 0 : cmp >= 0;
}

/*
 * One term: kernel OP VERSION, LIBRARY OP VERSION, or LIBRARY alone. A library term
 * holds only when that library is the running implementation (and, with OP, its
 * version compares so). The token after the term is left in s->tok.
 */
static int term(struct scan *s, const struct subject *k, bool *holds, char *err, size_t errlen)
{
	char who[32], op[4];
	bool kernel, mine;
	long v[3];
	int c, parts;

	snprintf(who, sizeof(who), "%s", next_tok(s));
	kernel = !strcmp(who, "kernel");
	if (!kernel && !is_library(who))
		return bad(
		    err, errlen,
		    "'%s' is not a term: kernel, libbpf, libxdp or selftests (then OP VERSION)",
		    who);
	mine = k && k->library && !strcmp(k->library, who);
	snprintf(op, sizeof(op), "%s", next_tok(s));
	c = comparison(op);
	if (c == 4 && !kernel) { /* a library alone: it is the one running */
		*holds = mine;
		return 0;
	}
	if (c == 4)
		return bad(err, errlen, "'%s' is not a comparison (<, <=, > or >=)", s->tok);
	parts = parse_version(next_tok(s), v, true);
	if (!parts)
		return bad(err, errlen, "'%s' is not a %s version like %s", s->tok,
			   kernel ? "kernel" : who, kernel ? "5.14" : "0.8.1");
	next_tok(s);
	*holds = false;
	if (!k)
		return 0;
	if (kernel && !k->known)
		return bad(err, errlen, "cannot read a version from kernel release '%s'",
			   k->release);
	if (kernel)
		*holds = compare(k->v, c, v, parts);
	else if (mine && !k->library_known)
		return bad(err, errlen, "cannot read a version from %s version '%s'", who,
			   k->library_version ? k->library_version : "");
	else if (mine)
		*holds = compare(k->lv, c, v, parts);
	return 0;
}

/* TERM {or|and TERM}, 'and' binding tighter; every term is parsed, whatever holds. */
static int condition(struct scan *s, const struct subject *k, bool *holds, char *err, size_t errlen)
{
	bool any = false, all = true, t = false;

	for (;;) {
		if (term(s, k, &t, err, errlen))
			return -EINVAL;
		all = all && t;
		if (!strcmp(s->tok, "and"))
			continue;
		any = any || all;
		all = true;
		if (strcmp(s->tok, "or"))
			break;
	}
	*holds = any;
	return 0;
}

/*
 * The rule from s on. Every condition is parsed whether or not an earlier one
 * held, so a mistake is found on any kernel.
 */
static int eval(struct scan *s, const struct subject *k, enum verdict *out, char *err,
		size_t errlen)
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
		if (strcmp(s->tok, "else"))
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

const char *expect_library_of(const char *impl)
{
	if (!impl)
		return NULL;
	if (!strcmp(impl, "libxdp") || !strcmp(impl, "libxdp-tree"))
		return "libxdp";
	if (!strcmp(impl, "libbpf"))
		return "libbpf";
	if (!strcmp(impl, "selftests-xsk"))
		return "selftests";
	return NULL;
}

int expect_resolve_for(const char *rule, const struct expect_env *env, enum verdict *out, char *err,
		       size_t errlen)
{
	struct scan s = {.p = rule};
	struct subject k = {.release = env->release ? env->release : ""};
	const char *lv = env->impl_version;

	/* Only a rule with a condition needs the versions. */
	k.known = parse_version(k.release, k.v, false) > 0;
	k.library = expect_library_of(env->impl);
	k.library_version = lv;
	/* the selftests helper's version is its kernel tree's: "linux-6.1.158" */
	if (lv && !strncmp(lv, "linux-", 6))
		lv += 6;
	k.library_known = lv && parse_version(lv, k.lv, false) > 0;
	return eval(&s, &k, out, err, errlen);
}

int expect_resolve(const char *rule, const char *release, enum verdict *out, char *err,
		   size_t errlen)
{
	struct expect_env env = {.release = release};

	return expect_resolve_for(rule, &env, out, err, errlen);
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
