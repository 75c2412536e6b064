/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The real servers of NAT services by address, port and protocol
 * (kmod/rs_index.c).
 */
#ifndef _NFLB_RS_INDEX_H
#define _NFLB_RS_INDEX_H

#include <linux/netfilter.h>
#include <linux/types.h>

struct nflb_net;
struct nflb_dest;

int nflb_rs_index_init(struct nflb_net *nn);
void nflb_rs_index_exit(struct nflb_net *nn);

/* Under nn->lock: @dest as its method and address now are. */
int nflb_rs_index_sync(struct nflb_net *nn, struct nflb_dest *dest);
void nflb_rs_index_del(struct nflb_net *nn, struct nflb_dest *dest);

/* No NAT real server in the namespace: nothing to look up. */
bool nflb_rs_index_empty(struct nflb_net *nn);
/* Under rcu_read_lock(): a NAT real server sends from @addr:@port? */
bool nflb_rs_index_has(struct nflb_net *nn, u8 af, u8 proto,
		       const union nf_inet_addr *addr, __be16 port);

#endif /* _NFLB_RS_INDEX_H */
