/* The option table parser: types, ranges, powers of two, repeatable ports, errors. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "opts.h"
#include "tap.h"

struct cfg {
	struct port_list ports;
	uint32_t ring;
	uint64_t count;
	const char *name;
	bool flag;
};

static const struct opt_def defs[] = {
    OPT_DEF("port", 'p', OPT_PORTS, struct cfg, ports, "a port", .required = true),
    OPT_DEF("ring-size", 0, OPT_U32, struct cfg, ring, "ring", .min = 64, .max = 4096,
	    .pow2 = true),
    OPT_DEF("count", 'c', OPT_U64, struct cfg, count, "count"),
    OPT_DEF("name", 0, OPT_STRING, struct cfg, name, "name"),
    OPT_DEF("flag", 'f', OPT_FLAG, struct cfg, flag, "flag"),
    OPT_END,
};

/* Parse a NULL-terminated argv with stderr silenced; returns opts_parse's value. */
static int parse(struct cfg *c, char **argv)
{
	int argc = 0, ret;
	FILE *saved = stderr;

	while (argv[argc])
		argc++;
	memset(c, 0, sizeof(*c));
	stderr = fopen("/dev/null", "w");
	ret = opts_parse(defs, c, argc, argv, NULL, "test");
	fclose(stderr);
	stderr = saved;
	return ret;
}

int main(void)
{
	struct port_spec p;
	struct cfg c;
	uint64_t v;

	plan(22);
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
	ok(!parse_u64("0x10", &v) && v == 16, "parse_u64 hex");
	ok(parse_u64("-1", &v) == -EINVAL, "parse_u64 rejects a sign");
	ok(parse_u64("12abc", &v) == -EINVAL, "parse_u64 rejects trailing junk");
	ok(parse_u64("99999999999999999999999", &v) == -EINVAL, "parse_u64 rejects overflow");

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
	   "parsing stops at the first positional argument");
	{
		FILE *saved = stdout;
		int ret;

		stdout = fopen("/dev/null", "w");
		ret = parse(&c, (char *[]){"t", "--help", NULL});
		fclose(stdout);
		stdout = saved;
		ok(ret == 1, "--help returns 1");
	}
	return done();
}
