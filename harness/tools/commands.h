/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The subcommands: each file that implements one defines its struct command,
 * whose summary is also the first line of its --help; main.c lists them.
 */
#ifndef XSKNS_COMMANDS_H
#define XSKNS_COMMANDS_H

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* one line, no final period */
};

extern const struct command command_run;  /* a scenario end to end: topology, tools, verdict */
extern const struct command command_fwd;  /* shared-UMEM forwarder + lookup check */
extern const struct command command_gen;  /* AF_XDP TX traffic generator */
extern const struct command command_sink; /* AF_XDP RX sink: pps, loss, latency */
extern const struct command command_kfwd; /* kernel-only XDP redirect reference */
extern const struct command command_version;
/* Scripts run in the binary's place (tooling.c): installed tooling, else the build tree's. */
extern const struct command command_bisect;
extern const struct command command_matrix;
extern const struct command command_vm;
extern const struct command command_bench;
extern const struct command command_plots;

/* The faults fwd --fault injects (run --fwd-fault passes one on): drop, duplicate, ledger faults.
 */
extern const char *const fwd_fault_kinds[];

#endif
