/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counting filters of the addresses a namespace balances for: its
 * services' VIPs and its real servers.  A TCP or UDP packet whose
 * destination is no VIP and whose source is no real server has nothing to
 * do with nflb, and the hooks let it go after one array read instead of
 * parsing it and looking it up in three tables (Documentation/
 * datapath.rst, "Traffic not for a VIP").  A slot counts the addresses
 * hashed to it: a collision only sends a packet the long way.
 */
#ifndef _NFLB_ADDR_FILTER_H
#define _NFLB_ADDR_FILTER_H

#include <linux/hash.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>

#define NFLB_ADDR_FILTER_BITS	10

struct nflb_addr_filter {
	u32 count[1 << NFLB_ADDR_FILTER_BITS];
};

static inline u32 nflb_addr_filter_slot(u8 af, const __be32 *a)
{
	u32 h = (__force u32)a[0];

	if (af == AF_INET6)
		h ^= (__force u32)(a[1] ^ a[2] ^ a[3]);
	return hash_32(h, NFLB_ADDR_FILTER_BITS);
}

/* Under nn->lock. */
static inline void nflb_addr_filter_add(struct nflb_addr_filter *f, u8 af,
					const union nf_inet_addr *addr, int n)
{
	u32 *c;

	if (!f)
		return;
	c = &f->count[nflb_addr_filter_slot(af, addr->ip6)];
	WRITE_ONCE(*c, *c + n);
}

/*
 * The packet may concern nflb: not TCP or UDP (ICMP errors quote the
 * flow; other protocols are looked at in full), or its destination (@dst)
 * or source address is counted in @f.  The network header is in the
 * linear area in PRE_ROUTING, LOCAL_OUT and FORWARD.
 */
static inline bool nflb_addr_filter_maybe(const struct nflb_addr_filter *f,
					  const struct sk_buff *skb, u8 af,
					  bool dst)
{
	const __be32 *a;

	if (!f)
		return true;
	if (af == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_TCP && iph->protocol != IPPROTO_UDP)
			return true;
		a = dst ? &iph->daddr : &iph->saddr;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		if (ip6h->nexthdr != IPPROTO_TCP && ip6h->nexthdr != IPPROTO_UDP)
			return true;
		a = dst ? ip6h->daddr.s6_addr32 : ip6h->saddr.s6_addr32;
	}
	return READ_ONCE(f->count[nflb_addr_filter_slot(af, a)]);
}

#endif /* _NFLB_ADDR_FILTER_H */
