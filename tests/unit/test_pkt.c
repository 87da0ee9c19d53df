// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* pkt: frame layout, checksums, stamp round trip, parse negative cases. */
#include <errno.h>
#include <string.h>

#include "pkt.h"
#include "tap.h"

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void fix_ip_csum(uint8_t *ip)
{
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4;

	wr16(ip + 10, 0);
	wr16(ip + 10, pkt_csum(ip, ihl));
}

int main(void)
{
	/* RFC 1071 section 3 example: sum 0xddf2, checksum its complement. */
	static const uint8_t rfc1071[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	static const uint8_t want_hdr[] = {
	    0x02, 0,	0,    0,    0,	  0x02, 0x02, 0,    0,	  0,
	    0,	  0x01, 0x08, 0x00,					/* Ethernet */
	    0x45, 0x00, 0x00, 0x32, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, /* IPv4 ... */
	    0xae, 0x93, 0xc6, 0x12, 0x00, 0x01, 0xc6, 0x12, 0x00, 0x02, /* csum, IPs */
	    0x00, 0x09, 0x00, 0x09, 0x00, 0x1e, 0x00, 0x00,		/* UDP */
	    0x58, 0x53,							/* magic */
	};
	uint8_t f[4096], g[4096 + 4];
	struct pkt_cfg cfg;
	struct pkt_stamp st;
	size_t plen;
	int bad, off;

	is_u64(pkt_csum(rfc1071, sizeof(rfc1071)), 0x220d, "RFC 1071 example checksum");
	is_u64(pkt_csum(rfc1071, 3), (uint16_t) ~(0x0001 + 0xf200), "odd length pads with zero");

	pkt_cfg_default(&cfg);
	is_i64(pkt_build(f, PKT_MIN_LEN - 1, &cfg), -EINVAL, "63 bytes: -EINVAL");
	is_i64(pkt_build(f, PKT_MAX_LEN + 1, &cfg), -EINVAL, "beyond IPv4 total length: -EINVAL");
	is_u64(PKT_MIN_LEN, 64, "minimum frame is 64 bytes");
	is_i64(pkt_build(f, 64, &cfg), 0, "build 64 bytes");
	ok(!memcmp(f, want_hdr, sizeof(want_hdr)),
	   "64-byte frame: exact headers, known IPv4 checksum 0xae93");
	is_u64(pkt_csum(f + PKT_ETH_LEN, PKT_IP_LEN), 0, "IPv4 header verifies");

	is_i64(pkt_build(f, 1500, &cfg), 0, "build 1500 bytes");
	is_u64(rd16(f + 16), 1486, "1500: IPv4 total length");
	is_u64(rd16(f + 38), 1466, "1500: UDP length");
	is_u64(pkt_csum(f + PKT_ETH_LEN, PKT_IP_LEN), 0, "1500: IPv4 header verifies");
	is_i64(pkt_build(f, sizeof(f), &cfg), 0, "build 4096 bytes");

	/* Stamp round trip. */
	pkt_build(f, 64, &cfg);
	pkt_stamp_at(f, PKT_HDRS_LEN, 0xdeadbeef, 0x0102030405060708ULL, 0xfffffffffffffffeULL);
	ok(!pkt_parse(f, 64, &st) && st.flow == 0xdeadbeef && st.seq == 0x0102030405060708ULL &&
	       st.tx_ns == 0xfffffffffffffffeULL,
	   "stamp round trip");
	is_u64(f[PKT_HDRS_LEN + 2], 0xde, "stamp is big-endian on the wire");
	is_u64(pkt_csum(f + PKT_ETH_LEN, PKT_IP_LEN), 0, "stamping keeps the IPv4 header valid");
	is_u64(rd16(f + 40), 0, "UDP checksum stays 0");
	is_i64(pkt_stamp(f, 64, 7, 8, 9), 0, "pkt_stamp finds the payload");
	ok(!pkt_parse(f, 64, &st) && st.flow == 7 && st.seq == 8 && st.tx_ns == 9,
	   "pkt_stamp round trip");

	/* Truncation anywhere fails to parse. */
	bad = 0;
	for (size_t len = 0; len < 64; len++)
		if (pkt_parse(f, len, &st) != -EINVAL)
			bad++;
	ok(!bad, "every truncation of a 64-byte frame: -EINVAL");
	ok(!pkt_parse(f, 100, &st), "Ethernet padding after the datagram is fine");

	/* Negative cases, each on a fresh valid frame. */
	pkt_build(f, 64, &cfg);
	f[PKT_HDRS_LEN] ^= 1;
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "wrong magic");
	pkt_build(f, 64, &cfg);
	f[23] = 6;
	fix_ip_csum(f + 14);
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "TCP, not UDP");
	pkt_build(f, 64, &cfg);
	wr16(f + 12, 0x86dd);
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "IPv6 ethertype");
	pkt_build(f, 64, &cfg);
	f[14] = 0x65;
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "IP version 6 in an IPv4 ethertype");
	pkt_build(f, 64, &cfg);
	f[14] = 0x44;
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "IHL below 5");
	pkt_build(f, 64, &cfg);
	wr16(f + 20, 0x0010);
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "a later fragment");
	pkt_build(f, 64, &cfg);
	wr16(f + 20, 0x2000); /* MF, offset 0: the first fragment holds the UDP header */
	is_i64(pkt_parse(f, 64, &st), 0, "a first fragment parses");
	pkt_build(f, 64, &cfg);
	wr16(f + 16, 51);
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "IPv4 total length beyond the frame");
	pkt_build(f, 64, &cfg);
	wr16(f + 38, 7);
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "UDP length below 8");
	pkt_build(f, 64, &cfg);
	wr16(f + 38, 31);
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "UDP length beyond the IP datagram");
	pkt_build(f, 64, &cfg);
	wr16(f + 38, 8 + PKT_STAMP_LEN - 1);
	is_i64(pkt_parse(f, 64, &st), -EINVAL, "UDP payload too short for a stamp");
	is_i64(pkt_stamp_prepare(f, 64), -ENOSPC, "no room to stamp: -ENOSPC");
	is_i64(pkt_stamp(f, 64, 1, 1, 1), -ENOSPC, "pkt_stamp refuses without room");
	is_i64(pkt_stamp_prepare(f, 10), -EINVAL, "stamp_prepare on a non-frame: -EINVAL");

	/* One 802.1Q tag. */
	pkt_build(f, 64, &cfg);
	pkt_stamp_at(f, PKT_HDRS_LEN, 3, 4, 5);
	memcpy(g, f, 12);
	wr16(g + 12, 0x8100);
	wr16(g + 14, 100);
	memcpy(g + 16, f + 12, 52);
	off = pkt_udp_payload(g, 68, &plen);
	is_i64(off, PKT_HDRS_LEN + 4, "VLAN: payload offset");
	ok(!pkt_parse(g, 68, &st) && st.flow == 3 && st.seq == 4 && st.tx_ns == 5, "VLAN: stamp");
	is_i64(pkt_parse(g, 17, &st), -EINVAL, "VLAN: truncated tag");
	wr16(g + 16, 0x8100);
	is_i64(pkt_parse(g, 68, &st), -EINVAL, "double tag: not ours");

	/* IPv4 options: IHL 6 moves the UDP header by 4 bytes. */
	memcpy(g, f, 34);
	memset(g + 34, 0x01, 4); /* four NOPs */
	memcpy(g + 38, f + 34, 30);
	g[14] = 0x46;
	wr16(g + 16, 54);
	fix_ip_csum(g + 14);
	off = pkt_udp_payload(g, 68, &plen);
	is_i64(off, PKT_HDRS_LEN + 4, "IP options: payload offset");
	is_u64(plen, PKT_STAMP_LEN, "IP options: payload length");
	ok(!pkt_parse(g, 68, &st) && st.flow == 3, "IP options: stamp");

	/* A replayed frame with a UDP checksum: prepare clears it, the stamp lands. */
	pkt_build(f, 200, &cfg);
	memset(f + PKT_HDRS_LEN, 0xaa, 200 - PKT_HDRS_LEN);
	wr16(f + 40, 0x1234);
	is_i64(pkt_parse(f, 200, &st), -EINVAL, "foreign payload is not ours");
	is_i64(pkt_stamp_prepare(f, 200), PKT_HDRS_LEN, "stamp_prepare: offset");
	is_u64(rd16(f + 40), 0, "stamp_prepare clears the UDP checksum");
	is_u64(f[PKT_HDRS_LEN], 0xaa, "stamp_prepare leaves the payload alone");
	pkt_stamp_at(f, PKT_HDRS_LEN, 1, 2, 3);
	ok(!pkt_parse(f, 200, &st) && st.seq == 2, "replayed frame stamped");
	is_u64(f[PKT_HDRS_LEN + PKT_STAMP_LEN], 0xaa, "bytes after the stamp untouched");

	return done();
}
