// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A small AF_XDP forwarder for the tests, unrelated to the harness's own
 * code: both ports in the namespace it is started in, one shared UMEM,
 * libxdp's default XDP program, frames of port 0 sent out of port 1 unchanged.
 * It stands for "someone else's forwarder" run through `--forwarder cmd:`.
 *
 *   minifwd IF0 IF1 [drop N | dup N]
 *
 * drop N: every Nth frame is silently not forwarded; dup N: every Nth frame
 * is sent twice (a copy in a second frame). Both are the negative controls:
 * the harness's traffic checks must call them BUG. On SIGTERM/SIGINT it
 * forwards what is still queued, then exits 0.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <xdp/xsk.h>

#define NFRAMES	   8192
#define FRAME_SIZE 2048
#define RING	   2048
#define BATCH	   64
#define IDLE_STOP  5 /* polls of 10 ms */

static volatile sig_atomic_t done;
static uint64_t free_frames[NFRAMES];
static unsigned int nfree;

static void on_signal(int sig)
{
	(void)sig;
	done = 1;
}

/* The FILL ring as full as the free frames allow. */
static void refill(struct xsk_ring_prod *fill)
{
	unsigned int n = xsk_prod_nb_free(fill, nfree);
	uint32_t pos;

	n = n < nfree ? n : nfree;
	if (!n || xsk_ring_prod__reserve(fill, n, &pos) != n)
		return;
	for (unsigned int i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(fill, pos + i) = free_frames[--nfree];
	xsk_ring_prod__submit(fill, n);
}

static void complete(struct xsk_ring_cons *comp)
{
	uint32_t pos, n = xsk_ring_cons__peek(comp, BATCH, &pos);

	for (uint32_t i = 0; i < n; i++)
		free_frames[nfree++] = *xsk_ring_cons__comp_addr(comp, pos + i);
	xsk_ring_cons__release(comp, n);
}

/* Copy mode sends only inside sendto(), when the kernel asks for it. */
static void kick(struct xsk_socket *s, struct xsk_ring_prod *tx)
{
	if (xsk_ring_prod__needs_wakeup(tx))
		sendto(xsk_socket__fd(s), NULL, 0, MSG_DONTWAIT, NULL, 0);
}

int main(int argc, char **argv)
{
	/*
	 * Zeroed: libxdp sets only some of a ring's cached indexes (never a FILL
	 * ring's cached producer, nor a COMPLETION ring's), so stack garbage there
	 * publishes FILL slots never written and reads completions never made
	 * (docs/completion-anomaly.md).
	 */
	struct xsk_ring_prod fill0 = {0}, fill1 = {0}, tx0 = {0}, tx1 = {0};
	struct xsk_ring_cons comp0 = {0}, comp1 = {0}, rx0 = {0};
	struct xsk_socket_config cfg = {
	    .rx_size = RING, .tx_size = RING, .bind_flags = XDP_USE_NEED_WAKEUP};
	struct xsk_umem_config ucfg = {
	    .fill_size = RING, .comp_size = RING, .frame_size = FRAME_SIZE, .frame_headroom = 0};
	struct xsk_socket *s0, *s1;
	struct xsk_umem *umem;
	unsigned long every = 0, seen = 0;
	int drop = 0, err;
	void *area;

	if (argc != 3 && !(argc == 5 && (!strcmp(argv[3], "drop") || !strcmp(argv[3], "dup")))) {
		fprintf(stderr, "usage: minifwd IF0 IF1 [drop N | dup N]\n");
		return 2;
	}
	if (argc == 5) {
		drop = !strcmp(argv[3], "drop");
		every = strtoul(argv[4], NULL, 10);
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	area = mmap(NULL, (size_t)NFRAMES * FRAME_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return 3;
	err = xsk_umem__create(&umem, area, (uint64_t)NFRAMES * FRAME_SIZE, &fill0, &comp0, &ucfg);
	if (!err)
		err = xsk_socket__create_shared(&s0, argv[1], 0, umem, &rx0, &tx0, &fill0, &comp0,
						&cfg);
	/* Port 1 only sends. */
	if (!err)
		err = xsk_socket__create_shared(&s1, argv[2], 0, umem, NULL, &tx1, &fill1, &comp1,
						&cfg);
	if (err) {
		fprintf(stderr, "minifwd: sockets on %s and %s: %s\n", argv[1], argv[2],
			strerror(-err));
		return 3;
	}
	for (unsigned int i = 0; i < NFRAMES; i++)
		free_frames[nfree++] = (uint64_t)i * FRAME_SIZE;
	fprintf(stderr, "minifwd: %s -> %s\n", argv[1], argv[2]);

	/* After SIGTERM: on until nothing came for IDLE_STOP polls, so no frame stays inside. */
	for (int idle = 0; !done || idle < IDLE_STOP;) {
		struct pollfd pfd = {.fd = xsk_socket__fd(s0), .events = POLLIN};
		uint32_t rpos, tpos, n;

		complete(&comp1);
		refill(&fill0);
		n = xsk_ring_cons__peek(&rx0, BATCH, &rpos);
		if (!n) {
			kick(s1, &tx1);
			idle += done;
			poll(&pfd, 1, 10);
			continue;
		}
		idle = 0;
		/* Each frame: 0 dropped, 1 sent, 2 sent twice; then room for all. */
		uint32_t want = 0, out = 0, dups = 0;
		int copies[BATCH];

		for (uint32_t i = 0; i < n; i++) {
			int nth = every && ++seen % every == 0;

			copies[i] = !nth ? 1 : drop ? 0 : dups < nfree ? (dups++, 2) : 1;
			want += (uint32_t)copies[i];
		}
		tpos = 0;
		while (want && xsk_ring_prod__reserve(&tx1, want, &tpos) != want) {
			kick(s1, &tx1);
			complete(&comp1);
		}
		for (uint32_t i = 0; i < n; i++) {
			const struct xdp_desc *d = xsk_ring_cons__rx_desc(&rx0, rpos + i);
			uint64_t addr = d->addr;

			if (!copies[i]) {
				free_frames[nfree++] = addr;
				continue;
			}
			for (int c = 0; c < copies[i]; c++) {
				if (c) { /* the copy, in a frame of its own (counted in dups) */
					addr = free_frames[--nfree];
					memcpy(xsk_umem__get_data(area, addr),
					       xsk_umem__get_data(area, d->addr), d->len);
				}
				xsk_ring_prod__tx_desc(&tx1, tpos + out)->addr = addr;
				xsk_ring_prod__tx_desc(&tx1, tpos + out++)->len = d->len;
			}
		}
		xsk_ring_cons__release(&rx0, n);
		xsk_ring_prod__submit(&tx1, out);
		kick(s1, &tx1);
	}
	xsk_socket__delete(s1);
	xsk_socket__delete(s0);
	xsk_umem__delete(umem);
	return 0;
}
