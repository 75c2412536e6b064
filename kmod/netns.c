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
	mutex_init(&nn->lock);
	/* Never 0: dumps use it as the netlink sequence, where 0 means unset. */
	nn->generation = 1;
	nn->cfg = (struct nflb_config) {
		.tcp_timeout	= NFLB_DEFAULT_TCP_TIMEOUT,
		.tcpfin_timeout	= NFLB_DEFAULT_TCPFIN_TIMEOUT,
		.udp_timeout	= NFLB_DEFAULT_UDP_TIMEOUT,
		.max_services	= NFLB_DEFAULT_MAX_SERVICES,
		.max_dests	= NFLB_DEFAULT_MAX_DESTS,
	};
	return nflb_services_init(nn);
}

static void __net_exit nflb_net_exit(struct net *net)
{
	nflb_services_exit(nflb_net(net));
}

static struct pernet_operations nflb_net_ops = {
	.init = nflb_net_init,
	.exit = nflb_net_exit,
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
	/* Services and real servers are freed after a grace period. */
	rcu_barrier();
}
