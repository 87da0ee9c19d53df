/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A tenant torn down under the running forwarder (`fwd --tenant NETNS`,
 * netns-teardown in docs/netns-lifecycle.md): one more pair of sockets on the
 * shared UMEM, on the veth ends tenant0 and tenant1 of the tenant's namespace,
 * with a few frames sent round between them for ever. --tear-after-ms after
 * the forwarder is ready the tenant's device is deleted and its namespace
 * with it; the forwarder must see the error on the tenant's sockets, close
 * them and get their frames back, and the pairs must go on as before. The
 * tenant's frames are counted apart from the pairs'.
 */
#ifndef XSKNS_FWD_TEAR_H
#define XSKNS_FWD_TEAR_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "opts.h"
#include "port.h"
#include "report.h"
#include "xsk_set.h"

#define TEAR_SEED_FRAMES 32 /* frames sent round the tenant's loop */

struct fwd_tear {
	const char *tenant; /* --tenant NETNS, NULL: none */
	uint64_t after_ms;  /* --tear-after-ms */
	/* Set by the forwarder once the set exists. */
	struct xsk_set *set;
	unsigned int first;  /* the tenant's sockets: first and first + 1 */
	unsigned int npairs; /* the pairs' sockets: 0 .. npairs - 1 */
	/* What happened, for the check and the report. */
	uint64_t seed_ns;
	uint64_t ready_ns, torn_ns, seen_ns, closed_ns, next_look_ns;
	uint64_t loop_before; /* the tenant's frames moved before the tear */
	uint64_t held, back;  /* frames its sockets held at the close, and got back */
	int so_error[2];
	uint64_t *moved_at_tear; /* per pair socket */
	bool torn, seen, closed;
	const char *fault; /* XSKNS_TEAR_FAULT: keep-torn, stop-all */
	struct check_result res;
};
extern const struct opt_def fwd_tear_rows[];

int fwd_tear_check(const struct fwd_tear *t, const struct port_list *ports);
/* Once the set is up: the seed frames onto tenant1's TX. 0 or -errno. */
int fwd_tear_start(struct fwd_tear *t, unsigned int npairs);
/* Every loop iteration: the tear when due, then a look at the tenant's sockets. */
void fwd_tear_step(struct fwd_tear *t, uint64_t now);
/* At the end: the verdict on the teardown, and its report lines. */
void fwd_tear_finish(struct fwd_tear *t, struct report *r);
void fwd_tear_free(struct fwd_tear *t);
/* Put TEAR_SEED_FRAMES frames from the pool on s's TX ring: they go round a tenant's loop. */
int fwd_tear_seed(struct xsk_sock *s);
/*
 * Frames sent before a fresh veth has its carrier are dropped, and the loop
 * never starts: while nothing went round since moved0 and the last frames
 * came back, send them again (every TEAR_RESEED_MS, from *seed_ns).
 */
void fwd_tear_reseed(struct xsk_sock *t0, struct xsk_sock *t1, uint64_t moved0, uint64_t *seed_ns,
		     uint64_t now);

#endif
