/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_HOOKS_H
#define _NFLB_HOOKS_H

struct netlink_ext_ack;
struct nflb_net;

/* Per namespace: defragmentation and nflb's netfilter hooks. */
int nflb_hooks_enable(struct nflb_net *nn, struct netlink_ext_ack *extack);
void nflb_hooks_exit(struct nflb_net *nn);

#endif /* _NFLB_HOOKS_H */
