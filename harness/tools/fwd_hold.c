// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The held socket's action runs `ip`, as an operator would: a namespace
 * deleted by name, a device deleted or moved. The kernel's answer is read
 * from the held socket itself: poll() says POLLERR and SO_ERROR says ENETDOWN
 * when its device was unregistered (xsk_notifier); a deleted namespace name
 * changes nothing while the socket (and the forwarder's namespace fd) keep
 * the namespace alive.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fwd_hold.h"
#include "log.h"
#include "spawn.h"

#define HOLD_POLL_MS 200 /* the notifier runs inside the `ip` call: this is margin */

const char *const fwd_hold_actions[] = {"keep", "delete-netns", "delete-device", "move-device",
					NULL};

const struct opt_def fwd_hold_rows[] = {
    OPT_DEF("hold", 0, OPT_STRING, struct fwd_hold, spec,
	    "NETNS:DEV: one more socket on the UMEM, opened before port 0, forwarding nothing"),
    OPT_DEF("hold-then", 0, OPT_ENUM, struct fwd_hold, then,
	    "what happens to the held port before port 0 joins", .values = fwd_hold_actions),
    OPT_DEF("hold-away", 0, OPT_STRING, struct fwd_hold, away,
	    "NETNS the held device is moved to (--hold-then move-device)"),
    OPT_END,
};

static enum hold_action action_of(const struct fwd_hold *h)
{
	for (int i = 0; h->then && fwd_hold_actions[i]; i++)
		if (!strcmp(h->then, fwd_hold_actions[i]))
			return (enum hold_action)i;
	return HOLD_KEEP;
}

/* Split "NETNS:DEV"; false when either part is empty or too long. */
static bool split_spec(const char *spec, char *ns, size_t nslen, char *dev, size_t devlen)
{
	const char *colon = spec ? strrchr(spec, ':') : NULL;

	if (!colon || colon == spec || !colon[1] || (size_t)(colon - spec) >= nslen ||
	    strlen(colon + 1) >= devlen)
		return false;
	snprintf(ns, nslen, "%.*s", (int)(colon - spec), spec);
	snprintf(dev, devlen, "%s", colon + 1);
	return true;
}

int fwd_hold_check(const struct fwd_hold *h, const struct port_list *ports)
{
	struct port_spec p;

	if (!h->spec) {
		if (h->then || h->away) {
			fprintf(stderr, "fwd: --hold-then and --hold-away need --hold\n");
			return -EINVAL;
		}
		return 0;
	}
	if (!split_spec(h->spec, p.netns, sizeof(p.netns), p.dev, sizeof(p.dev))) {
		fprintf(stderr, "fwd: bad --hold '%s': want NETNS:DEV\n", h->spec);
		return -EINVAL;
	}
	if (ports->n + 1 > PORTS_MAX) {
		fprintf(stderr, "fwd: bad --hold '%s': already %u ports\n", h->spec, ports->n);
		return -EINVAL;
	}
	if ((action_of(h) == HOLD_MOVE_DEVICE) != !!h->away) {
		fprintf(stderr,
			"fwd: bad --hold-away '%s': given with --hold-then move-device, "
			"and only then\n",
			h->away ? h->away : "");
		return -EINVAL;
	}
	return 0;
}

struct port_list *fwd_hold_ports(const struct fwd_hold *h, const struct port_list *ports)
{
	struct port_list *out = malloc(sizeof(*out));
	struct port_spec *p;

	if (!out)
		return NULL;
	*out = *ports;
	if (!h->spec || !ports->n)
		return out;
	p = &out->v[out->n++];
	split_spec(h->spec, p->netns, sizeof(p->netns), p->dev, sizeof(p->dev));
	p->queues = ports->v[0].queues;
	return out;
}

static int run_action(const struct fwd_hold *h, const char *ns, const char *dev)
{
	char *del_ns[] = {"ip", "netns", "del", (char *)ns, NULL};
	char *del_dev[] = {"ip", "-n", (char *)ns, "link", "del", (char *)dev, NULL};
	char *move[] = {"ip",	     "-n",    (char *)ns,      "link", "set",
			(char *)dev, "netns", (char *)h->away, NULL};
	char *const *argv[] = {NULL, del_ns, del_dev, move};
	enum hold_action a = action_of(h);
	char err[256] = "";
	int ret;

	if (a == HOLD_KEEP)
		return 0;
	ret = run_cmd(argv[a], err, sizeof(err));
	if (ret)
		pr_warn("--hold-then %s: %s\n", h->then, err[0] ? err : strerror(-ret));
	return ret;
}

int fwd_hold_gate(void *arg)
{
	struct fwd_hold *h = arg;
	unsigned int n = xsk_set_nsocks(h->set);
	struct xsk_sock *s = xsk_set_sock(h->set, n - 1);
	char ns[256], dev[IF_NAMESIZE];
	struct pollfd pfd;
	socklen_t len = sizeof(h->so_error);
	int ret;

	split_spec(h->spec, ns, sizeof(ns), dev, sizeof(dev));
	if (s->fd < 0) {
		pr_warn("the held socket on '%s' was not created: port 0 is not tried\n", h->spec);
		return -ENOTCONN;
	}
	ret = run_action(h, ns, dev);
	if (ret)
		return ret;
	pfd = (struct pollfd){.fd = s->fd, .events = POLLIN};
	poll(&pfd, 1,
	     action_of(h) == HOLD_DELETE_NETNS || action_of(h) == HOLD_KEEP ? 0 : HOLD_POLL_MS);
	h->pollerr = pfd.revents & POLLERR;
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &h->so_error, &len))
		h->so_error = errno;
	h->done = true;
	pr_info("held socket on %s after %s: %s, SO_ERROR %s\n", h->spec,
		h->then ? h->then : "keep", h->pollerr ? "POLLERR" : "no POLLERR",
		h->so_error ? strerror(h->so_error) : "0");
	return 0;
}

void fwd_hold_report(const struct fwd_hold *h, struct report *r)
{
	if (!h->spec)
		return;
	report_str(r, "hold_port", h->spec);
	report_str(r, "hold_then", h->then ? h->then : "keep");
	report_u64(r, "hold_done", h->done);
	report_u64(r, "hold_pollerr", h->pollerr);
	report_u64(r, "hold_so_error", (uint64_t)h->so_error);
}
