/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The UMEM ownership rule of a run: what each tool's ledger reported
 * (umem_ledger.h, the ledger.* keys of its report), judged. The kernel handing
 * back a frame it did not own is BUG; the application doing so (a harness
 * bug) is ERROR, first, since it makes the rest meaningless. Pure: the counts
 * in, a check_result out.
 */
#ifndef XSKNS_UMEM_JUDGE_H
#define XSKNS_UMEM_JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "json.h"
#include "report.h"
#include "umem_ledger.h"

/* One tool's ledger at the end, as its report says. */
struct ledger_counts {
	bool reported; /* the tool owns a UMEM and reported its ledger */
	bool on;       /* off: XSKNS_UMEM_LEDGER=off, nothing was checked */
	uint64_t frames, owned[LEDGER_OWNERS], kernel_held;
	uint64_t violations[LV_KINDS];
	const char *first[LV_KINDS]; /* the first of each kind, "" when none */
	const char *held_list;	     /* frames the kernel still holds, "; "-separated, bounded */
};

/* From a tool's report (strings point into kv). */
void ledger_counts_read(const struct kvlist *kv, struct ledger_counts *c);

/*
 * The rule over n tools (names[i]: "forwarder", ...): ERROR when one broke
 * the rules itself or lost track of a frame (its owners do not add up to its
 * frames), else BUG when the kernel did, naming the tool, the kind, the count
 * and the first (socket, ring, address); else PASS.
 */
void judge_ledgers(const char *const *names, const struct ledger_counts *c, size_t n,
		   struct check_result *out);

/* One tool's ledger as result.json's umem_ledger.tools.<key>. */
void ledger_json(struct json *j, const char *key, const struct ledger_counts *c);

/* A run's tools, in this order: generator, forwarder, sink. */
#define LEDGER_TOOLS 3
/* judge_ledgers() over the three tools' reports. */
void judge_tool_ledgers(const struct kvlist *const tools[LEDGER_TOOLS], struct check_result *out);
/*
 * result.json's "umem_ledger": the check (r NULL: "not run") and each tool
 * that reported a ledger.
 */
void tool_ledgers_json(struct json *j, const struct kvlist *const tools[LEDGER_TOOLS],
		       const struct check_result *r);

#endif
