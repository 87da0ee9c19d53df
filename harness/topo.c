#include <dirent.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <netpacket/packet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "netns.h"
#include "spawn.h"
#include "topo.h"

#define NS_PREFIX	"xskns"
#define GEN_SINK_INDEX0 100 /* g<i> and s<i> get 100+i: distinct within their namespace */

static int ip(char *err, size_t errlen, char *const argv[])
{
	int ret = run_cmd(argv, err, errlen);

	if (ret)
		pr_debug("ip command failed: %s\n", err);
	return ret;
}

static int ns_add(struct topo *t, const char *name, char *err, size_t errlen)
{
	int ret = ip(err, errlen, (char *const[]){"ip", "netns", "add", (char *)name, NULL});

	if (!ret)
		snprintf(t->created[t->ncreated++], TOPO_NS_NAME, "%s", name);
	return ret;
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

static void ns_quiet_ipv6(const char *name)
{
	netns_run(name, quiet_ipv6_here, NULL);
}

/* ip -n NS link add DEV [index I] numtxqueues Q numrxqueues Q type veth peer name P netns PNS ...
 */
static int veth_add(const struct topo *t, const char *ns, const char *dev, unsigned int idx,
		    const char *peer_ns, const char *peer, unsigned int peer_idx, char *err,
		    size_t errlen)
{
	char q[12], i1[12], i2[12];
	char *argv[32];
	int n = 0;

	snprintf(q, sizeof(q), "%u", t->queues);
	snprintf(i1, sizeof(i1), "%u", idx);
	snprintf(i2, sizeof(i2), "%u", peer_idx);
	argv[n++] = "ip";
	argv[n++] = "-n";
	argv[n++] = (char *)ns;
	argv[n++] = "link";
	argv[n++] = "add";
	argv[n++] = (char *)dev;
	/* iproute2 applies the peer's index only when the first end has one too. */
	if (idx && peer_idx) {
		argv[n++] = "index";
		argv[n++] = i1;
	}
	argv[n++] = "numtxqueues";
	argv[n++] = q;
	argv[n++] = "numrxqueues";
	argv[n++] = q;
	argv[n++] = "type";
	argv[n++] = "veth";
	argv[n++] = "peer";
	argv[n++] = "name";
	argv[n++] = (char *)peer;
	argv[n++] = "netns";
	argv[n++] = (char *)peer_ns;
	if (idx && peer_idx) {
		argv[n++] = "index";
		argv[n++] = i2;
	}
	argv[n++] = "numtxqueues";
	argv[n++] = q;
	argv[n++] = "numrxqueues";
	argv[n++] = q;
	argv[n] = NULL;
	return ip(err, errlen, argv);
}

static int link_up(const char *ns, const char *dev, char *err, size_t errlen)
{
	return ip(err, errlen,
		  (char *const[]){"ip", "-n", (char *)ns, "link", "set", (char *)dev, "up", NULL});
}

int topo_create(struct topo *t, const struct scenario *sc, char *err, size_t errlen)
{
	unsigned int i, nns = 2 * sc->pairs + 2;
	char dev[IF_NAMESIZE];
	int ret;

	memset(t, 0, sizeof(*t));
	snprintf(t->prefix, sizeof(t->prefix), NS_PREFIX "%d", (int)getpid());
	t->pairs = sc->pairs;
	t->queues = sc->queues;
	t->outer_ns = calloc(sc->pairs, TOPO_NS_NAME);
	t->inner_ns = calloc(sc->pairs, TOPO_NS_NAME);
	t->created = calloc(nns, TOPO_NS_NAME);
	if (!t->outer_ns || !t->inner_ns || !t->created)
		return -ENOMEM;
	snprintf(t->gen_ns, TOPO_NS_NAME, "%s-gen", t->prefix);
	snprintf(t->sink_ns, TOPO_NS_NAME, "%s-sink", t->prefix);
	for (i = 0; i < sc->pairs; i++) {
		snprintf(t->outer_ns[i], TOPO_NS_NAME, "%s-outer%u", t->prefix, i);
		snprintf(t->inner_ns[i], TOPO_NS_NAME, "%s-inner%u", t->prefix, i);
	}

	if ((ret = ns_add(t, t->gen_ns, err, errlen)) || (ret = ns_add(t, t->sink_ns, err, errlen)))
		return ret;
	ns_quiet_ipv6(t->gen_ns);
	ns_quiet_ipv6(t->sink_ns);
	for (i = 0; i < sc->pairs; i++) {
		if ((ret = ns_add(t, t->outer_ns[i], err, errlen)) ||
		    (ret = ns_add(t, t->inner_ns[i], err, errlen)))
			return ret;
		ns_quiet_ipv6(t->outer_ns[i]);
		ns_quiet_ipv6(t->inner_ns[i]);

		snprintf(dev, sizeof(dev), "g%u", i);
		ret = veth_add(t, t->gen_ns, dev, GEN_SINK_INDEX0 + i, t->outer_ns[i], "outer",
			       sc->ifindex_outer, err, errlen);
		if (!ret)
			ret = link_up(t->gen_ns, dev, err, errlen);
		if (!ret)
			ret = link_up(t->outer_ns[i], "outer", err, errlen);
		if (ret)
			return ret;

		snprintf(dev, sizeof(dev), "s%u", i);
		ret = veth_add(t, t->inner_ns[i], "inner", sc->ifindex_inner, t->sink_ns, dev,
			       GEN_SINK_INDEX0 + i, err, errlen);
		if (!ret)
			ret = link_up(t->inner_ns[i], "inner", err, errlen);
		if (!ret)
			ret = link_up(t->sink_ns, dev, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

void topo_destroy(struct topo *t)
{
	char err[256];

	while (t->ncreated > 0)
		ip(err, sizeof(err),
		   (char *const[]){"ip", "netns", "del", t->created[--t->ncreated], NULL});
	free(t->outer_ns);
	free(t->inner_ns);
	free(t->created);
	t->outer_ns = t->inner_ns = NULL;
	t->created = NULL;
}

int topo_reap_stale(void)
{
	DIR *d = opendir("/run/netns");
	struct dirent *e;
	char err[256];
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		int pid;

		if (sscanf(e->d_name, NS_PREFIX "%d-", &pid) != 1 || pid <= 0)
			continue;
		if (pid == getpid() || !kill(pid, 0) || errno != ESRCH)
			continue;
		if (!ip(err, sizeof(err), (char *const[]){"ip", "netns", "del", e->d_name, NULL}))
			n++;
	}
	closedir(d);
	return n;
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

struct drops {
	unsigned long long rx, tx;
};

/* rx_dropped and tx_dropped of every device but lo in the current namespace. */
static int add_drops_here(void *arg)
{
	struct drops *d = arg;
	struct ifaddrs *ifa, *i;

	if (getifaddrs(&ifa))
		return -errno;
	for (i = ifa; i; i = i->ifa_next) {
		const struct rtnl_link_stats *st = i->ifa_data;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_PACKET || !st ||
		    !strcmp(i->ifa_name, "lo"))
			continue;
		d->rx += st->rx_dropped;
		d->tx += st->tx_dropped;
	}
	freeifaddrs(ifa);
	return 0;
}

unsigned long long topo_veth_drops(const struct topo *t, unsigned long long *rx,
				   unsigned long long *tx)
{
	struct drops d = {0, 0};

	for (unsigned int i = 0; i < t->ncreated; i++)
		netns_run(t->created[i], add_drops_here, &d);
	*rx = d.rx;
	*tx = d.tx;
	return d.rx + d.tx;
}
