/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What a run costs, measured: the time to build and to tear down its
 * topology, the kernel's memory while the topology stands (MemAvailable, Slab
 * and VmallocUsed of /proc/meminfo, sampled by a thread from before the first
 * namespace is made until after the last is deleted), and each tool's peak
 * resident memory (VmHWM, from wait4() when it is reaped).
 */
#ifndef XSKNS_COST_H
#define XSKNS_COST_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "json.h"
#include "memest.h"
#include "spawn.h"

#define COST_SAMPLE_MS 100
#define COST_TOOLS     3

struct run_cost {
	double setup_s, teardown_s;
	struct meminfo before, after;		   /* before the topology, after its teardown */
	uint64_t avail_min, slab_max, vmalloc_max; /* extremes while it stood */
	unsigned int samples;
	/* Peak resident memory of each tool (kB; 0 when it never ran) and of this process. */
	struct {
		char name[16];
		long hwm_kb;
		double stop_s; /* from the stop signal to its end: its sockets' teardown */
	} tools[COST_TOOLS];
	unsigned int ntools;
	long harness_hwm_kb;
	/* The sampler. */
	pthread_t thread;
	int wake[2];
	bool begun, sampling;
};

/* Read the baseline and start sampling. */
void cost_begin(struct run_cost *c);
/* Stop sampling (waiting for the thread), and take the reading after teardown. */
void cost_end(struct run_cost *c);
/* The peak memory of reaped tools (spawn.h), in their order; the harness's own. */
void cost_tools(struct run_cost *c, const struct child *tools, unsigned int n);
/* The cost as members of the current JSON object (result.json's "cost"). */
void cost_json(struct json *j, const struct run_cost *c, const struct mem_estimate *est);

#endif
