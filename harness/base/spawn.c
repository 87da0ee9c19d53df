// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "util.h"

#define POLL_STEP_MS 20

int child_spawn(struct child *c, char *const argv[], bool want_ready)
{
	int pipefd[2] = {-1, -1}, n = 0, argc = 0;
	pid_t parent = getpid();
	char **args;

	while (argv[argc])
		argc++;
	/* "xskns", the tool's arguments, "--ready-fd 3", NULL: sized from the input. */
	args = calloc((size_t)argc + 4, sizeof(*args));
	if (!args)
		return -ENOMEM;
	*c = (struct child){.ready_fd = -1};
	snprintf(c->name, sizeof(c->name), "%s", argc ? argv[0] : "");
	args[n++] = "xskns";
	for (int i = 0; i < argc; i++)
		args[n++] = argv[i];
	if (want_ready) {
		if (pipe2(pipefd, O_CLOEXEC)) {
			free(args);
			return -errno;
		}
		args[n++] = "--ready-fd";
		args[n++] = "3";
	}
	args[n] = NULL;

	c->pid = fork();
	if (c->pid < 0) {
		int err = -errno;

		c->pid = 0;
		if (want_ready) {
			close(pipefd[0]);
			close(pipefd[1]);
		}
		free(args);
		return err;
	}
	if (!c->pid) {
		signals_reset();
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		dup2(STDERR_FILENO, STDOUT_FILENO);
		if (want_ready)
			dup2(pipefd[1], 3); /* dup2 clears O_CLOEXEC on the copy */
		execv("/proc/self/exe", args);
		fprintf(stderr, "xskns: cannot exec /proc/self/exe: %s\n", strerror(errno));
		_exit(127);
	}
	free(args);
	if (want_ready) {
		close(pipefd[1]);
		c->ready_fd = pipefd[0];
	}
	return 0;
}

static void close_ready_fd(struct child *c)
{
	if (c->ready_fd >= 0)
		close(c->ready_fd);
	c->ready_fd = -1;
}

enum child_state child_poll(struct child *c)
{
	struct rusage ru;
	int status;
	pid_t r;

	if (!c->pid || c->reaped)
		return CHILD_GONE;
	r = wait4(c->pid, &status, WNOHANG | WUNTRACED | WCONTINUED, &ru);
	if (r != c->pid)
		return c->stopped ? CHILD_STOPPED : CHILD_RUNNING;
	if (WIFSTOPPED(status)) {
		c->stopped = true;
		c->stopped_sig = WSTOPSIG(status);
		return CHILD_STOPPED;
	}
	if (WIFCONTINUED(status)) {
		c->stopped = false;
		return CHILD_RUNNING;
	}
	c->status = status;
	c->reaped = true;
	c->stopped = false;
	c->maxrss_kb = ru.ru_maxrss;
	return CHILD_GONE;
}

int child_wait_ready(struct child *c, int timeout_ms)
{
	struct pollfd pfd = {.fd = c->ready_fd, .events = POLLIN};
	char buf[16];
	ssize_t n;

	for (int waited = 0; waited < timeout_ms; waited += POLL_STEP_MS) {
		if (stop_requested)
			return -EINTR;
		if (poll(&pfd, 1, POLL_STEP_MS) <= 0) {
			/* Stopped before it was ready: it will not be, whatever the timeout. */
			if (child_poll(c) == CHILD_STOPPED)
				return -ESRCH;
			continue;
		}
		n = read(c->ready_fd, buf, sizeof(buf));
		close_ready_fd(c);
		c->ready = n > 0;
		return c->ready ? 0 : -ESRCH; /* EOF without "ready": the child gave up */
	}
	return -ETIMEDOUT;
}

int child_wait(struct child *c, int timeout_ms)
{
	for (int waited = 0;; waited += POLL_STEP_MS) {
		if (child_poll(c) == CHILD_GONE) {
			close_ready_fd(c);
			return 0;
		}
		if (stop_requested)
			return -EINTR;
		if (timeout_ms >= 0 && waited >= timeout_ms)
			return -ETIMEDOUT;
		usleep(POLL_STEP_MS * 1000);
	}
}

void child_stop(struct child *c, int grace_ms)
{
	struct rusage ru = {0};
	uint64_t t0 = now_ns();

	if (c->reaped)
		close_ready_fd(c);
	if (!c->pid || c->reaped)
		return;
	kill(c->pid, SIGTERM);
	kill(c->pid, SIGCONT); /* a stopped child acts on SIGTERM only once continued */
	for (int waited = 0; waited < grace_ms; waited += POLL_STEP_MS) {
		if (child_poll(c) == CHILD_GONE) {
			c->stop_s = (double)(now_ns() - t0) / NSEC_PER_SEC;
			close_ready_fd(c);
			return;
		}
		usleep(POLL_STEP_MS * 1000);
	}
	kill(c->pid, SIGKILL);
	while (wait4(c->pid, &c->status, 0, &ru) < 0 && errno == EINTR)
		;
	c->maxrss_kb = ru.ru_maxrss;
	c->stop_s = (double)(now_ns() - t0) / NSEC_PER_SEC;
	c->reaped = true;
	c->killed = true;
	close_ready_fd(c);
}

int child_exit_code(const struct child *c)
{
	if (!c->reaped || !WIFEXITED(c->status))
		return -1;
	return WEXITSTATUS(c->status);
}

bool child_describe(const struct child *c, char *buf, size_t len)
{
	if (c->stopped_sig)
		snprintf(buf, len, "was stopped by signal %d (%s)", c->stopped_sig,
			 strsignal(c->stopped_sig));
	else if (c->killed)
		snprintf(buf, len, "did not exit after SIGTERM and was killed");
	else if (!c->reaped)
		snprintf(buf, len, "is still running");
	else if (WIFSIGNALED(c->status))
		snprintf(buf, len, "was killed by signal %d (%s)", WTERMSIG(c->status),
			 strsignal(WTERMSIG(c->status)));
	else
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(c->status));
	return c->stopped_sig || c->killed || !c->reaped || !WIFEXITED(c->status) ||
	       WEXITSTATUS(c->status);
}

/* A command's output, its lines joined by "; " (the last newline dropped). */
static void read_output(int fd, char *out, size_t len)
{
	bool newline = false;
	char buf[512];
	size_t n = 0;
	ssize_t r;

	while ((r = read(fd, buf, sizeof(buf))) > 0 || (r < 0 && errno == EINTR)) {
		for (ssize_t i = 0; i < r && n + 3 < len; i++) {
			if (buf[i] == '\n') {
				newline = n > 0;
				continue;
			}
			if (newline) {
				out[n++] = ';';
				out[n++] = ' ';
				newline = false;
			}
			out[n++] = buf[i];
		}
	}
	out[n] = '\0';
}

/* The input as a file the child reads from: no pipe to keep fed while it runs. */
static int input_file(const char *input, size_t len)
{
	int fd = memfd_create("xskns-input", MFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, input + off, len - off);

		if (w < 0 && errno != EINTR) {
			close(fd);
			return -errno;
		}
		off += w > 0 ? (size_t)w : 0;
	}
	if (lseek(fd, 0, SEEK_SET)) {
		close(fd);
		return -errno;
	}
	return fd;
}

int run_cmd_input(char *const argv[], const char *input, size_t len, bool shielded, char *err,
		  size_t errlen)
{
	int pipefd[2], in = -1, status;
	pid_t pid;

	if (input && (in = input_file(input, len)) < 0)
		return in;
	if (pipe2(pipefd, O_CLOEXEC)) {
		status = -errno;
		if (in >= 0)
			close(in);
		return status;
	}
	pid = fork();
	if (!pid) {
		signals_reset();
		if (shielded) {
			signal(SIGINT, SIG_IGN);
			signal(SIGTERM, SIG_IGN);
			signal(SIGHUP, SIG_IGN);
		}
		if (in >= 0)
			dup2(in, STDIN_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	status = pid < 0 ? -errno : 0;
	close(pipefd[1]);
	if (in >= 0)
		close(in);
	if (pid < 0) {
		close(pipefd[0]);
		return status;
	}
	read_output(pipefd[0], err, errlen);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && !WEXITSTATUS(status)) {
		err[0] = '\0';
		return 0;
	}
	return -EIO;
}

int run_cmd(char *const argv[], char *err, size_t errlen)
{
	return run_cmd_input(argv, NULL, 0, false, err, errlen);
}
