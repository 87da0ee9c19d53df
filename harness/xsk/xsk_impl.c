// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsk_api.h"

#ifndef XSKNS_XSK_IMPL
#define XSKNS_XSK_IMPL "libxdp"
#endif
#ifndef XSKNS_XSK_IMPL_VERSION
#define XSKNS_XSK_IMPL_VERSION ""
#endif

#ifdef XSKNS_XSK_IMPL_SOURCE
/* Linked in from a source tree (libbpf's src/xsk.c): the file the calls were compiled from. */
static void xsk_impl_locate(struct xsk_impl_info *info)
{
	snprintf(info->path, sizeof(info->path), "%s", XSKNS_XSK_IMPL_SOURCE);
}
#else
/*
 * Ask the dynamic linker which file xsk_socket__create_shared() really came
 * from: with a build tree and rpath, that is how we know no system libxdp was
 * mixed in. The file's suffix is the library's ABI version, which can lag the
 * release (Debian's libxdp 1.3.1 installs libxdp.so.1.3.0), so the release
 * version comes from the build.
 */
static void xsk_impl_locate(struct xsk_impl_info *info)
{
	char real[PATH_MAX];
	const char *so;
	Dl_info dl;

	if (!dladdr((void *)xsk_socket__create_shared, &dl) || !dl.dli_fname)
		return;
	if (!realpath(dl.dli_fname, real))
		snprintf(real, sizeof(real), "%s", dl.dli_fname);
	snprintf(info->path, sizeof(info->path), "%s", real);
	so = strstr(real, ".so.");
	if (so)
		snprintf(info->so_version, sizeof(info->so_version), "%s", so + 4);
}
#endif

void xsk_impl_describe(struct xsk_impl_info *info)
{
	memset(info, 0, sizeof(*info));
	info->name = XSKNS_XSK_IMPL;
	snprintf(info->version, sizeof(info->version), "%s", XSKNS_XSK_IMPL_VERSION);
	xsk_impl_locate(info);
}

void xsk_impl_label(char *buf, size_t len)
{
	struct xsk_impl_info info;
	const char *name;

	xsk_impl_describe(&info);
	/* a libxdp tree is libxdp all the same; the selftests helper says what it is */
	name = !strcmp(info.name, "libxdp-tree")     ? "libxdp"
	       : !strcmp(info.name, "selftests-xsk") ? "the kernel selftests' xsk.c"
						     : info.name;
	snprintf(buf, len, "%s%s%s", name, info.version[0] ? " " : "", info.version);
}
