#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"
#include "util.h"

#define MAX_ARGS     256
#define POLL_STEP_MS 20

int child_spawn(struct child *c, char *const argv[], bool want_ready)
{
	char *args[MAX_ARGS + 4];
	int pipefd[2] = {-1, -1}, n = 0;
	pid_t parent = getpid();

	c->ready_fd = -1;
	c->reaped = false;
	c->name = argv[0];
	args[n++] = "xskns";
	for (int i = 0; argv[i] && n < MAX_ARGS; i++)
		args[n++] = argv[i];
	if (want_ready) {
		if (pipe2(pipefd, O_CLOEXEC))
			return -errno;
		args[n++] = "--ready-fd";
		args[n++] = "3";
	}
	args[n] = NULL;

	c->pid = fork();
	if (c->pid < 0) {
		int err = -errno;

		if (want_ready) {
			close(pipefd[0]);
			close(pipefd[1]);
		}
		return err;
	}
	if (!c->pid) {
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
	if (want_ready) {
		close(pipefd[1]);
		c->ready_fd = pipefd[0];
	}
	return 0;
}

int child_wait_ready(struct child *c, int timeout_ms)
{
	struct pollfd pfd = {.fd = c->ready_fd, .events = POLLIN};
	char buf[16];
	ssize_t n;

	for (int waited = 0; waited < timeout_ms; waited += POLL_STEP_MS) {
		if (stop_requested)
			return -EINTR;
		if (poll(&pfd, 1, POLL_STEP_MS) <= 0)
			continue;
		n = read(c->ready_fd, buf, sizeof(buf));
		close(c->ready_fd);
		c->ready_fd = -1;
		return n > 0 ? 0 : -ESRCH; /* EOF without "ready": the child gave up */
	}
	return -ETIMEDOUT;
}

int child_wait(struct child *c, int timeout_ms)
{
	for (int waited = 0;; waited += POLL_STEP_MS) {
		pid_t r;

		if (c->reaped)
			return 0;
		r = waitpid(c->pid, &c->status, WNOHANG);
		if (r == c->pid) {
			c->reaped = true;
			if (c->ready_fd >= 0)
				close(c->ready_fd);
			c->ready_fd = -1;
			return 0;
		}
		if (r < 0 && errno != EINTR)
			return -errno;
		if (stop_requested)
			return -EINTR;
		if (timeout_ms >= 0 && waited >= timeout_ms)
			return -ETIMEDOUT;
		usleep(POLL_STEP_MS * 1000);
	}
}

void child_stop(struct child *c, int grace_ms)
{
	if (!c->pid || c->reaped)
		return;
	kill(c->pid, SIGTERM);
	for (int waited = 0; waited < grace_ms; waited += POLL_STEP_MS) {
		if (waitpid(c->pid, &c->status, WNOHANG) == c->pid) {
			c->reaped = true;
			break;
		}
		usleep(POLL_STEP_MS * 1000);
	}
	if (!c->reaped) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, &c->status, 0);
		c->reaped = true;
	}
	if (c->ready_fd >= 0)
		close(c->ready_fd);
	c->ready_fd = -1;
}

int child_exit_code(const struct child *c)
{
	if (!c->reaped || !WIFEXITED(c->status))
		return -1;
	return WEXITSTATUS(c->status);
}

int run_cmd(char *const argv[], char *err, size_t errlen)
{
	int pipefd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		dup2(pipefd[1], STDERR_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	n = read(pipefd[0], err, errlen - 1);
	err[n > 0 ? n : 0] = '\0';
	while (read(pipefd[0], (char[256]){0}, 256) > 0)
		;
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && !WEXITSTATUS(status)) {
		err[0] = '\0';
		return 0;
	}
	err[strcspn(err, "\n")] = '\0';
	return -EIO;
}
