// SPDX-License-Identifier: GPL-2.0
/*
 * SNI routing in the packet path (Documentation/sni.rst, "Where the data
 * path goes in the code"): step 1, the client's SYN to a service in SNI
 * mode is answered with a syncookie SYN-ACK and nothing is kept.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/tcp.h>

#include "compat.h"
#include "netns.h"
#include "service.h"
#include "sni_path.h"
#include "sni_tcp.h"
#include "xmit.h"

#define NFLB_SNI_WSCALE		7	/* what Linux picks by default */
#define NFLB_SNI_WINDOW		16384	/* the peek limit, unscaled */

/*
 * The largest MSS the client can be sent along the way its SYN came:
 * the route's MTU (LOCAL_OUT) or the incoming device's (PRE_ROUTING).
 */
static u16 nflb_sni_mss_clamp(const struct sk_buff *skb, u8 af)
{
	unsigned int hdrs = af == AF_INET ? 40 : 60;
	unsigned int mtu = 1500;

	if (skb_dst(skb))
		mtu = dst_mtu(skb_dst(skb));
	else if (skb->dev)
		mtu = READ_ONCE(skb->dev->mtu);
	return mtu > hdrs + TCP_MIN_MSS ? min(mtu - hdrs, 65535U) : TCP_MIN_MSS;
}

static int nflb_sni_send_v4(struct net *net, struct sk_buff *nskb)
{
	const struct iphdr *iph = ip_hdr(nskb);
	struct flowi4 fl4 = {
		.daddr = iph->daddr,
		.saddr = iph->saddr,
		.flowi4_proto = IPPROTO_TCP,
		/* the VIP need not be an address of ours */
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};
	struct rtable *rt;

	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt)) {
		kfree_skb(nskb);
		return PTR_ERR(rt);
	}
	skb_dst_set(nskb, &rt->dst);
	return ip_local_out(net, NULL, nskb);
}

static int nflb_sni_send_v6(struct net *net, struct sk_buff *nskb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(nskb);
	struct flowi6 fl6 = {
		.daddr = ip6h->daddr,
		.saddr = ip6h->saddr,
		.flowi6_proto = IPPROTO_TCP,
		.flowi6_flags = FLOWI_FLAG_ANYSRC,
	};
	struct dst_entry *dst;
	int ret;

	dst = ip6_route_output(net, NULL, &fl6);
	ret = dst->error;
	if (ret) {
		dst_release(dst);
		kfree_skb(nskb);
		return ret;
	}
	skb_dst_set(nskb, dst);
	return ip6_local_out(net, NULL, nskb);
}

/* The SYN @skb (parsed as @p) gets a cookie SYN-ACK; 0 or -errno. */
static int nflb_sni_answer_syn(struct net *net, struct sk_buff *skb,
			       const struct nflb_pkt *p)
{
	struct nflb_tcp_opts client;
	struct nflb_sni_synack sa = {
		.client = &client,
		.window = NFLB_SNI_WINDOW,
		.wscale = NFLB_SNI_WSCALE,
	};
	const struct tcphdr *th;
	struct sk_buff *nskb;
	u16 mss;

	if (!pskb_may_pull(skb, p->thoff + sizeof(*th)))
		return -EINVAL;
	th = (const struct tcphdr *)(skb->data + p->thoff);
	if (th->doff * 4 < sizeof(*th) ||
	    !pskb_may_pull(skb, p->thoff + th->doff * 4))
		return -EINVAL;
	th = (const struct tcphdr *)(skb->data + p->thoff);
	nflb_tcp_opts_parse(th, &client);
	client.ecn_ok = th->ece && th->cwr;
	/* RFC 9293: without the option, 536 (IPv4) or 1220 (IPv6) */
	mss = client.mss ?: (p->af == AF_INET ? TCP_MSS_DEFAULT : IPV6_MIN_MTU - 60);
	mss = min(mss, nflb_sni_mss_clamp(skb, p->af));
	sa.tsval = nflb_sni_cookie_tsval(jiffies_to_msecs(jiffies), &client);

	if (p->af == AF_INET) {
		sa.cookie = nflb_sni_cookie_v4(ip_hdr(skb), th, &mss);
		sa.mss = mss;
		nskb = nflb_sni_synack_v4(ip_hdr(skb), th, &sa,
					  READ_ONCE(net->ipv4.sysctl_ip_default_ttl));
		return nskb ? nflb_sni_send_v4(net, nskb) : -ENOMEM;
	}
	sa.cookie = nflb_sni_cookie_v6(ipv6_hdr(skb), th, &mss);
	sa.mss = mss;
	nskb = nflb_sni_synack_v6(ipv6_hdr(skb), th, &sa,
				  READ_ONCE(net->ipv6.devconf_all->hop_limit));
	return nskb ? nflb_sni_send_v6(net, nskb) : -ENOMEM;
}

unsigned int nflb_sni_in(struct nflb_net *nn, struct sk_buff *skb,
			 const struct nflb_pkt *p, struct nflb_service *svc,
			 bool syn)
{
	if (syn) {
		nflb_sni_answer_syn(nn->net, skb, p);
		return NF_DROP;	/* answered, or the client resends */
	}
	/* Step 2 (pending entries) is not written yet: as a plain miss. */
	atomic64_inc(&nn->conns.no_conn_drops);
	return NF_DROP;
}
