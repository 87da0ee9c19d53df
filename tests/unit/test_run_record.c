// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Run identities and records: two claims never share an identity; the stale
 * cleanup hands over only the names of records whose owner is provably gone
 * (a dead pid of our PID namespace, or another boot), never a live run's nor
 * one from another PID namespace, and only names that carry the record's
 * identity.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_record.h"
#include "tap.h"

static char got[8][64];
static unsigned int ngot;

static bool collect(char **names, unsigned int n, void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < n && ngot < 8; i++)
		snprintf(got[ngot++], sizeof(got[0]), "%s", names[i]);
	return true;
}

static bool collected(const char *name)
{
	for (unsigned int i = 0; i < ngot; i++)
		if (!strcmp(got[i], name))
			return true;
	return false;
}

static void write_record(const char *dir, const char *id, const char *owner, const char *extra)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, id);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "%s\nnetns %s-gen\n%s", owner, id, extra);
	fclose(f);
}

static bool exists(const char *dir, const char *id)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, id);
	return !access(path, F_OK);
}

int main(void)
{
	char dir[] = "/tmp/xskns-unit-record.XXXXXX", err[256], boot[64] = "", owner[256];
	char dead_id[64], other_ns[64], other_boot[64], prefix[32];
	struct run_record a, b;
	struct stat st;
	pid_t dead;
	FILE *f;

	plan(11);
	if (!mkdtemp(dir))
		return 1;
	ok(!run_record_claim(&a, dir, err, sizeof(err)) &&
	       !run_record_claim(&b, dir, err, sizeof(err)),
	   "two claims in one folder succeed (%s)", err);
	snprintf(prefix, sizeof(prefix), "xskns%d-", (int)getpid());
	ok(strcmp(a.id, b.id) && !strncmp(a.id, prefix, strlen(prefix)) &&
	       strlen(a.id) < RUN_ID_LEN,
	   "with distinct identities, each the pid and a random part (%s, %s)", a.id, b.id);
	ok(!run_record_note(&a, "a-name") && exists(dir, a.id) && exists(dir, b.id),
	   "each has its record");

	/* A dead owner: a reaped child's pid, in our PID namespace and boot. */
	dead = fork();
	if (!dead)
		_exit(0);
	waitpid(dead, NULL, 0);
	f = fopen("/proc/sys/kernel/random/boot_id", "r");
	if (f) {
		if (!fgets(boot, sizeof(boot), f))
			boot[0] = '\0';
		fclose(f);
	}
	boot[strcspn(boot, "\n")] = '\0';
	stat("/proc/self/ns/pid", &st);
	snprintf(dead_id, sizeof(dead_id), "xskns%d-0000dead", (int)dead);
	snprintf(owner, sizeof(owner), "owner pid=%d start=1 pidns=%llu boot=%s", (int)dead,
		 (unsigned long long)st.st_ino, boot);
	write_record(dir, dead_id, owner, "netns someone-elses\nnetns ../escape\n");
	snprintf(other_ns, sizeof(other_ns), "xskns%d-000other", (int)dead);
	snprintf(owner, sizeof(owner), "owner pid=%d start=1 pidns=1 boot=%s", (int)dead, boot);
	write_record(dir, other_ns, owner, "");
	snprintf(other_boot, sizeof(other_boot), "xskns1-0000boot");
	write_record(dir, other_boot,
		     "owner pid=1 start=1 pidns=1 boot=00000000-0000-0000-0000-000000000000", "");

	run_record_reap(dir, collect, NULL);
	{
		char n1[80], n2[80];

		snprintf(n1, sizeof(n1), "%s-gen", dead_id);
		snprintf(n2, sizeof(n2), "%s-gen", other_boot);
		ok(collected(n1), "a dead owner's recorded namespace is handed over");
		ok(!collected("someone-elses") && !collected("../escape"),
		   "but not names without its identity");
		ok(collected(n2), "a record from another boot is a dead run's");
		ok(!exists(dir, dead_id) && !exists(dir, other_boot),
		   "their records go once what they list is gone");
	}
	ok(exists(dir, other_ns), "a record from another PID namespace is left alone");
	ok(exists(dir, a.id) && exists(dir, b.id), "a live run's records are left alone");
	ok(ngot == 2, "nothing else was handed over (%u names)", ngot);
	{
		char ida[RUN_ID_LEN], idb[RUN_ID_LEN];

		memcpy(ida, a.id, sizeof(ida));
		memcpy(idb, b.id, sizeof(idb));
		run_record_release(&a, dir);
		run_record_release(&b, dir);
		ok(!exists(dir, ida) && !exists(dir, idb), "a released record is gone");
	}
	{
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", dir, other_ns);
		unlink(path);
	}
	rmdir(dir);
	return done();
}
