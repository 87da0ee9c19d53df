// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
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

struct ns_call {
	int nsfd;
	int (*fn)(void *arg);
	void *arg;
	int ret;
};

static void *ns_call_thread(void *arg)
{
	struct ns_call *c = arg;

	c->ret = setns(c->nsfd, CLONE_NEWNET) ? -errno : c->fn(c->arg);
	return NULL;
}

int netns_call_fd(int nsfd, int (*fn)(void *arg), void *arg)
{
	struct ns_call c = {.nsfd = nsfd, .fn = fn, .arg = arg};
	pthread_t t;
	int err;

	err = pthread_create(&t, NULL, ns_call_thread, &c);
	if (err)
		return -err;
	pthread_join(t, NULL);
	return c.ret;
}

int netns_call(const char *name_or_path, int (*fn)(void *arg), void *arg)
{
	int nsfd = netns_open(name_or_path), ret;

	if (nsfd < 0)
		return nsfd;
	ret = netns_call_fd(nsfd, fn, arg);
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
