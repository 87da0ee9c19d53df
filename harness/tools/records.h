/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Socket records across processes: written into a tool report, read back by `run`. */
#ifndef XSKNS_RECORDS_H
#define XSKNS_RECORDS_H

#include <stddef.h>

#include "sock_record.h"
#include "report.h"

void records_write(struct report *r, const struct sock_record *recs, size_t n);
/* Returns the number of records read (0 when the report has none); *out is malloc'ed. */
size_t records_read(const struct kvlist *kv, struct sock_record **out);
/* One human line per socket on stderr, after a header line. */
void records_print(const struct sock_record *recs, size_t n);

#endif
