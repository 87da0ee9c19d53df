#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memest.h"

#define PAGE 4096ULL

/* A mapped ring: its descriptors and a page of producer/consumer words, in pages. */
static uint64_t ring_bytes(uint32_t entries, uint32_t desc_size)
{
	uint64_t bytes = (uint64_t)entries * desc_size;

	return (bytes + PAGE - 1) / PAGE * PAGE + PAGE;
}

/*
 * One tool: nsocks sockets, each on its own (device, queue), over numems
 * UMEMs of equal size. Every socket's queue gets its own buffer pool, and each
 * pool holds state for every chunk of the UMEM it is bound to.
 */
static void add_tool(struct mem_estimate *e, const struct scenario *sc, uint64_t nsocks,
		     uint64_t numems, bool rx, bool tx)
{
	uint64_t frames = nsocks * sc->frames_per_sock;
	uint64_t chunks_per_umem = frames / numems;
	uint64_t per_sock = 2 * ring_bytes(sc->ring_size, 8); /* FILL, COMPLETION */

	if (rx)
		per_sock += ring_bytes(sc->ring_size, 16);
	if (tx) /* the TX ring, and the pool's copy of its descriptors */
		per_sock += 2 * ring_bytes(sc->ring_size, 16);
	e->umem += frames * MEM_FRAME_SIZE;
	e->pool_state += nsocks * chunks_per_umem * MEM_CHUNK_STATE;
	/* The kernel's page table of the UMEM and the tool's stack of free frames. */
	e->other += frames * (8 + 8) + nsocks * per_sock;
}

void mem_estimate(const struct scenario *sc, bool kernel_forwarder, struct mem_estimate *out)
{
	uint64_t socks = (uint64_t)sc->pairs * sc->queues;

	memset(out, 0, sizeof(*out));
	add_tool(out, sc, socks, 1, false, true); /* generator */
	add_tool(out, sc, socks, 1, true, false); /* sink */
	if (!kernel_forwarder)
		add_tool(out, sc, 2 * socks, sc->separate_umem ? 2 * (uint64_t)sc->pairs : 1, true,
			 true);
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
