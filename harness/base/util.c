// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void signals_reset(void)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	/* SIGKILL and SIGSTOP cannot be changed, nor the C library's own: sigaction() says so. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

void stop_on_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int pin_to_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* "0-1,4" for a CPU set. */
static void cpu_list(const cpu_set_t *set, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE && used < len; c++) {
		int last = c;

		if (!CPU_ISSET(c, set))
			continue;
		while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, set))
			last++;
		used += (size_t)snprintf(buf + used, len - used, last > c ? "%s%d-%d" : "%s%d",
					 used ? "," : "", c, last);
		c = last;
	}
}

int cpu_available(uint32_t cpu, char *desc, size_t len)
{
	cpu_set_t set;
	char list[128];

	if (sched_getaffinity(0, sizeof(set), &set)) {
		snprintf(desc, len, "cannot read this process's CPUs: %s", strerror(errno));
		return -errno;
	}
	if (cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set))
		return 0;
	cpu_list(&set, list, sizeof(list));
	snprintf(desc, len, "%d CPU%s: %s", CPU_COUNT(&set), CPU_COUNT(&set) == 1 ? "" : "s", list);
	return -EINVAL;
}

int pin_tool(const char *tool, uint32_t cpu)
{
	char desc[192] = "";
	int err;

	if (cpu == UINT32_MAX)
		return 0;
	err = cpu_available(cpu, desc, sizeof(desc));
	if (!err)
		err = pin_to_cpu((int)cpu);
	if (err)
		fprintf(stderr, "%s: cannot pin to CPU %u (%s)\n", tool, cpu,
			desc[0] ? desc : strerror(-err));
	return err;
}

void signal_ready(int fd)
{
	static const char msg[] = "ready\n";

	if (fd < 0)
		return;
	if (write(fd, msg, sizeof(msg) - 1) < 0)
		(void)0; /* the parent sees EOF and reports the failure */
	close(fd);
}
