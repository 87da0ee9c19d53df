/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* One scenario end to end: its settings, and what it produced (written by result_json.c). */
#ifndef XSKNS_RUN_H
#define XSKNS_RUN_H

#include <limits.h>
#include <stdint.h>

#include "judge.h"
#include "cost.h"
#include "env.h"
#include "memest.h"
#include "opts.h"
#include "report.h"
#include "scenario.h"
#include "topo.h"
#include "xsk_peek.h"

/* The tools of a run, in the order they start. */
enum { TOOL_SINK, TOOL_FWD, TOOL_GEN, NTOOLS };

struct run_cfg {
	const char *results, *scenarios, *machine, *accel, *forwarder, *umem, *pcap, *fwd_fault;
	/* Overrides of the scenario's numbers (scenario_rows): OPT_NONE where not given. */
	struct scenario ovr;
	uint32_t batch, pcap_out;
	uint32_t cpu_gen, cpu_fwd, cpu_sink;
	uint64_t mem_limit_mb;	 /* --mem-limit-mb, OPT_NONE64 when not given */
	uint64_t mem_limit;	 /* bytes a scenario may be estimated to need */
	const char *junit;	 /* --junit FILE */
	const char *skip_reason; /* what this kernel lacks for the run: every scenario is SKIP */
	unsigned int verbose;
	bool emulate, spin, no_timestamp, list, check_expect, all;
	/* --forwarder cmd:'...': */
	const char *fwd_netns;	    /* --fwd-netns separate | shared (NULL: the scenario's) */
	uint32_t fwd_ready_timeout; /* seconds a probe may take to cross a command forwarder */
	bool forwarder_given;	    /* --forwarder was on the command line */
	bool busy_poll;		    /* forwarder and sink busy-poll their sockets */
};

struct run_outcome {
	char run_id[128];
	char dir[PATH_MAX];
	char started_utc[32];
	double wall_s;
	struct check_result result;
	struct run_env env;
	/* Tool reports (empty lists when a tool never reported). */
	struct kvlist gen, fwd, sink;
	struct sock_record *recs;
	size_t nrecs;
	struct veth_counts veth;
	/* A forwarder command's AF_XDP sockets, read from outside once it had drained. */
	bool have_cmd_xsk;
	struct xsk_peek cmd_xsk;
	/* What the traffic was judged on: the frame ledger, by hop with our AF_XDP forwarder. */
	struct traffic_counts traffic;
	/*
	 * Each tool's time line (CLOCK_MONOTONIC ns, 0: never): the run's epoch
	 * (the tools' CSV time origin), when it was ready, when it was seen gone.
	 */
	uint64_t epoch_ns, ready_ns[NTOOLS], end_ns[NTOOLS];
	/* The CPUs each tool could run on once ready: its placement as it took effect. */
	char cpus[NTOOLS][64];
	/* Memory: the estimate, and MemAvailable before the run and at its lowest (0: unknown). */
	struct mem_estimate mem;
	struct run_cost cost; /* measured over the topology's life (cost.h) */
	uint64_t avail_before, avail_min;
	/* Each group of checks: PASS, BUG, ERROR, N/A (no records to judge), "not run". */
	char check_sockets[16], check_traffic[16];
	struct check_result umem; /* the UMEM ledgers' check (umem_judge.h), once umem_judged */
	bool umem_judged;
};

/* Runs sc with cfg's overrides already applied. Fills out; returns its verdict. */
enum verdict run_scenario(const struct run_cfg *cfg, const struct scenario *sc,
			  struct run_outcome *out);
void run_outcome_free(struct run_outcome *out);

/* result.json for one run. Returns 0 or -errno. */
int result_json_write(const char *path, const struct run_cfg *cfg, const struct scenario *sc,
		      const struct run_outcome *out);

#endif
