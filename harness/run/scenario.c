// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "opts.h"
#include "scenario.h"
#include "util.h"
#include "xsk_api.h"

const char *const scenario_umem_kinds[] = {"shared", "separate", NULL};
const char *const scenario_netns_reuse_kinds[] = {"off", "delete-netns", "delete-device",
						  "move-device", NULL};

/* A number as the text of the help that names it. */
#define STR_(x) #x
#define STR(x)	STR_(x)

const struct opt_def scenario_rows[] = {
    OPT_DEF("duration", 'd', OPT_U64, struct scenario, duration_s,
	    "seconds of traffic (default: the scenario's, else " STR(SCENARIO_DEFAULT_DURATION) ")",
	    .min = 1, .max = 3600),
    OPT_DEF("rate", 'r', OPT_U64, struct scenario, rate_pps,
	    "offered load in pps, the total over all pairs and queues (0: as fast as possible; "
	    "default: the scenario's, else 0)",
	    .max = 100000000),
    OPT_DEF("queues", 'q', OPT_U32, struct scenario, queues,
	    "queues per device (default: the scenario's, else 1)", .min = 1,
	    .max = PORT_MAX_QUEUES),
    OPT_DEF("pkt-size", 's', OPT_U32, struct scenario, pkt_size,
	    "frame size in bytes, Ethernet header included (the veths' MTU is 1500)",
	    .min = SCENARIO_PKT_MIN, .max = SCENARIO_PKT_MAX,
	    .note = "the veths' 1500-byte MTU carries frames of at most 1518 bytes, Ethernet "
		    "header and VLAN tag included"),
    OPT_DEF("pairs", 0, OPT_U32, struct scenario, pairs,
	    "forwarder namespace pairs (default: the scenario's, else 1)", .min = 1,
	    .max = PORTS_MAX / 2),
    OPT_DEF("ring-size", 0, OPT_U32, struct scenario, ring_size, "size of every ring", .min = 64,
	    .max = 16384, .pow2 = true),
    OPT_DEF("frames-per-socket", 0, OPT_U32, struct scenario, frames_per_sock,
	    "UMEM frames per socket (at least the ring size)", .min = 128, .max = 65536,
	    .pow2 = true),
    OPT_END,
};

static void scenario_defaults(struct scenario *sc)
{
	memset(sc, 0, sizeof(*sc));
	snprintf(sc->expect_rule, sizeof(sc->expect_rule), "PASS");
	sc->expect = VERDICT_PASS;
	sc->pairs = 1;
	sc->queues = 1;
	sc->ifindex_outer = 4242;
	sc->ifindex_inner = 4242;
	sc->pkt_size = 64;
	sc->ring_size = 2048;
	sc->frames_per_sock = 4096;
	sc->duration_s = SCENARIO_DEFAULT_DURATION;
}

/* A scenario is a few lines; anything bigger is not one. */
#define SCENARIO_MAX_BYTES 65536

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

#define HINT_NUMBER "a decimal number: digits only, no sign, no leading zero"
#define HINT_BOOL   "1/0, yes/no, true/false or on/off"

/* The same words as scripts/run-scenario takes for its make variables. */
static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"1", "yes", "true", "on"};
	static const char *const no[] = {"0", "no", "false", "off"};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(v, yes[i]) || !strcmp(v, no[i])) {
			*out = !strcmp(v, yes[i]);
			return 0;
		}
	}
	return -EINVAL;
}

/* A number key: its syntax and width now, its range in scenario_validate() (the row's). */
static int set_number(struct scenario *sc, const struct opt_def *d, const char *val)
{
	char *field = (char *)sc + d->offset;
	uint64_t v;

	if (parse_u64(val, &v) || (d->type == OPT_U32 && v > UINT32_MAX))
		return -EINVAL;
	if (d->type == OPT_U32)
		*(uint32_t *)field = (uint32_t)v;
	else
		*(uint64_t *)field = v;
	return 0;
}

/* The number keys that are not overrides: where each goes. */
static uint32_t *ifindex_field(struct scenario *sc, const char *key)
{
	if (!strcmp(key, "ifindex_outer"))
		return &sc->ifindex_outer;
	if (!strcmp(key, "ifindex_inner"))
		return &sc->ifindex_inner;
	return NULL;
}

/* Checked here for its syntax; resolved once the file is read (resolve_expect()). */
static int set_expect(struct scenario *sc, const char *val, const char **hint)
{
	static char why[160];

	*hint = why;
	if (strlen(val) >= sizeof(sc->expect_rule)) {
		snprintf(why, sizeof(why), "at most %zu bytes", sizeof(sc->expect_rule) - 1);
		return -EINVAL;
	}
	if (expect_check(val, why, sizeof(why)))
		return -EINVAL;
	snprintf(sc->expect_rule, sizeof(sc->expect_rule), "%s", val);
	return 0;
}

/* 0, -ENOENT for an unknown key, -EINVAL with *hint saying what the value should be. */
static int set_key(struct scenario *sc, const char *key, const char *val, const char **hint)
{
	const struct opt_def *row = opts_find(scenario_rows, key);
	uint32_t *ifindex = ifindex_field(sc, key);
	const char *kind = NULL;

	*hint = HINT_NUMBER;
	if (row && strchr(key, '-') == NULL)
		return set_number(sc, row, val);
	if (ifindex) {
		uint64_t v;

		/* Checked here, not only in scenario_validate(): the error then has its file:line.
		 */
		*hint = "an ifindex 2-2147483647, or 0 for the kernel's choice";
		if (parse_u64(val, &v) || v > 0x7fffffff || v == 1)
			return -EINVAL;
		*ifindex = (uint32_t)v;
		return 0;
	}
	*hint = HINT_BOOL;
	if (!strcmp(key, "emulate_no_netns_cookie"))
		return parse_bool(val, &sc->emulate_no_netns_cookie);
	*hint = "cycles, 0 to 1000";
	if (!strcmp(key, "netns_churn")) {
		uint64_t v;

		if (parse_u64(val, &v) || v > 1000)
			return -EINVAL;
		sc->netns_churn = (uint32_t)v;
		return 0;
	}
	*hint = HINT_BOOL;
	if (!strcmp(key, "netns_teardown"))
		return parse_bool(val, &sc->netns_teardown);
	if (!strcmp(key, "retry_after_failed_bind"))
		return parse_bool(val, &sc->retry_after_failed_bind);
	if (!strcmp(key, "expect"))
		return set_expect(sc, val, hint);
	*hint = "shared or separate";
	if (!strcmp(key, "umem")) {
		for (const char *const *k = scenario_umem_kinds; *k; k++)
			if (!strcmp(val, *k))
				kind = *k;
		if (!kind)
			return -EINVAL;
		sc->separate_umem = kind == scenario_umem_kinds[1];
		return 0;
	}
	*hint = "separate or shared";
	if (!strcmp(key, "fwd_netns")) {
		if (strcmp(val, "separate") && strcmp(val, "shared"))
			return -EINVAL;
		sc->fwd_netns_shared = !strcmp(val, "shared");
		return 0;
	}
	*hint = "off, delete-netns, delete-device or move-device";
	if (!strcmp(key, "netns_reuse")) {
		for (unsigned int i = 0; scenario_netns_reuse_kinds[i]; i++)
			if (!strcmp(val, scenario_netns_reuse_kinds[i])) {
				sc->netns_reuse = i;
				return 0;
			}
		return -EINVAL;
	}
	*hint = "xsk, or cmd:COMMAND of at most 1023 bytes";
	if (!strcmp(key, "forwarder")) {
		if (!strcmp(val, "xsk")) {
			sc->fwd_cmd[0] = '\0';
			return 0;
		}
		if (strncmp(val, "cmd:", 4) || !val[4] || strlen(val + 4) >= sizeof(sc->fwd_cmd))
			return -EINVAL;
		snprintf(sc->fwd_cmd, sizeof(sc->fwd_cmd), "%s", val + 4);
		return 0;
	}
	*hint = "at most 255 bytes";
	if (!strcmp(key, "description")) {
		if (strlen(val) >= sizeof(sc->description))
			return -EINVAL;
		snprintf(sc->description, sizeof(sc->description), "%s", val);
		return 0;
	}
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
	char why[256], key[32];

	/* The ranges are the rows', as for the command line's overrides. */
	for (const struct opt_def *d = scenario_rows; d->name; d++) {
		uint64_t v = opt_get_number(d, sc);

		if (!opt_check_range(d, v, why, sizeof(why)))
			continue;
		snprintf(key, sizeof(key), "%s", d->name);
		for (char *c = key; *c; c++)
			*c = *c == '-' ? '_' : *c;
		return invalid(err, errlen, "%s %" PRIu64 " %s", key, v, why);
	}
	if (sc->frames_per_sock < sc->ring_size)
		return invalid(err, errlen, "frames_per_socket %u is less than ring_size %u",
			       sc->frames_per_sock, sc->ring_size);
	if (sc->ifindex_outer > 0x7fffffff || sc->ifindex_outer == 1)
		return invalid(err, errlen,
			       "ifindex_outer %u out of range 2-2147483647 (0: kernel's choice)",
			       sc->ifindex_outer);
	if (sc->ifindex_inner > 0x7fffffff || sc->ifindex_inner == 1)
		return invalid(err, errlen,
			       "ifindex_inner %u out of range 2-2147483647 (0: kernel's choice)",
			       sc->ifindex_inner);
	if (sc->netns_reuse && (sc->fwd_cmd[0] || sc->fwd_netns_shared || !sc->ifindex_outer))
		return invalid(err, errlen,
			       "netns_reuse %s needs the xsk forwarder, fwd_netns separate and a "
			       "fixed ifindex_outer",
			       scenario_netns_reuse_kinds[sc->netns_reuse]);
	if (sc->netns_teardown && (sc->fwd_cmd[0] || sc->netns_reuse || sc->separate_umem))
		return invalid(err, errlen,
			       "netns_teardown needs the xsk forwarder on a shared UMEM, and no "
			       "netns_reuse");
	if (sc->netns_churn &&
	    (sc->fwd_cmd[0] || sc->netns_reuse || sc->netns_teardown || sc->separate_umem))
		return invalid(err, errlen,
			       "netns_churn needs the xsk forwarder on a shared UMEM, and neither "
			       "netns_reuse nor netns_teardown");
	return 0;
}

/*
 * The whole file into a NUL-terminated buffer. Only a regular file: a folder,
 * a device or a FIFO is refused at once (O_NONBLOCK: opening a FIFO must not
 * wait for a writer).
 */
static int read_whole(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY), ret = 0;
	struct stat st;
	ssize_t n = 0;

	*buf = NULL;
	*len = 0;
	if (fd < 0 || fstat(fd, &st)) {
		ret = -errno;
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = invalid(err, errlen, "%s is not a regular file (%s)", path,
			      S_ISDIR(st.st_mode) ? "a folder" : "a device, FIFO or socket");
		goto out;
	}
	*buf = malloc(SCENARIO_MAX_BYTES + 2);
	if (!*buf) {
		ret = invalid(err, errlen, "%s: out of memory", path);
		goto out;
	}
	/* One byte more than allowed tells a file at the limit from a larger one. */
	while (*len <= SCENARIO_MAX_BYTES &&
	       (n = read(fd, *buf + *len, SCENARIO_MAX_BYTES + 1 - *len)) > 0)
		*len += (size_t)n;
	(*buf)[*len] = '\0';
	if (n < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
	} else if (*len > SCENARIO_MAX_BYTES) {
		ret = invalid(err, errlen, "%s: larger than %d bytes", path, SCENARIO_MAX_BYTES);
	}
out:
	if (fd >= 0)
		close(fd);
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

/* One line (NUL-terminated, without its newline): a comment, blank, or key = value. */
static int parse_line(struct scenario *sc, char *line, unsigned int lineno, char *err,
		      size_t errlen)
{
	char *s = trim(line), *eq, *key, *val;
	const char *hint = "";
	int ret;

	if (!*s || *s == '#')
		return 0;
	eq = strchr(s, '=');
	if (!eq)
		return invalid(err, errlen, "%s:%u: expected 'key = value'", sc->path, lineno);
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	ret = set_key(sc, key, val, &hint);
	if (ret == -ENOENT)
		return invalid(err, errlen, "%s:%u: unknown key '%.64s%s'", sc->path, lineno, key,
			       strlen(key) > 64 ? "..." : "");
	if (ret)
		return invalid(err, errlen, "%s:%u: bad value for '%s': '%.64s%s' (%s)", sc->path,
			       lineno, key, val, strlen(val) > 64 ? "..." : "", hint);
	return 0;
}

static int parse_text(struct scenario *sc, char *text, size_t len, char *err, size_t errlen)
{
	char *nul = memchr(text, '\0', len), *line = text;
	unsigned int lineno = 1;
	int ret;

	if (nul) {
		for (char *p = text; p < nul; p++)
			lineno += *p == '\n';
		return invalid(err, errlen, "%s:%u: a NUL byte (not a text file?)", sc->path,
			       lineno);
	}
	for (; line < text + len; lineno++) {
		char *end = strchr(line, '\n');

		if (end)
			*end = '\0';
		ret = parse_line(sc, line, lineno, err, errlen);
		if (ret)
			return ret;
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

/* The file a name stands for: a path as given, else DIR/NAME.scn; never a cut-off name. */
static int resolve_path(const char *name_or_path, const char *dir, struct scenario *sc, char *err,
			size_t errlen)
{
	char base[PATH_MAX];
	size_t len;
	int n;

	if (strchr(name_or_path, '/') || strstr(name_or_path, ".scn"))
		n = snprintf(sc->path, sizeof(sc->path), "%s", name_or_path);
	else if (!dir || !*dir)
		return invalid(err, errlen, "scenario '%s': %s", name_or_path, SCENARIO_NO_DIR);
	else
		n = snprintf(sc->path, sizeof(sc->path), "%s/%s.scn", dir, name_or_path);
	if (n < 0 || (size_t)n >= sizeof(sc->path)) {
		snprintf(err, errlen, "scenario name too long: %zu bytes, at most %d as a path",
			 strlen(name_or_path), PATH_MAX - 1);
		return -ENAMETOOLONG;
	}
	snprintf(base, sizeof(base), "%s", sc->path);
	snprintf(sc->name, sizeof(sc->name), "%s", basename(base));
	len = strlen(sc->name);
	if (len > 4 && !strcmp(sc->name + len - 4, ".scn"))
		sc->name[len - 4] = '\0';
	return 0;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

void scenario_default_dir(const char *tree, const char *exe, char *buf, size_t len)
{
	char dir[PATH_MAX + 32], bin[PATH_MAX];
	int n;

	buf[0] = '\0';
	/* Installed first: a binary installed from a checkout must not follow that checkout. */
	if (exe && strchr(exe, '/')) {
		snprintf(bin, sizeof(bin), "%s", exe);
		*strrchr(bin, '/') = '\0'; /* PREFIX/bin */
		n = snprintf(dir, sizeof(dir), "%s/../share/xskns/scenarios", bin);
		if (n > 0 && (size_t)n < len && is_dir(dir)) {
			snprintf(buf, len, "%s", dir);
			return;
		}
	}
	if (tree && *tree) {
		n = snprintf(dir, sizeof(dir), "%s/scenarios", tree);
		if (n > 0 && (size_t)n < len && is_dir(dir))
			snprintf(buf, len, "%s", dir);
	}
}

/* The verdict to give here: the rule read against uname's release and the AF_XDP build. */
static int resolve_expect(struct scenario *sc, char *err, size_t errlen)
{
	struct xsk_impl_info impl;
	struct expect_env env;
	struct utsname u;
	char why[256];

	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "unknown");
	xsk_impl_describe(&impl);
	env = (struct expect_env){
	    .release = u.release, .impl = impl.name, .impl_version = impl.version};
	if (!expect_resolve_for(sc->expect_rule, &env, &sc->expect, why, sizeof(why)))
		return 0;
	return invalid(err, errlen, "%s: expect '%s': %s", sc->path, sc->expect_rule, why);
}

int scenario_load(const char *name_or_path, const char *dir, struct scenario *sc, char *err,
		  size_t errlen)
{
	size_t len;
	char *text;
	int ret;

	scenario_defaults(sc);
	ret = resolve_path(name_or_path, dir, sc, err, errlen);
	if (ret)
		return ret;
	ret = read_whole(sc->path, &text, &len, err, errlen);
	if (ret == -ENOENT || ret == -ENOTDIR) {
		snprintf(err, errlen, "unknown scenario '%s' (%s: %s)", name_or_path, sc->path,
			 strerror(-ret));
		return -ENOENT;
	}
	if (ret)
		return ret;
	ret = parse_text(sc, text, len, err, errlen);
	free(text);
	if (!ret && scenario_validate(sc, err, errlen))
		ret = -EINVAL;
	return ret ?: resolve_expect(sc, err, errlen);
}

void scenario_mem_shape(const struct scenario *sc, bool kernel_forwarder, struct mem_shape *out)
{
	*out = (struct mem_shape){.pairs = sc->pairs,
				  .queues = sc->queues,
				  .ring_size = sc->ring_size,
				  .frames_per_sock = sc->frames_per_sock,
				  .separate_umem = sc->separate_umem,
				  .kernel_forwarder = kernel_forwarder};
}
