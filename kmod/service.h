/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_SERVICE_H
#define _NFLB_SERVICE_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/rhashtable.h>
#include <linux/netfilter.h>
#include <linux/nflb.h>
#include <net/dst_cache.h>

#include "est.h"
#include "stats.h"

struct nflb_net;
struct nflb_src_ranges;
struct netlink_ext_ack;

/*
 * Identity of a service: (af, proto, addr, port) or (af, fwmark) with
 * proto, addr and port zero.  No padding: the hash and compare cover the
 * whole struct, so callers must zero it before filling it in.
 */
struct nflb_svc_key {
	union nf_inet_addr addr;
	__be16 port;
	u8 af;
	u8 proto;
	u32 fwmark;
};

/* Settings of a service or real server, as NEW/SET carry them. */
struct nflb_svc_conf {
	const struct nflb_sched *sched;
	u32 flags;
	u32 timeout;
	u8 netmask;
	u8 sni_default;			/* NFLB_SNI_DEFAULT_*, services only */
	/*
	 * Services only, with @set_src_ranges: the new list (NULL: none).
	 * The caller's until nflb_svc_add() or nflb_svc_update() succeeds,
	 * the service's after.
	 */
	bool set_src_ranges;
	struct nflb_src_ranges *src_ranges;
};

/*
 * Where an SNI rule is kept in its service's table: the rule's name, or
 * for a wildcard rule "*.example.com" the name after "*." (so looking up
 * a server name takes the name, then its parent as a wildcard).
 */
struct nflb_sni_key {
	const char *name;
	u32 len;
	bool wildcard;
};

struct nflb_sni_rules;

struct nflb_dest_conf {
	u8 fwd;
	u8 tun_type;
	u8 health;			/* NFLB_HEALTH_* */
	u32 weight;
	u32 u_thresh;
	u32 l_thresh;
	char health_by[NFLB_HEALTH_BY_LEN];
};

/* nflb_dest.flags bits */
enum {
	NFLB_DEST_DEAD,		/* removed from its service */
	NFLB_DEST_INDEXED,	/* in nn->rs_index (rs_index.c) */
	NFLB_DEST_OVERLOAD,	/* over u_thresh, until below l_thresh */
};

/*
 * A real server.  Its service's list holds one reference and every
 * connection entry that forwards to it one more; it is freed an RCU grace
 * period after the last reference goes.  It holds a reference on its
 * service, so svc is valid for as long as the dest is.
 */
struct nflb_dest {
	struct list_head list;		/* in svc->dests, RCU */
	struct nflb_service *svc;
	union nf_inet_addr addr;
	__be16 port;
	u8 af;				/* the service's */
	u8 fwd;
	u8 tun_type;
	u32 weight;
	u32 u_thresh;
	u32 l_thresh;
	u8 health;			/* NFLB_HEALTH_*, see nflb_dest_usable() */
	char health_by[NFLB_HEALTH_BY_LEN]; /* who set it, under nn->lock */
	unsigned long health_changed;	/* jiffies */
	unsigned long flags;		/* NFLB_DEST_* bits */
	refcount_t refcnt;
	atomic_t active_conns;
	atomic_t inact_conns;
	atomic_t persist_conns;
	struct nflb_cpu_stats __percpu *stats;
	struct nflb_rate_est est;	/* under nn->lock */
	struct dst_cache dst_cache;	/* DR/TUN routes to it */
	struct rcu_head rcu;
};

/*
 * Does @dest take part in scheduling: weight above 0, up (health is the
 * health checker's, weight the configuration owner's: either keeps new
 * flows away), not removed?  Any context.
 */
static inline bool nflb_dest_in_rotation(const struct nflb_dest *dest)
{
	return READ_ONCE(dest->weight) &&
	       READ_ONCE(dest->health) == NFLB_HEALTH_UP &&
	       !test_bit(NFLB_DEST_DEAD, &dest->flags);
}

/* May a new flow go to @dest now (also under its upper threshold)? */
static inline bool nflb_dest_usable(const struct nflb_dest *dest)
{
	return nflb_dest_in_rotation(dest) &&
	       !test_bit(NFLB_DEST_OVERLOAD, &dest->flags);
}

/* IPVS's load figure: active connections weigh 256 inactive ones. */
static inline u32 nflb_dest_load(const struct nflb_dest *dest)
{
	return ((u32)atomic_read(&dest->active_conns) << 8) +
	       atomic_read(&dest->inact_conns);
}

/*
 * A service, or an SNI rule of one (Documentation/sni.rst): a rule is a
 * sub-service with the key of its service (parent), its own real servers,
 * scheduler and counters, kept in its service's rule table instead of
 * nn->svc_table.  A rule's parent is valid while the rule is in that
 * table (nn->lock or RCU): the service deletes its rules before it goes.
 */
struct nflb_service {
	struct rhash_head node;		/* in nn->svc_table, a rule in its table */
	struct nflb_svc_key key;
	struct list_head list;		/* in nn->svc_list (a rule in its
					 * service's rule list), creation order
					 */
	struct list_head dests;		/* struct nflb_dest, RCU */
	u32 num_dests;
	const struct nflb_sched *sched;
	void __rcu *sched_data;		/* the scheduler's, RCU */
	u32 flags;
	u32 timeout;
	u8 netmask;
	/* the clients it takes new flows from (src_range.h); NULL: all */
	struct nflb_src_ranges __rcu *src_ranges;
	refcount_t refcnt;		/* the table's + one per dest */
	struct nflb_net *nn;
	struct nflb_cpu_stats __percpu *stats;
	struct nflb_rate_est est;	/* under nn->lock */
	struct rcu_head rcu;
	/* SNI mode (NFLB_SVC_F_SNI) */
	u8 sni_default;			/* NFLB_SNI_DEFAULT_* */
	u32 all_dests;			/* a service's real servers and its
					 * rules', for the max_dests limit
					 */
	struct nflb_sni_rules __rcu *sni; /* a service's rules, or NULL */
	struct nflb_service *parent;	/* a rule's service, else NULL */
	struct nflb_sni_key sni_key;	/* a rule's key in sni->table */
	char sni_name[];		/* a rule's name, normalized; else "" */
};

int nflb_services_init(struct nflb_net *nn);
void nflb_services_exit(struct nflb_net *nn);

/* Lookups: under rcu_read_lock() or nn->lock. */
struct nflb_service *nflb_svc_lookup(struct nflb_net *nn,
				     const struct nflb_svc_key *key);
struct nflb_dest *nflb_dest_lookup(struct nflb_service *svc,
				   const union nf_inet_addr *addr, __be16 port);

/* Changes: under nn->lock.  Each bumps nn->generation. */
struct nflb_service *nflb_svc_add(struct nflb_net *nn,
				  const struct nflb_svc_key *key,
				  const struct nflb_svc_conf *conf,
				  struct netlink_ext_ack *extack);
int nflb_svc_update(struct nflb_net *nn, struct nflb_service *svc,
		    const struct nflb_svc_conf *conf,
		    struct netlink_ext_ack *extack);
/* Without its SNI rules: nflb_svc_del() (sni_rule.h) takes them too. */
void nflb_svc_unlink(struct nflb_net *nn, struct nflb_service *svc);
/* Count what exists in freshly allocated address filters. */
void nflb_svc_fill_filters(struct nflb_net *nn);

/*
 * For SNI rules (sni_rule.c): the limit, a service not in any table, and
 * its end.
 */
int nflb_svc_check_limit(struct nflb_net *nn, struct netlink_ext_ack *extack);
struct nflb_service *nflb_svc_alloc(struct nflb_net *nn,
				    const struct nflb_svc_key *key,
				    const struct nflb_svc_conf *conf,
				    const char *name,
				    struct netlink_ext_ack *extack);
void nflb_svc_free_new(struct nflb_service *svc);
void nflb_svc_release(struct nflb_net *nn, struct nflb_service *svc);

struct nflb_dest *nflb_dest_add(struct nflb_net *nn, struct nflb_service *svc,
				const union nf_inet_addr *addr, __be16 port,
				const struct nflb_dest_conf *conf,
				struct netlink_ext_ack *extack);
void nflb_dest_conf_get(const struct nflb_dest *dest,
			struct nflb_dest_conf *conf);
int nflb_dest_update(struct nflb_net *nn, struct nflb_dest *dest,
		     const struct nflb_dest_conf *conf,
		     struct netlink_ext_ack *extack);
void nflb_dest_check_overload(struct nflb_dest *dest);
void nflb_dest_del(struct nflb_net *nn, struct nflb_service *svc,
		   struct nflb_dest *dest);

unsigned int nflb_svc_table_size(struct nflb_net *nn);
u32 nflb_max_dests_in_use(struct nflb_net *nn);

/* References held by connection entries (packet path, any context). */
static inline bool nflb_dest_hold(struct nflb_dest *dest)
{
	return refcount_inc_not_zero(&dest->refcnt);
}

void nflb_dest_put(struct nflb_dest *dest);

void nflb_svc_forget_routes(struct nflb_net *nn);
void nflb_svc_zero_own(struct nflb_service *svc);

/* A packet of @len bytes to (@in) or from @dest, or (@conn) a connection. */
static inline void nflb_account(struct nflb_dest *dest, bool in,
				unsigned int len, bool conn)
{
	nflb_count(dest->stats, in, len, conn);
	nflb_count(dest->svc->stats, in, len, conn);
}

#endif /* _NFLB_SERVICE_H */
