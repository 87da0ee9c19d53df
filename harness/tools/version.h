/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* What this binary is: the harness's version, its build and the libraries it runs on. */
#ifndef XSKNS_VERSION_H
#define XSKNS_VERSION_H

#include <stdio.h>

/* `git describe --always --dirty` when it was built ("unknown" outside git). */
const char *xskns_version(void);
/* Implementation, compiler and flags it was built with, one line. */
const char *xskns_build_config(void);
/* The --version text: harness version, AF_XDP implementation and libbpf. */
void version_print(FILE *f);

#endif
