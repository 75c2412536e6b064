/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_ICMP_H
#define _NFLB_ICMP_H

#include <linux/skbuff.h>

struct nflb_net;
struct nflb_pkt;

/* ICMP(v6) errors about NAT flows, translated for the other side. */
unsigned int nflb_icmp(struct nflb_net *nn, struct sk_buff *skb,
		       const struct nflb_pkt *p);

#endif /* _NFLB_ICMP_H */
