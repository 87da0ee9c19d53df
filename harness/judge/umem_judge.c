// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "umem_judge.h"

void ledger_counts_read(const struct kvlist *kv, struct ledger_counts *c)
{
	const char *on = kv_get(kv, "ledger");
	char key[64];

	*c = (struct ledger_counts){.reported = on != NULL, .on = on && !strcmp(on, "on")};
	c->frames = kv_u64(kv, "ledger.frames", 0);
	c->kernel_held = kv_u64(kv, "ledger.kernel_held", 0);
	c->held_list = kv_get(kv, "ledger.kernel_held_list");
	if (!c->held_list)
		c->held_list = "";
	for (int k = 0; k < LEDGER_OWNERS; k++) {
		snprintf(key, sizeof(key), "ledger.owner.%s", ledger_owner_names[k]);
		c->owned[k] = kv_u64(kv, key, 0);
	}
	for (int k = 0; k < LV_KINDS; k++) {
		snprintf(key, sizeof(key), "ledger.violation.%s", ledger_violation_names[k]);
		c->violations[k] = kv_u64(kv, key, 0);
		snprintf(key, sizeof(key), "ledger.first.%s", ledger_violation_names[k]);
		c->first[k] = kv_get(kv, key);
		if (!c->first[k])
			c->first[k] = "";
	}
}

static uint64_t owners_sum(const struct ledger_counts *c)
{
	uint64_t n = 0;

	for (int k = 0; k < LEDGER_OWNERS; k++)
		n += c->owned[k];
	return n;
}

/* The first tool with a violation of a kind in [from, to): its index and the kind, or -1. */
static int find(const struct ledger_counts *c, size_t n, int from, int to, int *kind)
{
	for (size_t t = 0; t < n; t++)
		for (int k = from; k < to; k++)
			if (c[t].reported && c[t].violations[k]) {
				*kind = k;
				return (int)t;
			}
	return -1;
}

void judge_ledgers(const char *const *names, const struct ledger_counts *c, size_t n,
		   struct check_result *out)
{
	int t, k = 0;

	*out = (struct check_result){.verdict = VERDICT_PASS};
	for (size_t i = 0; i < n; i++) {
		if (!c[i].reported || !c[i].on || owners_sum(&c[i]) == c[i].frames)
			continue;
		verdict_raise(
		    out, VERDICT_ERROR,
		    "the %s's UMEM ledger lost track of frames: its owners add up to %" PRIu64
		    " of %" PRIu64 " frames",
		    names[i], owners_sum(&c[i]), c[i].frames);
		return;
	}
	t = find(c, n, LV_KERNEL_KINDS, LV_KINDS, &k);
	if (t >= 0) {
		verdict_raise(out, VERDICT_ERROR,
			      "the %s used a UMEM frame it did not own (a harness bug): %" PRIu64
			      " x %s, the first: %s",
			      names[t], c[t].violations[k], ledger_violation_names[k],
			      c[t].first[k]);
		return;
	}
	t = find(c, n, 0, LV_KERNEL_KINDS, &k);
	if (t >= 0) {
		verdict_raise(out, VERDICT_BUG,
			      "the kernel handed the %s a UMEM frame it did not own: %" PRIu64
			      " x %s, the first: %s",
			      names[t], c[t].violations[k], ledger_violation_names[k],
			      c[t].first[k]);
	}
}

/* "a; b; c" as an array of strings. */
static void json_list(struct json *j, const char *key, const char *list)
{
	char item[128];

	json_arr_begin(j, key);
	while (*list) {
		size_t len = strcspn(list, ";");

		snprintf(item, sizeof(item), "%.*s", (int)len, list);
		json_str(j, NULL, item);
		list += len;
		list += strspn(list, "; ");
	}
	json_arr_end(j);
}

void ledger_json(struct json *j, const char *key, const struct ledger_counts *c)
{
	json_obj_begin(j, key);
	json_bool(j, "enabled", c->on);
	json_u64(j, "frames", c->frames);
	json_obj_begin(j, "owners");
	for (int k = 0; k < LEDGER_OWNERS; k++)
		json_u64(j, ledger_owner_names[k], c->owned[k]);
	json_obj_end(j);
	json_u64(j, "kernel_held", c->kernel_held);
	json_list(j, "kernel_held_list", c->held_list);
	json_obj_begin(j, "violations");
	for (int k = 0; k < LV_KINDS; k++)
		json_u64(j, ledger_violation_names[k], c->violations[k]);
	json_obj_end(j);
	json_obj_begin(j, "first");
	for (int k = 0; k < LV_KINDS; k++)
		if (c->first[k][0])
			json_str(j, ledger_violation_names[k], c->first[k]);
	json_obj_end(j);
	json_obj_end(j);
}

static const char *const tool_names[LEDGER_TOOLS] = {"generator", "forwarder", "sink"};
static const char *const tool_keys[LEDGER_TOOLS] = {"gen", "fwd", "sink"};

void judge_tool_ledgers(const struct kvlist *const tools[LEDGER_TOOLS], struct check_result *out)
{
	struct ledger_counts c[LEDGER_TOOLS];

	for (int i = 0; i < LEDGER_TOOLS; i++)
		ledger_counts_read(tools[i], &c[i]);
	judge_ledgers(tool_names, c, LEDGER_TOOLS, out);
}

void tool_ledgers_json(struct json *j, const struct kvlist *const tools[LEDGER_TOOLS],
		       const struct check_result *r)
{
	struct ledger_counts c;

	json_obj_begin(j, "umem_ledger");
	json_str(j, "check", r ? verdict_name(r->verdict) : "not run");
	json_str(j, "reason", r ? r->reason : "");
	json_obj_begin(j, "tools");
	for (int i = 0; i < LEDGER_TOOLS; i++) {
		ledger_counts_read(tools[i], &c);
		if (c.reported)
			ledger_json(j, tool_keys[i], &c);
	}
	json_obj_end(j);
	json_obj_end(j);
}
