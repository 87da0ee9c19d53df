// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <string.h>

#include "pkt.h"

#define ETH_P_IPV4   0x0800
#define ETH_P_8021Q  0x8100
#define IPPROTO_UDP_ 17
#define IP_FRAG_MASK 0x1fff
#define IP_FLAG_DF   0x4000
#define PKT_UDP_PORT 9 /* discard */

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

void pkt_cfg_default(struct pkt_cfg *cfg)
{
	static const uint8_t src[6] = {0x02, 0, 0, 0, 0, 0x01}, dst[6] = {0x02, 0, 0, 0, 0, 0x02};

	memcpy(cfg->src_mac, src, 6);
	memcpy(cfg->dst_mac, dst, 6);
	cfg->src_ip = 198u << 24 | 18u << 16 | 1; /* 198.18.0.1 */
	cfg->dst_ip = 198u << 24 | 18u << 16 | 2;
	cfg->src_port = PKT_UDP_PORT;
	cfg->dst_port = PKT_UDP_PORT;
}

uint16_t pkt_csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += get16(p);
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int pkt_build(void *buf, size_t len, const struct pkt_cfg *cfg)
{
	uint8_t *eth = buf, *ip = eth + PKT_ETH_LEN, *udp = ip + PKT_IP_LEN;

	if (len < PKT_MIN_LEN || len > PKT_MAX_LEN)
		return -EINVAL;
	memset(buf, 0, len);

	memcpy(eth, cfg->dst_mac, 6);
	memcpy(eth + 6, cfg->src_mac, 6);
	put16(eth + 12, ETH_P_IPV4);

	ip[0] = 0x45; /* version 4, 5 words */
	put16(ip + 2, (uint16_t)(len - PKT_ETH_LEN));
	put16(ip + 6, IP_FLAG_DF);
	ip[8] = 64; /* TTL */
	ip[9] = IPPROTO_UDP_;
	put32(ip + 12, cfg->src_ip);
	put32(ip + 16, cfg->dst_ip);
	put16(ip + 10, pkt_csum(ip, PKT_IP_LEN));

	put16(udp, cfg->src_port);
	put16(udp + 2, cfg->dst_port);
	put16(udp + 4, (uint16_t)(len - PKT_ETH_LEN - PKT_IP_LEN));
	/* udp + 6: checksum 0, "none" in IPv4, so a stamp can change without recomputing it. */

	pkt_stamp_at(buf, PKT_HDRS_LEN, 0, 0, 0);
	return 0;
}

int pkt_udp_payload(const void *frame, size_t len, size_t *payload_len)
{
	const uint8_t *p = frame;
	size_t l3 = PKT_ETH_LEN, ihl, tot, udp_len;

	if (len < PKT_ETH_LEN)
		return -EINVAL;
	if (get16(p + 12) == ETH_P_8021Q) {
		l3 += PKT_VLAN_LEN;
		if (len < l3)
			return -EINVAL;
	}
	if (get16(p + l3 - 2) != ETH_P_IPV4 || len < l3 + PKT_IP_LEN)
		return -EINVAL;
	p += l3;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	tot = get16(p + 2);
	if (p[0] >> 4 != 4 || ihl < PKT_IP_LEN || p[9] != IPPROTO_UDP_)
		return -EINVAL;
	/* Later fragments carry no UDP header. */
	if (get16(p + 6) & IP_FRAG_MASK)
		return -EINVAL;
	/* The IP total length must hold the UDP header and fit the frame (padding may follow). */
	if (tot < ihl + PKT_UDP_LEN || l3 + tot > len)
		return -EINVAL;
	udp_len = get16(p + ihl + 4);
	if (udp_len < PKT_UDP_LEN || udp_len > tot - ihl)
		return -EINVAL;
	if (payload_len)
		*payload_len = udp_len - PKT_UDP_LEN;
	return (int)(l3 + ihl + PKT_UDP_LEN);
}

int pkt_stamp_prepare(void *frame, size_t len)
{
	size_t plen;
	int off = pkt_udp_payload(frame, len, &plen);

	if (off < 0)
		return off;
	if (plen < PKT_STAMP_LEN)
		return -ENOSPC;
	put16((uint8_t *)frame + off - PKT_UDP_LEN + 6, 0);
	return off;
}

int pkt_stamp(void *frame, size_t len, uint32_t flow, uint64_t seq, uint64_t tx_ns)
{
	int off = pkt_stamp_prepare(frame, len);

	if (off < 0)
		return off;
	pkt_stamp_at(frame, (size_t)off, flow, seq, tx_ns);
	return 0;
}

int pkt_parse(const void *frame, size_t len, struct pkt_stamp *out)
{
	const uint8_t *p;
	uint16_t magic;
	uint32_t flow;
	uint64_t seq, tx_ns;
	size_t plen;
	int off = pkt_udp_payload(frame, len, &plen);

	if (off < 0 || plen < PKT_STAMP_LEN)
		return -EINVAL;
	p = (const uint8_t *)frame + off;
	memcpy(&magic, p, 2);
	if (be16toh(magic) != PKT_STAMP_MAGIC)
		return -EINVAL;
	memcpy(&flow, p + 2, 4);
	memcpy(&seq, p + 6, 8);
	memcpy(&tx_ns, p + 14, 8);
	out->flow = be32toh(flow);
	out->seq = be64toh(seq);
	out->tx_ns = be64toh(tx_ns);
	return 0;
}
