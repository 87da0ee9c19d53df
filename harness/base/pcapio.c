// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "pcapio.h"

#define ETH_HDR_LEN 14
#define SNAPLEN	    65535

struct pcap_writer {
	pcap_t *dead;
	pcap_dumper_t *dumper;
};

void pcap_frames_free(struct pcap_frames *f)
{
	for (uint32_t i = 0; i < f->n; i++)
		free(f->data[i]);
	free(f->data);
	free(f->len);
	memset(f, 0, sizeof(*f));
}

static int grow(struct pcap_frames *f, uint32_t *cap)
{
	uint32_t ncap = *cap ? 2 * *cap : 64;
	uint8_t **d = realloc(f->data, ncap * sizeof(*d));
	uint32_t *l;

	if (!d)
		return -ENOMEM;
	f->data = d;
	l = realloc(f->len, ncap * sizeof(*l));
	if (!l)
		return -ENOMEM;
	f->len = l;
	*cap = ncap;
	return 0;
}

int pcap_frames_load(const char *path, uint32_t max_len, struct pcap_frames *out, char *err,
		     size_t errlen)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *hdr;
	const u_char *bytes;
	uint32_t cap = 0;
	int rc, ret = 0;
	pcap_t *pc;

	memset(out, 0, sizeof(*out));
	pc = pcap_open_offline(path, errbuf);
	if (!pc) {
		size_t plen = strlen(path);
		/* libpcap's message often starts with the path already. */
		const char *why = !strncmp(errbuf, path, plen) && !strncmp(errbuf + plen, ": ", 2)
				      ? errbuf + plen + 2
				      : errbuf;

		snprintf(err, errlen, "'%s': %s", path, why);
		return -EINVAL;
	}
	if (pcap_datalink(pc) != DLT_EN10MB) {
		const char *name = pcap_datalink_val_to_name(pcap_datalink(pc));

		snprintf(err, errlen, "'%s': link type %s, not Ethernet (EN10MB)", path,
			 name ? name : "unknown");
		pcap_close(pc);
		return -EINVAL;
	}
	while ((rc = pcap_next_ex(pc, &hdr, &bytes)) == 1) {
		uint32_t no = out->n + 1;

		if (hdr->caplen > max_len) {
			snprintf(err, errlen,
				 "'%s': packet %u is %u bytes, more than the %u-byte frame", path,
				 no, hdr->caplen, max_len);
			ret = -EINVAL;
			break;
		}
		if (hdr->caplen < ETH_HDR_LEN) {
			snprintf(err, errlen, "'%s': packet %u is only %u bytes", path, no,
				 hdr->caplen);
			ret = -EINVAL;
			break;
		}
		if (out->n == cap && grow(out, &cap)) {
			ret = -ENOMEM;
			break;
		}
		out->data[out->n] = malloc(hdr->caplen);
		if (!out->data[out->n]) {
			ret = -ENOMEM;
			break;
		}
		memcpy(out->data[out->n], bytes, hdr->caplen);
		out->len[out->n++] = hdr->caplen;
	}
	if (!ret && rc == PCAP_ERROR) {
		snprintf(err, errlen, "'%s': packet %u: %s", path, out->n + 1, pcap_geterr(pc));
		ret = -EINVAL;
	}
	if (!ret && !out->n) {
		snprintf(err, errlen, "'%s': no packets", path);
		ret = -EINVAL;
	}
	if (ret == -ENOMEM)
		snprintf(err, errlen, "'%s': out of memory at packet %u", path, out->n + 1);
	pcap_close(pc);
	if (ret)
		pcap_frames_free(out);
	return ret;
}

struct pcap_writer *pcap_writer_open(const char *path, char *err, size_t errlen)
{
	struct pcap_writer *w = calloc(1, sizeof(*w));

	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->dead = pcap_open_dead(DLT_EN10MB, SNAPLEN);
	if (!w->dead) {
		snprintf(err, errlen, "pcap_open_dead failed");
		free(w);
		return NULL;
	}
	w->dumper = pcap_dump_open(w->dead, path);
	if (!w->dumper) {
		snprintf(err, errlen, "cannot write '%s': %s", path, pcap_geterr(w->dead));
		pcap_close(w->dead);
		free(w);
		return NULL;
	}
	return w;
}

void pcap_writer_add(struct pcap_writer *w, const void *data, uint32_t len)
{
	struct pcap_pkthdr hdr;

	gettimeofday(&hdr.ts, NULL);
	hdr.caplen = len;
	hdr.len = len;
	pcap_dump((u_char *)w->dumper, &hdr, data);
}

void pcap_writer_close(struct pcap_writer *w)
{
	if (!w)
		return;
	pcap_dump_close(w->dumper);
	pcap_close(w->dead);
	free(w);
}
