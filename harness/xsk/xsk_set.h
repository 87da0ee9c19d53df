/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A set of AF_XDP sockets on one or more ports (a device in a network
 * namespace, one socket per queue) over one UMEM shared by all of them, or one
 * UMEM per port. Layered bottom-up: frame pool -> socket -> port -> set.
 *
 * Sockets are created in short-lived threads that entered each port's
 * namespace, so the caller's thread never changes namespace; with the
 * no-netns-cookie emulation only those threads carry the seccomp filter, and
 * the checks the caller runs afterwards still read the real cookies.
 */
#ifndef XSKNS_XSK_SET_H
#define XSKNS_XSK_SET_H

#include <linux/if_xdp.h>
#include <stdbool.h>
#include <stdint.h>

#include "pool.h"
#include "port.h"
#include "sock_record.h"
#include "umem_ledger.h"
#include "xsk_api.h"

struct xsk_set_cfg {
	uint32_t frame_size;	  /* 2048 or 4096 */
	uint32_t ring_size;	  /* every ring; a power of two */
	uint32_t frames_per_sock; /* UMEM frames per socket; a power of two */
	bool shared_umem;	  /* one UMEM for all ports, else one per port */
	bool rx;		  /* RX rings, and the XDP redirect program on each port */
	bool tx;		  /* TX rings */
	bool need_wakeup;
	bool busy_poll; /* SO_PREFER_BUSY_POLL + SO_BUSY_POLL on every socket */
	bool emulate_no_netns_cookie;
	/*
	 * A late first port: port 0 is set up and its sockets made after every
	 * other port's, and only once late_gate(late_arg) returned 0 (an error:
	 * port 0 is not tried). What happens in between is the caller's.
	 */
	int (*late_gate)(void *late_arg);
	void *late_arg;
	/* Each UMEM's first socket is a retry after a creation that failed at bind. */
	bool retry_after_failed_bind;
};

/*
 * Faults the ledger can be made to see, so each of its checks can be seen to
 * fire in a real run. The kernel's kinds are emulated between the ring and the
 * ledger (a correct kernel never does these): an RX descriptor read with a
 * forged address (the real frame is then lost, as it would be), or one more
 * completion than the ring held. The application's add one more FILL submit.
 */
enum ledger_fault {
	LEDGER_FAULT_NONE,
	LEDGER_FAULT_FORGE_RX,	       /* RX address: a frame in the pool, never given to FILL */
	LEDGER_FAULT_RX_OUTSIDE_UMEM,  /* RX address: past the UMEM's end */
	LEDGER_FAULT_FORGE_COMP,       /* a completion of a frame on this socket's FILL ring */
	LEDGER_FAULT_DOUBLE_COMP,      /* the last completion, seen twice */
	LEDGER_FAULT_COMP_OFF_FRAME,   /* a completion of a frame on TX, at another offset */
	LEDGER_FAULT_APP_DOUBLE_FILL,  /* the last frame given to FILL, given again */
	LEDGER_FAULT_APP_FILL_OUTSIDE, /* a FILL submit past the UMEM's end */
};
#define LEDGER_FAULT_EVERY 32 /* one eligible ring operation in this many */
#define LEDGER_FAULT_MAX   4  /* times a run injects it: the count a test expects */

struct umem {
	struct xsk_umem *umem;
	void *area;
	uint64_t size;
	uint32_t frame_size;
	struct frame_pool pool;
	struct umem_ledger ledger; /* ledger.frame NULL: off (XSKNS_UMEM_LEDGER=off) */
	enum ledger_fault fault;
	uint32_t fault_tick, faults_left;
};

struct xsk_sock {
	struct xsk_socket *xsk;
	struct xsk_ring_cons rx, comp;
	struct xsk_ring_prod tx, fill;
	struct umem *umem;
	int fd;
	unsigned int port;  /* index in the set's port list */
	unsigned int index; /* in the set: the socket the ledger names */
	uint32_t queue;
	uint32_t tx_outstanding; /* submitted to TX, not yet completed */
	int tx_errno;		 /* the last error a TX kick got (ENXIO: the device went away) */
	uint64_t moved;		 /* RX descriptors the forwarder took from this socket */
	struct sock_record *rec;
};

struct xsk_set;

/* Allocate (no sockets yet). Returns NULL on ENOMEM. */
struct xsk_set *xsk_set_new(const struct port_list *ports, const struct xsk_set_cfg *cfg);
/*
 * Create every socket (and, with cfg->rx, load and attach the XDP program per
 * port and insert the sockets into its XSKMAP). Tries every socket even after
 * one failed, so the records say how far the bug reaches. Returns 0 when all
 * sockets are up, else the first -errno; records are valid either way.
 */
int xsk_set_open(struct xsk_set *set);
/* Detach programs, close sockets, free UMEMs. NULL is fine. */
void xsk_set_free(struct xsk_set *set);

unsigned int xsk_set_nsocks(const struct xsk_set *set);
struct xsk_sock *xsk_set_sock(struct xsk_set *set, unsigned int i);
const struct sock_record *xsk_set_records(const struct xsk_set *set, unsigned int *n);
/* Namespace setup failures (not verdicts): a one-line message, "" when none. */
const char *xsk_set_error(const struct xsk_set *set);
const struct xsk_set_cfg *xsk_set_config(const struct xsk_set *set);
unsigned int xsk_set_nports(const struct xsk_set *set);

static inline void *xsk_frame(struct xsk_sock *s, uint64_t addr)
{
	return xsk_umem__get_data(s->umem->area, addr);
}

/* The faulty path of xsk_sock_rx_take(). */
bool xsk_sock_rx_fault(struct xsk_sock *s, uint64_t addr, uint32_t len);

/*
 * An RX descriptor the application peeked: true when its frame was on this
 * socket's FILL ring (the ledger now gives it to the application); false when
 * the kernel had no right to hand it over (counted): do not read, forward or
 * recycle it.
 */
static inline bool xsk_sock_rx_take(struct xsk_sock *s, uint64_t addr, uint32_t len)
{
	struct umem *u = s->umem;

	if (!u->ledger.frame)
		return true;
	if (__builtin_expect(u->fault != LEDGER_FAULT_NONE, 0))
		return xsk_sock_rx_fault(s, addr, len);
	return umem_ledger_rx(&u->ledger, s->index, addr, len);
}

/* A TX descriptor the application submits: the frame goes to the TX ring's owner. */
static inline void xsk_sock_tx_give(struct xsk_sock *s, uint64_t addr, uint32_t len)
{
	if (s->umem->ledger.frame)
		umem_ledger_tx(&s->umem->ledger, s->index, addr, len);
}

/* Move up to n frames from the UMEM's pool onto the socket's FILL ring. */
unsigned int xsk_sock_refill(struct xsk_sock *s, unsigned int n);
/*
 * Drain the COMPLETION ring back into the pool; returns the entries consumed
 * (descriptors the kernel completed), those the ledger refused included: such
 * a frame stays where the ledger has it, out of the pool.
 */
unsigned int xsk_sock_complete(struct xsk_sock *s, unsigned int budget);
/* Kick the kernel to transmit (copy mode needs it) when the ring asks for it. */
void xsk_sock_kick_tx(struct xsk_sock *s);
/* Wake RX processing when the FILL ring asks for it (need_wakeup). */
void xsk_sock_kick_rx(struct xsk_sock *s);

/*
 * Close one socket of a running set (its device went away): out of its port's
 * XSKMAP, the frames the UMEM ledger has on its rings back into the pool
 * (*frames_back; 0 with the ledger off: they are lost to the pool), then
 * deleted. The set then treats it as never created (xsk NULL, fd -1).
 */
void xsk_set_close_sock(struct xsk_set *set, unsigned int i, uint64_t *frames_back);
/*
 * A port that comes and goes (fwd_churn.h): release closes its sockets as
 * above and lets go of its XDP program and namespace fd; reopen sets it up
 * again from its spec (the namespace and device may be new ones of the same
 * names) and creates its sockets on the set's UMEM. 0 or -errno.
 */
void xsk_set_release_port(struct xsk_set *set, unsigned int port, uint64_t *frames_back);
int xsk_set_reopen_port(struct xsk_set *set, unsigned int port);

/* Kernel counters of one socket (XDP_STATISTICS). Returns 0 or -errno. */
int xsk_sock_stats(const struct xsk_sock *s, struct xdp_statistics *st);
/* The same summed over the set's sockets (those that cannot be read count 0). */
void xsk_set_stats(struct xsk_set *set, struct xdp_statistics *sum);
/*
 * At the stop, frames still in flight: descriptors on the sockets' RX rings
 * the tool never read, and frames it submitted to TX that the kernel never
 * completed (they did not leave). Failed sockets have no rings and count 0.
 */
uint64_t xsk_set_rx_pending(struct xsk_set *set);
uint64_t xsk_set_tx_outstanding(struct xsk_set *set);
/*
 * Frames put back into a full pool, over every UMEM of the set: a frame that
 * came back twice (a duplicated completion). Anything but 0 is an error.
 */
uint64_t xsk_set_pool_overflows(const struct xsk_set *set);
/* 0, or -EOVERFLOW after a warning that says how many frames came back twice. */
int xsk_set_check_pools(const struct xsk_set *set);
/* Inject f into every UMEM's ledger (LEDGER_FAULT_MAX times). */
void xsk_set_ledger_fault(struct xsk_set *set, enum ledger_fault f);
/*
 * At the end, after the drain: each UMEM's ledger (NULL when off), its frames
 * placed from what is still on every socket's rings (umem_ledger_settle()).
 */
unsigned int xsk_set_numems(const struct xsk_set *set);
const struct umem_ledger *xsk_set_ledger(const struct xsk_set *set, unsigned int umem);
void xsk_set_ledger_settle(struct xsk_set *set);
/* Per-port XDP program counters: frames redirected to a socket, and passed (-ENOENT: no program).
 */
int xsk_set_prog_counters(const struct xsk_set *set, unsigned int port, uint64_t *redirected,
			  uint64_t *passed);

#endif
