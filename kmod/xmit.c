// SPDX-License-Identifier: GPL-2.0
/*
 * The three forwarding methods: NAT (rewrite, then the stack routes),
 * direct routing and IP-in-IP (route to the real server and send with
 * dst_output()).  See Documentation/datapath.rst.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/checksum.h>
#include <net/dst.h>
#include <net/dst_metadata.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <linux/nflb.h>

#include "compat.h"
#include "conn.h"
#include "netns.h"
#include "service.h"
#include "xmit.h"

/*
 * Replace one address and port of the transport header, fixing its
 * checksum incrementally (right for CHECKSUM_PARTIAL and GSO packets too).
 */
static int nflb_mangle(struct sk_buff *skb, const struct nflb_pkt *p, bool dst,
		       const union nf_inet_addr *naddr, __be16 nport)
{
	unsigned int hlen = p->proto == IPPROTO_TCP ? sizeof(struct tcphdr) :
						      sizeof(struct udphdr);
	const union nf_inet_addr *oaddr = dst ? &p->daddr : &p->saddr;
	__be16 *portp;
	__sum16 *csum;

	if (skb_ensure_writable(skb, p->thoff + hlen))
		return -ENOMEM;
	if (p->proto == IPPROTO_TCP) {
		struct tcphdr *th = (struct tcphdr *)(skb->data + p->thoff);

		csum = &th->check;
		portp = dst ? &th->dest : &th->source;
	} else {
		struct udphdr *uh = (struct udphdr *)(skb->data + p->thoff);

		csum = &uh->check;
		portp = dst ? &uh->dest : &uh->source;
		/* IPv4 UDP may go without a checksum */
		if (p->af == AF_INET && !uh->check &&
		    skb->ip_summed != CHECKSUM_PARTIAL)
			csum = NULL;
	}

	if (csum) {
		if (p->af == AF_INET)
			inet_proto_csum_replace4(csum, skb, oaddr->ip,
						 naddr->ip, true);
		else
			inet_proto_csum_replace16(csum, skb, oaddr->ip6,
						  naddr->ip6, true);
		inet_proto_csum_replace2(csum, skb, *portp, nport, false);
		if (p->proto == IPPROTO_UDP && !*csum)
			*csum = CSUM_MANGLED_0;
	}
	*portp = nport;

	if (p->af == AF_INET) {
		struct iphdr *iph = ip_hdr(skb);
		__be32 *ap = dst ? &iph->daddr : &iph->saddr;

		csum_replace4(&iph->check, *ap, naddr->ip);
		*ap = naddr->ip;
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		if (dst)
			ip6h->daddr = naddr->in6;
		else
			ip6h->saddr = naddr->in6;
	}
	return 0;
}

int nflb_nat_in(struct sk_buff *skb, const struct nflb_pkt *p,
		const struct nflb_conn *cp)
{
	return nflb_mangle(skb, p, true, &cp->daddr, cp->dport);
}

int nflb_nat_out(struct sk_buff *skb, const struct nflb_pkt *p,
		 const struct nflb_conn *cp)
{
	return nflb_mangle(skb, p, false, &cp->vaddr, cp->vport);
}

/*
 * A NAT reply leaves with the VIP as its source.  Routed after that, as
 * ip_rcv_finish() would do it, an IPv4 VIP that is an address of the
 * balancer (on lo, as IPVS and keepalived want it) makes the reply a
 * martian (fib_validate_source()) and it is dropped.  So the reply is
 * routed here first, as the real server sent it: the source checked is
 * the real server's, the same as when IPVS translates in FORWARD.  No
 * redirect is sent for it (a one-armed balancer would tell the real
 * server to bypass it); the stack then keeps the route.  IPv6 has no
 * martian rule, but is routed first too, for the next step.
 */
static int nflb_route_reply_in(struct sk_buff *skb, u8 af)
{
	if (skb_valid_dst(skb) || !skb->dev)
		return 0;
	if (af == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);
		int err;

		err = ip_route_input_noref(skb, iph->daddr, iph->saddr,
					   iph->tos, skb->dev);
		if (err)
			return err;
		IPCB(skb)->flags &= ~IPSKB_DOREDIRECT;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 fl6 = {
			.flowi6_iif = skb->dev->ifindex,
			.daddr = ip6h->daddr,
			.saddr = ip6h->saddr,
			.flowlabel = ip6_flowinfo(ip6h),
			.flowi6_mark = skb->mark,
			.flowi6_proto = ip6h->nexthdr,
		};
		struct dst_entry *dst;

		dst = ip6_route_input_lookup(dev_net(skb->dev), skb->dev, &fl6,
					     skb, RT6_LOOKUP_F_HAS_SADDR);
		if (dst->error) {
			int err = dst->error;

			dst_release(dst);
			return err;
		}
		skb_dst_set(skb, dst);
	}
	return 0;
}

/*
 * Too big for the way on to the client: the real server hears it in its
 * own terms, before the translation.  (Translated first, the stack would
 * tell the VIP, and nobody would listen: PMTU discovery would hang.)
 */
static bool nflb_reply_too_big(struct sk_buff *skb, u8 af)
{
	struct dst_entry *dst = skb_dst(skb);
	unsigned int mtu;

	if (!dst || (dst->dev->flags & IFF_LOOPBACK))
		return false;
	mtu = dst_mtu(dst);
	if (skb->len <= mtu || skb->ignore_df ||
	    (skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu)))
		return false;
	if (af == AF_INET) {
		if (!(ip_hdr(skb)->frag_off & htons(IP_DF)))
			return false;
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
	} else {
		icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	}
	return true;
}

int nflb_route_reply(struct sk_buff *skb, u8 af)
{
	int err = nflb_route_reply_in(skb, af);

	if (err)
		return err;
	return nflb_reply_too_big(skb, af) ? -EMSGSIZE : 0;
}

int nflb_reroute(struct net *net, struct sk_buff *skb, u8 af)
{
	if (af == AF_INET)
		return ip_route_me_harder(net, skb->sk, skb, RTN_UNSPEC);
	return nf_ip6_route_me_harder(net, skb->sk, skb);
}

/*
 * A route to the real server that does not loop back to us.  For DR the
 * packet keeps the VIP as its destination, so the route must name the real
 * server as the next hop (FLOWI_FLAG_KNOWN_NH, as IPVS does).  Routes are
 * kept per real server and CPU (dst_cache), so most packets skip the FIB;
 * the cache checks each route is still valid before handing it out.
 */
static struct dst_entry *nflb_route(struct net *net, const struct nflb_conn *cp,
				    __be32 *saddr4, struct in6_addr *saddr6)
{
	struct dst_cache *cache = &cp->dest->dst_cache;
	struct dst_entry *dst;

	/* a device goes: the caches are being emptied (netns.c) */
	if (unlikely(READ_ONCE(nflb_net(net)->routes_uncached)))
		cache = NULL;

	if (cp->af == AF_INET) {
		struct flowi4 fl4 = {
			.daddr = cp->daddr.ip,
			.flowi4_flags = FLOWI_FLAG_KNOWN_NH,
		};
		struct rtable *rt = cache ? dst_cache_get_ip4(cache, saddr4) :
				    NULL;

		if (rt)
			return &rt->dst;
		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return NULL;
		if (rt->rt_flags & RTCF_LOCAL) {
			ip_rt_put(rt);
			return NULL;
		}
		*saddr4 = fl4.saddr;
		if (cache)
			dst_cache_set_ip4(cache, &rt->dst, fl4.saddr);
		return &rt->dst;
	}

	{
		struct flowi6 fl6 = {
			.daddr = cp->daddr.in6,
			.flowi6_flags = FLOWI_FLAG_KNOWN_NH,
		};
		struct in6_addr saddr;

		dst = cache ? dst_cache_get_ip6(cache, &saddr) : NULL;
		if (dst)
			goto out6;
		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error || (dst->dev->flags & IFF_LOOPBACK)) {
			dst_release(dst);
			return NULL;
		}
		if (ipv6_dev_get_saddr(net, dst->dev, &fl6.daddr, 0, &saddr)) {
			dst_release(dst);
			return NULL;
		}
		if (cache)
			dst_cache_set_ip6(cache, dst, &saddr);
out6:
		if (saddr6)
			*saddr6 = saddr;
		return dst;
	}
}

static void nflb_set_dst(struct sk_buff *skb, struct dst_entry *dst)
{
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	/* a packet received with a full checksum is sent on unchanged */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	nf_reset_ct(skb);
	skb->mark = 0;
}

unsigned int nflb_xmit_dr(struct net *net, struct sk_buff *skb,
			  const struct nflb_conn *cp)
{
	struct in6_addr saddr6;
	struct dst_entry *dst;
	__be32 saddr4;

	dst = nflb_route(net, cp, &saddr4, cp->af == AF_INET6 ? &saddr6 : NULL);
	if (!dst)
		return NF_DROP;
	nflb_set_dst(skb, dst);
	if (cp->af == AF_INET)
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	else
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	dst_output(net, skb->sk, skb);
	return NF_STOLEN;
}

/* Does the packet, @overhead bytes bigger, fit @mtu? */
static bool nflb_fits(const struct sk_buff *skb, unsigned int mtu,
		      unsigned int overhead)
{
	if (mtu <= overhead)
		return false;
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, mtu - overhead);
	return skb->len <= mtu - overhead;
}

static unsigned int nflb_xmit_tun4(struct net *net, struct sk_buff *skb,
				   const struct nflb_conn *cp)
{
	const struct iphdr *old = ip_hdr(skb);
	__be16 df = old->frag_off & htons(IP_DF);
	u8 tos = old->tos, ttl = old->ttl;
	struct dst_entry *dst;
	struct iphdr *iph;
	unsigned int mtu;
	__be32 saddr;

	dst = nflb_route(net, cp, &saddr, NULL);
	if (!dst)
		return NF_DROP;
	mtu = dst_mtu(dst);
	if (df && !nflb_fits(skb, mtu, sizeof(struct iphdr))) {
		/* icmp_send() needs a route on the packet for its source */
		nflb_set_dst(skb, dst);
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
			  htonl(mtu - sizeof(struct iphdr)));
		return NF_DROP;
	}
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + sizeof(*iph)) ||
	    iptunnel_handle_offloads(skb, SKB_GSO_IPXIP4)) {
		dst_release(dst);
		return NF_DROP;
	}
	/* what the segmentation and the devices' offloads read (ipip.c) */
	skb_set_inner_ipproto(skb, IPPROTO_IPIP);
	nflb_set_dst(skb, dst);
	skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = tos;
	/* BIG TCP (6.3+): 0 above 64 KiB, as __ip_local_out() writes it */
	iph->tot_len = skb->len <= IP_MAX_MTU ? htons(skb->len) : 0;
	iph->frag_off = df;
	iph->ttl = ttl;
	iph->protocol = IPPROTO_IPIP;
	iph->saddr = saddr;
	iph->daddr = cp->daddr.ip;
	ip_select_ident(net, skb, NULL);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
	dst_output(net, skb->sk, skb);
	return NF_STOLEN;
}

static unsigned int nflb_xmit_tun6(struct net *net, struct sk_buff *skb,
				   const struct nflb_conn *cp)
{
	const struct ipv6hdr *old = ipv6_hdr(skb);
	u8 hop_limit = old->hop_limit;
	__be32 flowlabel = ip6_flowlabel(old);
	u8 tclass = ipv6_get_dsfield(old);
	struct ipv6hdr *ip6h;
	struct dst_entry *dst;
	struct in6_addr saddr;
	unsigned int mtu;

	dst = nflb_route(net, cp, NULL, &saddr);
	if (!dst)
		return NF_DROP;
	mtu = dst_mtu(dst);
	if (!nflb_fits(skb, mtu, sizeof(struct ipv6hdr))) {
		/*
		 * The client may not go below IPv6's minimum MTU: then the
		 * outer packet is fragmented instead (RFC 2473 7.1).
		 */
		if (mtu < IPV6_MIN_MTU + sizeof(struct ipv6hdr)) {
			skb->ignore_df = 1;
		} else {
			nflb_set_dst(skb, dst);
			if (skb->dev)
				icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0,
					    mtu - sizeof(struct ipv6hdr));
			return NF_DROP;
		}
	}
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + sizeof(*ip6h)) ||
	    iptunnel_handle_offloads(skb, SKB_GSO_IPXIP6)) {
		dst_release(dst);
		return NF_DROP;
	}
	skb_set_inner_ipproto(skb, IPPROTO_IPV6);
	nflb_set_dst(skb, dst);
	skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, tclass, flowlabel);
	/* BIG TCP: 0 above 64 KiB, as __ip6_local_out() writes it */
	ip6h->payload_len = skb->len - sizeof(*ip6h) <= IPV6_MAXPLEN ?
			    htons(skb->len - sizeof(*ip6h)) : 0;
	ip6h->nexthdr = IPPROTO_IPV6;
	ip6h->hop_limit = hop_limit;
	ip6h->saddr = saddr;
	ip6h->daddr = cp->daddr.in6;
	skb->protocol = htons(ETH_P_IPV6);
	dst_output(net, skb->sk, skb);
	return NF_STOLEN;
}

unsigned int nflb_xmit_tun(struct net *net, struct sk_buff *skb,
			   const struct nflb_conn *cp)
{
	if (cp->af == AF_INET)
		return nflb_xmit_tun4(net, skb, cp);
	return nflb_xmit_tun6(net, skb, cp);
}
