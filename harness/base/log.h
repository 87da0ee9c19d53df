/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Logging to stderr with levels, and the exit codes every command shares. */
#ifndef XSKNS_LOG_H
#define XSKNS_LOG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* -v raises INFO to DEBUG, -vv to TRACE: libbpf's own info and debug lines too. */
enum log_level { LOG_WARN, LOG_INFO, LOG_DEBUG, LOG_TRACE };

/* Exit codes. `xskns run` maps every failure that is not a verdict to EXIT_ERROR. */
enum exit_code {
	EXIT_PASS = 0,	/* verdict PASS, or a tool finished normally */
	EXIT_BUG = 1,	/* verdict BUG */
	EXIT_ERROR = 2, /* bad input or usage: the one-line error names the value */
	EXIT_SETUP = 3, /* setup failed: privileges, AF_XDP, BPF, namespaces */
	EXIT_SKIP = 4,	/* this kernel lacks what is needed (kselftest's KSFT_SKIP) */
};

extern enum log_level log_level;
/* Prefix for every line, e.g. "fwd": several tools share one terminal. */
extern const char *log_prefix;

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * printf for people: the user's LC_NUMERIC ("%'" groups digits, the decimal
 * mark may be a comma). Files meant for programs use plain fprintf, which stays
 * in the C locale.
 */
int human_vfprintf(FILE *f, const char *fmt, va_list ap);
int human_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int human_snprintf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A duration for people, three digits and its unit: "642 µs", "5.47 ms", "812 ns". */
const char *human_ns(char *buf, size_t len, double ns);

#define pr_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define pr_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Route libbpf's own messages one level below ours. */
void log_setup_libbpf(void);
/* The level for -v given n times. */
void log_set_verbosity(unsigned int n);

#endif
