// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The UMEM sizing rule and the memory estimate: UMEM, the kernel's per-chunk
 * pool state (quadratic in the sockets of a UMEM until the cap, linear past
 * it), rings, namespaces, and the meminfo lines a run's cost is measured with.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memest.h"
#include "tap.h"

#define MIB (1ULL << 20)

static struct mem_shape scn(uint32_t pairs, uint32_t queues, uint32_t frames)
{
	return (struct mem_shape){
	    .pairs = pairs, .queues = queues, .frames_per_sock = frames, .ring_size = 2048};
}

static void test_plan(void)
{
	struct umem_plan p;

	umem_plan(2, 2048, 4096, 0, &p);
	ok(p.per_sock == 4096 && p.fill == 2048 && p.frames == 8192,
	   "2 sockets: frames_per_socket each, FILL as deep as the ring (below the cap)");
	umem_plan(64, 512, 1024, 0, &p);
	ok(p.per_sock == 128 && p.fill == 128 && p.frames == MEM_UMEM_FRAMES_CAP,
	   "64 sockets: they share the cap, 128 each, all on the FILL ring");
	umem_plan(1024, 512, 1024, 0, &p);
	ok(p.per_sock == MEM_SOCK_FRAMES_MIN && p.fill == MEM_SOCK_FRAMES_MIN &&
	       p.frames == MEM_UMEM_FRAMES_CAP,
	   "1024 sockets: the cap still, %u frames on every FILL ring", p.fill);
	umem_plan(4096, 64, 128, 0, &p);
	ok(p.per_sock == MEM_SOCK_FRAMES_MIN && p.frames == 4096ULL * MEM_SOCK_FRAMES_MIN,
	   "past cap / minimum sockets, every socket keeps the minimum");
	umem_plan(512, 64, 128, UINT64_MAX, &p);
	ok(p.per_sock == 128 && p.fill == 64 && p.frames == 512 * 128,
	   "no cap: frames_per_socket per socket, as the sink sizes its UMEM");
	umem_plan(16, 2048, 4096, 65536, &p);
	is_u64(p.frames, 65536, "a cap given (--umem-cap) replaces the default");
}

static void test_estimate(void)
{
	struct mem_estimate a, b;
	struct mem_shape sc = scn(1, 1, 4096);

	mem_estimate(&sc, &a);
	/* 1 + 1 + 2 sockets of 4096 frames of 4 KiB; pools: 1 x 4096 twice, 2 x 8192. */
	is_u64(a.umem, 64 * MIB,
	       "one pair: 64 MiB of UMEM over the three tools, as before the cap");
	is_u64(a.pool_state, (4096 + 4096 + 2 * 8192) * 128ULL, "one pair: 3 MiB of pool state");
	ok(a.total == a.umem + a.pool_state + a.other && a.other > 0 && a.other < 4 * MIB,
	   "the total is the sum of the parts; rings, tables and namespaces are small");
	sc = scn(2, 1, 4096);
	mem_estimate(&sc, &b);
	is_u64(b.fwd.frames, MEM_UMEM_FRAMES_CAP, "2 pairs: the forwarder's UMEM is at the cap");
	is_u64(b.pool_state, (4 * 8192 + 2 * 8192 + 2 * 8192) * 128ULL,
	       "2 pairs: 4 forwarder pools of 8192 chunks, 2 each for generator and sink");
	sc.separate_umem = true;
	mem_estimate(&sc, &b);
	is_u64(b.pool_state, (4 * 4096 + 2 * 8192 + 2 * 8192) * 128ULL,
	       "separate UMEMs: one socket each, 4096 frames, no sharing");
	sc = scn(1, 1, 4096);
	sc.kernel_forwarder = true;
	mem_estimate(&sc, &b);
	sc.kernel_forwarder = false;
	is_u64(b.umem, 32 * MIB, "the kernel forwarder has no UMEM");

	sc = scn(256, 1, 1024);
	sc.ring_size = 512;
	mem_estimate(&sc, &a);
	sc.pairs = 512;
	mem_estimate(&sc, &b);
	is_u64(b.fwd.frames * 1024 * MEM_CHUNK_STATE, 1024 * MIB,
	       "512 pairs: 1024 forwarder sockets on 8192 frames, 1 GiB of pool state");
	is_u64(2 * 512 * b.fwd.frames, 2 * (2 * 256 * a.fwd.frames),
	       "twice the pairs, twice the forwarder's pool state: linear past the cap");
	is_u64(b.gen.frames, MEM_UMEM_FRAMES_CAP, "the generator follows the rule");
	is_u64(b.sink.frames, MEM_UMEM_FRAMES_CAP, "the sink follows the rule too");
	ok(b.other > 1026 * (uint64_t)MEM_NETNS, "1026 namespaces are in the estimate");
	sc = scn(2, 64, 4096);
	mem_estimate(&sc, &b);
	ok(b.total < 2ULL * 1024 * MIB && b.sink.frames == MEM_UMEM_FRAMES_CAP,
	   "pairs=2 queues=64: under 2 GiB (%llu MiB), every UMEM at the cap",
	   (unsigned long long)(b.total / MIB));
}

static void test_meminfo(void)
{
	static const char text[] = "MemTotal:       24684544 kB\nMemFree:        23000000 kB\n"
				   "MemAvailable:   24154112 kB\nSlab:             182392 kB\n"
				   "SReclaimable:     147888 kB\nVmallocTotal:   34359738367 kB\n"
				   "VmallocUsed:       14656 kB\n";
	char path[] = "/tmp/xskns-meminfo-XXXXXX";
	struct meminfo m;
	uint64_t avail = 0;
	FILE *f;
	int fd;

	ok(!meminfo_parse(text, &m) && m.available == 24154112ULL * 1024 &&
	       m.slab == 182392ULL * 1024 && m.vmalloc_used == 14656ULL * 1024,
	   "meminfo: MemAvailable, Slab (not SReclaimable), VmallocUsed in bytes");
	ok(meminfo_parse("MemTotal: 1 kB\nSlab: 2 kB\n", &m) == -ENOENT && m.slab == 2048,
	   "meminfo without MemAvailable is an error; the other lines are still read");
	fd = mkstemp(path);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	ok(!mem_available(path, &avail) && avail == 24154112ULL * 1024,
	   "MemAvailable read in bytes");
	unlink(path);
	ok(mem_available(path, &avail) < 0, "a missing meminfo is an error");
	ok(!mem_available("/proc/meminfo", &avail) && avail > 0, "this machine's MemAvailable");
}

int main(void)
{
	plan(24);
	test_plan();
	test_estimate();
	test_meminfo();
	return done();
}
