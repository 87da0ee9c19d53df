/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Seccomp filters on the calling thread alone (no TSYNC: the rest of the
 * process keeps every syscall), to emulate what an older kernel lacks.
 */
#ifndef XSKNS_THREAD_SECCOMP_H
#define XSKNS_THREAD_SECCOMP_H

#include <seccomp.h>

/*
 * One rule: syscall fails with err when its arguments match all n of args.
 * Returns 0 or -errno. Irreversible for the thread (and threads it creates later).
 */
int thread_fail_syscall(int err, int syscall, unsigned int n, const struct scmp_arg_cmp *args);

/*
 * Emulate a kernel before 5.14: getsockopt(SOL_SOCKET, SO_NETNS_COOKIE) fails
 * with ENOPROTOOPT. A fixed libxdp then falls back to one constant cookie for
 * every socket, which brings the collision back.
 */
int emulate_no_netns_cookie(void);

#endif
