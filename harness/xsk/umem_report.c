// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <inttypes.h>
#include <stdio.h>

#include "log.h"
#include "umem_report.h"

/* "socket 1 (ns:dev queue 0), RX ring, address 0x1100, owner: fill of socket 0" */
static void describe_event(char *buf, size_t len, const struct ledger_event *e,
			   const struct sock_record *recs, unsigned int n)
{
	char owner[64];

	if (e->owner == LEDGER_OWNERS)
		snprintf(owner, sizeof(owner), "no frame: outside the UMEM");
	else
		snprintf(owner, sizeof(owner), "owner: %s of socket %u",
			 ledger_owner_names[e->owner], e->owner_sock);
	if (e->sock < n)
		snprintf(buf, len, "socket %u (%s:%s queue %u), %s ring, address %#" PRIx64 ", %s",
			 e->sock, recs[e->sock].netns, recs[e->sock].dev, recs[e->sock].queue,
			 ledger_ring_names[e->ring], e->addr, owner);
	else
		snprintf(buf, len, "socket %u, %s ring, address %#" PRIx64 ", %s", e->sock,
			 ledger_ring_names[e->ring], e->addr, owner);
}

#define HELD_LISTED 16 /* frames the kernel still holds, listed at most */

/* The frames the kernel still holds at the end: "socket S OWNER 0xADDR", HELD_LISTED at most. */
static void report_held(struct xsk_set *set, struct report *r, uint64_t held)
{
	char list[HELD_LISTED * 48] = "", *p = list;
	unsigned int listed = 0;

	for (unsigned int u = 0; u < xsk_set_numems(set) && listed < HELD_LISTED; u++) {
		const struct umem_ledger *l = xsk_set_ledger(set, u);

		for (uint32_t i = 0; l && i < l->nframes && listed < HELD_LISTED; i++) {
			size_t room = sizeof(list) - (size_t)(p - list);
			uint32_t sock;
			enum ledger_owner o = umem_ledger_owner(l, i, &sock);
			int w;

			if (!ledger_kernel_holds(o))
				continue;
			w = snprintf(p, room, "%ssocket %u %s %#" PRIx64, listed++ ? "; " : "",
				     sock, ledger_owner_names[o], (uint64_t)i * l->frame_size);
			if (w < 0 || (size_t)w >= room)
				break;
			p += w;
		}
	}
	report_str(r, "ledger.kernel_held_list", list);
	if (held)
		pr_info("the kernel still holds %" PRIu64 " UMEM frames after the drain: %s%s\n",
			held, list, held > listed ? "; ..." : "");
}

void umem_report_write(struct xsk_set *set, struct report *r)
{
	uint64_t owned[LEDGER_OWNERS] = {0}, violations[LV_KINDS] = {0}, frames = 0, held = 0;
	const struct ledger_event *first[LV_KINDS] = {0};
	const struct sock_record *recs = xsk_set_records(set, &(unsigned int){0});
	unsigned int nrecs = xsk_set_nsocks(set), u, k;
	char key[64], what[640];

	xsk_set_ledger_settle(set);
	report_str(r, "ledger", xsk_set_ledger(set, 0) ? "on" : "off");
	for (u = 0; u < xsk_set_numems(set); u++) {
		const struct umem_ledger *l = xsk_set_ledger(set, u);

		if (!l)
			continue;
		frames += l->nframes;
		for (k = 0; k < LEDGER_OWNERS; k++)
			owned[k] += l->owned[k];
		for (k = 0; k < LV_KINDS; k++) {
			violations[k] += l->violations[k];
			if (l->violations[k] && !first[k])
				first[k] = &l->first[k];
		}
	}
	report_u64(r, "ledger.frames", frames);
	for (k = 0; k < LEDGER_OWNERS; k++) {
		snprintf(key, sizeof(key), "ledger.owner.%s", ledger_owner_names[k]);
		report_u64(r, key, owned[k]);
		held += ledger_kernel_holds(k) ? owned[k] : 0;
	}
	report_u64(r, "ledger.kernel_held", held);
	report_held(set, r, held);
	for (k = 0; k < LV_KINDS; k++) {
		snprintf(key, sizeof(key), "ledger.violation.%s", ledger_violation_names[k]);
		report_u64(r, key, violations[k]);
		if (!first[k])
			continue;
		describe_event(what, sizeof(what), first[k], recs, nrecs);
		snprintf(key, sizeof(key), "ledger.first.%s", ledger_violation_names[k]);
		report_str(r, key, what);
		pr_warn("UMEM ledger: %" PRIu64 " x %s (%s), the first: %s\n", violations[k],
			ledger_violation_names[k], k < LV_KERNEL_KINDS ? "the kernel's" : "ours",
			what);
	}
}
