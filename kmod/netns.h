/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_NETNS_H
#define _NFLB_NETNS_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <net/netns/generic.h>

#include "conn.h"
#include "ns_config.h"
#include "service.h"
#include "sni_path.h"

struct net;
struct nflb_addr_filter;
struct nf_hook_ops;

/* Everything nflb keeps for one network namespace. */
struct nflb_net {
	struct net *net;
	/* Serialises configuration changes and dumps; never taken on the
	 * packet path, which reads the tables under RCU.
	 */
	struct mutex lock;
	struct rhashtable svc_table;	/* struct nflb_service by key */
	struct list_head svc_list;	/* the same, in creation order */
	struct rhashtable rs_index;	/* NAT real servers (rs_index.c) */
	/* addresses of VIPs and real servers, from the first service on */
	struct nflb_addr_filter *vip_filter;
	struct nflb_addr_filter *rs_filter;
	u32 num_services;
	u32 num_fwmark_services;	/* their VIP is any address */
	u32 num_sni_rules;		/* count against max_services too */
	u32 num_dests;
	u64 generation;			/* bumped by every change; never wraps */
	/* this namespace's registered copies of the hooks (hooks.c) */
	struct nf_hook_ops *hook_ops;	/* since the first service */
	struct nf_hook_ops *mark_ops;	/* while a fwmark service exists */
	bool started;			/* nflb_net_start(): tables, workers */
	bool routes_uncached;		/* a device goes: the real servers'
					 * route caches are being emptied
					 */
	bool capped;			/* owned by another user namespace than
					 * the initial one: the host's ceilings
					 * bound its limits (limits.h)
					 */
	struct nflb_config cfg;
	struct nflb_conn_tab conns;	/* the data path's */
	/* SNI routing: connections waiting for a name or a server (sni_path.c) */
	struct rhashtable sni_pending;	/* struct nflb_sni_pending by flow */
	atomic_t sni_num_pending;
	atomic_long_t sni_held;		/* bytes held for pending entries */
	atomic_t *sni_src;		/* pending entries per source bucket */
	u32 sni_src_seed;
	u32 sni_ts_seed;		/* our SYN-ACKs' TSval offsets */
	struct nflb_sni_counters sni;
	/* new flows refused by their service's source ranges, since start */
	u64 __percpu *src_range_drops;
	struct delayed_work est_work;	/* rate estimator */
};

struct netlink_ext_ack;

extern unsigned int nflb_net_id;

/* Every packet asks for it: inline (make profile showed the call). */
static inline struct nflb_net *nflb_net(const struct net *net)
{
	return net_generic(net, nflb_net_id);
}

void nflb_net_defaults(struct nflb_net *nn);
/* The first service: tables, workers and hooks (under nn->lock). */
int nflb_net_start(struct nflb_net *nn, struct netlink_ext_ack *extack);

int nflb_netns_init(void);
void nflb_netns_exit(void);

/*
 * The netlink sequence of a dump (NLM_F_DUMP_INTR when it changes): the
 * generation's low half, never 0 (which means "unset" to netlink).
 */
static inline u32 nflb_dump_seq(const struct nflb_net *nn)
{
	return lower_32_bits(nn->generation) ?: 1;
}

#endif /* _NFLB_NETNS_H */
