// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

static const char *const verdict_names[] = {"PASS", "SKIP", "BUG", "ERROR"};

const char *verdict_name(enum verdict v)
{
	return v <= VERDICT_ERROR ? verdict_names[v] : "ERROR";
}

int verdict_parse(const char *s, enum verdict *out)
{
	for (int v = VERDICT_PASS; v <= VERDICT_ERROR; v++) {
		if (!strcmp(s, verdict_names[v])) {
			*out = (enum verdict)v;
			return 0;
		}
	}
	return -EINVAL;
}

void verdict_vraise(struct check_result *out, enum verdict v, const char *fmt, va_list ap)
{
	if (v <= out->verdict && out->reason[0])
		return;
	out->verdict = v;
	vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
}

void verdict_raise(struct check_result *out, enum verdict v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verdict_vraise(out, v, fmt, ap);
	va_end(ap);
}

static int describe(const struct sock_record *r, size_t i, char *buf, size_t len)
{
	return snprintf(buf, len, "socket %zu (netns %s dev %s ifindex %d queue %u)", i, r->netns,
			r->dev, r->ifindex, r->queue);
}

/*
 * Another socket with the same (ifindex, queue) in another namespace: an
 * earlier one first, else a later one (a port set up late, as fwd --hold
 * does, is created after sockets that come after it in the list).
 */
static long find_collision(const struct sock_record *recs, size_t n, size_t i)
{
	for (size_t j = 0; j < n; j++)
		if (j != i && (j < i || (!recs[j].rc && recs[j].attempted)) &&
		    recs[j].ifindex == recs[i].ifindex && recs[j].queue == recs[i].queue &&
		    recs[j].netns_id != recs[i].netns_id)
			return (long)j;
	return -1;
}

static bool is_setup_errno(int rc)
{
	/* Not the lookup bug: missing device or queue, privileges, memory, busy queue. */
	return rc == -ENODEV || rc == -ENOENT || rc == -EPERM || rc == -EACCES || rc == -ENOMEM ||
	       rc == -EBUSY || rc == -EAFNOSUPPORT || rc == -ENOPROTOOPT;
}

static char library[96] = "libxdp";

void check_set_library(const char *label)
{
	if (label && *label)
		snprintf(library, sizeof(library), "%s", label);
}

/* Why two namespaces collide although the library may key on the cookie. */
#define NO_COOKIE_WHY                                                                              \
	": the kernel has no SO_NETNS_COOKIE (before 5.14), so %s falls back to one cookie "       \
	"for every netns"

/* What went before a retry: the UMEM's first creation, failed on another queue. */
static void describe_retry(const struct sock_record *r, char *buf, size_t len)
{
	buf[0] = '\0';
	if (r->retry)
		snprintf(buf, len,
			 ", retrying after the UMEM's first creation on queue %u failed (%s)",
			 r->first_queue, strerror(-r->first_rc));
}

static void check_creation(const struct sock_record *recs, size_t n, struct check_result *out)
{
	char a[384], b[384], retry[160], why[256];

	for (size_t i = 0; i < n; i++) {
		const struct sock_record *r = &recs[i];
		long j;

		if (!r->attempted || !r->rc)
			continue;
		describe(r, i, a, sizeof(a));
		describe_retry(r, retry, sizeof(retry));
		if (is_setup_errno(r->rc)) {
			verdict_raise(out, VERDICT_ERROR, "%s: creation failed: %s%s", a,
				      strerror(-r->rc), retry);
			continue;
		}
		j = find_collision(recs, n, i);
		if (j < 0) {
			verdict_raise(out, VERDICT_BUG,
				      "%s: shared-UMEM creation failed: %s (%d)%s", a,
				      strerror(-r->rc), r->rc, retry);
			continue;
		}
		describe(&recs[j], (size_t)j, b, sizeof(b));
		why[0] = '\0';
		if (r->no_netns_cookie)
			snprintf(why, sizeof(why), NO_COOKIE_WHY, library);
		verdict_raise(
		    out, VERDICT_BUG,
		    "%s: shared-UMEM creation failed: %s (%d); collides with %s in another "
		    "netns%s",
		    a, strerror(-r->rc), r->rc, b, why);
	}
	for (size_t i = 0; i < n; i++)
		if (!recs[i].attempted && out->verdict == VERDICT_PASS)
			verdict_raise(out, VERDICT_ERROR, "socket %zu was never created", i);
}

static void check_cookies(const struct sock_record *recs, size_t n, struct check_result *out)
{
	char a[384], b[384];

	for (size_t i = 0; i < n; i++) {
		const struct sock_record *r = &recs[i];

		if (r->rc || !r->xsk_cookie || r->no_netns_cookie)
			continue; /* no cookie: kernel before 5.14, nothing to compare */
		describe(r, i, a, sizeof(a));
		if (r->netns_cookie && r->xsk_cookie != r->netns_cookie)
			verdict_raise(out, VERDICT_BUG,
				      "%s: socket netns cookie %" PRIu64
				      " differs from its device's netns cookie %" PRIu64,
				      a, r->xsk_cookie, r->netns_cookie);
		for (size_t j = 0; j < i; j++) {
			const struct sock_record *o = &recs[j];

			if (o->rc || !o->xsk_cookie || o->no_netns_cookie)
				continue;
			describe(o, j, b, sizeof(b));
			if (o->netns_id != r->netns_id && o->xsk_cookie == r->xsk_cookie)
				verdict_raise(
				    out, VERDICT_BUG,
				    "%s and %s are in different netns but share cookie %" PRIu64, a,
				    b, r->xsk_cookie);
			if (o->netns_id == r->netns_id && o->xsk_cookie != r->xsk_cookie)
				verdict_raise(out, VERDICT_BUG,
					      "%s and %s are in one netns but have cookies %" PRIu64
					      " and %" PRIu64,
					      a, b, r->xsk_cookie, o->xsk_cookie);
		}
	}
}

static void check_rings(const struct sock_record *recs, size_t n, struct check_result *out)
{
	char a[384], b[384];

	for (size_t i = 0; i < n; i++) {
		const struct sock_record *r = &recs[i];

		if (r->rc)
			continue;
		describe(r, i, a, sizeof(a));
		if (!r->fill_ring || !r->comp_ring) {
			verdict_raise(out, VERDICT_BUG, "%s has no FILL/COMPLETION ring of its own",
				      a);
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			const struct sock_record *o = &recs[j];

			if (o->rc)
				continue;
			if (o->fill_ring == r->fill_ring || o->comp_ring == r->comp_ring) {
				describe(o, j, b, sizeof(b));
				verdict_raise(out, VERDICT_BUG,
					      "%s shares its FILL/COMPLETION ring with %s", a, b);
			}
		}
	}
}

void check_sockets(const struct sock_record *recs, size_t n, struct check_result *out)
{
	out->verdict = VERDICT_PASS;
	out->reason[0] = '\0';
	if (!n) {
		verdict_raise(out, VERDICT_ERROR, "no sockets");
		return;
	}
	check_creation(recs, n, out);
	check_cookies(recs, n, out);
	check_rings(recs, n, out);
}
