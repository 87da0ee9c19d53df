#include <errno.h>
#include <seccomp.h>
#include <sys/socket.h>

#include "netns.h"
#include "seccomp_cookie.h"

int emulate_no_netns_cookie(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int err;

	if (!ctx)
		return -ENOMEM;
	/* No TSYNC: only the setup thread gets the filter, not the whole process. */
	err = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 0);
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOPROTOOPT), SCMP_SYS(getsockopt), 2,
				       SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
				       SCMP_A2(SCMP_CMP_EQ, SO_NETNS_COOKIE));
	if (!err)
		err = seccomp_load(ctx);
	seccomp_release(ctx);
	return err;
}
