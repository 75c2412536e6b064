/* SPDX-License-Identifier: GPL-2.0 */
/* Writing netlink replies, dumps and events (nl_msg.c). */
#ifndef _NFLB_NL_MSG_H
#define _NFLB_NL_MSG_H

#include <net/genetlink.h>

#include "service.h"

struct nflb_cpu_stats;
struct nflb_dest;
struct nflb_net;
struct nflb_rate_est;
struct nflb_service;
union nf_inet_addr;

/* Attribute writers shared by replies, dumps and events. */
int nflb_nl_put_svc(struct sk_buff *msg, const struct nflb_service *svc,
		    bool full);
int nflb_nl_put_dest(struct sk_buff *msg, const struct nflb_dest *dest,
		     bool full);
int nflb_nl_put_stats(struct sk_buff *msg, int type,
		      struct nflb_cpu_stats __percpu *stats,
		      const struct nflb_rate_est *est);
int nflb_put_addr(struct sk_buff *msg, int type, u8 af,
		  const union nf_inet_addr *addr);

/* The attribute types of a service's or SNI rule's settings. */
struct nflb_nl_conf_types {
	int sched, flags, timeout, netmask, num_dests, stats;
	u32 flags_mask;
};

int nflb_nl_put_conf(struct sk_buff *msg, const struct nflb_service *svc,
		     const struct nflb_nl_conf_types *t);
int nflb_nl_put_sni_rule(struct sk_buff *msg, const struct nflb_service *rule,
			 bool full);
/* SERVICE{identity} of @svc's service, and SNI_RULE{NAME} for a rule. */
int nflb_nl_put_owner(struct sk_buff *msg, const struct nflb_service *svc);
int nflb_nl_fill(struct sk_buff *msg, u32 portid, u32 seq,
		 struct netlink_callback *cb, const struct nflb_service *svc);
int nflb_nl_reply_one(struct genl_info *info, const struct nflb_service *svc);

/* Announce a change on the events group; @svc and @dest may be NULL. */
void nflb_nl_notify(struct nflb_net *nn, u8 cmd,
		    const struct nflb_service *svc,
		    const struct nflb_dest *dest);

/*
 * Dump cursor, kept in cb->ctx between recvmsg() calls.  @svc (the last
 * service sent, or the one an all-dests dump is in) holds no reference: it
 * may be followed only while the namespace's generation is still @gen.
 * Every change bumps it, so the service is still on the list.  The
 * generation is 64 bits: a namespace owner who makes 2^32 cheap changes
 * between two reads of a dump must not bring a freed service's @gen back
 * (a u32 did: nflb_dump_cursor_kunit).  After a change the dump, which
 * will be flagged NLM_F_DUMP_INTR, finds its place again by counting
 * (@pos, @svc_pos).  So a dump of N services costs O(N), not O(N^2).
 */
struct nflb_dump_ctx {
	u64 gen;
	u32 pos;		/* next dest (or service) to send */
	u8 have_key;
	u8 all;			/* GET_DEST without a service */
	union {
		struct {	/* service dumps, all-dests dumps */
			struct nflb_service *svc;
			u32 svc_pos;	/* all-dests: the service it is at */
		};
		struct nflb_svc_key key;	/* one service's dests */
	};
};

/* Where the dump of @cb_ctx is (exported for KUnit). */
struct nflb_service *nflb_dump_cursor(const void *cb_ctx, struct nflb_net *nn);
void nflb_dump_cursor_set(void *cb_ctx, struct nflb_net *nn,
			  struct nflb_service *svc);

#endif /* _NFLB_NL_MSG_H */
