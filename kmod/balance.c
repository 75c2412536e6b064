// SPDX-License-Identifier: GPL-2.0
/*
 * Balancing a new flow (Documentation/datapath.rst, "Packet walk", steps 3
 * to 5): its service, the persistence template, the scheduler's choice
 * and the new connection entry.  Used by the hooks and by SNI routing's
 * delayed binding alike.
 */
#include <linux/inetdevice.h>
#include <linux/string.h>
#include <net/ipv6.h>

#include "balance.h"
#include "compat.h"
#include "conn.h"
#include "netns.h"
#include "sched.h"
#include "service.h"

struct nflb_service *nflb_flow_service(struct nflb_net *nn,
				       const struct nflb_flow *flow,
				       u32 mark, bool mark_only)
{
	struct nflb_svc_key key;
	struct nflb_service *svc;

	if (!mark_only) {
		memset(&key, 0, sizeof(key));
		key.af = flow->af;
		key.proto = flow->proto;
		key.addr = flow->vaddr;
		key.port = flow->vport;
		svc = nflb_svc_lookup(nn, &key);
		if (svc)
			return svc;
	}
	if (!mark)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.af = flow->af;
	key.fwmark = mark;
	return nflb_svc_lookup(nn, &key);
}

static void nflb_mask_addr(u8 af, union nf_inet_addr *addr, u8 prefix)
{
	if (af == AF_INET) {
		addr->ip &= prefix ? inet_make_mask(prefix) : 0;
	} else {
		struct in6_addr mask;

		ipv6_addr_prefix(&mask, &addr->in6, prefix);
		addr->in6 = mask;
	}
}

/*
 * Persistence: the client's template names the real server while it
 * lives; a new one is made with the scheduler's choice.
 */
static struct nflb_conn *nflb_sched_persist(struct nflb_net *nn,
					    struct nflb_service *svc,
					    const struct nflb_flow *flow,
					    const struct nflb_sched_ctx *ctx)
{
	struct nflb_flow tf = *flow;
	struct nflb_conn *tmpl;
	struct nflb_dest *dest;
	bool made;

	nflb_mask_addr(flow->af, &tf.caddr, READ_ONCE(svc->netmask));
	tf.cport = 0;
	/* a fwmark service's template covers every protocol (IPVS: "IP") */
	tf.proto = svc->key.proto;
	tmpl = nflb_conn_lookup_tmpl(nn, svc, &tf.caddr);
	if (tmpl && nflb_conn_alive(tmpl)) {
		/*
		 * Quiesced (weight 0): the client stays, as with IPVS.  Down:
		 * it moves, its server is not answering.
		 */
		if (READ_ONCE(tmpl->dest->health) == NFLB_HEALTH_UP) {
			nflb_conn_set_timeout(tmpl, READ_ONCE(svc->timeout));
			return tmpl;
		}
		nflb_conn_unlink(nn, tmpl);
	}
	dest = svc->sched->schedule(svc, ctx);
	if (!dest)
		return NULL;
	tmpl = nflb_conn_new(nn, &tf, dest, NULL, NFLB_CONN_F_TEMPLATE, &made);
	return IS_ERR(tmpl) ? NULL : tmpl;
}

struct nflb_conn *nflb_new_conn(struct nflb_net *nn, struct nflb_service *svc,
				const struct nflb_flow *flow, struct nflb_conn *tmp,
				u8 cflags)
{
	struct nflb_sched_ctx ctx = {
		.saddr = &flow->caddr,
		.sport = flow->cport,
	};
	u32 flags = READ_ONCE(svc->flags);
	struct nflb_conn *cp, *tmpl = NULL;
	struct nflb_dest *dest;
	bool made;

	if (flags & NFLB_SVC_F_PERSISTENT) {
		tmpl = nflb_sched_persist(nn, svc, flow, &ctx);
		dest = tmpl ? tmpl->dest : NULL;
	} else {
		dest = svc->sched->schedule(svc, &ctx);
	}
	if (!dest)
		return NULL;

	if ((flags & NFLB_SVC_F_ONEPACKET) && flow->proto == IPPROTO_UDP) {
		cflags = NFLB_CONN_F_ONEPACKET;
		/* only NAT needs an entry, for the replies */
		if (READ_ONCE(dest->fwd) != NFLB_FWD_NAT) {
			memset(tmp, 0, sizeof(*tmp));
			tmp->af = flow->af;
			tmp->proto = flow->proto;
			tmp->daddr = dest->addr;
			tmp->dport = dest->port ?: flow->vport;
			tmp->vaddr = flow->vaddr;
			tmp->vport = flow->vport;
			tmp->fwd = READ_ONCE(dest->fwd);
			tmp->dest = dest;
			tmp->flags = cflags;
			nflb_account(dest, true, 0, true);
			return tmp;
		}
	}
	cp = nflb_conn_new(nn, flow, dest, tmpl, cflags, &made);
	if (IS_ERR_OR_NULL(cp))
		return NULL;
	/* made by another CPU meanwhile: counted there, maybe elsewhere */
	if (made)
		nflb_account(dest, true, 0, true);
	return cp;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_new_conn);
