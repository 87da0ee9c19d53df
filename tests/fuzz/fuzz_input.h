/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The parsers that read files take a path: each fuzz input is written to one
 * file per process first (in /dev/shm, so it costs a page copy, not a disk write).
 */
#ifndef XSKNS_FUZZ_INPUT_H
#define XSKNS_FUZZ_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline const char *fuzz_input_file(const uint8_t *data, size_t size, const char *suffix)
{
	static char path[64];
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof(path), "/dev/shm/xskns-fuzz-%d%s", (int)getpid(), suffix);
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return path;
}

#endif
