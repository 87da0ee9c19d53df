// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The frame pool: LIFO, empty and full edges, and a frame returned twice never overruns it. */
#include "pool.h"
#include "tap.h"

int main(void)
{
	uint64_t slots[5] = {0}, addr = 0;
	struct frame_pool p = {.addrs = slots, .cap = 4};

	ok(!pool_get(&p, &addr), "an empty pool gives nothing");
	for (uint64_t i = 0; i < 4; i++)
		pool_put(&p, i * 4096);
	is_u64(p.n, 4, "four frames in a pool of four");
	ok(pool_get(&p, &addr) && addr == 3 * 4096, "last in, first out");
	ok(pool_put(&p, addr), "the frame goes back");
	/* A completion seen twice: one frame more than the UMEM has. */
	slots[4] = 0xdead;
	ok(!pool_put(&p, 3 * 4096), "a fifth put into a full pool of four is refused");
	is_u64(p.overflows, 1, "and counted as an overflow");
	is_u64(p.n, 4, "the pool still holds four");
	is_u64(slots[4], 0xdead, "nothing was written past its end");
	while (pool_get(&p, &addr))
		;
	is_u64(p.n, 0, "drained");
	ok(pool_put(&p, 0), "an emptied pool takes frames again");
	return done();
}
