/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Entry points of the subcommands; main.c holds the command table. */
#ifndef XSKNS_COMMANDS_H
#define XSKNS_COMMANDS_H

int cmd_fwd(int argc, char **argv); /* shared-UMEM forwarder + lookup check */
/* The faults fwd --fault injects (run --fwd-fault passes one on): drop, duplicate, ledger faults.
 */
extern const char *const fwd_fault_kinds[];
int cmd_gen(int argc, char **argv);  /* AF_XDP TX traffic generator */
int cmd_sink(int argc, char **argv); /* AF_XDP RX sink: pps, loss, latency */
int cmd_kfwd(int argc, char **argv); /* kernel-only XDP redirect reference */
int cmd_run(int argc, char **argv);  /* a scenario end to end: topology, tools, verdict */
int cmd_version(int argc, char **argv);

#endif
