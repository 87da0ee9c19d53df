/*
 * Emulate a kernel before 5.14 on any kernel: make
 * getsockopt(SOL_SOCKET, SO_NETNS_COOKIE) fail with ENOPROTOOPT for the calling
 * thread (and threads it creates later). A fixed libxdp then falls back to one
 * constant cookie for every socket, which brings the collision back.
 */
#ifndef XSKNS_SECCOMP_COOKIE_H
#define XSKNS_SECCOMP_COOKIE_H

/* Returns 0 or -errno. Irreversible for the thread. */
int emulate_no_netns_cookie(void);

#endif
