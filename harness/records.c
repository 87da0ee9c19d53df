// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "records.h"

void records_write(struct report *r, const struct sock_record *recs, size_t n)
{
	char key[64];

	report_u64(r, "sockets", n);
	for (size_t i = 0; i < n; i++) {
		const struct sock_record *s = &recs[i];

#define KEY(field) (snprintf(key, sizeof(key), "socket.%zu." field, i), key)
		report_u64(r, KEY("port"), s->port);
		report_str(r, KEY("netns"), s->netns);
		report_u64(r, KEY("netns_id"), s->netns_id);
		report_u64(r, KEY("netns_cookie"), s->netns_cookie);
		report_str(r, KEY("dev"), s->dev);
		report_i64(r, KEY("ifindex"), s->ifindex);
		report_u64(r, KEY("queue"), s->queue);
		report_u64(r, KEY("attempted"), s->attempted);
		report_i64(r, KEY("rc"), s->rc);
		report_u64(r, KEY("xsk_cookie"), s->xsk_cookie);
		report_u64(r, KEY("no_netns_cookie"), s->no_netns_cookie);
		report_u64(r, KEY("fill_ring"), s->fill_ring);
		report_u64(r, KEY("comp_ring"), s->comp_ring);
#undef KEY
	}
}

size_t records_read(const struct kvlist *kv, struct sock_record **out)
{
	size_t n = kv_u64(kv, "sockets", 0);
	struct sock_record *recs;
	char key[64];

	*out = NULL;
	if (!n || n > 1u << 16)
		return 0;
	recs = calloc(n, sizeof(*recs));
	if (!recs)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct sock_record *s = &recs[i];
		const char *v;

#define KEY(field) (snprintf(key, sizeof(key), "socket.%zu." field, i), key)
		s->port = (unsigned int)kv_u64(kv, KEY("port"), 0);
		v = kv_get(kv, KEY("netns"));
		snprintf(s->netns, sizeof(s->netns), "%s", v ? v : "");
		s->netns_id = kv_u64(kv, KEY("netns_id"), 0);
		s->netns_cookie = kv_u64(kv, KEY("netns_cookie"), 0);
		v = kv_get(kv, KEY("dev"));
		snprintf(s->dev, sizeof(s->dev), "%s", v ? v : "");
		v = kv_get(kv, KEY("ifindex"));
		s->ifindex = v ? atoi(v) : 0;
		s->queue = (uint32_t)kv_u64(kv, KEY("queue"), 0);
		s->attempted = kv_u64(kv, KEY("attempted"), 0) != 0;
		v = kv_get(kv, KEY("rc"));
		s->rc = v ? atoi(v) : 0;
		s->xsk_cookie = kv_u64(kv, KEY("xsk_cookie"), 0);
		s->no_netns_cookie = kv_u64(kv, KEY("no_netns_cookie"), 0) != 0;
		s->fill_ring = (uintptr_t)kv_u64(kv, KEY("fill_ring"), 0);
		s->comp_ring = (uintptr_t)kv_u64(kv, KEY("comp_ring"), 0);
#undef KEY
	}
	*out = recs;
	return n;
}

void records_print(const struct sock_record *recs, size_t n)
{
	pr_info("%-3s %-30s %-8s %7s %5s %10s %10s %14s  %s\n", "#", "netns", "dev", "ifindex",
		"queue", "ns-cookie", "xsk-cookie", "fill-ring", "result");
	for (size_t i = 0; i < n; i++) {
		const struct sock_record *s = &recs[i];
		char fill[24], ns_cookie[24], xsk_cookie[24];

		snprintf(fill, sizeof(fill), s->fill_ring ? "%#" PRIxPTR : "-", s->fill_ring);
		/* A kernel without SO_NETNS_COOKIE has no value to show, not a 0. */
		snprintf(ns_cookie, sizeof(ns_cookie), s->no_netns_cookie ? "none" : "%" PRIu64,
			 s->netns_cookie);
		snprintf(xsk_cookie, sizeof(xsk_cookie), s->no_netns_cookie ? "none" : "%" PRIu64,
			 s->xsk_cookie);
		pr_info("%-3zu %-30.30s %-8s %7d %5u %10s %10s %14s  %s\n", i, s->netns, s->dev,
			s->ifindex, s->queue, ns_cookie, xsk_cookie, fill,
			!s->attempted ? "not tried"
			: s->rc	      ? strerror(-s->rc)
				      : "ok");
	}
}
