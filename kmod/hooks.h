/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_HOOKS_H
#define _NFLB_HOOKS_H

struct net;

/* Per namespace: defragmentation and nflb's netfilter hooks. */
int nflb_hooks_init(struct net *net);
void nflb_hooks_exit(struct net *net);

#endif /* _NFLB_HOOKS_H */
