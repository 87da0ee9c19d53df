// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdio.h>

#include "ktap.h"

void ktap_name(const char *in, char *out, size_t len)
{
	size_t n = 0;

	if (!len)
		return;
	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;
		int esc = c < 0x20 || c == 0x7f || c == '#' || c == '\\';

		if (n + (esc ? 4 : 1) >= len)
			break;
		if (esc)
			n += (size_t)snprintf(out + n, len - n, "\\x%02x", c);
		else
			out[n++] = (char)c;
	}
	out[n] = '\0';
}

void ktap_text(const char *in, char *out, size_t len)
{
	size_t n = 0;

	if (!len)
		return;
	for (; *in && n + 1 < len; in++) {
		unsigned char c = (unsigned char)*in;

		out[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	out[n] = '\0';
}
