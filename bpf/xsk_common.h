/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Definitions shared by the XDP programs and the harness. */
#ifndef XSKNS_XSK_COMMON_H
#define XSKNS_XSK_COMMON_H

#include <linux/types.h>

/* Highest queue count per device (XSKMAP and counter sizes). */
#define XSKNS_MAX_QUEUES 64

/* What the redirect program did with the frames of one rx queue. */
struct queue_counters {
	__u64 redirected; /* handed to the AF_XDP socket bound to that queue */
	__u64 passed;	  /* no socket there: XDP_PASS to the stack */
};

#endif
