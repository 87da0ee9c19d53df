/* Scenario files: defaults, every key, and one-line errors naming file, line and key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	struct scenario sc;
	char err[256] = "";

	plan(12);
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
	{
		char cmd[160];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd))
			diag("could not remove %s", dir);
	}
	return done();
}
