/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What a scenario costs in memory, estimated before anything is built, so a
 * run the machine cannot hold is refused instead of exhausting it; and the
 * UMEM sizing rule the tools follow, so the estimate and the tools agree.
 *
 * Most of it is not the UMEMs: the kernel gives every AF_XDP buffer pool (one
 * per device and queue a UMEM is bound to) per-chunk state for the WHOLE UMEM
 * (xp_create_and_assign_umem(): pool->heads, one struct xdp_buff_xsk per
 * chunk), and a TX socket's pool a copy of its TX ring (xp_alloc_tx_descs()).
 * S sockets on one UMEM of U chunks cost S * U of them: were U to grow with S,
 * that would be quadratic, hence the cap below.
 */
#ifndef XSKNS_MEMEST_H
#define XSKNS_MEMEST_H

#include <stdbool.h>
#include <stdint.h>

/* UMEM frame size of every tool of a run (the tools' default; run passes no other). */
#define MEM_FRAME_SIZE 4096
/* sizeof(struct xdp_buff_xsk): 128 on Linux 6.x (aligned to 16), 104 on 6.1. */
#define MEM_CHUNK_STATE 128
/*
 * A network namespace with its end of a veth, measured on 6.18: 650-840 KiB a
 * pair (two namespaces, one veth pair), most of it slab.
 */
#define MEM_NETNS (320 * 1024)

/*
 * The sizing rule: frames for what is in flight, not a share per socket.
 * Frames in flight are the traffic times the time they wait (on a FILL ring,
 * in RX until the forwarder comes round, in TX and COMPLETION until sent):
 * the rate and the forwarder's scheduling bound that, not the number of
 * sockets. So each socket of a UMEM brings
 *   per_sock = min(frames_per_socket, max(MEM_SOCK_FRAMES_MIN, MEM_UMEM_FRAMES_CAP / sockets))
 * frames: below the cap a UMEM grows with its sockets as before, past it the
 * sockets share the cap and the kernel's state (sockets x chunks) grows
 * linearly. Each socket keeps min(ring_size, per_sock) frames on its FILL
 * ring, so every FILL ring stays populated.
 *
 * 8192 frames (32 MiB) hold 13 ms of traffic at 600 kpps; each pool's state
 * is then 1 MiB, one kmalloc (past 4 MiB the kernel vmallocs it, far slower
 * to set up), and 1024 sockets cost 1 GiB of it. The generator's bursts
 * shrink with its flows to half of a forwarder socket's FILL level (gen.c).
 */
#define MEM_UMEM_FRAMES_CAP 8192
#define MEM_SOCK_FRAMES_MIN 8

struct umem_plan {
	uint32_t per_sock; /* frames each socket brings to the UMEM */
	uint32_t fill;	   /* frames each socket keeps on its FILL ring */
	uint64_t frames;   /* the UMEM: sockets x per_sock */
};

/* The rule, for nsocks sockets on one UMEM; cap 0 means MEM_UMEM_FRAMES_CAP. */
void umem_plan(uint64_t nsocks, uint32_t ring_size, uint32_t frames_per_sock, uint64_t cap,
	       struct umem_plan *p);

struct mem_estimate {
	uint64_t umem;	     /* the tools' UMEM areas (pinned by the kernel) */
	uint64_t pool_state; /* the kernel's per-chunk state, in every buffer pool */
	uint64_t other;	     /* rings, page and frame tables, namespaces */
	uint64_t total;
	/* The sizing of each tool's UMEM (sink and gen: one; fwd: each of its UMEMs). */
	struct umem_plan gen, fwd, sink;
	uint64_t socks;	    /* sockets of the generator and of the sink; the forwarder has twice */
	uint32_t ring_size; /* every ring of every tool */
};

/* What of a run sizes its memory (the run layer fills it from the scenario). */
struct mem_shape {
	uint32_t pairs, queues;	  /* forwarding pairs, queues per device */
	uint32_t ring_size;	  /* every ring of every tool */
	uint32_t frames_per_sock; /* UMEM frames a socket asks for (before the cap) */
	bool separate_umem;	  /* the forwarder has one UMEM per port */
	bool kernel_forwarder;	  /* no AF_XDP forwarder at all */
};

/* The whole run: generator, forwarder (none of this for the kernel one) and sink. */
void mem_estimate(const struct mem_shape *sc, struct mem_estimate *out);

/* MemAvailable of a meminfo file (/proc/meminfo), in bytes. Returns 0 or -errno. */
int mem_available(const char *meminfo, uint64_t *bytes);

/* The lines of /proc/meminfo a run's cost is measured with, in bytes. */
struct meminfo {
	uint64_t available, slab, vmalloc_used;
};

/* Parse meminfo text (nul-terminated). Returns 0, or -ENOENT when MemAvailable is missing. */
int meminfo_parse(const char *text, struct meminfo *m);

#endif
