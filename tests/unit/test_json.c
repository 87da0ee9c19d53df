// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The JSON writer: strings are always valid UTF-8 (a byte that starts no
 * well-formed sequence becomes U+FFFD), control bytes and quotes escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

/* The top-level JSON string for v, as written. */
static char *str_json(const char *v)
{
	static char out[256];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f);
	json_str(&j, NULL, v);
	fclose(f);
	snprintf(out, sizeof(out), "%s", buf ? buf : "");
	free(buf);
	return out;
}

static void check(const char *in, const char *want, const char *name)
{
	const char *got = str_json(in);

	ok(!strcmp(got, want), "%s", name);
	if (strcmp(got, want))
		diag("got %s, want %s", got, want);
}

int main(void)
{
	plan(12);
	check("plain", "\"plain\"", "ASCII as is");
	check("q\"b\\", "\"q\\\"b\\\\\"", "quote and backslash escaped");
	check("a\nb\x01", "\"a\\u000ab\\u0001\"", "control bytes escaped");
	check("caf\xc3\xa9", "\"caf\xc3\xa9\"", "valid two-byte UTF-8 kept");
	check("\xe2\x82\xac \xf0\x9f\x98\x80", "\"\xe2\x82\xac \xf0\x9f\x98\x80\"",
	      "valid three- and four-byte UTF-8 kept");
	check("caf\xe9", "\"caf\\ufffd\"", "a Latin-1 byte (0xE9) becomes U+FFFD");
	check("\xe9t\xe9", "\"\\ufffdt\\ufffd\"", "each bad byte replaced, the rest kept");
	check("\xc0\xaf", "\"\\ufffd\\ufffd\"", "an overlong form is refused");
	check("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "a UTF-16 surrogate is refused");
	check("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "above U+10FFFF is refused");
	check("x\xe2\x82", "\"x\\ufffd\\ufffd\"", "a sequence cut by the end of the string");
	check("\x80\xbf", "\"\\ufffd\\ufffd\"", "lone continuation bytes");
	return done();
}
