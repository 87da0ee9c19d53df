/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Tenants that come and go under the running forwarder (`fwd --churn NETNS`,
 * netns-churn in docs/netns-lifecycle.md): cycle after cycle a tenant joins
 * the shared UMEM (two sockets on the veth ends tenant0 and tenant1 of
 * NETNS), carries frames round between them for --churn-ms, leaves (its
 * sockets closed, their frames back in the pool) and its namespace is
 * destroyed and made anew; the pairs forward all along. After every leave
 * the kernel must count no AF_XDP socket in the tenant's namespace, and
 * from the first leave on the forwarder's file descriptors, mappings and
 * pinned memory must stay where they were.
 */
#ifndef XSKNS_FWD_CHURN_H
#define XSKNS_FWD_CHURN_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "opts.h"
#include "port.h"
#include "report.h"
#include "xsk_set.h"

/* What the forwarder process holds: what a leaked socket or ring leaves behind. */
struct churn_sample {
	uint64_t fds, maps, pin_kb, rss_kb;
};

struct fwd_churn {
	const char *ns;	   /* --churn NETNS, NULL: none */
	uint32_t cycles;   /* --churn-cycles */
	uint64_t cycle_ms; /* --churn-ms: a tenant's time on the UMEM */
	/* Set by the forwarder. */
	struct xsk_set *set;
	unsigned int port;  /* the tenant's first port (the second follows) */
	unsigned int first; /* and its first socket */
	uint32_t fill;	    /* the FILL level the forwarder keeps */
	const char *fault;  /* XSKNS_CHURN_FAULT: leak-socket, leak-mapping */
	/* Progress and findings. */
	uint32_t done; /* cycles completed (left and destroyed) */
	bool finished; /* every cycle done, or stopped by a finding */
	uint64_t join_ns, moved_at_join, seed_ns;
	uint64_t held, back; /* frames the tenants held at their leaves, and got back */
	uint64_t loop_frames;
	int leaked_fd;
	struct churn_sample base, last;
	struct check_result res;
};
extern const struct opt_def fwd_churn_rows[];

int fwd_churn_check(const struct fwd_churn *c, const struct port_list *ports);
/* The first tenant is up with the set: its frames go round. 0 or -errno. */
int fwd_churn_start(struct fwd_churn *c, unsigned int port, unsigned int first, uint32_t fill);
/* Every loop iteration: leave, destroy, create and join when the cycle is due. */
void fwd_churn_step(struct fwd_churn *c, uint64_t now);
void fwd_churn_finish(struct fwd_churn *c, struct report *r);

#endif
