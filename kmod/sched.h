/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_SCHED_H
#define _NFLB_SCHED_H

#include <linux/types.h>
#include <linux/netfilter.h>
#include <linux/siphash.h>

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
 *
 * State that names real servers holds a reference on each (nflb_dest_hold
 * semantics, taken under nn->lock), dropped when the state is freed: a
 * real server unlinked from its service stays valid for as long as an old
 * state a reader may still see names it.  Documentation/schedulers.rst
 * describes each scheduler.
 */
struct nflb_sched {
	const char *name;
	/*
	 * The same flow gets the same server from any balancer with the same
	 * servers, so a TCP flow without an entry (after a flush, or moved
	 * from another balancer) may be scheduled mid-stream.
	 */
	bool stateless;
	void *(*init)(struct nflb_service *svc);
	int (*update)(struct nflb_service *svc);
	void (*done)(void *data);
	struct nflb_dest *(*schedule)(struct nflb_service *svc,
				      const struct nflb_sched_ctx *ctx);
};

#define NFLB_SCHED_DEFAULT "wlc"

const struct nflb_sched *nflb_sched_find(const char *name);

/* The schedulers (sched_*.c). */
extern const struct nflb_sched nflb_sched_rr;
extern const struct nflb_sched nflb_sched_wrr;
extern const struct nflb_sched nflb_sched_lc;
extern const struct nflb_sched nflb_sched_wlc;
extern const struct nflb_sched nflb_sched_sh;
extern const struct nflb_sched nflb_sched_mh;

/* Helpers the schedulers share (sched.c). */

/*
 * The real servers of @svc that may take flows at all (weight > 0, not
 * removed), in list order, each with a reference held.  Under nn->lock.
 * Returns NULL with *n = 0 when there are none, ERR_PTR(-ENOMEM).
 */
struct nflb_dest **nflb_sched_dests_get(struct nflb_service *svc, u32 *n);
/* Drops the references and frees the array; any context. */
void nflb_sched_dests_put(struct nflb_dest **dests, u32 n);

/* The first usable real server of @dests from @start on, wrapping; or NULL. */
struct nflb_dest *nflb_sched_first_usable(struct nflb_dest *const *dests,
					  u32 n, u32 start);

/*
 * A 64-bit hash of an address and port under a fixed key: the same on
 * every machine, architecture and boot (it hashes the numeric values, not
 * their bytes in memory).  Only the first 4 bytes of @addr count for
 * AF_INET.
 */
u64 nflb_sched_hash(u8 af, const union nf_inet_addr *addr, __be16 port,
		    const siphash_key_t *key);

/* How many table slots a fallback probes before scanning the real servers. */
#define NFLB_SCHED_FALLBACK_PROBES	32

/* mh (sched_mh.c): the table size, a module parameter, and test hooks. */
extern unsigned int nflb_mh_table_size;
#define NFLB_MH_TABLE_SIZE_DEFAULT	4093
#define NFLB_MH_TABLE_SIZE_MIN		251
#define NFLB_MH_TABLE_SIZE_MAX		1048573
bool nflb_mh_table_size_valid(unsigned int m);
/* For KUnit, under rcu_read_lock(): the table size of @svc's state (0 when
 * it has none) and the real server slot @slot names.
 */
u32 nflb_mh_size(struct nflb_service *svc);
struct nflb_dest *nflb_mh_slot(struct nflb_service *svc, u32 slot);
/* The preference list of @dest in a table of @m slots. */
void nflb_mh_perm(const struct nflb_dest *dest, u32 m, u32 *offset,
		  u32 *skip);

#endif /* _NFLB_SCHED_H */
