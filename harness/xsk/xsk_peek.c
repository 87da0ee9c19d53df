// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <linux/if_xdp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "xsk_peek.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef SOL_XDP
#define SOL_XDP 283
#endif
#define PEEK_MAX_SOCKETS 1024

static int pidfd_open_(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

static int pidfd_getfd_(int pidfd, int fd)
{
	return (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
}

/* The process group of pid, from /proc/PID/stat (field 5, after the command's parentheses). */
static pid_t pgid_of(pid_t pid)
{
	char path[64], buf[512], *p;
	int pgrp = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) &&
	    sscanf(p + 1, " %*c %*d %d", &pgrp) != 1)
		pgrp = -1;
	fclose(f);
	return pgrp;
}

/* Descriptors waiting on one ring: its producer minus its consumer, from the first page. */
static int ring_pending(int fd, off_t pgoff, const struct xdp_ring_offset *o, uint64_t *n)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *map;
	uint32_t prod, cons;

	if (o->producer + 4 > (uint64_t)page || o->consumer + 4 > (uint64_t)page)
		return -ERANGE;
	map = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, pgoff);
	if (map == MAP_FAILED)
		return -errno;
	prod = __atomic_load_n((uint32_t *)(map + o->producer), __ATOMIC_ACQUIRE);
	cons = __atomic_load_n((uint32_t *)(map + o->consumer), __ATOMIC_ACQUIRE);
	munmap(map, (size_t)page);
	*n += prod - cons;
	return 0;
}

/* One duplicated descriptor: its counters and rings when it is an AF_XDP socket. */
static void peek_socket(int fd, struct xsk_peek *out)
{
	struct xdp_statistics st;
	struct xdp_mmap_offsets off;
	socklen_t len = sizeof(int);
	int domain = 0, rx, tx;

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) || domain != AF_XDP)
		return;
	out->sockets++;
	len = sizeof(st);
	if (getsockopt(fd, SOL_XDP, XDP_STATISTICS, &st, &len)) {
		out->unreadable++;
		return;
	}
	out->rx_dropped += st.rx_dropped;
	out->rx_invalid += st.rx_invalid_descs;
	out->tx_invalid += st.tx_invalid_descs;
	out->rx_ring_full += st.rx_ring_full;
	len = sizeof(off);
	/* A socket without an RX or a TX ring fails that mapping with EINVAL: nothing waits. */
	if (getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &len)) {
		out->rings_known = false;
		return;
	}
	rx = ring_pending(fd, XDP_PGOFF_RX_RING, &off.rx, &out->rx_pending);
	tx = ring_pending(fd, XDP_PGOFF_TX_RING, &off.tx, &out->tx_pending);
	if ((rx && rx != -EINVAL) || (tx && tx != -EINVAL))
		out->rings_known = false;
}

/* Is this the socket inode already seen? (A forked process shares its parent's.) */
static bool seen_before(unsigned long *seen, unsigned int *n, unsigned long ino)
{
	for (unsigned int i = 0; i < *n; i++)
		if (seen[i] == ino)
			return true;
	if (*n < PEEK_MAX_SOCKETS)
		seen[(*n)++] = ino;
	return false;
}

static void peek_process(pid_t pid, unsigned long *seen, unsigned int *nseen, struct xsk_peek *out)
{
	char dir[64], link[PATH_MAX + 80], target[64];
	int pidfd = pidfd_open_(pid);
	struct dirent *e;
	DIR *d;

	if (pidfd < 0)
		return;
	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		unsigned long ino;
		ssize_t n;
		int fd;

		snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (sscanf(target, "socket:[%lu]", &ino) != 1 || seen_before(seen, nseen, ino))
			continue;
		fd = pidfd_getfd_(pidfd, atoi(e->d_name));
		if (fd < 0) {
			out->unreadable++;
			continue;
		}
		peek_socket(fd, out);
		close(fd);
	}
	if (d)
		closedir(d);
	close(pidfd);
}

int xsk_peek_pgroup(pid_t pgid, struct xsk_peek *out)
{
	unsigned long *seen = calloc(PEEK_MAX_SOCKETS, sizeof(*seen));
	unsigned int nseen = 0;
	struct dirent *e;
	DIR *proc;

	memset(out, 0, sizeof(*out));
	out->rings_known = true;
	if (!seen)
		return -ENOMEM;
	proc = opendir("/proc");
	if (!proc) {
		free(seen);
		return -errno;
	}
	while ((e = readdir(proc))) {
		pid_t pid = (pid_t)atoi(e->d_name);

		if (pid > 0 && pgid_of(pid) == pgid)
			peek_process(pid, seen, &nseen, out);
	}
	closedir(proc);
	free(seen);
	return 0;
}
