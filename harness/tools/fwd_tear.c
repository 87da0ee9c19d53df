// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The kernel's answer to a device unregistered under a bound socket is
 * SO_ERROR ENETDOWN (xsk_notifier); poll() stays silent on an unbound
 * socket, so the tenant's sockets are asked with getsockopt() every
 * TEAR_LOOK_MS once the tear is done, as a forwarder would after a failed
 * kick. Deleting the namespace by name alone would tear nothing: the
 * forwarder's sockets and namespace fds keep it alive. Hence the device first.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fwd_tear.h"
#include "log.h"
#include "spawn.h"
#include "util.h"

#define TEAR_LOOK_MS	 10
#define TEAR_SEE_MAX_MS	 2000 /* the error must be seen this soon */
#define TEAR_FRAME_BYTES 64
#define TEAR_RESEED_MS	 20

const struct opt_def fwd_tear_rows[] = {
    OPT_DEF("tenant", 0, OPT_STRING, struct fwd_tear, tenant,
	    "NETNS with veth ends tenant0 and tenant1: a tenant torn down while forwarding"),
    OPT_DEF("tear-after-ms", 0, OPT_U64, struct fwd_tear, after_ms,
	    "delete the tenant's device and namespace this long after ready", .max = 3600000),
    OPT_END,
};

int fwd_tear_check(const struct fwd_tear *t, const struct port_list *ports)
{
	if (!t->tenant)
		return 0;
	if (!t->tenant[0] || strlen(t->tenant) >= sizeof(ports->v[0].netns)) {
		fprintf(stderr, "fwd: bad --tenant '%s'\n", t->tenant);
		return -EINVAL;
	}
	if (ports->n + 2 > PORTS_MAX) {
		fprintf(stderr, "fwd: bad --tenant '%s': already %u ports\n", t->tenant, ports->n);
		return -EINVAL;
	}
	return 0;
}

static struct xsk_sock *tenant_sock(struct fwd_tear *t, int i)
{
	return xsk_set_sock(t->set, t->first + (unsigned int)i);
}

int fwd_tear_start(struct fwd_tear *t, unsigned int npairs)
{
	t->fault = getenv("XSKNS_TEAR_FAULT");
	t->npairs = npairs;
	t->first = npairs;
	t->ready_ns = t->seed_ns = now_ns();
	t->res.verdict = VERDICT_PASS;
	t->moved_at_tear = calloc(npairs ? npairs : 1, sizeof(*t->moved_at_tear));
	if (!t->moved_at_tear)
		return -ENOMEM;
	return fwd_tear_seed(tenant_sock(t, 1));
}

void fwd_tear_reseed(struct xsk_sock *t0, struct xsk_sock *t1, uint64_t moved0, uint64_t *seed_ns,
		     uint64_t now)
{
	if (!t0->xsk || !t1->xsk || t0->moved + t1->moved != moved0 || t1->tx_outstanding ||
	    now - *seed_ns < TEAR_RESEED_MS * 1000000ull)
		return;
	*seed_ns = now;
	if (t1->umem->pool.n >= TEAR_SEED_FRAMES)
		fwd_tear_seed(t1);
}

int fwd_tear_seed(struct xsk_sock *s)
{
	uint32_t idx;

	if (xsk_ring_prod__reserve(&s->tx, TEAR_SEED_FRAMES, &idx) != TEAR_SEED_FRAMES)
		return -ENOSPC;
	for (uint32_t k = 0; k < TEAR_SEED_FRAMES; k++) {
		struct xdp_desc *d = xsk_ring_prod__tx_desc(&s->tx, idx + k);
		uint64_t addr;

		if (!pool_get(&s->umem->pool, &addr))
			return -ENOMEM;
		/* Broadcast, no protocol: the veth hands it to its peer, XDP to the socket. */
		memset(xsk_frame(s, addr), 0, TEAR_FRAME_BYTES);
		memset(xsk_frame(s, addr), 0xff, 6);
		xsk_sock_tx_give(s, addr, TEAR_FRAME_BYTES);
		d->addr = addr;
		d->len = TEAR_FRAME_BYTES;
		d->options = 0;
	}
	xsk_ring_prod__submit(&s->tx, TEAR_SEED_FRAMES);
	s->tx_outstanding += TEAR_SEED_FRAMES;
	xsk_sock_kick_tx(s);
	return 0;
}

static void tear(struct fwd_tear *t)
{
	char *del_dev[] = {"ip", "-n", (char *)t->tenant, "link", "del", "tenant0", NULL};
	char *del_ns[] = {"ip", "netns", "del", (char *)t->tenant, NULL};
	char err[256] = "";

	t->loop_before = tenant_sock(t, 0)->moved + tenant_sock(t, 1)->moved;
	for (unsigned int i = 0; i < t->npairs; i++)
		t->moved_at_tear[i] = xsk_set_sock(t->set, i)->moved;
	if (run_cmd(del_dev, err, sizeof(err)) || run_cmd(del_ns, err, sizeof(err)))
		verdict_raise(&t->res, VERDICT_ERROR, "tearing the tenant '%s' down: %s", t->tenant,
			      err);
	t->torn = true;
	t->torn_ns = now_ns();
	pr_info("tenant %s torn down (%" PRIu64 " frames sent round its loop so far)\n", t->tenant,
		t->loop_before);
}

/* Close the tenant's sockets, their frames back into the pool. */
static void close_tenant(struct fwd_tear *t)
{
	struct umem_ledger *l = &tenant_sock(t, 0)->umem->ledger;

	for (int i = 0; i < 2; i++) {
		uint64_t back;

		t->held += l->frame ? umem_ledger_sock_frames(l, t->first + (unsigned int)i) : 0;
		xsk_set_close_sock(t->set, t->first + (unsigned int)i, &back);
		t->back += back;
	}
	t->closed = true;
	t->closed_ns = now_ns();
	/* The wrong reaction the check must catch: every socket of the UMEM closed. */
	if (t->fault && !strcmp(t->fault, "stop-all"))
		for (unsigned int i = 0; i < t->npairs; i++) {
			uint64_t back;

			xsk_set_close_sock(t->set, i, &back);
		}
}

void fwd_tear_step(struct fwd_tear *t, uint64_t now)
{
	if (!t->tenant || t->closed || (t->torn && now < t->next_look_ns))
		return;
	if (!t->torn) {
		fwd_tear_reseed(tenant_sock(t, 0), tenant_sock(t, 1), 0, &t->seed_ns, now);
		if (now - t->ready_ns >= t->after_ms * 1000000ull)
			tear(t);
		t->next_look_ns = now_ns();
		return;
	}
	t->next_look_ns = now + TEAR_LOOK_MS * 1000000ull;
	for (int i = 0; i < 2; i++) {
		socklen_t len = sizeof(int);

		if (!t->so_error[i] &&
		    getsockopt(tenant_sock(t, i)->fd, SOL_SOCKET, SO_ERROR, &t->so_error[i], &len))
			t->so_error[i] = errno;
	}
	if (!t->seen && (t->so_error[0] || t->so_error[1])) {
		t->seen = true;
		t->seen_ns = now;
		pr_info("tenant's sockets: SO_ERROR %s / %s, %.1f ms after the tear\n",
			strerror(t->so_error[0]), strerror(t->so_error[1]),
			(double)(now - t->torn_ns) / 1e6);
	}
	if (t->seen && !(t->fault && !strcmp(t->fault, "keep-torn")))
		close_tenant(t);
}

/*
 * Every pair socket that received before the tear must still be open and have
 * received after it. When none did, the generator had stopped: no judgement.
 */
static void check_pairs(struct fwd_tear *t)
{
	unsigned int busy = 0, went_on = 0, stalled = 0;

	for (unsigned int i = 0; i < t->npairs; i++) {
		struct xsk_sock *s = xsk_set_sock(t->set, i);

		if (!t->moved_at_tear[i])
			continue; /* no traffic on this one before either (the inner side) */
		busy++;
		if (!s->xsk) {
			verdict_raise(&t->res, VERDICT_BUG,
				      "socket %u (port %u) was closed after the tenant's teardown: "
				      "%" PRIu64 " frames before it",
				      i, s->port, t->moved_at_tear[i]);
			return;
		}
		if (s->moved > t->moved_at_tear[i])
			went_on++;
		else
			stalled = stalled ? stalled : i + 1;
	}
	if (busy && !went_on)
		verdict_raise(
		    &t->res, VERDICT_ERROR,
		    "no pair received a frame after the tear: the traffic had ended, give "
		    "a longer duration");
	else if (stalled)
		verdict_raise(&t->res, VERDICT_BUG,
			      "socket %u forwarded nothing after the tenant's teardown, while %u "
			      "other pair sockets went on",
			      stalled - 1, went_on);
}

void fwd_tear_finish(struct fwd_tear *t, struct report *r)
{
	/* Not started: the forwarder stopped at its sockets, whose verdict is the run's. */
	if (!t->tenant || !t->ready_ns)
		return;
	if (!t->torn)
		verdict_raise(&t->res, VERDICT_ERROR,
			      "the tenant was never torn down: the run ended before %" PRIu64 " ms",
			      t->after_ms);
	else if (!t->seen && now_ns() - t->torn_ns < TEAR_SEE_MAX_MS * 1000000ull)
		verdict_raise(&t->res, VERDICT_ERROR,
			      "the traffic ended %" PRIu64
			      " ms after the tear, before the forwarder "
			      "could be judged on it: give a longer duration",
			      (now_ns() - t->torn_ns) / 1000000);
	else if (!t->loop_before)
		verdict_raise(&t->res, VERDICT_ERROR,
			      "no frame went round the tenant's loop before the tear");
	else if (!t->seen)
		verdict_raise(&t->res, VERDICT_BUG,
			      "the tenant's sockets never reported an error after their device "
			      "went");
	else if (!t->closed)
		verdict_raise(
		    &t->res, VERDICT_BUG,
		    "the tenant's sockets saw %s but were never closed: their frames "
		    "(%" PRIu64 ") stay stranded on the UMEM",
		    strerror(t->so_error[0] ? t->so_error[0] : t->so_error[1]),
		    umem_ledger_sock_frames(&tenant_sock(t, 0)->umem->ledger, t->first) +
			umem_ledger_sock_frames(&tenant_sock(t, 1)->umem->ledger, t->first + 1));
	else if (t->back != t->held)
		verdict_raise(&t->res, VERDICT_BUG,
			      "the tenant's sockets held %" PRIu64 " frames, %" PRIu64
			      " came back to the pool",
			      t->held, t->back);
	else if (t->seen_ns - t->torn_ns > TEAR_SEE_MAX_MS * 1000000ull)
		verdict_raise(&t->res, VERDICT_BUG, "the error was seen only after %" PRIu64 " ms",
			      (t->seen_ns - t->torn_ns) / 1000000);
	if (t->res.verdict == VERDICT_PASS && t->torn)
		check_pairs(t);
	report_str(r, "tear_verdict", verdict_name(t->res.verdict));
	report_str(r, "tear_reason", t->res.reason);
	report_u64(r, "tear_loop_frames", t->loop_before);
	report_u64(r, "tear_so_error",
		   (uint64_t)(t->so_error[0] ? t->so_error[0] : t->so_error[1]));
	report_f64(r, "tear_seen_ms", t->seen ? (double)(t->seen_ns - t->torn_ns) / 1e6 : -1);
	report_u64(r, "tear_frames_held", t->held);
	report_u64(r, "tear_frames_back", t->back);
}

void fwd_tear_free(struct fwd_tear *t)
{
	free(t->moved_at_tear);
	t->moved_at_tear = NULL;
}
