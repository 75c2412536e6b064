/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_PKT_H
#define _NFLB_PKT_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>

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

/*
 * Fill @p from the network header.  0: TCP, UDP or ICMP(v6), not a
 * fragment; -ENOENT: not something nflb looks at.
 */
int nflb_parse(struct sk_buff *skb, u8 af, struct nflb_pkt *p);

#endif /* _NFLB_PKT_H */
