// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of SNI routing's TCP pieces (sni_tcp.c): the option reader
 * on well-formed and broken option lists; syncookies made for a SYN and
 * checked on its ACK, IPv4 and IPv6, and refused for any other flow; the
 * client's options carried through the SYN-ACK's TSval; and the
 * translation of seq, ack, SACK edges, timestamps and windows, whose
 * checksum must verify from scratch afterwards whatever the option layout
 * (options at odd offsets included) and whatever the deltas.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>

#include "compat.h"
#include "sni_tcp.h"

/* ---- the option reader ------------------------------------------------ */

struct opts_case {
	const char *desc;
	u8 len;				/* of opt[], a multiple of 4 */
	u8 opt[40];
	struct nflb_tcp_opts want;
};

static const struct opts_case opts_cases[] = {
	{ "Linux SYN: MSS, SACK-permitted, TS, NOP, WS", 20,
	  { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 7 },
	  { .mss = 1460, .sack_ok = true, .ts_ok = true, .tsval = 0x01020304,
	    .wscale = 7, .wscale_ok = true } },
	{ "no options", 0, {}, {} },
	{ "ACK: 2 NOPs, TS", 12,
	  { 1, 1, 8, 10, 0xff, 0, 0, 1, 0x80, 0, 0, 2 },
	  { .ts_ok = true, .tsval = 0xff000001, .tsecr = 0x80000002 } },
	{ "wscale 15 read as 14", 4, { 3, 3, 15, 0 },
	  { .wscale = 14, .wscale_ok = true } },
	{ "end of list before the mss", 8, { 0, 0, 0, 0, 2, 4, 1, 0 }, {} },
	{ "mss running past the header", 4, { 1, 1, 2, 4 }, {} },
	{ "length 0 stops the walk", 8, { 5, 0, 2, 4, 5, 0xb4, 0, 0 }, {} },
	{ "length 1 stops the walk", 8, { 2, 4, 2, 0x18, 9, 1, 4, 2 },
	  { .mss = 536 } },
	{ "timestamps of the wrong length ignored", 8,
	  { 8, 8, 1, 2, 3, 4, 5, 6 }, {} },
	{ "unknown option skipped", 12,
	  { 254, 6, 1, 2, 3, 4, 4, 2, 1, 1, 1, 1 }, { .sack_ok = true } },
};

static void opts_case_desc(const struct opts_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(opts, opts_cases, opts_case_desc);

static void nflb_tcp_opts(struct kunit *test)
{
	const struct opts_case *c = test->param_value;
	struct nflb_tcp_opts got;
	struct tcphdr *th;

	/* exactly the header's length: KASAN sees any read past it */
	th = kunit_kzalloc(test, sizeof(*th) + c->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, th);
	th->doff = (sizeof(*th) + c->len) / 4;
	memcpy(th + 1, c->opt, c->len);
	nflb_tcp_opts_parse(th, &got);
	KUNIT_EXPECT_EQ(test, got.mss, c->want.mss);
	KUNIT_EXPECT_EQ(test, got.wscale_ok, c->want.wscale_ok);
	KUNIT_EXPECT_EQ(test, got.wscale, c->want.wscale);
	KUNIT_EXPECT_EQ(test, got.sack_ok, c->want.sack_ok);
	KUNIT_EXPECT_EQ(test, got.ts_ok, c->want.ts_ok);
	KUNIT_EXPECT_EQ(test, got.tsval, c->want.tsval);
	KUNIT_EXPECT_EQ(test, got.tsecr, c->want.tsecr);
}

/* ---- syncookies --------------------------------------------------------- */

static void tcp_flow(struct tcphdr *th, u16 sport, u16 dport, u32 seq,
		     u32 ack_seq, bool syn)
{
	memset(th, 0, sizeof(*th));
	th->source = htons(sport);
	th->dest = htons(dport);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack_seq);
	th->doff = sizeof(*th) / 4;
	th->syn = syn;
	th->ack = !syn;
}

static void nflb_cookie_v4(struct kunit *test)
{
	struct iphdr iph = {
		.version = 4, .ihl = 5, .protocol = IPPROTO_TCP,
		.saddr = htonl(0xc6336401), .daddr = htonl(0xc0000201),
	};
	struct iphdr other = iph;
	struct tcphdr syn, ack;
	u32 isn = 0xfffffff0, cookie;
	u16 mss = 1460;

	tcp_flow(&syn, 40000, 443, isn, 0, true);
	cookie = nflb_sni_cookie_v4(&iph, &syn, &mss);
	KUNIT_EXPECT_EQ(test, mss, 1460);
	/* the ACK: the client's next sequence number, the cookie + 1 */
	tcp_flow(&ack, 40000, 443, isn + 1, cookie + 1, false);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v4(&iph, &ack), 1460);
	/* the same cookie for a retransmitted SYN */
	mss = 1460;
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_v4(&iph, &syn, &mss), cookie);

	/* any other flow, or another cookie: refused */
	tcp_flow(&ack, 40001, 443, isn + 1, cookie + 1, false);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v4(&iph, &ack), 0);
	tcp_flow(&ack, 40000, 444, isn + 1, cookie + 1, false);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v4(&iph, &ack), 0);
	/*
	 * (The low bits of a cookie encode the MSS: a sequence number or
	 * cookie off by a little decodes as another MSS index, one off by
	 * much as none; the cookie's hash covers the flow, not the MSS.)
	 */
	tcp_flow(&ack, 40000, 443, isn + 0x1001, cookie + 1, false);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v4(&iph, &ack), 0);
	tcp_flow(&ack, 40000, 443, isn + 1, cookie + 0x1001, false);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v4(&iph, &ack), 0);
	other.saddr = htonl(0xc6336402);
	tcp_flow(&ack, 40000, 443, isn + 1, cookie + 1, false);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v4(&other, &ack), 0);

	/* an MSS between the table's values rounds down */
	mss = 1000;
	cookie = nflb_sni_cookie_v4(&iph, &syn, &mss);
	KUNIT_EXPECT_EQ(test, mss, 536);
	tcp_flow(&ack, 40000, 443, isn + 1, cookie + 1, false);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v4(&iph, &ack), 536);
}

static void nflb_cookie_v6(struct kunit *test)
{
	struct ipv6hdr ip6h = { .version = 6, .nexthdr = IPPROTO_TCP };
	struct ipv6hdr other;
	struct tcphdr syn, ack;
	u32 isn = 12345, cookie;
	u16 mss = 1440;

	ip6h.saddr.s6_addr32[0] = htonl(0x20010db8);
	ip6h.saddr.s6_addr32[3] = htonl(2);
	ip6h.daddr.s6_addr32[0] = htonl(0x20010db8);
	ip6h.daddr.s6_addr32[3] = htonl(0x100);
	other = ip6h;
	other.daddr.s6_addr32[3] = htonl(0x101);

	tcp_flow(&syn, 50000, 443, isn, 0, true);
	cookie = nflb_sni_cookie_v6(&ip6h, &syn, &mss);
	KUNIT_EXPECT_EQ(test, mss, 1440);
	tcp_flow(&ack, 50000, 443, isn + 1, cookie + 1, false);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v6(&ip6h, &ack), 1440);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v6(&other, &ack), 0);
	tcp_flow(&ack, 50000, 443, isn + 1, cookie + 0x1001, false);
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v6(&ip6h, &ack), 0);
}

/* Every combination of the client's options survives the TSval. */
static void nflb_cookie_ts(struct kunit *test)
{
	static const u32 nows[] = { 0, 1, 63, 64, 1000000, 0x7fffffff,
				    0xffffffc0, 0xffffffff };
	unsigned int i, ws, bits, bad = 0;

	for (i = 0; i < ARRAY_SIZE(nows); i++) {
		for (ws = 0; ws <= TCP_MAX_WSCALE + 1; ws++) {
			for (bits = 0; bits < 4; bits++) {
				struct nflb_tcp_opts c = {
					.wscale_ok = ws <= TCP_MAX_WSCALE,
					.wscale = ws <= TCP_MAX_WSCALE ? ws : 0,
					.sack_ok = bits & 1,
					.ecn_ok = bits & 2,
				};
				struct nflb_tcp_opts ack = {
					.ts_ok = true, .tsval = 777,
				};
				struct nflb_tcp_opts got;
				u32 ts = nflb_sni_cookie_tsval(nows[i], &c);

				/* not ahead of the clock, at most 127 behind */
				bad += (s32)(ts - nows[i]) > 0 ||
				       nows[i] - ts >= 128;
				ack.tsecr = ts;
				nflb_sni_cookie_opts(&ack, 1460, &got);
				bad += got.mss != 1460 || !got.ts_ok ||
				       got.wscale_ok != c.wscale_ok ||
				       got.wscale != c.wscale ||
				       got.sack_ok != c.sack_ok ||
				       got.ecn_ok != c.ecn_ok ||
				       got.tsval != 777 || got.tsecr != ts;
			}
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

/* A client without timestamps keeps only its MSS. */
static void nflb_cookie_no_ts(struct kunit *test)
{
	struct nflb_tcp_opts ack = { .tsecr = 0x3f }, got;

	nflb_sni_cookie_opts(&ack, 1300, &got);
	KUNIT_EXPECT_EQ(test, got.mss, 1300);
	KUNIT_EXPECT_FALSE(test, got.ts_ok);
	KUNIT_EXPECT_FALSE(test, got.wscale_ok);
	KUNIT_EXPECT_FALSE(test, got.sack_ok);
	KUNIT_EXPECT_FALSE(test, got.ecn_ok);
}

/* ---- translation -------------------------------------------------------- */

#define SADDR	htonl(0xc6336401)
#define DADDR	htonl(0x0a00020b)
static const u8 payload[] = "hello, world!";	/* odd: 14 bytes */

static void tcp_csum_set(struct sk_buff *skb)
{
	unsigned int tcplen = skb->len - sizeof(struct iphdr);
	struct tcphdr *th = tcp_hdr(skb);

	th->check = 0;
	th->check = csum_tcpudp_magic(SADDR, DADDR, tcplen, IPPROTO_TCP,
				      csum_partial(th, tcplen, 0));
}

/* An IPv4 TCP packet with the options @opt, its checksum complete. */
static struct sk_buff *tcp_skb(struct kunit *test, const u8 *opt,
			       unsigned int optlen, bool syn)
{
	unsigned int tcplen = sizeof(struct tcphdr) + optlen + sizeof(payload);
	struct sk_buff *skb = alloc_skb(64 + sizeof(struct iphdr) + tcplen,
					GFP_KERNEL);
	struct iphdr *iph;
	struct tcphdr *th;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 64);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = SADDR;
	iph->daddr = DADDR;
	iph->tot_len = htons(sizeof(*iph) + tcplen);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(*iph));
	th = skb_put_zero(skb, sizeof(*th));
	th->source = htons(443);
	th->dest = htons(40000);
	th->seq = htonl(0x10000000);
	th->ack_seq = htonl(0xfffffff0);
	th->doff = (sizeof(*th) + optlen) / 4;
	th->ack = 1;
	th->syn = syn;
	th->window = htons(1000);
	if (optlen)
		skb_put_data(skb, opt, optlen);
	skb_put_data(skb, payload, sizeof(payload));
	tcp_csum_set(skb);
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}

static bool tcp_csum_ok(struct sk_buff *skb)
{
	unsigned int tcplen = skb->len - sizeof(struct iphdr);

	return !csum_tcpudp_magic(SADDR, DADDR, tcplen, IPPROTO_TCP,
				  csum_partial(skb_transport_header(skb),
					       tcplen, 0));
}

static u32 be32_at(struct sk_buff *skb, unsigned int off)
{
	return get_unaligned_be32(skb_transport_header(skb) + off);
}

/* Option layouts, and where their fields land in the TCP header. */
struct layout {
	const char *desc;
	u8 len;
	u8 opt[40];
	u8 ts;			/* offset of the TS option's kind; 0: none */
	u8 sack;		/* offset of the SACK option's kind; 0: none */
	u8 sack_blocks;
};

/*
 * TS: kind 8, length 10, TSval 100, TSecr 200.  SACK of 2 blocks: the
 * first wraps (0xfffffff8..8), the second 0x10000..0x20000.
 */
static const struct layout layouts[] = {
	{ "none", 0, {}, 0, 0, 0 },
	{ "2 NOPs, TS", 12,
	  { 1, 1, 8, 10, 0, 0, 0, 100, 0, 0, 0, 200 }, 22, 0, 0 },
	{ "2 NOPs, TS, 2 NOPs, SACK of 2", 32,
	  { 1, 1, 8, 10, 0, 0, 0, 100, 0, 0, 0, 200,
	    1, 1, 5, 18, 0xff, 0xff, 0xff, 0xf8, 0, 0, 0, 8, 0, 0, 1, 0, 0, 0, 2, 0 },
	  22, 34, 2 },
	{ "NOP, TS, NOP: odd offsets", 12,
	  { 1, 8, 10, 0, 0, 0, 100, 0, 0, 0, 200, 1 }, 21, 0, 0 },
	{ "NOP, SACK of 3, NOP: odd offsets", 28,
	  { 1, 5, 26, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
	    0x80, 0, 0, 0, 0x80, 0, 0, 1, 1 }, 0, 21, 3 },
	{ "NOP, TS, SACK of 2, 3 NOPs: all odd", 32,
	  { 1, 8, 10, 0, 0, 0, 100, 0, 0, 0, 200,
	    5, 18, 0xff, 0xff, 0xff, 0xf8, 0, 0, 0, 8, 0, 0, 1, 0, 0, 0, 2, 0, 1, 1, 1 },
	  21, 31, 2 },
};

static void layout_desc(const struct layout *l, char *desc)
{
	strscpy(desc, l->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(layout, layouts, layout_desc);

static const struct nflb_sni_xlate xlates[] = {
	{ .seq_delta = 0x12345678, .ts_off = 0x9abcdef0, .wshift = 2 },
	{ .seq_delta = 0x20, .ts_off = 0xffffff00, .wshift = -3 },  /* wraps */
	{ .seq_delta = 0xfffffff0, .ts_off = 1, .wshift = 7 },
	{ .seq_delta = 0, .ts_off = 0, .wshift = 0 },
};

static void nflb_xlate_layouts(struct kunit *test)
{
	const struct layout *l = test->param_value;
	unsigned int i, b, tcplen = sizeof(struct tcphdr) + l->len;

	for (i = 0; i < ARRAY_SIZE(xlates); i++) {
		const struct nflb_sni_xlate *x = &xlates[i];
		struct sk_buff *skb = tcp_skb(test, l->opt, l->len, false);
		struct sk_buff *orig = skb_copy(skb, GFP_KERNEL);
		u8 *th;

		KUNIT_ASSERT_NOT_NULL(test, orig);
		/* to the server: ack, SACK edges, TSecr */
		KUNIT_ASSERT_EQ(test, nflb_sni_xlate_to_server(skb, sizeof(struct iphdr), x), 0);
		KUNIT_EXPECT_TRUE_MSG(test, tcp_csum_ok(skb), "to server, xlate %u", i);
		KUNIT_EXPECT_EQ(test, be32_at(skb, 4), be32_at(orig, 4));
		KUNIT_EXPECT_EQ(test, be32_at(skb, 8), be32_at(orig, 8) + x->seq_delta);
		if (l->ts) {
			KUNIT_EXPECT_EQ(test, be32_at(skb, l->ts + 2), be32_at(orig, l->ts + 2));
			KUNIT_EXPECT_EQ(test, be32_at(skb, l->ts + 6),
					be32_at(orig, l->ts + 6) + x->ts_off);
		}
		for (b = 0; b < 2 * l->sack_blocks; b++)
			KUNIT_EXPECT_EQ(test, be32_at(skb, l->sack + 2 + 4 * b),
					be32_at(orig, l->sack + 2 + 4 * b) + x->seq_delta);
		/* the payload untouched */
		th = skb_transport_header(skb);
		KUNIT_EXPECT_EQ(test, memcmp(th + tcplen, payload, sizeof(payload)), 0);
		kfree_skb(skb);

		/* to the client: seq, TSval, window; SACK edges stay */
		skb = tcp_skb(test, l->opt, l->len, false);
		KUNIT_ASSERT_EQ(test, nflb_sni_xlate_to_client(skb, sizeof(struct iphdr), x), 0);
		KUNIT_EXPECT_TRUE_MSG(test, tcp_csum_ok(skb), "to client, xlate %u", i);
		KUNIT_EXPECT_EQ(test, be32_at(skb, 4), be32_at(orig, 4) - x->seq_delta);
		KUNIT_EXPECT_EQ(test, be32_at(skb, 8), be32_at(orig, 8));
		if (l->ts) {
			KUNIT_EXPECT_EQ(test, be32_at(skb, l->ts + 2),
					be32_at(orig, l->ts + 2) - x->ts_off);
			KUNIT_EXPECT_EQ(test, be32_at(skb, l->ts + 6), be32_at(orig, l->ts + 6));
		}
		for (b = 0; b < 2 * l->sack_blocks; b++)
			KUNIT_EXPECT_EQ(test, be32_at(skb, l->sack + 2 + 4 * b),
					be32_at(orig, l->sack + 2 + 4 * b));
		kfree_skb(skb);
		kfree_skb(orig);
	}
}

static void nflb_xlate_window(struct kunit *test)
{
	static const struct {
		s8 wshift;
		bool syn;
		u16 win, want;
	} cases[] = {
		{ 2, false, 1000, 4000 },
		{ 7, false, 1000, 65535 },	/* capped */
		{ -3, false, 1000, 125 },
		{ -3, false, 7, 0 },
		{ 0, false, 1000, 1000 },
		{ 4, true, 1000, 1000 },	/* a SYN's is never scaled */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct nflb_sni_xlate x = { .seq_delta = 1, .wshift = cases[i].wshift };
		struct sk_buff *skb = tcp_skb(test, NULL, 0, cases[i].syn);

		tcp_hdr(skb)->window = htons(cases[i].win);
		tcp_csum_set(skb);
		KUNIT_ASSERT_EQ(test, nflb_sni_xlate_to_client(skb, sizeof(struct iphdr), &x), 0);
		KUNIT_EXPECT_EQ_MSG(test, ntohs(tcp_hdr(skb)->window), cases[i].want,
				    "case %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, tcp_csum_ok(skb), "case %u", i);
		kfree_skb(skb);
	}
}

/* A server without window scaling reads the client's windows shifted. */
static void nflb_xlate_window_to_server(struct kunit *test)
{
	static const struct {
		u8 cshift;
		bool syn;
		u16 win, want;
	} cases[] = {
		{ 7, false, 100, 12800 },
		{ 7, false, 1000, 65535 },	/* capped */
		{ 0, false, 1000, 1000 },
		{ 7, true, 1000, 1000 },	/* a SYN's is never scaled */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct nflb_sni_xlate x = { .seq_delta = 1, .cshift = cases[i].cshift };
		struct sk_buff *skb = tcp_skb(test, NULL, 0, cases[i].syn);

		tcp_hdr(skb)->window = htons(cases[i].win);
		tcp_csum_set(skb);
		KUNIT_ASSERT_EQ(test, nflb_sni_xlate_to_server(skb, sizeof(struct iphdr), &x), 0);
		KUNIT_EXPECT_EQ_MSG(test, ntohs(tcp_hdr(skb)->window), cases[i].want,
				    "case %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, tcp_csum_ok(skb), "case %u", i);
		kfree_skb(skb);
	}
}

/*
 * CHECKSUM_PARTIAL: check holds only the pseudo-header's sum, which the
 * header's fields are not part of; it must stay as it is.
 */
static void nflb_xlate_partial(struct kunit *test)
{
	static const u8 opt[] = { 1, 1, 8, 10, 0, 0, 0, 100, 0, 0, 0, 200 };
	struct nflb_sni_xlate x = { .seq_delta = 99, .ts_off = 7, .wshift = 1 };
	struct sk_buff *skb = tcp_skb(test, opt, sizeof(opt), false);
	__sum16 pseudo = ~csum_tcpudp_magic(SADDR, DADDR,
					    skb->len - sizeof(struct iphdr),
					    IPPROTO_TCP, 0);

	tcp_hdr(skb)->check = pseudo;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
	KUNIT_ASSERT_EQ(test, nflb_sni_xlate_to_client(skb, sizeof(struct iphdr), &x), 0);
	KUNIT_EXPECT_EQ(test, (__force u16)tcp_hdr(skb)->check, (__force u16)pseudo);
	KUNIT_ASSERT_EQ(test, nflb_sni_xlate_to_server(skb, sizeof(struct iphdr), &x), 0);
	KUNIT_EXPECT_EQ(test, (__force u16)tcp_hdr(skb)->check, (__force u16)pseudo);
	kfree_skb(skb);
}

/* A data offset past the packet's end is refused, nothing read past it. */
static void nflb_xlate_short(struct kunit *test)
{
	struct nflb_sni_xlate x = { .seq_delta = 1 };
	struct sk_buff *skb = tcp_skb(test, NULL, 0, false);

	/* 60 bytes of header in 34 bytes of packet */
	tcp_hdr(skb)->doff = 15;
	KUNIT_EXPECT_EQ(test, nflb_sni_xlate_to_server(skb, sizeof(struct iphdr), &x), -EINVAL);
	tcp_hdr(skb)->doff = 4;
	KUNIT_EXPECT_EQ(test, nflb_sni_xlate_to_client(skb, sizeof(struct iphdr), &x), -EINVAL);
	kfree_skb(skb);
}

/*
 * Random option lists (timestamps, SACK of 1-4 blocks, MSS, window
 * scale, unknown kinds, NOPs in between, padded with EOL) and random
 * deltas: the checksum always verifies after either translation.
 */
#define XLATE_ROUNDS	2000

static unsigned int random_opts(struct rnd_state *rnd, u8 *opt)
{
	unsigned int len = 0, n, k;

	while (len < 40) {
		switch (prandom_u32_state(rnd) % 6) {
		case 0:
			opt[len++] = TCPOPT_NOP;
			continue;
		case 1:
			n = TCPOLEN_TIMESTAMP;
			break;
		case 2:
			n = TCPOLEN_SACK_BASE + TCPOLEN_SACK_PERBLOCK *
			    (1 + prandom_u32_state(rnd) % 4);
			break;
		case 3:
			n = TCPOLEN_MSS;
			break;
		case 4:
			n = TCPOLEN_WINDOW;
			break;
		default:
			n = 2 + prandom_u32_state(rnd) % 6;
			break;
		}
		if (len + n > 40)
			break;
		opt[len] = n == TCPOLEN_TIMESTAMP ? TCPOPT_TIMESTAMP :
			   n >= TCPOLEN_SACK_BASE + TCPOLEN_SACK_PERBLOCK &&
			   (n - 2) % 8 == 0 ? TCPOPT_SACK :
			   n == TCPOLEN_MSS ? TCPOPT_MSS :
			   n == TCPOLEN_WINDOW ? TCPOPT_WINDOW : 200;
		opt[len + 1] = n;
		for (k = 2; k < n; k++)
			opt[len + k] = prandom_u32_state(rnd);
		len += n;
	}
	while (len % 4)
		opt[len++] = TCPOPT_EOL;
	return len;
}

static void nflb_xlate_random(struct kunit *test)
{
	struct rnd_state rnd;
	unsigned int i, bad = 0;

	prandom_seed_state(&rnd, 20261130);
	for (i = 0; i < XLATE_ROUNDS; i++) {
		struct nflb_sni_xlate x = {
			.seq_delta = prandom_u32_state(&rnd),
			.ts_off = prandom_u32_state(&rnd),
			.wshift = (s8)(prandom_u32_state(&rnd) % 29) - 14,
		};
		u8 opt[44] = {};
		unsigned int len = random_opts(&rnd, opt);
		struct sk_buff *skb = tcp_skb(test, opt, len, false);

		bad += nflb_sni_xlate_to_server(skb, sizeof(struct iphdr), &x) ||
		       !tcp_csum_ok(skb);
		bad += nflb_sni_xlate_to_client(skb, sizeof(struct iphdr), &x) ||
		       !tcp_csum_ok(skb);
		kfree_skb(skb);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static struct kunit_case nflb_sni_tcp_cases[] = {
	KUNIT_CASE_PARAM(nflb_tcp_opts, opts_gen_params),
	KUNIT_CASE(nflb_cookie_v4),
	KUNIT_CASE(nflb_cookie_v6),
	KUNIT_CASE(nflb_cookie_ts),
	KUNIT_CASE(nflb_cookie_no_ts),
	KUNIT_CASE_PARAM(nflb_xlate_layouts, layout_gen_params),
	KUNIT_CASE(nflb_xlate_window),
	KUNIT_CASE(nflb_xlate_window_to_server),
	KUNIT_CASE(nflb_xlate_partial),
	KUNIT_CASE(nflb_xlate_short),
	KUNIT_CASE(nflb_xlate_random),
	{}
};

static struct kunit_suite nflb_sni_tcp_suite = {
	.name = "nflb_sni_tcp",
	.test_cases = nflb_sni_tcp_cases,
};

kunit_test_suite(nflb_sni_tcp_suite);
