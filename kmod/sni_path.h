/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_SNI_PATH_H
#define _NFLB_SNI_PATH_H

#include <linux/atomic.h>
#include <linux/skbuff.h>
#include <linux/types.h>

/* What SNI routing's data path counts, per namespace. */
struct nflb_sni_counters {
	atomic64_t cookie_fails;	/* ACKs whose cookie was not ours */
	atomic64_t held_drops;		/* sni_max_held_kb reached */
	atomic64_t source_drops;	/* sni_max_pending_per_source reached */
	atomic64_t pending_drops;	/* sni_max_pending reached */
	atomic64_t peek_overflows;	/* sni_peek_bytes without a decision */
	atomic64_t timeouts;		/* no decision or no server in time */
	atomic64_t resets;		/* clients refused with a RST */
	atomic64_t bound;		/* connections bound to a server */
};

struct nflb_conn;
struct nflb_flow;
struct nflb_net;
struct nflb_pkt;
struct nflb_service;

/*
 * A client's TCP packet to @svc, a service in SNI mode, without a
 * connection entry, or (@svc NULL) one of an entry not bound yet
 * (Documentation/sni.rst): a SYN is answered with a cookie SYN-ACK, the
 * cookie ACK and the first data are held until a rule is chosen and its
 * real server answered.  Returns the verdict (NF_STOLEN when held).
 */
unsigned int nflb_sni_in(struct nflb_net *nn, struct sk_buff *skb,
			 const struct nflb_pkt *p, const struct nflb_flow *flow,
			 struct nflb_service *svc, bool syn);

/*
 * The real server's packet of an entry not bound yet: its SYN-ACK binds
 * the entry and releases the held packets.  The packet is never forwarded.
 */
unsigned int nflb_sni_bind(struct nflb_net *nn, struct sk_buff *skb,
			   const struct nflb_pkt *p, struct nflb_conn *cp);

int nflb_sni_path_init(struct nflb_net *nn);
void nflb_sni_path_exit(struct nflb_net *nn);

#endif /* _NFLB_SNI_PATH_H */
