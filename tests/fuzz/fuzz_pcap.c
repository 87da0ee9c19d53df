// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Captures for the generator (--pcap): any file loads within bounds or is refused. */
#include <stdlib.h>

#include "fuzz_input.h"
#include "pcapio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcap_frames frames = {0};
	char err[512];
	const char *path = fuzz_input_file(data, size, ".pcap");

	if (pcap_frames_load(path, 1518, &frames, err, sizeof(err)) == 0)
		pcap_frames_free(&frames);
	return 0;
}
