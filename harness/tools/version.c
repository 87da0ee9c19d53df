// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The one file that includes the generated build_info.h, so a new commit
 * rebuilds this object alone.
 */
#include <bpf/libbpf.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "log.h"
#include "opts.h"
#include "version.h"
#include "xsk_api.h"

#if defined(__has_include)
#if __has_include("build_info.h")
#include "build_info.h"

#define VERSION_SUMMARY "Print the harness version and the AF_XDP implementation in use (key=value)"
#endif
#endif
#ifndef XSKNS_VERSION
#define XSKNS_VERSION "unknown"
#endif
#ifndef XSKNS_BUILD_CONFIG
#define XSKNS_BUILD_CONFIG "unknown"
#endif

const char *xskns_version(void)
{
	return XSKNS_VERSION;
}

const char *xskns_build_config(void)
{
	return XSKNS_BUILD_CONFIG;
}

/* The file libbpf was loaded from: a build tree's rpath can bring its own. */
static void libbpf_path(char *buf, size_t len)
{
	char real[PATH_MAX];
	Dl_info dl;

	snprintf(buf, len, "?");
	if (!dladdr((void *)libbpf_major_version, &dl) || !dl.dli_fname)
		return;
	snprintf(buf, len, "%s", realpath(dl.dli_fname, real) ? real : dl.dli_fname);
}

void version_print(FILE *f)
{
	struct xsk_impl_info impl;
	char bpf_path[PATH_MAX];

	xsk_impl_describe(&impl);
	libbpf_path(bpf_path, sizeof(bpf_path));
	fprintf(f, "xskns %s\n", xskns_version());
	fprintf(f, "AF_XDP: %s %s, loaded from %s\n", impl.name,
		impl.version[0] ? impl.version : "(version unknown)",
		impl.path[0] ? impl.path : "?");
	fprintf(f, "libbpf: %u.%u, loaded from %s\n", libbpf_major_version(),
		libbpf_minor_version(), bpf_path);
	fprintf(f, "build: %s\n", xskns_build_config());
}

static const struct opt_def version_opts[] = {
    OPT_END,
};

/* key=value, for scripts: the same facts as --version. */
static int cmd_version(int argc, char **argv)
{
	struct xsk_impl_info impl;
	int err;

	err = opts_parse(version_opts, NULL, argc, argv, NULL, VERSION_SUMMARY);
	if (err)
		return err > 0 ? EXIT_PASS : EXIT_ERROR;
	xsk_impl_describe(&impl);
	printf("xskns_version=%s\nbuild_config=%s\n", xskns_version(), xskns_build_config());
	printf("xsk_impl=%s\nxsk_impl_version=%s\nxsk_impl_path=%s\nxsk_impl_so_version=%s\n"
	       "libbpf_version=%u.%u\n",
	       impl.name, impl.version, impl.path, impl.so_version, libbpf_major_version(),
	       libbpf_minor_version());
	return EXIT_PASS;
}

const struct command command_version = {"version", cmd_version, VERSION_SUMMARY};
