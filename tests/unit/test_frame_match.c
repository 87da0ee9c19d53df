// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A replayed capture's unstampable frames are known by content; stampable ones are not kept. */
#include <string.h>

#include "frame_match.h"
#include "pkt.h"
#include "tap.h"

int main(void)
{
	uint8_t arp[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06};
	uint8_t udp[128], other[60];
	uint8_t *data[2] = {arp, udp};
	uint32_t len[2] = {sizeof(arp), sizeof(udp)};
	struct pkt_cfg pc;
	struct frame_match m;

	plan(6);
	pkt_cfg_default(&pc);
	pkt_build(udp, sizeof(udp), &pc);
	ok(!frame_match_build(&m, data, len, 2), "built from an ARP and a UDP frame");
	is_u64(m.n, 1, "only the frame with no room for a stamp is kept");
	ok(frame_match_has(&m, arp, sizeof(arp)), "the ARP frame matches itself");
	memcpy(other, arp, sizeof(other));
	other[59] ^= 1;
	ok(!frame_match_has(&m, other, sizeof(other)), "one bit changed: no match");
	ok(!frame_match_has(&m, arp, sizeof(arp) - 1), "one byte shorter: no match");
	ok(!frame_match_has(&m, udp, sizeof(udp)), "a stampable frame is not matched by content");
	frame_match_free(&m);
	return done();
}
