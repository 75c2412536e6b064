// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter entry points: find or make the connection of a packet to a
 * VIP and forward it; translate NAT replies back.  See
 * Documentation/datapath.rst for the hooks, priorities and the walk.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <net/netns/generic.h>
#include <linux/nflb.h>

#include "addr_filter.h"
#include "balance.h"
#include "compat.h"
#include "conn.h"
#include "hooks.h"
#include "icmp.h"
#include "netns.h"
#include "rs_index.h"
#include "sched.h"
#include "service.h"
#include "sni_bound.h"
#include "sni_path.h"
#include "src_range.h"
#include "xmit.h"

/*
 * Follow a TCP segment of @cp.  True: drop it, a RST that nobody on the
 * path could have sent (a spoofed one must not close a live flow; an
 * ACK outside the window only changes nothing).
 */
static bool nflb_tcp_track(struct nflb_net *nn, const struct sk_buff *skb,
			   const struct nflb_pkt *p, struct nflb_conn *cp,
			   bool in)
{
	struct nflb_tcp_seg seg;

	if (nflb_tcp_seg_of(skb, p, &seg)) {
		atomic64_inc(&nn->conns.tcp_invalid);
		return true;
	}
	return !nflb_conn_tcp_update(nn, cp, in, &seg) &&
	       (seg.flags & NFLB_TCP_RST);
}

static bool nflb_tcp_closing(const struct nflb_conn *cp)
{
	u8 state = READ_ONCE(cp->state);

	return state == NFLB_CONN_S_FIN_WAIT || state == NFLB_CONN_S_TIME_WAIT ||
	       state == NFLB_CONN_S_CLOSE;
}

/*
 * Packets from clients to a VIP (PRE_ROUTING, and LOCAL_OUT if @local).
 * The early hooks run before conntrack and mangle; firewall marks are set
 * in mangle, so the hooks after it (@mark_stage) look again for the new
 * flows of fwmark services, and only for those.
 */
/*
 * The packet may be nflb's: a service exists, a mark for the stage after
 * mangle, and a VIP as destination (any address is one while a fwmark
 * service exists).  Tested in the hook itself, before the call into
 * nflb_in(), whose locals kernels built with INIT_STACK_ALL_ZERO clear on
 * entry: about 85 instructions a call that traffic not for a VIP need
 * not pay (Documentation/performance.rst).
 */
static bool nflb_in_wanted(struct nflb_net *nn, const struct sk_buff *skb,
			   u8 af, bool mark_stage)
{
	if (!READ_ONCE(nn->num_services) || (mark_stage && !skb->mark))
		return false;
	/* a flow's entry and its service have the VIP as destination */
	return READ_ONCE(nn->num_fwmark_services) ||
	       nflb_addr_filter_maybe(nn->vip_filter, skb, af, true);
}

/*
 * A packet without a connection entry would start a flow of @svc: is its
 * client outside the service's source ranges?  Then it is dropped and
 * counted.  A service without ranges costs the load of a NULL pointer;
 * flows already tracked never come here.
 */
static bool nflb_src_refused(struct nflb_net *nn,
			     const struct nflb_service *svc,
			     const struct nflb_flow *flow)
{
	const struct nflb_src_ranges *r = rcu_dereference(svc->src_ranges);

	if (likely(!r) || nflb_src_allowed(r, flow->af, &flow->caddr))
		return false;
	this_cpu_inc(*nn->src_range_drops);
	return true;
}

static noinline unsigned int nflb_in(struct nflb_net *nn, struct net *net,
				     struct sk_buff *skb, u8 af, bool local,
				     bool mark_stage)
{
	struct nflb_service *svc;
	struct nflb_conn *cp, tmp;
	struct nflb_flow flow;
	struct nflb_pkt p;
	unsigned int ret;
	bool syn;

	if (nflb_parse(skb, af, &p))
		return NF_ACCEPT;
	if (p.proto == IPPROTO_ICMP || p.proto == IPPROTO_ICMPV6)
		return mark_stage ? NF_ACCEPT : nflb_icmp(nn, skb, &p);

	memset(&flow, 0, sizeof(flow));
	flow.af = af;
	flow.proto = p.proto;
	flow.caddr = p.saddr;
	flow.cport = p.sport;
	flow.vaddr = p.daddr;
	flow.vport = p.dport;
	syn = (p.tcpflags & (NFLB_TCP_SYN | NFLB_TCP_ACK)) == NFLB_TCP_SYN;

	/* already translated by the early hook (a NAT flow's packet) */
	if (mark_stage && nflb_conn_lookup_reply(nn, af, p.proto, &p.daddr,
						 p.dport, &p.saddr, p.sport))
		return NF_ACCEPT;
	cp = nflb_conn_lookup_in(nn, &flow);
	if (cp && (!nflb_conn_alive(cp) ||
		   (syn && p.proto == IPPROTO_TCP && nflb_tcp_closing(cp)))) {
		/* expired, real server gone, or a reused port: start again */
		nflb_conn_unlink(nn, cp);
		cp = NULL;
	}
	/* SNI: until the real server answered, the data is held */
	if (cp && (READ_ONCE(cp->flags) & (NFLB_CONN_F_SNI | NFLB_CONN_F_BOUND)) ==
		  NFLB_CONN_F_SNI)
		return nflb_sni_in(nn, skb, &p, &flow, NULL, syn);
	if (!cp) {
		svc = nflb_flow_service(nn, &flow, skb->mark, mark_stage);
		if (!svc)
			return NF_ACCEPT;
		if (nflb_src_refused(nn, svc, &flow))
			return NF_DROP;
		if (p.proto == IPPROTO_TCP &&
		    (READ_ONCE(svc->flags) & NFLB_SVC_F_SNI))
			return nflb_sni_in(nn, skb, &p, &flow, svc, syn);
		if (p.proto == IPPROTO_TCP && !syn && !svc->sched->stateless) {
			atomic64_inc(&nn->conns.no_conn_drops);
			return NF_DROP;
		}
		cp = nflb_new_conn(nn, svc, &flow, &tmp, 0);
		if (!cp)
			return NF_DROP;
	}

	if (p.proto == IPPROTO_TCP) {
		if (nflb_tcp_track(nn, skb, &p, cp, true))
			return NF_DROP;
	} else if (cp != &tmp) {
		nflb_conn_touch(nn, cp);
	}
	nflb_account(cp->dest, true, skb->len, false);

	switch (cp->fwd) {
	case NFLB_FWD_NAT:
		if (nflb_nat_in(skb, &p, cp))
			return NF_DROP;
		if ((READ_ONCE(cp->flags) & NFLB_CONN_F_SNI) &&
		    nflb_sni_to_server(skb, &p, cp))
			return NF_DROP;
		if (local && nflb_reroute(net, skb, af))
			return NF_DROP;
		return NF_ACCEPT;
	case NFLB_FWD_DR:
		ret = nflb_xmit_dr(net, skb, cp);
		break;
	default:
		ret = nflb_xmit_tun(net, skb, cp);
		break;
	}
	return ret;
}

/*
 * A reply of a connection conntrack destination-translated (iptables
 * DNAT, Docker's published ports): its source is put back after routing,
 * by conntrack, not by nflb.
 */
static bool nflb_reply_ct_nat(const struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	enum ip_conntrack_info ctinfo;
	const struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	return ct && CTINFO2DIR(ctinfo) == IP_CT_DIR_REPLY &&
	       test_bit(IPS_DST_NAT_BIT, &ct->status);
#else
	return false;
#endif
}

/*
 * Forwarded from a NAT real server's address and port, and still
 * untranslated: no entry (expired, flushed, removed with its real
 * server, never made).  Sent on, it would show the client the real
 * server's address: dropped and counted.  Here, in FORWARD after IPVS's
 * own reply translation (priority 100), IPVS beside nflb keeps real
 * servers they share, and the balancer's own connections to a real
 * server (health checks) never come by (Documentation/datapath.rst,
 * "Replies without an entry").
 */
static noinline unsigned int nflb_orphan(struct nflb_net *nn,
					 struct sk_buff *skb, u8 af)
{
	struct nflb_pkt p;

	if (nflb_parse(skb, af, &p) ||
	    (p.proto != IPPROTO_TCP && p.proto != IPPROTO_UDP) ||
	    !nflb_rs_index_has(nn, af, p.proto, &p.saddr, p.sport) ||
	    nflb_reply_ct_nat(skb))
		return NF_ACCEPT;
	atomic64_inc(&nn->conns.orphan_drops);
	return NF_DROP;
}

/* Every hook's priv is its namespace's nflb_net: no net_generic() lookup. */
static unsigned int nflb_orphan_hook(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct nflb_net *nn = priv;
	u8 af = state->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6;

	if (nflb_rs_index_empty(nn) ||
	    !nflb_addr_filter_maybe(nn->rs_filter, skb, af, false))
		return NF_ACCEPT;
	return nflb_orphan(nn, skb, af);
}

/* Replies of NAT flows, from the real server to the client. */
static noinline unsigned int nflb_reply(struct nflb_net *nn,
					struct sk_buff *skb, u8 af)
{
	struct nflb_conn *cp;
	struct nflb_pkt p;

	if (nflb_parse(skb, af, &p) || p.proto == IPPROTO_ICMP ||
	    p.proto == IPPROTO_ICMPV6)
		return NF_ACCEPT;
	cp = nflb_conn_lookup_reply(nn, af, p.proto, &p.saddr, p.sport,
				    &p.daddr, p.dport);
	if (!cp || !nflb_conn_alive(cp))
		return NF_ACCEPT;	/* an orphan's fate: nflb_orphan_hook() */
	if ((READ_ONCE(cp->flags) & (NFLB_CONN_F_SNI | NFLB_CONN_F_BOUND)) ==
	    NFLB_CONN_F_SNI)
		return nflb_sni_bind(nn, skb, &p, cp);
	if (p.proto == IPPROTO_TCP) {
		if (nflb_tcp_track(nn, skb, &p, cp, false))
			return NF_DROP;
	} else {
		nflb_conn_touch(nn, cp);
	}
	nflb_account(cp->dest, false, skb->len, false);
	if (nflb_route_reply(skb, af) || nflb_nat_out(skb, &p, cp))
		return NF_DROP;
	if ((READ_ONCE(cp->flags) & NFLB_CONN_F_SNI) &&
	    nflb_sni_to_client(skb, &p, cp))
		return NF_DROP;
	return NF_ACCEPT;
}

static __always_inline unsigned int
nflb_in_stage(struct nflb_net *nn, struct sk_buff *skb,
	      const struct nf_hook_state *state, bool mark_stage)
{
	u8 af = state->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6;
	unsigned int ret;

	if (!nflb_in_wanted(nn, skb, af, mark_stage))
		return NF_ACCEPT;
	if (state->hook == NF_INET_PRE_ROUTING)
		return nflb_in(nn, state->net, skb, af, false, mark_stage);
	/* LOCAL_OUT runs in process context: the data path expects BH off. */
	local_bh_disable();
	ret = nflb_in(nn, state->net, skb, af, true, mark_stage);
	local_bh_enable();
	return ret;
}

/* The early hooks, and those after mangle (fwmark services). */
static unsigned int nflb_in_hook(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	return nflb_in_stage(priv, skb, state, false);
}

static unsigned int nflb_mark_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	return nflb_in_stage(priv, skb, state, true);
}

/* Replies come from a real server: its address is in the filter. */
static unsigned int nflb_reply_hook(struct nflb_net *nn, struct sk_buff *skb,
				    u8 af)
{
	if (!READ_ONCE(nn->num_services) ||
	    !nflb_addr_filter_maybe(nn->rs_filter, skb, af, false))
		return NF_ACCEPT;
	return nflb_reply(nn, skb, af);
}

static unsigned int nflb_reply4(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	return nflb_reply_hook(priv, skb, AF_INET);
}

static unsigned int nflb_reply6(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	return nflb_reply_hook(priv, skb, AF_INET6);
}

/* Templates: each namespace registers a copy whose priv is its nflb_net. */
#define NFLB_HOOK(_fn, _pf, _hook, _prio) {		\
	.hook		= _fn,				\
	.pf		= _pf,				\
	.hooknum	= _hook,			\
	.priority	= _prio,			\
}

/* IPVS translates its NAT replies in FORWARD at this priority. */
#define NFLB_PRI_IPVS_REPLY	100

/* See Documentation/datapath.rst for why each sits where it does. */
static const struct nf_hook_ops nflb_hook_ops[] = {
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV4, NF_INET_PRE_ROUTING,
		  NF_IP_PRI_CONNTRACK_DEFRAG + 1),
	NFLB_HOOK(nflb_reply4, NFPROTO_IPV4, NF_INET_PRE_ROUTING,
		  NF_IP_PRI_CONNTRACK + 1),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV4, NF_INET_LOCAL_OUT,
		  NF_IP_PRI_CONNTRACK_DEFRAG + 1),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV6, NF_INET_PRE_ROUTING,
		  NF_IP6_PRI_CONNTRACK_DEFRAG + 1),
	NFLB_HOOK(nflb_reply6, NFPROTO_IPV6, NF_INET_PRE_ROUTING,
		  NF_IP6_PRI_CONNTRACK + 1),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV6, NF_INET_LOCAL_OUT,
		  NF_IP6_PRI_CONNTRACK_DEFRAG + 1),
	NFLB_HOOK(nflb_orphan_hook, NFPROTO_IPV4, NF_INET_FORWARD,
		  NFLB_PRI_IPVS_REPLY + 1),
	NFLB_HOOK(nflb_orphan_hook, NFPROTO_IPV6, NF_INET_FORWARD,
		  NFLB_PRI_IPVS_REPLY + 1),
};

/*
 * After mangle, for packets marked there: only fwmark services need them,
 * and only while one exists are they registered (each hook is a call for
 * every packet of the namespace).
 */
static const struct nf_hook_ops nflb_mark_ops[] = {
	NFLB_HOOK(nflb_mark_hook, NFPROTO_IPV4, NF_INET_PRE_ROUTING,
		  NF_IP_PRI_MANGLE + 1),
	NFLB_HOOK(nflb_mark_hook, NFPROTO_IPV4, NF_INET_LOCAL_OUT,
		  NF_IP_PRI_MANGLE + 1),
	NFLB_HOOK(nflb_mark_hook, NFPROTO_IPV6, NF_INET_PRE_ROUTING,
		  NF_IP6_PRI_MANGLE + 1),
	NFLB_HOOK(nflb_mark_hook, NFPROTO_IPV6, NF_INET_LOCAL_OUT,
		  NF_IP6_PRI_MANGLE + 1),
};

/* A namespace's copy of @tmpl, registered, in *@ops. */
static int nflb_ops_register(struct nflb_net *nn, const struct nf_hook_ops *tmpl,
			     unsigned int n, struct nf_hook_ops **ops)
{
	struct nf_hook_ops *o;
	unsigned int i;
	int ret;

	o = kmemdup(tmpl, n * sizeof(*tmpl), GFP_KERNEL_ACCOUNT);
	if (!o)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		o[i].priv = nn;
	ret = nf_register_net_hooks(nn->net, o, n);
	if (ret) {
		kfree(o);
		return ret;
	}
	*ops = o;
	return 0;
}

static void nflb_ops_unregister(struct nflb_net *nn, unsigned int n,
				struct nf_hook_ops **ops)
{
	if (!*ops)
		return;
	nf_unregister_net_hooks(nn->net, *ops, n);
	kfree(*ops);
	*ops = NULL;
}

/*
 * The hooks after mangle follow the fwmark services: registered with the
 * first, unregistered (a grace period) after the last.  Under nn->lock.
 */
int nflb_hooks_sync_mark(struct nflb_net *nn, struct netlink_ext_ack *extack)
{
	bool want = nn->num_fwmark_services;
	int ret;

	lockdep_assert_held(&nn->lock);
	if (!nn->hook_ops || want == !!nn->mark_ops)
		return 0;
	if (!want) {
		nflb_ops_unregister(nn, ARRAY_SIZE(nflb_mark_ops), &nn->mark_ops);
		return 0;
	}
	ret = nflb_ops_register(nn, nflb_mark_ops, ARRAY_SIZE(nflb_mark_ops),
				&nn->mark_ops);
	if (ret)
		NL_SET_ERR_MSG(extack, "cannot register nflb's hooks for fwmark services");
	return ret;
}

/*
 * A namespace gets defragmentation and the hooks with its first service,
 * so that the packets of a namespace that never has one (a container, the
 * host next to a balancer namespace) cost nothing.  They stay until the
 * namespace goes: unregistering waits for a grace period per hook, and
 * tools clear and reload whole configurations.  Without a service they
 * return at once (nflb_in_wanted()).
 */
int nflb_hooks_enable(struct nflb_net *nn, struct netlink_ext_ack *extack)
{
	struct net *net = nn->net;
	int ret;

	lockdep_assert_held(&nn->lock);
	if (nn->hook_ops)
		return 0;
	ret = nf_defrag_ipv4_enable(net);
	if (ret)
		goto err_defrag4;
	ret = nf_defrag_ipv6_enable(net);
	if (ret)
		goto err_defrag6;
	ret = nflb_ops_register(nn, nflb_hook_ops, ARRAY_SIZE(nflb_hook_ops),
				&nn->hook_ops);
	if (ret)
		goto err_defrag6_on;
	/* the first service may be a fwmark service */
	ret = nflb_hooks_sync_mark(nn, extack);
	if (ret) {
		nflb_ops_unregister(nn, ARRAY_SIZE(nflb_hook_ops), &nn->hook_ops);
		nf_defrag_ipv6_disable(net);
		nf_defrag_ipv4_disable(net);
	}
	return ret;

err_defrag6_on:
	nf_defrag_ipv6_disable(net);
err_defrag6:
	nf_defrag_ipv4_disable(net);
err_defrag4:
	NL_SET_ERR_MSG(extack, "cannot register nflb's netfilter hooks in this namespace");
	return ret;
}

void nflb_hooks_exit(struct nflb_net *nn)
{
	struct net *net = nn->net;

	if (!nn->hook_ops)
		return;
	nflb_ops_unregister(nn, ARRAY_SIZE(nflb_mark_ops), &nn->mark_ops);
	nflb_ops_unregister(nn, ARRAY_SIZE(nflb_hook_ops), &nn->hook_ops);
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}
