/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Small helpers every command uses: time, stop signals, CPU pinning, the ready signal. */
#ifndef XSKNS_UTIL_H
#define XSKNS_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NSEC_PER_SEC  1000000000ULL

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

/*
 * dst += src, field by field, for structs made of 64-bit counters only
 * (struct xdp_statistics, the BPF programs' counters): one loop for every sum.
 */
static inline void counters_add(void *dst, const void *src, size_t size)
{
	for (size_t off = 0; off + sizeof(uint64_t) <= size; off += sizeof(uint64_t)) {
		uint64_t a, b;

		memcpy(&a, (char *)dst + off, sizeof(a));
		memcpy(&b, (const char *)src + off, sizeof(b));
		a += b;
		memcpy((char *)dst + off, &a, sizeof(a));
	}
}

static inline int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/*
 * Every signal's default action, none blocked: what a launcher left (SIGCHLD
 * ignored, SIGTERM blocked...) survives exec and would change how children are
 * reaped and stopped. At the start of every command and in every child.
 */
void signals_reset(void);

/* Set by SIGINT/SIGTERM/SIGHUP once stop_on_signals() is installed. */
extern volatile sig_atomic_t stop_requested;
void stop_on_signals(void);

/* Pin the calling thread to cpu (ignored when cpu < 0). Returns 0 or -errno. */
int pin_to_cpu(int cpu);
/*
 * 0 when this process may run on cpu; else -EINVAL with what it may run on in
 * desc, e.g. "2 CPUs: 0-1".
 */
int cpu_available(uint32_t cpu, char *desc, size_t len);
/*
 * A tool's --cpu (UINT32_MAX: none): pin the calling thread, or say on stderr
 * why not. A placement that is recorded must be real: the caller exits 2.
 */
int pin_tool(const char *tool, uint32_t cpu);

/* Write "ready\n" to fd and close it (fd < 0: nothing). Parents wait on it. */
void signal_ready(int fd);

#endif
