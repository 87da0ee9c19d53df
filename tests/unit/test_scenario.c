// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Scenario files: defaults, every key, and one-line errors naming file, line
 * and key; only regular files, read whole (no line-length pieces), no NUL,
 * decimal numbers only, the boolean words, no name cut at PATH_MAX.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "scenario.h"
#include "tap.h"

static char dir[] = "/tmp/xskns-scn-XXXXXX";

static int load_text(const char *name, const char *text, struct scenario *sc, char *err)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.scn", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return scenario_load(name, dir, sc, err, 256);
}

static int load_bytes(const char *name, const char *data, size_t len, struct scenario *sc,
		      char *err)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.scn", dir, name);
	f = fopen(path, "w");
	fwrite(data, 1, len, f);
	fclose(f);
	return scenario_load(name, dir, sc, err, 256);
}

/* Not regular files: refused at once, never read (a FIFO or /dev/zero would hang). */
static void test_not_regular(void)
{
	struct scenario sc;
	char err[256], fifo[128];

	ok(scenario_load(dir, "/x", &sc, err, sizeof(err)) == -EINVAL &&
	       strstr(err, "is not a regular file (a folder)"),
	   "a folder is refused (%s)", err);
	ok(scenario_load("/dev/null", "/x", &sc, err, sizeof(err)) == -EINVAL &&
	       strstr(err, "/dev/null is not a regular file"),
	   "/dev/null is refused (%s)", err);
	ok(scenario_load("/dev/zero", "/x", &sc, err, sizeof(err)) == -EINVAL &&
	       strstr(err, "/dev/zero is not a regular file"),
	   "/dev/zero is refused, not read forever (%s)", err);
	snprintf(fifo, sizeof(fifo), "%s/fifo.scn", dir);
	ok(!mkfifo(fifo, 0600) && scenario_load(fifo, "/x", &sc, err, sizeof(err)) == -EINVAL &&
	       strstr(err, "is not a regular file"),
	   "a FIFO is refused without waiting for a writer (%s)", err);
}

/* Read whole: long lines stay one line, a NUL is an error, the size is bounded. */
static void test_whole_file(void)
{
	static char big[70000];
	struct scenario sc;
	char err[256] = "", *line = big;
	size_t n;

	n = (size_t)snprintf(big, sizeof(big), "description = %0600d duration = 1\n", 0);
	ok(load_bytes("longdesc", big, n, &sc, err) &&
	       strstr(err, "longdesc.scn:1: bad value "
			   "for 'description'") &&
	       strstr(err, "at most 255 bytes"),
	   "a 600-byte description is one line, refused, no key leaks from its tail (%s)", err);
	n = (size_t)snprintf(big, sizeof(big), "# %02000d\nqueus = 2\n", 0);
	ok(load_bytes("longcomment", big, n, &sc, err) && strstr(err, "longcomment.scn:2: unknown "
								      "key 'queus'"),
	   "after a 2000-byte comment the next line is line 2 (%s)", err);
	n = (size_t)snprintf(big, sizeof(big), "description = %0255d\n", 0);
	ok(!load_bytes("desc255", big, n, &sc, err) && strlen(sc.description) == 255,
	   "a 255-byte description fits (%s)", err);
	ok(load_bytes("nul", "pairs = 7\0garbage\n", 18, &sc, err) && strstr(err, "nul.scn:1: a "
										  "NUL byte"),
	   "a NUL byte is an error (%s)", err);
	ok(load_bytes("nul3", "# a\n\npairs = 2 \0\n", 17, &sc, err) && strstr(err, "nul3.scn:3:"),
	   "a NUL byte on line 3 is named there (%s)", err);
	memset(big, '#', sizeof(big));
	for (n = 0; n + 100 < sizeof(big); n += 100)
		big[n + 99] = '\n';
	ok(!load_bytes("limit", line, 65536, &sc, err), "65536 bytes of comments load (%s)", err);
	ok(load_bytes("toobig", line, 65537, &sc, err) && strstr(err, "larger than 65536 bytes"),
	   "one byte more is refused (%s)", err);
	ok(!load_text("nonl", "pairs = 2", &sc, err) && sc.pairs == 2,
	   "a last line without a newline counts");
	ok(!load_text("crlf", "pairs = 3\r\nqueues = 2\r\n", &sc, err) && sc.pairs == 3 &&
	       sc.queues == 2,
	   "CRLF line ends");
}

static void test_values(void)
{
	static const char *const bad_numbers[] = {"010", "0x10", "-1", "+2", "1e1", "2 2"};
	static const char *const words[][2] = {
	    {"1", "0"}, {"yes", "no"}, {"true", "false"}, {"on", "off"}};
	struct scenario sc;
	char err[256], text[64];

	for (size_t i = 0; i < sizeof(bad_numbers) / sizeof(bad_numbers[0]); i++) {
		snprintf(text, sizeof(text), "duration = %s\n", bad_numbers[i]);
		ok(load_text("num", text, &sc, err) && strstr(err, "bad value for 'duration'") &&
		       strstr(err, "decimal number"),
		   "duration = %s refused (%s)", bad_numbers[i], err);
	}
	for (size_t i = 0; i < 4; i++) {
		bool on, off;

		snprintf(text, sizeof(text), "emulate_no_netns_cookie = %s\n", words[i][0]);
		on = !load_text("on", text, &sc, err) && sc.emulate_no_netns_cookie;
		snprintf(text, sizeof(text), "emulate_no_netns_cookie = %s\n", words[i][1]);
		off = !load_text("off", text, &sc, err) && !sc.emulate_no_netns_cookie;
		ok(on && off, "booleans: %s / %s", words[i][0], words[i][1]);
	}
	ok(load_text("maybe", "emulate_no_netns_cookie = maybe\n", &sc, err) &&
	       strstr(err, "1/0, yes/no, true/false or on/off"),
	   "any other word is refused, naming the accepted ones (%s)", err);
	ok(!load_text("retry", "retry_after_failed_bind = yes\n", &sc, err) &&
	       sc.retry_after_failed_bind && !load_text("noretry", "\n", &sc, err) &&
	       !sc.retry_after_failed_bind,
	   "retry_after_failed_bind: a boolean, off by default");
	ok(load_text("retry", "retry_after_failed_bind = twice\n", &sc, err) &&
	       strstr(err, "bad value for 'retry_after_failed_bind'"),
	   "retry_after_failed_bind = twice refused (%s)", err);
}

/* The lifecycle keys (docs/netns-lifecycle.md): their words, and what they cannot go with. */
static void test_lifecycle(void)
{
	struct scenario sc;
	char err[256];

	ok(!load_text("reuse", "netns_reuse = move-device\n", &sc, err) &&
	       sc.netns_reuse == NETNS_REUSE_MOVE_DEVICE && !sc.netns_teardown && !sc.netns_churn,
	   "netns_reuse = move-device: %s", err);
	ok(load_text("reuse_bad", "netns_reuse = sideways\n", &sc, err) &&
	       strstr(err, "off, delete-netns, delete-device or move-device"),
	   "netns_reuse: another word refused, naming the accepted ones (%s)", err);
	ok(load_text("reuse_auto", "netns_reuse = delete-netns\nifindex_outer = 0\n", &sc, err) &&
	       strstr(err, "fixed ifindex_outer"),
	   "netns_reuse with ifindex_outer 0: refused (%s)", err);
	ok(!load_text("churn", "netns_churn = 7\n", &sc, err) && sc.netns_churn == 7,
	   "netns_churn = 7: %s", err);
	ok(load_text("churn_big", "netns_churn = 1001\n", &sc, err) && strstr(err, "0 to 1000"),
	   "netns_churn above 1000: refused (%s)", err);
	ok(load_text("both", "netns_teardown = yes\nnetns_reuse = delete-device\n", &sc, err) &&
	       strstr(err, "netns_teardown needs"),
	   "netns_teardown with netns_reuse: refused (%s)", err);
}

/* A name cut to fit PATH_MAX would be another file: an error instead. */
static void test_long_name(void)
{
	static char name[PATH_MAX + 600];
	struct scenario sc;
	char err[256];
	size_t n = 0;

	n += (size_t)snprintf(name, sizeof(name), "%s", dir);
	while (n < PATH_MAX + 100)
		n += (size_t)snprintf(name + n, sizeof(name) - n, "/.");
	snprintf(name + n, sizeof(name) - n, "/full.scn");
	ok(scenario_load(name, "/x", &sc, err, sizeof(err)) == -ENAMETOOLONG &&
	       strstr(err, "too long"),
	   "a %zu-byte path is refused, not cut (%s)", strlen(name), err);
}

/* expect as a rule on the kernel release: resolved for the kernel running this test. */
static void test_expect_rule(void)
{
	struct scenario sc;
	struct utsname u;
	enum verdict here;
	char err[256] = "";

	uname(&u);
	here = expect_resolve("BUG if kernel < 5.14 else PASS", u.release, &here, err, sizeof(err))
		   ? VERDICT_ERROR
		   : here;
	ok(!load_text("rule", "expect = BUG if kernel < 5.14 else PASS\n", &sc, err) &&
	       sc.expect == here && !strcmp(sc.expect_rule, "BUG if kernel < 5.14 else PASS"),
	   "a kernel rule is kept as written and resolved for %s: %s", u.release,
	   verdict_name(sc.expect));
	ok(!load_text("plain", "expect = BUG\n", &sc, err) && !strcmp(sc.expect_rule, "BUG"),
	   "a plain verdict is its own rule");
	ok(load_text("norule", "expect = BUG if kernel < 5.14\n", &sc, err) &&
	       strstr(err, "norule.scn:1: bad value for 'expect'") &&
	       strstr(err, "a condition needs its 'else VERDICT'"),
	   "a broken rule: file, line and what is wrong (%s)", err);
	ok(load_text("experr", "expect = ERROR\n", &sc, err) &&
	       strstr(err, "'ERROR' is not an expected verdict (PASS or BUG)"),
	   "ERROR is never an expectation (%s)", err);
}

/* Where a binary finds its scenarios: its build tree, its install, never the working directory. */
static void test_default_dir(void)
{
	char tree[160], prefix[160], path[256], got[512], cwd[PATH_MAX];

	snprintf(tree, sizeof(tree), "%s/tree", dir);
	snprintf(prefix, sizeof(prefix), "%s/prefix", dir);
	snprintf(path, sizeof(path), "%s/scenarios", tree);
	mkdir(tree, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/bin", prefix);
	mkdir(prefix, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/share", prefix);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/share/xskns", prefix);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/share/xskns/scenarios", prefix);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/bin/xskns", prefix);

	scenario_default_dir(tree, path, got, sizeof(got));
	ok(strstr(got, "/prefix/bin/../share/xskns/scenarios") != NULL,
	   "installed: PREFIX/share/xskns/scenarios, not the tree it was built from: %s", got);
	scenario_default_dir("/nonexistent-tree", path, got, sizeof(got));
	ok(strstr(got, "/prefix/bin/../share/xskns/scenarios") != NULL,
	   "installed, the tree gone: PREFIX/share/xskns/scenarios: %s", got);
	snprintf(path, sizeof(path), "%s/build/xskns", tree);
	scenario_default_dir(tree, path, got, sizeof(got));
	ok(strstr(got, "/tree/scenarios") && !strstr(got, "prefix"),
	   "in its build tree (no share/xskns beside it): the tree's scenarios: %s", got);
	/* A planted ./scenarios in the working directory is nobody's. */
	if (!getcwd(cwd, sizeof(cwd)) || chdir(tree))
		cwd[0] = '\0';
	scenario_default_dir(NULL, "/nonexistent/bin/xskns", got, sizeof(got));
	ok(!got[0], "neither: none, although the working directory has a scenarios/ ('%s')", got);
	scenario_default_dir("", "xskns", got, sizeof(got));
	ok(!got[0], "an empty tree and a bare name: none");
	if (cwd[0] && chdir(cwd))
		diag("cannot return to %s", cwd);
}

int main(void)
{
	struct scenario sc;
	char err[256] = "";

	plan(12 + 4 + 9 + 13 + 1 + 4 + 5 + 6 + 2);
	if (!mkdtemp(dir))
		return 1;
	ok(!load_text("empty", "# only a comment\n\n", &sc, err), "an empty file is valid: %s",
	   err);
	ok(sc.pairs == 1 && sc.queues == 1 && sc.ifindex_outer == 4242 && sc.pkt_size == 64 &&
	       sc.expect == VERDICT_PASS && !strcmp(sc.name, "empty"),
	   "defaults: one pair, one queue, ifindex 4242, 64 bytes, expect PASS");
	ok(!load_text("full",
		      "description = d\nexpect = BUG\npairs = 4\nqueues = 2\nifindex_outer = 7\n"
		      "ifindex_inner = 0\numem = separate\nemulate_no_netns_cookie = yes\n"
		      "duration = 5\nrate = 1000\npkt_size = 1500\nring_size = 512\n"
		      "frames_per_socket = 1024\n",
		      &sc, err),
	   "every key: %s", err);
	ok(sc.expect == VERDICT_BUG && sc.pairs == 4 && sc.queues == 2 && sc.ifindex_outer == 7 &&
	       sc.ifindex_inner == 0 && sc.separate_umem && sc.emulate_no_netns_cookie &&
	       sc.duration_s == 5 && sc.rate_pps == 1000 && sc.pkt_size == 1500 &&
	       sc.ring_size == 512 && sc.frames_per_sock == 1024 && !strcmp(sc.description, "d"),
	   "every key lands in its field");
	ok(load_text("typo", "expect = PASS\nqueus = 2\n", &sc, err) && strstr(err, "typo.scn:2") &&
	       strstr(err, "unknown key 'queus'"),
	   "unknown key: file, line and key named (%s)", err);
	ok(load_text("badval", "umem = both\n", &sc, err) &&
	       strstr(err, "bad value for 'umem': 'both'"),
	   "bad value named (%s)", err);
	ok(load_text("noeq", "pairs 2\n", &sc, err) && strstr(err, "expected 'key = value'"),
	   "a line without '=' (%s)", err);
	ok(load_text("ring", "ring_size = 1000\n", &sc, err) && strstr(err, "power of two"),
	   "ring size not a power of two (%s)", err);
	ok(load_text("rate", "rate = 100000001\n", &sc, err) &&
	       strstr(err, "rate 100000001 out of range 0-100000000"),
	   "a key is checked by the option row run's --rate uses (%s)", err);
	ok(load_text("fps", "ring_size = 512\nframes_per_socket = 256\n", &sc, err) &&
	       strstr(err, "less than ring_size 512"),
	   "frames_per_socket below ring_size (%s)", err);
	ok(load_text("pkt", "pkt_size = 10\n", &sc, err) && strstr(err, "pkt_size 10"),
	   "frame size out of range (%s)", err);
	ok(load_text("idx", "ifindex_inner = 1\n", &sc, err) && strstr(err, "ifindex"),
	   "ifindex 1 (loopback's) refused (%s)", err);
	ok(scenario_load("absent", dir, &sc, err, sizeof(err)) &&
	       strstr(err, "unknown scenario 'absent'"),
	   "missing scenario named (%s)", err);
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/full.scn", dir);
		ok(!scenario_load(path, "/nonexistent", &sc, err, sizeof(err)) && sc.pairs == 4 &&
		       !strcmp(sc.name, "full"),
		   "a path works as a scenario name, whatever the folder");
	}
	test_expect_rule();
	test_default_dir();
	test_not_regular();
	test_whole_file();
	test_values();
	test_lifecycle();
	test_long_name();
	{
		char cmd[160];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd))
			diag("could not remove %s", dir);
	}
	return done();
}
