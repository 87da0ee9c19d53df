/*
 * The memory estimate: UMEM, the kernel's per-chunk pool state (quadratic in
 * the sockets sharing one UMEM), rings, and MemAvailable read from meminfo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memest.h"
#include "tap.h"

#define MIB (1ULL << 20)

static struct scenario scn(uint32_t pairs, uint32_t queues, uint32_t frames)
{
	return (struct scenario){.pairs = pairs,
				 .queues = queues,
				 .frames_per_sock = frames,
				 .ring_size = 2048,
				 .pkt_size = 64};
}

int main(void)
{
	struct mem_estimate a, b;
	struct scenario sc = scn(1, 1, 4096);
	char path[] = "/tmp/xskns-meminfo-XXXXXX";
	uint64_t avail = 0;
	FILE *f;
	int fd;

	plan(11);
	mem_estimate(&sc, false, &a);
	/* 1 + 1 + 2 sockets of 4096 frames of 4 KiB; pools: 1 x 4096 twice, 2 x 8192. */
	is_u64(a.umem, 64 * MIB, "one pair: 64 MiB of UMEM over the three tools");
	is_u64(a.pool_state, (4096 + 4096 + 2 * 8192) * 128ULL, "one pair: 3 MiB of pool state");
	ok(a.total == a.umem + a.pool_state + a.other && a.other > 0 && a.other < 2 * MIB,
	   "the total is the sum of the parts; rings and tables are small");
	sc = scn(2, 1, 4096);
	mem_estimate(&sc, false, &b);
	is_u64(b.pool_state, 4 * a.pool_state, "pool state is quadratic: 2 pairs, 4 times as much");
	is_u64(b.umem, 2 * a.umem, "UMEM is linear in the sockets");
	sc.separate_umem = true;
	mem_estimate(&sc, false, &b);
	is_u64(b.pool_state, (2 * 2 * 8192 + 4 * 4096) * 128ULL,
	       "separate UMEMs: the forwarder's pool state is linear (4 x 4096)");
	sc = scn(1, 1, 4096);
	mem_estimate(&sc, true, &b);
	is_u64(b.umem, 32 * MIB, "the kernel forwarder has no UMEM");
	sc = scn(2, 64, 4096);
	mem_estimate(&sc, false, &b);
	ok(b.total > 48ULL * 1024 * MIB, "pairs=2 queues=64: more than 48 GiB (%llu MiB)",
	   (unsigned long long)(b.total / MIB));

	fd = mkstemp(path);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (f) {
		fputs("MemTotal:       24684544 kB\nMemFree:        23000000 kB\n"
		      "MemAvailable:   24154112 kB\nBuffers:          1000 kB\n",
		      f);
		fclose(f);
	}
	ok(!mem_available(path, &avail) && avail == 24154112ULL * 1024,
	   "MemAvailable read in bytes");
	unlink(path);
	ok(mem_available(path, &avail) < 0, "a missing meminfo is an error");
	ok(!mem_available("/proc/meminfo", &avail) && avail > 0, "this machine's MemAvailable");
	return done();
}
