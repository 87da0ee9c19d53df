// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * xsk_comp_anomaly: a standalone reproducer for AF_XDP COMPLETION rings that
 * return frames that were not on TX (copy mode, veth). Raw AF_XDP and bpf()
 * syscalls only, no libxdp or libbpf, so neither library is involved.
 *
 * Layout (as the harness's colliding-ifindex with the forwarder's ports in one
 * namespace): a generator sends stamped frames out of g0 (namespace gen) into
 * the forwarder's port 0 ("outer", ifindex 4242); the forwarder receives on
 * port 0 and sends each frame unchanged out of port 1 ("inner") with one UMEM
 * shared by both sockets; a receiver on s0 (namespace sink) checks that no
 * frame arrives twice. Every UMEM frame of every socket has an owner in a
 * ledger (the application, a FILL ring, a TX ring); each descriptor the kernel
 * hands back is checked against it.
 *
 * What it settled (docs/completion-anomaly.md): the anomaly seen with
 * tests/fwd/minifwd.c was the application's. Its ring structs lived
 * uninitialized on the stack, and libxdp never sets a FILL ring's cached
 * producer index: FILL entries were written to slots other than the ones
 * published, so the kernel took frames from stale slots. --fill-skew N does the
 * same on purpose and produces the same violations; with correct ring handling
 * no violation has been seen here. --fwd-only IF0 IF1 runs the forwarder alone,
 * as a command forwarder for `xskns run`.
 *
 * The namespaces have no name: only this process's descriptors hold them, so
 * the kernel removes them, their veths and XDP programs whenever it exits,
 * whatever the path (normal end, SIGINT/SIGTERM, a crash, SIGKILL).
 *
 * Exit status: 0 clean, 1 anomaly (a ledger violation or a frame delivered
 * twice), 2 setup error, bad option, no frame forwarded or interrupted.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SOL_XDP
#define SOL_XDP 283
#endif
#ifndef AF_XDP
#define AF_XDP 44
#endif

#define EXIT_CLEAN   0
#define EXIT_ANOMALY 1
#define EXIT_SETUP   2

#define OUTER_INDEX   4242
#define GEN_SINK_IDX  100
#define FRAME_LEN     64
#define MAGIC	      0x78636f6du /* "xcom" */
#define PAYLOAD_OFF   42	  /* Ethernet + IPv4 + UDP */
#define PEER_FRAMES   4096	  /* the generator's and the receiver's own UMEMs */
#define IDLE_STOP_MS  50	  /* the forwarder stops once nothing came for this long */
#define DRAIN_MAX_MS  3000	  /* and after this at the latest */
#define SEQ_BITS      (1u << 28)  /* frames the duplicate check covers */
#define KICK_LOOP_MAX 16

/* Who owns a UMEM frame, from the application's point of view. */
enum owner { O_FREE, O_APP, O_FILL0, O_FILL1, O_TX0, O_TX1, O_KINDS };
static const char *const owner_names[O_KINDS] = {"free (application)", "held by the application",
						 "on FILL of port 0",  "on FILL of port 1",
						 "on TX of port 0",    "on TX of port 1"};

enum ring_kind { R_RX, R_COMP, R_KINDS };
static const char *const ring_names[R_KINDS] = {"RX", "COMPLETION"};

enum kick_mode { KICK_NEED, KICK_ALWAYS, KICK_LOOP, KICK_POLL };
static const char *const kick_names[] = {"need", "always", "loop", "poll", NULL};

struct opts {
	double duration;
	uint32_t ring, frames, frame_size, comp_batch, rx_batch, fill_level, port1_fill;
	bool need_wakeup, port1_rx, separate_umem, one_device, backpressure, idle_poll;
	bool split_netns, skb_mode, stop_at_first, verbose, ipv6;
	const char *fwd_cmd, *fwd_only[2]; /* --fwd-only IF0 IF1 */
	enum kick_mode kick;
	int cpu_fwd, cpu_gen, cpu_sink;
	uint32_t misuse_every, fake_comp_every, fill_skew;
};

static struct opts o = {
    .duration = 2,
    .ring = 2048,
    .frames = 8192,
    .frame_size = 2048,
    .comp_batch = 64,
    .rx_batch = 64,
    .fill_level = 0, /* 0: the ring's size */
    .need_wakeup = true,
    .idle_poll = true,
    .kick = KICK_NEED,
    .cpu_fwd = -1,
    .cpu_gen = -1,
    .cpu_sink = -1,
};

static volatile sig_atomic_t interrupted;
static volatile int stop_gen, gen_done, fwd_done;

struct ring {
	uint32_t *producer, *consumer, *flags;
	void *desc;
	uint32_t size, mask, cached_prod, cached_cons;
	void *map;
	size_t map_len;
};

struct umem {
	uint8_t *area;
	uint32_t frame_size, nframes;
	uint8_t *owner;
	uint64_t *free;
	uint32_t nfree;
	uint64_t completions, receptions; /* of all its sockets */
};

struct xsk {
	const char *name; /* for messages: "fwd port 1" */
	int fd, port;	  /* port: which FILL and TX owner codes apply */
	struct ring rx, tx, fill, comp;
	struct umem *umem;
	bool has_rx, has_tx;
	uint32_t fill_skew; /* --fill-skew: FILL entries written this far from where they are
			       published */
	uint64_t completions, receptions, sent;
};

static struct umem gen_umem, sink_umem, fwd_umem[2];

/* The ledger's findings, shared by the threads. */
static pthread_mutex_t viol_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t viol[R_KINDS][O_KINDS], viol_total, misuses, fakes;
static bool first_printed;
static struct timespec t_start;

static double elapsed(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t_start.tv_sec) + (double)(t.tv_nsec - t_start.tv_nsec) / 1e9;
}

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static void die_setup(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die_setup(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xsk_comp_anomaly: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_SETUP);
}

/* ---- rings: one producer or one consumer per ring, this process ---- */

static uint32_t prod_reserve(struct ring *r, uint32_t want)
{
	uint32_t cons = __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE);
	uint32_t room = r->size - (r->cached_prod - cons);

	return want < room ? want : room;
}

static void prod_submit(struct ring *r, uint32_t n)
{
	r->cached_prod += n;
	__atomic_store_n(r->producer, r->cached_prod, __ATOMIC_RELEASE);
}

static uint32_t prod_queued(const struct ring *r)
{
	return r->cached_prod - __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE);
}

static uint32_t cons_peek(struct ring *r, uint32_t max)
{
	uint32_t avail = __atomic_load_n(r->producer, __ATOMIC_ACQUIRE) - r->cached_cons;

	return avail < max ? avail : max;
}

static void cons_release(struct ring *r, uint32_t n)
{
	r->cached_cons += n;
	__atomic_store_n(r->consumer, r->cached_cons, __ATOMIC_RELEASE);
}

static uint64_t *addr_slot(struct ring *r, uint32_t i)
{
	return &((uint64_t *)r->desc)[i & r->mask];
}

static struct xdp_desc *desc_slot(struct ring *r, uint32_t i)
{
	return &((struct xdp_desc *)r->desc)[i & r->mask];
}

static bool needs_wakeup(const struct ring *r)
{
	return __atomic_load_n(r->flags, __ATOMIC_RELAXED) & XDP_RING_NEED_WAKEUP;
}

/* ---- the ledger ---- */

static enum owner fill_of(const struct xsk *x)
{
	return x->port ? O_FILL1 : O_FILL0;
}

static enum owner tx_of(const struct xsk *x)
{
	return x->port ? O_TX1 : O_TX0;
}

/* The frame index of an address, or -1 when it is outside the UMEM. */
static long frame_of(const struct umem *u, uint64_t addr)
{
	uint64_t f = addr / u->frame_size;

	return f < u->nframes ? (long)f : -1;
}

static void violation(struct xsk *x, enum ring_kind ring, uint64_t addr, enum owner was)
{
	pthread_mutex_lock(&viol_lock);
	viol[ring][was]++;
	viol_total++;
	if (!first_printed) {
		first_printed = true;
		fprintf(stderr,
			"first violation at %.3f s: %s, %s ring, addr 0x%" PRIx64 " (frame %" PRIu64
			"): the frame was %s; before it %" PRIu64 " completions and %" PRIu64
			" receptions on this socket, %" PRIu64 " and %" PRIu64
			" on its UMEM, %" PRIu64 " frames sent\n",
			elapsed(), x->name, ring_names[ring], addr, addr / x->umem->frame_size,
			owner_names[was], x->completions, x->receptions, x->umem->completions,
			x->umem->receptions, x->sent);
	}
	pthread_mutex_unlock(&viol_lock);
	if (o.stop_at_first)
		stop_gen = 1;
}

/*
 * The kernel completed addr on x: it must have been on x's TX ring. The frame
 * goes back to the free list (once, even when the kernel says so twice).
 */
static void on_completion(struct xsk *x, uint64_t addr)
{
	struct umem *u = x->umem;
	long f = frame_of(u, addr);

	if (f < 0) {
		violation(x, R_COMP, addr, O_FREE);
		return;
	}
	if (u->owner[f] != tx_of(x))
		violation(x, R_COMP, addr, u->owner[f]);
	x->completions++;
	u->completions++;
	if (u->owner[f] == O_FREE)
		return;
	u->owner[f] = O_FREE;
	u->free[u->nfree++] = (uint64_t)f * u->frame_size;
}

/* The kernel received into addr on x: it must have been on x's FILL ring. */
static bool on_reception(struct xsk *x, uint64_t addr)
{
	struct umem *u = x->umem;
	long f = frame_of(u, addr);

	if (f < 0) {
		violation(x, R_RX, addr, O_FREE);
		return false;
	}
	if (u->owner[f] != fill_of(x)) {
		violation(x, R_RX, addr, u->owner[f]);
		if (u->owner[f] == O_FREE) /* take it out of the free list: it is ours now */
			for (uint32_t i = 0; i < u->nfree; i++)
				if (u->free[i] / u->frame_size == (uint64_t)f) {
					u->free[i] = u->free[--u->nfree];
					break;
				}
	}
	x->receptions++;
	u->receptions++;
	u->owner[f] = O_APP;
	return true;
}

static uint64_t take_free(struct umem *u, enum owner to)
{
	uint64_t addr = u->free[--u->nfree];

	u->owner[addr / u->frame_size] = (uint8_t)to;
	return addr;
}

static void give_back(struct umem *u, uint64_t addr)
{
	uint64_t f = addr / u->frame_size;

	u->owner[f] = O_FREE;
	u->free[u->nfree++] = f * u->frame_size;
}

/* ---- AF_XDP sockets ---- */

static void map_ring(struct xsk *x, struct ring *r, const struct xdp_ring_offset *off, off_t pgoff,
		     size_t desc_size, uint32_t size)
{
	r->map_len = off->desc + (size_t)size * desc_size;
	r->map =
	    mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, x->fd, pgoff);
	if (r->map == MAP_FAILED)
		die_setup("%s: mmap of a ring: %s", x->name, strerror(errno));
	r->producer = (uint32_t *)((char *)r->map + off->producer);
	r->consumer = (uint32_t *)((char *)r->map + off->consumer);
	r->flags = (uint32_t *)((char *)r->map + off->flags);
	r->desc = (char *)r->map + off->desc;
	r->size = size;
	r->mask = size - 1;
	/* A producer starts with the whole ring free, a consumer with nothing. */
	r->cached_prod = *r->producer;
	r->cached_cons = *r->consumer;
}

static void set_ring(struct xsk *x, int opt, uint32_t size, const char *what)
{
	if (setsockopt(x->fd, SOL_XDP, opt, &size, sizeof(size)))
		die_setup("%s: %s ring of %u: %s", x->name, what, size, strerror(errno));
}

/*
 * One socket bound to queue 0 of ifindex in the current namespace. owner_fd
 * >= 0: share that socket's UMEM (its own FILL and COMPLETION rings, as for
 * another device); else register u as its own UMEM.
 */
static void xsk_open(struct xsk *x, struct umem *u, int ifindex, int owner_fd)
{
	struct xdp_mmap_offsets off;
	socklen_t len = sizeof(off);
	struct sockaddr_xdp sxdp = {.sxdp_family = AF_XDP, .sxdp_ifindex = (uint32_t)ifindex};
	uint32_t fill_size = o.ring;

	x->umem = u;
	x->fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (x->fd < 0)
		die_setup("%s: socket(AF_XDP): %s", x->name, strerror(errno));
	if (owner_fd < 0) {
		struct xdp_umem_reg mr = {.addr = (uintptr_t)u->area,
					  .len = (uint64_t)u->nframes * u->frame_size,
					  .chunk_size = u->frame_size};

		if (setsockopt(x->fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)))
			die_setup("%s: XDP_UMEM_REG of %u frames of %u: %s", x->name, u->nframes,
				  u->frame_size, strerror(errno));
	}
	set_ring(x, XDP_UMEM_FILL_RING, fill_size, "FILL");
	set_ring(x, XDP_UMEM_COMPLETION_RING, o.ring, "COMPLETION");
	if (x->has_rx)
		set_ring(x, XDP_RX_RING, o.ring, "RX");
	if (x->has_tx)
		set_ring(x, XDP_TX_RING, o.ring, "TX");
	if (getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &len))
		die_setup("%s: XDP_MMAP_OFFSETS: %s", x->name, strerror(errno));
	map_ring(x, &x->fill, &off.fr, XDP_UMEM_PGOFF_FILL_RING, sizeof(uint64_t), fill_size);
	map_ring(x, &x->comp, &off.cr, XDP_UMEM_PGOFF_COMPLETION_RING, sizeof(uint64_t), o.ring);
	if (x->has_rx)
		map_ring(x, &x->rx, &off.rx, XDP_PGOFF_RX_RING, sizeof(struct xdp_desc), o.ring);
	if (x->has_tx)
		map_ring(x, &x->tx, &off.tx, XDP_PGOFF_TX_RING, sizeof(struct xdp_desc), o.ring);
	if (owner_fd >= 0) {
		sxdp.sxdp_flags = XDP_SHARED_UMEM;
		sxdp.sxdp_shared_umem_fd = (uint32_t)owner_fd;
	} else {
		sxdp.sxdp_flags = XDP_COPY | (o.need_wakeup ? XDP_USE_NEED_WAKEUP : 0);
	}
	if (bind(x->fd, (struct sockaddr *)&sxdp, sizeof(sxdp)))
		die_setup("%s: bind to ifindex %d queue 0%s: %s", x->name, ifindex,
			  owner_fd >= 0 ? " (shared UMEM)" : "", strerror(errno));
}

static void umem_init(struct umem *u, uint32_t nframes, uint32_t frame_size)
{
	u->nframes = nframes;
	u->frame_size = frame_size;
	u->area = mmap(NULL, (size_t)nframes * frame_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	u->owner = calloc(nframes, 1);
	u->free = calloc(nframes, sizeof(*u->free));
	if (u->area == MAP_FAILED || !u->owner || !u->free)
		die_setup("UMEM of %u frames of %u: out of memory", nframes, frame_size);
	for (uint32_t i = nframes; i-- > 0;)
		u->free[u->nfree++] = (uint64_t)i * frame_size;
}

/* Put frames from the free list on x's FILL ring until it holds level. */
static void refill(struct xsk *x, uint32_t level)
{
	uint32_t queued = prod_queued(&x->fill), n;

	/*
	 * --fill-skew: what a garbage cached producer index does in libxdp's
	 * helpers. The free space computed from it is garbage too (here: all
	 * free frames fit), and entries go N slots away from the ones published.
	 */
	if (x->fill_skew)
		queued = 0;
	if (queued >= level)
		return;
	n = level - queued;
	n = n < x->umem->nfree ? n : x->umem->nfree;
	if (!x->fill_skew)
		n = prod_reserve(&x->fill, n);
	for (uint32_t i = 0; i < n; i++)
		*addr_slot(&x->fill, x->fill.cached_prod + x->fill_skew + i) =
		    take_free(x->umem, fill_of(x));
	prod_submit(&x->fill, n);
}

/* Take up to max completions; with --fake-comp a frame on FILL is "completed" too. */
static uint32_t complete(struct xsk *x, uint32_t max)
{
	static uint64_t passes;
	uint32_t n = cons_peek(&x->comp, max);

	for (uint32_t i = 0; i < n; i++)
		on_completion(x, *addr_slot(&x->comp, x->comp.cached_cons + i));
	cons_release(&x->comp, n);
	if (o.fake_comp_every && n && x->umem == &fwd_umem[0] &&
	    ++passes % o.fake_comp_every == 0) {
		for (uint32_t f = 0; f < x->umem->nframes; f++)
			if (x->umem->owner[f] == O_FILL0) {
				fakes++;
				on_completion(x, (uint64_t)f * x->umem->frame_size);
				break;
			}
	}
	return n;
}

/* Copy mode transmits only inside a syscall: when and how often is the --kick knob. */
static void kick(struct xsk *x)
{
	switch (o.kick) {
	case KICK_NEED:
		if (!o.need_wakeup || needs_wakeup(&x->tx))
			sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
		break;
	case KICK_ALWAYS:
		sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
		break;
	case KICK_LOOP:
		for (int i = 0; i < KICK_LOOP_MAX && prod_queued(&x->tx); i++)
			if (sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 && errno != EINTR)
				break;
		break;
	case KICK_POLL: {
		struct pollfd p = {.fd = x->fd, .events = POLLOUT};

		poll(&p, 1, 0);
		break;
	}
	}
}

/* ---- BPF: an XDP program that redirects everything to XSKMAP[0] ---- */

static int sys_bpf(int cmd, union bpf_attr *a)
{
	return (int)syscall(__NR_bpf, cmd, a, sizeof(*a));
}

static int xskmap_create(void)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_XSKMAP;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 1;
	return sys_bpf(BPF_MAP_CREATE, &a);
}

static int xdp_prog_load(int map_fd)
{
	/* r1 = map; r2 = 0; r3 = XDP_PASS (no socket yet); return bpf_redirect_map(r1, r2, r3) */
	struct bpf_insn insns[] = {
	    {.code = BPF_LD | BPF_DW | BPF_IMM,
	     .dst_reg = BPF_REG_1,
	     .src_reg = BPF_PSEUDO_MAP_FD,
	     .imm = map_fd},
	    {.code = 0},
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = 0},
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = XDP_PASS},
	    {.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_redirect_map},
	    {.code = BPF_JMP | BPF_EXIT},
	};
	static char log[4096];
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_XDP;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	a.license = (uintptr_t) "GPL";
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0)
		die_setup("loading the XDP program: %s\n%s", strerror(errno), log);
	return fd;
}

/* The socket's XDP program on ifindex (current namespace); the link goes with the process. */
static void xdp_attach(struct xsk *x, int ifindex)
{
	int map_fd = xskmap_create(), prog_fd, link_fd;
	uint32_t key = 0, val;
	union bpf_attr a;

	if (map_fd < 0)
		die_setup("%s: XSKMAP: %s", x->name, strerror(errno));
	prog_fd = xdp_prog_load(map_fd);
	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = (uint32_t)prog_fd;
	a.link_create.target_ifindex = (uint32_t)ifindex;
	a.link_create.attach_type = BPF_XDP;
	a.link_create.flags = o.skb_mode ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	link_fd = sys_bpf(BPF_LINK_CREATE, &a);
	if (link_fd < 0)
		die_setup("%s: attaching XDP (%s mode) to ifindex %d: %s", x->name,
			  o.skb_mode ? "skb" : "native", ifindex, strerror(errno));
	val = (uint32_t)x->fd;
	memset(&a, 0, sizeof(a));
	a.map_fd = (uint32_t)map_fd;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&val;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &a))
		die_setup("%s: XSKMAP update: %s", x->name, strerror(errno));
}

/* ---- namespaces and veths, through rtnetlink ---- */

static int orig_ns, ns_fwd;
static unsigned long ns_inodes[4]; /* shown with -v: what must be gone after exit */
static unsigned int ns_count;

static int netns_new(void)
{
	struct stat st;
	int fd;

	if (unshare(CLONE_NEWNET))
		die_setup("unshare(CLONE_NEWNET): %s", strerror(errno));
	fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		die_setup("/proc/thread-self/ns/net: %s", strerror(errno));
	ns_inodes[ns_count++] = (unsigned long)st.st_ino;
	/* No IPv6 autoconfiguration traffic on the veths made here. */
	int s = o.ipv6 ? -1
		       : open("/proc/sys/net/ipv6/conf/default/disable_ipv6", O_WRONLY | O_CLOEXEC);

	if (s >= 0) {
		if (write(s, "1", 1) != 1)
			fprintf(stderr, "xsk_comp_anomaly: disable_ipv6: %s\n", strerror(errno));
		close(s);
	}
	if (setns(orig_ns, CLONE_NEWNET))
		die_setup("setns back: %s", strerror(errno));
	return fd;
}

static void netns_enter(int fd)
{
	if (setns(fd, CLONE_NEWNET))
		die_setup("setns: %s", strerror(errno));
}

struct nlbuf {
	struct nlmsghdr n;
	struct ifinfomsg i;
	char buf[1024];
};

static struct rtattr *nl_add(struct nlmsghdr *n, unsigned short type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

static void nl_end(struct nlmsghdr *n, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)n + NLMSG_ALIGN(n->nlmsg_len) - (char *)nest);
}

/*
 * A veth pair made in the current namespace: dev (index idx, 0 for the
 * kernel's) stays, peer (peer_idx) goes to peer_ns. Both are set up later.
 */
static void veth_add(const char *dev, int idx, const char *peer, int peer_idx, int peer_ns)
{
	struct nlbuf req;
	struct rtattr *linkinfo, *data, *peerinfo;
	struct ifinfomsg pi = {.ifi_family = AF_UNSPEC, .ifi_index = peer_idx};
	struct {
		struct nlmsghdr n;
		struct nlmsgerr e;
	} ack;
	uint32_t nsfd = (uint32_t)peer_ns;
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (s < 0)
		die_setup("netlink: %s", strerror(errno));
	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_type = RTM_NEWLINK;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	req.i.ifi_family = AF_UNSPEC;
	req.i.ifi_index = idx;
	nl_add(&req.n, IFLA_IFNAME, dev, strlen(dev) + 1);
	linkinfo = nl_add(&req.n, IFLA_LINKINFO, NULL, 0);
	nl_add(&req.n, IFLA_INFO_KIND, "veth", 4);
	data = nl_add(&req.n, IFLA_INFO_DATA, NULL, 0);
	peerinfo = nl_add(&req.n, VETH_INFO_PEER, &pi, sizeof(pi));
	nl_add(&req.n, IFLA_IFNAME, peer, strlen(peer) + 1);
	nl_add(&req.n, IFLA_NET_NS_FD, &nsfd, sizeof(nsfd));
	nl_end(&req.n, peerinfo);
	nl_end(&req.n, data);
	nl_end(&req.n, linkinfo);
	if (send(s, &req, req.n.nlmsg_len, 0) < 0 || recv(s, &ack, sizeof(ack), 0) < 0)
		die_setup("netlink: veth %s/%s: %s", dev, peer, strerror(errno));
	close(s);
	if (ack.n.nlmsg_type == NLMSG_ERROR && ack.e.error)
		die_setup("creating veth %s (index %d) <-> %s (index %d): %s", dev, idx, peer,
			  peer_idx, strerror(-ack.e.error));
}

/* Set dev up in the current namespace; returns its ifindex. */
static int link_up(const char *dev)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr))
		die_setup("%s: %s", dev, strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) || ioctl(s, SIOCGIFINDEX, &ifr))
		die_setup("%s up: %s", dev, strerror(errno));
	close(s);
	return ifr.ifr_ifindex;
}

/* ---- the three parties ---- */

static struct xsk gen = {.name = "generator", .has_tx = true};
static struct xsk sink = {.name = "receiver", .has_rx = true};
static struct xsk fwd[2] = {{.name = "fwd port 0", .port = 0, .has_rx = true, .has_tx = true},
			    {.name = "fwd port 1", .port = 1, .has_tx = true}};
static uint64_t sink_frames, sink_dups, sink_foreign, gen_seq, fwd_rx, fwd_tx, fwd_copy_drops;
static uint8_t *seen;

static void pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set))
		fprintf(stderr, "xsk_comp_anomaly: cannot pin to CPU %d\n", cpu);
}

/* A UDP/IPv4 frame once per UMEM frame; a send only writes the sequence number. */
static void frame_template(uint8_t *p)
{
	static const uint8_t hdr[PAYLOAD_OFF] = {
	    0x02, 0,	0,    0,    0, 0x02, 0x02, 0, 0,  0,  0, 0x01, 0x08, 0x00, /* Ethernet */
	    0x45, 0,	0,    50,   0, 0,    0,	   0, 64, 17, 0, 0,    198,  18,
	    0,	  1,	198,  18,   0, 2, /* IPv4 */
	    0x30, 0x39, 0x30, 0x39, 0, 30,   0,	   0 /* UDP */};
	uint32_t magic = MAGIC;

	memcpy(p, hdr, sizeof(hdr));
	memcpy(p + PAYLOAD_OFF, &magic, sizeof(magic));
}

static void *gen_thread(void *arg)
{
	struct umem *u = &gen_umem;

	(void)arg;
	pin(o.cpu_gen);
	for (uint32_t i = 0; i < u->nframes; i++)
		frame_template(u->area + (size_t)i * u->frame_size);
	while (!stop_gen && !interrupted) {
		uint32_t n;

		complete(&gen, o.ring);
		n = prod_reserve(&gen.tx, u->nfree < o.rx_batch ? u->nfree : o.rx_batch);
		for (uint32_t i = 0; i < n; i++) {
			struct xdp_desc *d = desc_slot(&gen.tx, gen.tx.cached_prod + i);
			uint64_t addr = take_free(u, O_TX0), seq = gen_seq++;

			memcpy(u->area + addr + PAYLOAD_OFF + 4, &seq, sizeof(seq));
			d->addr = addr;
			d->len = FRAME_LEN;
			d->options = 0;
		}
		prod_submit(&gen.tx, n);
		gen.sent += n;
		sendto(gen.fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
	}
	/* What is still on TX goes out and comes back, for up to a second. */
	for (uint64_t end = now_ms() + 1000; u->nfree < u->nframes && now_ms() < end;) {
		sendto(gen.fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
		complete(&gen, o.ring);
	}
	gen_done = 1;
	return NULL;
}

static void sink_check(const uint8_t *p, uint32_t len)
{
	uint32_t magic;
	uint64_t seq;

	memcpy(&magic, p + PAYLOAD_OFF, sizeof(magic));
	memcpy(&seq, p + PAYLOAD_OFF + 4, sizeof(seq));
	if (len != FRAME_LEN || magic != MAGIC) {
		sink_foreign++;
		return;
	}
	sink_frames++;
	if (seq >= SEQ_BITS)
		return;
	if (seen[seq / 8] & (1u << (seq % 8)))
		sink_dups++;
	seen[seq / 8] |= (uint8_t)(1u << (seq % 8));
}

static void *sink_thread(void *arg)
{
	struct umem *u = &sink_umem;
	uint64_t idle_since = 0;

	(void)arg;
	pin(o.cpu_sink);
	refill(&sink, o.ring);
	while (!interrupted) {
		uint32_t n = cons_peek(&sink.rx, o.rx_batch);

		for (uint32_t i = 0; i < n; i++) {
			const struct xdp_desc *d = desc_slot(&sink.rx, sink.rx.cached_cons + i);

			if (on_reception(&sink, d->addr)) {
				sink_check(u->area + d->addr, d->len);
				give_back(u, d->addr);
			}
		}
		cons_release(&sink.rx, n);
		refill(&sink, o.ring);
		if (n) {
			idle_since = 0;
			continue;
		}
		if (fwd_done) {
			if (!idle_since)
				idle_since = now_ms();
			else if (now_ms() - idle_since > IDLE_STOP_MS)
				break;
		}
		struct pollfd p = {.fd = sink.fd, .events = POLLIN};

		poll(&p, 1, 1);
	}
	return NULL;
}

/*
 * Frames received on port 1 (with --port1-rx: whatever reaches it, none of
 * ours) go back to the free list: port 1 only ever needs to send.
 */
static void port1_rx_drain(struct xsk *x)
{
	uint32_t n = cons_peek(&x->rx, o.rx_batch);

	for (uint32_t i = 0; i < n; i++) {
		uint64_t addr = desc_slot(&x->rx, x->rx.cached_cons + i)->addr;

		if (on_reception(x, addr))
			give_back(x->umem, addr);
	}
	cons_release(&x->rx, n);
}

/*
 * One pass of the forwarder: completions, FILL, then up to rx_batch frames
 * from port 0's RX to out's TX. Returns the frames moved.
 */
static uint32_t fwd_pass(struct xsk *in, struct xsk *out, uint64_t *seen_frames)
{
	uint32_t n, want, got, moved = 0;

	complete(out, o.comp_batch);
	if (o.comp_batch >= o.ring && in != out)
		complete(in, o.comp_batch);
	refill(in, o.fill_level);
	if (o.port1_fill && in != out)
		refill(out, o.port1_fill);
	if (o.port1_rx && in != out)
		port1_rx_drain(out);
	want = o.rx_batch;
	if (o.backpressure) { /* never take more than out's TX ring has room for */
		uint32_t room = prod_reserve(&out->tx, want);

		want = room < want ? room : want;
	}
	n = cons_peek(&in->rx, want);
	if (!n) {
		kick(out);
		return 0;
	}
	/* minifwd's way: spin until TX has room for the whole batch */
	while ((got = prod_reserve(&out->tx, n)) != n) {
		kick(out);
		complete(out, o.comp_batch);
		if (interrupted)
			return 0;
	}
	for (uint32_t i = 0; i < n; i++) {
		const struct xdp_desc *d = desc_slot(&in->rx, in->rx.cached_cons + i);
		uint64_t addr = d->addr;

		if (!on_reception(in, addr))
			continue;
		if (out->umem != in->umem) { /* separate UMEMs: a copy in a frame of out's */
			if (!out->umem->nfree) {
				give_back(in->umem, addr);
				fwd_copy_drops++;
				continue;
			}
			uint64_t to = take_free(out->umem, O_APP);

			memcpy(out->umem->area + to, in->umem->area + addr, d->len);
			give_back(in->umem, addr);
			addr = to;
		}
		struct xdp_desc *t = desc_slot(&out->tx, out->tx.cached_prod + moved++);

		t->addr = addr;
		t->len = d->len;
		t->options = 0;
		out->umem->owner[addr / out->umem->frame_size] = (uint8_t)tx_of(out);
		/* --misuse: the same frame also on FILL before its completion came back */
		if (o.misuse_every && ++*seen_frames % o.misuse_every == 0 &&
		    out->umem == in->umem && prod_reserve(&in->fill, 1)) {
			*addr_slot(&in->fill, in->fill.cached_prod) =
			    addr & ~(uint64_t)(o.frame_size - 1);
			prod_submit(&in->fill, 1);
			in->umem->owner[addr / in->umem->frame_size] = (uint8_t)fill_of(in);
			misuses++;
		}
	}
	cons_release(&in->rx, n);
	prod_submit(&out->tx, moved);
	out->sent += moved;
	fwd_rx += n;
	fwd_tx += moved;
	kick(out);
	return n;
}

static void fwd_loop(void)
{
	struct xsk *in = &fwd[0], *out = o.one_device ? &fwd[0] : &fwd[1];
	uint64_t idle_since = 0, drain_end = 0, misuse_count = 0;

	pin(o.cpu_fwd);
	for (;;) {
		uint32_t moved = fwd_pass(in, out, &misuse_count);

		if (interrupted)
			break;
		if (gen_done && !drain_end)
			drain_end = now_ms() + DRAIN_MAX_MS;
		if (moved) {
			idle_since = 0;
			continue;
		}
		if (drain_end) {
			if (!idle_since)
				idle_since = now_ms();
			else if (now_ms() - idle_since > IDLE_STOP_MS || now_ms() > drain_end)
				break;
		}
		if (o.idle_poll) { /* minifwd: poll() port 0 for 10 ms when RX is empty */
			struct pollfd p = {.fd = in->fd, .events = POLLIN};

			poll(&p, 1, 10);
		}
	}
	/* Whatever is still on TX: completions for up to a second. */
	for (uint64_t end = now_ms() + 1000; prod_queued(&out->tx) && now_ms() < end;) {
		kick(out);
		complete(out, o.ring);
	}
	complete(out, o.ring);
	fwd_done = 1;
}

/*
 * --fwd-cmd: someone else's forwarder on outer and inner, in the forwarder's
 * namespace; stopped with SIGTERM once the generator is done.
 */
static pid_t fwd_child;

static void fwd_command_start(void)
{
	char cmd[4096];

	/* exec: the command itself is the child that dies with us (PR_SET_PDEATHSIG) */
	snprintf(cmd, sizeof(cmd), "exec %s outer inner", o.fwd_cmd);
	fwd_child = fork();
	if (fwd_child < 0)
		die_setup("fork: %s", strerror(errno));
	if (!fwd_child) { /* a group of its own, that dies with us */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		netns_enter(ns_fwd);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	usleep(1000000); /* its sockets and XDP programs up before traffic */
}

static void fwd_command(void)
{
	int st;

	while (!gen_done && !interrupted)
		usleep(10000);
	usleep(500000);
	kill(-fwd_child, SIGTERM);
	for (int i = 0; i < 300 && waitpid(fwd_child, &st, WNOHANG) == 0; i++)
		usleep(10000);
	kill(-fwd_child, SIGKILL);
	waitpid(fwd_child, &st, 0);
	fwd_rx = sink_frames; /* what crossed it */
	fwd_done = 1;
}

/* ---- options ---- */

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: xsk_comp_anomaly [options]\n"
	    "  -d, --duration S       seconds of traffic (2)\n"
	    "      --ring N           size of every ring (2048)\n"
	    "      --frames N         forwarder UMEM frames (8192)\n"
	    "      --frame-size N     2048 or 4096 (2048)\n"
	    "      --comp-batch N     completions taken per pass (64); >= ring: all, both ports\n"
	    "      --rx-batch N       RX descriptors per pass (64)\n"
	    "      --fill-level N     frames kept on port 0's FILL (0: the ring's size)\n"
	    "      --port1-rx         port 1 with an RX ring and an XDP program of its own\n"
	    "      --port1-fill N     frames kept on port 1's FILL (0)\n"
	    "      --no-need-wakeup   bind without XDP_USE_NEED_WAKEUP\n"
	    "      --kick MODE        need|always|loop|poll: when TX is kicked (need)\n"
	    "      --backpressure     take from RX only what TX has room for\n"
	    "      --no-idle-poll     spin when RX is empty instead of poll() 10 ms\n"
	    "      --separate-umem    one UMEM per port, frames copied\n"
	    "      --one-device       send back out of port 0 (no port 1)\n"
	    "      --split-netns      ports in two namespaces, both ifindex %d\n"
	    "      --fwd-only IF0 IF1 only the forwarder, on IF0 -> IF1 in this namespace (a "
	    "command\n"
	    "                         forwarder for xskns run); SIGTERM drains and exits\n"
	    "      --fwd-cmd CMD      another forwarder instead of ours: sh -c 'CMD outer inner'\n"
	    "                         in the forwarder's namespace; the receiver still judges\n"
	    "      --ipv6             leave IPv6 on: its autoconfiguration frames reach the ports\n"
	    "      --skb-mode         XDP in skb (generic) mode instead of native\n"
	    "      --cpu-fwd C, --cpu-gen C, --cpu-sink C   pin a party (-1: not pinned)\n"
	    "      --style S          mini (tests/fwd/minifwd.c, default) or harness\n"
	    "      --misuse N         API misuse: every Nth forwarded frame also put on FILL\n"
	    "      --fill-skew N      API misuse: port 0's FILL entries written N slots away from\n"
	    "                         the ones published (an uninitialized cached producer index)\n"
	    "      --fake-comp N      detector check: every Nth completion pass, a FILL frame\n"
	    "      --stop-at-first    stop the traffic at the first violation\n"
	    "  -v, --verbose\n"
	    "exit: 0 clean, 1 anomaly, 2 setup error\n",
	    OUTER_INDEX);
}

static uint32_t num(const char *name, const char *s, uint32_t min, uint32_t max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || !*s || v < min || v > max) {
		fprintf(stderr, "xsk_comp_anomaly: bad --%s '%s' (%u..%u)\n", name, s, min, max);
		exit(EXIT_SETUP);
	}
	return (uint32_t)v;
}

static int cpu_num(const char *name, const char *s)
{
	return !strcmp(s, "-1") ? -1 : (int)num(name, s, 0, CPU_SETSIZE - 1);
}

static void style(const char *s)
{
	if (!strcmp(s, "mini"))
		return;
	if (strcmp(s, "harness")) {
		fprintf(stderr, "xsk_comp_anomaly: bad --style '%s' (mini or harness)\n", s);
		exit(EXIT_SETUP);
	}
	/* harness/fwd.c with its defaults: what differs from minifwd */
	o.frame_size = 4096;
	o.frames = 8192;
	o.port1_rx = true;
	o.port1_fill = o.ring;
	o.comp_batch = o.ring;
	o.kick = KICK_LOOP;
	o.backpressure = true;
}

static void parse(int argc, char **argv)
{
	enum {
		O_RING = 256,
		O_FRAMES,
		O_FSIZE,
		O_COMPB,
		O_RXB,
		O_FILL,
		O_P1RX,
		O_P1FILL,
		O_NONW,
		O_KICK,
		O_BP,
		O_NOIDLE,
		O_SEP,
		O_ONE,
		O_SPLIT,
		O_SKB,
		O_CPUF,
		O_CPUG,
		O_CPUS,
		O_STYLE,
		O_MISUSE,
		O_FAKE,
		O_STOP,
		O_IPV6,
		O_FWDCMD,
		O_SKEW,
		O_FWDONLY
	};
	static const struct option lo[] = {{"duration", 1, 0, 'd'},
					   {"ring", 1, 0, O_RING},
					   {"frames", 1, 0, O_FRAMES},
					   {"frame-size", 1, 0, O_FSIZE},
					   {"comp-batch", 1, 0, O_COMPB},
					   {"rx-batch", 1, 0, O_RXB},
					   {"fill-level", 1, 0, O_FILL},
					   {"port1-rx", 0, 0, O_P1RX},
					   {"port1-fill", 1, 0, O_P1FILL},
					   {"no-need-wakeup", 0, 0, O_NONW},
					   {"kick", 1, 0, O_KICK},
					   {"backpressure", 0, 0, O_BP},
					   {"no-idle-poll", 0, 0, O_NOIDLE},
					   {"separate-umem", 0, 0, O_SEP},
					   {"one-device", 0, 0, O_ONE},
					   {"split-netns", 0, 0, O_SPLIT},
					   {"skb-mode", 0, 0, O_SKB},
					   {"cpu-fwd", 1, 0, O_CPUF},
					   {"cpu-gen", 1, 0, O_CPUG},
					   {"cpu-sink", 1, 0, O_CPUS},
					   {"style", 1, 0, O_STYLE},
					   {"misuse", 1, 0, O_MISUSE},
					   {"fake-comp", 1, 0, O_FAKE},
					   {"stop-at-first", 0, 0, O_STOP},
					   {"ipv6", 0, 0, O_IPV6},
					   {"fwd-cmd", 1, 0, O_FWDCMD},
					   {"fill-skew", 1, 0, O_SKEW},
					   {"fwd-only", 0, 0, O_FWDONLY},
					   {"verbose", 0, 0, 'v'},
					   {"help", 0, 0, 'h'},
					   {0, 0, 0, 0}};
	int c, k;
	char *end;

	while ((c = getopt_long(argc, argv, "d:vh", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.duration = strtod(optarg, &end);
			if (*end || !(o.duration > 0 && o.duration <= 3600)) {
				fprintf(stderr, "xsk_comp_anomaly: bad --duration '%s'\n", optarg);
				exit(EXIT_SETUP);
			}
			break;
		case O_RING:
			o.ring = num("ring", optarg, 64, 1u << 16);
			if (o.ring & (o.ring - 1)) {
				fprintf(stderr,
					"xsk_comp_anomaly: bad --ring '%s' (a power of 2)\n",
					optarg);
				exit(EXIT_SETUP);
			}
			break;
		case O_FRAMES:
			o.frames = num("frames", optarg, 64, 1u << 20);
			break;
		case O_FSIZE:
			o.frame_size = num("frame-size", optarg, 2048, 4096);
			if (o.frame_size != 2048 && o.frame_size != 4096) {
				fprintf(stderr, "xsk_comp_anomaly: bad --frame-size '%s'\n",
					optarg);
				exit(EXIT_SETUP);
			}
			break;
		case O_COMPB:
			o.comp_batch = num("comp-batch", optarg, 1, 1u << 16);
			break;
		case O_RXB:
			o.rx_batch = num("rx-batch", optarg, 1, 1u << 16);
			break;
		case O_FILL:
			o.fill_level = num("fill-level", optarg, 0, 1u << 16);
			break;
		case O_P1RX:
			o.port1_rx = true;
			break;
		case O_P1FILL:
			o.port1_fill = num("port1-fill", optarg, 0, 1u << 16);
			break;
		case O_NONW:
			o.need_wakeup = false;
			break;
		case O_KICK:
			for (k = 0; kick_names[k] && strcmp(kick_names[k], optarg); k++)
				;
			if (!kick_names[k]) {
				fprintf(stderr, "xsk_comp_anomaly: bad --kick '%s'\n", optarg);
				exit(EXIT_SETUP);
			}
			o.kick = (enum kick_mode)k;
			break;
		case O_BP:
			o.backpressure = true;
			break;
		case O_NOIDLE:
			o.idle_poll = false;
			break;
		case O_SEP:
			o.separate_umem = true;
			break;
		case O_ONE:
			o.one_device = true;
			break;
		case O_SPLIT:
			o.split_netns = true;
			break;
		case O_SKB:
			o.skb_mode = true;
			break;
		case O_CPUF:
			o.cpu_fwd = cpu_num("cpu-fwd", optarg);
			break;
		case O_CPUG:
			o.cpu_gen = cpu_num("cpu-gen", optarg);
			break;
		case O_CPUS:
			o.cpu_sink = cpu_num("cpu-sink", optarg);
			break;
		case O_STYLE:
			style(optarg);
			break;
		case O_MISUSE:
			o.misuse_every = num("misuse", optarg, 1, UINT32_MAX);
			break;
		case O_FAKE:
			o.fake_comp_every = num("fake-comp", optarg, 1, UINT32_MAX);
			break;
		case O_STOP:
			o.stop_at_first = true;
			break;
		case O_IPV6:
			o.ipv6 = true;
			break;
		case O_FWDCMD:
			o.fwd_cmd = optarg;
			break;
		case O_FWDONLY:
			o.fwd_only[0] = "";
			break;
		case O_SKEW:
			o.fill_skew = num("fill-skew", optarg, 1, UINT32_MAX);
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(EXIT_SETUP);
		}
	}
	if (o.fwd_only[0] && argc - optind == 2) {
		o.fwd_only[0] = argv[optind];
		o.fwd_only[1] = argv[optind + 1];
	} else if (o.fwd_only[0]) {
		fprintf(stderr, "xsk_comp_anomaly: --fwd-only needs IF0 IF1, got %d arguments\n",
			argc - optind);
		exit(EXIT_SETUP);
	} else if (optind < argc) {
		fprintf(stderr, "xsk_comp_anomaly: bad argument '%s'\n", argv[optind]);
		exit(EXIT_SETUP);
	}
	if (!o.fill_level || o.fill_level > o.ring)
		o.fill_level = o.ring;
	if (o.port1_fill > o.ring)
		o.port1_fill = o.ring;
	if (o.port1_fill && !o.port1_rx) {
		fprintf(stderr, "xsk_comp_anomaly: bad --port1-fill %u: needs --port1-rx\n",
			o.port1_fill);
		exit(EXIT_SETUP);
	}
}

/* ---- setup, run, report ---- */

/* Stops the generator after the duration, or at once at a signal. */
static void *timer_thread(void *arg)
{
	(void)arg;
	while (!stop_gen && elapsed() < o.duration)
		usleep(10000);
	stop_gen = 1;
	return NULL;
}

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
	stop_gen = 1;
}

/*
 * gen: g0 <-> outer (port 0) in fwd; sink: s0 <-> inner (port 1) in fwd, or
 * in fwd2 with --split-netns, where inner has outer's ifindex too.
 */
static void setup(void)
{
	int ns_gen, ns_fwd2, ns_sink, if_outer, if_inner, if_g0, if_s0;

	orig_ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (orig_ns < 0)
		die_setup("/proc/thread-self/ns/net: %s", strerror(errno));
	ns_gen = netns_new();
	ns_fwd = netns_new();
	ns_fwd2 = o.split_netns ? netns_new() : ns_fwd;
	ns_sink = netns_new();

	netns_enter(ns_gen);
	veth_add("g0", GEN_SINK_IDX, "outer", OUTER_INDEX, ns_fwd);
	if_g0 = link_up("g0");
	netns_enter(ns_sink);
	veth_add("s0", GEN_SINK_IDX, "inner", o.split_netns ? OUTER_INDEX : 0, ns_fwd2);
	if_s0 = link_up("s0");

	netns_enter(ns_fwd);
	if_outer = link_up("outer");
	netns_enter(ns_fwd2);
	if_inner = link_up("inner");
	if (!o.fwd_cmd) { /* else the command makes the forwarder's sockets */
		umem_init(&fwd_umem[0], o.frames, o.frame_size);
		if (o.separate_umem)
			umem_init(&fwd_umem[1], o.frames, o.frame_size);
		fwd[1].has_rx = o.port1_rx;
		fwd[0].fill_skew = o.fill_skew;
		netns_enter(ns_fwd);
		xsk_open(&fwd[0], &fwd_umem[0], if_outer, -1);
		xdp_attach(&fwd[0], if_outer);
	}
	if (!o.fwd_cmd && !o.one_device) {
		netns_enter(ns_fwd2);
		xsk_open(&fwd[1], o.separate_umem ? &fwd_umem[1] : &fwd_umem[0], if_inner,
			 o.separate_umem ? -1 : fwd[0].fd);
		if (o.port1_rx)
			xdp_attach(&fwd[1], if_inner);
	}
	netns_enter(ns_gen);
	umem_init(&gen_umem, PEER_FRAMES, 2048);
	xsk_open(&gen, &gen_umem, if_g0, -1);
	netns_enter(ns_sink);
	umem_init(&sink_umem, PEER_FRAMES, 2048);
	xsk_open(&sink, &sink_umem, if_s0, -1);
	xdp_attach(&sink, if_s0);
	netns_enter(orig_ns);
	if (o.verbose) {
		fprintf(stderr, "namespaces:");
		for (unsigned int i = 0; i < ns_count; i++)
			fprintf(stderr, " net:[%lu]", ns_inodes[i]);
		fputc('\n', stderr);
	}
	if (o.verbose)
		fprintf(stderr,
			"setup: g0 %d -> outer %d (fwd port 0); inner %d (fwd port 1%s) -> s0 %d\n",
			if_g0, if_outer, if_inner, o.split_netns ? ", another namespace" : "",
			if_s0);
}

static void report_stats(struct xsk *x)
{
	struct xdp_statistics st;
	socklen_t len = sizeof(st);

	memset(&st, 0, sizeof(st));
	if (getsockopt(x->fd, SOL_XDP, XDP_STATISTICS, &st, &len))
		return;
	printf("stats %s: rx_dropped=%llu rx_invalid=%llu tx_invalid=%llu rx_ring_full=%llu "
	       "fill_empty=%llu tx_ring_empty=%llu\n",
	       x->name, (unsigned long long)st.rx_dropped, (unsigned long long)st.rx_invalid_descs,
	       (unsigned long long)st.tx_invalid_descs, (unsigned long long)st.rx_ring_full,
	       (unsigned long long)st.rx_fill_ring_empty_descs,
	       (unsigned long long)st.tx_ring_empty_descs);
}

/* SIGTERM in --fwd-only: as if the generator were done, so the loop drains first. */
static void on_stop_fwd(int sig)
{
	(void)sig;
	gen_done = 1;
}

/*
 * --fwd-only: the forwarder alone, on two devices of the current namespace,
 * until SIGTERM. The ledger's findings go to stderr and the exit is 0, as any
 * forwarder's would be: the caller's own traffic checks give the verdict.
 */
static int fwd_only_main(void)
{
	struct sigaction sa = {.sa_handler = on_stop_fwd};
	int if0 = (int)if_nametoindex(o.fwd_only[0]), if1 = (int)if_nametoindex(o.fwd_only[1]);

	if (!if0 || !if1)
		die_setup("--fwd-only: no device '%s'", !if0 ? o.fwd_only[0] : o.fwd_only[1]);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	umem_init(&fwd_umem[0], o.frames, o.frame_size);
	if (o.separate_umem)
		umem_init(&fwd_umem[1], o.frames, o.frame_size);
	fwd[1].has_rx = o.port1_rx;
	fwd[0].fill_skew = o.fill_skew;
	xsk_open(&fwd[0], &fwd_umem[0], if0, -1);
	xdp_attach(&fwd[0], if0);
	xsk_open(&fwd[1], o.separate_umem ? &fwd_umem[1] : &fwd_umem[0], if1,
		 o.separate_umem ? -1 : fwd[0].fd);
	if (o.port1_rx)
		xdp_attach(&fwd[1], if1);
	clock_gettime(CLOCK_MONOTONIC, &t_start);
	fprintf(stderr, "xsk_comp_anomaly: forwarding %s -> %s\n", o.fwd_only[0], o.fwd_only[1]);
	fwd_loop();
	for (int r = 0; r < R_KINDS; r++)
		for (int k = 0; k < O_KINDS; k++)
			if (viol[r][k])
				fprintf(stderr, "violations: %s of a frame %s: %" PRIu64 "\n",
					ring_names[r], owner_names[k], viol[r][k]);
	fprintf(stderr, "result: violations=%" PRIu64 " fwd_rx=%" PRIu64 " fwd_tx=%" PRIu64 "\n",
		viol_total, fwd_rx, fwd_tx);
	return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
	struct sigaction sa = {.sa_handler = on_signal};
	pthread_t tg, ts, tt;
	struct utsname un;
	uint64_t comp_not_tx = 0, rx_not_fill = 0;
	int status;

	parse(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (o.fwd_only[0])
		return fwd_only_main();
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	seen = calloc(SEQ_BITS / 8, 1);
	if (!seen)
		die_setup("out of memory");
	setup();
	uname(&un);
	printf("kernel %s; ring %u, frames %u x %u, comp-batch %u, rx-batch %u, fill %u, "
	       "port1 %s (fill %u), need_wakeup %s, kick %s%s%s%s, %s UMEM, %s, %s XDP, "
	       "cpus fwd %d gen %d sink %d, %.1f s\n",
	       un.release, o.ring, o.frames, o.frame_size, o.comp_batch, o.rx_batch, o.fill_level,
	       o.port1_rx ? "rx+tx" : "tx only", o.port1_fill, o.need_wakeup ? "on" : "off",
	       kick_names[o.kick], o.backpressure ? ", backpressure" : "",
	       o.idle_poll ? "" : ", no idle poll", o.one_device ? ", one device" : "",
	       o.separate_umem ? "separate" : "one shared",
	       o.split_netns ? "ports in two namespaces" : "ports in one namespace",
	       o.skb_mode ? "skb" : "native", o.cpu_fwd, o.cpu_gen, o.cpu_sink, o.duration);

	if (o.fwd_cmd)
		fwd_command_start();
	clock_gettime(CLOCK_MONOTONIC, &t_start);
	if (pthread_create(&ts, NULL, sink_thread, NULL) ||
	    pthread_create(&tg, NULL, gen_thread, NULL))
		die_setup("pthread_create failed");
	if (pthread_create(&tt, NULL, timer_thread, NULL))
		die_setup("pthread_create failed");
	if (o.fwd_cmd)
		fwd_command();
	else
		fwd_loop();
	pthread_join(tt, NULL);
	pthread_join(tg, NULL);
	pthread_join(ts, NULL);

	for (int k = 0; k < O_KINDS; k++) {
		comp_not_tx += viol[R_COMP][k];
		rx_not_fill += viol[R_RX][k];
	}
	printf("generator sent %" PRIu64 ", completed %" PRIu64 "; forwarder rx %" PRIu64
	       " tx %" PRIu64 " completed %" PRIu64 " (copy drops %" PRIu64 "); receiver %" PRIu64
	       " frames, %" PRIu64 " duplicates, %" PRIu64 " foreign\n",
	       gen.sent, gen.completions, fwd_rx, fwd_tx, fwd[0].completions + fwd[1].completions,
	       fwd_copy_drops, sink_frames, sink_dups, sink_foreign);
	if (o.verbose) {
		report_stats(&gen);
		if (!o.fwd_cmd)
			report_stats(&fwd[0]);
		if (!o.fwd_cmd && !o.one_device)
			report_stats(&fwd[1]);
		report_stats(&sink);
	}
	for (int r = 0; r < R_KINDS; r++)
		for (int k = 0; k < O_KINDS; k++)
			if (viol[r][k])
				printf("violations: %s of a frame %s: %" PRIu64 "\n", ring_names[r],
				       owner_names[k], viol[r][k]);
	if (misuses || fakes)
		printf("injected: %" PRIu64 " misuses (frame on FILL while on TX), %" PRIu64
		       " fake completions\n",
		       misuses, fakes);
	printf("result: violations=%" PRIu64 " comp_not_tx=%" PRIu64 " rx_not_fill=%" PRIu64
	       " sink_dups=%" PRIu64 " fwd_rx=%" PRIu64 " interrupted=%d\n",
	       viol_total, comp_not_tx, rx_not_fill, sink_dups, fwd_rx, (int)interrupted);
	if (viol_total || sink_dups)
		status = EXIT_ANOMALY;
	else if (!fwd_rx || interrupted) /* no full run: no verdict of clean */
		status = EXIT_SETUP;
	else
		status = EXIT_CLEAN;
	printf("verdict: %s\n", status == EXIT_ANOMALY ? "ANOMALY"
				: status == EXIT_CLEAN ? "CLEAN"
				: interrupted	       ? "ERROR (interrupted)"
						       : "ERROR (no frame was forwarded)");
	return status;
}
