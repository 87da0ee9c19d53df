// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The socket rules: each rule must fire on its own, and clean records must pass. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "sock_fixture.h"
#include "tap.h"

static void sockets(void)
{
	struct sock_record r[2];
	struct check_result res;

	colliding_pair(r);
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_PASS, "clean colliding pair passes: %s", res.reason);

	colliding_pair(r);
	r[1].rc = -EINVAL;
	r[1].xsk_cookie = r[1].fill_ring = r[1].comp_ring = 0;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG, "EINVAL on the second socket is BUG");
	ok(strstr(res.reason, "socket 1 (netns inner") && strstr(res.reason, "(-22)") &&
	       strstr(res.reason, "collides with socket 0 (netns outer dev outer ifindex 4242"),
	   "the reason names the failed socket, the errno and the collision: %s", res.reason);

	/* A port set up late (fwd --hold): the failed socket is listed before its collision. */
	colliding_pair(r);
	r[0].rc = -EINVAL;
	r[0].xsk_cookie = r[0].fill_ring = r[0].comp_ring = 0;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG &&
	       strstr(res.reason, "collides with socket 1 (netns inner dev inner ifindex 4242"),
	   "a collision with a later-listed socket is named: %s", res.reason);
	r[1].rc = -EINVAL;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG && !strstr(res.reason, "collides with socket 1"),
	   "a later-listed socket that failed too is no collision: %s", res.reason);

	colliding_pair(r);
	r[1].rc = -ENODEV;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_ERROR, "ENODEV is a setup ERROR, not a BUG");

	colliding_pair(r);
	r[1].xsk_cookie = r[0].xsk_cookie;
	r[1].netns_cookie = r[0].netns_cookie;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "share cookie 100"),
	   "different namespaces, same cookie: BUG (%s)", res.reason);

	colliding_pair(r);
	r[1].netns_id = r[0].netns_id;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "one netns but have cookies"),
	   "one namespace, two cookies: BUG (%s)", res.reason);

	colliding_pair(r);
	r[1].xsk_cookie = 999;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "differs from its device"),
	   "socket cookie differs from its namespace's: BUG (%s)", res.reason);

	colliding_pair(r);
	r[1].fill_ring = r[0].fill_ring;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "shares its FILL/COMPLETION ring"),
	   "shared FILL ring: BUG (%s)", res.reason);

	colliding_pair(r);
	r[1].comp_ring = r[0].comp_ring;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "shares its FILL/COMPLETION ring"),
	   "shared COMPLETION ring: BUG (%s)", res.reason);

	colliding_pair(r);
	r[1].comp_ring = 0;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "no FILL/COMPLETION ring"),
	   "a socket without its own rings: BUG (%s)", res.reason);

	colliding_pair(r);
	r[0].xsk_cookie = r[1].xsk_cookie = r[0].netns_cookie = r[1].netns_cookie = 0;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_PASS, "no cookies (kernel before 5.14): cookie rules skipped");

	colliding_pair(r);
	r[1].rc = -EINVAL;
	r[0].no_netns_cookie = r[1].no_netns_cookie = true;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG &&
	       strstr(res.reason, "in another netns: the kernel has no SO_NETNS_COOKIE (before "
				  "5.14), so libxdp falls back to one cookie"),
	   "no SO_NETNS_COOKIE: the BUG says why the namespaces collide (%s)", res.reason);
	check_set_library("libbpf 0.8.1");
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "so libbpf 0.8.1 falls back") &&
	       !strstr(res.reason, "libxdp"),
	   "the reason names the library the binary is built with (%s)", res.reason);
	check_set_library("libxdp");

	colliding_pair(r);
	r[0].no_netns_cookie = r[1].no_netns_cookie = true;
	r[1].xsk_cookie = r[0].xsk_cookie;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_PASS, "no SO_NETNS_COOKIE: no cookie compared (%s)", res.reason);

	colliding_pair(r);
	r[1].rc = -EINVAL;
	check_sockets(r, 2, &res);
	ok(!strstr(res.reason, "SO_NETNS_COOKIE"), "with cookies: the collision alone is named");

	colliding_pair(r);
	r[1].attempted = false;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_ERROR, "a socket never tried is an ERROR");

	check_sockets(r, 0, &res);
	ok(res.verdict == VERDICT_ERROR, "no sockets at all is an ERROR");
}

/* Socket 0 created after the UMEM's first creation, on queue 1, failed at bind. */
static void retry_pair(struct sock_record r[2], int rc)
{
	colliding_pair(r);
	r[1].ifindex = 4343;
	r[0].retry = true;
	r[0].first_queue = 1;
	r[0].first_rc = -EINVAL;
	r[0].rc = rc;
	if (rc)
		r[0].xsk_cookie = r[0].fill_ring = r[0].comp_ring = 0;
}

static void retries(void)
{
	struct sock_record r[2];
	struct check_result res;

	retry_pair(r, 0);
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_PASS, "a retry that succeeds passes: %s", res.reason);

	retry_pair(r, -EINVAL);
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG &&
	       strstr(res.reason, "socket 0 (netns outer dev outer ifindex 4242 queue 0): "
				  "shared-UMEM creation failed: Invalid argument (-22), retrying "
				  "after the UMEM's first creation on queue 1 failed (Invalid "
				  "argument)"),
	   "EINVAL on the retry: BUG, the reason names the failed first creation (%s)", res.reason);

	retry_pair(r, -ENOMEM);
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_ERROR && strstr(res.reason, "Cannot allocate memory, retrying "
							      "after the UMEM's first creation"),
	   "ENOMEM on the retry: a set-up ERROR, the retry named (%s)", res.reason);

	retry_pair(r, -EINVAL);
	r[0].retry = false;
	check_sockets(r, 2, &res);
	ok(res.verdict == VERDICT_BUG && !strstr(res.reason, "retrying"),
	   "the same failure without a first creation names none (%s)", res.reason);
}

int main(void)
{
	enum verdict v;

	plan(26);
	sockets();
	retries();
	ok(!verdict_parse("BUG", &v) && v == VERDICT_BUG, "verdict_parse BUG");
	ok(verdict_parse("bug", &v) == -EINVAL, "verdict_parse is case-sensitive");
	ok(!strcmp(verdict_name(VERDICT_ERROR), "ERROR"), "verdict_name ERROR");
	return done();
}
