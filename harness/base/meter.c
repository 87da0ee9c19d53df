// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <inttypes.h>
#include <stdlib.h>

#include "log.h"
#include "meter.h"
#include "util.h"

void meter_init(struct meter *m, const char *stage, FILE *csv, uint64_t now)
{
	m->stage = stage;
	m->csv = csv;
	m->start_ns = m->last_ns = now;
	m->last_packets = m->last_bytes = 0;
	m->seconds = 0;
	/* Under `xskns run` every tool counts seconds from one epoch, so stages line up. */
	m->epoch_ns = getenv("XSKNS_EPOCH_NS") ? strtoull(getenv("XSKNS_EPOCH_NS"), NULL, 10) : 0;
}

bool meter_tick(struct meter *m, uint64_t now, uint64_t packets, uint64_t bytes)
{
	uint64_t dt = now - m->last_ns;
	double pps, mbps;

	if (dt < NSEC_PER_SEC)
		return false;
	pps = (double)(packets - m->last_packets) * NSEC_PER_SEC / (double)dt;
	mbps = (double)(bytes - m->last_bytes) * 8e3 / (double)dt;
	m->seconds++;
	human_fprintf(stderr, "%-5s %3us %-8s %'12.0f pps %'9.1f Mbit/s %'14" PRIu64 " pkts\n",
		      log_prefix, m->seconds, m->stage, pps, mbps, packets);
	if (m->csv) {
		unsigned int t =
		    m->epoch_ns && now > m->epoch_ns
			? (unsigned int)((now - m->epoch_ns + NSEC_PER_SEC / 2) / NSEC_PER_SEC)
			: m->seconds;

		/* Plain fprintf: the C locale, no grouping or decimal comma in a CSV. */
		fprintf(m->csv, "%u,%s,%" PRIu64 ",%.0f,%" PRIu64 ",%.3f\n", t, m->stage,
			packets - m->last_packets, pps, bytes - m->last_bytes,
			(double)dt / NSEC_PER_SEC);
		fflush(m->csv);
	}
	m->last_ns = now;
	m->last_packets = packets;
	m->last_bytes = bytes;
	return true;
}
