// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The frame ledger: every rule fires on its own, and balanced books pass. */
#include <string.h>

#include "ledger.h"
#include "tap.h"

/* Three hops that balance: 1000 sent, 100 dropped on the way in, 50 on the way out. */
static void balanced(struct traffic_counts *t)
{
	*t = (struct traffic_counts){
	    .sent = 1000, .received = 850, .flows_expected = 2, .flows_seen = 2, .by_hop = true};
	t->hops[HOP_TO_FWD] = (struct hop_ledger){.in = 1000, .out = 900, .counted = 100};
	t->hops[HOP_IN_FWD] = (struct hop_ledger){.in = 900, .out = 900};
	t->hops[HOP_TO_SINK] =
	    (struct hop_ledger){.in = 900, .out = 850, .counted = 40, .in_flight = 10};
}

static void hops(void)
{
	struct hop_balance b;
	struct hop_ledger h = {.in = 100, .out = 90, .counted = 4, .in_flight = 1};

	hop_balance(&h, &b);
	ok(b.lost == 10 && b.unexplained == 5 && !b.over_counted && !b.excess,
	   "10 lost, 4 counted, 1 in flight: 5 unexplained");
	h.counted = 20;
	hop_balance(&h, &b);
	ok(b.lost == 10 && !b.unexplained && b.over_counted == 11,
	   "counters beyond the loss: still 10 lost, over-counted 11");
	h = (struct hop_ledger){.in = 10, .out = 12, .counted = 3};
	hop_balance(&h, &b);
	ok(b.excess == 2 && !b.lost && !b.unexplained, "more out than in: excess 2");
	h = (struct hop_ledger){.in = 10, .out = 11};
	hop_balance(&h, &b);
	ok(b.excess == 1, "one frame more out than in: excess 1");
}

static void traffic(void)
{
	struct traffic_counts t;
	struct check_result res;

	balanced(&t);
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_PASS, "every hop balances: PASS (%s)", res.reason);
	is_u64(traffic_unexplained_loss(&t), 0, "no unexplained loss");

	/* A hop whose counters over-explain it hides nothing of another hop's loss. */
	balanced(&t);
	t.hops[HOP_TO_FWD].counted = 200;
	t.hops[HOP_TO_SINK].counted = 0;
	t.drops_counted = 200;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "40 of 900 frames lost to the sink"),
	   "over-counted hop cancels nothing: BUG at the other hop (%s)", res.reason);
	is_u64(traffic_unexplained_loss(&t), 40, "the unexplained loss is the other hop's 40");

	balanced(&t);
	t.hops[HOP_IN_FWD].out = 899;
	t.hops[HOP_TO_SINK].in = 899;
	t.hops[HOP_TO_SINK].counted = 39;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG &&
	       strstr(res.reason, "1 of 900 frames lost inside the forwarder"),
	   "one frame lost silently inside the forwarder: BUG, no allowance (%s)", res.reason);

	balanced(&t);
	t.hops[HOP_TO_SINK].in_flight = 9;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "9 in flight"),
	   "one frame fewer in flight than missing: BUG (%s)", res.reason);

	balanced(&t);
	t.hops[HOP_IN_FWD].out = 950;
	t.hops[HOP_TO_SINK].in = 950;
	t.hops[HOP_TO_SINK].counted = 90;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "50 more frames left the path inside"),
	   "a forwarder sending more than it received: BUG (%s)", res.reason);

	balanced(&t);
	t.received = 1001;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "1001 frames received but only 1000"),
	   "more received than sent, without any sequence check: BUG (%s)", res.reason);

	balanced(&t);
	t.duplicates = 1;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "twice"), "duplicates: BUG");

	balanced(&t);
	t.misdelivered = 3;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "another flow's socket"),
	   "misdelivery: BUG");

	balanced(&t);
	t.flows_seen = 1;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "1 of the 2 flows"),
	   "a flow sent to and never seen: BUG (%s)", res.reason);

	balanced(&t);
	t.flows_expected = 1;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_PASS, "more flows seen than sent to is no loss");

	/* The end-to-end books, for a forwarder whose counts are not ours. */
	t = (struct traffic_counts){.sent = 1000,
				    .received = 900,
				    .drops_counted = 95,
				    .in_flight = 5,
				    .flows_expected = 1,
				    .flows_seen = 1};
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_PASS, "end to end: 95 counted + 5 in flight explain 100");
	t.in_flight = 4;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG &&
	       strstr(res.reason, "1 of 1000 frames lost between the generator and the sink"),
	   "end to end: one frame short is BUG (%s)", res.reason);

	t = (struct traffic_counts){.sent = 10, .flows_expected = 1};
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_BUG && strstr(res.reason, "no frame reached"),
	   "nothing arrived: BUG");
	t.sent = 0;
	check_traffic(&t, &res);
	ok(res.verdict == VERDICT_ERROR, "nothing sent: ERROR");
}

static void drops(void)
{
	struct drop_counts d = {.xsk_rx_dropped = 3, .xsk_rx_ring_full = 4, .veth_rx_dropped = 10};

	is_u64(drops_counted(&d), 10,
	       "a refused redirect counted once: the larger of veth rx and XSK");
	d.veth_rx_dropped = 5;
	is_u64(drops_counted(&d), 7, "XSK's rx counters when they are the larger");
	d = (struct drop_counts){.veth_tx_dropped = 1,
				 .xsk_tx_invalid = 2,
				 .xdp_passed = 3,
				 .copy_drops = 4,
				 .xsk_rx_invalid = 5};
	is_u64(drops_counted(&d), 15, "tx drops, passed frames and copy drops come on top");
}

static void generator(void)
{
	struct gen_run g = {.stop = "duration", .worked_s = 4, .planned_s = 4};
	struct check_result res;

	check_generator(&g, &res);
	ok(res.verdict == VERDICT_PASS, "stopped at its duration: PASS");
	g.stop = "count";
	check_generator(&g, &res);
	ok(res.verdict == VERDICT_PASS, "stopped at its count: PASS");
	g = (struct gen_run){.stop = "signal", .worked_s = 1.5, .planned_s = 4};
	check_generator(&g, &res);
	ok(res.verdict == VERDICT_ERROR && strstr(res.reason, "after 1.50 s of its 4 s"),
	   "stopped by a signal: ERROR naming how long it worked (%s)", res.reason);
	g = (struct gen_run){.stop = "device", .detail = "Network is down", .worked_s = 1};
	check_generator(&g, &res);
	ok(res.verdict == VERDICT_ERROR && strstr(res.reason, "device went away") &&
	       strstr(res.reason, "Network is down"),
	   "its device gone: ERROR (%s)", res.reason);
	g = (struct gen_run){0};
	check_generator(&g, &res);
	ok(res.verdict == VERDICT_ERROR, "no reason reported: ERROR");
	g.stop = "unknown";
	check_generator(&g, &res);
	ok(res.verdict == VERDICT_ERROR, "an unknown reason: ERROR");
}

int main(void)
{
	plan(4 + 16 + 3 + 6);
	hops();
	traffic();
	drops();
	generator();
	return done();
}
