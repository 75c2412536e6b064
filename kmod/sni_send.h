/* SPDX-License-Identifier: GPL-2.0 */
/* What SNI routing sends itself (sni_send.c). */
#ifndef _NFLB_SNI_SEND_H
#define _NFLB_SNI_SEND_H

#include <linux/types.h>

struct net;
struct nflb_net;
struct nflb_pkt;
struct nflb_sni_seg;
struct sk_buff;
struct tcphdr;

/* nflb's own window scale in its SYN-ACKs: what Linux picks by default. */
#define NFLB_SNI_WSCALE		7

/*
 * Send @skb (a packet of ours, or a held one already translated) where
 * its addresses say, from any source (a VIP or a client's address).
 */
void nflb_sni_output(struct net *net, struct sk_buff *skb, u8 af);
/* The segment @seg, with the namespace's default TTL or hop limit. */
struct sk_buff *nflb_sni_build(struct net *net, u8 af,
			       const struct nflb_sni_seg *seg);
/* The SYN @skb (parsed as @p) gets a cookie SYN-ACK; nothing is kept. */
void nflb_sni_answer_syn(struct nflb_net *nn, struct sk_buff *skb,
			 const struct nflb_pkt *p, const struct tcphdr *th);

#endif /* _NFLB_SNI_SEND_H */
