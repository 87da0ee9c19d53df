#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "util.h"

#define MAX_OPTS 64

int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
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
	default:
		return "";
	}
}

void opts_print_help(const struct opt_def *defs, const char *cmd, const char *usage_args,
		     const char *summary)
{
	const struct opt_def *d;

	printf("Usage: xskns %s [options]%s%s\n%s\n\nOptions:\n", cmd, usage_args ? " " : "",
	       usage_args ? usage_args : "", summary);
	for (d = defs; d->name; d++) {
		char left[64];

		if (d->type == OPT_FLAG)
			snprintf(left, sizeof(left), "--%s", d->name);
		else
			snprintf(left, sizeof(left), "--%s %s", d->name, type_metavar(d));
		printf("  %c%c%c %-34s %s", d->short_opt ? '-' : ' ',
		       d->short_opt ? d->short_opt : ' ', d->short_opt ? ',' : ' ', left, d->help);
		if ((d->type == OPT_U32 || d->type == OPT_U64) && d->max)
			printf(" [%" PRIu64 "-%" PRIu64 "%s]", d->min, d->max,
			       d->pow2 ? ", power of 2" : "");
		if (d->type == OPT_PORTS)
			printf(" (repeatable)");
		if (d->required)
			printf(" (required)");
		printf("\n");
	}
	printf("  -h, --help                             this text\n");
}

static int set_value(const struct opt_def *d, void *cfg, const char *arg)
{
	char *field = (char *)cfg + d->offset;
	uint64_t v;

	switch (d->type) {
	case OPT_FLAG:
		*(bool *)field = true;
		return 0;
	case OPT_STRING:
		*(const char **)field = arg;
		return 0;
	case OPT_PORTS: {
		struct port_list *pl = (struct port_list *)field;

		if (pl->n >= PORTS_MAX) {
			fprintf(stderr, "xskns: too many --%s (at most %d)\n", d->name, PORTS_MAX);
			return -EINVAL;
		}
		if (port_spec_parse(arg, &pl->v[pl->n])) {
			fprintf(stderr,
				"xskns: bad --%s '%s': expected NETNS:DEV[:QUEUES], QUEUES 1-%d\n",
				d->name, arg, PORT_MAX_QUEUES);
			return -EINVAL;
		}
		pl->n++;
		return 0;
	}
	case OPT_U32:
	case OPT_U64:
		if (parse_u64(arg, &v)) {
			fprintf(stderr, "xskns: bad --%s '%s': not a number\n", d->name, arg);
			return -EINVAL;
		}
		if (v < d->min || (d->max && v > d->max) ||
		    (d->type == OPT_U32 && v > UINT32_MAX)) {
			fprintf(stderr,
				"xskns: bad --%s '%s': out of range %" PRIu64 "-%" PRIu64 "\n",
				d->name, arg, d->min, d->max ? d->max : (uint64_t)UINT32_MAX);
			return -EINVAL;
		}
		if (d->pow2 && !is_pow2(v)) {
			fprintf(stderr, "xskns: bad --%s '%s': not a power of two\n", d->name, arg);
			return -EINVAL;
		}
		if (d->type == OPT_U32)
			*(uint32_t *)field = (uint32_t)v;
		else
			*(uint64_t *)field = v;
		return 0;
	}
	return -EINVAL;
}

int opts_parse(const struct opt_def *defs, void *cfg, int argc, char **argv, const char *usage_args,
	       const char *summary)
{
	struct option longopts[MAX_OPTS + 2];
	char shortopts[MAX_OPTS * 2 + 3] = "+h";
	bool seen[MAX_OPTS] = {false};
	size_t n = 0, sl = 2;
	int c, idx;

	for (; defs[n].name; n++) {
		if (n >= MAX_OPTS)
			return -E2BIG;
		longopts[n] = (struct option){
		    defs[n].name, defs[n].type == OPT_FLAG ? no_argument : required_argument, NULL,
		    0};
		if (defs[n].short_opt) {
			shortopts[sl++] = defs[n].short_opt;
			if (defs[n].type != OPT_FLAG)
				shortopts[sl++] = ':';
		}
	}
	longopts[n] = (struct option){"help", no_argument, NULL, 'h'};
	longopts[n + 1] = (struct option){NULL, 0, NULL, 0};
	shortopts[sl] = '\0';

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, &idx)) != -1) {
		const struct opt_def *d = NULL;

		if (c == 'h') {
			opts_print_help(defs, argv[0], usage_args, summary);
			return 1;
		}
		if (c == '?' || c == ':') {
			fprintf(stderr, "xskns %s: bad option '%s' (see --help)\n", argv[0],
				argv[optind - 1]);
			return -EINVAL;
		}
		if (c == 0)
			d = &defs[idx];
		for (size_t i = 0; !d && i < n; i++)
			if (defs[i].short_opt == c)
				d = &defs[i];
		if (!d)
			return -EINVAL;
		/* "-v -v" raises a level: flags given twice are counted by the caller. */
		if (set_value(d, cfg, optarg))
			return -EINVAL;
		seen[d - defs] = true;
	}
	for (size_t i = 0; i < n; i++) {
		if (defs[i].required && !seen[i]) {
			fprintf(stderr, "xskns %s: missing --%s\n", argv[0], defs[i].name);
			return -EINVAL;
		}
	}
	return 0;
}
