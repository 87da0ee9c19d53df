// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "link_stats.h"

/* The shortest IFLA_STATS64 holding every counter read here (5.10's has 24, 6.1's 25). */
#define STATS64_MIN_LEN (offsetof(struct rtnl_link_stats64, tx_dropped) + sizeof(__u64))

int link_stats_parse(const struct nlmsghdr *nh, struct link_stats *out)
{
	const struct ifinfomsg *ifm = NLMSG_DATA(nh);
	int len = (int)IFLA_PAYLOAD(nh);
	bool named = false, counted = false;

	memset(out, 0, sizeof(*out));
	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifm)))
		return -ENODATA;
	out->flags = ifm->ifi_flags;
	for (const struct rtattr *a = IFLA_RTA(ifm); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t n = RTA_PAYLOAD(a);

		if (a->rta_type == IFLA_IFNAME && n) {
			snprintf(out->name, sizeof(out->name), "%.*s", (int)n,
				 (const char *)RTA_DATA(a));
			named = true;
		} else if (a->rta_type == IFLA_STATS64 && n >= STATS64_MIN_LEN) {
			struct rtnl_link_stats64 st = {0};

			/* 4-byte aligned attribute, 64-bit counters: copy, never cast. */
			memcpy(&st, RTA_DATA(a), n < sizeof(st) ? n : sizeof(st));
			out->rx_packets = st.rx_packets;
			out->tx_packets = st.tx_packets;
			out->rx_dropped = st.rx_dropped;
			out->tx_dropped = st.tx_dropped;
			counted = true;
		}
	}
	return named && counted ? 0 : -ENODATA;
}

/* One batch of the dump: 1 when it held NLMSG_DONE, 0 for more, or an error. */
static int walk_batch(const char *buf, int len, int (*fn)(const struct link_stats *, void *),
		      void *arg)
{
	for (const struct nlmsghdr *nh = (const void *)buf; NLMSG_OK(nh, len);
	     nh = NLMSG_NEXT(nh, len)) {
		struct link_stats ls;
		int ret;

		if (nh->nlmsg_type == NLMSG_DONE)
			return 1;
		if (nh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(nh);

			return e->error ? e->error : -EIO;
		}
		if (nh->nlmsg_type == RTM_NEWLINK && !link_stats_parse(nh, &ls) &&
		    (ret = fn(&ls, arg)) < 0)
			return ret;
	}
	return 0;
}

int link_stats_each(int (*fn)(const struct link_stats *ls, void *arg), void *arg)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifm;
	} req = {
	    .nh = {.nlmsg_len = sizeof(req),
		   .nlmsg_type = RTM_GETLINK,
		   .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		   .nlmsg_seq = 1},
	    .ifm = {.ifi_family = AF_UNSPEC},
	};
	char buf[65536] __attribute__((aligned(NLMSG_ALIGNTO)));
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), ret = 0;

	if (fd < 0)
		return -errno;
	if (send(fd, &req, sizeof(req), 0) < 0)
		ret = -errno;
	while (!ret) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		ret = n < 0 ? -errno : walk_batch(buf, (int)n, fn, arg);
	}
	close(fd);
	return ret == 1 ? 0 : ret;
}
