// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * RTM_NEWLINK parsing: IFLA_STATS64 as each kernel sends it. 5.10's struct is
 * one counter shorter than the headers this is built with; reading only a
 * full-size one made every veth drop on such a kernel read as zero, and the
 * frames they explained as lost.
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stddef.h>
#include <string.h>

#include "link_stats.h"
#include "tap.h"

/* IFLA_STATS64 as 5.10 sends it: every counter up to rx_nohandler. */
#define STATS64_LEN_5_10 offsetof(struct rtnl_link_stats64, rx_otherhost_dropped)

static union {
	struct nlmsghdr nh;
	char buf[1024];
} msg;

static void put_attr(unsigned short type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)&msg.nh + NLMSG_ALIGN(msg.nh.nlmsg_len));

	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	msg.nh.nlmsg_len = NLMSG_ALIGN(msg.nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* A link "outer" with flags, and stats64_len bytes of IFLA_STATS64 (none if 0). */
static const struct nlmsghdr *link_msg(unsigned int flags, size_t stats64_len)
{
	unsigned char stats[sizeof(struct rtnl_link_stats64) + 16] = {0};
	struct rtnl_link_stats64 st = {
	    .rx_packets = 1ULL << 33, .tx_packets = 7, .rx_dropped = 26700, .tx_dropped = 623};
	struct ifinfomsg *ifm;

	memset(&msg, 0, sizeof(msg));
	msg.nh.nlmsg_type = RTM_NEWLINK;
	msg.nh.nlmsg_len = NLMSG_LENGTH(sizeof(*ifm));
	ifm = NLMSG_DATA(&msg.nh);
	ifm->ifi_flags = flags;
	put_attr(IFLA_IFNAME, "outer", 6);
	memcpy(stats, &st, sizeof(st));
	if (stats64_len)
		put_attr(IFLA_STATS64, stats, stats64_len);
	return &msg.nh;
}

static int counters_read(const struct link_stats *ls)
{
	return !strcmp(ls->name, "outer") && ls->rx_packets == 1ULL << 33 && ls->tx_packets == 7 &&
	       ls->rx_dropped == 26700 && ls->tx_dropped == 623;
}

int main(void)
{
	struct link_stats ls;

	ok(!link_stats_parse(link_msg(IFF_UP, sizeof(struct rtnl_link_stats64)), &ls) &&
	       counters_read(&ls) && ls.flags == IFF_UP,
	   "a full-size IFLA_STATS64: name, flags, 64-bit packets and drops");
	ok(!link_stats_parse(link_msg(0, STATS64_LEN_5_10), &ls) && counters_read(&ls),
	   "5.10's shorter IFLA_STATS64 (%zu bytes) is read, not skipped",
	   (size_t)STATS64_LEN_5_10);
	ok(!link_stats_parse(link_msg(0, sizeof(struct rtnl_link_stats64) + 16), &ls) &&
	       counters_read(&ls),
	   "a newer kernel's longer one: the counters known here");
	ok(link_stats_parse(link_msg(0, offsetof(struct rtnl_link_stats64, tx_dropped)), &ls) ==
	       -ENODATA,
	   "one too short to hold tx_dropped: no counters, not zeros");
	ok(link_stats_parse(link_msg(0, 0), &ls) == -ENODATA, "no IFLA_STATS64: no counters");
	return done();
}
