// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "link_stats.h"
#include "log.h"
#include "netns.h"
#include "run_record.h"
#include "spawn.h"
#include "topo.h"
#include "util.h"

#define GEN_SINK_INDEX0 100 /* g<i> and s<i> get 100+i: distinct within their namespace */
/* Pairs built per round of `ip -batch` calls: progress and Ctrl-C are seen between rounds. */
#define TOPO_ROUND_PAIRS 32

/* Lines for one `ip -batch`, in a growing buffer. */
struct batch {
	char *buf;
	size_t len, cap;
	bool failed; /* out of memory: incomplete, must not run */
};

static void batch_add(struct batch *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void batch_add(struct batch *b, const char *fmt, ...)
{
	va_list ap;
	size_t cap;
	char *buf;
	int n;

	while (!b->failed) {
		va_start(ap, fmt);
		n = vsnprintf(b->buf ? b->buf + b->len : NULL, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		cap = (b->cap ? 2 * b->cap : 4096) + (n > 0 ? (size_t)n : 0);
		buf = n < 0 ? NULL : realloc(b->buf, cap);
		if (!buf) {
			b->failed = true;
			return;
		}
		b->buf = buf;
		b->cap = cap;
	}
}

/*
 * Run the lines of b in one `ip [-n NS] -batch -`, and empty b. With force
 * (teardown) ip goes on past a failed line, and ignores Ctrl-C.
 */
static int ip_batch(struct batch *b, const char *ns, bool force, char *err, size_t errlen)
{
	char *argv[8];
	int n = 0, ret;

	if (b->failed) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (!b->len)
		return 0;
	argv[n++] = "ip";
	if (ns) {
		argv[n++] = "-n";
		argv[n++] = (char *)ns;
	}
	if (force)
		argv[n++] = "-force";
	argv[n++] = "-batch";
	argv[n++] = "-";
	argv[n] = NULL;
	ret = run_cmd_input(argv, b->buf, b->len, force, err, errlen);
	if (ret)
		pr_debug("ip -batch failed: %s\n", err);
	b->len = 0;
	return ret;
}

/*
 * A name that exists is someone else's: never taken, never deleted. Recorded
 * (in memory and in the run's record) before ip runs: whatever it made,
 * teardown or the stale cleanup deletes.
 */
static int ns_add(struct topo *t, struct batch *b, const char *name, char *err, size_t errlen)
{
	int ret = run_record_note_new_netns(&t->rec, name, err, errlen);

	if (ret)
		return ret;
	snprintf(t->created[t->ncreated++], TOPO_NS_NAME, "%s", name);
	batch_add(b, "netns add %s\n", name);
	return 0;
}

/* No IPv6 autoconfiguration noise (router solicitations, DAD) on the data path. */
static int quiet_ipv6_here(void *unused)
{
	static const char *const knobs[] = {"/proc/sys/net/ipv6/conf/all/disable_ipv6",
					    "/proc/sys/net/ipv6/conf/default/disable_ipv6"};

	(void)unused;
	for (size_t i = 0; i < 2; i++) {
		FILE *f = fopen(knobs[i], "w");

		if (f) {
			fputs("1\n", f);
			fclose(f);
		}
	}
	return 0;
}

/* The device up, from inside its namespace: no `ip` process per namespace. */
static int link_up_here(void *dev)
{
	struct ifreq ifr = {0};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", (const char *)dev);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		ret = -errno;
	} else if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr))
			ret = -errno;
	}
	close(fd);
	return ret;
}

/*
 * link add DEV [index I] ... up type veth peer name PEER netns PEER_NS [index J] ...
 * The peer cannot be set up here (its veth has no peer yet while it is
 * configured): link_up_here() does that once it exists.
 */
static void veth_add(struct batch *b, unsigned int queues, const char *dev, unsigned int idx,
		     const char *peer, const char *peer_ns, unsigned int peer_idx)
{
	/* iproute2 applies the peer's index only when the first end has one too. */
	bool idxs = idx && peer_idx;

	batch_add(b, "link add %s", dev);
	if (idxs)
		batch_add(b, " index %u", idx);
	batch_add(b, " numtxqueues %u numrxqueues %u up type veth peer name %s netns %s", queues,
		  queues, peer, peer_ns);
	if (idxs)
		batch_add(b, " index %u", peer_idx);
	batch_add(b, " numtxqueues %u numrxqueues %u\n", queues, queues);
}

static int names_alloc(struct topo *t, const struct scenario *sc)
{
	t->pairs = sc->pairs;
	t->queues = sc->queues;
	t->outer_ns = calloc(sc->pairs, TOPO_NS_NAME);
	t->inner_ns = calloc(sc->pairs, TOPO_NS_NAME);
	t->created = calloc(2 * (size_t)sc->pairs + 2, TOPO_NS_NAME);
	if (!t->outer_ns || !t->inner_ns || !t->created)
		return -ENOMEM;
	snprintf(t->gen_ns, TOPO_NS_NAME, "%s-gen", t->prefix);
	snprintf(t->sink_ns, TOPO_NS_NAME, "%s-sink", t->prefix);
	for (unsigned int i = 0; i < sc->pairs; i++) {
		snprintf(t->outer_ns[i], TOPO_NS_NAME, "%s-%s%u", t->prefix,
			 sc->fwd_netns_shared ? "fwd" : "outer", i);
		snprintf(t->inner_ns[i], TOPO_NS_NAME, "%s-%s%u", t->prefix,
			 sc->fwd_netns_shared ? "fwd" : "inner", i);
	}
	return 0;
}

/* The failing step's name before ip's words, so the run's reason says where. */
static int failed(int ret, const char *what, char *err, size_t errlen)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "%s", err);
	snprintf(err, errlen, "%s: %s", what, msg[0] ? msg : strerror(-ret));
	return ret;
}

/* No forwarder: g<i> in the generator's namespace, its peer s<i> in the sink's. */
static int build_direct(struct topo *t, unsigned int first, unsigned int last, struct batch *b,
			char *err, size_t errlen)
{
	char dev[IF_NAMESIZE], peer[IF_NAMESIZE];
	int ret;

	for (unsigned int i = first; i < last; i++) {
		snprintf(dev, sizeof(dev), "g%u", i);
		snprintf(peer, sizeof(peer), "s%u", i);
		veth_add(b, t->queues, dev, GEN_SINK_INDEX0 + i, peer, t->sink_ns,
			 GEN_SINK_INDEX0 + i);
	}
	if ((ret = ip_batch(b, t->gen_ns, false, err, errlen)))
		return failed(ret, "creating the generator's veths", err, errlen);
	for (unsigned int i = first; i < last; i++) {
		snprintf(peer, sizeof(peer), "s%u", i);
		if ((ret = netns_call(t->sink_ns, link_up_here, peer))) {
			snprintf(err, errlen, "setting '%s' up: %s", peer, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/*
 * Pairs [first, last): their namespaces (with the generator's and the sink's
 * in the first round) in one `ip -batch`, their veths in one per side, each
 * created from the generator's or the sink's namespace.
 */
static int build_round(struct topo *t, const struct scenario *sc, unsigned int first,
		       unsigned int last, struct batch *b, char *err, size_t errlen)
{
	unsigned int i, ns0 = t->ncreated;
	char dev[IF_NAMESIZE];
	int ret = 0;

	if (!first && ((ret = ns_add(t, b, t->gen_ns, err, errlen)) ||
		       (ret = ns_add(t, b, t->sink_ns, err, errlen))))
		return ret;
	for (i = first; i < last && !sc->fwd_none && !ret; i++) {
		ret = ns_add(t, b, t->outer_ns[i], err, errlen);
		if (!ret && strcmp(t->inner_ns[i], t->outer_ns[i]))
			ret = ns_add(t, b, t->inner_ns[i], err, errlen);
	}
	if (ret) {
		b->len = 0;
		return ret;
	}
	if ((ret = ip_batch(b, NULL, false, err, errlen)))
		return failed(ret, "creating namespaces", err, errlen);
	for (i = ns0; i < t->ncreated; i++)
		netns_call(t->created[i], quiet_ipv6_here, NULL);
	if (sc->fwd_none)
		return build_direct(t, first, last, b, err, errlen);

	/* The generator's veths to outer<i>, then the sink's to inner<i>. */
	for (int side = 0; side < 2; side++) {
		for (i = first; i < last; i++) {
			snprintf(dev, sizeof(dev), side ? "s%u" : "g%u", i);
			veth_add(b, t->queues, dev, GEN_SINK_INDEX0 + i, side ? "inner" : "outer",
				 side ? t->inner_ns[i] : t->outer_ns[i],
				 side ? sc->ifindex_inner : sc->ifindex_outer);
		}
		ret = ip_batch(b, side ? t->sink_ns : t->gen_ns, false, err, errlen);
		if (ret)
			return failed(ret,
				      side ? "creating the sink's veths"
					   : "creating the generator's veths",
				      err, errlen);
	}

	for (i = first; i < last; i++) {
		if ((ret = netns_call(t->outer_ns[i], link_up_here, "outer")) ||
		    (ret = netns_call(t->inner_ns[i], link_up_here, "inner"))) {
			snprintf(err, errlen, "setting 'outer' or 'inner' up in pair %u: %s", i,
				 strerror(-ret));
			return ret;
		}
	}
	return 0;
}

int topo_create(struct topo *t, const struct scenario *sc, char *err, size_t errlen)
{
	struct batch b = {0};
	uint64_t t0 = now_ns();
	int ret;

	memset(t, 0, sizeof(*t));
	t->rec.fd = -1;
	ret = run_record_claim(&t->rec, RUN_RECORD_DIR, err, errlen);
	if (ret)
		return ret;
	memcpy(t->prefix, t->rec.id, sizeof(t->prefix));
	ret = names_alloc(t, sc);
	if (ret) {
		snprintf(err, errlen, "out of memory");
		return ret;
	}
	cost_begin(&t->cost);
	for (unsigned int first = 0; first < sc->pairs && !ret; first += TOPO_ROUND_PAIRS) {
		unsigned int last = first + TOPO_ROUND_PAIRS;

		if (last > sc->pairs)
			last = sc->pairs;
		if (stop_requested) {
			snprintf(err, errlen, "interrupted");
			ret = -EINTR;
			break;
		}
		ret = build_round(t, sc, first, last, &b, err, errlen);
		if (!ret && sc->pairs > TOPO_ROUND_PAIRS)
			pr_info("topology: %u/%u pairs, %.1f s\n", last, sc->pairs,
				(double)(now_ns() - t0) / NSEC_PER_SEC);
	}
	if (!ret && !sc->fwd_none)
		ret = netns_reuse_build(&t->reuse, &t->rec, t->prefix, sc, err, errlen);
	free(b.buf);
	/* Ctrl-C reaches the `ip` of the round too: that failure is the interruption. */
	if (ret && stop_requested) {
		snprintf(err, errlen, "interrupted");
		ret = -EINTR;
	}
	t->cost.setup_s = (double)(now_ns() - t0) / NSEC_PER_SEC;
	return ret;
}

/* netns del of every name in one `ip -force -batch`; returns how many are still there. */
static unsigned int ns_del_all(const char *const *names, unsigned int n)
{
	char path[64 + TOPO_NS_NAME];
	struct batch b = {0};
	unsigned int left = 0;
	char err[256];

	for (unsigned int i = 0; i < n; i++)
		batch_add(&b, "netns del %s\n", names[i]);
	ip_batch(&b, NULL, true, err, sizeof(err));
	free(b.buf);
	for (unsigned int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/run/netns/%s", names[i]);
		left += !access(path, F_OK);
	}
	return left;
}

void topo_destroy(struct topo *t)
{
	uint64_t t0 = now_ns();
	const char **names = calloc(t->ncreated + 4, sizeof(*names));
	unsigned int left = t->ncreated, n = t->ncreated;

	/* Deleting a namespace deletes its veths and their XDP programs with it. */
	for (unsigned int i = 0; names && i < t->ncreated; i++)
		names[i] = t->created[i];
	if (names)
		n += netns_reuse_names(&t->reuse, names + n);
	if (names && n)
		left = ns_del_all(names, n);
	free(names);
	/* The record goes with the last of what it lists: the stale cleanup retries the rest. */
	if (left) {
		pr_warn("teardown: %u of %u namespaces are still there; %s/%s lists them\n", left,
			t->ncreated, RUN_RECORD_DIR, t->rec.id);
		run_record_keep(&t->rec);
	} else {
		run_record_release(&t->rec, RUN_RECORD_DIR);
	}
	if (t->ncreated > 2 * TOPO_ROUND_PAIRS)
		pr_info("teardown: %u namespaces deleted in %.1f s\n", t->ncreated,
			(double)(now_ns() - t0) / NSEC_PER_SEC);
	t->ncreated = 0;
	t->reuse.kind = 0;
	t->reuse.tenant[0] = '\0';
	t->cost.teardown_s = (double)(now_ns() - t0) / NSEC_PER_SEC;
	cost_end(&t->cost);
	free(t->outer_ns);
	free(t->inner_ns);
	free(t->created);
	t->outer_ns = t->inner_ns = NULL;
	t->created = NULL;
}

static bool reap_names(char **names, unsigned int n, void *gone)
{
	unsigned int left = n ? ns_del_all((const char *const *)names, n) : 0;

	*(unsigned int *)gone += n - left;
	return !left;
}

int topo_reap_stale(void)
{
	unsigned int gone = 0;

	run_record_reap(RUN_RECORD_DIR, reap_names, &gone);
	return (int)gone;
}

static void ports_fill(struct port_list *out, unsigned int n, const char (*ns)[TOPO_NS_NAME],
		       const char *single_ns, const char *dev_fmt, unsigned int queues)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < n; i++) {
		struct port_spec *p = &out->v[out->n++];

		snprintf(p->netns, sizeof(p->netns), "%s", single_ns ? single_ns : ns[i]);
		snprintf(p->dev, sizeof(p->dev), dev_fmt, i);
		p->queues = queues;
	}
}

void topo_gen_ports(const struct topo *t, struct port_list *out)
{
	ports_fill(out, t->pairs, NULL, t->gen_ns, "g%u", t->queues);
}

void topo_sink_ports(const struct topo *t, struct port_list *out)
{
	ports_fill(out, t->pairs, NULL, t->sink_ns, "s%u", t->queues);
}

void topo_fwd_ports(const struct topo *t, struct port_list *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < t->pairs; i++) {
		struct port_spec *o = &out->v[out->n++], *in = &out->v[out->n++];

		snprintf(o->netns, sizeof(o->netns), "%s", t->outer_ns[i]);
		snprintf(o->dev, sizeof(o->dev), "outer");
		o->queues = t->queues;
		snprintf(in->netns, sizeof(in->netns), "%s", t->inner_ns[i]);
		snprintf(in->dev, sizeof(in->dev), "inner");
		in->queues = t->queues;
	}
}

const char *const veth_role_names[VETH_ROLES] = {"gen", "fwd_in", "fwd_out", "sink"};

/* A device's role from the name topo_create gave it; -1 for one it did not make. */
static int veth_role(const char *dev)
{
	if (!strcmp(dev, "outer"))
		return VETH_FWD_IN;
	if (!strcmp(dev, "inner"))
		return VETH_FWD_OUT;
	if ((dev[0] == 'g' || dev[0] == 's') && dev[1] >= '0' && dev[1] <= '9')
		return dev[0] == 'g' ? VETH_GEN : VETH_SINK;
	return -1;
}

static int add_link_counts(const struct link_stats *ls, void *arg)
{
	struct veth_counts *c = arg;
	int role = veth_role(ls->name);

	if (ls->flags & IFF_LOOPBACK)
		return 0;
	c->rx_dropped += ls->rx_dropped;
	c->tx_dropped += ls->tx_dropped;
	if (role >= 0) {
		struct veth_role_counts *r = &c->role[role];

		c->devices++;
		r->rx_packets += ls->rx_packets;
		r->tx_packets += ls->tx_packets;
		r->rx_dropped += ls->rx_dropped;
		r->tx_dropped += ls->tx_dropped;
	}
	return 0;
}

static int add_counts_here(void *arg)
{
	return link_stats_each(add_link_counts, arg);
}

int topo_veth_counts(const struct topo *t, struct veth_counts *out, char *err, size_t errlen)
{
	/* g<i> and s<i> always; outer and inner of each pair with a forwarder. */
	unsigned int want = t->pairs * (t->ncreated > 2 ? 4 : 2);
	int ret;

	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < t->ncreated; i++) {
		ret = netns_call(t->created[i], add_counts_here, out);
		if (ret) {
			snprintf(err, errlen, "cannot read the veth counters in namespace '%s': %s",
				 t->created[i], strerror(-ret));
			return ret;
		}
	}
	if (out->devices != want) {
		snprintf(err, errlen,
			 "the run's namespaces hold %u of its %u veth ends: their counters "
			 "cannot be read",
			 out->devices, want);
		return -ENODEV;
	}
	return 0;
}
