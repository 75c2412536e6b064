/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_NETNS_H
#define _NFLB_NETNS_H

#include <linux/types.h>

struct net;

/* Everything nflb keeps for one network namespace. */
struct nflb_net {
	struct net *net;
};

struct nflb_net *nflb_net(const struct net *net);

int nflb_netns_init(void);
void nflb_netns_exit(void);

#endif /* _NFLB_NETNS_H */
