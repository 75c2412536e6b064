// SPDX-License-Identifier: GPL-2.0
/*
 * Packet parsing: the addresses, protocol, ports and TCP flags the data
 * path looks at, read with skb_header_pointer() (Documentation/datapath.rst,
 * "Packet walk", step 1).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "pkt.h"

static int nflb_parse_l4(struct sk_buff *skb, struct nflb_pkt *p)
{
	if (p->proto == IPPROTO_TCP) {
		struct tcphdr _th;
		const struct tcphdr *th;

		th = skb_header_pointer(skb, p->thoff, sizeof(_th), &_th);
		if (!th)
			return -EINVAL;
		p->sport = th->source;
		p->dport = th->dest;
		p->tcpflags = (th->syn ? NFLB_TCP_SYN : 0) |
			      (th->ack ? NFLB_TCP_ACK : 0) |
			      (th->fin ? NFLB_TCP_FIN : 0) |
			      (th->rst ? NFLB_TCP_RST : 0);
		return 0;
	}
	if (p->proto == IPPROTO_UDP) {
		struct udphdr _uh;
		const struct udphdr *uh;

		uh = skb_header_pointer(skb, p->thoff, sizeof(_uh), &_uh);
		if (!uh)
			return -EINVAL;
		p->sport = uh->source;
		p->dport = uh->dest;
		p->tcpflags = 0;
		return 0;
	}
	/* ICMP errors are looked at by the caller */
	p->sport = 0;
	p->dport = 0;
	return 0;
}

/*
 * Fill @p from the network header.  0: TCP, UDP or ICMP(v6), not a
 * fragment; -ENOENT: not something nflb looks at.
 */
int nflb_parse(struct sk_buff *skb, u8 af, struct nflb_pkt *p)
{
	memset(&p->saddr, 0, sizeof(p->saddr));
	memset(&p->daddr, 0, sizeof(p->daddr));
	p->af = af;
	if (af == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);

		if (ip_is_fragment(iph))
			return -ENOENT;
		p->saddr.ip = iph->saddr;
		p->daddr.ip = iph->daddr;
		p->proto = iph->protocol;
		p->thoff = skb_network_offset(skb) + iph->ihl * 4;
		if (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP &&
		    p->proto != IPPROTO_ICMP)
			return -ENOENT;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		__be16 frag_off = 0;
		u8 nexthdr = ip6h->nexthdr;
		int off;

		off = ipv6_skip_exthdr(skb, skb_network_offset(skb) +
				       sizeof(*ip6h), &nexthdr, &frag_off);
		if (off < 0 || frag_off)
			return -ENOENT;
		p->saddr.in6 = ip6h->saddr;
		p->daddr.in6 = ip6h->daddr;
		p->proto = nexthdr;
		p->thoff = off;
		if (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP &&
		    p->proto != IPPROTO_ICMPV6)
			return -ENOENT;
	}
	return nflb_parse_l4(skb, p) ? -ENOENT : 0;
}
