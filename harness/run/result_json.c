// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "outfile.h"
#include "records.h"
#include "run.h"
#include "umem_judge.h"
#include "version.h"

static void u64_from(struct json *j, const char *key, const struct kvlist *kv, const char *kvkey)
{
	json_u64(j, key, kv_u64(kv, kvkey, 0));
}

static void f64_from(struct json *j, const char *key, const struct kvlist *kv, const char *kvkey)
{
	json_f64(j, key, kv_f64(kv, kvkey, 0));
}

static void write_params(struct json *j, const struct run_cfg *cfg, const struct scenario *sc)
{
	json_obj_begin(j, "params");
	json_u64(j, "duration_s", sc->duration_s);
	json_u64(j, "rate_pps", sc->rate_pps);
	json_u64(j, "queues", sc->queues);
	json_u64(j, "pkt_size", sc->pkt_size);
	json_u64(j, "pairs", sc->pairs);
	json_str(j, "umem", sc->separate_umem ? "separate" : "shared");
	json_bool(j, "emulate_no_netns_cookie", sc->emulate_no_netns_cookie);
	json_u64(j, "ifindex_outer", sc->ifindex_outer);
	json_u64(j, "ifindex_inner", sc->ifindex_inner);
	json_str(j, "forwarder", sc->fwd_cmd[0] ? "cmd" : cfg->forwarder);
	json_str(j, "forwarder_cmd", sc->fwd_cmd);
	json_str(j, "fwd_netns", sc->fwd_netns_shared ? "shared" : "separate");
	json_str(j, "mode", cfg->busy_poll ? "busy-poll" : cfg->spin ? "spin" : "poll");
	json_u64(j, "batch", cfg->batch == OPT_NONE ? 64 : cfg->batch);
	json_u64(j, "ring_size", sc->ring_size);
	json_u64(j, "frames_per_socket", sc->frames_per_sock);
	json_i64(j, "cpu_gen", cfg->cpu_gen == OPT_NONE ? -1 : (int64_t)cfg->cpu_gen);
	json_i64(j, "cpu_fwd", cfg->cpu_fwd == OPT_NONE ? -1 : (int64_t)cfg->cpu_fwd);
	json_i64(j, "cpu_sink", cfg->cpu_sink == OPT_NONE ? -1 : (int64_t)cfg->cpu_sink);
	json_bool(j, "timestamps", !cfg->no_timestamp);
	json_str(j, "fwd_fault", cfg->fwd_fault ? cfg->fwd_fault : "none");
	json_obj_end(j);
}

static void write_env(struct json *j, const struct run_cfg *cfg, const struct run_outcome *o)
{
	const char *impl = kv_get(&o->fwd, "xsk_impl");

	json_obj_begin(j, "env");
	json_str(j, "harness_version", xskns_version());
	json_str(j, "build_config", xskns_build_config());
	json_str(j, "kernel", o->env.kernel);
	json_str(j, "machine", cfg->machine);
	json_str(j, "accel", cfg->accel);
	json_str(j, "xsk_impl", impl ? impl : XSKNS_XSK_IMPL);
	json_str(j, "xsk_impl_version", kv_get(&o->fwd, "xsk_impl_version"));
	json_str(j, "xsk_impl_path", kv_get(&o->fwd, "xsk_impl_path"));
	json_str(j, "xsk_impl_so_version", kv_get(&o->fwd, "xsk_impl_so_version"));
	json_str(j, "cpu_model", o->env.cpu_model);
	json_i64(j, "ncpus", o->env.ncpus);
	json_obj_begin(j, "cpu_affinity");
	json_str(j, "gen", o->cpus[TOOL_GEN]);
	json_str(j, "fwd", o->cpus[TOOL_FWD]);
	json_str(j, "sink", o->cpus[TOOL_SINK]);
	json_obj_end(j);
	json_obj_end(j);
}

static void write_records(struct json *j, const char *role, const struct sock_record *recs,
			  size_t n)
{
	char hex[24];

	for (size_t i = 0; i < n; i++) {
		const struct sock_record *r = &recs[i];

		json_obj_begin(j, NULL);
		json_str(j, "role", role);
		json_u64(j, "port", r->port);
		json_str(j, "netns", r->netns);
		json_u64(j, "netns_cookie", r->netns_cookie);
		json_str(j, "dev", r->dev);
		json_i64(j, "ifindex", r->ifindex);
		json_u64(j, "queue", r->queue);
		json_bool(j, "attempted", r->attempted);
		json_i64(j, "rc", r->rc);
		json_str(j, "error", r->rc ? strerror(-r->rc) : "");
		json_u64(j, "xsk_cookie", r->xsk_cookie);
		json_bool(j, "xsk_cookie_supported", !r->no_netns_cookie);
		snprintf(hex, sizeof(hex), "%#" PRIxPTR, r->fill_ring);
		json_str(j, "fill_ring", hex);
		snprintf(hex, sizeof(hex), "%#" PRIxPTR, r->comp_ring);
		json_str(j, "comp_ring", hex);
		json_obj_end(j);
	}
}

/* The forwarder's sockets (the ones the check judges), then the generator's and the sink's. */
static void write_sockets(struct json *j, const struct run_outcome *o)
{
	const struct kvlist *tools[] = {&o->gen, &o->sink};
	const char *roles[] = {"gen", "sink"};

	json_arr_begin(j, "sockets");
	write_records(j, "fwd", o->recs, o->nrecs);
	for (size_t t = 0; t < 2; t++) {
		struct sock_record *recs;
		size_t n = records_read(tools[t], &recs);

		write_records(j, roles[t], recs, n);
		free(recs);
	}
	json_arr_end(j);
}

static void write_stages(struct json *j, const struct scenario *sc, const struct run_outcome *o)
{
	json_obj_begin(j, "stages");
	json_obj_begin(j, "gen");
	u64_from(j, "packets", &o->gen, "packets");
	u64_from(j, "bytes", &o->gen, "bytes");
	f64_from(j, "pps", &o->gen, "pps");
	/* Why it stopped sending and after how long: anything but count or duration is ERROR. */
	json_str(j, "stop", kv_get(&o->gen, "stop") ? kv_get(&o->gen, "stop") : "unknown");
	f64_from(j, "worked_s", &o->gen, "worked_s");
	json_obj_end(j);
	json_obj_begin(j, "fwd");
	u64_from(j, "rx_packets", &o->fwd, "rx_packets");
	u64_from(j, "tx_packets", &o->fwd, "tx_packets");
	f64_from(j, "rx_pps", &o->fwd, "rx_pps");
	f64_from(j, "tx_pps", &o->fwd, "tx_pps");
	/* null where the forwarder does not measure it (kernel, command) */
	json_f64(j, "cpu_ns_per_frame", kv_f64(&o->fwd, "cpu_ns_per_frame", NAN));
	json_obj_end(j);
	json_obj_begin(j, "sink");
	u64_from(j, "packets", &o->sink, "packets");
	u64_from(j, "bytes", &o->sink, "bytes");
	f64_from(j, "pps", &o->sink, "pps");
	u64_from(j, "lost", &o->sink, "lost");
	u64_from(j, "duplicates", &o->sink, "duplicates");
	u64_from(j, "reordered", &o->sink, "reordered");
	u64_from(j, "misdelivered", &o->sink, "misdelivered");
	u64_from(j, "foreign", &o->sink, "foreign");
	u64_from(j, "flows_seen", &o->sink, "flows_seen");
	/* The flows the verdict expected: those the generator completed a frame on. */
	json_u64(j, "flows_expected", o->traffic.flows_expected);
	u64_from(j, "rx_frames", &o->sink, "rx_frames");
	u64_from(j, "rx_bytes", &o->sink, "rx_bytes");
	json_obj_end(j);
	json_obj_end(j);
}

static void write_latency(struct json *j, const struct run_outcome *o)
{
	static const char *const keys[] = {"count", "min",  "mean",  "p50", "p90",
					   "p99",   "p999", "p9999", "max"};
	char kvkey[32];

	json_obj_begin(j, "latency_ns");
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(kvkey, sizeof(kvkey), "latency_ns.%s", keys[i]);
		u64_from(j, keys[i], &o->sink, kvkey);
	}
	json_obj_end(j);
}

/* A forwarder command's sockets, read from outside (xsk_peek.h): counted and in flight. */
static void write_cmd_xsk(struct json *j, const struct xsk_peek *p)
{
	json_obj_begin(j, "fwd_command");
	json_u64(j, "sockets", p->sockets);
	json_u64(j, "unreadable", p->unreadable);
	json_u64(j, "rx_dropped", p->rx_dropped);
	json_u64(j, "rx_ring_full", p->rx_ring_full);
	json_u64(j, "rx_invalid", p->rx_invalid);
	json_u64(j, "tx_invalid", p->tx_invalid);
	json_u64(j, "rx_pending", p->rx_pending);
	json_u64(j, "tx_pending", p->tx_pending);
	json_bool(j, "rings_known", p->rings_known);
	json_obj_end(j);
}

/* One hop's books as the ledger balanced them (ledger.h). */
static void write_hop(struct json *j, const char *name, const struct hop_ledger *h)
{
	struct hop_balance b;

	hop_balance(h, &b);
	json_obj_begin(j, name);
	json_u64(j, "in", h->in);
	json_u64(j, "out", h->out);
	json_i64(j, "lost", (int64_t)(h->in - h->out));
	json_u64(j, "counted", h->counted);
	json_u64(j, "in_flight", h->in_flight);
	json_u64(j, "unexplained", b.unexplained);
	json_u64(j, "over_counted", b.over_counted);
	json_obj_end(j);
}

/* Each hop's loss beside the counters that explain it, so an unexplained loss has a place. */
static void write_hops(struct json *j, const struct run_outcome *o)
{
	json_obj_begin(j, "by_hop");
	for (int h = 0; h < NHOPS; h++)
		write_hop(j, hop_names[h], &o->traffic.hops[h]);
	json_obj_end(j);
}

static void write_drops(struct json *j, const struct run_outcome *o)
{
	static const char *const xsk[] = {"rx_dropped",	  "rx_invalid",		"tx_invalid",
					  "rx_ring_full", "rx_fill_ring_empty", "tx_ring_empty"};
	char kvkey[48];

	json_obj_begin(j, "drops");
	json_obj_begin(j, "xsk");
	for (size_t i = 0; i < sizeof(xsk) / sizeof(xsk[0]); i++) {
		snprintf(kvkey, sizeof(kvkey), "xsk.%s", xsk[i]);
		json_u64(j, xsk[i],
			 kv_u64(&o->gen, kvkey, 0) + kv_u64(&o->fwd, kvkey, 0) +
			     kv_u64(&o->sink, kvkey, 0));
	}
	json_obj_end(j);
	json_obj_begin(j, "veth");
	json_u64(j, "rx_dropped", o->veth.rx_dropped);
	json_u64(j, "tx_dropped", o->veth.tx_dropped);
	json_obj_begin(j, "by_role");
	for (int r = 0; r < VETH_ROLES; r++) {
		const struct veth_role_counts *c = &o->veth.role[r];

		json_obj_begin(j, veth_role_names[r]);
		json_u64(j, "rx_packets", c->rx_packets);
		json_u64(j, "tx_packets", c->tx_packets);
		json_u64(j, "rx_dropped", c->rx_dropped);
		json_u64(j, "tx_dropped", c->tx_dropped);
		json_obj_end(j);
	}
	json_obj_end(j);
	json_obj_end(j);
	json_u64(j, "xdp_passed",
		 kv_u64(&o->fwd, "xdp.passed", 0) + kv_u64(&o->sink, "xdp.passed", 0));
	json_u64(j, "fwd_copy_drops", kv_u64(&o->fwd, "copy_drops", 0));
	json_u64(j, "counted", o->traffic.drops_counted);
	if (o->have_cmd_xsk)
		write_cmd_xsk(j, &o->cmd_xsk);
	json_u64(j, "in_flight", o->traffic.in_flight);
	json_u64(j, "unexplained", traffic_unexplained_loss(&o->traffic));
	/* No constant allowance: only frames measured in flight at the stop may be missing. */
	json_u64(j, "tolerance", 0);
	json_str(j, "basis", o->traffic.by_hop ? "by_hop" : "end_to_end");
	if (o->traffic.by_hop) {
		write_hops(j, o);
	} else {
		struct hop_ledger whole;

		traffic_end_to_end(&o->traffic, &whole);
		write_hop(j, "end_to_end", &whole);
	}
	json_obj_end(j);
}

/* The estimate by part, the limit it was held to, and what MemAvailable showed. */
static void write_memory(struct json *j, const struct run_cfg *cfg, const struct run_outcome *o)
{
	uint64_t measured = o->avail_before > o->avail_min ? o->avail_before - o->avail_min : 0;

	json_obj_begin(j, "memory");
	json_u64(j, "estimate_bytes", o->mem.total);
	json_u64(j, "umem_bytes", o->mem.umem);
	json_u64(j, "pool_state_bytes", o->mem.pool_state);
	json_u64(j, "other_bytes", o->mem.other);
	json_u64(j, "limit_bytes", cfg->mem_limit);
	json_u64(j, "available_before_bytes", o->avail_before);
	json_u64(j, "available_min_bytes", o->avail_min);
	/* Other processes move MemAvailable too: a measure, not an accounting. */
	json_u64(j, "measured_peak_bytes", measured);
	json_obj_end(j);
	json_obj_begin(j, "cost");
	cost_json(j, &o->cost, &o->mem);
	json_obj_end(j);
}

int result_json_write(const char *path, const struct run_cfg *cfg, const struct scenario *sc,
		      const struct run_outcome *o)
{
	struct outfile out;
	struct json j;
	int err = outfile_open(&out, path);

	if (err)
		return err;
	json_init(&j, out.f);
	json_obj_begin(&j, NULL);
	json_u64(&j, "schema", 1);
	json_str(&j, "run_id", o->run_id);
	json_str(&j, "scenario", sc->name);
	json_str(&j, "description", sc->description);
	json_str(&j, "expect", verdict_name(sc->expect));
	json_str(&j, "expect_rule", sc->expect_rule);
	json_str(&j, "verdict", verdict_name(o->result.verdict));
	json_str(&j, "reason", o->result.reason);
	json_obj_begin(&j, "checks");
	json_str(&j, "sockets", o->check_sockets);
	json_str(&j, "traffic", o->check_traffic);
	json_obj_end(&j);
	json_str(&j, "started_utc", o->started_utc);
	json_f64(&j, "wall_s", o->wall_s);
	write_params(&j, cfg, sc);
	write_env(&j, cfg, o);
	write_sockets(&j, o);
	write_stages(&j, sc, o);
	write_latency(&j, o);
	write_drops(&j, o);
	tool_ledgers_json(&j, (const struct kvlist *const[]){&o->gen, &o->fwd, &o->sink},
			  o->umem_judged ? &o->umem : NULL);
	write_memory(&j, cfg, o);
	json_obj_end(&j);
	json_finish(&j);
	return outfile_commit(&out);
}
