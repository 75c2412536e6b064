// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state of nflb.
 */
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "netns.h"

static unsigned int nflb_net_id __read_mostly;

struct nflb_net *nflb_net(const struct net *net)
{
	return net_generic(net, nflb_net_id);
}

static int __net_init nflb_net_init(struct net *net)
{
	struct nflb_net *nn = nflb_net(net);

	nn->net = net;
	return 0;
}

static struct pernet_operations nflb_net_ops = {
	.init = nflb_net_init,
	.id   = &nflb_net_id,
	.size = sizeof(struct nflb_net),
};

int __init nflb_netns_init(void)
{
	return register_pernet_subsys(&nflb_net_ops);
}

void nflb_netns_exit(void)
{
	unregister_pernet_subsys(&nflb_net_ops);
}
