/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The frames of a replayed capture that cannot carry a stamp (no UDP payload
 * with room for one: ARP, TCP, short UDP), known by their content: the sink
 * counts a received frame that matches one as the generator's, so any capture
 * is judged on counts. A 64-bit hash of length and bytes per frame, sorted.
 */
#ifndef XSKNS_FRAME_MATCH_H
#define XSKNS_FRAME_MATCH_H

#include <stddef.h>
#include <stdint.h>

struct frame_match {
	uint64_t *hashes;
	size_t n;
};

uint64_t frame_hash(const void *data, size_t len);

/* Add the frames that pkt_stamp_prepare() leaves unstamped. Returns 0 or -ENOMEM. */
int frame_match_build(struct frame_match *m, uint8_t *const *data, const uint32_t *len, uint32_t n);
/* Whether a frame with these bytes is one of them. */
int frame_match_has(const struct frame_match *m, const void *data, size_t len);
void frame_match_free(struct frame_match *m);

#endif
