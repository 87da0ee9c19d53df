/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Test frames: Ethernet/IPv4/UDP built once per UMEM frame, and a 22-byte
 * stamp (magic, flow, sequence, TX time) at the start of the UDP payload that
 * the generator rewrites per send and the sink reads back. The UDP checksum is
 * 0 ("none" in IPv4), so stamping never needs a checksum update.
 */
#ifndef XSKNS_PKT_H
#define XSKNS_PKT_H

#include <endian.h>
#include <stddef.h>
#include <stdint.h>

#define PKT_ETH_LEN   14
#define PKT_VLAN_LEN  4
#define PKT_IP_LEN    20
#define PKT_UDP_LEN   8
#define PKT_HDRS_LEN  (PKT_ETH_LEN + PKT_IP_LEN + PKT_UDP_LEN)
#define PKT_STAMP_LEN 22
/* Smallest frame pkt_build() makes: the headers and a stamp (64 bytes, no FCS). */
#define PKT_MIN_LEN (PKT_HDRS_LEN + PKT_STAMP_LEN)
/* Largest: the IPv4 total length must fit 16 bits; callers bound it by the frame size. */
#define PKT_MAX_LEN	(PKT_ETH_LEN + 65535)
#define PKT_STAMP_MAGIC 0x5853 /* "XS" */

/* Addresses of the frames pkt_build() makes; IPs and ports in host byte order. */
struct pkt_cfg {
	uint8_t src_mac[6], dst_mac[6];
	uint32_t src_ip, dst_ip;
	uint16_t src_port, dst_port;
};

/* 02:00:00:00:00:01 -> 02:00:00:00:00:02, 198.18.0.1 -> 198.18.0.2 (RFC 2544), 9 -> 9. */
void pkt_cfg_default(struct pkt_cfg *cfg);

/*
 * Write a len-byte Ethernet/IPv4/UDP frame into buf (len in [PKT_MIN_LEN,
 * PKT_MAX_LEN]): IPv4 header checksum set, UDP checksum 0, payload zeroed
 * except for a stamp with flow 0, seq 0, tx_ns 0. Returns 0 or -EINVAL.
 */
int pkt_build(void *buf, size_t len, const struct pkt_cfg *cfg);

/* The stamp as the sink reads it back (fields in host byte order). */
struct pkt_stamp {
	uint32_t flow;
	uint64_t seq;
	uint64_t tx_ns;
};

/*
 * Offset of the UDP payload of an IPv4/UDP frame (untagged or with one 802.1Q
 * tag, IPv4 options allowed, first fragment only), bounded by the IP and UDP
 * lengths and by len. Stores the payload length in *payload_len (may be NULL).
 * Returns the offset or -EINVAL.
 */
int pkt_udp_payload(const void *frame, size_t len, size_t *payload_len);

/*
 * Where a stamp goes in this frame: the UDP payload offset when the payload
 * has room for one, -ENOSPC when it has not, -EINVAL when it is no IPv4/UDP
 * frame. With a room, the UDP checksum is cleared (0 = none in IPv4) so that
 * stamping later keeps the frame valid: call once per frame, not per send.
 */
int pkt_stamp_prepare(void *frame, size_t len);

/* Write a stamp at offset off (from pkt_stamp_prepare, or PKT_HDRS_LEN for pkt_build frames). */
static inline void pkt_stamp_at(void *frame, size_t off, uint32_t flow, uint64_t seq,
				uint64_t tx_ns)
{
	uint8_t *p = (uint8_t *)frame + off;
	uint16_t magic = htobe16(PKT_STAMP_MAGIC);
	uint32_t f = htobe32(flow);
	uint64_t s = htobe64(seq), t = htobe64(tx_ns);

	/* Network byte order on the wire, so a capture reads the same anywhere. */
	__builtin_memcpy(p, &magic, 2);
	__builtin_memcpy(p + 2, &f, 4);
	__builtin_memcpy(p + 6, &s, 8);
	__builtin_memcpy(p + 14, &t, 8);
}

/* Find the payload and stamp it: 0, or -EINVAL / -ENOSPC as pkt_stamp_prepare(). */
int pkt_stamp(void *frame, size_t len, uint32_t flow, uint64_t seq, uint64_t tx_ns);

/* 0 with *out filled when frame is IPv4/UDP and carries our stamp, else -EINVAL. */
int pkt_parse(const void *frame, size_t len, struct pkt_stamp *out);

/* RFC 1071 Internet checksum of len bytes (the folded, complemented sum). */
uint16_t pkt_csum(const void *data, size_t len);

#endif
