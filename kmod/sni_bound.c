// SPDX-License-Identifier: GPL-2.0
/*
 * SNI routing's bound connections (Documentation/sni.rst, "Delayed
 * binding"): once nflb_sni_bind() has bound an entry, every packet of it
 * is translated by the offsets it recorded.
 */
#include <linux/skbuff.h>

#include "conn.h"
#include "sni_bound.h"
#include "sni_send.h"
#include "sni_tcp.h"

void nflb_sni_xlate_of(const struct nflb_conn *cp,
		       struct nflb_sni_xlate *x)
{
	x->seq_delta = cp->sni_seq_delta;
	x->ts_off = cp->sni_ts_off;
	x->wshift = cp->sni_wshift;
	x->cshift = 0;
	/* the server declined window scaling: see nflb_sni_bind() */
	if (x->wshift < -NFLB_SNI_WSCALE) {
		x->cshift = -NFLB_SNI_WSCALE - 1 - x->wshift;
		x->wshift = -NFLB_SNI_WSCALE;
	}
}

int nflb_sni_to_server(struct sk_buff *skb, const struct nflb_pkt *p,
		       const struct nflb_conn *cp)
{
	struct nflb_sni_xlate x;

	/* pairs with the release in nflb_sni_bind(): sni_* are set */
	if (!(smp_load_acquire(&cp->flags) & NFLB_CONN_F_BOUND))
		return -EAGAIN;
	nflb_sni_xlate_of(cp, &x);
	return nflb_sni_xlate_to_server(skb, p->thoff, &x);
}

int nflb_sni_to_client(struct sk_buff *skb, const struct nflb_pkt *p,
		       const struct nflb_conn *cp)
{
	struct nflb_sni_xlate x;

	/* pairs with the release in nflb_sni_bind(): sni_* are set */
	if (!(smp_load_acquire(&cp->flags) & NFLB_CONN_F_BOUND))
		return -EAGAIN;
	nflb_sni_xlate_of(cp, &x);
	return nflb_sni_xlate_to_client(skb, p->thoff, &x);
}
