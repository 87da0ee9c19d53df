/* bpf/xsk_common.h for userspace: the kernel's __u64 types come from linux/types.h. */
#ifndef XSKNS_XSK_COMMON_USER_H
#define XSKNS_XSK_COMMON_USER_H

#include <linux/types.h>

#include "../bpf/xsk_common.h"

#endif
