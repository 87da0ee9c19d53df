/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Why a PASS is one, in a sentence for the KTAP log and result.json's reason:
 * the forwarder's sockets and what kept them apart (netns cookies, their own
 * FILL rings), then the loss and what explains it, with a RATE= hint when the
 * chain ran far past its limit. Pure text from the run's counts.
 */
#ifndef XSKNS_PASS_REASON_H
#define XSKNS_PASS_REASON_H

#include <stdbool.h>
#include <stddef.h>

#include "ledger.h"
#include "sock_record.h"

/* Loss at or above this share of the frames sent gets the RATE= hint. */
#define PASS_HINT_LOSS_PERCENT 10

struct pass_facts {
	const struct sock_record *recs; /* the AF_XDP forwarder's sockets; NULL: none of ours */
	size_t nrecs;
	bool separate_umem;
	const char *forwarder; /* what forwarded when recs is NULL: "the kernel forwarder", ... */
	const struct traffic_counts *traffic;
	double received_pps; /* the sink's rate, for the hint */
};

void pass_reason(const struct pass_facts *f, char *buf, size_t len);

#endif
