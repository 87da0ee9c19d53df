/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The AF_XDP socket API the harness is built against: Debian's or a tree's
 * libxdp (<xdp/xsk.h>), the helper the kernel's own selftests carry
 * (tools/testing/selftests/bpf/xsk.h), or libbpf's own src/xsk.c (v0.2 to
 * v0.8.x). All spell the same xsk_* calls; the selftests copy and libbpf
 * before v0.8.1 key their per-(device, queue) contexts without the netns
 * cookie, which is what makes them real buggy implementations.
 */
#ifndef XSKNS_XSK_API_H
#define XSKNS_XSK_API_H

#ifdef XSKNS_XSK_SELFTESTS
#include "xsk.h"
#elif defined(XSKNS_XSK_LIBBPF)
/*
 * The tree's xsk.h includes its own "libbpf.h": the system's comes first so
 * its include guard keeps the old one out, and the rest of the harness sees
 * one libbpf API. The old header marks the AF_XDP calls deprecated since
 * 0.7 with a macro libbpf 1.x no longer defines: no mark, here.
 */
#include <bpf/libbpf.h>
#ifndef __LIBBPF_MARK_DEPRECATED_0_7
#define __LIBBPF_MARK_DEPRECATED_0_7(X)
#endif
#include "xsk.h"
#ifdef XSKNS_XSK_NO_CONS_CANCEL
/* Hand back the last nb entries peeked and not released (later libbpf has this). */
static inline void xsk_ring_cons__cancel(struct xsk_ring_cons *cons, __u32 nb)
{
	cons->cached_cons -= nb;
}
#endif
#else
#include <xdp/xsk.h>
#endif

/* Which implementation, its version, and the file it was really loaded from. */
struct xsk_impl_info {
	const char *name;    /* libxdp | libxdp-tree | selftests-xsk | libbpf */
	char version[32];    /* the version built against (headers) */
	char so_version[32]; /* suffix of the loaded file (libxdp.so.1.3.0), "" when linked in */
	char path[4096];     /* shared object, libbpf's src/xsk.c, or the binary itself */
};

void xsk_impl_describe(struct xsk_impl_info *info);
/* The implementation as a reason names it: "libbpf 0.8.0", "libxdp 1.3.1". */
void xsk_impl_label(char *buf, size_t len);

#endif
