// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pass_reason.h"

struct text {
	char *buf;
	size_t len, at;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->at >= t->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->at, t->len - t->at, fmt, ap);
	va_end(ap);
	t->at += n > 0 ? (size_t)n : 0;
}

/* Two bound sockets on one ifindex and queue in different namespaces: the colliding case. */
static bool ifindex_collides(const struct sock_record *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (r[i].ifindex == r[j].ifindex && r[i].queue == r[j].queue &&
			    r[i].netns_id != r[j].netns_id)
				return true;
	return false;
}

static bool fill_rings_distinct(const struct sock_record *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (r[i].fill_ring && r[i].fill_ring == r[j].fill_ring)
				return false;
	return true;
}

static void sockets(struct text *t, const struct pass_facts *f)
{
	size_t up = 0;
	bool cookies = true;

	if (!f->recs) {
		add(t, "%s forwarded", f->forwarder ? f->forwarder : "the forwarder");
		return;
	}
	for (size_t i = 0; i < f->nrecs; i++) {
		up += f->recs[i].rc == 0;
		cookies &= !f->recs[i].no_netns_cookie;
	}
	add(t, "%zu socket%s bound on %s", up, up == 1 ? "" : "s",
	    f->separate_umem ? "a UMEM each" : "one shared UMEM");
	if (ifindex_collides(f->recs, f->nrecs))
		add(t, cookies ? ", one ifindex in several namespaces told apart by netns cookie"
			       : ", one ifindex in several namespaces, no netns cookie needed");
	if (f->nrecs > 1 && fill_rings_distinct(f->recs, f->nrecs))
		add(t, ", each with its own FILL ring");
}

static void loss(struct text *t, const struct pass_facts *f)
{
	const struct traffic_counts *c = f->traffic;
	uint64_t lost = c->sent > c->received ? c->sent - c->received : 0;
	double pct = c->sent ? 100.0 * (double)lost / (double)c->sent : 0;
	int worst = -1;

	if (!c->sent)
		return;
	if (!lost) {
		add(t, "; no frame lost of %" PRIu64 " sent", c->sent);
		return;
	}
	add(t,
	    "; lost %" PRIu64 " of %" PRIu64 " (%.1f %%), all counted by the kernel's drop "
	    "counters or in flight",
	    lost, c->sent, pct);
	for (int h = 0; c->by_hop && h < NHOPS; h++) {
		const struct hop_ledger *l = &c->hops[h];

		if (l->in > l->out &&
		    (worst < 0 || l->in - l->out > c->hops[worst].in - c->hops[worst].out))
			worst = h;
	}
	if (worst >= 0)
		add(t, ", most %s (a ring full: the chain at its limit)", hop_words[worst]);
	if (pct >= PASS_HINT_LOSS_PERCENT && f->received_pps >= 1000) {
		/* A round figure a little below what got through. */
		uint64_t rate = (uint64_t)(f->received_pps * 0.9 / 1000) * 1000;

		add(t,
		    "; for loss-free rates and latency run below it: RATE=%" PRIu64
		    " (--rate, total over all pairs)",
		    rate);
	}
}

void pass_reason(const struct pass_facts *f, char *buf, size_t len)
{
	struct text t = {.buf = buf, .len = len};

	if (len)
		buf[0] = '\0';
	sockets(&t, f);
	loss(&t, f);
}
