/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Network namespaces by name (/run/netns/NAME) or path, and their cookies. */
#ifndef XSKNS_NETNS_H
#define XSKNS_NETNS_H

#include <stdint.h>

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* Open a namespace: a bare name means /run/netns/NAME. Returns fd or -errno. */
int netns_open(const char *name_or_path);
/* Inode of the namespace behind nsfd: equal for one namespace while it lives. */
int netns_inode(int nsfd, uint64_t *ino);
/* SO_NETNS_COOKIE of any socket; -ENOPROTOOPT before Linux 5.14. */
int sock_netns_cookie(int fd, uint64_t *cookie);
/*
 * Call fn(arg) in a short-lived thread that entered the namespace: setns()
 * moves only that thread and its end takes the switch with it, so the caller
 * never changes namespace and nothing has to switch back. Returns fn's value,
 * or -errno when the thread cannot start or the namespace cannot be opened or
 * entered (fn is then not called).
 */
int netns_call_fd(int nsfd, int (*fn)(void *arg), void *arg);
int netns_call(const char *name_or_path, int (*fn)(void *arg), void *arg);
/* A UDP socket opened in the calling thread's namespace: its cookie is the namespace's. */
int netns_probe_socket(void);

#endif
