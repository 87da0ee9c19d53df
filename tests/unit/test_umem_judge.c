// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * umem_judge: the ledger rule of a run. Clean ledgers PASS; the kernel's
 * violations are BUG naming the tool, the kind, the count and the first
 * (socket, ring, address); the application's are ERROR even beside the
 * kernel's; owners that do not add up are ERROR; a tool without a ledger, or
 * with it off, is not judged. Counts are read back from a report as written.
 */
#include <string.h>

#include "tap.h"
#include "umem_judge.h"

static const char *const names[3] = {"generator", "forwarder", "sink"};

static void clean(struct ledger_counts *c, uint64_t frames)
{
	*c =
	    (struct ledger_counts){.reported = true, .on = true, .frames = frames, .held_list = ""};
	c->owned[LEDGER_APP] = frames / 2;
	c->owned[LEDGER_FILL] = frames - frames / 2;
	for (int k = 0; k < LV_KINDS; k++)
		c->first[k] = "";
}

static void test_rules(void)
{
	struct ledger_counts c[3];
	struct check_result r;

	for (int i = 0; i < 3; i++)
		clean(&c[i], 4096);
	judge_ledgers(names, c, 3, &r);
	is_u64(r.verdict, VERDICT_PASS, "clean ledgers: PASS");

	c[1].violations[LV_COMP_TWICE] = 3;
	c[1].first[LV_COMP_TWICE] = "socket 1 (ns:inner queue 0), COMPLETION ring, address 0x46100";
	judge_ledgers(names, c, 3, &r);
	is_u64(r.verdict, VERDICT_BUG, "a frame completed twice in the forwarder: BUG");
	ok(strstr(r.reason, "forwarder") && strstr(r.reason, "3 x comp_twice") &&
	       strstr(r.reason, "socket 1") && strstr(r.reason, "COMPLETION ring") &&
	       strstr(r.reason, "0x46100"),
	   "the reason names the tool, count, kind, socket, ring and address: %s", r.reason);

	c[2].violations[LV_APP_NOT_OWNED] = 1;
	c[2].first[LV_APP_NOT_OWNED] = "socket 0 (ns:sink queue 0), FILL ring, address 0x1000";
	judge_ledgers(names, c, 3, &r);
	is_u64(r.verdict, VERDICT_ERROR, "the sink's own violation beside the kernel's: ERROR");
	ok(strstr(r.reason, "sink") && strstr(r.reason, "harness bug") &&
	       strstr(r.reason, "1 x app_not_owned") && strstr(r.reason, "FILL ring"),
	   "the reason says it is the harness's: %s", r.reason);

	for (int i = 0; i < 3; i++)
		clean(&c[i], 4096);
	c[0].owned[LEDGER_APP]--;
	judge_ledgers(names, c, 3, &r);
	is_u64(r.verdict, VERDICT_ERROR, "owners adding up to one frame less than the UMEM: ERROR");
	ok(strstr(r.reason, "generator") && strstr(r.reason, "4095 of 4096"), "and it says so: %s",
	   r.reason);

	for (int i = 0; i < 3; i++)
		clean(&c[i], 4096);
	c[1].reported = false;
	c[1].violations[LV_RX_NOT_FILLED] = 5;
	c[2].on = false;
	c[2].frames = 4096;
	memset(c[2].owned, 0, sizeof(c[2].owned));
	judge_ledgers(names, c, 3, &r);
	is_u64(r.verdict, VERDICT_PASS, "a tool without a ledger, or with it off, is not judged");
}

static void test_read(void)
{
	struct kv v[] = {
	    {"ledger", "on"},
	    {"ledger.frames", "8192"},
	    {"ledger.owner.app", "4092"},
	    {"ledger.owner.fill", "4096"},
	    {"ledger.owner.kernel_rx", "4"},
	    {"ledger.kernel_held", "4"},
	    {"ledger.kernel_held_list", "socket 0 kernel_rx 0x1f000; socket 0 kernel_rx 0x3f000"},
	    {"ledger.violation.rx_not_filled", "4"},
	    {"ledger.first.rx_not_filled", "socket 0 (a:b queue 0), RX ring, address 0x1e200"},
	};
	struct kvlist kv = {v, sizeof(v) / sizeof(v[0])}, none = {0};
	struct ledger_counts c;
	struct check_result r;
	const struct kvlist *tools[3] = {&none, &kv, &none};

	ledger_counts_read(&kv, &c);
	ok(c.reported && c.on, "a report with ledger=on is read as a ledger that was on");
	is_u64(c.frames, 8192, "its frames");
	is_u64(c.owned[LEDGER_KERNEL_RX], 4, "its owners");
	is_u64(c.violations[LV_RX_NOT_FILLED], 4, "its violations");
	ok(!strcmp(c.first[LV_RX_NOT_FILLED], v[8].val) && !strcmp(c.first[LV_COMP_TWICE], ""),
	   "the first of a kind seen, \"\" for the others");
	ledger_counts_read(&none, &c);
	ok(!c.reported, "a report without ledger keys: no ledger");
	judge_tool_ledgers(tools, &r);
	is_u64(r.verdict, VERDICT_BUG, "the run's three reports judged: the forwarder's is BUG");
	ok(strstr(r.reason, "the kernel handed the forwarder") &&
	       strstr(r.reason, "4 x rx_not_filled") && strstr(r.reason, "0x1e200"),
	   "%s", r.reason);
}

int main(void)
{
	test_rules();
	test_read();
	return done();
}
