// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "run_record.h"

#define ID_PREFIX    "xskns"
#define CLAIM_TRIES  16
#define NAME_MAX_LEN 64

/* What identifies a live process for as long as it lives, and the boot it lives in. */
struct owner {
	long pid;
	unsigned long long start, pidns;
	char boot[40];
};

/* Field 22 of /proc/PID/stat: the start time in clock ticks after boot; 0 when unreadable. */
static unsigned long long proc_start(const char *pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* The command name may hold spaces and ')': the fields start after the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1,
			 " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d "
			 "%*d %*d %llu",
			 &start) != 1)
		return 0;
	return start;
}

static int owner_self(struct owner *o)
{
	struct stat st;
	FILE *f;

	memset(o, 0, sizeof(*o));
	o->pid = getpid();
	o->start = proc_start("self");
	if (stat("/proc/self/ns/pid", &st))
		return -errno;
	o->pidns = st.st_ino;
	f = fopen("/proc/sys/kernel/random/boot_id", "re");
	if (!f)
		return -errno;
	if (!fgets(o->boot, sizeof(o->boot), f))
		o->boot[0] = '\0';
	fclose(f);
	o->boot[strcspn(o->boot, "\n")] = '\0';
	return o->start && o->boot[0] ? 0 : -EIO;
}

/* /proc shows our own PID namespace: a pid read there is one of our namespace's. */
static bool proc_is_ours(void)
{
	char buf[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	if (n <= 0)
		return false;
	buf[n] = '\0';
	return strtol(buf, NULL, 10) == (long)getpid();
}

static uint32_t random_u32(uint32_t salt)
{
	uint32_t v;
	struct timespec ts;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) == sizeof(v))
		return v;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)ts.tv_nsec ^ (uint32_t)getpid() << 16 ^ salt * 2654435761u;
}

/* A namespace under /run/netns whose name starts with "ID-" already exists. */
static bool names_taken(const char *id)
{
	size_t len = strlen(id);
	DIR *d = opendir("/run/netns");
	struct dirent *e;
	bool taken = false;

	if (!d)
		return false;
	while (!taken && (e = readdir(d)))
		taken = !strncmp(e->d_name, id, len) && e->d_name[len] == '-';
	closedir(d);
	return taken;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

int run_record_claim(struct run_record *r, const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX], line[160];
	struct owner o;
	struct stat st;
	int ret;

	r->fd = -1;
	r->id[0] = '\0';
	ret = owner_self(&o);
	if (ret) {
		snprintf(err, errlen, "cannot read this process's identity from /proc: %s",
			 strerror(-ret));
		return ret;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		ret = -errno;
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return ret;
	}
	if (lstat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a folder", dir);
		return -ENOTDIR;
	}
	for (int i = 0; i < CLAIM_TRIES; i++) {
		snprintf(r->id, sizeof(r->id), ID_PREFIX "%ld-%08x", o.pid,
			 random_u32((uint32_t)i));
		snprintf(path, sizeof(path), "%s/%s", dir, r->id);
		r->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_APPEND,
			     0644);
		if (r->fd < 0 && errno == EEXIST)
			continue;
		if (r->fd < 0) {
			ret = -errno;
			snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
			return ret;
		}
		if (names_taken(r->id)) {
			close(r->fd);
			unlink(path);
			r->fd = -1;
			continue;
		}
		snprintf(line, sizeof(line), "owner pid=%ld start=%llu pidns=%llu boot=%s\n", o.pid,
			 o.start, o.pidns, o.boot);
		ret = write_all(r->fd, line, strlen(line));
		if (ret) {
			snprintf(err, errlen, "cannot write %s: %s", path, strerror(-ret));
			run_record_release(r, dir);
			return ret;
		}
		return 0;
	}
	snprintf(err, errlen, "no free run identity after %d tries in %s", CLAIM_TRIES, dir);
	r->id[0] = '\0';
	return -EEXIST;
}

static int note(const struct run_record *r, const char *kind, const char *what)
{
	char line[PATH_MAX + 16];

	if (r->fd < 0)
		return -EBADF;
	if ((size_t)snprintf(line, sizeof(line), "%s %s\n", kind, what) >= sizeof(line))
		return -ENAMETOOLONG;
	return write_all(r->fd, line, strlen(line));
}

int run_record_note(const struct run_record *r, const char *name)
{
	return note(r, "netns", name);
}

int run_record_note_new_netns(const struct run_record *r, const char *name, char *err,
			      size_t errlen)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	if (!access(path, F_OK)) {
		snprintf(err, errlen, "namespace '%s' exists already: not this run's, left alone",
			 name);
		return -EEXIST;
	}
	ret = run_record_note(r, name);
	if (ret)
		snprintf(err, errlen, "cannot record namespace '%s' in %s/%s: %s", name,
			 RUN_RECORD_DIR, r->id, strerror(-ret));
	return ret;
}

int run_record_note_cgroup(const struct run_record *r, const char *path)
{
	return note(r, "cgroup", path);
}

/* A dead run's cgroups: only folders named for its identity, and without "..". */
static void reap_cgroups(const char *record, const char *id)
{
	char line[PATH_MAX + 16], path[PATH_MAX + 16];
	const char *base;
	FILE *f = fopen(record, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "cgroup /", 8))
			continue;
		snprintf(path, sizeof(path), "%s", line + 7);
		base = strrchr(path, '/') + 1;
		if (strstr(path, "/..") || strncmp(base, id, strlen(id)) || base[strlen(id)] != '-')
			continue;
		cgroup_kill_remove(path, 2000);
	}
	fclose(f);
}

void run_record_keep(struct run_record *r)
{
	/* A zeroed struct (no claim made) holds no descriptor, fd 0 or not. */
	if (r->id[0] && r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

void run_record_release(struct run_record *r, const char *dir)
{
	char path[PATH_MAX];

	run_record_keep(r);
	if (!r->id[0])
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, r->id);
	unlink(path);
	r->id[0] = '\0';
}

static int read_owner(FILE *f, struct owner *o)
{
	char line[160];

	memset(o, 0, sizeof(*o));
	if (!fgets(line, sizeof(line), f) ||
	    sscanf(line, "owner pid=%ld start=%llu pidns=%llu boot=%39s", &o->pid, &o->start,
		   &o->pidns, o->boot) != 4)
		return -EINVAL;
	return 0;
}

static bool owner_dead(const struct owner *o)
{
	struct owner self;
	char pid[24];

	if (owner_self(&self))
		return false;
	if (strcmp(self.boot, o->boot))
		return true; /* a record from another boot: nothing of it runs now */
	if (self.pidns != o->pidns || !proc_is_ours())
		return false; /* its pids are not ours to look up */
	if (o->pid == self.pid && o->start == self.start)
		return false;
	snprintf(pid, sizeof(pid), "%ld", o->pid);
	/* Gone, or the pid now belongs to a process that started later. */
	return proc_start(pid) != o->start;
}

/* The names a record lists, each of which must carry the record's identity. */
static char **record_names(FILE *f, const char *id, unsigned int *n)
{
	char line[NAME_MAX_LEN + 16], name[NAME_MAX_LEN + 1], **v = NULL;
	size_t len = strlen(id);
	unsigned int cap = 0;

	*n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "netns %64s", name) != 1 || strncmp(name, id, len) ||
		    name[len] != '-' || strchr(name, '/'))
			continue;
		if (*n == cap) {
			char **grown = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof(*v));

			if (!grown)
				break;
			v = grown;
		}
		if (!(v[*n] = strdup(name)))
			break;
		(*n)++;
	}
	return v;
}

int run_record_reap(const char *dir, bool (*fn)(char **names, unsigned int n, void *arg), void *arg)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(dir);
	int total = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		unsigned int n = 0;
		struct owner o;
		char **names;
		FILE *f;

		if (strncmp(e->d_name, ID_PREFIX, strlen(ID_PREFIX)))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (read_owner(f, &o) || !owner_dead(&o)) {
			fclose(f);
			continue;
		}
		names = record_names(f, e->d_name, &n);
		fclose(f);
		reap_cgroups(path, e->d_name);
		if (fn(names, n, arg))
			unlink(path);
		total += (int)n;
		for (unsigned int i = 0; i < n; i++)
			free(names[i]);
		free(names);
	}
	closedir(d);
	return total;
}
