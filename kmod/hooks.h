/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_HOOKS_H
#define _NFLB_HOOKS_H

#include <linux/types.h>

struct netlink_ext_ack;
struct nflb_conn;
struct nflb_dest;
struct nflb_flow;
struct nflb_net;
struct nflb_service;

/* Per namespace: defragmentation and nflb's netfilter hooks. */
int nflb_hooks_enable(struct nflb_net *nn, struct netlink_ext_ack *extack);
void nflb_hooks_exit(struct nflb_net *nn);
/* The hooks after mangle while a fwmark service exists (under nn->lock). */
int nflb_hooks_sync_mark(struct nflb_net *nn, struct netlink_ext_ack *extack);

/* For SNI routing's delayed binding (sni_path.c): BH disabled. */
struct nflb_conn *nflb_new_conn(struct nflb_net *nn, struct nflb_service *svc,
				const struct nflb_flow *flow, struct nflb_conn *tmp,
				u8 cflags);
void nflb_account(struct nflb_dest *dest, bool in, unsigned int len, bool conn);

#endif /* _NFLB_HOOKS_H */
