// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <string.h>

#include "log.h"
#include "records.h"
#include "tool.h"

int tool_exit_code(int err)
{
	if (!err)
		return EXIT_PASS;
	return err == -ENOENT || err == -ENODEV ? EXIT_ERROR : EXIT_SETUP;
}

int tool_open_sockets(struct xsk_set *set)
{
	int err = xsk_set_open(set);
	const struct sock_record *recs;
	unsigned int n;

	if (xsk_set_error(set)[0]) {
		pr_warn("%s\n", xsk_set_error(set));
		return tool_exit_code(err);
	}
	recs = xsk_set_records(set, &n);
	for (unsigned int i = 0; i < n; i++)
		if (recs[i].rc)
			pr_warn("socket %u on %s:%s queue %u: %s\n", i, recs[i].netns, recs[i].dev,
				recs[i].queue, strerror(-recs[i].rc));
	return tool_exit_code(err);
}

void tool_report_set(struct xsk_set *set, struct report *r)
{
	struct xdp_statistics sum;
	uint64_t redirected = 0, passed = 0, a, b;
	const struct sock_record *recs;
	unsigned int n;

	recs = xsk_set_records(set, &n);
	records_write(r, recs, n);
	xsk_set_stats(set, &sum);
	report_u64(r, "xsk.rx_dropped", sum.rx_dropped);
	report_u64(r, "xsk.rx_invalid", sum.rx_invalid_descs);
	report_u64(r, "xsk.tx_invalid", sum.tx_invalid_descs);
	report_u64(r, "xsk.rx_ring_full", sum.rx_ring_full);
	report_u64(r, "xsk.rx_fill_ring_empty", sum.rx_fill_ring_empty_descs);
	report_u64(r, "xsk.tx_ring_empty", sum.tx_ring_empty_descs);
	report_u64(r, "umem.pool_overflows", xsk_set_pool_overflows(set));
	if (!xsk_set_config(set)->rx)
		return;
	for (unsigned int i = 0; i < xsk_set_nports(set); i++) {
		if (xsk_set_prog_counters(set, i, &a, &b))
			continue;
		redirected += a;
		passed += b;
	}
	report_u64(r, "xdp.redirected", redirected);
	report_u64(r, "xdp.passed", passed);
}
