/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A tool's UMEM ledgers at its end, into its report: settled from what the
 * rings still hold (xsk_set_ledger_settle()), summed over the set's UMEMs.
 * Keys (read back by umem_judge.c): ledger (on | off), ledger.frames,
 * ledger.owner.<owner>, ledger.kernel_held and ledger.kernel_held_list (16 at
 * most), ledger.violation.<kind>, and ledger.first.<kind> for each kind seen:
 * "socket S (netns:dev queue Q), RING ring, address 0x..., owner: ... of
 * socket T". Each kind seen is also a warning on stderr.
 */
#ifndef XSKNS_UMEM_REPORT_H
#define XSKNS_UMEM_REPORT_H

#include "report.h"
#include "xsk_set.h"

void umem_report_write(struct xsk_set *set, struct report *r);

#endif
