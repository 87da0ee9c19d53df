// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <inttypes.h>
#include <string.h>

#include "ledger.h"

const char *const hop_names[NHOPS] = {"to_fwd", "in_fwd", "to_sink"};
const char *const hop_words[NHOPS] = {"to the forwarder", "inside the forwarder", "to the sink"};

void hop_balance(const struct hop_ledger *h, struct hop_balance *out)
{
	uint64_t explained = h->counted + h->in_flight;

	memset(out, 0, sizeof(*out));
	if (h->out > h->in) {
		out->excess = h->out - h->in;
		out->over_counted = explained;
		return;
	}
	out->lost = h->in - h->out;
	if (out->lost > explained)
		out->unexplained = out->lost - explained;
	else
		out->over_counted = explained - out->lost;
}

uint64_t drops_counted(const struct drop_counts *d)
{
	uint64_t xsk_rx = d->xsk_rx_dropped + d->xsk_rx_ring_full + d->xsk_rx_invalid;
	uint64_t rx = d->veth_rx_dropped > xsk_rx ? d->veth_rx_dropped : xsk_rx;

	return rx + d->veth_tx_dropped + d->xsk_tx_invalid + d->xdp_passed + d->copy_drops;
}

void traffic_end_to_end(const struct traffic_counts *t, struct hop_ledger *out)
{
	*out = (struct hop_ledger){.in = t->sent,
				   .out = t->received,
				   .counted = t->drops_counted,
				   .in_flight = t->in_flight};
}

uint64_t traffic_unexplained_loss(const struct traffic_counts *t)
{
	struct hop_ledger whole;
	struct hop_balance b;
	uint64_t sum = 0;

	if (!t->by_hop) {
		traffic_end_to_end(t, &whole);
		hop_balance(&whole, &b);
		return b.unexplained;
	}
	for (int h = 0; h < NHOPS; h++) {
		hop_balance(&t->hops[h], &b);
		sum += b.unexplained;
	}
	return sum;
}

/* One hop's books: frames that appeared inside it, or vanished with nothing to say why. */
static void check_hop(const struct hop_ledger *h, const char *where, struct check_result *out)
{
	struct hop_balance b;

	hop_balance(h, &b);
	if (b.excess)
		verdict_raise(out, VERDICT_BUG,
			      "%" PRIu64 " more frames left the path %s than entered it (%" PRIu64
			      " in, %" PRIu64 " out): frames were duplicated",
			      b.excess, where, h->in, h->out);
	if (b.unexplained)
		verdict_raise(out, VERDICT_BUG,
			      "%" PRIu64 " of %" PRIu64 " frames lost %s without a kernel drop "
			      "counter to explain them (%" PRIu64 " counted, %" PRIu64
			      " in flight at the stop)",
			      b.unexplained, h->in, where, h->counted, h->in_flight);
}

void check_traffic(const struct traffic_counts *t, struct check_result *out)
{
	struct hop_ledger whole;

	out->verdict = VERDICT_PASS;
	out->reason[0] = '\0';
	if (!t->sent) {
		verdict_raise(out, VERDICT_ERROR, "the generator sent nothing");
		return;
	}
	if (!t->received) {
		verdict_raise(out, VERDICT_BUG, "no frame reached the sink (%" PRIu64 " sent)",
			      t->sent);
		return;
	}
	if (t->misdelivered)
		verdict_raise(out, VERDICT_BUG,
			      "%" PRIu64 " frames arrived on another flow's socket",
			      t->misdelivered);
	if (t->duplicates)
		verdict_raise(out, VERDICT_BUG, "%" PRIu64 " frames were delivered twice",
			      t->duplicates);
	if (t->received > t->sent)
		verdict_raise(out, VERDICT_BUG,
			      "%" PRIu64 " frames received but only %" PRIu64
			      " sent: frames were delivered more than once",
			      t->received, t->sent);
	if (t->flows_seen < t->flows_expected)
		verdict_raise(out, VERDICT_BUG,
			      "only %u of the %u flows the generator sent to reached the sink",
			      t->flows_seen, t->flows_expected);
	if (!t->by_hop) {
		traffic_end_to_end(t, &whole);
		check_hop(&whole, "between the generator and the sink", out);
		return;
	}
	for (int h = 0; h < NHOPS; h++)
		check_hop(&t->hops[h], hop_words[h], out);
}

void check_generator(const struct gen_run *g, struct check_result *out)
{
	out->verdict = VERDICT_PASS;
	out->reason[0] = '\0';
	if (!g->stop) {
		verdict_raise(out, VERDICT_ERROR, "the generator did not say why it stopped");
		return;
	}
	if (!strcmp(g->stop, "duration") || !strcmp(g->stop, "count"))
		return;
	if (!strcmp(g->stop, "signal"))
		verdict_raise(out, VERDICT_ERROR,
			      "the generator was stopped by a signal the run did not send, after "
			      "%.2f s of its %" PRIu64 " s",
			      g->worked_s, g->planned_s);
	else if (!strcmp(g->stop, "device"))
		verdict_raise(out, VERDICT_ERROR,
			      "the generator's device went away after %.2f s of its %" PRIu64
			      " s: %s",
			      g->worked_s, g->planned_s,
			      g->detail && *g->detail ? g->detail : "no reason given");
	else
		verdict_raise(out, VERDICT_ERROR,
			      "the generator stopped after %.2f s of its %" PRIu64 " s: '%s'",
			      g->worked_s, g->planned_s, g->stop);
}
