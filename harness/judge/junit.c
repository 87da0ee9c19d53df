// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "expect.h"
#include "json.h"
#include "junit.h"
#include "outfile.h"

int junit_add(struct junit *j, const struct junit_case *c)
{
	if (j->n == j->cap) {
		size_t cap = j->cap ? 2 * j->cap : 16;
		struct junit_case *v = realloc(j->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		j->v = v;
		j->cap = cap;
	}
	j->v[j->n++] = *c;
	return 0;
}

void junit_free(struct junit *j)
{
	free(j->v);
	*j = (struct junit){0};
}

/*
 * Attribute or text content: markup escaped, and always well-formed XML 1.0 in
 * UTF-8 (control bytes, which XML cannot carry even escaped, and bytes that
 * start no valid UTF-8 sequence become U+FFFD).
 */
static void put_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 1 : utf8_len(p);

		if (*p == '&')
			fputs("&amp;", f);
		else if (*p == '<')
			fputs("&lt;", f);
		else if (*p == '>')
			fputs("&gt;", f);
		else if (*p == '"')
			fputs("&quot;", f);
		else if (*p == '\t' || *p == '\n')
			fputc(' ', f);
		else if (!n || *p < 0x20 || *p == 0x7f)
			fputs("\xef\xbf\xbd", f);
		else
			fwrite(p, 1, n, f);
		p += n ? n : 1;
	}
}

static void property(FILE *f, const char *indent, const char *name, const char *value)
{
	fprintf(f, "%s<property name=\"%s\" value=\"", indent, name);
	put_text(f, value);
	fputs("\"/>\n", f);
}

static void property_num(FILE *f, const char *name, const char *fmt, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), fmt, v);
	property(f, "        ", name, buf);
}

static void case_properties(FILE *f, const struct junit_case *c)
{
	fputs("      <properties>\n", f);
	property(f, "        ", "verdict", c->interrupted ? "not run" : verdict_name(c->verdict));
	property(f, "        ", "expect", verdict_name(c->expect));
	property(f, "        ", "reason", c->reason);
	property_num(f, "gen_pps", "%.0f", c->gen_pps);
	property_num(f, "fwd_rx_pps", "%.0f", c->fwd_rx_pps);
	property_num(f, "fwd_tx_pps", "%.0f", c->fwd_tx_pps);
	property_num(f, "sink_pps", "%.0f", c->sink_pps);
	property_num(f, "latency_p50_ns", "%.0f", (double)c->lat_p50_ns);
	property_num(f, "latency_p99_ns", "%.0f", (double)c->lat_p99_ns);
	property_num(f, "latency_max_ns", "%.0f", (double)c->lat_max_ns);
	property(f, "        ", "result", c->result);
	fputs("      </properties>\n", f);
}

static enum outcome case_outcome(const struct junit *j, const struct junit_case *c)
{
	return c->interrupted ? OUT_ERROR : outcome_of(c->expect, c->verdict);
}

/* failure, error or skipped, with the verdict and reason as message. */
static void case_result(FILE *f, enum outcome o, const struct junit_case *c, bool check)
{
	static const char *const tags[] = {[OUT_FAIL] = "failure",
					   [OUT_XPASS] = "failure",
					   [OUT_SKIP] = "skipped",
					   [OUT_ERROR] = "error"};
	char msg[640];

	if (o == OUT_PASS || o == OUT_XFAIL)
		return;
	if (c->interrupted)
		snprintf(msg, sizeof(msg), "interrupted: not run");
	else if (o == OUT_XPASS || (o == OUT_FAIL && check))
		snprintf(msg, sizeof(msg), "expected %s, got %s%s%s", verdict_name(c->expect),
			 verdict_name(c->verdict), c->reason[0] ? ": " : "", c->reason);
	else
		snprintf(msg, sizeof(msg), "%s: %s", verdict_name(c->verdict), c->reason);
	fprintf(f, "      <%s message=\"", tags[o]);
	put_text(f, msg);
	if (o == OUT_SKIP) {
		fputs("\"/>\n", f);
		return;
	}
	fprintf(f, "\" type=\"%s\">", c->interrupted ? "ERROR" : verdict_name(c->verdict));
	put_text(f, msg);
	fprintf(f, "</%s>\n", tags[o]);
}

static void write_cases(FILE *f, const struct junit *j)
{
	for (size_t i = 0; i < j->n; i++) {
		const struct junit_case *c = &j->v[i];

		fputs("    <testcase classname=\"xskns.scenarios\" name=\"", f);
		put_text(f, c->name);
		fprintf(f, "\" time=\"%.3f\">\n", c->time_s);
		case_properties(f, c);
		case_result(f, case_outcome(j, c), c, j->check);
		fputs("    </testcase>\n", f);
	}
}

int junit_write(const char *path, const struct junit *j, const char *kernel, const char *version)
{
	unsigned int failures = 0, errors = 0, skipped = 0;
	char stamp[32], host[256] = "";
	double total = 0;
	time_t now = time(NULL);
	struct tm tm;
	struct outfile out;
	FILE *f;
	int err;

	for (size_t i = 0; i < j->n; i++) {
		enum outcome o = case_outcome(j, &j->v[i]);

		failures += o == OUT_FAIL || o == OUT_XPASS;
		errors += o == OUT_ERROR;
		skipped += o == OUT_SKIP;
		total += j->v[i].time_s;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	gethostname(host, sizeof(host) - 1);
	err = outfile_open(&out, path);
	if (err)
		return err;
	f = out.f;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f,
		"<testsuites name=\"xskns\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" "
		"skipped=\"%u\" time=\"%.3f\">\n",
		j->n, failures, errors, skipped, total);
	fprintf(f,
		"  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" "
		"skipped=\"%u\" time=\"%.3f\" timestamp=\"%s\" hostname=\"",
		j->check ? "xskns run --check-expect" : "xskns run", j->n, failures, errors,
		skipped, total, stamp);
	put_text(f, host);
	fputs("\">\n    <properties>\n", f);
	property(f, "      ", "kernel", kernel);
	property(f, "      ", "harness_version", version);
	fputs("    </properties>\n", f);
	write_cases(f, j);
	fputs("  </testsuite>\n</testsuites>\n", f);
	return outfile_commit(&out);
}
