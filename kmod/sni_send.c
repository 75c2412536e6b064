// SPDX-License-Identifier: GPL-2.0
/*
 * What SNI routing sends itself (Documentation/sni.rst): the cookie SYN-ACK
 * that answers a client's SYN without keeping anything, the segments built
 * for a pending connection (sni_synack.c builds them), and their way out,
 * routed by their own addresses.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/dst.h>
#include <net/dst_metadata.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/tcp.h>

#include "compat.h"
#include "netns.h"
#include "pkt.h"
#include "sni_send.h"
#include "sni_tcp.h"

/*
 * The largest MSS the client can be sent along the way its SYN came:
 * the route's MTU (LOCAL_OUT) or the incoming device's (PRE_ROUTING).  A
 * SYN decapsulated by a collect-metadata tunnel (vxlan, geneve, gre
 * "external") carries a metadata dst in PRE_ROUTING: it has no device, and
 * its dst_mtu() reads that NULL device (selftests/guest/sni_tunnel.sh).
 */
static u16 nflb_sni_mss_clamp(const struct sk_buff *skb, u8 af)
{
	unsigned int hdrs = af == AF_INET ? 40 : 60;
	unsigned int mtu = 1500;

	if (skb_valid_dst(skb))
		mtu = dst_mtu(skb_dst(skb));
	else if (skb->dev)
		mtu = READ_ONCE(skb->dev->mtu);
	return mtu > hdrs + TCP_MIN_MSS ? min(mtu - hdrs, 65535U) : TCP_MIN_MSS;
}

/*
 * Send @skb (a packet of ours, or a held one already translated) where
 * its addresses say.  Its source may be a VIP or a client, neither an
 * address of ours: FLOWI_FLAG_ANYSRC.
 */
void nflb_sni_output(struct net *net, struct sk_buff *skb, u8 af)
{
	struct dst_entry *dst;

	skb_dst_drop(skb);
	skb_clear_tstamp(skb);
	/* a received packet's CHECKSUM_COMPLETE means nothing on the way out */
	skb_forward_csum(skb);
	if (af == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);
		struct flowi4 fl4 = {
			.daddr = iph->daddr,
			.saddr = iph->saddr,
			.flowi4_proto = IPPROTO_TCP,
			.flowi4_mark = skb->mark,
			.flowi4_flags = FLOWI_FLAG_ANYSRC,
		};
		struct rtable *rt;

		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			goto drop;
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
		skb_dst_set(skb, &rt->dst);
		skb->dev = rt->dst.dev;
		ip_local_out(net, skb->sk, skb);
		return;
	}
	{
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 fl6 = {
			.daddr = ip6h->daddr,
			.saddr = ip6h->saddr,
			.flowi6_proto = IPPROTO_TCP,
			.flowi6_mark = skb->mark,
			.flowi6_flags = FLOWI_FLAG_ANYSRC,
		};

		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error) {
			dst_release(dst);
			goto drop;
		}
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
		skb_dst_set(skb, dst);
		skb->dev = dst->dev;
		ip6_local_out(net, skb->sk, skb);
		return;
	}
drop:
	kfree_skb(skb);
}

static u8 nflb_sni_ttl(struct net *net, u8 af)
{
	if (af == AF_INET)
		return READ_ONCE(net->ipv4.sysctl_ip_default_ttl);
	return READ_ONCE(net->ipv6.devconf_all->hop_limit);
}

struct sk_buff *nflb_sni_build(struct net *net, u8 af,
			       const struct nflb_sni_seg *seg)
{
	if (af == AF_INET)
		return nflb_sni_seg_v4(seg, nflb_sni_ttl(net, af));
	return nflb_sni_seg_v6(seg, nflb_sni_ttl(net, af));
}

/*
 * A flow's offset to our TSval clock, as Linux's tcp_ts_off(): the
 * SYN-ACK's TSval tells neither the balancer's uptime nor how two
 * connections' clocks relate.  The real server's TSvals are translated to
 * continue whatever clock this one started.
 */
static u32 nflb_sni_ts_offset(const struct nflb_net *nn,
			      const struct nflb_pkt *p)
{
	u32 ports = (__force u32)p->sport << 16 | (__force u32)p->dport;

	if (p->af == AF_INET)
		return jhash_3words((__force u32)p->saddr.ip,
				    (__force u32)p->daddr.ip, ports,
				    nn->sni_ts_seed);
	return jhash2((const u32 *)&p->saddr, sizeof(p->saddr) / 4,
		      jhash2((const u32 *)&p->daddr, sizeof(p->daddr) / 4,
			     ports ^ nn->sni_ts_seed));
}

/* The SYN @skb (parsed as @p) gets a cookie SYN-ACK; nothing is kept. */
void nflb_sni_answer_syn(struct nflb_net *nn, struct sk_buff *skb,
			 const struct nflb_pkt *p, const struct tcphdr *th)
{
	struct nflb_tcp_opts client;
	struct nflb_sni_synack sa = {
		.client = &client,
		/* what the client may send before the decision: the peek */
		.window = READ_ONCE(nn->cfg.sni_peek_bytes),
		.wscale = NFLB_SNI_WSCALE,
	};
	struct net *net = nn->net;
	struct sk_buff *nskb;
	u16 mss;

	nflb_tcp_opts_parse(th, &client);
	client.ecn_ok = th->ece && th->cwr;
	/* RFC 9293: without the option, 536 (IPv4) or 1220 (IPv6) */
	mss = client.mss ?: (p->af == AF_INET ? TCP_MSS_DEFAULT : IPV6_MIN_MTU - 60);
	mss = min(mss, nflb_sni_mss_clamp(skb, p->af));
	sa.tsval = nflb_sni_cookie_tsval(jiffies_to_msecs(jiffies) +
					 nflb_sni_ts_offset(nn, p), &client);

	if (p->af == AF_INET) {
		sa.cookie = nflb_sni_cookie_v4(ip_hdr(skb), th, &mss);
		sa.mss = mss;
		nskb = nflb_sni_synack_v4(ip_hdr(skb), th, &sa,
					  nflb_sni_ttl(net, p->af));
	} else {
		sa.cookie = nflb_sni_cookie_v6(ipv6_hdr(skb), th, &mss);
		sa.mss = mss;
		nskb = nflb_sni_synack_v6(ipv6_hdr(skb), th, &sa,
					  nflb_sni_ttl(net, p->af));
	}
	if (nskb)
		nflb_sni_output(net, nskb, p->af);
}
