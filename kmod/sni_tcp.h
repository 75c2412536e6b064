/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TCP pieces of SNI routing's delayed binding (Documentation/sni.rst):
 * reading TCP options, the stateless handshake with the client
 * (syncookies, the client's options folded into the timestamp), and the
 * translation of a bound connection's sequence numbers, acknowledgements,
 * SACK blocks, timestamps and windows.
 */
#ifndef _NFLB_SNI_TCP_H
#define _NFLB_SNI_TCP_H

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/types.h>

/* The options of a SYN (or of an ACK: then only the timestamps count). */
struct nflb_tcp_opts {
	u16 mss;			/* 0: none */
	u8 wscale;			/* if wscale_ok; at most 14 */
	bool wscale_ok;
	bool sack_ok;
	bool ts_ok;
	bool ecn_ok;			/* ECE and CWR on a SYN (the caller's) */
	u32 tsval;
	u32 tsecr;
};

void nflb_tcp_opts_parse(const struct tcphdr *th, struct nflb_tcp_opts *opts);

/*
 * The syncookie answering a client's SYN, made by the kernel's own
 * functions (keyed by its secret, valid two minutes); @mss in: the MSS
 * the client may send (its option, clamped by the caller), out: what the
 * cookie stands for, rounded down to the kernel's table.
 */
u32 nflb_sni_cookie_v4(const struct iphdr *iph, const struct tcphdr *syn,
		       u16 *mss);
u32 nflb_sni_cookie_v6(const struct ipv6hdr *ip6h, const struct tcphdr *syn,
		       u16 *mss);

/*
 * The MSS the cookie in the client's ACK (ack_seq - 1) stands for, or 0
 * when it is not one of ours for this flow or is too old.
 */
u16 nflb_sni_cookie_check_v4(const struct iphdr *iph, const struct tcphdr *ack);
u16 nflb_sni_cookie_check_v6(const struct ipv6hdr *ip6h,
			     const struct tcphdr *ack);

/*
 * The SYN-ACK's TSval: @now with its low bits replaced by the client's
 * window scale, SACK-permitted and ECN, so that they come back in the
 * ACK's TSecr.  Never later than @now.
 */
u32 nflb_sni_cookie_tsval(u32 now, const struct nflb_tcp_opts *client);

/*
 * The client's options from its ACK (@ack parsed from it) and the MSS of
 * its cookie.  Without timestamps only the MSS survives.
 */
void nflb_sni_cookie_opts(const struct nflb_tcp_opts *ack, u16 mss,
			  struct nflb_tcp_opts *client);

/* What a SYN-ACK to a client's SYN says (kmod/sni_synack.c). */
struct nflb_sni_synack {
	const struct nflb_tcp_opts *client;	/* its SYN's options */
	u32 cookie;			/* our ISN */
	u32 tsval;			/* nflb_sni_cookie_tsval() */
	u16 mss;			/* what the cookie stands for */
	u16 window;			/* unscaled, as in every SYN-ACK */
	u8 wscale;			/* ours, if the client offered one */
};

/*
 * The SYN-ACK answering @syn (under the IP header @iph or @ip6h): a new
 * packet from the client's destination to its source, seq the cookie, ack
 * its ISN + 1, the options of nflb_synack_opts(), checksums complete
 * (CHECKSUM_NONE); not routed.  NULL when out of memory.
 */
struct sk_buff *nflb_sni_synack_v4(const struct iphdr *iph,
				   const struct tcphdr *syn,
				   const struct nflb_sni_synack *sa, u8 ttl);
struct sk_buff *nflb_sni_synack_v6(const struct ipv6hdr *ip6h,
				   const struct tcphdr *syn,
				   const struct nflb_sni_synack *sa,
				   u8 hoplimit);

/*
 * A segment nflb sends on its own: a RST to a client, the SYN to a real
 * server.  With @opts: MSS, and with timestamps SACK-permitted, TSval and
 * TSecr, window scale (as a SYN carries them).
 */
struct nflb_sni_seg {
	const union nf_inet_addr *saddr;
	const union nf_inet_addr *daddr;
	__be16 sport;
	__be16 dport;
	u32 seq;
	u32 ack_seq;
	u8 flags;			/* TCPHDR_* */
	u16 window;
	const struct nflb_tcp_opts *opts;	/* or NULL */
};

/* The packet of @seg, checksums complete (CHECKSUM_NONE); not routed. */
struct sk_buff *nflb_sni_seg_v4(const struct nflb_sni_seg *seg, u8 ttl);
struct sk_buff *nflb_sni_seg_v6(const struct nflb_sni_seg *seg, u8 hoplimit);

/* What binding fixed: server = client + these, per direction. */
struct nflb_sni_xlate {
	u32 seq_delta;			/* server's ISN - the cookie */
	u32 ts_off;			/* server's TSval - what nflb sent */
	s8 wshift;			/* server's window scale - nflb's */
	u8 cshift;			/* the client's, if the server has none */
};

/*
 * Translate the TCP header at @thoff of @skb (its checksum fixed in
 * place, whatever ip_summed says).  To the server: ack and SACK edges
 * += seq_delta, TSecr += ts_off, window shifted left by cshift.  To the
 * client: seq -= seq_delta, TSval -= ts_off, window shifted by wshift.
 * Never a SYN's window.  0 or -errno.
 */
int nflb_sni_xlate_to_server(struct sk_buff *skb, unsigned int thoff,
			     const struct nflb_sni_xlate *x);
int nflb_sni_xlate_to_client(struct sk_buff *skb, unsigned int thoff,
			     const struct nflb_sni_xlate *x);

#endif /* _NFLB_SNI_TCP_H */
