/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A forwarder given as a command (`--forwarder cmd:'COMMAND'`): its words and
 * placeholders. No shell is involved: the string is split here, by rules
 * close to the shell's quoting and nothing else (no variables, globs,
 * redirections, pipes or ';'), and placeholders are replaced inside each word
 * afterwards, so a value never splits or joins words.
 */
#ifndef XSKNS_CMDLINE_H
#define XSKNS_CMDLINE_H

#include <stddef.h>

/* Longest command string accepted (scenario files and the command line alike). */
#define CMDLINE_MAX 1024

/*
 * Split cmd into words: blanks (space, tab, newline) separate them; '...'
 * keeps everything literally; "..." keeps everything but \" and \\, which
 * stand for " and \; outside quotes \c stands for c. *argv is a malloc'ed,
 * NULL-terminated array of malloc'ed words (cmdline_free()). Returns the word
 * count, or -EINVAL with a one-line reason in err (unterminated quote, no word).
 */
int cmdline_split(const char *cmd, char ***argv, char *err, size_t errlen);
void cmdline_free(char **argv);

/* The values of the placeholders; NULL: not available in this run. */
struct cmdline_vars {
	const char *port0, *port1;   /* {port0} {port1}: the forwarder's two devices */
	const char *netns;	     /* {netns}: where the command runs (port0's namespace) */
	const char *netns0, *netns1; /* {netns0} {netns1}: each port's namespace */
	const char *cpu;	     /* {cpu}: --cpu-fwd */
	const char *queue, *queues;  /* {queue}: the first queue (0), {queues}: per device */
};

/*
 * Replace {name} in every word by its value in place ("{{" is a literal "{";
 * any other "{" is kept). An unknown {name}, or one without a value here, is
 * -EINVAL with the reason in err.
 */
int cmdline_expand(char **argv, const struct cmdline_vars *vars, char *err, size_t errlen);

#endif
