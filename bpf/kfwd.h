/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Definitions shared by the kernel-only reference forwarder (kfwd.bpf.c) and
 * its loader (harness/kfwd.c).
 */
#ifndef XSKNS_KFWD_H
#define XSKNS_KFWD_H

#include <linux/types.h>

/* Ports come in pairs (0<->1, 2<->3, ...): 32 namespace pairs at most. */
#define KFWD_MAX_PORTS 64

/*
 * Per-port, per-CPU counters. rx_* and redirected/failed come from the XDP
 * program on the port; tx_* from the xdp_devmap_xmit tracepoint, which reports
 * what the peer device really accepted when the devmap bulk queue was flushed
 * (veth drops frames there when the receiving side's ring is full).
 */
struct kfwd_counters {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 redirected; /* bpf_redirect_map() said XDP_REDIRECT */
	__u64 redirect_bytes;
	__u64 failed;	  /* empty devmap slot: dropped */
	__u64 tx_packets; /* flushed to the peer and accepted by it */
	__u64 tx_drops;	  /* flushed to the peer and refused by it */
	__u64 tx_errors;  /* flushes that returned an error */
};

#endif
