/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The socket records the verdict tests start from: a clean colliding pair. */
#ifndef XSKNS_SOCK_FIXTURE_H
#define XSKNS_SOCK_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "sock_record.h"

/* Two namespaces (ids 10 and 20, cookies 100 and 200), ifindex 4242, queue 0. */
static inline void colliding_pair(struct sock_record r[2])
{
	memset(r, 0, 2 * sizeof(*r));
	for (int i = 0; i < 2; i++) {
		snprintf(r[i].netns, sizeof(r[i].netns), i ? "inner" : "outer");
		snprintf(r[i].dev, sizeof(r[i].dev), i ? "inner" : "outer");
		r[i].port = (unsigned int)i;
		r[i].netns_id = 10 + 10 * (uint64_t)i;
		r[i].netns_cookie = r[i].xsk_cookie = 100 + 100 * (uint64_t)i;
		r[i].ifindex = 4242;
		r[i].attempted = true;
		r[i].fill_ring = 0x1000 + 0x100 * (uintptr_t)i;
		r[i].comp_ring = 0x2000 + 0x100 * (uintptr_t)i;
	}
}

#endif
