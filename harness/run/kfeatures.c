// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kfeatures.h"
#include "kfwd.skel.h"
#include "log.h"
#include "thread_seccomp.h"

struct link_probe {
	int prog_fd;
	bool emulate;
	int err; /* 0 or -errno of BPF_LINK_CREATE; 1: the probe itself could not run */
};

/* As before Linux 5.9: the bpf() command that creates links is unknown (this thread only). */
static int no_link_create(void)
{
	const struct scmp_arg_cmp arg = SCMP_A0(SCMP_CMP_EQ, BPF_LINK_CREATE);

	return thread_fail_syscall(EINVAL, SCMP_SYS(bpf), 1, &arg);
}

/* In a namespace of its own (gone with the thread): attach to its loopback, detach. */
static void *link_probe_thread(void *arg)
{
	struct link_probe *p = arg;
	int fd;

	p->err = 1;
	if (unshare(CLONE_NEWNET) || (p->emulate && no_link_create()))
		return NULL;
	fd = bpf_link_create(p->prog_fd, 1, BPF_XDP, NULL);
	p->err = fd < 0 ? -errno : 0;
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int xdp_link_works(int prog_fd, bool emulate)
{
	struct link_probe p = {.prog_fd = prog_fd, .emulate = emulate};
	pthread_t t;

	if (pthread_create(&t, NULL, link_probe_thread, &p))
		return 1;
	pthread_join(t, NULL);
	return p.err;
}

static int missing(char *why, size_t len, const char *what, int err)
{
	snprintf(why, len, "the kernel forwarder needs %s%s%s", what, err ? ": " : "",
		 err ? strerror(-err) : "");
	return -EOPNOTSUPP;
}

int kfwd_kernel_support(bool emulate_no_xdp_link, char *why, size_t len)
{
	struct kfwd_bpf *s;
	int err;

	log_setup_libbpf();
	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_XDP, NULL) <= 0)
		return missing(why, len, "XDP programs", 0);
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_DEVMAP, NULL) <= 0)
		return missing(why, len, "DEVMAP maps (Linux 4.14+)", 0);
	if (libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, BPF_FUNC_redirect_map, NULL) <= 0)
		return missing(why, len, "bpf_redirect_map() in XDP programs", 0);
	/* The program kfwd loads everywhere; its tracepoint program is optional. */
	s = kfwd_bpf__open();
	if (!s)
		return missing(why, len, "its XDP program to open", -errno);
	bpf_program__set_autoload(s->progs.kfwd_xmit, false);
	bpf_program__set_autoload(s->progs.kfwd_drop, false);
	err = kfwd_bpf__load(s);
	if (err) {
		kfwd_bpf__destroy(s);
		return missing(why, len, "its XDP program to load (the verifier refused it)", err);
	}
	err = xdp_link_works(bpf_program__fd(s->progs.kfwd_redirect), emulate_no_xdp_link);
	kfwd_bpf__destroy(s);
	if (err == 1) {
		pr_warn("cannot probe for BPF links for XDP: going ahead\n");
		return 0;
	}
	if (err)
		return missing(why, len, "BPF links for XDP (Linux 5.9+)", err);
	return 0;
}
