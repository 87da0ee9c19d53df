/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The namespaces of scenario key netns_reuse, beside the data path: "held"
 * (namespace A) with a veth end `outer` of ifindex_outer, where the
 * forwarder's held socket sits (fwd --hold), and "away", where move-device
 * moves that device. Neither carries traffic; both are in the run's record,
 * so a stale run's are reaped like the rest. Scenario keys netns_teardown's
 * and netns_churn's tenant namespace is made here too. See docs/netns-lifecycle.md.
 */
#ifndef XSKNS_NETNS_REUSE_H
#define XSKNS_NETNS_REUSE_H

#include <stddef.h>

#include "run_record.h"
#include "scenario.h"

#define NETNS_REUSE_NAME 48

struct netns_reuse {
	unsigned int kind; /* scenario.netns_reuse; 0: none made */
	char held[NETNS_REUSE_NAME], away[NETNS_REUSE_NAME];
	/* netns_teardown: the tenant's namespace, veth ends tenant0 and tenant1 ("": none). */
	char tenant[NETNS_REUSE_NAME];
	char held_dev[16]; /* "NS:DEV" for --hold is held ":" held_dev */
};

/* Make them (nothing when sc->netns_reuse is off). -errno with err saying which step failed. */
int netns_reuse_build(struct netns_reuse *r, const struct run_record *rec, const char *prefix,
		      const struct scenario *sc, char *err, size_t errlen);
/*
 * The names to delete at teardown (topo_destroy() deletes them with the rest,
 * one already gone is fine): up to 3 into names; returns how many.
 */
unsigned int netns_reuse_names(const struct netns_reuse *r, const char **names);

#endif
