// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The held device is a veth whose both ends live in the held namespace: it
 * carries no traffic, it only has to exist with the colliding ifindex while
 * the forwarder's held socket is bound to it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netns_reuse.h"
#include "spawn.h"

#define HELD_DEV  "outer"
#define HELD_PEER "held"

static int ip(char *const argv[], const char *what, char *err, size_t errlen)
{
	char msg[256] = "";
	int ret = run_cmd(argv, msg, sizeof(msg));

	if (ret)
		snprintf(err, errlen, "%s: %s", what, msg[0] ? msg : strerror(-ret));
	return ret;
}

/* Recorded before it is made; a name that exists is someone else's (run_record.c). */
static int ns_make(const struct run_record *rec, const char *name, char *err, size_t errlen)
{
	char *argv[] = {"ip", "netns", "add", (char *)name, NULL};
	int ret = run_record_note_new_netns(rec, name, err, errlen);

	if (ret)
		return ret;
	return ip(argv, "creating a namespace beside the data path", err, errlen);
}

/* Both veth ends in the tenant's namespace: the forwarder sends frames round between them. */
static int tenant_build(struct netns_reuse *r, const struct run_record *rec, const char *prefix,
			char *err, size_t errlen)
{
	char *add[] = {"ip",   "-n",   r->tenant, "link", "add",     "tenant0",
		       "type", "veth", "peer",	  "name", "tenant1", NULL};
	char *up0[] = {"ip", "-n", r->tenant, "link", "set", "tenant0", "up", NULL};
	char *up1[] = {"ip", "-n", r->tenant, "link", "set", "tenant1", "up", NULL};
	int ret;

	snprintf(r->tenant, sizeof(r->tenant), "%s-tenant", prefix);
	if ((ret = ns_make(rec, r->tenant, err, errlen)) ||
	    (ret = ip(add, "creating the tenant's veth", err, errlen)) ||
	    (ret = ip(up0, "setting the tenant's veth up", err, errlen)) ||
	    (ret = ip(up1, "setting the tenant's veth up", err, errlen)))
		return ret;
	return 0;
}

int netns_reuse_build(struct netns_reuse *r, const struct run_record *rec, const char *prefix,
		      const struct scenario *sc, char *err, size_t errlen)
{
	char idx[16], queues[16];
	int ret;

	memset(r, 0, sizeof(*r));
	if (sc->netns_teardown || sc->netns_churn)
		return tenant_build(r, rec, prefix, err, errlen);
	if (!sc->netns_reuse)
		return 0;
	r->kind = sc->netns_reuse;
	snprintf(r->held, sizeof(r->held), "%s-held", prefix);
	snprintf(r->away, sizeof(r->away), "%s-away", prefix);
	snprintf(r->held_dev, sizeof(r->held_dev), HELD_DEV);
	snprintf(idx, sizeof(idx), "%u", sc->ifindex_outer);
	snprintf(queues, sizeof(queues), "%u", sc->queues);
	{
		char *add[] = {
		    "ip",    "-n",	    r->held,	   "link", "add",	  HELD_DEV,
		    "index", idx,	    "numtxqueues", queues, "numrxqueues", queues,
		    "type",  "veth",	    "peer",	   "name", HELD_PEER,	  "numtxqueues",
		    queues,  "numrxqueues", queues,	   NULL};
		char *up1[] = {"ip", "-n", r->held, "link", "set", HELD_DEV, "up", NULL};
		char *up2[] = {"ip", "-n", r->held, "link", "set", HELD_PEER, "up", NULL};

		if ((ret = ns_make(rec, r->held, err, errlen)) ||
		    (r->kind == NETNS_REUSE_MOVE_DEVICE &&
		     (ret = ns_make(rec, r->away, err, errlen))) ||
		    (ret = ip(add, "creating the held veth", err, errlen)) ||
		    (ret = ip(up1, "setting the held veth up", err, errlen)) ||
		    (ret = ip(up2, "setting the held veth up", err, errlen)))
			return ret;
	}
	return 0;
}

unsigned int netns_reuse_names(const struct netns_reuse *r, const char **names)
{
	unsigned int n = 0;

	if (r->kind)
		names[n++] = r->held;
	if (r->kind == NETNS_REUSE_MOVE_DEVICE)
		names[n++] = r->away;
	if (r->tenant[0])
		names[n++] = r->tenant;
	return n;
}
