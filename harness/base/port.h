/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Ports: a device in a network namespace, and the queues a tool uses on it. */
#ifndef XSKNS_PORT_H
#define XSKNS_PORT_H

#include <net/if.h>
#include <stdint.h>

#define PORT_MAX_QUEUES 64
#define PORTS_MAX	1024

/* One forwarder/generator/sink port: a device in a network namespace. */
struct port_spec {
	char netns[256]; /* name under /run/netns, or a path */
	char dev[IF_NAMESIZE];
	uint32_t queues; /* queues 0..queues-1, one socket each */
};

struct port_list {
	struct port_spec v[PORTS_MAX];
	unsigned int n;
};

#endif
