/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* What the socket set records about every AF_XDP socket it tried to create. */
#ifndef XSKNS_SOCK_RECORD_H
#define XSKNS_SOCK_RECORD_H

#include <stdbool.h>
#include <stdint.h>

struct sock_record {
	unsigned int port;     /* index of the port in the tool's port list */
	char netns[256];       /* as given on the command line */
	uint64_t netns_id;     /* inode of the namespace: groups sockets while it lives */
	uint64_t netns_cookie; /* from a probe socket opened in that namespace, 0 if unknown */
	char dev[16];
	int ifindex;
	uint32_t queue;
	bool attempted;	     /* creation was tried (false: skipped after an earlier failure) */
	int rc;		     /* 0 or -errno from xsk_socket__create_shared() */
	uint64_t xsk_cookie; /* SO_NETNS_COOKIE of the AF_XDP socket itself, 0 if unknown */
	/*
	 * SO_NETNS_COOKIE failed where the socket was created: a kernel before
	 * 5.14, or its emulation. The library had no cookie to tell namespaces
	 * apart, and both cookies above are 0, not values.
	 */
	bool no_netns_cookie;
	uintptr_t fill_ring, comp_ring; /* descriptor arrays; 0 when the socket has none */
	/* Created right after a creation on the same UMEM and rings, on first_queue, failed. */
	bool retry;
	uint32_t first_queue;
	int first_rc; /* what that first creation returned */
};

#endif
