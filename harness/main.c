// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * xskns: one binary, one subcommand per role. The table below is the whole
 * command line surface; each command parses its own options from a table.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "log.h"
#include "util.h"
#include "version.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
    {"run", cmd_run, "Run scenarios end to end: topology, gen -> fwd -> sink, verdict"},
    {"fwd", cmd_fwd, "Forward between ports over one shared UMEM and check the sockets"},
    {"gen", cmd_gen, "Send stamped UDP frames from AF_XDP sockets"},
    {"sink", cmd_sink, "Receive on AF_XDP sockets: rate, loss, latency"},
    {"kfwd", cmd_kfwd, "Kernel-only XDP redirect between two ports (reference)"},
    {"version", cmd_version, "Print the harness version and AF_XDP implementation (key=value)"},
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: xskns COMMAND [options]   (xskns COMMAND --help for its options)\n"
		   "       xskns --version\n\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
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
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "xskns: unknown %s '%s' (see xskns --help)\n",
		argv[1][0] == '-' ? "option" : "command", argv[1]);
	return EXIT_ERROR;
}
