/* Child processes: the tools of a run (this same binary) and `ip` commands. */
#ifndef XSKNS_SPAWN_H
#define XSKNS_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

struct child {
	const char *name;
	pid_t pid;
	int ready_fd; /* read end of the child's --ready-fd pipe, -1 when none */
	int status;   /* wait status once reaped */
	bool reaped;
};

/*
 * Start "xskns TOOL ARGS..." (argv[0] is the tool name). The child's stdout
 * goes to our stderr, so the parent's stdout stays pure KTAP; it dies with us
 * (PR_SET_PDEATHSIG). With want_ready, "--ready-fd N" is appended.
 */
int child_spawn(struct child *c, char *const argv[], bool want_ready);
/* 0 when the child said ready; -ESRCH if it exited first; -ETIMEDOUT; -EINTR on a stop signal. */
int child_wait_ready(struct child *c, int timeout_ms);
/* 0 once reaped; -ETIMEDOUT; -EINTR when a stop signal arrived (the child is left running). */
int child_wait(struct child *c, int timeout_ms);
/* SIGTERM, then SIGKILL after grace_ms; always reaps. */
void child_stop(struct child *c, int grace_ms);
/* Exit code of a reaped child, or -1 if it died from a signal. */
int child_exit_code(const struct child *c);

/* Run a command to completion; on failure put its first stderr line in err. */
int run_cmd(char *const argv[], char *err, size_t errlen);

#endif
