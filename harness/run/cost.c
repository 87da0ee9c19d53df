// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cost.h"

/* /proc/meminfo with read(): no stdio lock held while the other thread forks. */
static int meminfo_read(struct meminfo *m)
{
	char buf[8192];
	ssize_t n = 0, r;
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (n < (ssize_t)sizeof(buf) - 1 &&
	       (r = read(fd, buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return meminfo_parse(buf, m);
}

static void sample(struct run_cost *c)
{
	struct meminfo m;

	if (meminfo_read(&m))
		return;
	if (!c->samples || m.available < c->avail_min)
		c->avail_min = m.available;
	if (m.slab > c->slab_max)
		c->slab_max = m.slab;
	if (m.vmalloc_used > c->vmalloc_max)
		c->vmalloc_max = m.vmalloc_used;
	c->samples++;
}

/* Sample until cost_end() writes to the wake pipe. */
static void *sampler(void *arg)
{
	struct run_cost *c = arg;
	struct pollfd pfd = {.fd = c->wake[0], .events = POLLIN};

	/* Signals are blocked here: poll() ends on the wake-up or an error only. */
	while (poll(&pfd, 1, COST_SAMPLE_MS) == 0)
		sample(c);
	return NULL;
}

void cost_begin(struct run_cost *c)
{
	sigset_t all, old;

	memset(c, 0, sizeof(*c));
	c->wake[0] = c->wake[1] = -1;
	c->begun = true;
	if (meminfo_read(&c->before))
		return;
	c->avail_min = c->before.available;
	c->slab_max = c->before.slab;
	c->vmalloc_max = c->before.vmalloc_used;
	c->samples = 1;
	if (pipe2(c->wake, O_CLOEXEC))
		return;
	/* Signals stay with the main thread, which acts on them. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	c->sampling = !pthread_create(&c->thread, NULL, sampler, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void cost_end(struct run_cost *c)
{
	if (!c->begun)
		return;
	c->begun = false;
	if (c->sampling) {
		if (write(c->wake[1], "x", 1) < 0)
			pthread_cancel(c->thread);
		pthread_join(c->thread, NULL);
		c->sampling = false;
	}
	for (int i = 0; i < 2; i++)
		if (c->wake[i] >= 0)
			close(c->wake[i]);
	c->wake[0] = c->wake[1] = -1;
	if (c->samples) {
		sample(c);
		meminfo_read(&c->after);
	}
}

void cost_tools(struct run_cost *c, const struct child *tools, unsigned int n)
{
	struct rusage ru;

	c->ntools = 0;
	for (unsigned int i = 0; i < n && c->ntools < COST_TOOLS; i++) {
		if (!tools[i].pid)
			continue;
		snprintf(c->tools[c->ntools].name, sizeof(c->tools[0].name), "%s", tools[i].name);
		c->tools[c->ntools].stop_s = tools[i].stop_s;
		c->tools[c->ntools++].hwm_kb = tools[i].maxrss_kb;
	}
	if (!getrusage(RUSAGE_SELF, &ru))
		c->harness_hwm_kb = ru.ru_maxrss;
}

static uint64_t growth(uint64_t from, uint64_t to)
{
	return to > from ? to - from : 0;
}

static void plan_json(struct json *j, const char *key, uint64_t socks, const struct umem_plan *p)
{
	json_obj_begin(j, key);
	json_u64(j, "sockets", p->frames ? socks : 0);
	json_u64(j, "umem_frames", p->frames);
	json_u64(j, "frames_per_socket", p->per_sock);
	json_u64(j, "fill_frames", p->fill);
	json_obj_end(j);
}

/* What the estimate is made of: the sizing rule's figures and the kernel's constants. */
static void model_json(struct json *j, const struct mem_estimate *e)
{
	json_obj_begin(j, "model");
	json_u64(j, "estimate_bytes", e->total);
	json_u64(j, "umem_bytes", e->umem);
	json_u64(j, "pool_state_bytes", e->pool_state);
	json_u64(j, "other_bytes", e->other);
	json_u64(j, "frame_size", MEM_FRAME_SIZE);
	json_u64(j, "chunk_state_bytes", MEM_CHUNK_STATE);
	json_u64(j, "ring_size", e->ring_size);
	json_u64(j, "umem_frames_cap", MEM_UMEM_FRAMES_CAP);
	json_u64(j, "socket_frames_min", MEM_SOCK_FRAMES_MIN);
	plan_json(j, "gen", e->socks, &e->gen);
	plan_json(j, "fwd", 2 * e->socks, &e->fwd);
	plan_json(j, "sink", e->socks, &e->sink);
	json_obj_end(j);
}

void cost_json(struct json *j, const struct run_cost *c, const struct mem_estimate *est)
{
	json_f64(j, "setup_s", c->setup_s);
	json_f64(j, "teardown_s", c->teardown_s);
	json_obj_begin(j, "kernel");
	json_u64(j, "mem_available_before_bytes", c->before.available);
	json_u64(j, "mem_available_drop_bytes", growth(c->avail_min, c->before.available));
	json_u64(j, "slab_growth_bytes", growth(c->before.slab, c->slab_max));
	json_u64(j, "vmalloc_growth_bytes", growth(c->before.vmalloc_used, c->vmalloc_max));
	/* Namespaces are freed by the kernel after they are deleted: some may still be. */
	json_i64(j, "mem_available_after_teardown_bytes",
		 (int64_t)c->after.available - (int64_t)c->before.available);
	json_u64(j, "samples", c->samples);
	json_u64(j, "sample_ms", COST_SAMPLE_MS);
	json_obj_end(j);
	json_obj_begin(j, "vm_hwm_bytes");
	for (unsigned int i = 0; i < c->ntools; i++)
		json_u64(j, c->tools[i].name, (uint64_t)c->tools[i].hwm_kb * 1024);
	json_u64(j, "run", (uint64_t)c->harness_hwm_kb * 1024);
	json_obj_end(j);
	json_obj_begin(j, "stop_s");
	for (unsigned int i = 0; i < c->ntools; i++)
		json_f64(j, c->tools[i].name, c->tools[i].stop_s);
	json_obj_end(j);
	if (est)
		model_json(j, est);
}
