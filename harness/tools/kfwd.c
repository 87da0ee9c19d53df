// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * `xskns kfwd`: the kernel-only reference forwarder. An XDP program on each
 * port redirects every frame to the peer port (0<->1, 2<->3, ...) through a
 * DEVMAP; no userspace touches the data path. This process only loads and
 * attaches the programs, samples their counters once a second and reports.
 *
 * The ports may sit in different namespaces with the same ifindex. Both a
 * devmap update and an XDP link resolve the ifindex in the namespace of the
 * calling thread, so each is done from a short-lived thread that entered the
 * port's namespace; the main thread never changes namespace.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <net/if.h>

#include "commands.h"
#include "log.h"
#include "meter.h"
#include "netns.h"
#include "opts.h"
#include "rate_window.h"
#include "report.h"
#include "tool.h"
#include "util.h"

#include "kfwd.h"
#include "kfwd.skel.h"

#define KFWD_SUMMARY "Kernel-only reference forwarder: XDP_REDIRECT between port pairs"

#define KFWD_SAMPLE_NS (20 * 1000 * 1000ULL) /* counter reads: edges of the traffic window */

struct kfwd_cfg {
	struct port_list ports;
	struct tool_opts tool;
	bool drop;
};

static const struct opt_def kfwd_opts[] = {
    OPT_DEF("port", 'p', OPT_PORTS, struct kfwd_cfg, ports,
	    "NETNS:DEV to forward; give an even number, consecutive ports are peers",
	    .metavar = "NETNS:DEV", .required = true),
    OPT_DEF("drop", 0, OPT_FLAG, struct kfwd_cfg, drop,
	    "count and drop on every port instead of forwarding (a generator-only terminator)"),
    OPT_INCLUDE(tool_rows, struct kfwd_cfg, tool),
    OPT_END,
};

struct kfwd_port {
	const struct port_spec *spec;
	int ifindex;
	struct kfwd_bpf *skel;
	struct bpf_link *link;
};

struct kfwd {
	bool drop;     /* count and drop instead of forwarding */
	bool bad_name; /* a namespace or device that does not exist: bad input, exit 2 */
	struct kfwd_port ports[KFWD_MAX_PORTS];
	unsigned int n;
	struct bpf_link *xmit_link; /* tracepoint: what the peers accepted; NULL if unavailable */
	int ncpus;
	struct kfwd_counters *percpu; /* scratch for one lookup */
};

/* Sum over ports and CPUs. */
struct kfwd_totals {
	struct kfwd_counters all;
	struct kfwd_counters port[KFWD_MAX_PORTS];
};

/* ---- running a step inside a port's namespace --------------------------- */

struct port_step {
	struct kfwd *k;
	unsigned int i;
	int (*fn)(struct kfwd *k, unsigned int i);
};

static int port_step_here(void *arg)
{
	struct port_step *s = arg;

	return s->fn(s->k, s->i);
}

/* Run fn(k, i) in port i's namespace (netns_call_fd); returns its result. */
static int in_port_netns(struct kfwd *k, unsigned int i, int (*fn)(struct kfwd *, unsigned int))
{
	struct port_step step = {.k = k, .i = i, .fn = fn};
	const char *ns = k->ports[i].spec->netns;
	int fd = netns_open(ns), err;

	if (fd < 0) {
		k->bad_name |= fd == -ENOENT;
		pr_warn("cannot open namespace %s: %s\n", ns, strerror(-fd));
		return fd;
	}
	err = netns_call_fd(fd, port_step_here, &step);
	close(fd);
	return err;
}

/* ---- setup --------------------------------------------------------------- */

/*
 * Open and load port i's copy of the object. Every copy after the first reuses
 * the first one's maps; only the first may carry the tracepoint program.
 */
static int kfwd_open_port(struct kfwd *k, unsigned int i, bool with_xmit)
{
	struct kfwd_bpf *first = i ? k->ports[0].skel : NULL;
	struct kfwd_bpf *s = kfwd_bpf__open();
	int err = 0;

	if (!s)
		return -errno;
	k->ports[i].skel = s;
	s->rodata->port = i;
	s->rodata->peer = i ^ 1;
	bpf_program__set_autoload(s->progs.kfwd_xmit, with_xmit);
	bpf_program__set_autoload(s->progs.kfwd_redirect, !k->drop);
	bpf_program__set_autoload(s->progs.kfwd_drop, k->drop);
	if (first) {
		err = bpf_map__reuse_fd(s->maps.tx_ports, bpf_map__fd(first->maps.tx_ports));
		err = err ?: bpf_map__reuse_fd(s->maps.counters, bpf_map__fd(first->maps.counters));
		err = err ?: bpf_map__reuse_fd(s->maps.last, bpf_map__fd(first->maps.last));
		err = err
			  ?: bpf_map__reuse_fd(s->maps.port_ifindex,
					       bpf_map__fd(first->maps.port_ifindex));
		if (err)
			return err;
	}
	return kfwd_bpf__load(s);
}

static int kfwd_load(struct kfwd *k)
{
	for (unsigned int i = 0; i < k->n; i++) {
		bool with_xmit = i == 0 && !k->drop;
		int err = kfwd_open_port(k, i, with_xmit);

		if (err && with_xmit) {
			/* A kernel without BTF tracepoints: count what was redirected. */
			pr_info("xdp_devmap_xmit tracepoint unavailable (%s): tx counts frames "
				"redirected, not frames the peer accepted\n",
				strerror(-err));
			kfwd_bpf__destroy(k->ports[i].skel);
			err = kfwd_open_port(k, i, false);
		}
		if (err) {
			pr_warn("cannot load the kfwd BPF program for port %u: %s\n", i,
				strerror(-err));
			return err;
		}
	}
	return 0;
}

/* In port i's namespace: find the device, put it in the devmap slot i. */
static int kfwd_insert(struct kfwd *k, unsigned int i)
{
	struct kfwd_port *p = &k->ports[i];
	struct kfwd_bpf *s = k->ports[0].skel;
	__u32 key = i, ifindex;
	int err;

	p->ifindex = (int)if_nametoindex(p->spec->dev);
	if (!p->ifindex) {
		err = -errno;
		k->bad_name |= err == -ENODEV;
		pr_warn("no device %s in namespace %s: %s\n", p->spec->dev, p->spec->netns,
			strerror(-err));
		return err;
	}
	ifindex = (__u32)p->ifindex;
	err = bpf_map_update_elem(bpf_map__fd(s->maps.port_ifindex), &key, &ifindex, BPF_ANY);
	if (err)
		return -errno;
	if (k->drop)
		return 0;
	err = bpf_map_update_elem(bpf_map__fd(s->maps.tx_ports), &key, &ifindex, BPF_ANY);
	if (err) {
		err = -errno;
		pr_warn("cannot put %s:%s (ifindex %d) in the devmap: %s\n", p->spec->netns,
			p->spec->dev, p->ifindex, strerror(-err));
		return err;
	}
	return 0;
}

/* In port i's namespace: attach its program through a link (gone when we die). */
static int kfwd_attach(struct kfwd *k, unsigned int i)
{
	struct kfwd_port *p = &k->ports[i];
	int err;

	p->link = bpf_program__attach_xdp(
	    k->drop ? p->skel->progs.kfwd_drop : p->skel->progs.kfwd_redirect, p->ifindex);
	if (!p->link) {
		err = -errno;
		pr_warn("cannot attach XDP to %s:%s: %s%s\n", p->spec->netns, p->spec->dev,
			strerror(-err),
			err == -EBUSY || err == -EEXIST ? " (another XDP program is attached)"
							: "");
		return err;
	}
	return 0;
}

static int kfwd_setup(struct kfwd *k)
{
	struct kfwd_bpf *s0;
	int err;

	err = kfwd_load(k);
	if (err)
		return err;
	s0 = k->ports[0].skel;
	if (bpf_program__autoload(s0->progs.kfwd_xmit)) {
		k->xmit_link = bpf_program__attach(s0->progs.kfwd_xmit);
		if (!k->xmit_link)
			pr_info("cannot attach the xdp_devmap_xmit tracepoint (%s): tx counts "
				"frames redirected\n",
				strerror(errno));
	}
	/* Every slot filled before any program runs: no frame meets an empty slot. */
	for (unsigned int i = 0; i < k->n; i++) {
		err = in_port_netns(k, i, kfwd_insert);
		if (err)
			return err;
	}
	for (unsigned int i = 0; i < k->n; i++) {
		err = in_port_netns(k, i, kfwd_attach);
		if (err)
			return err;
		if (k->drop)
			pr_info("port %u: %s:%s ifindex %d: count and drop\n", i,
				k->ports[i].spec->netns, k->ports[i].spec->dev,
				k->ports[i].ifindex);
		else
			pr_info("port %u: %s:%s ifindex %d -> port %u %s:%s\n", i,
				k->ports[i].spec->netns, k->ports[i].spec->dev, k->ports[i].ifindex,
				i ^ 1, k->ports[i ^ 1].spec->netns, k->ports[i ^ 1].spec->dev);
	}
	return 0;
}

static void kfwd_free(struct kfwd *k)
{
	for (unsigned int i = 0; i < k->n; i++)
		bpf_link__destroy(k->ports[i].link);
	bpf_link__destroy(k->xmit_link);
	for (unsigned int i = k->n; i-- > 0;)
		kfwd_bpf__destroy(k->ports[i].skel);
	free(k->percpu);
}

/* ---- counters ------------------------------------------------------------ */

static int kfwd_read(struct kfwd *k, struct kfwd_totals *t)
{
	int fd = bpf_map__fd(k->ports[0].skel->maps.counters);

	memset(t, 0, sizeof(*t));
	for (unsigned int i = 0; i < k->n; i++) {
		struct kfwd_counters *c = &t->port[i];
		__u32 key = i;

		if (bpf_map_lookup_elem(fd, &key, k->percpu))
			return -errno;
		for (int cpu = 0; cpu < k->ncpus; cpu++)
			counters_add(c, &k->percpu[cpu], sizeof(*c));
		if (!k->xmit_link)
			c->tx_packets = c->redirected;
		counters_add(&t->all, c, sizeof(*c));
	}
	return 0;
}

/* Bytes the peers accepted: the tracepoint counts frames, so scale redirected bytes. */
static uint64_t kfwd_tx_bytes(const struct kfwd_counters *c)
{
	if (!c->redirected)
		return 0;
	if (c->tx_packets >= c->redirected)
		return c->redirect_bytes;
	return (uint64_t)((double)c->redirect_bytes * (double)c->tx_packets /
			  (double)c->redirected);
}

/*
 * Redirected frames that never reached a flush: the redirect itself failed,
 * e.g. a veth whose peer has no XDP program refuses them before queueing.
 */
static unsigned long long kfwd_unflushed(const struct kfwd *k, const struct kfwd_counters *c)
{
	if (!k->xmit_link || c->redirected <= c->tx_packets + c->tx_drops)
		return 0;
	return c->redirected - c->tx_packets - c->tx_drops;
}

static void kfwd_print_ports(const struct kfwd *k, const struct kfwd_totals *t)
{
	for (unsigned int i = 0; i < k->n; i++) {
		const struct kfwd_counters *c = &t->port[i];

		pr_info("  port %u %s:%s rx %llu redirected %llu failed %llu tx %llu tx_drops %llu "
			"tx_errors %llu\n",
			i, k->ports[i].spec->netns, k->ports[i].spec->dev, c->rx_packets,
			c->redirected, c->failed, c->tx_packets, c->tx_drops, c->tx_errors);
	}
}

static void kfwd_report(const struct kfwd *k, struct report *r, const struct kfwd_totals *t,
			double window_s, double run_s)
{
	char key[64];

	report_str(r, "tool", "kfwd");
	report_str(r, "mode", k->drop ? "drop" : "redirect");
	report_u64(r, "ports", k->n);
	report_u64(r, "rx_packets", t->all.rx_packets);
	report_u64(r, "rx_bytes", t->all.rx_bytes);
	report_u64(r, "tx_packets", t->all.tx_packets);
	report_u64(r, "tx_bytes", kfwd_tx_bytes(&t->all));
	report_f64(r, "rx_pps", window_s > 0 ? (double)t->all.rx_packets / window_s : 0);
	report_f64(r, "tx_pps", window_s > 0 ? (double)t->all.tx_packets / window_s : 0);
	report_f64(r, "duration_s", window_s);
	report_f64(r, "run_s", run_s);
	report_u64(r, "redirected", t->all.redirected);
	report_u64(r, "redirect_failed", t->all.failed);
	report_u64(r, "tx_drops", t->all.tx_drops);
	report_u64(r, "tx_errors", t->all.tx_errors);
	report_u64(r, "tx_unflushed", kfwd_unflushed(k, &t->all));
	report_str(r, "tx_source", k->xmit_link ? "devmap_xmit" : "redirected");
	for (unsigned int i = 0; i < k->n; i++) {
		const struct kfwd_counters *c = &t->port[i];

		snprintf(key, sizeof(key), "port%u_dev", i);
		report_str(r, key, k->ports[i].spec->dev);
		snprintf(key, sizeof(key), "port%u_netns", i);
		report_str(r, key, k->ports[i].spec->netns);
		snprintf(key, sizeof(key), "port%u_ifindex", i);
		report_i64(r, key, k->ports[i].ifindex);
		snprintf(key, sizeof(key), "port%u_rx_packets", i);
		report_u64(r, key, c->rx_packets);
		snprintf(key, sizeof(key), "port%u_tx_packets", i);
		report_u64(r, key, c->tx_packets);
		snprintf(key, sizeof(key), "port%u_tx_drops", i);
		report_u64(r, key, c->tx_drops);
	}
}

/* ---- the command --------------------------------------------------------- */

/* The state for cfg's ports; NULL (with a message) when it cannot be had. */
static struct kfwd *kfwd_new(struct kfwd_cfg *cfg)
{
	struct kfwd *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->n = cfg->ports.n;
	k->drop = cfg->drop;
	for (unsigned int i = 0; i < k->n; i++)
		k->ports[i].spec = &cfg->ports.v[i];
	k->ncpus = libbpf_num_possible_cpus();
	if (k->ncpus <= 0) {
		pr_warn("cannot count possible CPUs: %s\n", strerror(-k->ncpus));
		free(k);
		return NULL;
	}
	k->percpu = calloc((size_t)k->ncpus, sizeof(*k->percpu));
	if (!k->percpu) {
		free(k);
		return NULL;
	}
	return k;
}

/* Sample the counters until the duration ends or a stop signal; [*start, *now] is the run. */
static int kfwd_sample_loop(struct kfwd *k, const struct kfwd_cfg *cfg, FILE *csv,
			    struct kfwd_totals *t, struct rate_window *hist, uint64_t *start,
			    uint64_t *now)
{
	uint64_t next_sample, deadline;
	struct meter m_rx, m_tx;

	*start = *now = now_ns();
	meter_init(&m_rx, "fwd_rx", csv, *start);
	meter_init(&m_tx, "fwd_tx", csv, *start);
	deadline = cfg->tool.duration ? *start + cfg->tool.duration * NSEC_PER_SEC : UINT64_MAX;
	next_sample = *start;
	for (;;) {
		struct timespec ts = {0, (long)KFWD_SAMPLE_NS};

		*now = now_ns();
		if (*now >= next_sample || stop_requested || *now >= deadline) {
			if (kfwd_read(k, t)) {
				pr_warn("cannot read counters: %s\n", strerror(errno));
				return -1;
			}
			if (rate_window_add(hist, *now, t->all.rx_packets))
				return -1;
			next_sample = *now + KFWD_SAMPLE_NS;
			meter_tick(&m_rx, *now, t->all.rx_packets, t->all.rx_bytes);
			if (meter_tick(&m_tx, *now, t->all.tx_packets, kfwd_tx_bytes(&t->all)) &&
			    log_level >= LOG_DEBUG)
				kfwd_print_ports(k, t);
		}
		if (stop_requested || *now >= deadline)
			return 0;
		nanosleep(&ts, NULL);
	}
}

static void kfwd_summary(struct kfwd *k, struct report *r, const struct kfwd_totals *t,
			 const struct rate_window *hist, double run_s)
{
	double window_s, rx_pps = rate_window_rate(hist, &window_s);

	pr_info("forwarded %llu of %llu frames in %.2f s of traffic: rx %.0f pps, tx %.0f "
		"pps; redirect failed %llu, peer drops %llu\n",
		t->all.tx_packets, t->all.rx_packets, window_s, rx_pps,
		window_s > 0 ? (double)t->all.tx_packets / window_s : 0, t->all.failed,
		t->all.tx_drops);
	if (t->all.tx_errors || kfwd_unflushed(k, &t->all) > 64)
		pr_warn("the peer refused %llu frames (%llu failed flushes, %llu never "
			"flushed): a veth accepts redirected frames only when its peer has "
			"an XDP program (or GRO)\n",
			t->all.tx_drops + kfwd_unflushed(k, &t->all), t->all.tx_errors,
			kfwd_unflushed(k, &t->all));
	kfwd_print_ports(k, t);
	kfwd_report(k, r, t, window_s, run_s);
}

static int check_cfg(void *arg)
{
	const struct kfwd_cfg *cfg = arg;

	if (cfg->ports.n > KFWD_MAX_PORTS ||
	    (!cfg->drop && (cfg->ports.n < 2 || cfg->ports.n % 2))) {
		pr_warn("--port: need an even number of ports (2 to %d), got %u\n", KFWD_MAX_PORTS,
			cfg->ports.n);
		return -EINVAL;
	}
	return 0;
}

static const struct tool_def kfwd_tool = {
    .name = "kfwd",
    .summary = KFWD_SUMMARY,
    .rows = kfwd_opts,
    .check = check_cfg,
};

static int cmd_kfwd(int argc, char **argv)
{
	struct kfwd_cfg cfg = {.tool = TOOL_OPTS_DEFAULT};
	struct kfwd_totals totals = {0};
	struct rate_window hist = {0};
	struct kfwd *k = NULL;
	uint64_t start, now;
	struct tool t;
	int ret;

	ret = tool_begin(&t, &kfwd_tool, &cfg, &cfg.tool, argc, argv);
	if (ret >= 0)
		goto out;
	ret = EXIT_SETUP;
	k = kfwd_new(&cfg);
	if (!k)
		goto out;
	if (kfwd_setup(k)) {
		/* Names that do not exist are bad input, as for the other tools. */
		if (k->bad_name)
			ret = EXIT_ERROR;
		goto out;
	}
	tool_ready(&t);
	if (kfwd_sample_loop(k, &cfg, t.csv, &totals, &hist, &start, &now))
		goto out;
	kfwd_summary(k, &t.rep, &totals, &hist, (double)(now - start) / 1e9);
	ret = EXIT_PASS;
out:
	if (k)
		kfwd_free(k);
	free(k);
	rate_window_free(&hist);
	return tool_end(&t, ret);
}

const struct command command_kfwd = {"kfwd", cmd_kfwd, KFWD_SUMMARY};
