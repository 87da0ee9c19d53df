/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The verdict of one run from everything it measured: the socket check
 * (check.h), then how the generator ended and the frame ledger (ledger.h).
 * Pure: the run layer reads the tools' reports into struct run_counts.
 */
#ifndef XSKNS_JUDGE_H
#define XSKNS_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "ledger.h"

/* What a run whose tools all ended cleanly is judged on. */
struct run_counts {
	bool check_sockets; /* an AF_XDP forwarder: its socket records are judged first */
	const struct sock_record *recs;
	size_t nrecs;
	const char *fwd_reason;	       /* the forwarder's own words when it reported no socket */
	bool have_gen, have_sink;      /* the generator's and the sink's reports were read */
	struct gen_run gen;	       /* how the generator's sending ended */
	struct traffic_counts traffic; /* drops_counted is filled from drops */
	struct drop_counts drops;
};

/*
 * The verdict: the socket rules, then (a tool that never reported makes the
 * counts meaningless: ERROR) how the generator ended, then the flow rules and
 * the ledger. Returns true when the traffic was judged, with
 * c->traffic.drops_counted filled in.
 */
bool judge_run(struct run_counts *c, struct check_result *out);

#endif
