// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A forwarder command's words and placeholders: the quoting rules, no shell
 * meaning for anything else, placeholders inside words, errors that name the
 * bad part.
 */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "tap.h"

static char err[512];

static int is_str(const char *got, const char *want, const char *name)
{
	int pass = ok(!strcmp(got, want), "%s", name);

	if (!pass)
		diag("  got '%s', want '%s'", got, want);
	return pass;
}

static int like(const char *got, const char *re, const char *name)
{
	regex_t r;
	int pass = !regcomp(&r, re, REG_EXTENDED | REG_NOSUB) && !regexec(&r, got, 0, NULL, 0);

	regfree(&r);
	ok(pass, "%s", name);
	if (!pass)
		diag("  '%s' does not match '%s'", got, re);
	return pass;
}

static const struct cmdline_vars vars = {.port0 = "outer",
					 .port1 = "inner",
					 .netns = "xskns1-fwd0",
					 .netns0 = "xskns1-outer0",
					 .netns1 = "xskns1-inner0",
					 .queue = "0",
					 .queues = "2"};

/* cmd split (and expanded with v unless NULL), words joined by '|', or "ERR: reason". */
static const char *expand(const char *cmd, const struct cmdline_vars *v)
{
	static char out[1024];
	char **argv;
	int n = cmdline_split(cmd, &argv, err, sizeof(err));

	if (n < 0 || (v && cmdline_expand(argv, v, err, sizeof(err)))) {
		snprintf(out, sizeof(out), "ERR: %s", err);
		cmdline_free(n < 0 ? NULL : argv);
		return out;
	}
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "|" : "",
			 argv[i]);
	cmdline_free(argv);
	return out;
}

static const char *split(const char *cmd)
{
	return expand(cmd, NULL);
}

int main(void)
{
	struct cmdline_vars with_cpu = vars;

	with_cpu.cpu = "1";
	is_str(split("xsk_fwd -i a  -i\tb\n"), "xsk_fwd|-i|a|-i|b", "blanks separate words");
	is_str(split("a 'b c' \"d e\" f\\ g"), "a|b c|d e|f g", "quotes and backslash keep blanks");
	is_str(split("a 'it''s' \"x\\\"y\\\\z\\n\""), "a|its|x\"y\\z\\n",
	       "quotes join; in \"...\" only \\\" and \\\\ are escapes");
	is_str(split("a '' \"\" b"), "a|||b", "empty quoted words are words");
	is_str(split("a; rm -rf / | cat $HOME `id` *"), "a;|rm|-rf|/|||cat|$HOME|`id`|*",
	       "no shell meaning: ; | $ ` * are plain characters");
	like(split("a 'b"), "^ERR: unterminated ' quote", "unterminated single quote");
	like(split("a \"b"), "^ERR: unterminated \" quote", "unterminated double quote");
	like(split("   "), "^ERR: empty command", "a command without a word");

	is_str(expand("fwd --port {netns}:{port0} -i {port1} -q {queue}/{queues}", &vars),
	       "fwd|--port|xskns1-fwd0:outer|-i|inner|-q|0/2", "placeholders inside words");
	is_str(expand("'{netns0} {netns1}' {{port0} {x", &vars),
	       "xskns1-outer0 xskns1-inner0|{port0}|{x",
	       "a value never splits a word; {{ is a literal {; a lone { stays");
	is_str(expand("sh -c 'echo ${HOME}'", &vars), "sh|-c|echo ${HOME}",
	       "${NAME} of a shell script is left alone (not a {name} on its own)");
	like(expand("fwd -c {cpu}", &vars), "^ERR: placeholder \\{cpu\\} has no value.*--cpu-fwd",
	     "{cpu} without --cpu-fwd is refused, saying what gives it");
	is_str(expand("fwd -c {cpu}", &with_cpu), "fwd|-c|1", "{cpu} with a CPU");
	like(expand("fwd {port2}", &vars), "^ERR: unknown placeholder \\{port2\\}",
	     "an unknown placeholder is named");
	return done();
}
