// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memest.h"

#define PAGE 4096ULL

void umem_plan(uint64_t nsocks, uint32_t ring_size, uint32_t frames_per_sock, uint64_t cap,
	       struct umem_plan *p)
{
	uint64_t share;

	if (!nsocks)
		nsocks = 1;
	share = (cap ? cap : MEM_UMEM_FRAMES_CAP) / nsocks;
	if (share < MEM_SOCK_FRAMES_MIN)
		share = MEM_SOCK_FRAMES_MIN;
	p->per_sock = share < frames_per_sock ? (uint32_t)share : frames_per_sock;
	p->fill = p->per_sock < ring_size ? p->per_sock : ring_size;
	p->frames = nsocks * p->per_sock;
}

/* A mapped ring: its descriptors and a page of producer/consumer words, in pages. */
static uint64_t ring_bytes(uint32_t entries, uint32_t desc_size)
{
	uint64_t bytes = (uint64_t)entries * desc_size;

	return (bytes + PAGE - 1) / PAGE * PAGE + PAGE;
}

/*
 * One tool: nsocks sockets, each on its own (device, queue), over numems
 * UMEMs sized by plan. Every socket's queue gets its own buffer pool, and each
 * pool holds state for every chunk of the UMEM it is bound to.
 */
static void add_tool(struct mem_estimate *e, const struct mem_shape *sc, uint64_t nsocks,
		     uint64_t numems, const struct umem_plan *plan, bool rx, bool tx)
{
	uint64_t frames = numems * plan->frames;
	uint64_t per_sock = 2 * ring_bytes(sc->ring_size, 8); /* FILL, COMPLETION */

	if (rx)
		per_sock += ring_bytes(sc->ring_size, 16);
	if (tx) /* the TX ring, and the pool's copy of its descriptors */
		per_sock += 2 * ring_bytes(sc->ring_size, 16);
	e->umem += frames * MEM_FRAME_SIZE;
	e->pool_state += nsocks * plan->frames * MEM_CHUNK_STATE;
	/* The kernel's page table of the UMEM and the tool's stack of free frames. */
	e->other += frames * (8 + 8) + nsocks * per_sock;
}

void mem_estimate(const struct mem_shape *sc, struct mem_estimate *out)
{
	uint64_t socks = (uint64_t)sc->pairs * sc->queues;
	uint64_t fwd_umems = sc->separate_umem ? 2 * (uint64_t)sc->pairs : 1;

	memset(out, 0, sizeof(*out));
	out->socks = socks;
	out->ring_size = sc->ring_size;
	umem_plan(socks, sc->ring_size, sc->frames_per_sock, 0, &out->gen);
	umem_plan(socks, sc->ring_size, sc->frames_per_sock, 0, &out->sink);
	add_tool(out, sc, socks, 1, &out->gen, false, true);
	add_tool(out, sc, socks, 1, &out->sink, true, false);
	if (!sc->kernel_forwarder) {
		umem_plan(2 * socks / fwd_umems, sc->ring_size, sc->frames_per_sock, 0, &out->fwd);
		add_tool(out, sc, 2 * socks, fwd_umems, &out->fwd, true, true);
	}
	out->other += (2 * (uint64_t)sc->pairs + 2) * MEM_NETNS;
	out->total = out->umem + out->pool_state + out->other;
}

int mem_available(const char *meminfo, uint64_t *bytes)
{
	FILE *f = fopen(meminfo, "r");
	char line[256];
	uint64_t kb;
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "MemAvailable: %" SCNu64 " kB", &kb) == 1) {
			*bytes = kb * 1024;
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

/* The value of "KEY:   N kB" in text, in bytes; false when the line is missing. */
static bool meminfo_field(const char *text, const char *key, uint64_t *bytes)
{
	size_t klen = strlen(key);
	const char *l = text;

	while (l) {
		if (!strncmp(l, key, klen) && l[klen] == ':') {
			*bytes = strtoull(l + klen + 1, NULL, 10) * 1024;
			return true;
		}
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	return false;
}

int meminfo_parse(const char *text, struct meminfo *m)
{
	memset(m, 0, sizeof(*m));
	meminfo_field(text, "Slab", &m->slab);
	meminfo_field(text, "VmallocUsed", &m->vmalloc_used);
	return meminfo_field(text, "MemAvailable", &m->available) ? 0 : -ENOENT;
}
