// SPDX-License-Identifier: GPL-2.0
/*
 * TCP state of a connection entry, and the part of the sequence space each
 * side may use (Documentation/datapath.rst, "TCP state and spoofed
 * packets"): the subset of conntrack's window tracking that keeps a
 * packet nobody on the path could have sent from changing an entry.
 */
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/tcp.h>
#include <linux/nflb.h>

#include "compat.h"
#include "conn.h"
#include "netns.h"
#include "service.h"
#include "sni_tcp.h"
#include "xmit.h"

/*
 * The window assumed for a receiver the balancer never sees (direct
 * routing and tunnels: the real server answers the client itself): a
 * blind RST must hit 1 MiB out of 4 GiB.
 */
#define NFLB_TCP_BLIND_WIN	BIT(20)
/* At least this much in flight is always plausible (conntrack's 66000). */
#define NFLB_TCP_MIN_WIN	66000U
/* Window shift of a direction whose SYN was not seen: the largest. */
#define NFLB_TCP_PICKUP_WSCALE	TCP_MAX_WSCALE

int nflb_tcp_seg_of(const struct sk_buff *skb, const struct nflb_pkt *p,
		    struct nflb_tcp_seg *seg)
{
	struct {
		struct tcphdr th;
		u8 opts[MAX_TCP_OPTION_SPACE];
	} buf;
	const struct tcphdr *th;
	struct nflb_tcp_opts opts;
	unsigned int hlen;

	th = skb_header_pointer(skb, p->thoff, sizeof(buf.th), &buf);
	if (!th)
		return -EINVAL;
	hlen = th->doff * 4;
	if (hlen < sizeof(*th) || p->thoff + hlen > skb->len)
		return -EINVAL;
	seg->seq = ntohl(th->seq);
	seg->ack = ntohl(th->ack_seq);
	seg->win = ntohs(th->window);
	seg->flags = p->tcpflags;
	seg->end = seg->seq + (skb->len - p->thoff - hlen) + th->syn + th->fin;
	seg->wscale = -1;
	if (!th->syn || hlen == sizeof(*th))
		return 0;
	th = skb_header_pointer(skb, p->thoff, hlen, &buf);
	if (!th)
		return -EINVAL;
	nflb_tcp_opts_parse(th, &opts);
	if (opts.wscale_ok)
		seg->wscale = opts.wscale;
	return 0;
}

static unsigned int nflb_td_shift(const struct nflb_conn *cp, int dir)
{
	return dir ? cp->td_wscale >> 4 : cp->td_wscale & 0xf;
}

/* The most that @dir may have in flight: what the other side allows. */
static u32 nflb_td_rcvwin(const struct nflb_conn *cp, int dir)
{
	int o = !dir;

	if (!(cp->td_flags & NFLB_TD_INIT(o)))
		return NFLB_TCP_BLIND_WIN;
	return max_t(u32, (u32)cp->td_win[o] << nflb_td_shift(cp, o),
		     NFLB_TCP_MIN_WIN);
}

static void nflb_td_init(struct nflb_conn *cp, int dir,
			 const struct nflb_tcp_seg *seg)
{
	cp->td_end[dir] = seg->end;
	cp->td_win[dir] = seg->win;
	cp->td_flags |= NFLB_TD_INIT(dir);
}

/*
 * Could a host on the path have sent @seg in direction @dir (0: from the
 * client)?  Updates what is known of @dir when it could.  Under cp->lock.
 * @ack is in the sequence space of the other side as the entry keeps it.
 */
static bool nflb_td_check(struct nflb_conn *cp, int dir,
			  const struct nflb_tcp_seg *seg, u32 ack)
{
	u8 f = seg->flags;
	int o = !dir;
	u32 win, end;

	if (f & NFLB_TCP_SYN) {
		if (!dir && !(f & NFLB_TCP_ACK)) {
			/* the client's SYN; once established, a stray one */
			if (cp->state == NFLB_CONN_S_ESTABLISHED)
				return false;
			/* a retransmission keeps what the server said */
			if ((cp->td_flags & NFLB_TD_SYN) &&
			    seg->end == cp->td_end[0])
				return true;
			nflb_td_init(cp, 0, seg);
			cp->td_flags |= NFLB_TD_SYN;
			cp->td_flags &= ~NFLB_TD_INIT(1);
			cp->td_wscale = seg->wscale < 0 ? 0xf : seg->wscale;
			return true;
		}
		/* the server's SYN-ACK must acknowledge the client's SYN */
		if (!dir || !(f & NFLB_TCP_ACK) ||
		    !(cp->td_flags & NFLB_TD_INIT(0)) || ack != cp->td_end[0])
			return false;
		nflb_td_init(cp, 1, seg);
		/* scaling is on when both offered it */
		if (seg->wscale < 0 || (cp->td_wscale & 0xf) == 0xf)
			cp->td_wscale = 0;
		else
			cp->td_wscale = (cp->td_wscale & 0xf) | seg->wscale << 4;
		return true;
	}

	if (!(cp->td_flags & NFLB_TD_INIT(dir))) {
		/* the server's first word, after the client's SYN, is a SYN-ACK
		 * or a RST acknowledging that SYN
		 */
		if (dir && (cp->td_flags & NFLB_TD_SYN) &&
		    (!(f & NFLB_TCP_RST) || !(f & NFLB_TCP_ACK) ||
		     ack != cp->td_end[0]))
			return false;
		/* picked up in mid-flow (mh): the shift is not known */
		if (!(cp->td_flags & NFLB_TD_SYN))
			cp->td_wscale = NFLB_TCP_PICKUP_WSCALE |
					NFLB_TCP_PICKUP_WSCALE << 4;
		nflb_td_init(cp, dir, seg);
		return true;
	}

	win = nflb_td_rcvwin(cp, dir);
	end = cp->td_end[dir];
	if (f & NFLB_TCP_RST) {
		/* a RST carries the next sequence or an acknowledged one */
		if (before(seg->seq, end - win) || after(seg->seq, end))
			return false;
	} else if (after(seg->seq, end + win) || before(seg->end, end - win)) {
		return false;
	}
	/* no acknowledging what the other side never sent */
	if ((f & NFLB_TCP_ACK) && (cp->td_flags & NFLB_TD_INIT(o)) &&
	    (after(ack, cp->td_end[o]) ||
	     before(ack, cp->td_end[o] - nflb_td_rcvwin(cp, o))))
		return false;

	if (after(seg->end, end))
		cp->td_end[dir] = seg->end;
	if (seg->win > cp->td_win[dir])
		cp->td_win[dir] = seg->win;
	return true;
}

static u8 nflb_tcp_next(u8 state, bool in, u8 f)
{
	if (f & NFLB_TCP_RST)
		return NFLB_CONN_S_CLOSE;
	if (f & NFLB_TCP_SYN)
		return in && !(f & NFLB_TCP_ACK) ? NFLB_CONN_S_SYN_RECV : state;
	if (f & NFLB_TCP_FIN) {
		if (state == NFLB_CONN_S_TIME_WAIT || state == NFLB_CONN_S_CLOSE)
			return state;
		return NFLB_CONN_S_FIN_WAIT;
	}
	if (!(f & NFLB_TCP_ACK))
		return state;
	switch (state) {
	case NFLB_CONN_S_SYN_RECV:
		return in ? NFLB_CONN_S_ESTABLISHED : state;
	case NFLB_CONN_S_FIN_WAIT:
		return in ? NFLB_CONN_S_TIME_WAIT : state;
	default:
		return state;
	}
}

/*
 * Established only when someone answered the client: the real server (NAT
 * sees it), or, for methods that never see the server, after a handshake
 * the client began with a SYN.
 */
static bool nflb_td_confirmed(const struct nflb_conn *cp)
{
	if (cp->fwd == NFLB_FWD_NAT)
		return cp->td_flags & NFLB_TD_INIT(1);
	return cp->td_flags & NFLB_TD_SYN;
}

static void nflb_conn_set_state(struct nflb_conn *cp, u8 new)
{
	struct nflb_dest *dest = cp->dest;

	WRITE_ONCE(cp->state, new);
	if (new == NFLB_CONN_S_ESTABLISHED && !(cp->flags & NFLB_CONN_F_ACTIVE)) {
		WRITE_ONCE(cp->flags, cp->flags | NFLB_CONN_F_ACTIVE);
		atomic_dec(&dest->inact_conns);
		atomic_inc(&dest->active_conns);
	} else if (new != NFLB_CONN_S_ESTABLISHED &&
		   (cp->flags & NFLB_CONN_F_ACTIVE)) {
		WRITE_ONCE(cp->flags, cp->flags & ~NFLB_CONN_F_ACTIVE);
		atomic_dec(&dest->active_conns);
		atomic_inc(&dest->inact_conns);
	}
}

bool nflb_conn_tcp_update(struct nflb_net *nn, struct nflb_conn *cp, bool in,
			  const struct nflb_tcp_seg *seg)
{
	int dir = in ? 0 : 1;
	bool valid;
	u32 ack;
	u8 old, new;

	spin_lock(&cp->lock);
	if (cp->flags & NFLB_CONN_F_UNLINKED) {
		spin_unlock(&cp->lock);
		return true;
	}
	/* a bound SNI flow's client acknowledges the balancer's numbers */
	ack = seg->ack;
	if (in && (cp->flags & NFLB_CONN_F_BOUND))
		ack += cp->sni_seq_delta;
	valid = nflb_td_check(cp, dir, seg, ack);
	if (!valid) {
		spin_unlock(&cp->lock);
		atomic64_inc(&nn->conns.tcp_invalid);
		return false;
	}
	old = cp->state;
	new = nflb_tcp_next(old, in, seg->flags);
	if (new == NFLB_CONN_S_ESTABLISHED && old == NFLB_CONN_S_SYN_RECV &&
	    !nflb_td_confirmed(cp))
		new = old;
	if (new != old) {
		nflb_conn_set_state(cp, new);
		nflb_conn_set_timeout(cp, nflb_conn_state_timeout(nn, cp->proto,
								  new));
	}
	spin_unlock(&cp->lock);
	if (new == old)
		nflb_conn_touch(nn, cp);
	return true;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_tcp_update);

void nflb_conn_tcp_bound(struct nflb_net *nn, struct nflb_conn *cp,
			 u32 client_isn, int client_wscale,
			 const struct nflb_tcp_seg *synack, int server_wscale)
{
	spin_lock(&cp->lock);
	cp->td_end[0] = client_isn + 1;
	cp->td_win[0] = 0;
	cp->td_end[1] = synack->end;
	cp->td_win[1] = synack->win;
	cp->td_wscale = client_wscale | server_wscale << 4;
	cp->td_flags |= NFLB_TD_INIT(0) | NFLB_TD_INIT(1) | NFLB_TD_SYN;
	spin_unlock(&cp->lock);
	nflb_conn_touch(nn, cp);
}
