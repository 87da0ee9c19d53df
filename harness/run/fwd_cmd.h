/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Any AF_XDP application as the forwarder of a run (`--forwarder cmd:'...'`):
 * started inside the forwarder's namespace with its placeholders filled in,
 * pinned like our forwarder, judged ready once a probe frame has crossed it,
 * and stopped with its whole process group.
 */
#ifndef XSKNS_FWD_CMD_H
#define XSKNS_FWD_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"
#include "spawn.h"

/*
 * Start argv (already expanded) as a new process group, its network
 * namespace netns, pinned to cpu (UINT32_MAX: not pinned), stdin /dev/null,
 * stdout to our stderr; it is SIGKILLed should this process die. Returns 0, or
 * -errno with the reason in err (exec failures included: a missing program is
 * said here, not found later as a silent exit).
 */
int fwd_cmd_spawn(struct child *c, char *const argv[], const char *netns, uint32_t cpu, char *err,
		  size_t errlen);

/* Where probe frames enter the forwarder, and where they must come out. */
struct fwd_probe_path {
	const char *tx_netns, *tx_dev; /* the generator's side */
	const char *rx_netns, *rx_dev; /* the sink's side */
};

/*
 * Readiness without a ready fd: every 100 ms a probe frame (its own
 * EtherType, a magic word and a nonce) is sent from the generator's device by
 * a packet socket, and the command is ready when one comes out at the sink's
 * device, i.e. when traffic really crosses it. 0 then; -ESRCH when the command
 * exited or was stopped first; -ETIMEDOUT; -EINTR on a stop signal; another
 * -errno (err says) when the probe sockets cannot be made.
 */
int fwd_cmd_wait_probe(struct child *c, const struct fwd_probe_path *p, int timeout_ms, char *err,
		       size_t errlen);

/* Before child_stop(): SIGTERM (and SIGCONT) to the command's whole process group. */
void fwd_cmd_term(struct child *c);
/*
 * After child_stop(): whatever is left of its process group is killed, and an
 * end caused by our own stop (SIGTERM, or the exit status a shell gives for it)
 * counts as a clean exit; one that needed SIGKILL is said on stderr but is
 * not an error: the measurement is the generator's and the sink's.
 */
void fwd_cmd_reap(struct child *c);

#endif

/*
 * After the generator: wait until the forwarder's output device (dev in
 * netns) has sent nothing new for 200 ms, at most max_ms. A foreign
 * forwarder may queue far more than ours (bursts, deep rings): frames still
 * inside it when it is stopped would read as loss. Returns the ms waited.
 */
int fwd_cmd_drain(const char *netns, const char *dev, int max_ms);

struct run_cfg;
struct scenario;
struct topo;

/*
 * The whole start of a run's forwarder command: split, placeholders from the
 * topology's first pair, spawn in its namespace, wait for a probe to cross it
 * (cfg's --fwd-ready-timeout). 0 when ready; else -errno and a one-line reason
 * in err (the command is then left for the caller to stop and reap).
 */
int fwd_cmd_start(const struct run_cfg *cfg, const struct scenario *sc, const struct topo *t,
		  struct child *c, char *err, size_t errlen);

/*
 * Checked before anything is built: the command splits, and every placeholder
 * it uses is known and has a value in a run with these settings.
 */
int fwd_cmd_validate(const char *cmd, bool have_cpu, char *err, size_t errlen);
