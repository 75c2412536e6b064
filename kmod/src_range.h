/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A service's source ranges (NFLB_SVC_A_SOURCE_RANGES): the client
 * prefixes it takes new flows from.  One allocation per list, replaced
 * whole under nn->lock and read under RCU on the packet path, which looks
 * at it only for a packet without a connection entry
 * (Documentation/datapath.rst, "Source ranges").
 */
#ifndef _NFLB_SRC_RANGE_H
#define _NFLB_SRC_RANGE_H

#include <linux/inetdevice.h>
#include <linux/netfilter.h>
#include <linux/rcupdate.h>
#include <net/ipv6.h>

/* An address of the service's family, no bit set past @len. */
struct nflb_prefix {
	union nf_inet_addr addr;
	u8 len;
};

/* Never empty: a service without a list has a NULL pointer. */
struct nflb_src_ranges {
	struct rcu_head rcu;
	u32 n;				/* 1..NFLB_MAX_SOURCE_RANGES */
	struct nflb_prefix p[];
};

static inline bool nflb_prefix_match(u8 af, const struct nflb_prefix *p,
				     const union nf_inet_addr *a)
{
	if (af == AF_INET)
		return !((a->ip ^ p->addr.ip) & inet_make_mask(p->len));
	return ipv6_prefix_equal(&a->in6, &p->addr.in6, p->len);
}

/* Is @caddr in one of @r's prefixes?  Linear: at most 64 of them. */
static inline bool nflb_src_allowed(const struct nflb_src_ranges *r, u8 af,
				    const union nf_inet_addr *caddr)
{
	u32 i;

	for (i = 0; i < r->n; i++)
		if (nflb_prefix_match(af, &r->p[i], caddr))
			return true;
	return false;
}

#endif /* _NFLB_SRC_RANGE_H */
