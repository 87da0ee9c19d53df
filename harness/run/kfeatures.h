/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the kernel forwarder (xskns kfwd) needs from the kernel, checked by
 * `xskns run` before a run uses it: on a kernel without it the run is SKIP,
 * naming what is missing, not an ERROR from a tool that could not start.
 */
#ifndef XSKNS_KFEATURES_H
#define XSKNS_KFEATURES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * 0 when this kernel has XDP, DEVMAP, bpf_redirect_map(), loads kfwd's
 * program and attaches XDP through a BPF link; else -EOPNOTSUPP with what is
 * missing in why. emulate_no_xdp_link: BPF_LINK_CREATE fails as before Linux
 * 5.9 (a seccomp filter on the probing thread), for tests.
 */
int kfwd_kernel_support(bool emulate_no_xdp_link, char *why, size_t len);

#endif
