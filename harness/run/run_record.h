/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A run's identity and the record of what it made. The identity is the pid
 * and a random part ("xskns1234-5f3a9c1e"): two runs that are each pid 1 of
 * their own PID namespace still differ. It is claimed by creating
 * RUN_RECORD_DIR/IDENTITY exclusively, so no two live runs hold one; the
 * file names the owner (pid, its start time, its PID namespace, the boot)
 * and, before each is created, every namespace the run makes. The stale
 * cleanup removes only what a record lists, and only once its owner is
 * provably gone.
 */
#ifndef XSKNS_RUN_RECORD_H
#define XSKNS_RUN_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#define RUN_RECORD_DIR "/run/xskns"
#define RUN_ID_LEN     26 /* "xskns", a pid, "-", 8 hex digits */

struct run_record {
	char id[RUN_ID_LEN]; /* the prefix of every name the run creates */
	int fd;		     /* the record, open for appending; -1 when none */
};

/* Pick an identity no other run holds and create its record. 0 or -errno (err says why). */
int run_record_claim(struct run_record *r, const char *dir, char *err, size_t errlen);
/* Note a name before it is created: a crash after this leaves it findable. 0 or -errno. */
int run_record_note(const struct run_record *r, const char *name);
/*
 * The same for a namespace about to be made, refused when its name exists
 * already: that one is someone else's, never adopted. 0 or -errno (err says why).
 */
int run_record_note_new_netns(const struct run_record *r, const char *name, char *err,
			      size_t errlen);
/* Note a cgroup the run made (a folder whose name starts with the identity). 0 or -errno. */
int run_record_note_cgroup(const struct run_record *r, const char *path);
/* The run removed all it made: the record goes. */
void run_record_release(struct run_record *r, const char *dir);
/* Close the record but leave it (something it lists is still there). */
void run_record_keep(struct run_record *r);

/*
 * For each record in dir whose owner is provably dead (the same boot, the same
 * PID namespace as ours seen through a /proc of our own, and no process with
 * its pid and start time; or another boot): kill and remove the cgroups it
 * lists, and call fn with the namespace names it lists; fn returns true when
 * all of them are gone, and the record is then removed. Returns how many names fn was given.
 */
int run_record_reap(const char *dir, bool (*fn)(char **names, unsigned int n, void *arg),
		    void *arg);

#endif
