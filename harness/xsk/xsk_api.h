/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The AF_XDP socket API the harness is built against: Debian's or a tree's
 * libxdp (<xdp/xsk.h>), or the helper the kernel's own selftests carry
 * (tools/testing/selftests/bpf/xsk.h). Both spell the same xsk_* calls; the
 * selftests copy still keys its per-(device, queue) contexts without the
 * netns cookie, which is what makes it a real buggy implementation.
 */
#ifndef XSKNS_XSK_API_H
#define XSKNS_XSK_API_H

#ifdef XSKNS_XSK_SELFTESTS
#include "xsk.h"
#else
#include <xdp/xsk.h>
#endif

/* Which implementation, its version, and the file it was really loaded from. */
struct xsk_impl_info {
	const char *name;    /* libxdp | libxdp-tree | selftests-xsk */
	char version[32];    /* the version built against (headers) */
	char so_version[32]; /* suffix of the loaded file (libxdp.so.1.3.0), "" when linked in */
	char path[4096];     /* shared object (or the binary itself when linked in) */
};

void xsk_impl_describe(struct xsk_impl_info *info);

#endif
