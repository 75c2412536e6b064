/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_HOOKS_H
#define _NFLB_HOOKS_H

#include <linux/types.h>

struct netlink_ext_ack;
struct nflb_net;

/* Per namespace: defragmentation and nflb's netfilter hooks. */
int nflb_hooks_enable(struct nflb_net *nn, struct netlink_ext_ack *extack);
void nflb_hooks_exit(struct nflb_net *nn);
/* The hooks after mangle while a fwmark service exists (under nn->lock). */
int nflb_hooks_sync_mark(struct nflb_net *nn, struct netlink_ext_ack *extack);

#endif /* _NFLB_HOOKS_H */
