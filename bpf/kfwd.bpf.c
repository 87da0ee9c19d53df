// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-only reference forwarder: every frame that arrives on a port is
 * XDP_REDIRECTed to its peer port through a DEVMAP, with no userspace on the
 * data path. It bounds what any AF_XDP forwarder can reach on the same chain.
 *
 * The loader opens this object once per port with `port` and `peer` set and
 * the maps shared, because the two ports may sit in different namespaces with
 * the same ifindex: the program cannot tell them apart from the frame.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "kfwd.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 port = 0;
const volatile __u32 peer = 1;

/* Slot i holds port i's device, inserted from inside that port's namespace. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, KFWD_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
} tx_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, KFWD_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct kfwd_counters);
} counters SEC(".maps");

/*
 * Which port this CPU last forwarded from, and from which ifindex: the devmap
 * flush that follows in the same softirq is charged to that port.
 */
struct kfwd_last {
	__u32 port;
	__u32 ifindex;
	__u32 peer_ifindex;
	__u32 valid;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kfwd_last);
} last SEC(".maps");

/* Filled by the loader: port i's ifindex, to match tracepoint devices. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KFWD_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
} port_ifindex SEC(".maps");

SEC("xdp")
int kfwd_redirect(struct xdp_md *ctx)
{
	__u32 self = port, zero = 0;
	struct kfwd_counters *c = bpf_map_lookup_elem(&counters, &self);
	__u64 len = ctx->data_end - ctx->data;
	struct kfwd_last *l;
	long act;

	act = bpf_redirect_map(&tx_ports, peer, XDP_DROP);
	if (c) {
		c->rx_packets++;
		c->rx_bytes += len;
		if (act == XDP_REDIRECT) {
			c->redirected++;
			c->redirect_bytes += len;
		} else {
			c->failed++;
		}
	}
	l = bpf_map_lookup_elem(&last, &zero);
	if (l && (!l->valid || l->port != self)) {
		__u32 p = peer;
		__u32 *ifi = bpf_map_lookup_elem(&port_ifindex, &self);
		__u32 *pifi = bpf_map_lookup_elem(&port_ifindex, &p);

		l->port = self;
		l->ifindex = ifi ? *ifi : 0;
		l->peer_ifindex = pifi ? *pifi : 0;
		l->valid = 1;
	}
	return act;
}

/* Count and drop: terminates a link for generator-only measurements. */
SEC("xdp")
int kfwd_drop(struct xdp_md *ctx)
{
	__u32 self = port;
	struct kfwd_counters *c = bpf_map_lookup_elem(&counters, &self);

	if (c) {
		c->rx_packets++;
		c->rx_bytes += ctx->data_end - ctx->data;
	}
	return XDP_DROP;
}

/* Only the fields we read; CO-RE finds their offsets in the running kernel. */
struct net_device {
	int ifindex;
} __attribute__((preserve_access_index));

SEC("tp_btf/xdp_devmap_xmit")
int BPF_PROG(kfwd_xmit, const struct net_device *from_dev, const struct net_device *to_dev,
	     int sent, int drops, int err)
{
	__u32 zero = 0;
	struct kfwd_last *l = bpf_map_lookup_elem(&last, &zero);
	struct kfwd_counters *c;
	__u32 self;

	if (!l || !l->valid)
		return 0;
	if (from_dev->ifindex != (int)l->ifindex || to_dev->ifindex != (int)l->peer_ifindex)
		return 0;
	self = l->port;
	c = bpf_map_lookup_elem(&counters, &self);
	if (!c)
		return 0;
	c->tx_packets += sent;
	c->tx_drops += drops;
	if (err)
		c->tx_errors++;
	return 0;
}
