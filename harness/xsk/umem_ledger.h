/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The UMEM ownership ledger: who owns each frame of one UMEM at any moment,
 * moved by every ring operation, and what the kernel or the application did
 * with a frame it did not own. A pure data structure (no rings, no syscalls),
 * so every rule is unit tested with hand-built ring sequences.
 *
 * Owners. A ring operation sees only its own side of a ring, so two pairs are
 * merged while frames move: FILL holds the frames on the FILL ring *and* those
 * the kernel took from it but has not put on RX yet; TX holds the frames on
 * the TX ring *and* those the kernel is transmitting. Peeking RX or COMPLETION
 * gives the frames to the application (a release only returns ring slots).
 * umem_ledger_settle() splits them at the end from what is still on each ring:
 * FILL / KERNEL_RX, TX / KERNEL_TX, and COMPLETION for frames completed but
 * not yet peeked.
 *
 * A move that breaks the rules is counted by kind, the first of each kind
 * kept (socket, ring, address, the owner found), and nothing moves: the frame
 * stays with its owner, and the caller must not use it (a completion is not
 * put back into the pool, an RX descriptor is not read).
 */
#ifndef XSKNS_UMEM_LEDGER_H
#define XSKNS_UMEM_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

enum ledger_owner {
	LEDGER_APP,	  /* the application: its pool, or frames it is handling */
	LEDGER_FILL,	  /* on the FILL ring (while running: or taken by the kernel's RX) */
	LEDGER_KERNEL_RX, /* taken from FILL, not on RX: only after umem_ledger_settle() */
	LEDGER_TX,	  /* on the TX ring (while running: or being sent by the kernel) */
	LEDGER_KERNEL_TX, /* taken from TX, not completed: only after umem_ledger_settle() */
	LEDGER_COMP,	  /* on the COMPLETION ring, not peeked: only after umem_ledger_settle() */
	LEDGER_OWNERS
};

enum ledger_ring { LEDGER_RING_FILL, LEDGER_RING_RX, LEDGER_RING_TX, LEDGER_RING_COMP };

/* The kernel's kinds first (a BUG), then the application's (a harness bug: ERROR). */
enum ledger_violation {
	LV_RX_NOT_FILLED,  /* RX descriptor for a frame not on this socket's FILL */
	LV_COMP_NOT_ON_TX, /* completion of a frame not on this socket's TX */
	LV_COMP_TWICE,	   /* completion of a frame that had already come back by one */
	LV_OUTSIDE_UMEM,   /* RX or completion address past the UMEM's end */
	LV_OFF_FRAME,	   /* RX data crossing its frame's end; completion not at the TX address */
	LV_APP_NOT_OWNED,  /* FILL or TX submit of a frame the application does not own */
	LV_APP_BAD_ADDR, /* FILL or TX submit outside the UMEM, TX data crossing its frame's end */
	LV_KINDS
};
#define LV_KERNEL_KINDS LV_APP_NOT_OWNED /* kinds below this one are the kernel's */

extern const char *const ledger_owner_names[LEDGER_OWNERS];
extern const char *const ledger_ring_names[];
extern const char *const ledger_violation_names[LV_KINDS];

/* One violation, as seen: which socket's ring, the address, and who owned the frame. */
struct ledger_event {
	uint32_t sock;
	enum ledger_ring ring;
	uint64_t addr;
	enum ledger_owner owner; /* of the frame at that moment (LEDGER_OWNERS: no frame) */
	uint32_t owner_sock;
};

/*
 * Per frame, one word: owner (bits 0-2), "came back by a completion and not
 * given out since" (bit 3), the offset in the frame submitted to TX (bits
 * 4-15), the owning socket (bits 16-31).
 */
#define LEDGER_OWNER_MASK 0x7u
#define LEDGER_COMPLETED  0x8u
#define LEDGER_OFF_SHIFT  4
#define LEDGER_OFF_MASK	  0xfffu
#define LEDGER_SOCK_SHIFT 16
#define LEDGER_MAX_SOCKS  65536

struct umem_ledger {
	uint32_t *frame; /* NULL: the ledger is off */
	uint32_t nframes, frame_size, shift;
	uint64_t size; /* bytes */
	uint64_t owned[LEDGER_OWNERS];
	uint64_t violations[LV_KINDS];
	struct ledger_event first[LV_KINDS];
};

/* Every frame owned by the application. frame_size a power of two <= 4096. 0 or -errno. */
int umem_ledger_init(struct umem_ledger *l, uint32_t nframes, uint32_t frame_size);
void umem_ledger_free(struct umem_ledger *l);

/* Count one violation; returns false (the rule-breaking move is not made). */
bool umem_ledger_violation(struct umem_ledger *l, enum ledger_violation kind, uint32_t sock,
			   enum ledger_ring ring, uint64_t addr);

static inline uint32_t ledger_word(uint32_t owner, uint32_t sock, uint32_t off)
{
	return owner | (off & LEDGER_OFF_MASK) << LEDGER_OFF_SHIFT | sock << LEDGER_SOCK_SHIFT;
}

static inline void ledger_move(struct umem_ledger *l, uint32_t *w, uint32_t to)
{
	l->owned[*w & LEDGER_OWNER_MASK]--;
	l->owned[to & LEDGER_OWNER_MASK]++;
	*w = to;
}

/*
 * Socket sock is closed: the frames its FILL and TX rings held (and those the
 * kernel had taken from them) belong to nobody but the application again.
 * Each goes back through put(addr); returns how many.
 */
uint64_t umem_ledger_release_sock(struct umem_ledger *l, uint32_t sock,
				  void (*put)(uint64_t addr, void *arg), void *arg);
/* Frames owned by socket sock's rings now (FILL, TX and the kernel's shares of them). */
uint64_t umem_ledger_sock_frames(const struct umem_ledger *l, uint32_t sock);

/*
 * The application gives the frame addr falls in to socket sock's FILL ring
 * (aligned mode: the kernel takes the frame, whatever the offset in it).
 */
static inline bool umem_ledger_fill(struct umem_ledger *l, uint32_t sock, uint64_t addr)
{
	uint32_t *w;

	if (addr >= l->size)
		return umem_ledger_violation(l, LV_APP_BAD_ADDR, sock, LEDGER_RING_FILL, addr);
	w = &l->frame[addr >> l->shift];
	if ((*w & LEDGER_OWNER_MASK) != LEDGER_APP)
		return umem_ledger_violation(l, LV_APP_NOT_OWNED, sock, LEDGER_RING_FILL, addr);
	ledger_move(l, w, ledger_word(LEDGER_FILL, sock, 0));
	return true;
}

/* The application puts len bytes at addr on socket sock's TX ring. */
static inline bool umem_ledger_tx(struct umem_ledger *l, uint32_t sock, uint64_t addr, uint32_t len)
{
	uint32_t off = (uint32_t)(addr & (l->frame_size - 1)), *w;

	if (addr >= l->size || off + len > l->frame_size)
		return umem_ledger_violation(l, LV_APP_BAD_ADDR, sock, LEDGER_RING_TX, addr);
	w = &l->frame[addr >> l->shift];
	if ((*w & LEDGER_OWNER_MASK) != LEDGER_APP)
		return umem_ledger_violation(l, LV_APP_NOT_OWNED, sock, LEDGER_RING_TX, addr);
	ledger_move(l, w, ledger_word(LEDGER_TX, sock, off));
	return true;
}

/*
 * Socket sock's RX ring hands over len bytes at addr. In aligned mode the
 * address carries the headroom inside its frame: the frame is the one the
 * address falls in, and the data must end inside it.
 */
static inline bool umem_ledger_rx(struct umem_ledger *l, uint32_t sock, uint64_t addr, uint32_t len)
{
	uint32_t *w, owner;

	if (addr >= l->size)
		return umem_ledger_violation(l, LV_OUTSIDE_UMEM, sock, LEDGER_RING_RX, addr);
	if ((addr & (l->frame_size - 1)) + len > l->frame_size)
		return umem_ledger_violation(l, LV_OFF_FRAME, sock, LEDGER_RING_RX, addr);
	w = &l->frame[addr >> l->shift];
	owner = *w & LEDGER_OWNER_MASK;
	if ((owner != LEDGER_FILL && owner != LEDGER_KERNEL_RX) || *w >> LEDGER_SOCK_SHIFT != sock)
		return umem_ledger_violation(l, LV_RX_NOT_FILLED, sock, LEDGER_RING_RX, addr);
	ledger_move(l, w, ledger_word(LEDGER_APP, sock, 0));
	return true;
}

/* Socket sock's COMPLETION ring hands back addr: the address its TX was given. */
static inline bool umem_ledger_comp(struct umem_ledger *l, uint32_t sock, uint64_t addr)
{
	uint32_t *w, owner;

	if (addr >= l->size)
		return umem_ledger_violation(l, LV_OUTSIDE_UMEM, sock, LEDGER_RING_COMP, addr);
	w = &l->frame[addr >> l->shift];
	owner = *w & LEDGER_OWNER_MASK;
	if (owner == LEDGER_APP && (*w & LEDGER_COMPLETED))
		return umem_ledger_violation(l, LV_COMP_TWICE, sock, LEDGER_RING_COMP, addr);
	if ((owner != LEDGER_TX && owner != LEDGER_KERNEL_TX && owner != LEDGER_COMP) ||
	    *w >> LEDGER_SOCK_SHIFT != sock)
		return umem_ledger_violation(l, LV_COMP_NOT_ON_TX, sock, LEDGER_RING_COMP, addr);
	if ((addr & (l->frame_size - 1)) != ((*w >> LEDGER_OFF_SHIFT) & LEDGER_OFF_MASK))
		return umem_ledger_violation(l, LV_OFF_FRAME, sock, LEDGER_RING_COMP, addr);
	ledger_move(l, w, ledger_word(LEDGER_APP, sock, 0) | LEDGER_COMPLETED);
	return true;
}

/* The owner of frame i (its index, not its address) and the socket it was last moved by. */
static inline enum ledger_owner umem_ledger_owner(const struct umem_ledger *l, uint32_t i,
						  uint32_t *sock)
{
	if (sock)
		*sock = l->frame[i] >> LEDGER_SOCK_SHIFT;
	return (enum ledger_owner)(l->frame[i] & LEDGER_OWNER_MASK);
}

/*
 * The end of a run, after the drain: every frame given to FILL or TX is
 * first taken to be in the kernel (KERNEL_RX, KERNEL_TX); then the caller
 * reports each address still on a ring with umem_ledger_on_ring(): a FILL or
 * TX ring entry not yet consumed, a COMPLETION entry not yet peeked.
 */
void umem_ledger_settle(struct umem_ledger *l);
void umem_ledger_on_ring(struct umem_ledger *l, uint32_t sock, enum ledger_ring ring,
			 uint64_t addr);

/* Held by the kernel: taken from FILL and not received, or on TX and not completed. */
static inline bool ledger_kernel_holds(enum ledger_owner o)
{
	return o == LEDGER_KERNEL_RX || o == LEDGER_TX || o == LEDGER_KERNEL_TX;
}

/* Violations of the kernel's kinds, and of the application's. */
uint64_t umem_ledger_kernel_violations(const struct umem_ledger *l);
uint64_t umem_ledger_app_violations(const struct umem_ledger *l);

#endif
