// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "env.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif

void env_describe(struct run_env *e)
{
	struct utsname u;
	char line[256];
	FILE *f;

	memset(e, 0, sizeof(*e));
	if (!uname(&u))
		snprintf(e->kernel, sizeof(e->kernel), "%s", u.release);
	e->ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !colon)
			continue;
		snprintf(e->cpu_model, sizeof(e->cpu_model), "%s", colon + 2);
		e->cpu_model[strcspn(e->cpu_model, "\n")] = '\0';
		break;
	}
	fclose(f);
}

int env_probe_af_xdp(void)
{
	int fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}
