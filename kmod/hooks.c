// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter entry points: find or make the connection of a packet to a
 * VIP and forward it; translate NAT replies back.  See
 * Documentation/datapath.rst for the hooks, priorities and the walk.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/u64_stats_sync.h>
#include <linux/inetdevice.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <net/netns/generic.h>
#include <linux/nflb.h>

#include "compat.h"
#include "conn.h"
#include "hooks.h"
#include "icmp.h"
#include "netns.h"
#include "rs_index.h"
#include "sched.h"
#include "service.h"
#include "sni_path.h"
#include "xmit.h"

/* A packet of @len bytes in or out, or (@conn) a new connection. */
static void nflb_count(struct nflb_cpu_stats __percpu *stats, bool in,
		       unsigned int len, bool conn)
{
	struct nflb_cpu_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	if (conn) {
		s->conns++;
	} else if (in) {
		s->pkts_in++;
		s->bytes_in += len;
	} else {
		s->pkts_out++;
		s->bytes_out += len;
	}
	u64_stats_update_end(&s->syncp);
}

void nflb_account(struct nflb_dest *dest, bool in, unsigned int len, bool conn)
{
	nflb_count(dest->stats, in, len, conn);
	nflb_count(dest->svc->stats, in, len, conn);
}

/* The service of a new flow: by VIP and port, or (@mark) by fwmark only. */
static struct nflb_service *nflb_find_service(struct nflb_net *nn,
					      const struct nflb_pkt *p,
					      u32 mark, bool mark_only)
{
	struct nflb_svc_key key;
	struct nflb_service *svc;

	if (!mark_only) {
		memset(&key, 0, sizeof(key));
		key.af = p->af;
		key.proto = p->proto;
		key.addr = p->daddr;
		key.port = p->dport;
		svc = nflb_svc_lookup(nn, &key);
		if (svc)
			return svc;
	}
	if (!mark)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.af = p->af;
	key.fwmark = mark;
	return nflb_svc_lookup(nn, &key);
}

static void nflb_mask_addr(u8 af, union nf_inet_addr *addr, u8 prefix)
{
	if (af == AF_INET) {
		addr->ip &= prefix ? inet_make_mask(prefix) : 0;
	} else {
		struct in6_addr mask;

		ipv6_addr_prefix(&mask, &addr->in6, prefix);
		addr->in6 = mask;
	}
}

/*
 * Persistence: the client's template names the real server while it
 * lives; a new one is made with the scheduler's choice.
 */
static struct nflb_conn *nflb_sched_persist(struct nflb_net *nn,
					    struct nflb_service *svc,
					    const struct nflb_flow *flow,
					    const struct nflb_sched_ctx *ctx)
{
	struct nflb_flow tf = *flow;
	struct nflb_conn *tmpl;
	struct nflb_dest *dest;
	bool made;

	nflb_mask_addr(flow->af, &tf.caddr, READ_ONCE(svc->netmask));
	tf.cport = 0;
	/* a fwmark service's template covers every protocol (IPVS: "IP") */
	tf.proto = svc->key.proto;
	tmpl = nflb_conn_lookup_tmpl(nn, svc, &tf.caddr);
	if (tmpl && nflb_conn_alive(tmpl)) {
		/*
		 * Quiesced (weight 0): the client stays, as with IPVS.  Down:
		 * it moves, its server is not answering.
		 */
		if (READ_ONCE(tmpl->dest->health) == NFLB_HEALTH_UP) {
			nflb_conn_set_timeout(tmpl, READ_ONCE(svc->timeout));
			return tmpl;
		}
		nflb_conn_unlink(nn, tmpl);
	}
	dest = svc->sched->schedule(svc, ctx);
	if (!dest)
		return NULL;
	tmpl = nflb_conn_new(nn, &tf, dest, NULL, NFLB_CONN_F_TEMPLATE, &made);
	return IS_ERR(tmpl) ? NULL : tmpl;
}

/* A new flow: pick a real server and make its entry (@cflags: TCP only). */
struct nflb_conn *nflb_new_conn(struct nflb_net *nn, struct nflb_service *svc,
				const struct nflb_flow *flow, struct nflb_conn *tmp,
				u8 cflags)
{
	struct nflb_sched_ctx ctx = {
		.saddr = &flow->caddr,
		.sport = flow->cport,
	};
	u32 flags = READ_ONCE(svc->flags);
	struct nflb_conn *cp, *tmpl = NULL;
	struct nflb_dest *dest;
	bool made;

	if (flags & NFLB_SVC_F_PERSISTENT) {
		tmpl = nflb_sched_persist(nn, svc, flow, &ctx);
		dest = tmpl ? tmpl->dest : NULL;
	} else {
		dest = svc->sched->schedule(svc, &ctx);
	}
	if (!dest)
		return NULL;

	if ((flags & NFLB_SVC_F_ONEPACKET) && flow->proto == IPPROTO_UDP) {
		cflags = NFLB_CONN_F_ONEPACKET;
		/* only NAT needs an entry, for the replies */
		if (READ_ONCE(dest->fwd) != NFLB_FWD_NAT) {
			memset(tmp, 0, sizeof(*tmp));
			tmp->af = flow->af;
			tmp->proto = flow->proto;
			tmp->daddr = dest->addr;
			tmp->dport = dest->port ?: flow->vport;
			tmp->vaddr = flow->vaddr;
			tmp->vport = flow->vport;
			tmp->fwd = READ_ONCE(dest->fwd);
			tmp->dest = dest;
			tmp->flags = cflags;
			nflb_account(dest, true, 0, true);
			return tmp;
		}
	}
	cp = nflb_conn_new(nn, flow, dest, tmpl, cflags, &made);
	if (IS_ERR_OR_NULL(cp))
		return NULL;
	/* made by another CPU meanwhile: counted there, maybe elsewhere */
	if (made)
		nflb_account(dest, true, 0, true);
	return cp;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_new_conn);

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
static unsigned int nflb_in(struct net *net, struct sk_buff *skb, u8 af,
			    bool local, bool mark_stage)
{
	struct nflb_net *nn = nflb_net(net);
	struct nflb_service *svc;
	struct nflb_conn *cp, tmp;
	struct nflb_flow flow;
	struct nflb_pkt p;
	unsigned int ret;
	bool syn;

	if (!READ_ONCE(nn->num_services) || (mark_stage && !skb->mark))
		return NF_ACCEPT;
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
		svc = nflb_find_service(nn, &p, skb->mark, mark_stage);
		if (!svc)
			return NF_ACCEPT;
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
static unsigned int nflb_orphan_hook(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct nflb_net *nn = nflb_net(state->net);
	u8 af = state->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6;
	struct nflb_pkt p;

	if (nflb_rs_index_empty(nn) || nflb_parse(skb, af, &p) ||
	    (p.proto != IPPROTO_TCP && p.proto != IPPROTO_UDP) ||
	    !nflb_rs_index_has(nn, af, p.proto, &p.saddr, p.sport) ||
	    nflb_reply_ct_nat(skb))
		return NF_ACCEPT;
	atomic64_inc(&nn->conns.orphan_drops);
	return NF_DROP;
}

/* Replies of NAT flows, from the real server to the client. */
static unsigned int nflb_reply(struct net *net, struct sk_buff *skb, u8 af)
{
	struct nflb_net *nn = nflb_net(net);
	struct nflb_conn *cp;
	struct nflb_pkt p;

	if (!READ_ONCE(nn->num_services))
		return NF_ACCEPT;
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

/* priv: NULL for the early hooks, non-NULL for the ones after mangle. */
static unsigned int nflb_in_hook(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	u8 af = state->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6;
	unsigned int ret;

	if (state->hook == NF_INET_PRE_ROUTING)
		return nflb_in(state->net, skb, af, false, !!priv);
	/* LOCAL_OUT runs in process context: the data path expects BH off. */
	local_bh_disable();
	ret = nflb_in(state->net, skb, af, true, !!priv);
	local_bh_enable();
	return ret;
}

static unsigned int nflb_reply4(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	return nflb_reply(state->net, skb, AF_INET);
}

static unsigned int nflb_reply6(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	return nflb_reply(state->net, skb, AF_INET6);
}

#define NFLB_HOOK(_fn, _pf, _hook, _prio, _priv) {	\
	.hook		= _fn,				\
	.pf		= _pf,				\
	.hooknum	= _hook,			\
	.priority	= _prio,			\
	.priv		= _priv,			\
}

/* IPVS translates its NAT replies in FORWARD at this priority. */
#define NFLB_PRI_IPVS_REPLY	100

/* See Documentation/datapath.rst for why each sits where it does. */
static const struct nf_hook_ops nflb_hook_ops[] = {
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV4, NF_INET_PRE_ROUTING,
		  NF_IP_PRI_CONNTRACK_DEFRAG + 1, NULL),
	NFLB_HOOK(nflb_reply4, NFPROTO_IPV4, NF_INET_PRE_ROUTING,
		  NF_IP_PRI_CONNTRACK + 1, NULL),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV4, NF_INET_PRE_ROUTING,
		  NF_IP_PRI_MANGLE + 1, (void *)1),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV4, NF_INET_LOCAL_OUT,
		  NF_IP_PRI_CONNTRACK_DEFRAG + 1, NULL),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV4, NF_INET_LOCAL_OUT,
		  NF_IP_PRI_MANGLE + 1, (void *)1),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV6, NF_INET_PRE_ROUTING,
		  NF_IP6_PRI_CONNTRACK_DEFRAG + 1, NULL),
	NFLB_HOOK(nflb_reply6, NFPROTO_IPV6, NF_INET_PRE_ROUTING,
		  NF_IP6_PRI_CONNTRACK + 1, NULL),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV6, NF_INET_PRE_ROUTING,
		  NF_IP6_PRI_MANGLE + 1, (void *)1),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV6, NF_INET_LOCAL_OUT,
		  NF_IP6_PRI_CONNTRACK_DEFRAG + 1, NULL),
	NFLB_HOOK(nflb_in_hook, NFPROTO_IPV6, NF_INET_LOCAL_OUT,
		  NF_IP6_PRI_MANGLE + 1, (void *)1),
	NFLB_HOOK(nflb_orphan_hook, NFPROTO_IPV4, NF_INET_FORWARD,
		  NFLB_PRI_IPVS_REPLY + 1, NULL),
	NFLB_HOOK(nflb_orphan_hook, NFPROTO_IPV6, NF_INET_FORWARD,
		  NFLB_PRI_IPVS_REPLY + 1, NULL),
};

/*
 * A namespace gets defragmentation and the hooks with its first service,
 * so that the packets of a namespace that never has one (a container, the
 * host next to a balancer namespace) cost nothing.  They stay until the
 * namespace goes: unregistering waits for a grace period per hook, and
 * tools clear and reload whole configurations.  Without a service they
 * return at once (nflb_in()).
 */
int nflb_hooks_enable(struct nflb_net *nn, struct netlink_ext_ack *extack)
{
	struct net *net = nn->net;
	int ret;

	lockdep_assert_held(&nn->lock);
	if (nn->hooks_on)
		return 0;
	ret = nf_defrag_ipv4_enable(net);
	if (ret)
		goto err_defrag4;
	ret = nf_defrag_ipv6_enable(net);
	if (ret)
		goto err_defrag6;
	ret = nf_register_net_hooks(net, nflb_hook_ops,
				    ARRAY_SIZE(nflb_hook_ops));
	if (ret)
		goto err_hooks;
	nn->hooks_on = true;
	return 0;

err_hooks:
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

	if (!nn->hooks_on)
		return;
	nn->hooks_on = false;
	nf_unregister_net_hooks(net, nflb_hook_ops, ARRAY_SIZE(nflb_hook_ops));
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}
