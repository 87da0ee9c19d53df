/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A link's 64-bit counters, from the kernel's RTM_GETLINK dump of the calling
 * thread's namespace. getifaddrs() only has the 32-bit ones, which wrap.
 */
#ifndef XSKNS_LINK_STATS_H
#define XSKNS_LINK_STATS_H

#include <linux/netlink.h>
#include <net/if.h>

struct link_stats {
	char name[IF_NAMESIZE];
	unsigned int flags; /* IFF_* */
	unsigned long long rx_packets, tx_packets, rx_dropped, tx_dropped;
};

/*
 * One RTM_NEWLINK message into out. IFLA_STATS64 grows with the kernel: a
 * shorter one from an older kernel is read as far as it goes. 0, or -ENODATA
 * when the message has no name or no IFLA_STATS64 with these counters.
 */
int link_stats_parse(const struct nlmsghdr *nh, struct link_stats *out);

/*
 * fn for every link of the calling thread's namespace; a negative return from
 * fn stops the walk and is returned. 0, or -errno.
 */
int link_stats_each(int (*fn)(const struct link_stats *ls, void *arg), void *arg);

#endif
