/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The AF_XDP sockets of another process group (a forwarder command), read
 * from outside: each socket descriptor is duplicated with pidfd_getfd()
 * (Linux 5.6, root), then its kernel counters (XDP_STATISTICS) are read and
 * its RX and TX rings' first page is mapped to see how many descriptors wait
 * on them. sock_diag for AF_XDP would need CONFIG_XDP_SOCKETS_DIAG, which
 * common kernels leave out.
 */
#ifndef XSKNS_XSK_PEEK_H
#define XSKNS_XSK_PEEK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct xsk_peek {
	unsigned int sockets;	 /* distinct AF_XDP sockets found */
	unsigned int unreadable; /* descriptors that could not be duplicated or read */
	uint64_t rx_dropped, rx_invalid, tx_invalid, rx_ring_full;
	uint64_t rx_pending; /* descriptors on RX rings the program had not read */
	uint64_t tx_pending; /* descriptors on TX rings the kernel had not taken */
	bool rings_known;    /* every socket's rings could be mapped */
};

/* Every process of group pgid. Returns 0, or -errno when /proc cannot be read. */
int xsk_peek_pgroup(pid_t pgid, struct xsk_peek *out);

#endif
