// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"

#define STEP_MS 10

/* Where cgroup2 is mounted, from /proc/self/mountinfo: "... MOUNTPOINT ... - cgroup2 ...". */
static int cgroup2_mount(char *mnt, size_t len)
{
	char line[1024], point[PATH_MAX];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (ret && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - cgroup2 ");

		if (sep && sscanf(line, "%*s %*s %*s %*s %4095s", point) == 1 &&
		    (size_t)snprintf(mnt, len, "%s", point) < len)
			ret = 0;
	}
	fclose(f);
	return ret;
}

/* This process's cgroup2 path ("0::/PATH" in /proc/self/cgroup). */
static int own_cgroup(char *cg, size_t len)
{
	char line[PATH_MAX + 8];
	FILE *f = fopen("/proc/self/cgroup", "re");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (ret && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3))
			continue;
		line[strcspn(line, "\n")] = '\0';
		if ((size_t)snprintf(cg, len, "%s", line + 3) < len)
			ret = 0;
	}
	fclose(f);
	return ret;
}

int cgroup_make(const char *name, char *path, size_t len)
{
	char mnt[PATH_MAX], cg[PATH_MAX];
	int ret = cgroup2_mount(mnt, sizeof(mnt)) ?: own_cgroup(cg, sizeof(cg));

	if (ret)
		return ret;
	if ((size_t)snprintf(path, len, "%s%s/%s", mnt, strcmp(cg, "/") ? cg : "", name) >= len)
		return -ENAMETOOLONG;
	return mkdir(path, 0755) ? -errno : 0;
}

static int write_file(const char *dir, const char *file, const char *val)
{
	char path[PATH_MAX + 32];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int cgroup_join(const char *path)
{
	return write_file(path, "cgroup.procs", "0");
}

/* The pids the cgroup lists, each sent sig; returns how many there were. */
static int signal_all(const char *dir, int sig)
{
	char path[PATH_MAX + 32];
	FILE *f;
	int pid, n = 0;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fscanf(f, "%d", &pid) == 1) {
		if (sig)
			kill(pid, sig);
		n++;
	}
	fclose(f);
	return n;
}

int cgroup_kill_remove(const char *path, int timeout_ms)
{
	int left;

	if (!path[0])
		return 0;
	left = signal_all(path, 0);
	for (int waited = 0;; waited += STEP_MS) {
		/* cgroup.kill since 5.14; before, each pid (a fork racing it is caught next round).
		 */
		if (write_file(path, "cgroup.kill", "1"))
			signal_all(path, SIGKILL);
		if (!rmdir(path))
			return left;
		if (errno != EBUSY)
			return -errno;
		if (waited >= timeout_ms)
			return -EBUSY;
		usleep(STEP_MS * 1000);
	}
}
