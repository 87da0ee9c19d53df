/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The topology of a scenario, all inside namespaces this run creates:
 *
 *   ns gen            ns outer<i>           ns inner<i>           ns sink
 *   g<i> ---veth--- outer (idx A)          inner (idx B) ---veth--- s<i>
 *
 * The forwarder joins outer<i> and inner<i>; A and B may collide. With
 * fwd_netns = shared both devices of pair i are in one namespace, fwd<i>; with
 * no forwarder (fwd_none) g<i>'s peer is s<i> itself.
 * Names carry the run's identity (run_record.h): unique across PID namespaces,
 * claimed before use; a name that exists already is never taken or deleted.
 */
#ifndef XSKNS_TOPO_H
#define XSKNS_TOPO_H

#include <stdbool.h>
#include <stddef.h>

#include "cost.h"
#include "netns_reuse.h"
#include "opts.h"
#include "run_record.h"
#include "scenario.h"

#define TOPO_NS_NAME 48

struct topo {
	char prefix[RUN_ID_LEN];
	struct run_record rec; /* the identity, and the record of what was made */
	unsigned int pairs, queues;
	char gen_ns[TOPO_NS_NAME], sink_ns[TOPO_NS_NAME];
	char (*outer_ns)[TOPO_NS_NAME];
	char (*inner_ns)[TOPO_NS_NAME];
	/* Every namespace created so far, for teardown in reverse order. */
	char (*created)[TOPO_NS_NAME];
	unsigned int ncreated;
	/* Beside the data path: scenario key netns_reuse's namespaces. */
	struct netns_reuse reuse;
	/* The run's cost, measured over the topology's life (cost.h). */
	struct run_cost cost;
};

/*
 * Build it with a few `ip -batch` calls per 32 pairs (progress on stderr for
 * larger ones); Ctrl-C stops it between rounds (-EINTR). On failure err says
 * which step failed; topo_destroy() is still needed.
 */
int topo_create(struct topo *t, const struct scenario *sc, char *err, size_t errlen);
/*
 * Delete every namespace the run created (and with it their veths and XDP
 * programs) in one `ip -batch` that Ctrl-C does not interrupt, and end the
 * cost's measurement.
 */
void topo_destroy(struct topo *t);
/*
 * Remove the namespaces listed by the records of runs that are provably gone
 * (run_record_reap()), and those records. Returns how many were removed.
 */
int topo_reap_stale(void);

/* Port lists for the tools. */
void topo_gen_ports(const struct topo *t, struct port_list *out);
void topo_fwd_ports(const struct topo *t, struct port_list *out);
void topo_sink_ports(const struct topo *t, struct port_list *out);

/* Where a veth end sits on the path: g<i>, outer, inner, s<i>. */
enum veth_role { VETH_GEN, VETH_FWD_IN, VETH_FWD_OUT, VETH_SINK, VETH_ROLES };
extern const char *const veth_role_names[VETH_ROLES];

struct veth_role_counts {
	unsigned long long rx_packets, tx_packets, rx_dropped, tx_dropped;
};

/* The counters of the run's veths: their drops in all, and each role's own. */
struct veth_counts {
	unsigned long long rx_dropped, tx_dropped;
	struct veth_role_counts role[VETH_ROLES];
	unsigned int devices; /* the run's veth ends whose counters were read */
};

/*
 * Read every device's counters in the run's namespaces (lo left out). A
 * namespace that cannot be entered, or a veth end of the run that is not
 * there, is an error (err says which): a counter never read is no zero.
 */
int topo_veth_counts(const struct topo *t, struct veth_counts *out, char *err, size_t errlen);

#endif
