// SPDX-License-Identifier: GPL-2.0
/*
 * SNI routing in the packet path (Documentation/sni.rst, "Delayed
 * binding"): the client's SYN is answered with a syncookie SYN-ACK and
 * nothing is kept; its cookie ACK makes a pending entry that holds the
 * first data until the ClientHello names a rule; the rule's real server
 * gets a SYN with the client's options; its SYN-ACK binds the connection:
 * the held packets go to it and every later packet is translated.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/timer.h>
#include <net/dst.h>
#include <net/dst_metadata.h>
#include <net/ip.h>
#include <net/addrconf.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/tcp.h>

#include "balance.h"
#include "compat.h"
#include "conn.h"
#include "limits.h"
#include "netns.h"
#include "service.h"
#include "sni.h"
#include "sni_limits.h"
#include "sni_bound.h"
#include "sni_path.h"
#include "sni_rule.h"
#include "sni_send.h"
#include "sni_tcp.h"
#include "xmit.h"

enum {
	NFLB_SNI_PEEK,		/* holding the client's data, no rule yet */
	NFLB_SNI_CONNECTING,	/* the real server was sent a SYN */
	NFLB_SNI_DEAD,		/* out of the table, freed after RCU */
};

/* A connection waiting for its server name or its real server. */
struct nflb_sni_pending {
	struct rhash_head node;
	struct nflb_flow flow;		/* the key: as the client sees it */
	struct nflb_net *nn;
	spinlock_t lock;		/* all below */
	u8 state;			/* NFLB_SNI_* */
	bool fin;			/* the client has sent its FIN */
	__be16 dport;			/* CONNECTING: the real server */
	union nf_inet_addr daddr;
	struct timer_list timer;	/* the decision's or the server's */
	struct sk_buff_head held;	/* the client's packets, in order */
	unsigned int held_mem;		/* their truesize */
	u32 cookie;			/* our ISN */
	u32 cookie_tsval;		/* our SYN-ACK's TSval */
	u32 isn;			/* the client's */
	u32 rcv_nxt;			/* the next byte expected from it */
	u32 tsval;			/* its first TSval: the SYN's, so that
					 * no held packet looks older (PAWS)
					 */
	u16 window;			/* its latest window, as sent */
	struct nflb_tcp_opts client;	/* its SYN's, as the cookie kept them */
	u8 *buf;			/* PEEK: the stream so far */
	u32 buf_len;
	u16 src_bucket;			/* its count in nn->sni_src */
	struct rcu_head rcu;
};

static const struct rhashtable_params nflb_sni_pending_params = {
	.head_offset = offsetof(struct nflb_sni_pending, node),
	.key_offset = offsetof(struct nflb_sni_pending, flow),
	.key_len = sizeof(struct nflb_flow),
	.automatic_shrinking = true,
};

/* What to do once a pending entry's lock is dropped. */
struct nflb_sni_act {
	struct sk_buff *skb;		/* a SYN or RST to send */
	bool unlink;			/* the connection entry goes too */
	bool kill;			/* free the pending entry */
};

/* The TCP header of @skb with its options, or NULL if it is short. */
static const struct tcphdr *nflb_sni_tcp(struct sk_buff *skb,
					 const struct nflb_pkt *p)
{
	const struct tcphdr *th;

	if (!pskb_may_pull(skb, p->thoff + sizeof(*th)))
		return NULL;
	th = (const struct tcphdr *)(skb->data + p->thoff);
	if (th->doff * 4 < sizeof(*th) ||
	    !pskb_may_pull(skb, p->thoff + th->doff * 4))
		return NULL;
	return (const struct tcphdr *)(skb->data + p->thoff);
}

/* The SYN to the chosen real server: the client's ISN and options. */
static struct sk_buff *nflb_sni_syn(struct nflb_sni_pending *pd)
{
	struct nflb_tcp_opts o = pd->client;
	struct nflb_sni_seg seg = {
		.saddr = &pd->flow.caddr,
		.daddr = &pd->daddr,
		.sport = pd->flow.cport,
		.dport = pd->dport,
		.seq = pd->isn,
		.flags = TCPHDR_SYN,
		.opts = &o,
	};
	u32 win = pd->window;

	/* a SYN's window is not scaled */
	if (o.wscale_ok)
		win = min_t(u32, win << o.wscale, U16_MAX);
	seg.window = win;
	o.tsval = pd->tsval;
	o.tsecr = 0;
	if (o.ecn_ok && o.ts_ok)
		seg.flags |= TCPHDR_ECE | TCPHDR_CWR;
	return nflb_sni_build(pd->nn->net, pd->flow.af, &seg);
}

/* The RST refusing the client: in its window, from the VIP. */
static struct sk_buff *nflb_sni_rst(struct nflb_sni_pending *pd)
{
	struct nflb_sni_seg seg = {
		.saddr = &pd->flow.vaddr,
		.daddr = &pd->flow.caddr,
		.sport = pd->flow.vport,
		.dport = pd->flow.cport,
		.seq = pd->cookie + 1,
		.ack_seq = pd->rcv_nxt,
		.flags = TCPHDR_RST | TCPHDR_ACK,
	};

	atomic64_inc(&pd->nn->sni.resets);
	return nflb_sni_build(pd->nn->net, pd->flow.af, &seg);
}

/* Under pd->lock: out of the table; freed by nflb_sni_act(). */
static void nflb_sni_unhash(struct nflb_sni_pending *pd,
			    struct nflb_sni_act *act)
{
	pd->state = NFLB_SNI_DEAD;
	rhashtable_remove_fast(&pd->nn->sni_pending, &pd->node,
			       nflb_sni_pending_params);
	act->kill = true;
}

static void nflb_sni_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct nflb_sni_pending, rcu));
}

/* A dead entry: nobody adds to it any more; readers may still look. */
static void nflb_sni_free(struct nflb_sni_pending *pd)
{
	del_timer(&pd->timer);
	__skb_queue_purge(&pd->held);
	kfree(pd->buf);
	pd->buf = NULL;
	nflb_sni_uncharge(pd->nn, pd->held_mem + pd->buf_len);
	nflb_sni_src_put(pd->nn, pd->src_bucket);
	atomic_dec(&pd->nn->sni_num_pending);
	call_rcu(&pd->rcu, nflb_sni_free_rcu);
}

static void nflb_sni_flow_of(const struct nflb_conn *cp, struct nflb_flow *flow)
{
	memset(flow, 0, sizeof(*flow));
	flow->af = cp->af;
	flow->proto = cp->proto;
	flow->caddr = cp->caddr;
	flow->cport = cp->cport;
	flow->vaddr = cp->vaddr;
	flow->vport = cp->vport;
}

/* The entry made at the decision, while it is not bound. */
static void nflb_sni_unlink_conn(struct nflb_net *nn,
				 const struct nflb_flow *flow)
{
	struct nflb_conn *cp = nflb_conn_lookup_in(nn, flow);

	if (cp && (READ_ONCE(cp->flags) & (NFLB_CONN_F_SNI | NFLB_CONN_F_BOUND)) ==
		  NFLB_CONN_F_SNI)
		nflb_conn_unlink(nn, cp);
}

/* After pd->lock is dropped; under RCU. */
static void nflb_sni_act(struct nflb_sni_pending *pd, struct nflb_sni_act *act)
{
	struct nflb_net *nn = pd->nn;

	if (act->skb)
		nflb_sni_output(nn->net, act->skb, pd->flow.af);
	if (act->unlink)
		nflb_sni_unlink_conn(nn, &pd->flow);
	if (act->kill)
		nflb_sni_free(pd);
}

static unsigned long nflb_sni_deadline(struct nflb_net *nn)
{
	return jiffies + msecs_to_jiffies(READ_ONCE(nn->cfg.sni_timeout_ms));
}

/*
 * Under pd->lock, in PEEK: choose where the connection goes if the data
 * so far (or @timeout) allows it.  A rule, the service's own real servers
 * or a RST; the server gets its SYN.
 */
static void nflb_sni_decide(struct nflb_sni_pending *pd,
			    struct nflb_service *svc, bool timeout,
			    struct nflb_sni_act *act)
{
	enum nflb_sni_result res = NFLB_SNI_INCOMPLETE;
	struct nflb_net *nn = pd->nn;
	char name[NFLB_SNI_NAME_SIZE];
	struct nflb_service *to = NULL;
	struct nflb_conn *cp;

	if (pd->buf_len)
		res = nflb_sni_parse(pd->buf, pd->buf_len, name, sizeof(name));
	/*
	 * The client may send no more than the peek limit (its window); past
	 * its first segment, Nagle keeps back a last piece shorter than its
	 * MSS, so less than an MSS short of a larger limit is as good as it.
	 */
	if (res == NFLB_SNI_INCOMPLETE && !timeout && !pd->fin) {
		u32 peek = READ_ONCE(nn->cfg.sni_peek_bytes);

		if (pd->buf_len < peek &&
		    (peek <= pd->client.mss || pd->buf_len + pd->client.mss <= peek))
			return;
		atomic64_inc(&nn->sni.peek_overflows);
	}
	if (res == NFLB_SNI_FOUND)
		to = nflb_sni_rule_match(svc, name);
	if (!to) {
		if (READ_ONCE(svc->sni_default) == NFLB_SNI_DEFAULT_RESET)
			goto reset;
		to = svc;
	}
	cp = nflb_new_conn(nn, to, &pd->flow, NULL, NFLB_CONN_F_SNI);
	if (!cp)
		goto reset;
	if ((READ_ONCE(cp->flags) & (NFLB_CONN_F_SNI | NFLB_CONN_F_BOUND)) !=
	    NFLB_CONN_F_SNI)
		goto reset;	/* not ours: another entry of this flow */
	pd->daddr = cp->daddr;
	pd->dport = cp->dport;
	pd->state = NFLB_SNI_CONNECTING;
	kfree(pd->buf);
	nflb_sni_uncharge(nn, pd->buf_len);
	pd->buf = NULL;
	pd->buf_len = 0;
	mod_timer(&pd->timer, nflb_sni_deadline(nn));
	act->skb = nflb_sni_syn(pd);
	return;

reset:
	nflb_sni_unhash(pd, act);
	act->skb = nflb_sni_rst(pd);
}

/* The SNI service of a pending flow, if it still is one. */
static struct nflb_service *nflb_sni_service(struct nflb_net *nn,
					     const struct nflb_flow *flow)
{
	struct nflb_service *svc = nflb_flow_service(nn, flow, 0, false);

	if (!svc || !(READ_ONCE(svc->flags) & NFLB_SVC_F_SNI))
		return NULL;
	return svc;
}

/* No decision in time, or no answer from the real server in time. */
static void nflb_sni_timer(struct timer_list *t)
{
	struct nflb_sni_pending *pd = from_timer(pd, t, timer);
	struct nflb_net *nn = pd->nn;
	struct nflb_sni_act act = {};
	struct nflb_service *svc;

	rcu_read_lock();
	spin_lock(&pd->lock);
	switch (pd->state) {
	case NFLB_SNI_PEEK:
		atomic64_inc(&nn->sni.timeouts);
		svc = nflb_sni_service(nn, &pd->flow);
		if (svc)
			nflb_sni_decide(pd, svc, true, &act);
		else
			nflb_sni_unhash(pd, &act);
		break;
	case NFLB_SNI_CONNECTING:
		atomic64_inc(&nn->sni.timeouts);
		nflb_sni_unhash(pd, &act);
		act.unlink = true;
		act.skb = nflb_sni_rst(pd);
		break;
	}
	spin_unlock(&pd->lock);
	nflb_sni_act(pd, &act);
	rcu_read_unlock();
}

/* A cookie-valid ACK of a flow without an entry makes one; NULL if not. */
static struct nflb_sni_pending *
nflb_sni_pending_new(struct nflb_net *nn, struct sk_buff *skb,
		     const struct nflb_pkt *p, const struct nflb_flow *flow,
		     const struct tcphdr *th)
{
	struct nflb_sni_pending *pd, *old;
	struct nflb_tcp_opts ack;
	u16 mss, bucket;

	if (p->af == AF_INET)
		mss = nflb_sni_cookie_check_v4(ip_hdr(skb), th);
	else
		mss = nflb_sni_cookie_check_v6(ipv6_hdr(skb), th);
	if (!mss) {
		atomic64_inc(&nn->sni.cookie_fails);
		return NULL;
	}
	if (nflb_sni_src_get(nn, flow, &bucket))
		return NULL;
	if (atomic_inc_return(&nn->sni_num_pending) >
	    nflb_limit(nn, NFLB_LIMIT_SNI_PENDING,
		       READ_ONCE(nn->cfg.sni_max_pending))) {
		atomic64_inc(&nn->sni.pending_drops);
		goto err_count;
	}
	pd = kzalloc(sizeof(*pd), GFP_ATOMIC);
	if (!pd)
		goto err_count;
	pd->src_bucket = bucket;
	pd->flow = *flow;
	pd->nn = nn;
	spin_lock_init(&pd->lock);
	pd->state = NFLB_SNI_PEEK;
	skb_queue_head_init(&pd->held);
	nflb_tcp_opts_parse(th, &ack);
	nflb_sni_cookie_opts(&ack, mss, &pd->client);
	pd->cookie = ntohl(th->ack_seq) - 1;
	pd->cookie_tsval = ack.tsecr;
	pd->isn = ntohl(th->seq) - 1;
	pd->rcv_nxt = ntohl(th->seq);
	pd->tsval = ack.tsval;
	pd->window = ntohs(th->window);
	timer_setup(&pd->timer, nflb_sni_timer, 0);

	old = rhashtable_lookup_get_insert_fast(&nn->sni_pending, &pd->node,
						nflb_sni_pending_params);
	if (old) {
		/* another CPU's, or no memory: this one was never seen */
		pd->state = NFLB_SNI_DEAD;
		nflb_sni_free(pd);
		return IS_ERR(old) ? NULL : old;
	}
	/* seen by others now: armed unless one of them moved it on */
	spin_lock(&pd->lock);
	if (pd->state == NFLB_SNI_PEEK && !timer_pending(&pd->timer))
		mod_timer(&pd->timer, nflb_sni_deadline(nn));
	spin_unlock(&pd->lock);
	return pd;

err_count:
	atomic_dec(&nn->sni_num_pending);
	nflb_sni_src_put(nn, bucket);
	return NULL;
}

/* Under pd->lock, in PEEK: append what is new in @skb for the parser. */
static int nflb_sni_peek(struct nflb_sni_pending *pd, const struct sk_buff *skb,
			 unsigned int off, unsigned int len)
{
	u32 limit = READ_ONCE(pd->nn->cfg.sni_peek_bytes);
	u8 *buf;

	if (pd->buf_len >= limit || !len)
		return 0;
	len = min(len, limit - pd->buf_len);
	if (!nflb_sni_charge(pd->nn, len))
		return -ENOBUFS;
	buf = krealloc(pd->buf, pd->buf_len + len, GFP_ATOMIC);
	if (!buf) {
		nflb_sni_uncharge(pd->nn, len);
		return -ENOMEM;
	}
	pd->buf = buf;
	pd->buf_len += len;
	if (skb_copy_bits(skb, off, buf + pd->buf_len - len, len)) {
		pd->buf_len -= len;
		nflb_sni_uncharge(pd->nn, len);
		return -EINVAL;
	}
	return 0;
}

/*
 * A client's packet of a pending flow.  Only in-order data is held, so the
 * held packets are a prefix of the stream (a segment past a gap is dropped
 * and comes again; one overlapping is held whole, the server trims it).
 */
static unsigned int nflb_sni_segment(struct nflb_sni_pending *pd,
				     struct sk_buff *skb,
				     const struct nflb_pkt *p,
				     const struct tcphdr *th,
				     struct nflb_service *svc)
{
	unsigned int dataoff = p->thoff + th->doff * 4;
	struct nflb_net *nn = pd->nn;
	struct nflb_sni_act act = {};
	unsigned int verdict = NF_DROP;
	u32 seq = ntohl(th->seq);
	u32 len, end, skip;

	if (skb->len < dataoff)
		return NF_DROP;
	len = skb->len - dataoff;
	end = seq + len + th->fin;

	spin_lock(&pd->lock);
	if (pd->state == NFLB_SNI_DEAD)
		goto unlock;
	if (th->rst) {
		/* in the window the client was given: nothing is acked */
		if (!before(seq, pd->isn + 1) &&
		    !after(seq, pd->isn + 1 + READ_ONCE(nn->cfg.sni_peek_bytes))) {
			act.unlink = pd->state == NFLB_SNI_CONNECTING;
			nflb_sni_unhash(pd, &act);
		}
		goto unlock;
	}
	if (th->syn || !th->ack || after(seq, pd->rcv_nxt))
		goto unlock;
	if (!after(end, pd->rcv_nxt)) {
		/*
		 * Nothing new.  The handshake's ACK is held: the first
		 * packet the server sees.  A retransmission while
		 * connecting means the SYN or its answer may be lost.
		 */
		if (!len && !th->fin && skb_queue_empty(&pd->held)) {
			if (!nflb_sni_charge(nn, skb->truesize))
				goto unlock;
			goto hold;
		}
		if (len && pd->state == NFLB_SNI_CONNECTING)
			act.skb = nflb_sni_syn(pd);
		goto unlock;
	}
	/* at most what the client may send without an ACK, and a margin */
	if (pd->held_mem + skb->truesize >
	    2 * READ_ONCE(nn->cfg.sni_peek_bytes) + 65536)
		goto unlock;
	/* the namespace's bound: dropped, the client sends it again */
	if (!nflb_sni_charge(nn, skb->truesize))
		goto unlock;
	skip = pd->rcv_nxt - seq;
	if (pd->state == NFLB_SNI_PEEK && len > skip &&
	    nflb_sni_peek(pd, skb, dataoff + skip, len - skip)) {
		nflb_sni_uncharge(nn, skb->truesize);
		goto unlock;
	}
	pd->rcv_nxt = end;
	pd->fin |= th->fin;
	pd->window = ntohs(th->window);
hold:
	/* no reference on either while held: re-routed when released */
	skb_dst_drop(skb);
	skb->dev = NULL;
	__skb_queue_tail(&pd->held, skb);
	pd->held_mem += skb->truesize;
	verdict = NF_STOLEN;
	if (pd->state == NFLB_SNI_PEEK && svc)
		nflb_sni_decide(pd, svc, false, &act);
unlock:
	spin_unlock(&pd->lock);
	nflb_sni_act(pd, &act);
	return verdict;
}

/*
 * May a received SYN get an answer?  Not from a source that names no one
 * host (broadcast, multicast, unspecified, loopback) nor one of the
 * balancer's own addresses: answering would reflect SYN-ACKs to a whole
 * subnet or to itself.  Nor one sent as a link-layer broadcast.  Local
 * clients (LOCAL_OUT: the packet has its route) may use any address.
 */
static bool nflb_sni_src_ok(struct net *net, const struct sk_buff *skb,
			    const struct nflb_pkt *p)
{
	if (skb_valid_dst(skb))
		return true;
	if (skb->pkt_type != PACKET_HOST)
		return false;
	if (p->af == AF_INET) {
		__be32 a = p->saddr.ip;

		if (ipv4_is_multicast(a) || ipv4_is_lbcast(a) ||
		    ipv4_is_zeronet(a) || ipv4_is_loopback(a))
			return false;
		return inet_addr_type_dev_table(net, skb->dev, a) == RTN_UNICAST;
	}
	if (ipv6_addr_type(&p->saddr.in6) &
	    (IPV6_ADDR_MULTICAST | IPV6_ADDR_ANY | IPV6_ADDR_LOOPBACK |
	     IPV6_ADDR_MAPPED))
		return false;
	return !ipv6_chk_addr(net, &p->saddr.in6, NULL, 0);
}

unsigned int nflb_sni_in(struct nflb_net *nn, struct sk_buff *skb,
			 const struct nflb_pkt *p, const struct nflb_flow *flow,
			 struct nflb_service *svc, bool syn)
{
	struct nflb_sni_pending *pd;
	const struct tcphdr *th;

	th = nflb_sni_tcp(skb, p);
	if (!th)
		return NF_DROP;
	/*
	 * Answered or parsed here, before the stack's TCP could check it:
	 * a corrupted segment is dropped (and sent again).  Local packets
	 * (CHECKSUM_PARTIAL) pass.
	 */
	if (nf_checksum(skb, NF_INET_PRE_ROUTING, p->thoff, IPPROTO_TCP,
			p->af == AF_INET ? NFPROTO_IPV4 : NFPROTO_IPV6))
		return NF_DROP;
	pd = rhashtable_lookup(&nn->sni_pending, flow, nflb_sni_pending_params);
	if (!pd) {
		/* a connection entry, bound meanwhile or given up: resent */
		if (!svc)
			return NF_DROP;
		if (syn) {
			/* no TCP opens with SYN+RST or SYN+FIN (nmap, DoS) */
			if (!th->rst && !th->fin && nflb_sni_src_ok(nn->net, skb, p))
				nflb_sni_answer_syn(nn, skb, p, th);
			return NF_DROP;	/* answered, or the client resends */
		}
		if (th->rst || !th->ack) {
			atomic64_inc(&nn->conns.no_conn_drops);
			return NF_DROP;
		}
		pd = nflb_sni_pending_new(nn, skb, p, flow, th);
		if (!pd)
			return NF_DROP;
	}
	return nflb_sni_segment(pd, skb, p, th, svc);
}

/* A held packet to the real server, as a bound connection's are. */
static void nflb_sni_release(struct nflb_net *nn, struct sk_buff *skb,
			     struct nflb_conn *cp)
{
	struct nflb_sni_xlate x;
	struct nflb_tcp_seg seg;
	struct nflb_pkt p;

	nflb_sni_xlate_of(cp, &x);
	/* followed as the client sent it, before the translation */
	if (nflb_parse(skb, cp->af, &p) || p.proto != IPPROTO_TCP ||
	    nflb_tcp_seg_of(skb, &p, &seg) ||
	    nflb_nat_in(skb, &p, cp) ||
	    nflb_sni_xlate_to_server(skb, p.thoff, &x)) {
		kfree_skb(skb);
		return;
	}
	nflb_conn_tcp_update(nn, cp, true, &seg);
	nflb_account(cp->dest, true, skb->len, false);
	nflb_sni_output(nn->net, skb, cp->af);
}

unsigned int nflb_sni_bind(struct nflb_net *nn, struct sk_buff *skb,
			   const struct nflb_pkt *p, struct nflb_conn *cp)
{
	struct nflb_sni_pending *pd;
	struct nflb_sni_act act = {};
	struct nflb_tcp_opts so;
	struct sk_buff_head held;
	const struct tcphdr *th;
	struct nflb_flow flow;
	struct sk_buff *h;
	int ours, theirs = 0, client_ws = 0;
	struct nflb_tcp_seg seg;
	bool bound = false;
	u32 client_isn = 0;

	th = nflb_sni_tcp(skb, p);
	if (!th)
		return NF_DROP;
	nflb_sni_flow_of(cp, &flow);
	pd = rhashtable_lookup(&nn->sni_pending, &flow, nflb_sni_pending_params);
	if (!pd)
		return NF_DROP;
	__skb_queue_head_init(&held);

	spin_lock(&pd->lock);
	if (pd->state != NFLB_SNI_CONNECTING || !th->ack ||
	    ntohl(th->ack_seq) != pd->isn + 1)
		goto unlock;
	if (th->rst) {
		/* refused: so is the client */
		nflb_sni_unhash(pd, &act);
		act.unlink = true;
		act.skb = nflb_sni_rst(pd);
		goto unlock;
	}
	if (!th->syn)
		goto unlock;
	nflb_tcp_opts_parse(th, &so);
	ours = pd->client.wscale_ok ? NFLB_SNI_WSCALE : 0;
	theirs = pd->client.wscale_ok && so.wscale_ok ? so.wscale : 0;
	spin_lock(&cp->lock);
	cp->sni_seq_delta = ntohl(th->seq) - pd->cookie;
	cp->sni_ts_off = so.ts_ok ? so.tsval - pd->cookie_tsval : 0;
	cp->sni_wshift = theirs - ours;
	/*
	 * The client scales its windows, the server (which declined) reads
	 * them unscaled: they are shifted for it too, and that goes in the
	 * same byte, below any real shift.
	 */
	if (pd->client.wscale_ok && !so.wscale_ok)
		cp->sni_wshift = -NFLB_SNI_WSCALE - 1 - pd->client.wscale;
	/* nflb_sni_to_server/client() read sni_* after seeing the flag */
	smp_store_release(&cp->flags, cp->flags | NFLB_CONN_F_BOUND);
	spin_unlock(&cp->lock);
	client_isn = pd->isn;
	client_ws = pd->client.wscale_ok ? pd->client.wscale : 0;
	skb_queue_splice_init(&pd->held, &held);
	nflb_sni_uncharge(nn, pd->held_mem);
	pd->held_mem = 0;
	nflb_sni_unhash(pd, &act);
	bound = true;
unlock:
	spin_unlock(&pd->lock);
	nflb_sni_act(pd, &act);
	if (!bound)
		return NF_DROP;

	atomic64_inc(&nn->sni.bound);
	if (!nflb_tcp_seg_of(skb, p, &seg))
		nflb_conn_tcp_bound(nn, cp, client_isn, client_ws, &seg, theirs);
	nflb_account(cp->dest, false, skb->len, false);
	/* the first held packet, the client's ACK, completes the handshake */
	while ((h = __skb_dequeue(&held)))
		nflb_sni_release(nn, h, cp);
	return NF_DROP;
}

int nflb_sni_path_init(struct nflb_net *nn)
{
	atomic_set(&nn->sni_num_pending, 0);
	nflb_sni_limits_init(nn);
	nn->sni_ts_seed = get_random_u32();
	return rhashtable_init(&nn->sni_pending, &nflb_sni_pending_params);
}

/* The namespace goes: its hooks are gone, only timers still run. */
void nflb_sni_path_exit(struct nflb_net *nn)
{
	struct nflb_sni_pending *pd;
	struct rhashtable_iter iter;

	rhashtable_walk_enter(&nn->sni_pending, &iter);
	rhashtable_walk_start(&iter);
	while ((pd = rhashtable_walk_next(&iter))) {
		struct nflb_sni_act act = {};

		if (IS_ERR(pd))
			continue;
		del_timer_sync(&pd->timer);
		spin_lock_bh(&pd->lock);
		if (pd->state != NFLB_SNI_DEAD)
			nflb_sni_unhash(pd, &act);
		spin_unlock_bh(&pd->lock);
		if (act.kill)
			nflb_sni_free(pd);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	rhashtable_destroy(&nn->sni_pending);
	/* entries freed meanwhile by their timers are freed: no more users */
	nflb_sni_limits_exit(nn);
}
