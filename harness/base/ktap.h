/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * KTAP lines from text we do not control (scenario names come from file
 * names, reasons quote paths and tool messages): one line each, and a name
 * that cannot start a directive ("# SKIP") or forge a line of its own.
 */
#ifndef XSKNS_KTAP_H
#define XSKNS_KTAP_H

#include <stddef.h>

/* A test name: control bytes, '#' and '\' become "\xHH". Always terminated. */
void ktap_name(const char *in, char *out, size_t len);
/* A directive's text (after "# BUG: "): control bytes become spaces. */
void ktap_text(const char *in, char *out, size_t len);

#endif
