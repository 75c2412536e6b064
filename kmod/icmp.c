// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors about NAT flows.  The packet an error quotes was translated
 * by nflb, so the host it goes to would not recognise it:
 *
 *  - an error about a packet sent to a real server (quoted: client -> real
 *    server) travels to the client: the quoted destination becomes the VIP
 *    again, so PMTU discovery works through the balancer;
 *  - an error about a reply (quoted: VIP -> client) is addressed to the VIP:
 *    it is sent on to the real server, quoting what the server sent (for a
 *    bound SNI flow, the server's own sequence number).
 *
 * An error the real server itself sends (a UDP port unreachable, say)
 * leaves with the VIP as its source: no real server's address reaches a
 * client.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <linux/nflb.h>

#include "conn.h"
#include "icmp.h"
#include "netns.h"
#include "xmit.h"

/* The quoted packet of an ICMP error. */
struct nflb_quoted {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	unsigned int nhoff;		/* its network header */
	unsigned int thoff;		/* its ports */
	__be16 sport;
	__be16 dport;
	u8 proto;
};

static bool nflb_icmp_is_err(const struct sk_buff *skb,
			     const struct nflb_pkt *p)
{
	u8 _type, *type = skb_header_pointer(skb, p->thoff, 1, &_type);

	if (!type)
		return false;
	if (p->af == AF_INET)
		return icmp_is_err(*type);
	return *type < 128;	/* ICMPv6 errors */
}

static int nflb_quoted_parse(struct sk_buff *skb, const struct nflb_pkt *p,
			     struct nflb_quoted *q)
{
	__be16 _ports[2];
	const __be16 *ports;

	memset(q, 0, sizeof(*q));
	q->nhoff = p->thoff + 8;	/* ICMP and ICMPv6 headers alike */
	if (p->af == AF_INET) {
		struct iphdr _iph;
		const struct iphdr *iph;

		iph = skb_header_pointer(skb, q->nhoff, sizeof(_iph), &_iph);
		if (!iph || iph->ihl < 5 || (iph->frag_off & htons(IP_OFFSET)))
			return -EINVAL;
		q->saddr.ip = iph->saddr;
		q->daddr.ip = iph->daddr;
		q->proto = iph->protocol;
		q->thoff = q->nhoff + iph->ihl * 4;
	} else {
		struct ipv6hdr _ip6h;
		const struct ipv6hdr *ip6h;
		__be16 frag_off = 0;
		u8 nexthdr;
		int off;

		ip6h = skb_header_pointer(skb, q->nhoff, sizeof(_ip6h), &_ip6h);
		if (!ip6h)
			return -EINVAL;
		q->saddr.in6 = ip6h->saddr;
		q->daddr.in6 = ip6h->daddr;
		nexthdr = ip6h->nexthdr;
		off = ipv6_skip_exthdr(skb, q->nhoff + sizeof(*ip6h), &nexthdr,
				       &frag_off);
		if (off < 0 || (frag_off & htons(IP6_OFFSET)))
			return -EINVAL;
		q->proto = nexthdr;
		q->thoff = off;
	}
	if (q->proto != IPPROTO_TCP && q->proto != IPPROTO_UDP)
		return -EINVAL;
	ports = skb_header_pointer(skb, q->thoff, sizeof(_ports), _ports);
	if (!ports)
		return -EINVAL;
	q->sport = ports[0];
	q->dport = ports[1];
	return 0;
}

/* Rewrite an address and port of the quoted packet. */
static void nflb_quoted_set(struct sk_buff *skb, u8 af,
			    const struct nflb_quoted *q, bool src,
			    const union nf_inet_addr *addr, __be16 port)
{
	__be16 *ports = (__be16 *)(skb->data + q->thoff);

	ports[src ? 0 : 1] = port;
	if (af == AF_INET) {
		struct iphdr *iph = (struct iphdr *)(skb->data + q->nhoff);
		__be32 *ap = src ? &iph->saddr : &iph->daddr;

		csum_replace4(&iph->check, *ap, addr->ip);
		*ap = addr->ip;
	} else {
		struct ipv6hdr *ip6h = (struct ipv6hdr *)(skb->data + q->nhoff);

		if (src)
			ip6h->saddr = addr->in6;
		else
			ip6h->daddr = addr->in6;
	}
}

/* The outer destination (errors sent on to the real server) or source. */
static void nflb_outer_set(struct sk_buff *skb, u8 af, bool src,
			   const union nf_inet_addr *addr)
{
	if (af == AF_INET) {
		struct iphdr *iph = ip_hdr(skb);
		__be32 *ap = src ? &iph->saddr : &iph->daddr;

		csum_replace4(&iph->check, *ap, addr->ip);
		*ap = addr->ip;
	} else if (src) {
		ipv6_hdr(skb)->saddr = addr->in6;
	} else {
		ipv6_hdr(skb)->daddr = addr->in6;
	}
}

/* A bound SNI flow's quoted reply: back to the server's sequence space. */
static void nflb_quoted_sni_seq(struct sk_buff *skb, const struct nflb_quoted *q,
				const struct nflb_conn *cp)
{
	__be32 *seq = (__be32 *)(skb->data + q->thoff + 4);

	*seq = htonl(ntohl(*seq) + cp->sni_seq_delta);
}

static void nflb_icmp_csum(struct sk_buff *skb, const struct nflb_pkt *p)
{
	unsigned int len = skb->len - p->thoff;
	__wsum csum;

	if (p->af == AF_INET) {
		struct icmphdr *ih = (struct icmphdr *)(skb->data + p->thoff);

		ih->checksum = 0;
		ih->checksum = csum_fold(skb_checksum(skb, p->thoff, len, 0));
	} else {
		struct icmp6hdr *ih = (struct icmp6hdr *)(skb->data + p->thoff);
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ih->icmp6_cksum = 0;
		csum = skb_checksum(skb, p->thoff, len, 0);
		ih->icmp6_cksum = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr,
						  len, IPPROTO_ICMPV6, csum);
	}
	skb->ip_summed = CHECKSUM_NONE;
}

unsigned int nflb_icmp(struct nflb_net *nn, struct sk_buff *skb,
		       const struct nflb_pkt *p)
{
	struct nflb_quoted q;
	struct nflb_flow flow;
	struct nflb_conn *cp;

	if (!nflb_icmp_is_err(skb, p) || nflb_quoted_parse(skb, p, &q))
		return NF_ACCEPT;

	/* about a packet sent to a real server: client -> real server */
	cp = nflb_conn_lookup_reply(nn, p->af, q.proto, &q.daddr, q.dport,
				    &q.saddr, q.sport);
	if (cp && nflb_conn_alive(cp)) {
		bool from_rs = nf_inet_addr_cmp(&p->saddr, &cp->daddr);

		/* from the real server: routed as it sent it (martians) */
		if (from_rs && nflb_route_reply(skb, p->af))
			return NF_DROP;
		if (skb_ensure_writable(skb, q.thoff + 4))
			return NF_DROP;
		nflb_quoted_set(skb, p->af, &q, false, &cp->vaddr, cp->vport);
		if (from_rs)
			nflb_outer_set(skb, p->af, true, &cp->vaddr);
		nflb_icmp_csum(skb, p);
		return NF_ACCEPT;
	}

	/* about a reply (VIP -> client), addressed to the VIP */
	memset(&flow, 0, sizeof(flow));
	flow.af = p->af;
	flow.proto = q.proto;
	flow.caddr = q.daddr;
	flow.cport = q.dport;
	flow.vaddr = q.saddr;
	flow.vport = q.sport;
	cp = nflb_conn_lookup_in(nn, &flow);
	if (cp && nflb_conn_alive(cp) && cp->fwd == NFLB_FWD_NAT &&
	    nf_inet_addr_cmp(&p->daddr, &cp->vaddr)) {
		bool sni = false;

		if (q.proto == IPPROTO_TCP) {
			/* pairs with the release in nflb_sni_bind() */
			sni = smp_load_acquire(&cp->flags) & NFLB_CONN_F_BOUND;
		}
		if (skb_ensure_writable(skb, q.thoff + (sni ? 8 : 4)))
			return NF_DROP;
		nflb_quoted_set(skb, p->af, &q, true, &cp->daddr, cp->dport);
		if (sni)
			nflb_quoted_sni_seq(skb, &q, cp);
		nflb_outer_set(skb, p->af, false, &cp->daddr);
		nflb_icmp_csum(skb, p);
	}
	return NF_ACCEPT;
}
