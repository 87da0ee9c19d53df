/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A cgroup (v2) of the run's own, to stop a process tree however it detaches:
 * a child that calls setsid() or double-forks leaves its process group, never
 * its cgroup.
 */
#ifndef XSKNS_CGROUP_H
#define XSKNS_CGROUP_H

#include <stddef.h>

/*
 * Create NAME under this process's cgroup in the cgroup2 hierarchy; path gets
 * its folder. 0, or -errno when there is no writable cgroup2 (the caller then
 * stops what it can by process group).
 */
int cgroup_make(const char *name, char *path, size_t len);
/* Move the calling process into the cgroup at path (in a child, before exec). 0 or -errno. */
int cgroup_join(const char *path);
/*
 * Kill everything in the cgroup (cgroup.kill, or each pid it lists on kernels
 * before 5.14), wait up to timeout_ms for it to empty, and remove it. Returns
 * how many processes were in it, or -errno when it could not be removed.
 */
int cgroup_kill_remove(const char *path, int timeout_ms);

#endif
