// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * xskns: one binary, one subcommand per role. The list below is the whole
 * command line surface; each command parses its own options from a table.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "log.h"
#include "opts.h"
#include "util.h"
#include "version.h"
#include "check.h"
#include "xsk_api.h"

static const struct command *const commands[] = {
    &command_run, &command_fwd, &command_gen, &command_sink, &command_kfwd, &command_version,
};
/* The tooling: scripts with the make targets' options (tooling.c). */
static const struct command *const tooling[] = {
    &command_bisect, &command_matrix, &command_vm, &command_bench, &command_plots,
};
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void usage(FILE *f)
{
	fprintf(f, "Usage: xskns COMMAND [options]   (xskns COMMAND --help for its options)\n"
		   "       xskns --version\n\n");
	for (size_t i = 0; i < N_OF(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\nTooling (the make targets' scripts, installed in PREFIX/libexec/xskns):\n");
	for (size_t i = 0; i < N_OF(tooling); i++)
		fprintf(f, "  %-8s %s\n", tooling[i]->name, tooling[i]->summary);
}

int main(int argc, char **argv)
{
	char library[96];

	opts_set_version_printer(version_print);
	/* the reasons name the AF_XDP library this binary is built with */
	xsk_impl_label(library, sizeof(library));
	check_set_library(library);
	signals_reset();
	/* Past a file size limit a write fails (EFBIG) and is reported, not a silent death. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		version_print(stdout);
		return 0;
	}
	for (size_t i = 0; i < N_OF(commands); i++)
		if (!strcmp(argv[1], commands[i]->name))
			return commands[i]->run(argc - 1, argv + 1);
	for (size_t i = 0; i < N_OF(tooling); i++)
		if (!strcmp(argv[1], tooling[i]->name))
			return tooling[i]->run(argc - 1, argv + 1);
	fprintf(stderr, "xskns: unknown %s '%s' (see xskns --help)\n",
		argv[1][0] == '-' ? "option" : "command", argv[1]);
	return EXIT_ERROR;
}
