#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "scenario.h"
#include "util.h"

static void scenario_defaults(struct scenario *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->expect = VERDICT_PASS;
	sc->pairs = 1;
	sc->queues = 1;
	sc->ifindex_outer = 4242;
	sc->ifindex_inner = 4242;
	sc->pkt_size = 64;
	sc->ring_size = 2048;
	sc->frames_per_sock = 4096;
	sc->duration_s = 3;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

static int parse_u32(const char *v, uint32_t *out)
{
	uint64_t x;

	if (parse_u64(v, &x) || x > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)x;
	return 0;
}

static int set_key(struct scenario *sc, const char *key, const char *val)
{
	if (!strcmp(key, "description")) {
		snprintf(sc->description, sizeof(sc->description), "%s", val);
		return 0;
	}
	if (!strcmp(key, "expect"))
		return verdict_parse(val, &sc->expect);
	if (!strcmp(key, "umem")) {
		if (strcmp(val, "shared") && strcmp(val, "separate"))
			return -EINVAL;
		sc->separate_umem = !strcmp(val, "separate");
		return 0;
	}
	if (!strcmp(key, "emulate_no_netns_cookie"))
		return parse_bool(val, &sc->emulate_no_netns_cookie);
	if (!strcmp(key, "duration"))
		return parse_u64(val, &sc->duration_s);
	if (!strcmp(key, "rate"))
		return parse_u64(val, &sc->rate_pps);
	if (!strcmp(key, "pairs"))
		return parse_u32(val, &sc->pairs);
	if (!strcmp(key, "queues"))
		return parse_u32(val, &sc->queues);
	if (!strcmp(key, "ifindex_outer"))
		return parse_u32(val, &sc->ifindex_outer);
	if (!strcmp(key, "ifindex_inner"))
		return parse_u32(val, &sc->ifindex_inner);
	if (!strcmp(key, "pkt_size"))
		return parse_u32(val, &sc->pkt_size);
	if (!strcmp(key, "ring_size"))
		return parse_u32(val, &sc->ring_size);
	if (!strcmp(key, "frames_per_socket"))
		return parse_u32(val, &sc->frames_per_sock);
	return -ENOENT;
}

/* Write a one-line message into err; returns -EINVAL for the caller to pass on. */
static int invalid(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int invalid(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int scenario_validate(const struct scenario *sc, char *err, size_t errlen)
{
	if (sc->pairs < 1 || sc->pairs > PORTS_MAX / 2)
		return invalid(err, errlen, "pairs %u out of range 1-%d", sc->pairs, PORTS_MAX / 2);
	if (sc->queues < 1 || sc->queues > PORT_MAX_QUEUES)
		return invalid(err, errlen, "queues %u out of range 1-%d", sc->queues,
			       PORT_MAX_QUEUES);
	if (sc->pkt_size < SCENARIO_PKT_MIN || sc->pkt_size > SCENARIO_PKT_MAX)
		return invalid(err, errlen,
			       "pkt_size %u out of range %d-%d: the veths' %d-byte MTU carries "
			       "frames of at most %d bytes, Ethernet header and VLAN tag included",
			       sc->pkt_size, SCENARIO_PKT_MIN, SCENARIO_PKT_MAX, SCENARIO_VETH_MTU,
			       SCENARIO_PKT_MAX);
	if (!is_pow2(sc->ring_size) || sc->ring_size < 64 || sc->ring_size > 16384)
		return invalid(err, errlen, "ring_size %u is not a power of two in 64-16384",
			       sc->ring_size);
	if (!is_pow2(sc->frames_per_sock) || sc->frames_per_sock < sc->ring_size)
		return invalid(err, errlen,
			       "frames_per_socket %u is not a power of two >= ring_size",
			       sc->frames_per_sock);
	if (sc->duration_s < 1 || sc->duration_s > 3600)
		return invalid(err, errlen, "duration %llu out of range 1-3600 s",
			       (unsigned long long)sc->duration_s);
	if (sc->ifindex_outer > 0x7fffffff || sc->ifindex_inner > 0x7fffffff ||
	    (sc->ifindex_outer && sc->ifindex_outer < 2) ||
	    (sc->ifindex_inner && sc->ifindex_inner < 2))
		return invalid(err, errlen,
			       "ifindex out of range 2-2147483647 (0: kernel's choice)");
	return 0;
}

int scenario_load(const char *name_or_path, const char *dir, struct scenario *sc, char *err,
		  size_t errlen)
{
	char line[512], base[PATH_MAX];
	unsigned int lineno = 0;
	FILE *f;
	int ret = 0;

	scenario_defaults(sc);
	if (strchr(name_or_path, '/') || strstr(name_or_path, ".scn"))
		snprintf(sc->path, sizeof(sc->path), "%s", name_or_path);
	else
		snprintf(sc->path, sizeof(sc->path), "%s/%s.scn", dir, name_or_path);
	f = fopen(sc->path, "r");
	if (!f) {
		snprintf(err, errlen, "unknown scenario '%s' (%s: %s)", name_or_path, sc->path,
			 strerror(errno));
		return -ENOENT;
	}
	snprintf(base, sizeof(base), "%s", sc->path);
	snprintf(sc->name, sizeof(sc->name), "%s", basename(base));
	if (strstr(sc->name, ".scn"))
		*strstr(sc->name, ".scn") = '\0';

	while (fgets(line, sizeof(line), f)) {
		char *s = trim(line), *eq, *key, *val;

		lineno++;
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%u: expected 'key = value'", sc->path, lineno);
			ret = -EINVAL;
			break;
		}
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		ret = set_key(sc, key, val);
		if (ret) {
			snprintf(err, errlen,
				 ret == -ENOENT ? "%s:%u: unknown key '%s'"
						: "%s:%u: bad value for '%s': '%s'",
				 sc->path, lineno, key, val);
			ret = -EINVAL;
			break;
		}
	}
	fclose(f);
	if (!ret && scenario_validate(sc, err, errlen))
		ret = -EINVAL;
	return ret;
}
