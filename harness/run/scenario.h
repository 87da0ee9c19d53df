/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A scenario file (scenarios/NAME.scn): the topology, the traffic and the
 * verdict it is expected to give, as "key = value" lines.
 */
#ifndef XSKNS_SCENARIO_H
#define XSKNS_SCENARIO_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "cmdline.h"
#include "expect.h"
#include "memest.h"
#include "opts.h"

/*
 * The veths a run creates keep the kernel's default MTU, and a veth forwards
 * a frame of at most MTU + Ethernet header + one VLAN tag (is_skb_forwardable(),
 * XDP redirect the same): 1518 bytes. pkt_size counts the Ethernet header, so
 * anything larger would be dropped at the first veth.
 */
#define SCENARIO_VETH_MTU 1500
#define SCENARIO_PKT_MIN  64
#define SCENARIO_PKT_MAX  (SCENARIO_VETH_MTU + 14 + 4)

struct scenario {
	char name[64];
	char path[PATH_MAX];
	char description[256];
	/* expect as the file says it ("BUG if kernel < 5.14 else PASS"), and resolved here. */
	char expect_rule[EXPECT_RULE_MAX];
	enum verdict expect;
	uint32_t pairs;		/* forwarder namespace pairs (outer_i, inner_i) */
	uint32_t queues;	/* per device */
	uint32_t ifindex_outer; /* 0: let the kernel choose */
	uint32_t ifindex_inner;
	uint32_t pkt_size;
	uint32_t ring_size;
	uint32_t frames_per_sock;
	uint64_t duration_s;
	uint64_t rate_pps; /* 0: as fast as possible */
	bool separate_umem;
	bool emulate_no_netns_cookie;
	/* The forwarder's first socket on a UMEM: a retry after a creation that failed at bind. */
	bool retry_after_failed_bind;
	/* forwarder = cmd:COMMAND: an external forwarder ("" for ours); see cmdline.h. */
	char fwd_cmd[CMDLINE_MAX];
	/* fwd_netns = shared: both forwarder ports of a pair in one namespace. */
	bool fwd_netns_shared;
	/* No forwarder at all (xskns run --forwarder none): the generator's veth ends at the sink.
	 */
	bool fwd_none;
	/*
	 * netns_reuse: a socket on a device of ifindex_outer in a namespace of its
	 * own stays open while that namespace or device goes; pair 0's outer then
	 * joins the UMEM (netns_reuse.h). NETNS_REUSE_OFF: not this scenario.
	 */
	unsigned int netns_reuse;
	/* netns_teardown: a tenant on the UMEM is torn down mid-traffic (netns_reuse.h). */
	bool netns_teardown;
	/* netns_churn: this many cycles of a tenant joining and leaving (0: none). */
	uint32_t netns_churn;
};

/* The netns_reuse values, their words the same as fwd --hold-then's (fwd_hold.h). */
enum netns_reuse_kind {
	NETNS_REUSE_OFF,
	NETNS_REUSE_DELETE_NETNS,
	NETNS_REUSE_DELETE_DEVICE,
	NETNS_REUSE_MOVE_DEVICE,
};
extern const char *const scenario_netns_reuse_kinds[];

/*
 * The scenario keys that are numbers, as option rows (offsets into struct
 * scenario): `xskns run` takes them as overrides (--pkt-size), a scenario file
 * as keys (pkt_size); both are checked against these rows' ranges.
 */
/* Seconds of traffic when a scenario file gives none. */
#define SCENARIO_DEFAULT_DURATION 3
extern const struct opt_def scenario_rows[];
/* The umem kinds a scenario file and --umem accept: shared, separate. */
extern const char *const scenario_umem_kinds[];

/* Why a name cannot be found when the binary has no scenarios/ of its own (dir ""). */
#define SCENARIO_NO_DIR                                                                            \
	"no scenarios folder for this binary (neither in the tree it was built from nor in "       \
	"PREFIX/share/xskns): give --scenarios DIR or a scenario file's path"

/*
 * The scenarios a binary runs by name: those of its install (exe PREFIX/bin/xskns:
 * PREFIX/share/xskns/scenarios, when that folder exists), else those of the source
 * tree it was built from (tree, the build's XSKNS_TREE; NULL: none). Never the
 * working directory's: anyone can plant a scenarios/ there. buf is "" when neither.
 */
void scenario_default_dir(const char *tree, const char *exe, char *buf, size_t len);

/*
 * Load NAME (from dir, adding ".scn"; dir "" refuses names) or a path. Returns 0, or -errno with a
 * one-line message in err naming the bad file, key or value.
 */
int scenario_load(const char *name_or_path, const char *dir, struct scenario *sc, char *err,
		  size_t errlen);
/* Range checks shared by the file parser and command-line overrides. */
int scenario_validate(const struct scenario *sc, char *err, size_t errlen);

/* What of sc sizes a run's memory (memest.h), with or without our AF_XDP forwarder. */
void scenario_mem_shape(const struct scenario *sc, bool kernel_forwarder, struct mem_shape *out);

#endif
