// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* KTAP names and texts from hostile input: one line, no directive, no forged line. */
#include <string.h>

#include "ktap.h"
#include "tap.h"

int main(void)
{
	char out[128];

	plan(7);
	ktap_name("colliding-ifindex", out, sizeof(out));
	ok(!strcmp(out, "colliding-ifindex"), "a plain name is kept");
	ktap_name("nl\nok 99 injected", out, sizeof(out));
	ok(!strcmp(out, "nl\\x0aok 99 injected"), "a newline cannot start a line: %s", out);
	ktap_name("x # SKIP fake", out, sizeof(out));
	ok(!strcmp(out, "x \\x23 SKIP fake"), "a '#' cannot start a directive: %s", out);
	ktap_name("a\\x23", out, sizeof(out));
	ok(!strcmp(out, "a\\x5cx23"), "a backslash is escaped too (unambiguous): %s", out);
	ktap_name("####", out, 9);
	ok(!strcmp(out, "\\x23\\x23"), "cut at whole escapes: %s", out);
	ktap_text("cannot create 'a\nok 1 b'\r", out, sizeof(out));
	ok(!strcmp(out, "cannot create 'a ok 1 b' "), "a reason stays one line: %s", out);
	ktap_text("caf\xc3\xa9 # x", out, sizeof(out));
	ok(!strcmp(out, "caf\xc3\xa9 # x"), "UTF-8 and '#' kept in a directive's text");
	return done();
}
