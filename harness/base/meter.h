/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Per-second throughput of one stage: a human line on stderr and a CSV row
 * each second (t_s,stage,interval_packets,pps,interval_bytes,interval_s: the
 * frames of that interval, not running totals; interval_s its real length),
 * and the average at the end.
 */
#ifndef XSKNS_METER_H
#define XSKNS_METER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct meter {
	const char *stage; /* gen_tx, fwd_rx, fwd_tx, sink_rx */
	FILE *csv;	   /* may be NULL */
	uint64_t start_ns, last_ns;
	uint64_t last_packets, last_bytes;
	unsigned int seconds;
	uint64_t epoch_ns; /* $XSKNS_EPOCH_NS: CSV time origin shared by the tools of a run */
};

void meter_init(struct meter *m, const char *stage, FILE *csv, uint64_t now);
/* Emits a line when at least a second passed since the last one; returns true then. */
bool meter_tick(struct meter *m, uint64_t now, uint64_t packets, uint64_t bytes);

#endif
