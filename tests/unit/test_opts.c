// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The option table parser: types, ranges, powers of two, repeatable ports,
 * options in any order, "--", errors that name the bad option.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "version.h"
#include "tap.h"

struct shared {
	uint32_t level;
	const char *kind;
};

struct cfg {
	struct port_list ports;
	uint32_t ring, ring_batch;
	uint64_t count;
	const char *name;
	bool flag;
	unsigned int verbose;
	struct shared sh;
};

static const char *const kinds[] = {"shared", "separate", NULL};

/* A table other commands would share too: included below through a member. */
static const struct opt_def shared_rows[] = {
    OPT_DEF("level", 'L', OPT_U32, struct shared, level, "level", .max = 9, .note = "why 9"),
    OPT_DEF("kind", 0, OPT_ENUM, struct shared, kind, "kind", .values = kinds),
    OPT_END,
};

static const struct opt_def defs[] = {
    OPT_DEF("port", 'p', OPT_PORTS, struct cfg, ports, "a port", .required = true),
    OPT_DEF("ring-size", 0, OPT_U32, struct cfg, ring, "ring", .min = 64, .max = 4096,
	    .pow2 = true),
    OPT_DEF("ring-batch", 0, OPT_U32, struct cfg, ring_batch, "shares a prefix with ring-size"),
    OPT_DEF("count", 'c', OPT_U64, struct cfg, count, "count"),
    OPT_DEF("name", 0, OPT_STRING, struct cfg, name, "name"),
    OPT_DEF("flag", 'f', OPT_FLAG, struct cfg, flag, "flag"),
    OPT_DEF("verbose", 'v', OPT_COUNT, struct cfg, verbose, "counted"),
    OPT_INCLUDE(shared_rows, struct cfg, sh),
    OPT_END,
};

static char errmsg[512];

/*
 * Parse a NULL-terminated argv for a command taking positional arguments
 * (usage "ARGS", or none when usage is NULL); stderr goes to errmsg.
 */
static int parse_usage(struct cfg *c, char **argv, const char *usage)
{
	int argc = 0, ret;
	FILE *saved = stderr;
	char *buf = NULL;
	size_t len = 0;

	while (argv[argc])
		argc++;
	memset(c, 0, sizeof(*c));
	stderr = open_memstream(&buf, &len);
	ret = opts_parse(defs, c, argc, argv, usage, "test");
	fclose(stderr);
	stderr = saved;
	snprintf(errmsg, sizeof(errmsg), "%s", buf ? buf : "");
	free(buf);
	return ret;
}

static int parse(struct cfg *c, char **argv)
{
	return parse_usage(c, argv, "ARGS");
}

/* ok() that shows the message when it does not contain want. */
static void error_names(int ret, const char *want, const char *name)
{
	if (!ok(ret == -EINVAL && strstr(errmsg, want), "%s", name))
		diag("  ret %d, message: %s", ret, errmsg);
}

static void test_any_order(void)
{
	char *argv[] = {"t", "pos1", "-p", "a:b", "pos2", "--count", "3", "pos3", "-f", NULL};
	char *dashdash[] = {"t", "-p", "a:b", "--", "-f", "--count", NULL};
	struct cfg c;

	ok(!parse(&c, argv) && c.ports.n == 1 && c.count == 3 && c.flag && optind == 6 &&
	       !strcmp(argv[6], "pos1") && !strcmp(argv[7], "pos2") && !strcmp(argv[8], "pos3"),
	   "options after positional arguments: parsed, positionals last and in order");
	ok(!parse(&c, dashdash) && !c.flag && c.count == 0 && optind == 4 &&
	       !strcmp(dashdash[optind], "-f") && !strcmp(dashdash[optind + 1], "--count"),
	   "after --, options are positional arguments");
	setenv("POSIXLY_CORRECT", "1", 1);
	ok(!parse(&c, (char *[]){"t", "pos", "-p", "a:b", NULL}) && c.ports.n == 1 && optind == 3,
	   "options after positional arguments even with POSIXLY_CORRECT");
	unsetenv("POSIXLY_CORRECT");
	error_names(parse_usage(&c, (char *[]){"t", "-p", "a:b", "extra", NULL}, NULL),
		    "unexpected argument 'extra'", "a command without positional arguments");
}

static void test_errors_name_the_option(void)
{
	struct cfg c;

	error_names(parse(&c, (char *[]){"t", "cmdarg", "-Zx", NULL}),
		    "unknown option '-Z' in '-Zx'",
		    "an unknown letter in a cluster is named, not the argument before it");
	ok(!parse(&c, (char *[]){"t", "-p", "a:b", "-fc", "5", NULL}) && c.flag && c.count == 5,
	   "after an error inside a cluster, the next parse starts afresh");
	error_names(parse(&c, (char *[]){"t", "--bogus=1", NULL}), "unknown option '--bogus'",
		    "an unknown long option is named");
	error_names(parse(&c, (char *[]){"t", "--ring", "64", NULL}), "ambiguous option '--ring'",
		    "an abbreviation of two options is ambiguous");
	error_names(parse(&c, (char *[]){"t", "-p", "a:b", "--count", NULL}),
		    "option '--count' needs a value", "a missing value of a long option");
	error_names(parse(&c, (char *[]){"t", "-p", "a:b", "-fc", NULL}),
		    "option '-c' needs a value in '-fc'", "a missing value of a letter");
	error_names(parse(&c, (char *[]){"t", "-p", "a:b", "--flag=yes", NULL}),
		    "option '--flag' takes no value", "a value given to a flag");
	error_names(parse(&c, (char *[]){"t", "-p", "a:b", "--count", "x", NULL}),
		    "xskns t: bad --count 'x': not a decimal number",
		    "a bad value names the command");
}

/* --help and --version print on stdout and return 1. */
static void test_builtins(void)
{
	FILE *saved = stdout;
	char *buf = NULL;
	size_t len = 0;
	struct cfg c;
	int help, version;

	stdout = open_memstream(&buf, &len);
	help = parse(&c, (char *[]){"t", "--help", NULL});
	fflush(stdout);
	ok(help == 1 && strstr(buf, "--version"), "--help returns 1 and lists --version");
	opts_set_version_printer(version_print);
	version = parse(&c, (char *[]){"t", "pos", "--version", NULL});
	fclose(stdout);
	stdout = saved;
	ok(version == 1 && strstr(buf, "xskns ") && strstr(buf, "AF_XDP: "),
	   "--version (after a positional argument) returns 1 and prints the versions");
	free(buf);
}

/* Enum words, counted flags, included rows, and the same rows checking values from elsewhere. */
static void test_table_rows(void)
{
	struct cfg c;
	char why[128];
	uint32_t v = 0;

	ok(!parse(&c, (char *[]){"t", "-p", "a:b", "--kind", "separate", "-vv", "-v", "-L", "3",
				 NULL}) &&
	       c.sh.kind == kinds[1] && c.verbose == 3 && c.sh.level == 3,
	   "an enum keeps the table's word, -v counts, included rows land in their member");
	ok(parse(&c, (char *[]){"t", "-p", "a:b", "--kind", "both", NULL}) == -EINVAL &&
	       strstr(errmsg, "bad --kind 'both': one of shared | separate"),
	   "a word not in the table: the error lists the words (%s)", errmsg);
	ok(parse(&c, (char *[]){"t", "-p", "a:b", "--level", "10", NULL}) == -EINVAL &&
	       strstr(errmsg, "out of range 0-9: why 9"),
	   "a range error says the row's note (%s)", errmsg);
	ok(opts_find(shared_rows, "level") && !opts_find(shared_rows, "levels"),
	   "rows found by name");
	ok(opt_parse_value(&shared_rows[0], "12", &v, why, sizeof(why)) == -EINVAL &&
	       strstr(why, "out of range"),
	   "the same row checks a value given elsewhere (%s)", why);
	ok(!opt_parse_value(&shared_rows[0], "7", &v, why, sizeof(why)) && v == 7, "and stores it");
}

int main(void)
{
	struct port_spec p;
	struct cfg c;
	uint64_t v;

	plan(57);
	ok(!port_spec_parse("ns1:veth0", &p) && !strcmp(p.netns, "ns1") &&
	       !strcmp(p.dev, "veth0") && p.queues == 1,
	   "NETNS:DEV, one queue by default");
	ok(!port_spec_parse("/run/netns/x:eth1:4", &p) && !strcmp(p.netns, "/run/netns/x") &&
	       p.queues == 4,
	   "a namespace path and a queue count");
	ok(port_spec_parse("nocolon", &p) == -EINVAL, "no colon: rejected");
	ok(port_spec_parse(":dev", &p) == -EINVAL, "empty netns: rejected");
	ok(port_spec_parse("ns:", &p) == -EINVAL, "empty device: rejected");
	ok(port_spec_parse("ns:dev:0", &p) == -EINVAL, "zero queues: rejected");
	ok(port_spec_parse("ns:dev:65", &p) == -EINVAL, "more than 64 queues: rejected");
	ok(port_spec_parse("ns:averyveryverylongname:1", &p) == -EINVAL,
	   "device name longer than IFNAMSIZ: rejected");

	ok(!parse_u64("42", &v) && v == 42, "parse_u64 decimal");
	ok(!parse_u64("0", &v) && v == 0, "parse_u64 zero");
	ok(!parse_u64("18446744073709551615", &v) && v == UINT64_MAX, "parse_u64 UINT64_MAX");
	ok(parse_u64("18446744073709551616", &v) == -ERANGE, "parse_u64: UINT64_MAX + 1 overflows");
	ok(parse_u64("99999999999999999999999", &v) == -ERANGE, "parse_u64 rejects overflow");
	{
		static const struct {
			const char *s, *what;
		} bad[] = {
		    {"0x10", "hex"},	    {"010", "octal-looking"},
		    {"00", "leading zero"}, {"-1", "a sign"},
		    {"+5", "a plus sign"},  {" 5", "leading space"},
		    {"\t-1", "tab, sign"},  {"5 ", "trailing space"},
		    {"", "empty"},	    {"1e3", "an exponent"},
		    {"12abc", "junk"},	    {"0b1", "binary"},
		    {"\n1", "a newline"},   {"5\n", "a trailing newline"},
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			v = 7;
			ok(parse_u64(bad[i].s, &v) == -EINVAL && v == 7, "parse_u64 rejects %s",
			   bad[i].what);
		}
	}
	ok(parse(&c, (char *[]){"t", "-p", "a:b", "-c", "010", NULL}) == -EINVAL &&
	       strstr(errmsg, "bad --count '010': not a decimal number"),
	   "an octal-looking option value is refused by name");
	ok(port_spec_parse("ns:dev:02", &p) == -EINVAL,
	   "queue count with a leading zero: rejected");

	ok(!parse(&c, (char *[]){"t", "-p", "a:b", "--port", "c:d:2", "--ring-size", "1024", "-c",
				 "7", "--name", "x", "-f", NULL}) &&
	       c.ports.n == 2 && c.ports.v[1].queues == 2 && c.ring == 1024 && c.count == 7 &&
	       !strcmp(c.name, "x") && c.flag,
	   "every type parsed into its field, ports repeated");
	ok(parse(&c, (char *[]){"t", "-p", "a:b", "--ring-size", "1000", NULL}) == -EINVAL,
	   "not a power of two: rejected");
	ok(parse(&c, (char *[]){"t", "-p", "a:b", "--ring-size", "32", NULL}) == -EINVAL,
	   "below the minimum: rejected");
	ok(parse(&c, (char *[]){"t", "-p", "a:b", "--ring-size", "8192", NULL}) == -EINVAL,
	   "above the maximum: rejected");
	ok(parse(&c, (char *[]){"t", "--ring-size", "64", NULL}) == -EINVAL,
	   "missing required --port: rejected");
	ok(parse(&c, (char *[]){"t", "-p", "a:b", "--bogus", NULL}) == -EINVAL,
	   "unknown option: rejected");
	ok(parse(&c, (char *[]){"t", "-p", "a:b", "-c", "lots", NULL}) == -EINVAL,
	   "not a number: rejected");
	ok(parse(&c, (char *[]){"t", "-p", "a:b", "pos1", NULL}) == 0 && optind == 3,
	   "optind is the first positional argument");
	test_any_order();
	test_errors_name_the_option();
	test_builtins();
	test_table_rows();
	return done();
}
