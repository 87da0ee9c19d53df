// SPDX-License-Identifier: GPL-2.0
/*
 * Redirect every frame to the AF_XDP socket bound to its rx queue; frames of
 * a queue without a socket go to the stack. One instance per device, because
 * an XSKMAP key is a queue index and two devices both have a queue 0.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xsk_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, XSKNS_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSKNS_MAX_QUEUES);
	__type(key, __u32);
	__type(value, struct queue_counters);
} counters SEC(".maps");

SEC("xdp")
int xsk_redirect(struct xdp_md *ctx)
{
	__u32 queue = ctx->rx_queue_index;
	struct queue_counters *c = bpf_map_lookup_elem(&counters, &queue);
	/* The low bits of flags are the action when the map has no entry. */
	long action = bpf_redirect_map(&xsks, queue, XDP_PASS);

	if (c) {
		if (action == XDP_REDIRECT)
			c->redirected++;
		else
			c->passed++;
	}
	return action;
}

char LICENSE[] SEC("license") = "GPL";
