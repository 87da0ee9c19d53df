// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

void cmdline_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Append a finished word: *argv grows by one, stays NULL-terminated. */
static int push_word(char ***argv, int *argc, const char *word, size_t len)
{
	char **grown = realloc(*argv, (size_t)(*argc + 2) * sizeof(**argv));

	if (!grown)
		return -ENOMEM;
	*argv = grown;
	grown[*argc] = strndup(word, len);
	if (!grown[*argc])
		return -ENOMEM;
	grown[++*argc] = NULL;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

int cmdline_split(const char *cmd, char ***argv, char *err, size_t errlen)
{
	size_t n = strlen(cmd);
	char *word = malloc(n + 1), quote = 0;
	bool in_word = false;
	int argc = 0, ret = 0;
	size_t len = 0;

	*argv = calloc(1, sizeof(**argv));
	if (!word || !*argv) {
		snprintf(err, errlen, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i <= n && !ret; i++) {
		char c = cmd[i];

		if (quote == '\'' && c && c != '\'') {
			word[len++] = c;
		} else if (quote == '"' && c && c != '"') {
			if (c == '\\' && (cmd[i + 1] == '"' || cmd[i + 1] == '\\'))
				c = cmd[++i];
			word[len++] = c;
		} else if (quote && c) {
			quote = 0; /* the closing quote */
		} else if (quote) {
			snprintf(err, errlen, "unterminated %c quote in '%s'", quote, cmd);
			ret = -EINVAL;
		} else if (!c || is_blank(c)) {
			if (in_word)
				ret = push_word(argv, &argc, word, len);
			in_word = false;
			len = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
			in_word = true;
		} else if (c == '\\' && cmd[i + 1]) {
			word[len++] = cmd[++i];
			in_word = true;
		} else {
			word[len++] = c;
			in_word = true;
		}
	}
	if (ret == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	if (!ret && !argc) {
		snprintf(err, errlen, "empty command");
		ret = -EINVAL;
	}
out:
	free(word);
	if (ret) {
		cmdline_free(*argv);
		*argv = NULL;
		return ret;
	}
	return argc;
}

/* The value of {name} (name not terminated: len bytes), or NULL; *known says if it exists. */
static const char *lookup(const struct cmdline_vars *v, const char *name, size_t len, bool *known)
{
	const struct {
		const char *name, *val;
	} vars[] = {
	    {"port0", v->port0},   {"port1", v->port1}, {"netns", v->netns}, {"netns0", v->netns0},
	    {"netns1", v->netns1}, {"cpu", v->cpu},	{"queue", v->queue}, {"queues", v->queues},
	};

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		if (strlen(vars[i].name) == len && !strncmp(vars[i].name, name, len)) {
			*known = true;
			return vars[i].val;
		}
	}
	*known = false;
	return NULL;
}

/* Length of a placeholder name at s ("name}"), 0 when s does not start one. */
static size_t name_len(const char *s)
{
	size_t i = 0;

	while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
		i++;
	return i && s[i] == '}' ? i : 0;
}

static int expand_word(char **word, const struct cmdline_vars *v, char *err, size_t errlen)
{
	const char *s = *word;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	while (*s) {
		size_t nl = *s == '{' ? name_len(s + 1) : 0;
		const char *val;
		bool known;

		if (s[0] == '{' && s[1] == '{') {
			fputc('{', f);
			s += 2;
			continue;
		}
		if (!nl) {
			fputc(*s++, f);
			continue;
		}
		val = lookup(v, s + 1, nl, &known);
		if (!val) {
			snprintf(
			    err, errlen,
			    known
				? "placeholder {%.*s} has no value in this run%s"
				: "unknown placeholder {%.*s} (known: {port0} {port1} {netns} "
				  "{netns0} {netns1} {cpu} {queue} {queues}; {{ is a literal {)%s",
			    (int)nl, s + 1,
			    known && !strncmp(s + 1, "cpu", nl) ? " (give --cpu-fwd)" : "");
			fclose(f);
			free(out);
			return -EINVAL;
		}
		fputs(val, f);
		s += nl + 2;
	}
	if (fclose(f)) {
		free(out);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	free(*word);
	*word = out;
	return 0;
}

int cmdline_expand(char **argv, const struct cmdline_vars *vars, char *err, size_t errlen)
{
	for (size_t i = 0; argv[i]; i++) {
		int ret = expand_word(&argv[i], vars, err, errlen);

		if (ret)
			return ret;
	}
	return 0;
}
