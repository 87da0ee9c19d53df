/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Command-line options as a table: each row names an option, its type and the
 * offset of its field in the command's config struct. The parser, the defaults
 * check and the help text all come from the same rows, so help cannot drift.
 */
#ifndef XSKNS_OPTS_H
#define XSKNS_OPTS_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "port.h"

enum opt_type {
	OPT_FLAG,   /* bool, no argument */
	OPT_COUNT,  /* unsigned int, no argument: how many times it was given (-vv) */
	OPT_U32,    /* uint32_t within [min, max], optionally a power of two */
	OPT_U64,    /* uint64_t within [min, max] */
	OPT_STRING, /* const char * pointing into argv */
	OPT_PORTS,  /* struct port_list, repeatable: NETNS:DEV[:QUEUES] */
	OPT_ENUM,   /* const char * pointing at the matching entry of .values */
	OPT_ROWS,   /* every row of .rows, their offsets counted from this row's */
};

struct opt_def {
	const char *name;
	char short_opt;
	enum opt_type type;
	size_t offset;
	const char *metavar;
	const char *help;
	uint64_t min, max; /* for OPT_U32 / OPT_U64; max 0 means no limit */
	bool pow2;
	bool required;
	const struct opt_def *rows; /* OPT_ROWS */
	const char *const *values;  /* OPT_ENUM: the accepted words, NULL-terminated */
	const char *note;	    /* said after a range error: why the limit is there */
};

#define OPT_DEF(_name, _short, _type, _struct, _member, _help, ...)                                \
	{                                                                                          \
		.name = (_name), .short_opt = (_short), .type = (_type),                           \
		.offset = offsetof(_struct, _member), .help = (_help), __VA_ARGS__                 \
	}
/* The rows of a table several commands share, for the struct member that holds their fields. */
#define OPT_INCLUDE(_rows, _struct, _member)                                                       \
	{                                                                                          \
		.name = "", .type = OPT_ROWS, .rows = (_rows),                                     \
		.offset = offsetof(_struct, _member)                                               \
	}
#define OPT_END                                                                                    \
	{                                                                                          \
		.name = NULL                                                                       \
	}

/* "Not given": what an optional number is set to before parsing. */
#define OPT_NONE   UINT32_MAX
#define OPT_NONE64 UINT64_MAX

/*
 * One value for row d into field (d's type: U32, U64, STRING or ENUM). Returns
 * 0, or -EINVAL with what the value should be in why ("out of range 1-512",
 * "not a power of two", "one of shared | separate", ...).
 */
int opt_parse_value(const struct opt_def *d, const char *arg, void *field, char *why, size_t len);
/* A number against d's range and power-of-two rule: 0, or -EINVAL with why. */
int opt_check_range(const struct opt_def *d, uint64_t v, char *why, size_t len);
/* The U32/U64 field of row d in cfg, as a number (OPT_NONE/OPT_NONE64 stay as they are). */
uint64_t opt_get_number(const struct opt_def *d, const void *cfg);
/*
 * Copy every U32/U64 field of rows that was given (not OPT_NONE/OPT_NONE64)
 * from one struct to another of the same type: command-line overrides.
 */
void opts_copy_given(const struct opt_def *rows, const void *from, void *to);
/* The row named name (a scenario key spells '-' as '_'); NULL when there is none. */
const struct opt_def *opts_find(const struct opt_def *rows, const char *name);

/* Parse "NETNS:DEV[:QUEUES]". Returns 0 or -EINVAL (nothing printed). */
int port_spec_parse(const char *arg, struct port_spec *out);

/*
 * Parse argv (argv[0] is the command name) into cfg. Options may come before,
 * between or after the positional arguments, which usage_args names (NULL: the
 * command takes none); "--" ends the options. On success argv is permuted as
 * GNU getopt does: argv[optind..argc-1] are the positional arguments in order.
 * Returns 0 on success, 1 when --help or --version was printed, -EINVAL after
 * printing a one-line error that names the bad option or value, -ENOMEM.
 */
int opts_parse(const struct opt_def *defs, void *cfg, int argc, char **argv, const char *usage_args,
	       const char *summary);
/*
 * What --version prints, set once by the program (the version lives above the
 * option parser); until then --version prints nothing and still returns 1.
 */
void opts_set_version_printer(void (*print)(FILE *f));
/* The help text; cfg (may be NULL) holds the defaults, shown beside each option. */
void opts_print_help(const struct opt_def *defs, const void *cfg, const char *cmd,
		     const char *usage_args, const char *summary);

/*
 * Strict unsigned parse: the whole string, decimal digits only (no sign, no
 * whitespace, no leading zero, no hex). -EINVAL, or -ERANGE above UINT64_MAX.
 */
int parse_u64(const char *s, uint64_t *out);

#endif
