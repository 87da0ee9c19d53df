/*
 * What a scenario costs in memory, estimated before anything is built, so a
 * run the machine cannot hold is refused instead of exhausting it.
 *
 * Most of it is not the UMEMs: the kernel gives every AF_XDP buffer pool (one
 * per device and queue a UMEM is bound to) per-chunk state for the WHOLE UMEM
 * (xp_create_and_assign_umem(): pool->heads, one struct xdp_buff_xsk per
 * chunk). A shared UMEM of S sockets x F frames bound on S queues costs
 * S * (S * F) of them: quadratic in the number of sockets.
 */
#ifndef XSKNS_MEMEST_H
#define XSKNS_MEMEST_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario.h"

/* UMEM frame size of every tool of a run (the tools' default; run passes no other). */
#define MEM_FRAME_SIZE 4096
/* sizeof(struct xdp_buff_xsk): 128 on Linux 6.x (64-byte aligned), 104 on 6.1. */
#define MEM_CHUNK_STATE 128
/* A network namespace with its devices, measured: about 50 KiB. */
#define MEM_NETNS 65536

struct mem_estimate {
	uint64_t umem;	     /* the tools' UMEM areas (pinned by the kernel) */
	uint64_t pool_state; /* the kernel's per-chunk state, in every buffer pool */
	uint64_t other;	     /* rings, page and frame tables, namespaces */
	uint64_t total;
};

/* The whole run: generator, forwarder (none of this for the kernel one) and sink. */
void mem_estimate(const struct scenario *sc, bool kernel_forwarder, struct mem_estimate *out);

/* MemAvailable of a meminfo file (/proc/meminfo), in bytes. Returns 0 or -errno. */
int mem_available(const char *meminfo, uint64_t *bytes);

#endif
