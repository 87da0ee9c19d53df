// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "frame_match.h"
#include "pkt.h"

/* FNV-1a over the bytes, seeded with the length: frames differ in either. */
uint64_t frame_hash(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t h = 0xcbf29ce484222325ULL ^ len;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int frame_match_build(struct frame_match *m, uint8_t *const *data, const uint32_t *len, uint32_t n)
{
	m->n = 0;
	m->hashes = calloc(n ? n : 1, sizeof(*m->hashes));
	if (!m->hashes)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t *copy = malloc(len[i] ? len[i] : 1);
		int off;

		if (!copy) {
			frame_match_free(m);
			return -ENOMEM;
		}
		/* On a copy: preparing a frame clears its UDP checksum, as the generator does. */
		memcpy(copy, data[i], len[i]);
		off = pkt_stamp_prepare(copy, len[i]);
		free(copy);
		if (off < 0)
			m->hashes[m->n++] = frame_hash(data[i], len[i]);
	}
	qsort(m->hashes, m->n, sizeof(*m->hashes), cmp_u64);
	return 0;
}

int frame_match_has(const struct frame_match *m, const void *data, size_t len)
{
	uint64_t h;

	if (!m->n)
		return 0;
	h = frame_hash(data, len);
	return bsearch(&h, m->hashes, m->n, sizeof(h), cmp_u64) != NULL;
}

void frame_match_free(struct frame_match *m)
{
	free(m->hashes);
	m->hashes = NULL;
	m->n = 0;
}
