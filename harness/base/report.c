// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

int report_open(struct report *r, const char *path)
{
	r->f = NULL;
	if (!path)
		return 0;
	r->f = fopen(path, "w");
	return r->f ? 0 : -errno;
}

void report_u64(struct report *r, const char *key, uint64_t v)
{
	if (r->f)
		fprintf(r->f, "%s=%" PRIu64 "\n", key, v);
}

void report_i64(struct report *r, const char *key, int64_t v)
{
	if (r->f)
		fprintf(r->f, "%s=%" PRId64 "\n", key, v);
}

void report_f64(struct report *r, const char *key, double v)
{
	if (r->f)
		fprintf(r->f, "%s=%.3f\n", key, v);
}

void report_str(struct report *r, const char *key, const char *v)
{
	if (!r->f)
		return;
	fprintf(r->f, "%s=", key);
	for (; v && *v; v++)
		fputc(*v == '\n' ? ' ' : *v, r->f);
	fputc('\n', r->f);
}

void report_close(struct report *r)
{
	if (r->f)
		fclose(r->f);
	r->f = NULL;
}

int kv_load(const char *path, struct kvlist *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	out->v = NULL;
	out->n = 0;
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while ((len = getline(&line, &cap, f)) > 0) {
		char *eq = strchr(line, '=');
		struct kv *grown;

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (!eq)
			continue;
		*eq = '\0';
		grown = realloc(out->v, (out->n + 1) * sizeof(*out->v));
		if (!grown)
			break;
		out->v = grown;
		out->v[out->n].key = strdup(line);
		out->v[out->n].val = strdup(eq + 1);
		out->n++;
	}
	free(line);
	fclose(f);
	return 0;
}

void kv_free(struct kvlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const char *kv_get(const struct kvlist *l, const char *key)
{
	/* Last one wins, so a tool may refine a value it wrote earlier. */
	for (size_t i = l->n; i-- > 0;)
		if (!strcmp(l->v[i].key, key))
			return l->v[i].val;
	return NULL;
}

uint64_t kv_u64(const struct kvlist *l, const char *key, uint64_t dflt)
{
	const char *v = kv_get(l, key);

	return v ? strtoull(v, NULL, 0) : dflt;
}

double kv_f64(const struct kvlist *l, const char *key, double dflt)
{
	const char *v = kv_get(l, key);

	return v ? strtod(v, NULL) : dflt;
}
