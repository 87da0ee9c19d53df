// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The commands that are scripts: bisect, matrix, vm, bench and plots run the
 * tooling installed beside the binary (PREFIX/libexec/xskns/scripts, found from
 * /proc/self/exe), else that of the tree the binary was built from. Their options
 * are the scripts' own, which the make targets pass too.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"
#include "util.h"

static bool is_exec(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

/* The script NAME's path in buf, installed first (as the scenarios are); -1: none found. */
static int tooling_path(const char *exe, const char *name, char *buf, size_t len)
{
	char bin[PATH_MAX];
	int n;

	if (strchr(exe, '/')) {
		snprintf(bin, sizeof(bin), "%s", exe);
		*strrchr(bin, '/') = '\0'; /* PREFIX/bin */
		n = snprintf(buf, len, "%s/../libexec/xskns/scripts/%s", bin, name);
		if (n > 0 && (size_t)n < len && is_exec(buf))
			return 0;
	}
#ifdef XSKNS_TREE
	n = snprintf(buf, len, "%s/scripts/%s", XSKNS_TREE, name);
	if (n > 0 && (size_t)n < len && is_exec(buf))
		return 0;
#endif
	return -1;
}

/* Runs the script in this process's place; XSKNS_CMD tells it which harness called it. */
static int tooling_exec(const char *name, int argc, char **argv)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	(void)argc;
	exe[n > 0 ? n : 0] = '\0';
	if (tooling_path(exe, name, path, sizeof(path))) {
		fprintf(stderr,
			"xskns %s: its script is not installed (PREFIX/libexec/xskns/scripts/%s): "
			"reinstall xskns\n",
			name, name);
		return EXIT_ERROR;
	}
	if (n > 0)
		setenv("XSKNS_CMD", exe, 1);
	argv[0] = path;
	execv(path, argv);
	fprintf(stderr, "xskns %s: cannot run %s: %s\n", name, path, strerror(errno));
	return EXIT_ERROR;
}

#define TOOLING_COMMAND(cname, script, text)                                                       \
	static int run_##cname(int argc, char **argv)                                              \
	{                                                                                          \
		return tooling_exec(script, argc, argv);                                           \
	}                                                                                          \
	const struct command command_##cname = {.name = script, .run = run_##cname, .summary = text}

TOOLING_COMMAND(bisect, "bisect", "Find the commit (or kernel) that broke or fixed a scenario");
TOOLING_COMMAND(matrix, "matrix", "Every scenario on every kernel, one guest boot per kernel");
TOOLING_COMMAND(vm, "vm", "Guests: run scenarios, debug with gdb, trace xsk_bind(), a shell");
TOOLING_COMMAND(bench, "bench", "The forwarding-chain benchmark, medians of repeated runs");
TOOLING_COMMAND(plots, "plots", "Plots and report.html of everything under a results folder");
