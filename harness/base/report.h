/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Tool reports: a flat "key=value" file per tool, written at the end of a run
 * and read back by `xskns run`, which turns them into result.json.
 */
#ifndef XSKNS_REPORT_H
#define XSKNS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct report {
	FILE *f;
};

/* path NULL gives a report that discards everything. Returns 0 or -errno. */
int report_open(struct report *r, const char *path);
void report_u64(struct report *r, const char *key, uint64_t v);
void report_i64(struct report *r, const char *key, int64_t v);
void report_f64(struct report *r, const char *key, double v);
/* Newlines in v are replaced by spaces: one line per key. */
void report_str(struct report *r, const char *key, const char *v);
void report_close(struct report *r);

struct kv {
	char *key;
	char *val;
};

struct kvlist {
	struct kv *v;
	size_t n;
};

int kv_load(const char *path, struct kvlist *out);
void kv_free(struct kvlist *l);
const char *kv_get(const struct kvlist *l, const char *key);
uint64_t kv_u64(const struct kvlist *l, const char *key, uint64_t dflt);
double kv_f64(const struct kvlist *l, const char *key, double dflt);

#endif
