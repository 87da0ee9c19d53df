// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <string.h>

#include "judge.h"

bool judge_run(struct run_counts *c, struct check_result *out)
{
	struct check_result gen;

	out->verdict = VERDICT_PASS;
	out->reason[0] = '\0';
	if (c->check_sockets) {
		if (!c->nrecs) {
			verdict_raise(out, VERDICT_ERROR, "forwarder: %s",
				      c->fwd_reason && *c->fwd_reason ? c->fwd_reason
								      : "no sockets reported");
			return false;
		}
		check_sockets(c->recs, c->nrecs, out);
		if (out->verdict != VERDICT_PASS)
			return false;
	}
	/* Counts from a tool that never reported would read as zero: nothing to judge. */
	if (!c->have_gen || !c->have_sink) {
		verdict_raise(out, VERDICT_ERROR, "the %s wrote no report",
			      !c->have_sink ? "sink" : "generator");
		return false;
	}
	/* A generator that stopped early sent part of the traffic: its counts judge nothing. */
	check_generator(&c->gen, &gen);
	if (gen.verdict != VERDICT_PASS) {
		*out = gen;
		return false;
	}
	c->traffic.drops_counted = drops_counted(&c->drops);
	check_traffic(&c->traffic, out);
	return true;
}
