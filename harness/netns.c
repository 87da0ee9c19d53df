// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"

int netns_open(const char *name_or_path)
{
	char path[PATH_MAX];
	int fd;

	if (strchr(name_or_path, '/'))
		snprintf(path, sizeof(path), "%s", name_or_path);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name_or_path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int netns_enter(int nsfd)
{
	return setns(nsfd, CLONE_NEWNET) ? -errno : 0;
}

int netns_run(const char *name_or_path, int (*fn)(void *arg), void *arg)
{
	int self = netns_open("/proc/self/ns/net"), nsfd = netns_open(name_or_path), ret;

	if (self < 0 || nsfd < 0) {
		ret = self < 0 ? self : nsfd;
		goto out;
	}
	ret = netns_enter(nsfd);
	if (!ret) {
		ret = fn(arg);
		netns_enter(self);
	}
out:
	if (self >= 0)
		close(self);
	if (nsfd >= 0)
		close(nsfd);
	return ret;
}

int netns_inode(int nsfd, uint64_t *ino)
{
	struct stat st;

	if (fstat(nsfd, &st))
		return -errno;
	*ino = st.st_ino;
	return 0;
}

int sock_netns_cookie(int fd, uint64_t *cookie)
{
	socklen_t len = sizeof(*cookie);

	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len))
		return -errno;
	return 0;
}

int netns_probe_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	return fd < 0 ? -errno : fd;
}
