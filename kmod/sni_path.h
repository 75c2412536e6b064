/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_SNI_PATH_H
#define _NFLB_SNI_PATH_H

#include <linux/skbuff.h>
#include <linux/types.h>

struct nflb_net;
struct nflb_pkt;
struct nflb_service;

/*
 * A TCP packet without an entry to @svc, a service in SNI mode
 * (Documentation/sni.rst): a SYN is answered with a cookie SYN-ACK.
 * Returns the verdict; the packet is never forwarded as it is.
 */
unsigned int nflb_sni_in(struct nflb_net *nn, struct sk_buff *skb,
			 const struct nflb_pkt *p, struct nflb_service *svc,
			 bool syn);

#endif /* _NFLB_SNI_PATH_H */
