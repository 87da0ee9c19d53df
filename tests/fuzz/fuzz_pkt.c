// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* What the sink parses from every frame it receives: any bytes, any length. */
#include <stdlib.h>
#include <string.h>

#include "pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt_stamp stamp;
	size_t payload;
	/* an exact-size copy, so ASan sees any read past the frame */
	uint8_t *frame = malloc(size ? size : 1);

	if (!frame)
		return 0;
	memcpy(frame, data, size);
	pkt_parse(frame, size, &stamp);
	pkt_udp_payload(frame, size, &payload);
	free(frame);
	return 0;
}
