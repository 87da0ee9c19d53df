/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The UMEM frames no ring owns: a LIFO stack of their addresses, as large as
 * the UMEM. A frame can come back only once; one more than the stack holds (a
 * completion seen twice, a frame put back twice) is counted as an overflow
 * and dropped, never written past the end.
 */
#ifndef XSKNS_POOL_H
#define XSKNS_POOL_H

#include <stdbool.h>
#include <stdint.h>

struct frame_pool {
	uint64_t *addrs;
	uint32_t n, cap;
	uint64_t overflows; /* puts refused because the pool was already full */
};

static inline bool pool_get(struct frame_pool *p, uint64_t *addr)
{
	if (!p->n)
		return false;
	*addr = p->addrs[--p->n];
	return true;
}

static inline bool pool_put(struct frame_pool *p, uint64_t addr)
{
	if (p->n >= p->cap) {
		p->overflows++;
		return false;
	}
	p->addrs[p->n++] = addr;
	return true;
}

#endif
