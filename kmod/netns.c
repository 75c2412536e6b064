// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state of nflb.
 */
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "addr_filter.h"
#include "compat.h"
#include "est.h"
#include "hooks.h"
#include "netns.h"
#include "service.h"
#include "sni_path.h"
#include "sni_rule.h"

unsigned int nflb_net_id __read_mostly;

/* A namespace's state before its tables: the lock, limits and timeouts. */
void nflb_net_defaults(struct nflb_net *nn)
{
	mutex_init(&nn->lock);
	/* Never 0: dumps use it as the netlink sequence, where 0 means unset. */
	nn->generation = 1;
	nn->cfg = (struct nflb_config) {
		.tcp_timeout	= NFLB_DEFAULT_TCP_TIMEOUT,
		.tcpfin_timeout	= NFLB_DEFAULT_TCPFIN_TIMEOUT,
		.udp_timeout	= NFLB_DEFAULT_UDP_TIMEOUT,
		.max_services	= NFLB_DEFAULT_MAX_SERVICES,
		.max_dests	= NFLB_DEFAULT_MAX_DESTS,
		.max_conns	= NFLB_DEFAULT_MAX_CONNS,
		.sni_peek_bytes	= NFLB_DEFAULT_SNI_PEEK_BYTES,
		.sni_timeout_ms	= NFLB_DEFAULT_SNI_TIMEOUT_MS,
		.sni_max_pending = NFLB_DEFAULT_SNI_MAX_PENDING,
	};
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_net_defaults);

static int __net_init nflb_net_init(struct net *net)
{
	struct nflb_net *nn = nflb_net(net);
	int ret;

	nn->net = net;
	nflb_net_defaults(nn);
	nn->capped = net->user_ns != &init_user_ns;
	ret = nflb_services_init(nn);
	if (ret)
		return ret;
	ret = nflb_sni_path_init(nn);
	if (ret)
		nflb_services_exit(nn);
	return ret;
}

/* The address filters and the drop counter the hooks use. */
static void nflb_net_free_filters(struct nflb_net *nn)
{
	kfree(nn->vip_filter);
	kfree(nn->rs_filter);
	free_percpu(nn->src_range_drops);
	nn->vip_filter = NULL;
	nn->rs_filter = NULL;
	nn->src_range_drops = NULL;
}

/*
 * The connection table (2^conn_tab_bits buckets, 512 KiB by default), its
 * worker, the estimator and the hooks come with a namespace's first
 * service: a namespace that never has one (every container of a host
 * that loads nflb, the host beside a balancer namespace) pays for two
 * empty hash tables and nothing runs for it.  They stay until the
 * namespace goes.
 */
int nflb_net_start(struct nflb_net *nn, struct netlink_ext_ack *extack)
{
	int ret;

	lockdep_assert_held(&nn->lock);
	if (nn->started)
		return 0;
	ret = nflb_conn_init(nn);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot allocate the connection table");
		return ret;
	}
	nn->vip_filter = kzalloc(sizeof(*nn->vip_filter), GFP_KERNEL_ACCOUNT);
	nn->rs_filter = kzalloc(sizeof(*nn->rs_filter), GFP_KERNEL_ACCOUNT);
	nn->src_range_drops = alloc_percpu_gfp(u64, GFP_KERNEL_ACCOUNT);
	if (!nn->vip_filter || !nn->rs_filter || !nn->src_range_drops) {
		NL_SET_ERR_MSG(extack, "cannot allocate the address filters");
		ret = -ENOMEM;
		goto err_filters;
	}
	nflb_svc_fill_filters(nn);
	ret = nflb_hooks_enable(nn, extack);
	if (ret)
		goto err_filters;
	nflb_est_init(nn);
	nn->started = true;
	return 0;

err_filters:
	nflb_net_free_filters(nn);
	nflb_conn_exit(nn);
	return ret;
}

static void __net_exit nflb_net_exit(struct net *net)
{
	struct nflb_net *nn = nflb_net(net);

	if (nn->started) {
		nflb_est_exit(nn);
		nflb_hooks_exit(nn);
	}
	nflb_sni_path_exit(nn);
	if (nn->started)
		nflb_conn_exit(nn);
	nflb_sni_rules_exit(nn);
	nflb_services_exit(nn);
	nflb_net_free_filters(nn);
	/* the devices' unregistration may follow: nothing to forget */
	nn->started = false;
}

static struct pernet_operations nflb_net_ops = {
	.init = nflb_net_init,
	.exit = nflb_net_exit,
	.id   = &nflb_net_id,
	.size = sizeof(struct nflb_net),
};

/*
 * A device is unregistered: it waits for every reference to it, and the
 * routes the real servers cache (DR, IP-in-IP) hold some.  IPv4 moves an
 * uncached route off a going device, IPv6 not always (6.12.118: a
 * namespace deleted after an IPv6 DR connection hung on its bridge).
 * The caches are emptied, as IPVS's ip_vs_dst_event() does with its
 * own: packets stop using them, those that did are waited for, then the
 * routes are released.
 */
static int nflb_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct nflb_net *nn = nflb_net(dev_net(dev));

	if (event != NETDEV_UNREGISTER || !READ_ONCE(nn->started))
		return NOTIFY_DONE;
	WRITE_ONCE(nn->routes_uncached, true);
	synchronize_net();
	mutex_lock(&nn->lock);
	nflb_svc_forget_routes(nn);
	mutex_unlock(&nn->lock);
	WRITE_ONCE(nn->routes_uncached, false);
	return NOTIFY_DONE;
}

static struct notifier_block nflb_netdev_notifier = {
	.notifier_call = nflb_netdev_event,
};

/*
 * A device operation, as IPVS's ipvs_core_dev_ops: when a namespace goes,
 * its state is freed before its devices are unregistered, which wait for
 * the references nflb holds on them (routes cached per real server,
 * packets in its tables).  As a subsystem nflb was torn down after them,
 * and a namespace deleted with DR or IP-in-IP services in it hung the
 * kernel's namespace cleanup ("unregister_netdevice: waiting for ...").
 */
int __init nflb_netns_init(void)
{
	int ret;

	ret = register_pernet_device(&nflb_net_ops);
	if (ret)
		return ret;
	ret = register_netdevice_notifier(&nflb_netdev_notifier);
	if (ret)
		unregister_pernet_device(&nflb_net_ops);
	return ret;
}

void nflb_netns_exit(void)
{
	unregister_netdevice_notifier(&nflb_netdev_notifier);
	unregister_pernet_device(&nflb_net_ops);
	/*
	 * Entries, real servers and services are freed by call_rcu(), each
	 * callback dropping a reference that may queue the next one: a
	 * barrier per level.
	 */
	rcu_barrier();
	rcu_barrier();
	rcu_barrier();
}
