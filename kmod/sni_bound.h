/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_SNI_BOUND_H
#define _NFLB_SNI_BOUND_H

#include "pkt.h"
#include "sni_tcp.h"

struct nflb_conn;

/* A bound entry's translation; after an acquire of its flags. */
void nflb_sni_xlate_of(const struct nflb_conn *cp, struct nflb_sni_xlate *x);

/* A bound entry's packet, after the address rewrite: 0 or -errno. */
int nflb_sni_to_server(struct sk_buff *skb, const struct nflb_pkt *p,
		       const struct nflb_conn *cp);
int nflb_sni_to_client(struct sk_buff *skb, const struct nflb_pkt *p,
		       const struct nflb_conn *cp);

#endif /* _NFLB_SNI_BOUND_H */
