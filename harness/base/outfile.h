/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * An output file written whole or not at all: a temporary file in the same
 * folder, renamed over the name once everything is on disk. A reader never
 * sees half a file, and a failed write leaves the old file as it was.
 */
#ifndef XSKNS_OUTFILE_H
#define XSKNS_OUTFILE_H

#include <limits.h>
#include <stdio.h>

struct outfile {
	FILE *f;
	char path[PATH_MAX];
	char tmp[PATH_MAX + 16];
};

/* Create the temporary file for path (mode 0644). 0 or -errno. */
int outfile_open(struct outfile *o, const char *path);
/* Flush, sync, close and rename over path; on any failure the temporary file goes. 0 or -errno. */
int outfile_commit(struct outfile *o);
/* Give up: the temporary file goes, path is untouched. */
void outfile_abort(struct outfile *o);

#endif
