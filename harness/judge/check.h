/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The verdicts, and the socket check: the rules that turn what the harness
 * records for every AF_XDP socket into a verdict.
 * Pure functions: no sockets, no syscalls, so every rule is unit tested.
 */
#ifndef XSKNS_CHECK_H
#define XSKNS_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock_record.h"

/*
 * In rising order of severity: the worst verdict of several runs is the
 * largest. SKIP: the scenario cannot run on this kernel (a feature it needs is
 * missing), which says nothing about the bug either way.
 */
enum verdict { VERDICT_PASS, VERDICT_SKIP, VERDICT_BUG, VERDICT_ERROR };

const char *verdict_name(enum verdict v);
int verdict_parse(const char *s, enum verdict *out);

struct check_result {
	enum verdict verdict;
	char reason[512]; /* one line */
};

/*
 * Raise out to v with a reason, unless it already holds a reason at v or above:
 * the first problem wins within a level; ERROR outranks BUG, BUG outranks PASS.
 */
void verdict_raise(struct check_result *out, enum verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void verdict_vraise(struct check_result *out, enum verdict v, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/*
 * Socket rules: a failed creation (naming the earlier socket with the same
 * ifindex and queue in another namespace), cookie disagreement, shared rings.
 * Returns VERDICT_PASS when every record is clean.
 */
void check_sockets(const struct sock_record *recs, size_t n, struct check_result *out);
/*
 * The AF_XDP library the reasons name ("libbpf 0.8.0"): the one the binary is built
 * with (main() sets it). "libxdp" until set.
 */
void check_set_library(const char *label);

#endif
