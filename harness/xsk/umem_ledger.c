// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdlib.h>

#include "umem_ledger.h"

const char *const ledger_owner_names[LEDGER_OWNERS] = {
    "app", "fill", "kernel_rx", "tx", "kernel_tx", "completion",
};

const char *const ledger_ring_names[] = {"FILL", "RX", "TX", "COMPLETION"};

const char *const ledger_violation_names[LV_KINDS] = {
    "rx_not_filled", "comp_not_on_tx", "comp_twice",	  "outside_umem",
    "off_frame",     "app_not_owned",  "app_bad_address",
};

int umem_ledger_init(struct umem_ledger *l, uint32_t nframes, uint32_t frame_size)
{
	*l = (struct umem_ledger){0};
	if (!nframes || frame_size < 2 || frame_size > LEDGER_OFF_MASK + 1 ||
	    (frame_size & (frame_size - 1)))
		return -EINVAL;
	l->frame = calloc(nframes, sizeof(*l->frame)); /* 0: LEDGER_APP, socket 0 */
	if (!l->frame)
		return -ENOMEM;
	l->nframes = nframes;
	l->frame_size = frame_size;
	l->shift = (uint32_t)__builtin_ctz(frame_size);
	l->size = (uint64_t)nframes * frame_size;
	l->owned[LEDGER_APP] = nframes;
	return 0;
}

void umem_ledger_free(struct umem_ledger *l)
{
	free(l->frame);
	l->frame = NULL;
}

bool umem_ledger_violation(struct umem_ledger *l, enum ledger_violation kind, uint32_t sock,
			   enum ledger_ring ring, uint64_t addr)
{
	struct ledger_event *e = &l->first[kind];

	if (!l->violations[kind]++) {
		*e = (struct ledger_event){.sock = sock, .ring = ring, .addr = addr};
		if (addr < l->size)
			e->owner =
			    umem_ledger_owner(l, (uint32_t)(addr >> l->shift), &e->owner_sock);
		else
			e->owner = LEDGER_OWNERS;
	}
	return false;
}

void umem_ledger_settle(struct umem_ledger *l)
{
	for (uint32_t i = 0; i < l->nframes; i++) {
		uint32_t *w = &l->frame[i], o = *w & LEDGER_OWNER_MASK;

		if (o == LEDGER_FILL)
			ledger_move(l, w, (*w & ~LEDGER_OWNER_MASK) | LEDGER_KERNEL_RX);
		else if (o == LEDGER_TX)
			ledger_move(l, w, (*w & ~LEDGER_OWNER_MASK) | LEDGER_KERNEL_TX);
	}
}

void umem_ledger_on_ring(struct umem_ledger *l, uint32_t sock, enum ledger_ring ring, uint64_t addr)
{
	uint32_t *w, o, to;

	if (addr >= l->size)
		return;
	w = &l->frame[addr >> l->shift];
	o = *w & LEDGER_OWNER_MASK;
	if (*w >> LEDGER_SOCK_SHIFT != sock)
		return;
	if (ring == LEDGER_RING_FILL && o == LEDGER_KERNEL_RX)
		to = LEDGER_FILL;
	else if (ring == LEDGER_RING_TX && o == LEDGER_KERNEL_TX)
		to = LEDGER_TX;
	else if (ring == LEDGER_RING_COMP && o == LEDGER_KERNEL_TX)
		to = LEDGER_COMP;
	else
		return;
	ledger_move(l, w, (*w & ~LEDGER_OWNER_MASK) | to);
}

uint64_t umem_ledger_kernel_violations(const struct umem_ledger *l)
{
	uint64_t n = 0;

	for (int k = 0; k < LV_KERNEL_KINDS; k++)
		n += l->violations[k];
	return n;
}

uint64_t umem_ledger_app_violations(const struct umem_ledger *l)
{
	uint64_t n = 0;

	for (int k = LV_KERNEL_KINDS; k < LV_KINDS; k++)
		n += l->violations[k];
	return n;
}

static bool held_by(uint32_t w, uint32_t sock)
{
	uint32_t o = w & LEDGER_OWNER_MASK;

	return w >> LEDGER_SOCK_SHIFT == sock && o != LEDGER_APP;
}

uint64_t umem_ledger_release_sock(struct umem_ledger *l, uint32_t sock,
				  void (*put)(uint64_t addr, void *arg), void *arg)
{
	uint64_t n = 0;

	for (uint32_t f = 0; l->frame && f < l->nframes; f++) {
		if (!held_by(l->frame[f], sock))
			continue;
		ledger_move(l, &l->frame[f], ledger_word(LEDGER_APP, 0, 0));
		put((uint64_t)f << l->shift, arg);
		n++;
	}
	return n;
}

uint64_t umem_ledger_sock_frames(const struct umem_ledger *l, uint32_t sock)
{
	uint64_t n = 0;

	for (uint32_t f = 0; l->frame && f < l->nframes; f++)
		n += held_by(l->frame[f], sock);
	return n;
}
