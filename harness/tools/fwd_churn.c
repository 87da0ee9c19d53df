// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A cycle runs inside the forwarding loop, so the pairs wait while `ip`
 * destroys and makes the namespace (tens of milliseconds): a wait their
 * rings absorb or the kernel's drop counters count. The kernel's own count
 * of AF_XDP sockets in a namespace is the XDP line of its
 * /proc/net/protocols (sock_prot_inuse, moved by xsk_create and xsk_release),
 * read from a thread inside the namespace.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fwd_churn.h"
#include "fwd_tear.h"
#include "log.h"
#include "netns.h"
#include "spawn.h"
#include "util.h"

const struct opt_def fwd_churn_rows[] = {
    OPT_DEF("churn", 0, OPT_STRING, struct fwd_churn, ns,
	    "NETNS with veth ends tenant0 and tenant1: a tenant that joins, leaves and is "
	    "destroyed and made anew, cycle after cycle"),
    OPT_DEF("churn-cycles", 0, OPT_U32, struct fwd_churn, cycles, "cycles (--churn)", .min = 1,
	    .max = 100000),
    OPT_DEF("churn-ms", 0, OPT_U64, struct fwd_churn, cycle_ms,
	    "a tenant's time on the UMEM in each cycle (--churn)", .min = 1, .max = 3600000),
    OPT_END,
};

int fwd_churn_check(const struct fwd_churn *c, const struct port_list *ports)
{
	if (!c->ns)
		return 0;
	if (!c->ns[0] || strlen(c->ns) >= sizeof(ports->v[0].netns) || ports->n + 2 > PORTS_MAX) {
		fprintf(stderr, "fwd: bad --churn '%s'\n", c->ns);
		return -EINVAL;
	}
	if (!c->cycles || !c->cycle_ms) {
		fprintf(stderr, "fwd: --churn needs --churn-cycles and --churn-ms\n");
		return -EINVAL;
	}
	return 0;
}

static uint64_t status_kb(const char *key)
{
	char line[256];
	uint64_t v = 0;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = strtoull(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

static void sample(struct churn_sample *s)
{
	DIR *d = opendir("/proc/self/fd");
	FILE *f = fopen("/proc/self/maps", "r");
	int ch;

	*s = (struct churn_sample){0};
	while (d && readdir(d))
		s->fds++;
	if (d)
		closedir(d);
	while (f && (ch = fgetc(f)) != EOF)
		s->maps += ch == '\n';
	if (f)
		fclose(f);
	s->pin_kb = status_kb("VmPin");
	s->rss_kb = status_kb("VmRSS");
}

/* In the namespace: the kernel's count of its AF_XDP sockets. */
static int xdp_inuse_here(void *arg)
{
	char line[256], name[32];
	long size, socks;
	FILE *f = fopen("/proc/thread-self/net/protocols", "r");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%31s %ld %ld", name, &size, &socks) == 3 &&
		    !strcmp(name, "XDP")) {
			*(long *)arg = socks;
			ret = 0;
		}
	fclose(f);
	return ret;
}

static struct xsk_sock *tenant_sock(struct fwd_churn *c, int i)
{
	return xsk_set_sock(c->set, c->first + (unsigned int)i);
}

static uint64_t tenant_moved(struct fwd_churn *c)
{
	return tenant_sock(c, 0)->moved + tenant_sock(c, 1)->moved;
}

static int join(struct fwd_churn *c)
{
	int err;

	for (unsigned int i = 0; i < 2; i++)
		if ((err = xsk_set_reopen_port(c->set, c->port + i)))
			return err;
	if ((err = fwd_tear_seed(tenant_sock(c, 1))))
		return err;
	for (int i = 0; i < 2; i++)
		xsk_sock_refill(tenant_sock(c, i), c->fill);
	c->join_ns = c->seed_ns = now_ns();
	c->moved_at_join = tenant_moved(c);
	return 0;
}

int fwd_churn_start(struct fwd_churn *c, unsigned int port, unsigned int first, uint32_t fill)
{
	c->port = port;
	c->first = first;
	c->fill = fill;
	c->fault = getenv("XSKNS_CHURN_FAULT");
	c->leaked_fd = -1;
	c->res.verdict = VERDICT_PASS;
	c->join_ns = c->seed_ns = now_ns();
	c->moved_at_join = tenant_moved(c);
	return fwd_tear_seed(tenant_sock(c, 1));
}

static int recreate(struct fwd_churn *c)
{
	char *del[] = {"ip", "netns", "del", (char *)c->ns, NULL};
	char *add[] = {"ip", "netns", "add", (char *)c->ns, NULL};
	char *veth[] = {"ip",	"-n",	(char *)c->ns, "link", "add",	  "tenant0",
			"type", "veth", "peer",	       "name", "tenant1", NULL};
	char *up0[] = {"ip", "-n", (char *)c->ns, "link", "set", "tenant0", "up", NULL};
	char *up1[] = {"ip", "-n", (char *)c->ns, "link", "set", "tenant1", "up", NULL};
	char err[256] = "";

	if (run_cmd(del, err, sizeof(err)) || run_cmd(add, err, sizeof(err)) ||
	    run_cmd(veth, err, sizeof(err)) || run_cmd(up0, err, sizeof(err)) ||
	    run_cmd(up1, err, sizeof(err))) {
		verdict_raise(&c->res, VERDICT_ERROR, "cycle %u: remaking namespace '%s': %s",
			      c->done + 1, c->ns, err);
		return -EIO;
	}
	return 0;
}

/* The tenant leaves; what it held must come back and the kernel must count none of it. */
static int leave(struct fwd_churn *c)
{
	struct umem_ledger *l = &tenant_sock(c, 0)->umem->ledger;
	uint64_t held = 0, back, b;
	long inuse = -1;
	int err;

	if (tenant_moved(c) == c->moved_at_join) {
		verdict_raise(&c->res, VERDICT_ERROR, "cycle %u: the tenant carried no frame",
			      c->done + 1);
		return -EIO;
	}
	c->loop_frames += tenant_moved(c) - c->moved_at_join;
	for (unsigned int i = 0; i < 2 && l->frame; i++)
		held += umem_ledger_sock_frames(l, c->first + i);
	/* The wrong leave the checks must catch: a socket kept by a stray descriptor. */
	if (c->fault && !strcmp(c->fault, "leak-socket") && c->leaked_fd < 0)
		c->leaked_fd = dup(tenant_sock(c, 0)->fd);
	xsk_set_release_port(c->set, c->port, &back);
	xsk_set_release_port(c->set, c->port + 1, &b);
	back += b;
	c->held += held;
	c->back += back;
	if (back != held) {
		verdict_raise(&c->res, VERDICT_BUG,
			      "cycle %u: the tenant held %" PRIu64 " frames, %" PRIu64 " came back",
			      c->done + 1, held, back);
		return -EIO;
	}
	err = netns_call(c->ns, xdp_inuse_here, &inuse);
	if (err || inuse) {
		verdict_raise(&c->res, err ? VERDICT_ERROR : VERDICT_BUG,
			      "cycle %u: after the tenant left, the kernel counts %ld AF_XDP "
			      "sockets in its namespace%s%s",
			      c->done + 1, inuse, err ? ": " : "", err ? strerror(-err) : "");
		return -EIO;
	}
	return 0;
}

/* From the first leave on, the forwarder's footprint stays where it was. */
static void check_footprint(struct fwd_churn *c)
{
	/* The wrong leave the footprint must catch: a ring mapping never unmapped. */
	if (c->fault && !strcmp(c->fault, "leak-mapping"))
		mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sample(&c->last);
	if (c->done == 1) {
		c->base = c->last;
		return;
	}
	if (c->last.fds != c->base.fds || c->last.maps != c->base.maps ||
	    c->last.pin_kb != c->base.pin_kb)
		verdict_raise(&c->res, VERDICT_BUG,
			      "after cycle %u the forwarder holds %" PRIu64 " fds, %" PRIu64
			      " mappings, %" PRIu64 " kB pinned; after cycle 1: %" PRIu64
			      ", %" PRIu64 ", %" PRIu64,
			      c->done, c->last.fds, c->last.maps, c->last.pin_kb, c->base.fds,
			      c->base.maps, c->base.pin_kb);
}

void fwd_churn_step(struct fwd_churn *c, uint64_t now)
{
	if (!c->ns || c->finished)
		return;
	fwd_tear_reseed(tenant_sock(c, 0), tenant_sock(c, 1), c->moved_at_join, &c->seed_ns, now);
	if (now - c->join_ns < c->cycle_ms * 1000000ull)
		return;
	if (leave(c) || recreate(c)) {
		c->finished = true;
		return;
	}
	c->done++;
	check_footprint(c);
	if (c->res.verdict != VERDICT_PASS || c->done >= c->cycles) {
		c->finished = true;
		pr_info("churn: %u cycles, %" PRIu64 " frames round the tenants' loops\n", c->done,
			c->loop_frames);
		return;
	}
	if (join(c)) {
		verdict_raise(&c->res, VERDICT_ERROR, "cycle %u: the tenant could not join: %s",
			      c->done + 1, xsk_set_error(c->set));
		c->finished = true;
	}
}

void fwd_churn_finish(struct fwd_churn *c, struct report *r)
{
	/* Not started: the forwarder stopped at its sockets, whose verdict is the run's. */
	if (!c->ns || !c->join_ns)
		return;
	if (c->res.verdict == VERDICT_PASS && c->done < c->cycles)
		verdict_raise(&c->res, VERDICT_ERROR,
			      "%u of %u cycles done when the traffic ended: give more time",
			      c->done, c->cycles);
	report_str(r, "churn_verdict", verdict_name(c->res.verdict));
	report_str(r, "churn_reason", c->res.reason);
	report_u64(r, "churn_cycles", c->done);
	report_u64(r, "churn_loop_frames", c->loop_frames);
	report_u64(r, "churn_frames_held", c->held);
	report_u64(r, "churn_frames_back", c->back);
	report_u64(r, "churn_fds", c->last.fds);
	report_u64(r, "churn_fds_base", c->base.fds);
	report_u64(r, "churn_maps", c->last.maps);
	report_u64(r, "churn_maps_base", c->base.maps);
	report_u64(r, "churn_rss_kb", c->last.rss_kb);
	report_u64(r, "churn_rss_kb_base", c->base.rss_kb);
	if (c->leaked_fd >= 0)
		close(c->leaked_fd);
	c->leaked_fd = -1;
}
