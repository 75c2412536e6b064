/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_XMIT_H
#define _NFLB_XMIT_H

#include <linux/skbuff.h>
#include <linux/netfilter.h>

#include "pkt.h"

struct net;
struct nflb_conn;

/* NAT: rewrite the destination to the real server / the source to the VIP. */
int nflb_nat_in(struct sk_buff *skb, const struct nflb_pkt *p,
		const struct nflb_conn *cp);
int nflb_nat_out(struct sk_buff *skb, const struct nflb_pkt *p,
		 const struct nflb_conn *cp);

/* Send to the real server; the skb is consumed.  Returns an NF_ verdict. */
unsigned int nflb_xmit_dr(struct net *net, struct sk_buff *skb,
			  const struct nflb_conn *cp);
unsigned int nflb_xmit_tun(struct net *net, struct sk_buff *skb,
			   const struct nflb_conn *cp);

/* Route a NAT reply by its real server's address, before nflb_nat_out(). */
int nflb_route_reply(struct sk_buff *skb, u8 af);

/* Re-route a locally sent packet whose destination NAT changed. */
int nflb_reroute(struct net *net, struct sk_buff *skb, u8 af);

#endif /* _NFLB_XMIT_H */
