/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Child processes: the tools of a run (this same binary) and `ip` commands. */
#ifndef XSKNS_SPAWN_H
#define XSKNS_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct child {
	pid_t pid;
	int ready_fd; /* read end of the child's --ready-fd pipe, -1 when none */
	int status;   /* wait status once reaped */
	bool reaped;
	bool ready;	 /* said "ready" */
	bool stopped;	 /* stopped now (SIGSTOP, SIGTSTP...) */
	int stopped_sig; /* the signal that last stopped it, 0 if it never was */
	bool killed;	 /* ignored SIGTERM: child_stop() had to SIGKILL it */
	long maxrss_kb;	 /* once reaped: its peak resident memory (VmHWM), from wait4() */
	double stop_s;	 /* child_stop(): SIGTERM to reaped (its teardown); 0 if it had ended */
	char name[16];	 /* the tool: argv[0], copied (the caller's argv may go) */
};

enum child_state { CHILD_RUNNING, CHILD_STOPPED, CHILD_GONE };

/*
 * Start "xskns TOOL ARGS..." (argv[0] is the tool name; any number of
 * arguments). The child's stdout goes to our stderr, so the parent's stdout
 * stays pure KTAP; it dies with us (PR_SET_PDEATHSIG). With want_ready,
 * "--ready-fd N" is appended.
 */
int child_spawn(struct child *c, char *const argv[], bool want_ready);
/*
 * 0 when the child said ready; -ESRCH if it exited or was stopped first;
 * -ETIMEDOUT; -EINTR on a stop signal.
 */
int child_wait_ready(struct child *c, int timeout_ms);
/* 0 once reaped; -ETIMEDOUT; -EINTR when a stop signal arrived (the child is left running). */
int child_wait(struct child *c, int timeout_ms);
/* Without blocking: running, stopped (recorded in stopped_sig), or gone (reaped). */
enum child_state child_poll(struct child *c);
/* SIGTERM (and SIGCONT, should it be stopped), then SIGKILL after grace_ms; always reaps. */
void child_stop(struct child *c, int grace_ms);
/* Exit code of a reaped child, or -1 if it died from a signal. */
int child_exit_code(const struct child *c);
/*
 * How a child ended, as "was killed by signal 9 (Killed)", "was stopped by
 * signal 19 (Stopped (signal))", "did not exit after SIGTERM and was killed",
 * "exited with status 3". Returns false only for a clean exit (status 0,
 * never stopped), described as "exited with status 0".
 */
bool child_describe(const struct child *c, char *buf, size_t len);

/*
 * Run a command to completion; on failure put its output in err, lines joined
 * by "; ". run_cmd_input() gives it input on stdin; shielded, it ignores
 * SIGINT, SIGTERM and SIGHUP, so a second Ctrl-C cannot cut a teardown short.
 */
int run_cmd(char *const argv[], char *err, size_t errlen);
int run_cmd_input(char *const argv[], const char *input, size_t len, bool shielded, char *err,
		  size_t errlen);

#endif
