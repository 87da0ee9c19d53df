/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The forwarder's held socket (`fwd --hold NETNS:DEV`): one more socket on the
 * shared UMEM, on a device of its own, opened before pair 0's outer port and
 * kept open while its namespace or its device goes away (--hold-then). Pair 0's
 * outer port joins the UMEM only after that: the temporal ifindex collision
 * (netns-reuse, docs/netns-lifecycle.md). The held socket forwards nothing.
 */
#ifndef XSKNS_FWD_HOLD_H
#define XSKNS_FWD_HOLD_H

#include <stdbool.h>

#include "opts.h"
#include "port.h"
#include "report.h"
#include "xsk_set.h"

/* What happens to the held port before the late one joins: --hold-then. */
enum hold_action { HOLD_KEEP, HOLD_DELETE_NETNS, HOLD_DELETE_DEVICE, HOLD_MOVE_DEVICE };
extern const char *const fwd_hold_actions[];

struct fwd_hold {
	const char *spec;    /* --hold NETNS:DEV, NULL: no held socket */
	const char *then;    /* --hold-then: an entry of fwd_hold_actions */
	const char *away;    /* --hold-away NETNS: where move-device moves the device */
	struct xsk_set *set; /* set by fwd_hold_ports()'s caller once the set exists */
	/* What the held socket saw once the action was done. */
	bool done, pollerr;
	int so_error; /* SO_ERROR then (an errno, 0: none) */
};
extern const struct opt_def fwd_hold_rows[];

/* Bad --hold, --hold-then, --hold-away: a one-line message and -EINVAL. */
int fwd_hold_check(const struct fwd_hold *h, const struct port_list *ports);
/*
 * The set's ports: the forwarder's, then the held one (as many queues as port
 * 0). Returns a heap list, NULL on ENOMEM.
 */
struct port_list *fwd_hold_ports(const struct fwd_hold *h, const struct port_list *ports);
/* The xsk_set late gate: do the action, then see what the held socket got. */
int fwd_hold_gate(void *hold);
/* hold_* lines of the forwarder's report (nothing without --hold). */
void fwd_hold_report(const struct fwd_hold *h, struct report *r);

#endif
