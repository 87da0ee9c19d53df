// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Expectation rules ("BUG if kernel < 5.14 else PASS") against kernel releases:
 * the input is "RULE\nRELEASE". A rule that checks must resolve for any release.
 */
#include <stdlib.h>
#include <string.h>

#include "expect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[512], err[256];
	const char *release = "6.18.0";
	enum verdict v;
	char *nl;

	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	nl = strchr(buf, '\n');
	if (nl) {
		*nl = '\0';
		release = nl + 1;
	}
	struct expect_env lib = {.release = "5.10.0", .impl = "libbpf", .impl_version = "0.8.0"};

	if (expect_check(buf, err, sizeof(err)) == 0 &&
	    (expect_resolve(buf, "6.18.0", &v, err, sizeof(err)) != 0 ||
	     expect_resolve_for(buf, &lib, &v, err, sizeof(err)) != 0))
		abort(); /* checked, yet not resolvable on a plain release and library */
	expect_resolve(buf, release, &v, err, sizeof(err));
	return 0;
}
