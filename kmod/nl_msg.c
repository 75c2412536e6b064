// SPDX-License-Identifier: GPL-2.0
/*
 * Writing netlink messages: the attributes of services, real servers and
 * SNI rules shared by replies, dumps and events; the events; the dump
 * cursor of services and real servers.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nflb.h>

#include "compat.h"
#include "est.h"
#include "netlink.h"
#include "netns.h"
#include "nl_msg.h"
#include "sched.h"
#include "service.h"
#include "sni_rule.h"
#include "src_range.h"

int nflb_nl_put_stats(struct sk_buff *msg, int type,
		      struct nflb_cpu_stats __percpu *stats,
		      const struct nflb_rate_est *est)
{
	static const u8 rate_attr[NFLB_EST_N] = {
		[NFLB_EST_CONNS]	= NFLB_STATS_A_CPS,
		[NFLB_EST_PKTS_IN]	= NFLB_STATS_A_PPS_IN,
		[NFLB_EST_PKTS_OUT]	= NFLB_STATS_A_PPS_OUT,
		[NFLB_EST_BYTES_IN]	= NFLB_STATS_A_BPS_IN,
		[NFLB_EST_BYTES_OUT]	= NFLB_STATS_A_BPS_OUT,
	};
	struct nflb_stats_sum sum;
	struct nlattr *nest;
	int i;

	nflb_stats_read(stats, &sum);
	nest = nla_nest_start(msg, type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, NFLB_STATS_A_CONNS, sum.conns,
			      NFLB_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, NFLB_STATS_A_PKTS_IN, sum.pkts_in,
			      NFLB_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, NFLB_STATS_A_PKTS_OUT, sum.pkts_out,
			      NFLB_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, NFLB_STATS_A_BYTES_IN, sum.bytes_in,
			      NFLB_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, NFLB_STATS_A_BYTES_OUT, sum.bytes_out,
			      NFLB_STATS_A_PAD))
		goto err;
	for (i = 0; i < NFLB_EST_N; i++)
		if (nla_put_u64_64bit(msg, rate_attr[i], nflb_est_rate(est, i),
				      NFLB_STATS_A_PAD))
			goto err;
	nla_nest_end(msg, nest);
	return 0;

err:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

int nflb_put_addr(struct sk_buff *msg, int type, u8 af,
		  const union nf_inet_addr *addr)
{
	if (af == AF_INET)
		return nla_put_in_addr(msg, type, addr->ip);
	return nla_put_in6_addr(msg, type, &addr->in6);
}

/* The settings and counters of a service or SNI rule, as @t names them. */
int nflb_nl_put_conf(struct sk_buff *msg, const struct nflb_service *svc,
		     const struct nflb_nl_conf_types *t)
{
	struct nla_bitfield32 flags = {
		.value = svc->flags & t->flags_mask,
		.selector = t->flags_mask,
	};

	if (nla_put_string(msg, t->sched, svc->sched->name) ||
	    nla_put(msg, t->flags, sizeof(flags), &flags) ||
	    nla_put_u32(msg, t->timeout, svc->timeout) ||
	    nla_put_u8(msg, t->netmask, svc->netmask) ||
	    nla_put_u32(msg, t->num_dests, svc->num_dests) ||
	    nflb_nl_put_stats(msg, t->stats, svc->stats, &svc->est))
		return -EMSGSIZE;
	return 0;
}

static const struct nflb_nl_conf_types nflb_svc_conf_types = {
	.sched = NFLB_SVC_A_SCHED_NAME,
	.flags = NFLB_SVC_A_FLAGS,
	.timeout = NFLB_SVC_A_TIMEOUT,
	.netmask = NFLB_SVC_A_NETMASK,
	.num_dests = NFLB_SVC_A_NUM_DESTS,
	.stats = NFLB_SVC_A_STATS,
	.flags_mask = NFLB_SVC_F_ALL,
};

/* The service's source ranges, an empty nest when it has none. */
static int nflb_nl_put_src_ranges(struct sk_buff *msg,
				  const struct nflb_service *svc)
{
	const struct nflb_src_ranges *r;
	struct nlattr *nest, *pfx;
	u32 i;

	r = rcu_dereference_protected(svc->src_ranges,
				      lockdep_is_held(&svc->nn->lock));
	nest = nla_nest_start(msg, NFLB_SVC_A_SOURCE_RANGES);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; r && i < r->n; i++) {
		pfx = nla_nest_start(msg, NFLB_SRC_RANGE_A_PREFIX);
		if (!pfx ||
		    nflb_put_addr(msg, NFLB_PREFIX_A_ADDR, svc->key.af,
				  &r->p[i].addr) ||
		    nla_put_u8(msg, NFLB_PREFIX_A_LEN, r->p[i].len)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(msg, pfx);
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* The service's identity, and with @full its settings and counters. */
int nflb_nl_put_svc(struct sk_buff *msg, const struct nflb_service *svc,
		    bool full)
{
	const struct nflb_svc_key *key = &svc->key;
	struct nlattr *nest;

	nest = nla_nest_start(msg, NFLB_ATTR_SERVICE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(msg, NFLB_SVC_A_AF, key->af))
		goto err;
	if (key->fwmark) {
		if (nla_put_u32(msg, NFLB_SVC_A_FWMARK, key->fwmark))
			goto err;
	} else if (nla_put_u8(msg, NFLB_SVC_A_PROTOCOL, key->proto) ||
		   nflb_put_addr(msg, NFLB_SVC_A_ADDR, key->af, &key->addr) ||
		   nla_put_be16(msg, NFLB_SVC_A_PORT, key->port)) {
		goto err;
	}
	if (full &&
	    (nflb_nl_put_conf(msg, svc, &nflb_svc_conf_types) ||
	     nflb_nl_put_src_ranges(msg, svc) ||
	     ((svc->flags & NFLB_SVC_F_SNI) &&
	      nla_put_u8(msg, NFLB_SVC_A_SNI_DEFAULT, svc->sni_default))))
		goto err;
	nla_nest_end(msg, nest);
	return 0;
err:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

int nflb_nl_put_dest(struct sk_buff *msg, const struct nflb_dest *dest,
		     bool full)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, NFLB_ATTR_DEST);
	if (!nest)
		return -EMSGSIZE;
	if (nflb_put_addr(msg, NFLB_DEST_A_ADDR, dest->af, &dest->addr) ||
	    nla_put_be16(msg, NFLB_DEST_A_PORT, dest->port))
		goto err;
	if (full &&
	    (nla_put_u8(msg, NFLB_DEST_A_FWD_METHOD, dest->fwd) ||
	     nla_put_u8(msg, NFLB_DEST_A_TUN_TYPE, dest->tun_type) ||
	     nla_put_u32(msg, NFLB_DEST_A_WEIGHT, dest->weight) ||
	     nla_put_u32(msg, NFLB_DEST_A_U_THRESH, dest->u_thresh) ||
	     nla_put_u32(msg, NFLB_DEST_A_L_THRESH, dest->l_thresh) ||
	     nla_put_u8(msg, NFLB_DEST_A_HEALTH, dest->health) ||
	     nla_put_string(msg, NFLB_DEST_A_HEALTH_BY, dest->health_by) ||
	     nla_put_u32(msg, NFLB_DEST_A_HEALTH_AGE,
			 (jiffies - dest->health_changed) / HZ) ||
	     nla_put_u32(msg, NFLB_DEST_A_ACTIVE_CONNS,
			 atomic_read(&dest->active_conns)) ||
	     nla_put_u32(msg, NFLB_DEST_A_INACT_CONNS,
			 atomic_read(&dest->inact_conns)) ||
	     nla_put_u32(msg, NFLB_DEST_A_PERSIST_CONNS,
			 atomic_read(&dest->persist_conns)) ||
	     nflb_nl_put_stats(msg, NFLB_DEST_A_STATS, dest->stats, &dest->est)))
		goto err;
	nla_nest_end(msg, nest);
	return 0;
err:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static const struct nflb_nl_conf_types nflb_rule_conf_types = {
	.sched = NFLB_SNI_RULE_A_SCHED_NAME,
	.flags = NFLB_SNI_RULE_A_FLAGS,
	.timeout = NFLB_SNI_RULE_A_TIMEOUT,
	.netmask = NFLB_SNI_RULE_A_NETMASK,
	.num_dests = NFLB_SNI_RULE_A_NUM_DESTS,
	.stats = NFLB_SNI_RULE_A_STATS,
	.flags_mask = NFLB_SNI_RULE_F_ALL,
};

int nflb_nl_put_sni_rule(struct sk_buff *msg, const struct nflb_service *rule,
			 bool full)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, NFLB_ATTR_SNI_RULE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(msg, NFLB_SNI_RULE_A_NAME, rule->sni_name) ||
	    (full && nflb_nl_put_conf(msg, rule, &nflb_rule_conf_types)))
		goto err;
	nla_nest_end(msg, nest);
	return 0;
err:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

int nflb_nl_put_owner(struct sk_buff *msg, const struct nflb_service *svc)
{
	if (!svc->parent)
		return nflb_nl_put_svc(msg, svc, false);
	return nflb_nl_put_svc(msg, svc->parent, false) ?:
	       nflb_nl_put_sni_rule(msg, svc, false);
}

/*
 * One GET_SERVICE (or, for an SNI rule, GET_SNI_RULE) message with the
 * whole object; @cb set when it is part of a dump.
 */
int nflb_nl_fill(struct sk_buff *msg, u32 portid, u32 seq,
		 struct netlink_callback *cb, const struct nflb_service *svc)
{
	u8 cmd = svc->parent ? NFLB_CMD_GET_SNI_RULE : NFLB_CMD_GET_SERVICE;
	void *hdr;
	int ret;

	hdr = genlmsg_put(msg, portid, seq, &nflb_genl_family,
			  cb ? NLM_F_MULTI : 0, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (svc->parent)
		ret = nflb_nl_put_svc(msg, svc->parent, false) ?:
		      nflb_nl_put_sni_rule(msg, svc, true);
	else
		ret = nflb_nl_put_svc(msg, svc, true);
	if (ret) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/* Answer a GET of one service or SNI rule (@svc; NULL: -ENOENT). */
int nflb_nl_reply_one(struct genl_info *info, const struct nflb_service *svc)
{
	struct sk_buff *msg;
	int ret;

	if (!svc)
		return -ENOENT;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ret = nflb_nl_fill(msg, info->snd_portid, info->snd_seq, NULL, svc);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

void nflb_nl_notify(struct nflb_net *nn, u8 cmd,
		    const struct nflb_service *svc,
		    const struct nflb_dest *dest)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&nflb_genl_family, nn->net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &nflb_genl_family, 0, cmd);
	if (!hdr)
		goto err;
	if (svc && svc->parent) {
		/* An SNI rule, or a real server of one. */
		if (nflb_nl_put_svc(msg, svc->parent, false) ||
		    nflb_nl_put_sni_rule(msg, svc,
					 !dest && cmd != NFLB_CMD_DEL_SNI_RULE))
			goto err;
	} else if (svc && nflb_nl_put_svc(msg, svc,
					  !dest && cmd != NFLB_CMD_DEL_SERVICE)) {
		goto err;
	}
	if (dest && nflb_nl_put_dest(msg, dest, cmd != NFLB_CMD_DEL_DEST))
		goto err;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&nflb_genl_family, nn->net, msg, 0, 0,
				GFP_KERNEL);
	return;
err:
	nlmsg_free(msg);
}

/* The service to go on from, if the cursor may still be followed. */
struct nflb_service *nflb_dump_cursor(const void *cb_ctx, struct nflb_net *nn)
{
	const struct nflb_dump_ctx *ctx = cb_ctx;

	lockdep_assert_held(&nn->lock);
	return ctx->svc && ctx->gen == nn->generation ? ctx->svc : NULL;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_dump_cursor);

/* A cursor at @svc, as a dump leaves it (for the KUnit case). */
void nflb_dump_cursor_set(void *cb_ctx, struct nflb_net *nn,
			  struct nflb_service *svc)
{
	struct nflb_dump_ctx *ctx = cb_ctx;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof_field(struct netlink_callback, ctx));
	ctx->svc = svc;
	ctx->gen = nn->generation;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_dump_cursor_set);
