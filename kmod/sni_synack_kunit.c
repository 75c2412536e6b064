// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the SYN-ACK nflb answers an SNI service's SYN with
 * (sni_synack.c): the headers and options a client sees, checksums that
 * verify from scratch, and the whole stateless handshake: the client's
 * ACK to that SYN-ACK validates against the cookie and gives back the
 * options its SYN offered.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>

#include "compat.h"
#include "sni_tcp.h"

#define CLIENT4	htonl(0xc6336401)	/* 198.51.100.1 */
#define VIP4	htonl(0xc0000201)	/* 192.0.2.1 */
#define ISN	0xfffffff0u

/* A client's SYN from port 40000 to 443, with the options @opt. */
static void syn_hdr(struct tcphdr *th, const u8 *opt, unsigned int optlen)
{
	memset(th, 0, sizeof(*th) + optlen);
	th->source = htons(40000);
	th->dest = htons(443);
	th->seq = htonl(ISN);
	th->doff = (sizeof(*th) + optlen) / 4;
	th->syn = 1;
	th->window = htons(64240);
	memcpy(th + 1, opt, optlen);
}

/* Linux's SYN: MSS 1460, SACK-permitted, TS 0x01020304, NOP, WS 7 */
static const u8 linux_syn_opts[20] = {
	2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 7
};

static void check_tcp(struct kunit *test, const struct tcphdr *th,
		      const struct nflb_sni_synack *sa)
{
	KUNIT_EXPECT_EQ(test, ntohs(th->source), 443);
	KUNIT_EXPECT_EQ(test, ntohs(th->dest), 40000);
	KUNIT_EXPECT_EQ(test, ntohl(th->seq), sa->cookie);
	KUNIT_EXPECT_EQ(test, ntohl(th->ack_seq), ISN + 1);	/* wraps */
	KUNIT_EXPECT_TRUE(test, th->syn && th->ack);
	KUNIT_EXPECT_FALSE(test, th->rst || th->fin || th->psh || th->urg);
	KUNIT_EXPECT_EQ(test, ntohs(th->window), sa->window);
}

static void nflb_synack_v4(struct kunit *test)
{
	struct iphdr iph = {
		.version = 4, .ihl = 5, .protocol = IPPROTO_TCP,
		.saddr = CLIENT4, .daddr = VIP4,
	};
	struct {
		struct tcphdr th;
		u8 opt[20];
	} syn;
	struct nflb_tcp_opts client, got;
	struct nflb_sni_synack sa = {
		.client = &client, .cookie = 0xdeadbeef, .tsval = 0x55667788,
		.mss = 1460, .window = 16384, .wscale = 7,
	};
	unsigned int tcplen;
	struct sk_buff *skb;
	struct tcphdr *th;
	struct iphdr *niph;

	syn_hdr(&syn.th, linux_syn_opts, sizeof(linux_syn_opts));
	nflb_tcp_opts_parse(&syn.th, &client);
	client.ecn_ok = true;
	skb = nflb_sni_synack_v4(&iph, &syn.th, &sa, 64);
	KUNIT_ASSERT_NOT_NULL(test, skb);

	niph = ip_hdr(skb);
	th = tcp_hdr(skb);
	tcplen = skb->len - sizeof(*niph);
	KUNIT_EXPECT_TRUE(test, niph->saddr == VIP4);
	KUNIT_EXPECT_TRUE(test, niph->daddr == CLIENT4);
	KUNIT_EXPECT_EQ(test, niph->ttl, 64);
	KUNIT_EXPECT_EQ(test, ntohs(niph->tot_len), skb->len);
	KUNIT_EXPECT_EQ(test, ntohs(niph->frag_off), IP_DF);
	KUNIT_EXPECT_TRUE(test, !ip_fast_csum(niph, niph->ihl));
	KUNIT_EXPECT_EQ(test, skb_transport_offset(skb), (int)sizeof(*niph));
	/* MSS 4 + SACK-permitted and TS 12 + NOP and WS 4 */
	KUNIT_EXPECT_EQ(test, tcplen, sizeof(*th) + 20);
	check_tcp(test, th, &sa);
	KUNIT_EXPECT_TRUE(test, th->ece);
	KUNIT_EXPECT_FALSE(test, th->cwr);
	KUNIT_EXPECT_TRUE(test, !csum_tcpudp_magic(niph->saddr, niph->daddr,
						   tcplen, IPPROTO_TCP,
						   csum_partial(th, tcplen, 0)));

	nflb_tcp_opts_parse(th, &got);
	KUNIT_EXPECT_EQ(test, got.mss, 1460);
	KUNIT_EXPECT_TRUE(test, got.sack_ok);
	KUNIT_EXPECT_TRUE(test, got.ts_ok);
	KUNIT_EXPECT_EQ(test, got.tsval, 0x55667788u);
	KUNIT_EXPECT_EQ(test, got.tsecr, 0x01020304u);	/* the client's */
	KUNIT_EXPECT_TRUE(test, got.wscale_ok);
	KUNIT_EXPECT_EQ(test, got.wscale, 7);
	kfree_skb(skb);
}

/* Without timestamps the cookie holds the MSS only: nothing else is said. */
static void nflb_synack_no_ts(struct kunit *test)
{
	static const u8 opts[8] = { 2, 4, 0x05, 0x8c, 1, 3, 3, 2 };
	struct iphdr iph = {
		.version = 4, .ihl = 5, .protocol = IPPROTO_TCP,
		.saddr = CLIENT4, .daddr = VIP4,
	};
	struct {
		struct tcphdr th;
		u8 opt[8];
	} syn;
	struct nflb_tcp_opts client, got;
	struct nflb_sni_synack sa = {
		.client = &client, .cookie = 1, .mss = 1300, .window = 16384,
		.wscale = 7,
	};
	struct sk_buff *skb;
	struct tcphdr *th;

	syn_hdr(&syn.th, opts, sizeof(opts));
	nflb_tcp_opts_parse(&syn.th, &client);
	client.ecn_ok = true;
	KUNIT_ASSERT_TRUE(test, client.wscale_ok && !client.ts_ok);
	skb = nflb_sni_synack_v4(&iph, &syn.th, &sa, 64);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	th = tcp_hdr(skb);
	KUNIT_EXPECT_EQ(test, (int)th->doff, 6);	/* the MSS alone */
	KUNIT_EXPECT_FALSE(test, th->ece);
	nflb_tcp_opts_parse(th, &got);
	KUNIT_EXPECT_EQ(test, got.mss, 1300);
	KUNIT_EXPECT_FALSE(test, got.ts_ok || got.sack_ok || got.wscale_ok);
	kfree_skb(skb);
}

static void nflb_synack_v6(struct kunit *test)
{
	struct ipv6hdr ip6h = { .version = 6, .nexthdr = IPPROTO_TCP };
	struct {
		struct tcphdr th;
		u8 opt[20];
	} syn;
	struct nflb_tcp_opts client, got;
	struct nflb_sni_synack sa = {
		.client = &client, .cookie = 7, .tsval = 9, .mss = 1440,
		.window = 65535, .wscale = 9,
	};
	struct ipv6hdr *nip6h;
	unsigned int tcplen;
	struct sk_buff *skb;
	struct tcphdr *th;

	ip6h.saddr.s6_addr32[0] = htonl(0x20010db8);
	ip6h.saddr.s6_addr32[3] = htonl(2);
	ip6h.daddr.s6_addr32[0] = htonl(0x20010db8);
	ip6h.daddr.s6_addr32[3] = htonl(0x100);
	syn_hdr(&syn.th, linux_syn_opts, sizeof(linux_syn_opts));
	nflb_tcp_opts_parse(&syn.th, &client);
	skb = nflb_sni_synack_v6(&ip6h, &syn.th, &sa, 255);
	KUNIT_ASSERT_NOT_NULL(test, skb);

	nip6h = ipv6_hdr(skb);
	th = tcp_hdr(skb);
	tcplen = skb->len - sizeof(*nip6h);
	KUNIT_EXPECT_EQ(test, (int)nip6h->version, 6);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&nip6h->saddr, &ip6h.daddr));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&nip6h->daddr, &ip6h.saddr));
	KUNIT_EXPECT_EQ(test, nip6h->hop_limit, 255);
	KUNIT_EXPECT_EQ(test, ntohs(nip6h->payload_len), tcplen);
	KUNIT_EXPECT_EQ(test, nip6h->nexthdr, IPPROTO_TCP);
	check_tcp(test, th, &sa);
	KUNIT_EXPECT_FALSE(test, th->ece);	/* the client asked for none */
	KUNIT_EXPECT_TRUE(test, !csum_ipv6_magic(&nip6h->saddr, &nip6h->daddr,
						 tcplen, IPPROTO_TCP,
						 csum_partial(th, tcplen, 0)));
	nflb_tcp_opts_parse(th, &got);
	KUNIT_EXPECT_EQ(test, got.mss, 1440);
	KUNIT_EXPECT_EQ(test, got.wscale, 9);
	KUNIT_EXPECT_EQ(test, got.tsecr, 0x01020304u);
	kfree_skb(skb);
}

/*
 * The whole stateless handshake: the SYN-ACK made from a real cookie and
 * cookie timestamp; the client's ACK (next seq, ack = our seq + 1, TSecr
 * = our TSval) passes the cookie check and gives back the SYN's MSS,
 * window scale, SACK-permitted and ECN.
 */
static void nflb_synack_handshake(struct kunit *test)
{
	struct iphdr iph = {
		.version = 4, .ihl = 5, .protocol = IPPROTO_TCP,
		.saddr = CLIENT4, .daddr = VIP4,
	};
	struct {
		struct tcphdr th;
		u8 opt[20];
	} syn;
	struct nflb_tcp_opts client, sent, ack_opts, back;
	struct nflb_sni_synack sa = { .client = &client, .window = 16384,
				      .wscale = 7 };
	struct tcphdr ack;
	struct sk_buff *skb;
	u16 mss;

	syn_hdr(&syn.th, linux_syn_opts, sizeof(linux_syn_opts));
	nflb_tcp_opts_parse(&syn.th, &client);
	client.ecn_ok = true;
	mss = client.mss;
	sa.cookie = nflb_sni_cookie_v4(&iph, &syn.th, &mss);
	sa.mss = mss;
	sa.tsval = nflb_sni_cookie_tsval(1000000, &client);
	skb = nflb_sni_synack_v4(&iph, &syn.th, &sa, 64);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nflb_tcp_opts_parse(tcp_hdr(skb), &sent);

	/* the client's ACK, as its stack makes it from our SYN-ACK */
	memset(&ack, 0, sizeof(ack));
	ack.source = htons(40000);
	ack.dest = htons(443);
	ack.seq = htonl(ISN + 1);
	ack.ack_seq = htonl(ntohl(tcp_hdr(skb)->seq) + 1);
	ack.doff = sizeof(ack) / 4;
	ack.ack = 1;
	KUNIT_EXPECT_EQ(test, nflb_sni_cookie_check_v4(&iph, &ack), 1460);
	ack_opts = (struct nflb_tcp_opts){ .ts_ok = true, .tsval = 0x01020305,
					   .tsecr = sent.tsval };
	nflb_sni_cookie_opts(&ack_opts, 1460, &back);
	KUNIT_EXPECT_EQ(test, back.mss, 1460);
	KUNIT_EXPECT_TRUE(test, back.wscale_ok);
	KUNIT_EXPECT_EQ(test, back.wscale, 7);
	KUNIT_EXPECT_TRUE(test, back.sack_ok);
	KUNIT_EXPECT_TRUE(test, back.ecn_ok);
	kfree_skb(skb);
}

static struct kunit_case nflb_sni_synack_cases[] = {
	KUNIT_CASE(nflb_synack_v4),
	KUNIT_CASE(nflb_synack_no_ts),
	KUNIT_CASE(nflb_synack_v6),
	KUNIT_CASE(nflb_synack_handshake),
	{}
};

static struct kunit_suite nflb_sni_synack_suite = {
	.name = "nflb_sni_synack",
	.test_cases = nflb_sni_synack_cases,
};

kunit_test_suite(nflb_sni_synack_suite);
