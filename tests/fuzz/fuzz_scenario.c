// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Scenario files: any bytes must give a scenario that validates, or a one-line error. */
#include <string.h>

#include "fuzz_input.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario sc;
	char err[512];
	const char *path = fuzz_input_file(data, size, ".scn");

	if (scenario_load(path, "", &sc, err, sizeof(err)) == 0) {
		if (scenario_validate(&sc, err, sizeof(err)))
			abort(); /* a loaded scenario is a valid one */
	} else if (!err[0] || strchr(err, '\n')) {
		abort(); /* every refusal says why, on one line */
	}
	return 0;
}
