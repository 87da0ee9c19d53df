/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Where a run happened: kernel, CPU, host or guest. */
#ifndef XSKNS_ENV_H
#define XSKNS_ENV_H

struct run_env {
	char kernel[128];
	char cpu_model[128];
	int ncpus;
};

void env_describe(struct run_env *e);
/* 0 when AF_XDP sockets can be created, else -errno (EAFNOSUPPORT: not in this kernel). */
int env_probe_af_xdp(void);

#endif
