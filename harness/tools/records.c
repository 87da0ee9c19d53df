// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "records.h"

/*
 * Every field of a socket record, once: the writer and the reader of a tool's
 * report both expand this list, so they cannot drift apart. U: an unsigned
 * number (bools and ring addresses too), I: a signed one, S: a string.
 */
#define SOCK_RECORD_FIELDS(X)                                                                      \
	X(port, U)                                                                                 \
	X(netns, S)                                                                                \
	X(netns_id, U)                                                                             \
	X(netns_cookie, U)                                                                         \
	X(dev, S)                                                                                  \
	X(ifindex, I)                                                                              \
	X(queue, U)                                                                                \
	X(attempted, U)                                                                            \
	X(rc, I)                                                                                   \
	X(xsk_cookie, U)                                                                           \
	X(no_netns_cookie, U)                                                                      \
	X(fill_ring, U)                                                                            \
	X(comp_ring, U)                                                                            \
	X(retry, U)                                                                                \
	X(first_queue, U)                                                                          \
	X(first_rc, I)

#define KEY(field) (snprintf(key, sizeof(key), "socket.%zu.%s", i, field), key)

#define WRITE_U(f)     report_u64(r, KEY(#f), (uint64_t)s->f);
#define WRITE_I(f)     report_i64(r, KEY(#f), s->f);
#define WRITE_S(f)     report_str(r, KEY(#f), s->f);
#define WRITE(f, kind) WRITE_##kind(f)

void records_write(struct report *r, const struct sock_record *recs, size_t n)
{
	char key[64];

	report_u64(r, "sockets", n);
	for (size_t i = 0; i < n; i++) {
		const struct sock_record *s = &recs[i];

		SOCK_RECORD_FIELDS(WRITE)
	}
}

#define READ_U(f) s->f = (__typeof__(s->f))kv_u64(kv, KEY(#f), 0);
#define READ_I(f) s->f = (__typeof__(s->f))kv_i64(kv, KEY(#f));
#define READ_S(f)                                                                                  \
	v = kv_get(kv, KEY(#f));                                                                   \
	snprintf(s->f, sizeof(s->f), "%s", v ? v : "");
#define READ(f, kind) READ_##kind(f)

/* A signed value of the report; 0 when absent or not a whole number. */
static int64_t kv_i64(const struct kvlist *kv, const char *key)
{
	const char *v = kv_get(kv, key);
	char *end;
	long long x;

	if (!v)
		return 0;
	errno = 0;
	x = strtoll(v, &end, 10);
	return errno || end == v || *end ? 0 : (int64_t)x;
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

		SOCK_RECORD_FIELDS(READ)
		(void)v;
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
