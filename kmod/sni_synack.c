// SPDX-License-Identifier: GPL-2.0
/*
 * The segments nflb sends on its own in SNI routing (Documentation/sni.rst):
 * the SYN-ACK answering a client's SYN statelessly (its sequence number a
 * syncookie, what the client's SYN offered that the cookie cannot hold in
 * the timestamp), the SYN to the real server with the client's options,
 * and the RST of a refused client.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "compat.h"
#include "sni_tcp.h"

/*
 * Options, in the order and alignment Linux sends them: MSS; with
 * timestamps, SACK-permitted in the timestamp's two leading NOPs; window
 * scale after a NOP.  The cookie carries SACK and window scale only with
 * timestamps, so a client without them gets the MSS alone, and so does
 * the real server's SYN made from the cookie.
 */
static unsigned int nflb_seg_optlen(const struct nflb_tcp_opts *o)
{
	unsigned int len;

	if (!o)
		return 0;
	len = TCPOLEN_MSS;
	if (o->ts_ok) {
		len += TCPOLEN_TSTAMP_ALIGNED;
		if (o->wscale_ok)
			len += TCPOLEN_WSCALE_ALIGNED;
	}
	return len;
}

static void nflb_seg_opts(u8 *p, const struct nflb_tcp_opts *o)
{
	*p++ = TCPOPT_MSS;
	*p++ = TCPOLEN_MSS;
	put_unaligned_be16(o->mss, p);
	p += 2;
	if (!o->ts_ok)
		return;
	if (o->sack_ok) {
		*p++ = TCPOPT_SACK_PERM;
		*p++ = TCPOLEN_SACK_PERM;
	} else {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
	}
	*p++ = TCPOPT_TIMESTAMP;
	*p++ = TCPOLEN_TIMESTAMP;
	put_unaligned_be32(o->tsval, p);
	put_unaligned_be32(o->tsecr, p + 4);
	p += 8;
	if (o->wscale_ok) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_WINDOW;
		*p++ = TCPOLEN_WINDOW;
		*p++ = o->wscale;
	}
}

/* The TCP header of @seg, options included, in @th; no checksum. */
static void nflb_seg_tcp(struct tcphdr *th, const struct nflb_sni_seg *seg,
			 unsigned int optlen)
{
	memset(th, 0, sizeof(*th));
	th->source = seg->sport;
	th->dest = seg->dport;
	th->seq = htonl(seg->seq);
	th->ack_seq = htonl(seg->ack_seq);
	th->doff = (sizeof(*th) + optlen) / 4;
	tcp_flag_byte(th) = seg->flags;
	th->window = htons(seg->window);
	if (seg->opts)
		nflb_seg_opts((u8 *)(th + 1), seg->opts);
}

static struct sk_buff *nflb_seg_alloc(unsigned int len)
{
	struct sk_buff *skb;

	skb = alloc_skb(LL_MAX_HEADER + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	return skb;
}

struct sk_buff *nflb_sni_seg_v4(const struct nflb_sni_seg *seg, u8 ttl)
{
	unsigned int optlen = nflb_seg_optlen(seg->opts);
	unsigned int tcplen = sizeof(struct tcphdr) + optlen;
	struct sk_buff *skb;
	struct iphdr *niph;
	struct tcphdr *th;

	skb = nflb_seg_alloc(sizeof(*niph) + tcplen);
	if (!skb)
		return NULL;
	skb->protocol = htons(ETH_P_IP);
	skb_reset_network_header(skb);
	niph = skb_put_zero(skb, sizeof(*niph));
	niph->version = 4;
	niph->ihl = sizeof(*niph) / 4;
	niph->tot_len = htons(sizeof(*niph) + tcplen);
	niph->frag_off = htons(IP_DF);
	niph->ttl = ttl;
	niph->protocol = IPPROTO_TCP;
	niph->saddr = seg->saddr->ip;
	niph->daddr = seg->daddr->ip;
	ip_send_check(niph);

	skb_set_transport_header(skb, sizeof(*niph));
	th = skb_put(skb, tcplen);
	nflb_seg_tcp(th, seg, optlen);
	th->check = csum_tcpudp_magic(niph->saddr, niph->daddr, tcplen,
				      IPPROTO_TCP, csum_partial(th, tcplen, 0));
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_seg_v4);

struct sk_buff *nflb_sni_seg_v6(const struct nflb_sni_seg *seg, u8 hoplimit)
{
	unsigned int optlen = nflb_seg_optlen(seg->opts);
	unsigned int tcplen = sizeof(struct tcphdr) + optlen;
	struct ipv6hdr *nip6h;
	struct sk_buff *skb;
	struct tcphdr *th;

	skb = nflb_seg_alloc(sizeof(*nip6h) + tcplen);
	if (!skb)
		return NULL;
	skb->protocol = htons(ETH_P_IPV6);
	skb_reset_network_header(skb);
	nip6h = skb_put_zero(skb, sizeof(*nip6h));
	ip6_flow_hdr(nip6h, 0, 0);
	nip6h->payload_len = htons(tcplen);
	nip6h->nexthdr = IPPROTO_TCP;
	nip6h->hop_limit = hoplimit;
	nip6h->saddr = seg->saddr->in6;
	nip6h->daddr = seg->daddr->in6;

	skb_set_transport_header(skb, sizeof(*nip6h));
	th = skb_put(skb, tcplen);
	nflb_seg_tcp(th, seg, optlen);
	th->check = csum_ipv6_magic(&nip6h->saddr, &nip6h->daddr, tcplen,
				    IPPROTO_TCP, csum_partial(th, tcplen, 0));
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_seg_v6);

/*
 * The SYN-ACK answering @syn: our options are the client's as the cookie
 * carries them, with our MSS, TSval and window scale, its TSval echoed.
 */
static void nflb_synack_seg(const struct tcphdr *syn,
			    const struct nflb_sni_synack *sa,
			    struct nflb_tcp_opts *o, struct nflb_sni_seg *seg)
{
	const struct nflb_tcp_opts *client = sa->client;

	memset(o, 0, sizeof(*o));
	o->mss = sa->mss;
	o->ts_ok = client->ts_ok;
	o->sack_ok = client->sack_ok;
	o->wscale_ok = client->wscale_ok;
	o->wscale = sa->wscale;
	o->tsval = sa->tsval;
	o->tsecr = client->tsval;
	seg->sport = syn->dest;
	seg->dport = syn->source;
	seg->seq = sa->cookie;
	seg->ack_seq = ntohl(syn->seq) + 1;
	seg->flags = TCPHDR_SYN | TCPHDR_ACK;
	/* ECN only as the cookie can carry it: with timestamps. */
	if (client->ecn_ok && client->ts_ok)
		seg->flags |= TCPHDR_ECE;
	seg->window = sa->window;
	seg->opts = o;
}

struct sk_buff *nflb_sni_synack_v4(const struct iphdr *iph,
				   const struct tcphdr *syn,
				   const struct nflb_sni_synack *sa, u8 ttl)
{
	union nf_inet_addr saddr = { .ip = iph->daddr };
	union nf_inet_addr daddr = { .ip = iph->saddr };
	struct nflb_sni_seg seg = { .saddr = &saddr, .daddr = &daddr };
	struct nflb_tcp_opts o;

	nflb_synack_seg(syn, sa, &o, &seg);
	return nflb_sni_seg_v4(&seg, ttl);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_synack_v4);

struct sk_buff *nflb_sni_synack_v6(const struct ipv6hdr *ip6h,
				   const struct tcphdr *syn,
				   const struct nflb_sni_synack *sa, u8 hoplimit)
{
	union nf_inet_addr saddr = { .in6 = ip6h->daddr };
	union nf_inet_addr daddr = { .in6 = ip6h->saddr };
	struct nflb_sni_seg seg = { .saddr = &saddr, .daddr = &daddr };
	struct nflb_tcp_opts o;

	nflb_synack_seg(syn, sa, &o, &seg);
	return nflb_sni_seg_v6(&seg, hoplimit);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_synack_v6);
