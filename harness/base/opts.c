// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "util.h"

#define MAX_OPTS 64

/* parse_loop() stopped for a built-in option; opts_parse() prints and returns 1. */
enum { OPTS_HELP = 2, OPTS_VERSION = 3 };
/* getopt_long's answer for long option i (letters are below it). */
#define LONG_VAL 0x100

int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	/* Decimal only: "010" is not eight, and " -1" not 2^64 - 1. */
	if (!s || !*s || (s[0] == '0' && s[1]))
		return -EINVAL;
	for (; *s; s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int port_spec_parse(const char *arg, struct port_spec *out)
{
	const char *c1 = strchr(arg, ':'), *c2;
	size_t nslen, devlen;
	uint64_t q = 1;

	if (!c1)
		return -EINVAL;
	c2 = strchr(c1 + 1, ':');
	nslen = (size_t)(c1 - arg);
	devlen = c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1);
	if (!nslen || nslen >= sizeof(out->netns) || !devlen || devlen >= sizeof(out->dev))
		return -EINVAL;
	if (c2 && (parse_u64(c2 + 1, &q) || q < 1 || q > PORT_MAX_QUEUES))
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	memcpy(out->netns, arg, nslen);
	memcpy(out->dev, c1 + 1, devlen);
	out->queues = (uint32_t)q;
	return 0;
}

static const char *type_metavar(const struct opt_def *d)
{
	if (d->metavar)
		return d->metavar;
	switch (d->type) {
	case OPT_U32:
	case OPT_U64:
		return "N";
	case OPT_STRING:
		return "STR";
	case OPT_PORTS:
		return "NETNS:DEV[:QUEUES]";
	case OPT_ENUM:
		return "WORD";
	default:
		return "";
	}
}

/* "a | b | c": the words an enum row takes. */
static void enum_words(const struct opt_def *d, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const char *const *v = d->values; *v && used < len; v++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 v == d->values ? "" : " | ", *v);
}

/* What a row accepts and its default (the value cfg holds before parsing), in brackets. */
static void print_limits(const struct opt_def *d, const void *cfg)
{
	const char *field = cfg ? (const char *)cfg + d->offset : NULL;
	char buf[256] = "", words[192];
	size_t used = 0;

	if ((d->type == OPT_U32 || d->type == OPT_U64) && d->max)
		used += (size_t)snprintf(buf, sizeof(buf), ", %" PRIu64 "-%" PRIu64 "%s", d->min,
					 d->max, d->pow2 ? ", power of 2" : "");
	if (d->type == OPT_ENUM) {
		enum_words(d, words, sizeof(words));
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, ", %s", words);
	}
	if (field && (d->type == OPT_U32 || d->type == OPT_U64)) {
		uint64_t v = opt_get_number(d, cfg);

		if (v != OPT_NONE && v != OPT_NONE64)
			snprintf(buf + used, sizeof(buf) - used, ", default %" PRIu64, v);
	} else if (field && (d->type == OPT_STRING || d->type == OPT_ENUM) &&
		   *(const char *const *)field) {
		snprintf(buf + used, sizeof(buf) - used, ", default %s",
			 *(const char *const *)field);
	}
	if (buf[0])
		printf(" [%s]", buf + 2);
}

/* A table with its OPT_ROWS rows replaced by the rows they stand for, offsets added. */
struct flat_table {
	struct opt_def v[MAX_OPTS + 1];
	size_t n;
};

static int flatten(const struct opt_def *defs, size_t base, struct flat_table *t)
{
	for (; defs->name; defs++) {
		int err;

		if (defs->type == OPT_ROWS) {
			err = flatten(defs->rows, base + defs->offset, t);
			if (err)
				return err;
			continue;
		}
		if (t->n >= MAX_OPTS)
			return -E2BIG;
		t->v[t->n] = *defs;
		t->v[t->n++].offset += base;
	}
	t->v[t->n] = (struct opt_def)OPT_END;
	return 0;
}

void opts_print_help(const struct opt_def *table, const void *cfg, const char *cmd,
		     const char *usage_args, const char *summary)
{
	struct flat_table flat = {.n = 0};
	const struct opt_def *d, *defs = flat.v;

	if (flatten(table, 0, &flat))
		return;

	printf("Usage: xskns %s [options]%s%s\n%s\n\nOptions:\n", cmd, usage_args ? " " : "",
	       usage_args ? usage_args : "", summary);
	for (d = defs; d->name; d++) {
		char left[64];

		if (d->type == OPT_FLAG || d->type == OPT_COUNT)
			snprintf(left, sizeof(left), "--%s", d->name);
		else
			snprintf(left, sizeof(left), "--%s %s", d->name, type_metavar(d));
		printf("  %c%c%c %-34s %s", d->short_opt ? '-' : ' ',
		       d->short_opt ? d->short_opt : ' ', d->short_opt ? ',' : ' ', left, d->help);
		print_limits(d, cfg);
		if (d->type == OPT_PORTS)
			printf(" (repeatable)");
		if (d->required)
			printf(" (required)");
		printf("\n");
	}
	printf("  -h, --help                             this text\n");
	printf("      --version                          the harness and library versions\n");
	if (usage_args)
		printf("\nOptions may also follow %s; '--' ends the options.\n", usage_args);
}

uint64_t opt_get_number(const struct opt_def *d, const void *cfg)
{
	const char *field = (const char *)cfg + d->offset;

	if (d->type == OPT_U32)
		return *(const uint32_t *)field == OPT_NONE ? OPT_NONE64 : *(const uint32_t *)field;
	return d->type == OPT_U64 ? *(const uint64_t *)field : 0;
}

void opts_copy_given(const struct opt_def *rows, const void *from, void *to)
{
	for (const struct opt_def *d = rows; d->name; d++) {
		size_t size = d->type == OPT_U32 ? sizeof(uint32_t) : sizeof(uint64_t);

		if ((d->type == OPT_U32 || d->type == OPT_U64) &&
		    opt_get_number(d, from) != OPT_NONE64)
			memcpy((char *)to + d->offset, (const char *)from + d->offset, size);
	}
}

const struct opt_def *opts_find(const struct opt_def *rows, const char *name)
{
	for (const struct opt_def *d = rows; d->name; d++) {
		size_t i = 0;

		while (d->name[i] &&
		       (name[i] == d->name[i] || (name[i] == '_' && d->name[i] == '-')))
			i++;
		if (!d->name[i] && !name[i])
			return d;
	}
	return NULL;
}

int opt_check_range(const struct opt_def *d, uint64_t v, char *why, size_t len)
{
	uint64_t max = d->max ? d->max : d->type == OPT_U32 ? UINT32_MAX : UINT64_MAX;

	if (v < d->min || v > max || (d->type == OPT_U32 && v > UINT32_MAX)) {
		snprintf(why, len, "out of range %" PRIu64 "-%" PRIu64 "%s%s", d->min,
			 d->max ? d->max : (uint64_t)UINT32_MAX, d->note ? ": " : "",
			 d->note ? d->note : "");
		return -EINVAL;
	}
	if (d->pow2 && !is_pow2(v)) {
		snprintf(why, len, "not a power of two");
		return -EINVAL;
	}
	return 0;
}

int opt_parse_value(const struct opt_def *d, const char *arg, void *field, char *why, size_t len)
{
	uint64_t v;
	int ret;

	switch (d->type) {
	case OPT_STRING:
		*(const char **)field = arg;
		return 0;
	case OPT_ENUM:
		for (const char *const *w = d->values; *w; w++) {
			if (!strcmp(arg, *w)) {
				*(const char **)field = *w;
				return 0;
			}
		}
		snprintf(why, len, "one of ");
		enum_words(d, why + strlen(why), len - strlen(why));
		return -EINVAL;
	case OPT_U32:
	case OPT_U64:
		ret = parse_u64(arg, &v);
		if (ret == -EINVAL) {
			snprintf(why, len,
				 "not a decimal number (digits only, no sign, no leading zero)");
			return -EINVAL;
		}
		if (ret)
			v = UINT64_MAX; /* above any range */
		ret = opt_check_range(d, v, why, len);
		if (ret)
			return ret;
		if (d->type == OPT_U32)
			*(uint32_t *)field = (uint32_t)v;
		else
			*(uint64_t *)field = v;
		return 0;
	default:
		snprintf(why, len, "not a value option");
		return -EINVAL;
	}
}

static int set_value(const char *cmd, const struct opt_def *d, void *cfg, const char *arg)
{
	char *field = (char *)cfg + d->offset, why[256];

	switch (d->type) {
	case OPT_FLAG:
		*(bool *)field = true;
		return 0;
	case OPT_COUNT:
		(*(unsigned int *)field)++;
		return 0;
	case OPT_PORTS: {
		struct port_list *pl = (struct port_list *)field;

		if (pl->n >= PORTS_MAX) {
			fprintf(stderr, "xskns %s: too many --%s (at most %d)\n", cmd, d->name,
				PORTS_MAX);
			return -EINVAL;
		}
		if (port_spec_parse(arg, &pl->v[pl->n])) {
			fprintf(
			    stderr,
			    "xskns %s: bad --%s '%s': expected NETNS:DEV[:QUEUES], QUEUES 1-%d\n",
			    cmd, d->name, arg, PORT_MAX_QUEUES);
			return -EINVAL;
		}
		pl->n++;
		return 0;
	}
	default:
		if (!opt_parse_value(d, arg, field, why, sizeof(why)))
			return 0;
		fprintf(stderr, "xskns %s: bad --%s '%s': %s\n", cmd, d->name, arg, why);
		return -EINVAL;
	}
}

/*
 * getopt_long's tables from ours, plus --help and --version. Long option i
 * answers LONG_VAL + i: distinct values make getopt report an abbreviation of
 * several options ("--cpu") as ambiguous, and tell long options from letters.
 */
static int build_getopt_tables(const struct opt_def *defs, struct option *longopts, char *shortopts)
{
	size_t n = 0, sl = 0;

	/* '-': non-options come back in order (we permute them ourselves, whatever
	 * POSIXLY_CORRECT says); ':': a missing value is told apart from a bad option. */
	shortopts[sl++] = '-';
	shortopts[sl++] = ':';
	shortopts[sl++] = 'h';
	for (; defs[n].name; n++) {
		if (n >= MAX_OPTS)
			return -E2BIG;
		longopts[n] = (struct option){defs[n].name,
					      defs[n].type == OPT_FLAG || defs[n].type == OPT_COUNT
						  ? no_argument
						  : required_argument,
					      NULL, LONG_VAL + (int)n};
		if (defs[n].short_opt) {
			shortopts[sl++] = defs[n].short_opt;
			if (defs[n].type != OPT_FLAG && defs[n].type != OPT_COUNT)
				shortopts[sl++] = ':';
		}
	}
	longopts[n] = (struct option){"help", no_argument, NULL, LONG_VAL + (int)n};
	longopts[n + 1] = (struct option){"version", no_argument, NULL, LONG_VAL + (int)n + 1};
	longopts[n + 2] = (struct option){NULL, 0, NULL, 0};
	shortopts[sl] = '\0';
	return (int)n;
}

/* How many long options "--name[=value]" abbreviates; one when it spells one out. */
static int long_matches(const struct option *longopts, const char *arg)
{
	size_t len = strcspn(arg + 2, "=");
	int matches = 0;

	for (const struct option *o = longopts; o->name; o++) {
		if (strncmp(o->name, arg + 2, len))
			continue;
		if (strlen(o->name) == len)
			return 1;
		matches++;
	}
	return matches;
}

/*
 * Name what is wrong with the option getopt just refused. elem is the argument
 * it was reading when the call began: for a letter, optopt is the letter and
 * elem may be a cluster ("-Zx"); for a long option, optopt is 0 or its value
 * and getopt has already stepped past it.
 */
static void bad_option(const char *cmd, const struct option *longopts, int c, const char *elem,
		       char **argv)
{
	const char *arg = argv[optind - 1];
	bool letter = optopt && optopt < LONG_VAL;
	int matches = letter ? 0 : long_matches(longopts, arg);

	if (letter && c == ':')
		fprintf(stderr, "xskns %s: option '-%c' needs a value", cmd, optopt);
	else if (letter)
		fprintf(stderr, "xskns %s: unknown option '-%c'", cmd, optopt);
	else if (c == ':')
		fprintf(stderr, "xskns %s: option '%s' needs a value", cmd, arg);
	else if (matches > 1)
		fprintf(stderr, "xskns %s: ambiguous option '%s'", cmd, arg);
	else if (matches == 1)
		fprintf(stderr, "xskns %s: option '%.*s' takes no value", cmd,
			(int)strcspn(arg, "="), arg);
	else
		fprintf(stderr, "xskns %s: unknown option '%.*s'", cmd, (int)strcspn(arg, "="),
			arg);
	if (letter && elem && strlen(elem) > 2)
		fprintf(stderr, " in '%s'", elem);
	fprintf(stderr, " (see xskns %s --help)\n", cmd);
}

/* One opts_parse() call: our table, getopt's tables built from it, what was seen. */
struct parser {
	const struct opt_def *defs;
	size_t n; /* rows in defs */
	struct option longopts[MAX_OPTS + 3];
	char shortopts[MAX_OPTS * 2 + 4];
	bool seen[MAX_OPTS];
	bool *positional; /* per argv index, before permute() */
};

/*
 * Options first, then the positional arguments in their order (those after
 * "--" included), as GNU getopt leaves argv; optind is the first positional.
 */
static int permute(int argc, char **argv, const bool *positional)
{
	char **tmp = malloc((size_t)argc * sizeof(*tmp));
	int n = 0;

	if (!tmp)
		return -ENOMEM;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			optind = 1 + n;
		for (int i = 1; i < argc; i++)
			if (positional[i] == (pass == 1))
				tmp[n++] = argv[i];
	}
	memcpy(argv + 1, tmp, (size_t)n * sizeof(*tmp));
	free(tmp);
	return 0;
}

static int check_after_parse(const struct parser *p, int argc, char **argv, const char *usage_args)
{
	if (!usage_args && optind < argc) {
		fprintf(stderr, "xskns %s: unexpected argument '%s' (see xskns %s --help)\n",
			argv[0], argv[optind], argv[0]);
		return -EINVAL;
	}
	for (size_t i = 0; i < p->n; i++) {
		if (p->defs[i].required && !p->seen[i]) {
			fprintf(stderr, "xskns %s: missing --%s\n", argv[0], p->defs[i].name);
			return -EINVAL;
		}
	}
	return 0;
}

/* The table row getopt's answer stands for; NULL for --help and --version. */
static const struct opt_def *row_of(const struct parser *p, int c)
{
	if (c >= LONG_VAL)
		return (size_t)(c - LONG_VAL) < p->n ? &p->defs[c - LONG_VAL] : NULL;
	for (size_t i = 0; i < p->n; i++)
		if (p->defs[i].short_opt == c)
			return &p->defs[i];
	return NULL;
}

static int parse_loop(struct parser *p, void *cfg, int argc, char **argv)
{
	const struct opt_def *d;
	const char *elem;
	int c;

	/* 0 re-initialises getopt: each call parses a new argv from its start. */
	optind = 0;
	opterr = 0;
	for (;;) {
		elem = argv[optind ? optind : 1];
		c = getopt_long(argc, argv, p->shortopts, p->longopts, NULL);
		if (c == -1)
			break;
		if (c == 1) {
			p->positional[optind - 1] = true;
			continue;
		}
		if (c == '?' || c == ':') {
			bad_option(argv[0], p->longopts, c, elem, argv);
			return -EINVAL;
		}
		if (c == 'h' || c == LONG_VAL + (int)p->n)
			return OPTS_HELP;
		if (c == LONG_VAL + (int)p->n + 1)
			return OPTS_VERSION;
		d = row_of(p, c);
		if (!d || set_value(argv[0], d, cfg, optarg))
			return -EINVAL;
		p->seen[d - p->defs] = true;
	}
	for (int i = optind; i < argc; i++)
		p->positional[i] = true;
	return 0;
}

static void (*version_printer)(FILE *f);

void opts_set_version_printer(void (*print)(FILE *f))
{
	version_printer = print;
}

int opts_parse(const struct opt_def *table, void *cfg, int argc, char **argv,
	       const char *usage_args, const char *summary)
{
	struct flat_table flat = {.n = 0};
	struct parser p = {.defs = flat.v};
	const struct opt_def *defs = flat.v;
	int n, ret;

	ret = flatten(table, 0, &flat);
	if (ret)
		return ret;
	n = build_getopt_tables(defs, p.longopts, p.shortopts);
	if (n < 0)
		return n;
	p.n = (size_t)n;
	p.positional = calloc((size_t)argc, sizeof(*p.positional));
	if (!p.positional)
		return -ENOMEM;
	ret = parse_loop(&p, cfg, argc, argv);
	if (ret == OPTS_HELP)
		opts_print_help(table, cfg, argv[0], usage_args, summary);
	else if (ret == OPTS_VERSION && version_printer)
		version_printer(stdout);
	else if (!ret)
		ret = permute(argc, argv, p.positional);
	free(p.positional);
	if (ret)
		return ret > 0 ? 1 : ret;
	return check_after_parse(&p, argc, argv, usage_args);
}
