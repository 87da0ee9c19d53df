/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Captures in and out through libpcap, kept behind this small interface:
 * libpcap's classic-BPF header and the kernel's eBPF one both define
 * struct bpf_insn, so no file may include both.
 */
#ifndef XSKNS_PCAPIO_H
#define XSKNS_PCAPIO_H

#include <stddef.h>
#include <stdint.h>

/* Every frame of an Ethernet capture, as captured (caplen). */
struct pcap_frames {
	uint8_t **data;
	uint32_t *len;
	uint32_t n;
};

/*
 * Read every frame of path. A frame longer than max_len or shorter than an
 * Ethernet header, a link type other than Ethernet, an unreadable or empty
 * file: -EINVAL with a message naming the file (and the packet, 1-based) in
 * err. Out of memory: -ENOMEM.
 */
int pcap_frames_load(const char *path, uint32_t max_len, struct pcap_frames *out, char *err,
		     size_t errlen);
void pcap_frames_free(struct pcap_frames *f);

struct pcap_writer;

/* An Ethernet (DLT_EN10MB) capture file; NULL with a message in err on failure. */
struct pcap_writer *pcap_writer_open(const char *path, char *err, size_t errlen);
/* Append one frame, timestamped with the wall clock now. */
void pcap_writer_add(struct pcap_writer *w, const void *data, uint32_t len);
/* Flush and close; NULL is fine. */
void pcap_writer_close(struct pcap_writer *w);

#endif
