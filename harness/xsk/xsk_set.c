// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Ports and sockets are set up in short-lived threads, one per port, that
 * entered the port's namespace (netns_call_fd; setns only moves that thread),
 * so device names and ifindexes resolve where the device lives. The UMEM is
 * created in the first port's namespace: libxdp reuses the UMEM's own socket
 * for the first xsk_socket__create_shared(), so a UMEM created elsewhere would
 * bind that socket in the wrong namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "netns.h"
#include "util.h"
#include "thread_seccomp.h"
#include "xsk_common.h"
#include "xsk_redirect.skel.h"
#include "xsk_set.h"

#ifndef SO_PREFER_BUSY_POLL
#define SO_PREFER_BUSY_POLL 69
#endif
#ifndef SO_BUSY_POLL_BUDGET
#define SO_BUSY_POLL_BUDGET 70
#endif

/* A socket bound a moment ago by a process that just exited is released lazily. */
#define EBUSY_RETRY_MS	    3000
#define EBUSY_RETRY_STEP_MS 50
/* sendto() calls per kick: 16 x 32 frames covers a whole default batch burst. */
#define TX_KICKS_MAX 16

struct port {
	const struct port_spec *spec;
	int nsfd;
	uint64_t ns_ino;
	int probe_fd;
	uint64_t cookie;
	int ifindex;
	struct xsk_redirect_bpf *prog;
	struct bpf_link *link;
};

struct xsk_set {
	struct xsk_set_cfg cfg;
	struct port_list specs;
	struct port *ports;
	unsigned int nports;
	struct xsk_sock *socks;
	struct sock_record *recs;
	unsigned int nsocks;
	struct umem *umems;
	unsigned int numems;
	int first_err;
	char error[320];
	bool no_netns_cookie; /* SO_NETNS_COOKIE failed where the sockets were made */
};

struct xsk_set *xsk_set_new(const struct port_list *ports, const struct xsk_set_cfg *cfg)
{
	struct xsk_set *set = calloc(1, sizeof(*set));
	unsigned int i, q, n = 0;

	if (!set)
		return NULL;
	set->cfg = *cfg;
	set->specs = *ports;
	set->nports = ports->n;
	for (i = 0; i < ports->n; i++)
		set->nsocks += ports->v[i].queues;
	set->numems = cfg->shared_umem ? 1 : ports->n;
	set->ports = calloc(set->nports, sizeof(*set->ports));
	set->socks = calloc(set->nsocks, sizeof(*set->socks));
	set->recs = calloc(set->nsocks, sizeof(*set->recs));
	set->umems = calloc(set->numems, sizeof(*set->umems));
	if (!set->ports || !set->socks || !set->recs || !set->umems) {
		xsk_set_free(set);
		return NULL;
	}
	for (i = 0; i < set->nports; i++) {
		set->ports[i].spec = &set->specs.v[i];
		set->ports[i].nsfd = -1;
		set->ports[i].probe_fd = -1;
		for (q = 0; q < ports->v[i].queues; q++, n++) {
			struct xsk_sock *s = &set->socks[n];
			struct sock_record *r = &set->recs[n];

			s->fd = -1;
			s->index = n;
			s->port = i;
			s->queue = q;
			s->rec = r;
			s->umem = &set->umems[cfg->shared_umem ? 0 : i];
			r->port = i;
			r->queue = q;
			snprintf(r->netns, sizeof(r->netns), "%s", ports->v[i].netns);
			snprintf(r->dev, sizeof(r->dev), "%s", ports->v[i].dev);
		}
	}
	return set;
}

static void set_error(struct xsk_set *set, int err, const char *fmt, const char *a, const char *b)
{
	if (!set->first_err)
		set->first_err = err;
	if (!set->error[0])
		snprintf(set->error, sizeof(set->error), fmt, a, b, strerror(-err));
}

/* One port's share of the setup, run in its namespace (netns_call_fd). */
struct port_job {
	struct xsk_set *set;
	struct port *p;
	unsigned int first, n; /* its sockets: socks[first, first + n) */
	unsigned int umem_socks;
};

/* In the port's namespace: find its device, open the probe socket, load and attach the program. */
static int port_setup_here(void *arg)
{
	struct port_job *j = arg;
	struct xsk_set *set = j->set;
	struct port *p = j->p;
	int err;

	p->ifindex = (int)if_nametoindex(p->spec->dev);
	if (!p->ifindex) {
		err = -errno;
		set_error(set, err, "device '%s' in netns '%s': %s", p->spec->dev, p->spec->netns);
		return err;
	}
	p->probe_fd = netns_probe_socket();
	if (!set->cfg.rx)
		return 0;

	p->prog = xsk_redirect_bpf__open_and_load();
	if (!p->prog) {
		err = -errno;
		set_error(set, err, "loading the XDP program for '%s'%s: %s", p->spec->dev, "");
		return err;
	}
	/* A link detaches by itself when the last fd closes, even on SIGKILL. */
	p->link = bpf_program__attach_xdp(p->prog->progs.xsk_redirect, p->ifindex);
	if (!p->link) {
		err = -errno;
		set_error(set, err, "attaching XDP to '%s' in netns '%s': %s", p->spec->dev,
			  p->spec->netns);
		return err;
	}
	return 0;
}

static int port_setup(struct xsk_set *set, struct port *p)
{
	struct port_job job = {.set = set, .p = p};
	int err;

	p->nsfd = netns_open(p->spec->netns);
	if (p->nsfd < 0) {
		set_error(set, p->nsfd, "netns '%s'%s: %s", p->spec->netns, "");
		return p->nsfd;
	}
	err = netns_inode(p->nsfd, &p->ns_ino);
	if (!err)
		err = netns_call_fd(p->nsfd, port_setup_here, &job);
	/* Kept when port_setup_here() said what failed. */
	if (err)
		set_error(set, err, "cannot enter netns '%s'%s: %s", p->spec->netns, "");
	return err;
}

/* On unless XSKNS_UMEM_LEDGER is off (or 0): its cost is measured with it off. */
static bool ledger_wanted(void)
{
	const char *v = getenv("XSKNS_UMEM_LEDGER");

	return !v || (strcmp(v, "off") && strcmp(v, "0"));
}

static int umem_create(struct xsk_set *set, struct umem *u, unsigned int nsocks,
		       struct xsk_sock *first)
{
	struct xsk_umem_config ucfg = {
	    .fill_size = set->cfg.ring_size,
	    .comp_size = set->cfg.ring_size,
	    .frame_size = set->cfg.frame_size,
	    .frame_headroom = 0,
	    .flags = 0,
	};
	uint32_t nframes = nsocks * set->cfg.frames_per_sock, i;
	int err;

	u->frame_size = set->cfg.frame_size;
	u->size = (uint64_t)nframes * set->cfg.frame_size;
	u->area = mmap(NULL, u->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (u->area == MAP_FAILED) {
		u->area = NULL;
		return -errno;
	}
	u->pool.addrs = calloc(nframes, sizeof(*u->pool.addrs));
	if (!u->pool.addrs)
		return -ENOMEM;
	u->pool.cap = nframes;
	for (i = nframes; i-- > 0;)
		pool_put(&u->pool, (uint64_t)i * set->cfg.frame_size);
	if (ledger_wanted()) {
		err = umem_ledger_init(&u->ledger, nframes, set->cfg.frame_size);
		if (err)
			return err;
	}
	/* The UMEM's FILL/COMPLETION rings become those of its first socket. */
	err = xsk_umem__create(&u->umem, u->area, u->size, &first->fill, &first->comp, &ucfg);
	return err;
}

static void sock_set_busy_poll(struct xsk_sock *s)
{
	int one = 1, usecs = 20, budget = 64;

	/* Best effort: copy-mode veth has no NAPI to busy poll on older kernels. */
	setsockopt(s->fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, &one, sizeof(one));
	setsockopt(s->fd, SOL_SOCKET, SO_BUSY_POLL, &usecs, sizeof(usecs));
	setsockopt(s->fd, SOL_SOCKET, SO_BUSY_POLL_BUDGET, &budget, sizeof(budget));
}

static struct xsk_socket_config sock_config(const struct xsk_set *set)
{
	return (struct xsk_socket_config){
	    .rx_size = set->cfg.ring_size,
	    .tx_size = set->cfg.ring_size,
	    .libbpf_flags = XSK_LIBBPF_FLAGS__INHIBIT_PROG_LOAD,
	    .xdp_flags = 0,
	    .bind_flags = set->cfg.need_wakeup ? XDP_USE_NEED_WAKEUP : 0,
	};
}

/*
 * cfg.retry_after_failed_bind: before the UMEM's first socket, the same creation with
 * the same rings on a queue its device does not have (the port's queue count). The
 * library sets the rings up on the UMEM's own socket, then the kernel refuses the queue
 * at bind (EINVAL, xsk_reg_pool_at_qid()); the socket created next is the caller's
 * retry on that UMEM. A first creation that does not fail with that EINVAL would make
 * another retry than the one meant: a set-up error.
 */
static int fail_first_bind(struct xsk_set *set, struct xsk_sock *s)
{
	struct port *p = &set->ports[s->port];
	struct xsk_socket_config xcfg = sock_config(set);
	struct xsk_socket *xsk = NULL;
	uint32_t queue = p->spec->queues;
	char what[160];
	int err;

	err = xsk_socket__create_shared(&xsk, p->spec->dev, queue, s->umem->umem,
					set->cfg.rx ? &s->rx : NULL, set->cfg.tx ? &s->tx : NULL,
					&s->fill, &s->comp, &xcfg);
	s->rec->retry = true;
	s->rec->first_queue = queue;
	s->rec->first_rc = err;
	pr_info("first creation on dev %s queue %u, past the port's queues: %s\n", p->spec->dev,
		queue, err ? strerror(-err) : "ok");
	if (err == -EINVAL)
		return 0;
	snprintf(what, sizeof(what), "the first creation on dev '%s' queue %u, to fail at bind",
		 p->spec->dev, queue);
	if (err) {
		set_error(set, err, "%s%s: %s", what, "");
		return err;
	}
	xsk_socket__delete(xsk);
	set_error(set, -EEXIST, "%s, succeeded (the device has that queue)%s", what, "");
	return -EEXIST;
}

static int sock_create(struct xsk_set *set, struct xsk_sock *s)
{
	struct port *p = &set->ports[s->port];
	struct xsk_socket_config xcfg = sock_config(set);
	int err, waited = 0;

	for (;;) {
		err = xsk_socket__create_shared(
		    &s->xsk, p->spec->dev, s->queue, s->umem->umem, set->cfg.rx ? &s->rx : NULL,
		    set->cfg.tx ? &s->tx : NULL, &s->fill, &s->comp, &xcfg);
		if (err != -EBUSY || waited >= EBUSY_RETRY_MS)
			break;
		usleep(EBUSY_RETRY_STEP_MS * 1000);
		waited += EBUSY_RETRY_STEP_MS;
	}
	if (err)
		return err;
	s->fd = xsk_socket__fd(s->xsk);
	if (set->cfg.busy_poll)
		sock_set_busy_poll(s);
	if (p->prog) {
		int mapfd = bpf_map__fd(p->prog->maps.xsks);

		err = bpf_map_update_elem(mapfd, &s->queue, &s->fd, BPF_ANY);
		if (err)
			return -errno;
	}
	return 0;
}

/*
 * What the library sees when it asks for the cookie in this thread: a kernel
 * before 5.14 (or the emulation's filter) answers ENOPROTOOPT.
 */
static bool netns_cookie_works(void)
{
	int fd = netns_probe_socket();
	uint64_t cookie;
	bool works;

	if (fd < 0)
		return true; /* cannot tell: record the cookies as read */
	works = sock_netns_cookie(fd, &cookie) != -ENOPROTOOPT;
	close(fd);
	return works;
}

/*
 * In the port's namespace: its sockets, and the UMEM when its first socket is
 * here. With the emulation, the filter is on this short-lived thread alone.
 */
static int port_sockets_here(void *arg)
{
	struct port_job *j = arg;
	struct xsk_set *set = j->set;
	struct port *p = j->p;
	int err;

	if (set->cfg.emulate_no_netns_cookie) {
		err = emulate_no_netns_cookie();
		if (err) {
			set_error(set, err, "seccomp filter for --emulate-no-netns-cookie%s%s: %s",
				  "", "");
			return err;
		}
	}
	if (!j->first)
		set->no_netns_cookie = !netns_cookie_works();
	for (unsigned int i = j->first; i < j->first + j->n; i++) {
		struct xsk_sock *s = &set->socks[i];

		if (!s->umem->umem) {
			err = umem_create(set, s->umem, j->umem_socks, s);
			if (err) {
				set_error(set, err, "creating the UMEM in netns '%s'%s: %s",
					  p->spec->netns, "");
				return err;
			}
			err = set->cfg.retry_after_failed_bind ? fail_first_bind(set, s) : 0;
			if (err)
				return err;
		}
		s->rec->attempted = true;
		s->rec->rc = sock_create(set, s);
		if (s->rec->rc && !set->first_err)
			set->first_err = s->rec->rc;
		pr_debug("socket %u: netns %s dev %s queue %u: %s\n", i, p->spec->netns,
			 p->spec->dev, s->queue, s->rec->rc ? strerror(-s->rec->rc) : "ok");
	}
	return 0;
}

/* Ports [from, to) set up first, then each one's sockets in its namespace, port by port. */
static int setup_ports(struct xsk_set *set, unsigned int from, unsigned int to)
{
	unsigned int i, first = 0;
	int err;

	for (i = from; i < to; i++)
		if ((err = port_setup(set, &set->ports[i])))
			return err;
	for (i = 0; i < from; i++)
		first += set->specs.v[i].queues;
	for (i = from; i < to; i++) {
		struct port_job job = {.set = set, .p = &set->ports[i], .first = first};

		job.n = set->specs.v[i].queues;
		job.umem_socks = set->cfg.shared_umem ? set->nsocks : job.n;
		first += job.n;
		err = netns_call_fd(job.p->nsfd, port_sockets_here, &job);
		if (err) {
			set_error(set, err, "cannot enter netns '%s'%s: %s", job.p->spec->netns,
				  "");
			return err;
		}
	}
	return 0;
}

/* In port order; with a late gate, port 0 last, after it. */
static void setup(struct xsk_set *set)
{
	int err;

	if (!set->cfg.late_gate) {
		setup_ports(set, 0, set->nports);
		return;
	}
	if (setup_ports(set, 1, set->nports))
		return;
	err = set->cfg.late_gate(set->cfg.late_arg);
	if (err) {
		set_error(set, err, "before the late port '%s:%s': %s", set->specs.v[0].netns,
			  set->specs.v[0].dev);
		return;
	}
	setup_ports(set, 0, 1);
}

/* What the check needs, read by the caller's thread (no seccomp filter here). */
static void fill_records(struct xsk_set *set)
{
	unsigned int i;

	for (i = 0; i < set->nsocks; i++) {
		struct xsk_sock *s = &set->socks[i];
		struct port *p = &set->ports[s->port];
		struct sock_record *r = s->rec;

		r->netns_id = p->ns_ino;
		r->ifindex = p->ifindex;
		/* Recorded as the library saw it: no cookie means none here either. */
		r->no_netns_cookie = set->no_netns_cookie;
		if (p->probe_fd >= 0 && !r->no_netns_cookie)
			sock_netns_cookie(p->probe_fd, &r->netns_cookie);
		if (r->rc || s->fd < 0)
			continue;
		if (!r->no_netns_cookie)
			sock_netns_cookie(s->fd, &r->xsk_cookie);
		r->fill_ring = (uintptr_t)s->fill.ring;
		r->comp_ring = (uintptr_t)s->comp.ring;
	}
}

int xsk_set_open(struct xsk_set *set)
{
	setup(set);
	fill_records(set);
	return set->first_err;
}

const char *xsk_set_error(const struct xsk_set *set)
{
	return set->error;
}

const struct xsk_set_cfg *xsk_set_config(const struct xsk_set *set)
{
	return &set->cfg;
}

unsigned int xsk_set_nports(const struct xsk_set *set)
{
	return set->nports;
}

/* Threads that close the sockets' last references: their RCU waits overlap. */
#define CLOSE_THREADS 32

struct closer {
	const int *fds;
	unsigned int n, first;
};

static void *close_stride(void *arg)
{
	const struct closer *c = arg;

	for (unsigned int i = c->first; i < c->n; i += CLOSE_THREADS)
		if (c->fds[i] >= 0)
			close(c->fds[i]);
	return NULL;
}

/* Close fds from up to CLOSE_THREADS threads; what a thread cannot take is closed here. */
static void close_parallel(const int *fds, unsigned int n)
{
	struct closer c[CLOSE_THREADS];
	pthread_t t[CLOSE_THREADS];
	bool started[CLOSE_THREADS] = {false};

	for (unsigned int k = 0; k < CLOSE_THREADS && k < n; k++) {
		c[k] = (struct closer){fds, n, k};
		started[k] = !pthread_create(&t[k], NULL, close_stride, &c[k]);
		if (!started[k])
			close_stride(&c[k]);
	}
	for (unsigned int k = 0; k < CLOSE_THREADS && k < n; k++)
		if (started[k])
			pthread_join(t[k], NULL);
}

/*
 * Closing a bound AF_XDP socket waits for an RCU grace period (the kernel's
 * unbind); one after another, 1024 sockets take ten seconds and more. Each
 * socket is duplicated first, so the library's own close is not the last
 * reference and returns at once; the duplicates are then closed in parallel,
 * their waits sharing grace periods. Called after every socket and UMEM of the
 * set has been deleted.
 */
static int *keep_socket_fds(struct xsk_set *set)
{
	int *fds = set->nsocks ? malloc(set->nsocks * sizeof(*fds)) : NULL;

	for (unsigned int i = 0; fds && i < set->nsocks; i++)
		fds[i] = set->socks[i].xsk ? fcntl(set->socks[i].fd, F_DUPFD_CLOEXEC, 0) : -1;
	return fds;
}

/* A port's XDP program, link and descriptors go; the port can be detached again. */
static void port_detach(struct port *p)
{
	bpf_link__destroy(p->link);
	xsk_redirect_bpf__destroy(p->prog);
	if (p->probe_fd >= 0)
		close(p->probe_fd);
	if (p->nsfd >= 0)
		close(p->nsfd);
	p->link = NULL;
	p->prog = NULL;
	p->probe_fd = p->nsfd = -1;
}

void xsk_set_free(struct xsk_set *set)
{
	unsigned int i;
	int *fds;

	if (!set)
		return;
	fds = set->socks ? keep_socket_fds(set) : NULL;
	for (i = 0; set->socks && i < set->nsocks; i++)
		if (set->socks[i].xsk)
			xsk_socket__delete(set->socks[i].xsk);
	for (i = 0; set->umems && i < set->numems; i++) {
		struct umem *u = &set->umems[i];

		if (u->umem)
			xsk_umem__delete(u->umem);
		if (u->area)
			munmap(u->area, u->size);
		free(u->pool.addrs);
		umem_ledger_free(&u->ledger);
	}
	if (fds)
		close_parallel(fds, set->nsocks);
	free(fds);
	for (i = 0; set->ports && i < set->nports; i++)
		port_detach(&set->ports[i]);
	free(set->ports);
	free(set->socks);
	free(set->recs);
	free(set->umems);
	free(set);
}

unsigned int xsk_set_nsocks(const struct xsk_set *set)
{
	return set->nsocks;
}

struct xsk_sock *xsk_set_sock(struct xsk_set *set, unsigned int i)
{
	return &set->socks[i];
}

const struct sock_record *xsk_set_records(const struct xsk_set *set, unsigned int *n)
{
	*n = set->nsocks;
	return set->recs;
}

/* A ledger fault is due: one eligible operation in LEDGER_FAULT_EVERY, LEDGER_FAULT_MAX times. */
static bool fault_due(struct umem *u, enum ledger_fault f)
{
	if (u->fault != f || !u->faults_left || ++u->fault_tick % LEDGER_FAULT_EVERY)
		return false;
	u->faults_left--;
	return true;
}

/* The application's faults: one more FILL submit the ledger sees, not the ring. */
static void fill_fault(struct xsk_sock *s, uint64_t last)
{
	struct umem *u = s->umem;

	if (fault_due(u, LEDGER_FAULT_APP_DOUBLE_FILL))
		umem_ledger_fill(&u->ledger, s->index, last);
	else if (fault_due(u, LEDGER_FAULT_APP_FILL_OUTSIDE))
		umem_ledger_fill(&u->ledger, s->index, u->ledger.size + last);
}

unsigned int xsk_sock_refill(struct xsk_sock *s, unsigned int n)
{
	struct frame_pool *pool = &s->umem->pool;
	struct umem_ledger *l = s->umem->ledger.frame ? &s->umem->ledger : NULL;
	uint32_t idx, i;
	uint64_t addr = 0;

	if (n > pool->n)
		n = pool->n;
	if (!n || !s->fill.ring)
		return 0;
	n = xsk_ring_prod__reserve(&s->fill, n, &idx);
	for (i = 0; i < n; i++) {
		pool_get(pool, &addr);
		*xsk_ring_prod__fill_addr(&s->fill, idx + i) = addr;
		if (l)
			umem_ledger_fill(l, s->index, addr);
	}
	xsk_ring_prod__submit(&s->fill, n);
	if (l && n && s->umem->fault)
		fill_fault(s, addr);
	return n;
}

/* The frame a FILL or TX ring entry of this socket last got (the ring's newest entry). */
static uint64_t newest_entry(struct xsk_ring_prod *r, bool tx)
{
	uint32_t idx = r->cached_prod - 1;

	return tx ? xsk_ring_prod__tx_desc(r, idx)->addr : *xsk_ring_prod__fill_addr(r, idx);
}

/* Whether frame addr is, by the ledger, with owner o of socket s. */
static bool owned_by(const struct xsk_sock *s, uint64_t addr, enum ledger_owner o)
{
	const struct umem_ledger *l = &s->umem->ledger;
	uint32_t sock;

	return addr < l->size && umem_ledger_owner(l, (uint32_t)(addr >> l->shift), &sock) == o &&
	       sock == s->index;
}

/* The kernel's completion faults: one more completion than the ring held, seen by the ledger. */
static void comp_fault(struct xsk_sock *s, uint32_t n, uint64_t last)
{
	struct umem *u = s->umem;
	struct umem_ledger *l = &u->ledger;
	uint64_t a;

	if (u->fault == LEDGER_FAULT_DOUBLE_COMP && n && fault_due(u, u->fault)) {
		umem_ledger_comp(l, s->index, last);
	} else if (u->fault == LEDGER_FAULT_FORGE_COMP && s->fill.ring) {
		a = newest_entry(&s->fill, false);
		if (owned_by(s, a, LEDGER_FILL) && fault_due(u, u->fault))
			umem_ledger_comp(l, s->index, a);
	} else if (u->fault == LEDGER_FAULT_COMP_OFF_FRAME && s->tx.ring) {
		a = newest_entry(&s->tx, true);
		if (owned_by(s, a, LEDGER_TX) && fault_due(u, u->fault))
			umem_ledger_comp(l, s->index, a ^ 64);
	}
}

unsigned int xsk_sock_complete(struct xsk_sock *s, unsigned int budget)
{
	struct umem_ledger *l = s->umem->ledger.frame ? &s->umem->ledger : NULL;
	uint32_t idx, i, n;
	uint64_t addr = 0;

	if (!s->comp.ring)
		return 0;
	n = xsk_ring_cons__peek(&s->comp, budget, &idx);
	for (i = 0; i < n; i++) {
		addr = *xsk_ring_cons__comp_addr(&s->comp, idx + i);
		/* A frame the kernel had no right to complete stays where the ledger has it. */
		if (l && !umem_ledger_comp(l, s->index, addr))
			continue;
		pool_put(&s->umem->pool, addr);
	}
	xsk_ring_cons__release(&s->comp, n);
	/* Each entry is one TX descriptor the kernel is done with, whatever address it names. */
	s->tx_outstanding -= n < s->tx_outstanding ? n : s->tx_outstanding;
	if (l && s->umem->fault)
		comp_fault(s, n, addr);
	return n;
}

bool xsk_sock_rx_fault(struct xsk_sock *s, uint64_t addr, uint32_t len)
{
	struct umem *u = s->umem;
	uint64_t off = addr & (u->frame_size - 1);

	if (u->pool.n && fault_due(u, LEDGER_FAULT_FORGE_RX))
		addr = u->pool.addrs[u->pool.n - 1] + off;
	else if (fault_due(u, LEDGER_FAULT_RX_OUTSIDE_UMEM))
		addr = u->ledger.size + off;
	return umem_ledger_rx(&u->ledger, s->index, addr, len);
}

/* Descriptors submitted to TX that the kernel has not taken yet. */
static uint32_t tx_unconsumed(const struct xsk_sock *s)
{
	return *s->tx.producer - __atomic_load_n(s->tx.consumer, __ATOMIC_ACQUIRE);
}

void xsk_sock_kick_tx(struct xsk_sock *s)
{
	/*
	 * Copy mode transmits only inside sendto(), and each call sends at most
	 * the kernel's TX batch (32 frames): call again until the ring is taken,
	 * or the kernel says "later" (completion ring full, device busy).
	 */
	for (int calls = 0; calls < TX_KICKS_MAX; calls++) {
		if (!s->tx_outstanding || !xsk_ring_prod__needs_wakeup(&s->tx) || !tx_unconsumed(s))
			return;
		if (sendto(s->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 && errno != EINTR) {
			/* EAGAIN, EBUSY, ENOBUFS: "later"; anything else the caller may judge. */
			if (errno != EAGAIN && errno != EBUSY && errno != ENOBUFS)
				s->tx_errno = errno;
			return;
		}
	}
}

void xsk_sock_kick_rx(struct xsk_sock *s)
{
	if (xsk_ring_prod__needs_wakeup(&s->fill))
		recvfrom(s->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
}

int xsk_sock_stats(const struct xsk_sock *s, struct xdp_statistics *st)
{
	socklen_t len = sizeof(*st);

	memset(st, 0, sizeof(*st));
	if (s->fd < 0)
		return -EBADF;
	if (getsockopt(s->fd, SOL_XDP, XDP_STATISTICS, st, &len))
		return -errno;
	return 0;
}

void xsk_set_stats(struct xsk_set *set, struct xdp_statistics *sum)
{
	struct xdp_statistics one;

	memset(sum, 0, sizeof(*sum));
	for (unsigned int i = 0; i < set->nsocks; i++)
		if (!xsk_sock_stats(&set->socks[i], &one))
			counters_add(sum, &one, sizeof(one));
}

int xsk_set_prog_counters(const struct xsk_set *set, unsigned int port, uint64_t *redirected,
			  uint64_t *passed)
{
	const struct port *p = &set->ports[port];
	int ncpus = libbpf_num_possible_cpus(), fd;
	struct queue_counters *vals;
	uint32_t q;

	*redirected = *passed = 0;
	if (!p->prog || ncpus <= 0)
		return -ENOENT;
	vals = calloc((size_t)ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	fd = bpf_map__fd(p->prog->maps.counters);
	for (q = 0; q < XSKNS_MAX_QUEUES; q++) {
		if (bpf_map_lookup_elem(fd, &q, vals))
			continue;
		for (int c = 0; c < ncpus; c++) {
			*redirected += vals[c].redirected;
			*passed += vals[c].passed;
		}
	}
	free(vals);
	return 0;
}

uint64_t xsk_set_pool_overflows(const struct xsk_set *set)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < set->numems; i++)
		n += set->umems[i].pool.overflows;
	return n;
}

int xsk_set_check_pools(const struct xsk_set *set)
{
	uint64_t n = set ? xsk_set_pool_overflows(set) : 0;

	if (!n)
		return 0;
	pr_warn("%llu frames came back to a full UMEM pool (a completion seen twice?): "
		"the counts are not to be trusted\n",
		(unsigned long long)n);
	return -EOVERFLOW;
}

void xsk_set_ledger_fault(struct xsk_set *set, enum ledger_fault f)
{
	for (unsigned int i = 0; i < set->numems; i++) {
		set->umems[i].fault = f;
		set->umems[i].faults_left = f ? LEDGER_FAULT_MAX : 0;
	}
}

unsigned int xsk_set_numems(const struct xsk_set *set)
{
	return set->numems;
}

const struct umem_ledger *xsk_set_ledger(const struct xsk_set *set, unsigned int umem)
{
	const struct umem_ledger *l = &set->umems[umem].ledger;

	return l->frame ? l : NULL;
}

/* The entries between a ring's consumer and producer (its size at most): still on the ring. */
static void ledger_ring_entries(struct umem_ledger *l, struct xsk_sock *s, enum ledger_ring ring,
				uint32_t *prod, uint32_t *cons, uint32_t size)
{
	uint32_t idx = __atomic_load_n(cons, __ATOMIC_ACQUIRE);
	uint32_t n = __atomic_load_n(prod, __ATOMIC_ACQUIRE) - idx;
	uint64_t addr;

	for (n = n < size ? n : size; n--; idx++) {
		if (ring == LEDGER_RING_FILL)
			addr = *xsk_ring_prod__fill_addr(&s->fill, idx);
		else if (ring == LEDGER_RING_TX)
			addr = xsk_ring_prod__tx_desc(&s->tx, idx)->addr;
		else
			addr = *xsk_ring_cons__comp_addr(&s->comp, idx);
		umem_ledger_on_ring(l, s->index, ring, addr);
	}
}

void xsk_set_ledger_settle(struct xsk_set *set)
{
	unsigned int i;

	for (i = 0; i < set->numems; i++)
		if (set->umems[i].ledger.frame)
			umem_ledger_settle(&set->umems[i].ledger);
	for (i = 0; i < set->nsocks; i++) {
		struct xsk_sock *s = &set->socks[i];
		struct umem_ledger *l = &s->umem->ledger;

		if (!l->frame || !s->xsk)
			continue;
		if (s->fill.ring)
			ledger_ring_entries(l, s, LEDGER_RING_FILL, s->fill.producer,
					    s->fill.consumer, s->fill.size);
		if (s->tx.ring)
			ledger_ring_entries(l, s, LEDGER_RING_TX, s->tx.producer, s->tx.consumer,
					    s->tx.size);
		if (s->comp.ring)
			ledger_ring_entries(l, s, LEDGER_RING_COMP, s->comp.producer,
					    s->comp.consumer, s->comp.size);
	}
}

uint64_t xsk_set_rx_pending(struct xsk_set *set)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < set->nsocks; i++) {
		struct xsk_sock *s = &set->socks[i];

		if (s->xsk && s->rx.ring)
			n += xsk_cons_nb_avail(&s->rx, set->cfg.ring_size);
	}
	return n;
}

uint64_t xsk_set_tx_outstanding(struct xsk_set *set)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < set->nsocks; i++)
		n += set->socks[i].tx_outstanding;
	return n;
}

static void put_frame(uint64_t addr, void *pool)
{
	pool_put(pool, addr);
}

void xsk_set_close_sock(struct xsk_set *set, unsigned int i, uint64_t *frames_back)
{
	struct xsk_sock *s = &set->socks[i];
	struct port *p = &set->ports[s->port];

	*frames_back = 0;
	if (!s->xsk)
		return;
	/* The map holds the socket too: out of it, the close is the last reference. */
	if (p->prog)
		bpf_map_delete_elem(bpf_map__fd(p->prog->maps.xsks), &s->queue);
	if (s->umem->ledger.frame)
		*frames_back =
		    umem_ledger_release_sock(&s->umem->ledger, s->index, put_frame, &s->umem->pool);
	xsk_socket__delete(s->xsk);
	s->xsk = NULL;
	s->fd = -1;
	s->tx_outstanding = 0;
	memset(&s->rx, 0, sizeof(s->rx));
	memset(&s->tx, 0, sizeof(s->tx));
	memset(&s->fill, 0, sizeof(s->fill));
	memset(&s->comp, 0, sizeof(s->comp));
}

static unsigned int port_first_sock(const struct xsk_set *set, unsigned int port)
{
	unsigned int first = 0;

	for (unsigned int i = 0; i < port; i++)
		first += set->specs.v[i].queues;
	return first;
}

void xsk_set_release_port(struct xsk_set *set, unsigned int port, uint64_t *frames_back)
{
	struct port *p = &set->ports[port];
	unsigned int first = port_first_sock(set, port);
	uint64_t back;

	*frames_back = 0;
	for (unsigned int i = first; i < first + set->specs.v[port].queues; i++) {
		xsk_set_close_sock(set, i, &back);
		*frames_back += back;
	}
	port_detach(p);
}

int xsk_set_reopen_port(struct xsk_set *set, unsigned int port)
{
	struct port_job job = {.set = set, .p = &set->ports[port]};
	int err;

	set->first_err = 0;
	set->error[0] = '\0';
	err = port_setup(set, job.p);
	if (err)
		return err;
	job.first = port_first_sock(set, port);
	job.n = set->specs.v[port].queues;
	job.umem_socks = set->nsocks;
	err = netns_call_fd(job.p->nsfd, port_sockets_here, &job);
	return err ? err : set->first_err;
}
