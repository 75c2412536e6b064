// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN-ACK with which nflb answers a client's SYN to a service in SNI
 * mode, statelessly (Documentation/sni.rst, "Answering the handshake
 * statelessly"): its sequence number is a syncookie, and what the client's
 * SYN offered that the cookie cannot hold comes back in the timestamp.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
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
 * timestamps, so a client without them gets the MSS alone.
 */
static unsigned int nflb_synack_optlen(const struct nflb_tcp_opts *client)
{
	unsigned int len = TCPOLEN_MSS;

	if (client->ts_ok) {
		len += TCPOLEN_TSTAMP_ALIGNED;
		if (client->wscale_ok)
			len += TCPOLEN_WSCALE_ALIGNED;
	}
	return len;
}

static void nflb_synack_opts(u8 *p, const struct nflb_sni_synack *sa)
{
	const struct nflb_tcp_opts *client = sa->client;

	*p++ = TCPOPT_MSS;
	*p++ = TCPOLEN_MSS;
	put_unaligned_be16(sa->mss, p);
	p += 2;
	if (!client->ts_ok)
		return;
	if (client->sack_ok) {
		*p++ = TCPOPT_SACK_PERM;
		*p++ = TCPOLEN_SACK_PERM;
	} else {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
	}
	*p++ = TCPOPT_TIMESTAMP;
	*p++ = TCPOLEN_TIMESTAMP;
	put_unaligned_be32(sa->tsval, p);
	put_unaligned_be32(client->tsval, p + 4);
	p += 8;
	if (client->wscale_ok) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_WINDOW;
		*p++ = TCPOLEN_WINDOW;
		*p++ = sa->wscale;
	}
}

/* The TCP header answering @syn, options included, in @th. */
static void nflb_synack_tcp(struct tcphdr *th, const struct tcphdr *syn,
			    const struct nflb_sni_synack *sa,
			    unsigned int optlen)
{
	memset(th, 0, sizeof(*th));
	th->source = syn->dest;
	th->dest = syn->source;
	th->seq = htonl(sa->cookie);
	th->ack_seq = htonl(ntohl(syn->seq) + 1);
	th->doff = (sizeof(*th) + optlen) / 4;
	th->syn = 1;
	th->ack = 1;
	/* ECN only as the cookie can carry it: with timestamps. */
	th->ece = sa->client->ecn_ok && sa->client->ts_ok;
	th->window = htons(sa->window);
	nflb_synack_opts((u8 *)(th + 1), sa);
}

static struct sk_buff *nflb_synack_alloc(unsigned int len)
{
	struct sk_buff *skb;

	skb = alloc_skb(LL_MAX_HEADER + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb->protocol = 0;	/* set by the caller's family */
	return skb;
}

struct sk_buff *nflb_sni_synack_v4(const struct iphdr *iph,
				   const struct tcphdr *syn,
				   const struct nflb_sni_synack *sa, u8 ttl)
{
	unsigned int optlen = nflb_synack_optlen(sa->client);
	unsigned int tcplen = sizeof(struct tcphdr) + optlen;
	struct sk_buff *skb;
	struct iphdr *niph;
	struct tcphdr *th;

	skb = nflb_synack_alloc(sizeof(*niph) + tcplen);
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
	niph->saddr = iph->daddr;
	niph->daddr = iph->saddr;
	ip_send_check(niph);

	skb_set_transport_header(skb, sizeof(*niph));
	th = skb_put(skb, tcplen);
	nflb_synack_tcp(th, syn, sa, optlen);
	th->check = csum_tcpudp_magic(niph->saddr, niph->daddr, tcplen,
				      IPPROTO_TCP, csum_partial(th, tcplen, 0));
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_synack_v4);

struct sk_buff *nflb_sni_synack_v6(const struct ipv6hdr *ip6h,
				   const struct tcphdr *syn,
				   const struct nflb_sni_synack *sa, u8 hoplimit)
{
	unsigned int optlen = nflb_synack_optlen(sa->client);
	unsigned int tcplen = sizeof(struct tcphdr) + optlen;
	struct ipv6hdr *nip6h;
	struct sk_buff *skb;
	struct tcphdr *th;

	skb = nflb_synack_alloc(sizeof(*nip6h) + tcplen);
	if (!skb)
		return NULL;
	skb->protocol = htons(ETH_P_IPV6);
	skb_reset_network_header(skb);
	nip6h = skb_put_zero(skb, sizeof(*nip6h));
	ip6_flow_hdr(nip6h, 0, 0);
	nip6h->payload_len = htons(tcplen);
	nip6h->nexthdr = IPPROTO_TCP;
	nip6h->hop_limit = hoplimit;
	nip6h->saddr = ip6h->daddr;
	nip6h->daddr = ip6h->saddr;

	skb_set_transport_header(skb, sizeof(*nip6h));
	th = skb_put(skb, tcplen);
	nflb_synack_tcp(th, syn, sa, optlen);
	th->check = csum_ipv6_magic(&nip6h->saddr, &nip6h->daddr, tcplen,
				    IPPROTO_TCP, csum_partial(th, tcplen, 0));
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_synack_v6);
