// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A PASS's reason: the sockets, the loss and what explains it, the RATE= hint. */
#include <string.h>

#include "pass_reason.h"
#include "tap.h"

static void has(const struct pass_facts *f, const char *want, bool present, const char *name)
{
	char buf[1024];

	pass_reason(f, buf, sizeof(buf));
	if (!ok(!!strstr(buf, want) == present, "%s", name))
		diag("got: %s", buf);
}

int main(void)
{
	struct sock_record recs[2] = {
	    {.netns_id = 1, .ifindex = 4242, .fill_ring = 0x1000, .netns_cookie = 7},
	    {.port = 1, .netns_id = 2, .ifindex = 4242, .fill_ring = 0x2000, .netns_cookie = 8},
	};
	struct traffic_counts none = {.sent = 1000, .received = 1000};
	struct traffic_counts small = {.sent = 1000, .received = 950, .by_hop = true};
	struct traffic_counts big = {.sent = 1000000, .received = 400000, .by_hop = true};
	struct pass_facts f = {.recs = recs, .nrecs = 2, .traffic = &none, .received_pps = 400000};
	char buf[8];

	small.hops[HOP_TO_SINK] = (struct hop_ledger){.in = 1000, .out = 950, .counted = 50};
	big.hops[HOP_TO_FWD] = (struct hop_ledger){.in = 1000000, .out = 500000, .counted = 500000};
	big.hops[HOP_TO_SINK] = (struct hop_ledger){.in = 500000, .out = 400000, .counted = 100000};

	has(&f, "2 sockets bound on one shared UMEM", true, "the sockets and their UMEM");
	has(&f, "one ifindex in several namespaces told apart by netns cookie", true,
	    "colliding ifindexes: the netns cookies kept them apart");
	has(&f, "each with its own FILL ring", true, "their FILL rings are their own");
	has(&f, "no frame lost of 1000 sent", true, "no loss: said so");
	has(&f, "RATE=", false, "no loss: no hint");
	recs[1].fill_ring = 0x1000;
	has(&f, "own FILL ring", false, "one FILL ring for both: not claimed");
	recs[1].ifindex = 4343;
	has(&f, "netns cookie", false, "distinct ifindexes: no collision to explain");
	f.traffic = &small;
	has(&f, "lost 50 of 1000 (5.0 %)", true, "small loss: counted");
	has(&f, "most to the sink", true, "small loss: its hop");
	has(&f, "RATE=", false, "small loss: no hint");
	f.traffic = &big;
	has(&f, "lost 600000 of 1000000 (60.0 %)", true, "large loss: counted");
	has(&f, "most to the forwarder", true, "large loss: the hop that lost most");
	has(&f, "RATE=360000 (--rate, total over all pairs)", true,
	    "large loss: a RATE= hint below what got through");
	f = (struct pass_facts){.forwarder = "the kernel forwarder", .traffic = &none};
	has(&f, "the kernel forwarder forwarded; no frame lost", true, "no sockets of ours");
	pass_reason(&f, buf, sizeof(buf));
	ok(strlen(buf) == sizeof(buf) - 1, "a short buffer: cut, terminated");
	return done();
}
