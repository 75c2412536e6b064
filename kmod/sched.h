/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_SCHED_H
#define _NFLB_SCHED_H

#include <linux/types.h>
#include <linux/netfilter.h>

struct nflb_service;
struct nflb_dest;

/* What a scheduler may look at when it picks a real server for a new flow. */
struct nflb_sched_ctx {
	const union nf_inet_addr *saddr;	/* client address */
	__be16 sport;				/* client port (0 for templates) */
};

/*
 * A scheduler picks the real server for a new flow.  Its state hangs off
 * svc->sched_data, an RCU pointer only the scheduler dereferences.
 *
 * init()     builds and returns state for @svc from its current real
 *            servers (svc->dests), without publishing it: the caller does.
 *            NULL is fine for a scheduler that keeps none; ERR_PTR() on
 *            failure.  Under nn->lock, may sleep.
 * update()   the real servers of @svc changed (added, removed, weight or
 *            thresholds edited): rebuild svc->sched_data, publish the new
 *            state with rcu_assign_pointer() and free the old one after a
 *            grace period.  Under nn->lock, may sleep.  On failure return
 *            -errno and leave the previous state in use.
 * done()     frees state init()/update() made, after an RCU grace period
 *            (readers may still hold it).  Under nn->lock.
 * schedule() packet path, under rcu_read_lock() with BH disabled: return a
 *            real server of @svc for which nflb_dest_usable() is true, or
 *            NULL.  svc->sched_data may be NULL while the service changes
 *            scheduler: return NULL then (the flow is dropped).
 *
 * Any callback but schedule() may be NULL.
 */
struct nflb_sched {
	const char *name;
	void *(*init)(struct nflb_service *svc);
	int (*update)(struct nflb_service *svc);
	void (*done)(void *data);
	struct nflb_dest *(*schedule)(struct nflb_service *svc,
				      const struct nflb_sched_ctx *ctx);
};

#define NFLB_SCHED_DEFAULT "wlc"

const struct nflb_sched *nflb_sched_find(const char *name);

#endif /* _NFLB_SCHED_H */
