// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <sys/socket.h>

#include "netns.h"
#include "thread_seccomp.h"

int thread_fail_syscall(int err, int syscall, unsigned int n, const struct scmp_arg_cmp *args)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int ret;

	if (!ctx)
		return -ENOMEM;
	/* No TSYNC: only the calling thread gets the filter, not the whole process. */
	ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 0);
	if (!ret)
		ret = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO((unsigned int)err), syscall, n,
					     args);
	if (!ret)
		ret = seccomp_load(ctx);
	seccomp_release(ctx);
	return ret;
}

int emulate_no_netns_cookie(void)
{
	const struct scmp_arg_cmp args[] = {SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
					    SCMP_A2(SCMP_CMP_EQ, SO_NETNS_COOKIE)};

	return thread_fail_syscall(ENOPROTOOPT, SCMP_SYS(getsockopt), 2, args);
}
