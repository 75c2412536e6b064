/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_XMIT_H
#define _NFLB_XMIT_H

#include <linux/skbuff.h>
#include <linux/netfilter.h>

struct net;
struct nflb_conn;

/* What the hooks parsed out of a packet. */
struct nflb_pkt {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	__be16 sport;
	__be16 dport;
	unsigned int thoff;		/* transport header offset */
	u8 af;
	u8 proto;
	u8 tcpflags;			/* NFLB_TCP_* */
};

#define NFLB_TCP_SYN	0x1
#define NFLB_TCP_ACK	0x2
#define NFLB_TCP_FIN	0x4
#define NFLB_TCP_RST	0x8

int nflb_parse(struct sk_buff *skb, u8 af, struct nflb_pkt *p);

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
