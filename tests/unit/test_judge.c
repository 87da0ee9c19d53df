// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A run's verdict: sockets first, then the reports, the generator's end, the ledger. */
#include <errno.h>
#include <string.h>

#include "judge.h"
#include "sock_fixture.h"
#include "tap.h"

int main(void)
{
	struct sock_record r[2];
	struct check_result res;
	struct run_counts c = {.check_sockets = true, .fwd_reason = "netns 'x': No such file"};

	plan(10);
	ok(!judge_run(&c, &res) && res.verdict == VERDICT_ERROR &&
	       !strcmp(res.reason, "forwarder: netns 'x': No such file"),
	   "no socket records: ERROR in the forwarder's words (%s)", res.reason);
	colliding_pair(r);
	r[1].rc = -EINVAL;
	c.recs = r;
	c.nrecs = 2;
	ok(!judge_run(&c, &res) && res.verdict == VERDICT_BUG,
	   "a failed shared-UMEM socket: BUG before any traffic is looked at");
	r[1].rc = 0;
	c.have_gen = true;
	ok(!judge_run(&c, &res) && res.verdict == VERDICT_ERROR &&
	       strstr(res.reason, "the sink wrote no report"),
	   "clean sockets, no sink report: ERROR (%s)", res.reason);
	c.have_sink = true;
	c.gen = (struct gen_run){.stop = "duration", .planned_s = 2, .worked_s = 2};
	c.traffic = (struct traffic_counts){
	    .sent = 100000, .received = 90000, .flows_expected = 1, .flows_seen = 1};
	c.drops = (struct drop_counts){.veth_rx_dropped = 10000};
	ok(judge_run(&c, &res) && res.verdict == VERDICT_PASS && c.traffic.drops_counted == 10000,
	   "loss the veth counted: traffic judged, PASS, drops filled in");
	c.drops.veth_rx_dropped = 9999;
	ok(judge_run(&c, &res) && res.verdict == VERDICT_BUG &&
	       strstr(res.reason, "1 of 100000 frames lost"),
	   "one frame fewer counted: BUG, no allowance (%s)", res.reason);
	c.drops.veth_rx_dropped = 10000;
	c.gen.stop = "signal";
	ok(!judge_run(&c, &res) && res.verdict == VERDICT_ERROR &&
	       strstr(res.reason, "stopped by a signal"),
	   "a generator stopped early: ERROR even with balanced books (%s)", res.reason);
	c.gen.stop = NULL;
	ok(!judge_run(&c, &res) && res.verdict == VERDICT_ERROR,
	   "a generator that did not say why it stopped: ERROR");
	r[1].rc = -ENODEV;
	ok(!judge_run(&c, &res) && res.verdict == VERDICT_ERROR &&
	       strstr(res.reason, "creation failed"),
	   "a socket set-up ERROR stays ERROR although the traffic balances (%s)", res.reason);
	r[1].rc = 0;
	c = (struct run_counts){.have_gen = true, .have_sink = true, .gen = {.stop = "count"}};
	c.traffic = (struct traffic_counts){.sent = 10, .received = 10};
	ok(judge_run(&c, &res) && res.verdict == VERDICT_PASS,
	   "the kernel forwarder has no sockets to judge: traffic only");
	c.traffic.received = 11;
	ok(judge_run(&c, &res) && res.verdict == VERDICT_BUG, "more received than sent: BUG");
	return done();
}
