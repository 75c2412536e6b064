// SPDX-License-Identifier: GPL-2.0
/*
 * TCP for SNI routing's delayed binding: options, syncookies and the
 * translation of bound connections (Documentation/sni.rst, "Answering the
 * handshake statelessly" and "Translation, both ways").
 */
#include <linux/bitops.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>

#include "compat.h"
#include "sni_tcp.h"

/*
 * The next option of the header @th (@len bytes, options included) at or
 * after offset *@pos, NOPs skipped: its offset in *@pos, its kind and
 * length in *@kind and *@olen.  False at the end of the list, or at a
 * length that cannot be or runs past the header.  Go on from *@pos +
 * *@olen.
 */
static bool nflb_tcp_opt_next(const u8 *th, unsigned int len,
			      unsigned int *pos, u8 *kind, u8 *olen)
{
	unsigned int i = *pos;

	while (i < len && th[i] == TCPOPT_NOP)
		i++;
	if (i + 1 >= len || th[i] == TCPOPT_EOL)
		return false;
	if (th[i + 1] < 2 || th[i + 1] > len - i)
		return false;
	*pos = i;
	*kind = th[i];
	*olen = th[i + 1];
	return true;
}

void nflb_tcp_opts_parse(const struct tcphdr *th, struct nflb_tcp_opts *opts)
{
	const u8 *p = (const u8 *)th;
	unsigned int i;
	u8 kind, olen;

	memset(opts, 0, sizeof(*opts));
	for (i = sizeof(*th); nflb_tcp_opt_next(p, th->doff * 4, &i, &kind, &olen);
	     i += olen) {
		switch (kind) {
		case TCPOPT_MSS:
			if (olen == TCPOLEN_MSS)
				opts->mss = get_unaligned_be16(p + i + 2);
			break;
		case TCPOPT_WINDOW:
			if (olen == TCPOLEN_WINDOW) {
				opts->wscale = min_t(u8, p[i + 2], TCP_MAX_WSCALE);
				opts->wscale_ok = true;
			}
			break;
		case TCPOPT_SACK_PERM:
			if (olen == TCPOLEN_SACK_PERM)
				opts->sack_ok = true;
			break;
		case TCPOPT_TIMESTAMP:
			if (olen == TCPOLEN_TIMESTAMP) {
				opts->ts_ok = true;
				opts->tsval = get_unaligned_be32(p + i + 2);
				opts->tsecr = get_unaligned_be32(p + i + 6);
			}
			break;
		}
	}
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_tcp_opts_parse);

u32 nflb_sni_cookie_v4(const struct iphdr *iph, const struct tcphdr *syn,
		       u16 *mss)
{
	return __cookie_v4_init_sequence(iph, syn, mss);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_cookie_v4);

u32 nflb_sni_cookie_v6(const struct ipv6hdr *ip6h, const struct tcphdr *syn,
		       u16 *mss)
{
	return __cookie_v6_init_sequence(ip6h, syn, mss);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_cookie_v6);

/* 6.8 dropped the cookie argument: the functions take it from ack_seq. */
u16 nflb_sni_cookie_check_v4(const struct iphdr *iph, const struct tcphdr *ack)
{
#ifdef NFLB_HAVE_COOKIE_CHECK_ACK
	return __cookie_v4_check(iph, ack);
#else
	return __cookie_v4_check(iph, ack, ntohl(ack->ack_seq) - 1);
#endif
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_cookie_check_v4);

u16 nflb_sni_cookie_check_v6(const struct ipv6hdr *ip6h,
			     const struct tcphdr *ack)
{
#ifdef NFLB_HAVE_COOKIE_CHECK_ACK
	return __cookie_v6_check(ip6h, ack);
#else
	return __cookie_v6_check(ip6h, ack, ntohl(ack->ack_seq) - 1);
#endif
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_cookie_check_v6);

/* The low bits of the SYN-ACK's TSval: the client's options. */
#define NFLB_TS_BITS		6
#define NFLB_TS_MASK		(BIT(NFLB_TS_BITS) - 1)
#define NFLB_TS_WSCALE		0x0f	/* the window scale; 0x0f: none */
#define NFLB_TS_SACK		BIT(4)
#define NFLB_TS_ECN		BIT(5)

u32 nflb_sni_cookie_tsval(u32 now, const struct nflb_tcp_opts *client)
{
	u32 bits = client->wscale_ok ? client->wscale : NFLB_TS_WSCALE;
	u32 ts;

	if (client->sack_ok)
		bits |= NFLB_TS_SACK;
	if (client->ecn_ok)
		bits |= NFLB_TS_ECN;
	ts = (now & ~NFLB_TS_MASK) | bits;
	/* never ahead of the clock the real server's TSvals continue */
	if ((s32)(ts - now) > 0)
		ts -= BIT(NFLB_TS_BITS);
	return ts;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_cookie_tsval);

void nflb_sni_cookie_opts(const struct nflb_tcp_opts *ack, u16 mss,
			  struct nflb_tcp_opts *client)
{
	u32 bits = ack->tsecr & NFLB_TS_MASK;

	memset(client, 0, sizeof(*client));
	client->mss = mss;
	if (!ack->ts_ok)
		return;
	/* 4 bits: 0..14 a scale (TCP_MAX_WSCALE), 15 none */
	if ((bits & NFLB_TS_WSCALE) != NFLB_TS_WSCALE) {
		client->wscale = bits & NFLB_TS_WSCALE;
		client->wscale_ok = true;
	}
	client->sack_ok = bits & NFLB_TS_SACK;
	client->ecn_ok = bits & NFLB_TS_ECN;
	client->ts_ok = true;
	client->tsval = ack->tsval;
	client->tsecr = ack->tsecr;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_cookie_opts);

/*
 * Set the 32-bit big-endian field @off bytes into the TCP header and fix
 * the checksum.  Options need not be aligned: at an odd offset a field's
 * bytes fall into the checksum's 16-bit words one byte later, which sums
 * like the field rotated right by 8 bits at an even offset.
 */
static void nflb_tcp_set32(struct sk_buff *skb, struct tcphdr *th,
			   unsigned int off, u32 val)
{
	u8 *p = (u8 *)th + off;
	u32 old = get_unaligned_be32(p);

	if (old == val)
		return;
	put_unaligned_be32(val, p);
	if (off & 1) {
		old = ror32(old, 8);
		val = ror32(val, 8);
	}
	inet_proto_csum_replace4(&th->check, skb, htonl(old), htonl(val), false);
}

static void nflb_tcp_add32(struct sk_buff *skb, struct tcphdr *th,
			   unsigned int off, u32 add)
{
	nflb_tcp_set32(skb, th, off, get_unaligned_be32((u8 *)th + off) + add);
}

/*
 * A fraglist GSO packet (rx-gro-list; TCP since Linux 6.10) keeps every
 * segment's own headers in its frag_list, and segmentation sends those,
 * not the head's: what was translated would reach the wire in the first
 * segment only.  Such a packet becomes the ordinary GSO packet GRO makes
 * without fraglist, whose segments all take the head's header (fraglist
 * GRO merged only segments of gso_size, the last excepted, with headers
 * equal but for the sequence number): the frag_list is then payload, and
 * the checksum is left to segmentation or the device, as after GRO.
 */
static int nflb_tcp_unlist(struct sk_buff *skb, unsigned int thoff)
{
	unsigned int len = skb->len - thoff;
	struct tcphdr *th;

	if (!skb_is_gso(skb) ||
	    !(skb_shinfo(skb)->gso_type & SKB_GSO_FRAGLIST))
		return 0;
	/* the shared info is the clones' too */
	if (skb_unclone(skb, GFP_ATOMIC))
		return -ENOMEM;
	th = (struct tcphdr *)(skb->data + thoff);
	if (ip_hdr(skb)->version == 4)
		th->check = ~tcp_v4_check(len, ip_hdr(skb)->saddr,
					  ip_hdr(skb)->daddr, 0);
	else
		th->check = ~tcp_v6_check(len, &ipv6_hdr(skb)->saddr,
					  &ipv6_hdr(skb)->daddr, 0);
	skb_set_transport_header(skb, thoff);
	skb->csum_start = skb_headroom(skb) + thoff;
	skb->csum_offset = offsetof(struct tcphdr, check);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_type &= ~SKB_GSO_FRAGLIST;
	return 0;
}

/*
 * The TCP header at @thoff, writable, options included, of a packet whose
 * segments all take it; NULL if short.
 */
static struct tcphdr *nflb_tcp_writable(struct sk_buff *skb,
					unsigned int thoff)
{
	struct tcphdr *th;
	unsigned int len;

	if (skb_ensure_writable(skb, thoff + sizeof(*th)))
		return NULL;
	th = (struct tcphdr *)(skb->data + thoff);
	len = th->doff * 4;
	if (len < sizeof(*th) || skb_ensure_writable(skb, thoff + len) ||
	    nflb_tcp_unlist(skb, thoff))
		return NULL;
	return (struct tcphdr *)(skb->data + thoff);
}

/*
 * Walk the options: to the server, SACK edges and TSecr move into its
 * space; to the client, TSval moves out of it.
 */
static void nflb_xlate_opts(struct sk_buff *skb, struct tcphdr *th,
			    const struct nflb_sni_xlate *x, bool to_server)
{
	unsigned int i, j;
	u8 kind, olen;

	for (i = sizeof(*th);
	     nflb_tcp_opt_next((const u8 *)th, th->doff * 4, &i, &kind, &olen);
	     i += olen) {
		if (kind == TCPOPT_TIMESTAMP && olen == TCPOLEN_TIMESTAMP) {
			if (to_server)
				nflb_tcp_add32(skb, th, i + 6, x->ts_off);
			else
				nflb_tcp_add32(skb, th, i + 2, -x->ts_off);
		} else if (kind == TCPOPT_SACK && to_server &&
			   (olen - TCPOLEN_SACK_BASE) % TCPOLEN_SACK_PERBLOCK == 0) {
			for (j = i + TCPOLEN_SACK_BASE; j < i + olen; j += 4)
				nflb_tcp_add32(skb, th, j, x->seq_delta);
		}
	}
}

/* The window shifted left (@shift > 0, capped) or right; never a SYN's. */
static void nflb_tcp_shift_window(struct sk_buff *skb, struct tcphdr *th,
				  int shift)
{
	__be16 old = th->window;
	u32 win = ntohs(old);

	if (!shift || th->syn)
		return;
	if (shift > 0)
		win = min_t(u32, win << shift, U16_MAX);
	else
		win >>= -shift;
	th->window = htons(win);
	inet_proto_csum_replace2(&th->check, skb, old, th->window, false);
}

int nflb_sni_xlate_to_server(struct sk_buff *skb, unsigned int thoff,
			     const struct nflb_sni_xlate *x)
{
	struct tcphdr *th = nflb_tcp_writable(skb, thoff);

	if (!th)
		return -EINVAL;
	nflb_tcp_shift_window(skb, th, x->cshift);
	if (th->ack)
		nflb_tcp_add32(skb, th, offsetof(struct tcphdr, ack_seq),
			       x->seq_delta);
	nflb_xlate_opts(skb, th, x, true);
	return 0;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_xlate_to_server);

int nflb_sni_xlate_to_client(struct sk_buff *skb, unsigned int thoff,
			     const struct nflb_sni_xlate *x)
{
	struct tcphdr *th = nflb_tcp_writable(skb, thoff);

	if (!th)
		return -EINVAL;
	nflb_tcp_add32(skb, th, offsetof(struct tcphdr, seq), -x->seq_delta);
	nflb_tcp_shift_window(skb, th, x->wshift);
	nflb_xlate_opts(skb, th, x, false);
	return 0;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_xlate_to_client);
