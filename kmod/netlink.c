// SPDX-License-Identifier: GPL-2.0
/*
 * The "nflb" generic netlink family: the only control interface.
 * The protocol is documented in include/uapi/linux/nflb.h and
 * Documentation/netlink.rst.  This file has the family, its policies, the
 * info and config commands and events; nl_service.c has the services.
 */
#include <net/genetlink.h>
#include <linux/nflb.h>

#include "compat.h"
#include "hooks.h"
#include "limits.h"
#include "netlink.h"
#include "netns.h"
#include "nflb.h"
#include "sched.h"
#include "service.h"
#include "sni_limits.h"
#include "sni_rule.h"

#define NFLB_REPLY_ONLY(what) {				\
	.type = NLA_REJECT,				\
	.reject_message = what " is reply-only",	\
}

/* Not const: 6.1's nla_policy points to a mutable range. */
static struct netlink_range_validation nflb_weight_range = {
	.max = 65535,
};

const struct nla_policy nflb_svc_policy[NFLB_SVC_A_MAX + 1] = {
	[NFLB_SVC_A_AF]		= { .type = NLA_U16 },
	[NFLB_SVC_A_PROTOCOL]	= { .type = NLA_U8 },
	[NFLB_SVC_A_ADDR]	= { .type = NLA_BINARY,
				    .len = sizeof(struct in6_addr) },
	[NFLB_SVC_A_PORT]	= { .type = NLA_BE16 },
	[NFLB_SVC_A_FWMARK]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_SVC_A_SCHED_NAME]	= { .type = NLA_NUL_STRING,
				    .len = NFLB_SCHED_NAME_MAX - 1 },
	[NFLB_SVC_A_FLAGS]	= NLA_POLICY_BITFIELD32(NFLB_SVC_F_ALL),
	[NFLB_SVC_A_TIMEOUT]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_SVC_A_NETMASK]	= NLA_POLICY_MAX(NLA_U8, 128),
	[NFLB_SVC_A_STATS]	= NFLB_REPLY_ONLY("service stats"),
	[NFLB_SVC_A_NUM_DESTS]	= NFLB_REPLY_ONLY("number of real servers"),
	[NFLB_SVC_A_PAD]	= { .type = NLA_REJECT },
	[NFLB_SVC_A_SNI_DEFAULT] = NLA_POLICY_MAX(NLA_U8, NFLB_SNI_DEFAULT_MAX),
};

const struct nla_policy nflb_sni_rule_policy[NFLB_SNI_RULE_A_MAX + 1] = {
	[NFLB_SNI_RULE_A_NAME]	= { .type = NLA_NUL_STRING,
				    .len = NFLB_SNI_RULE_NAME_SIZE - 1 },
	[NFLB_SNI_RULE_A_SCHED_NAME] = { .type = NLA_NUL_STRING,
					 .len = NFLB_SCHED_NAME_MAX - 1 },
	[NFLB_SNI_RULE_A_FLAGS]	= NLA_POLICY_BITFIELD32(NFLB_SNI_RULE_F_ALL),
	[NFLB_SNI_RULE_A_TIMEOUT] = NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_SNI_RULE_A_NETMASK] = NLA_POLICY_MAX(NLA_U8, 128),
	[NFLB_SNI_RULE_A_STATS]	= NFLB_REPLY_ONLY("SNI rule stats"),
	[NFLB_SNI_RULE_A_NUM_DESTS] = NFLB_REPLY_ONLY("number of real servers"),
	[NFLB_SNI_RULE_A_PAD]	= { .type = NLA_REJECT },
};

const struct nla_policy nflb_dest_policy[NFLB_DEST_A_MAX + 1] = {
	[NFLB_DEST_A_ADDR]	= { .type = NLA_BINARY,
				    .len = sizeof(struct in6_addr) },
	[NFLB_DEST_A_PORT]	= { .type = NLA_BE16 },
	[NFLB_DEST_A_FWD_METHOD] = NLA_POLICY_MAX(NLA_U8, NFLB_FWD_MAX),
	[NFLB_DEST_A_TUN_TYPE]	= NLA_POLICY_MAX(NLA_U8, NFLB_TUN_MAX),
	[NFLB_DEST_A_WEIGHT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nflb_weight_range),
	[NFLB_DEST_A_U_THRESH]	= { .type = NLA_U32 },
	[NFLB_DEST_A_L_THRESH]	= { .type = NLA_U32 },
	[NFLB_DEST_A_ACTIVE_CONNS] = NFLB_REPLY_ONLY("active connections"),
	[NFLB_DEST_A_INACT_CONNS] = NFLB_REPLY_ONLY("inactive connections"),
	[NFLB_DEST_A_PERSIST_CONNS] = NFLB_REPLY_ONLY("persistent connections"),
	[NFLB_DEST_A_STATS]	= NFLB_REPLY_ONLY("real server stats"),
	[NFLB_DEST_A_PAD]	= { .type = NLA_REJECT },
	[NFLB_DEST_A_HEALTH]	= NLA_POLICY_MAX(NLA_U8, NFLB_HEALTH_MAX),
	[NFLB_DEST_A_HEALTH_BY]	= { .type = NLA_NUL_STRING,
				    .len = NFLB_HEALTH_BY_LEN - 1 },
	[NFLB_DEST_A_HEALTH_AGE] = NFLB_REPLY_ONLY("health age"),
};
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_dest_policy);

static struct netlink_range_validation nflb_sni_peek_range = {
	.min = 512, .max = 65535,
};

static struct netlink_range_validation nflb_sni_timeout_range = {
	.min = 100, .max = 30000,	/* an entry waits 60 s (SYN_RECV) */
};

static const struct nla_policy nflb_config_policy[NFLB_CONFIG_A_MAX + 1] = {
	[NFLB_CONFIG_A_TCP_TIMEOUT]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_CONFIG_A_TCPFIN_TIMEOUT]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_CONFIG_A_UDP_TIMEOUT]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_CONFIG_A_MAX_SERVICES]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_CONFIG_A_MAX_DESTS]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_CONFIG_A_MAX_CONNS]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_CONFIG_A_SNI_PEEK_BYTES]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &nflb_sni_peek_range),
	[NFLB_CONFIG_A_SNI_TIMEOUT_MS]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &nflb_sni_timeout_range),
	[NFLB_CONFIG_A_SNI_MAX_PENDING]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFLB_CONFIG_A_MAX_SERVICES_CEILING] =
		NFLB_REPLY_ONLY("the host's max_services_ceiling"),
	[NFLB_CONFIG_A_MAX_DESTS_CEILING] =
		NFLB_REPLY_ONLY("the host's max_dests_ceiling"),
	[NFLB_CONFIG_A_MAX_CONNS_CEILING] =
		NFLB_REPLY_ONLY("the host's max_conns_ceiling"),
	[NFLB_CONFIG_A_SNI_MAX_PENDING_CEILING] =
		NFLB_REPLY_ONLY("the host's sni_max_pending_ceiling"),
};

/* The settings the host's ceilings bound, and the ceilings' attributes. */
static const u8 nflb_limit_attr[NFLB_LIMIT_N] = {
	[NFLB_LIMIT_SERVICES]		= NFLB_CONFIG_A_MAX_SERVICES,
	[NFLB_LIMIT_DESTS]		= NFLB_CONFIG_A_MAX_DESTS,
	[NFLB_LIMIT_CONNS]		= NFLB_CONFIG_A_MAX_CONNS,
	[NFLB_LIMIT_SNI_PENDING]	= NFLB_CONFIG_A_SNI_MAX_PENDING,
};

static const u8 nflb_ceiling_attr[NFLB_LIMIT_N] = {
	[NFLB_LIMIT_SERVICES]		= NFLB_CONFIG_A_MAX_SERVICES_CEILING,
	[NFLB_LIMIT_DESTS]		= NFLB_CONFIG_A_MAX_DESTS_CEILING,
	[NFLB_LIMIT_CONNS]		= NFLB_CONFIG_A_MAX_CONNS_CEILING,
	[NFLB_LIMIT_SNI_PENDING]	= NFLB_CONFIG_A_SNI_MAX_PENDING_CEILING,
};

static const struct nla_policy nflb_attr_policy[NFLB_ATTR_MAX + 1] = {
	[NFLB_ATTR_VERSION]	= NFLB_REPLY_ONLY("version"),
	[NFLB_ATTR_GENL_VERSION] = NFLB_REPLY_ONLY("genl version"),
	[NFLB_ATTR_SERVICE]	= NLA_POLICY_NESTED(nflb_svc_policy),
	[NFLB_ATTR_DEST]	= NLA_POLICY_NESTED(nflb_dest_policy),
	[NFLB_ATTR_CONFIG]	= NLA_POLICY_NESTED(nflb_config_policy),
	[NFLB_ATTR_INFO]	= NFLB_REPLY_ONLY("info"),
	[NFLB_ATTR_CONN]	= NFLB_REPLY_ONLY("connection"),
	[NFLB_ATTR_SNI_RULE]	= NLA_POLICY_NESTED(nflb_sni_rule_policy),
};

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

/* Listening needs CAP_NET_ADMIN over the namespace, like every command. */
static const struct genl_multicast_group nflb_mcgrps[] = {
	{ .name = NFLB_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

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

static int nflb_nl_put_sni_info(struct sk_buff *msg, struct nflb_net *nn)
{
	const struct nflb_sni_counters *c = &nn->sni;

	return nla_put_u32(msg, NFLB_INFO_A_SNI_PENDING,
			   atomic_read(&nn->sni_num_pending)) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_COOKIE_FAILS,
				 atomic64_read(&c->cookie_fails), NFLB_INFO_A_PAD) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_PENDING_DROPS,
				 atomic64_read(&c->pending_drops), NFLB_INFO_A_PAD) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_PEEK_OVERFLOWS,
				 atomic64_read(&c->peek_overflows), NFLB_INFO_A_PAD) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_TIMEOUTS,
				 atomic64_read(&c->timeouts), NFLB_INFO_A_PAD) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_RESETS,
				 atomic64_read(&c->resets), NFLB_INFO_A_PAD) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_BOUND,
				 atomic64_read(&c->bound), NFLB_INFO_A_PAD) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_HELD_BYTES,
				 atomic_long_read(&nn->sni_held), NFLB_INFO_A_PAD) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_HELD_LIMIT,
				 nflb_sni_held_limit(), NFLB_INFO_A_PAD) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_HELD_DROPS,
				 atomic64_read(&c->held_drops), NFLB_INFO_A_PAD) ||
	       nla_put_u64_64bit(msg, NFLB_INFO_A_SNI_SOURCE_DROPS,
				 atomic64_read(&c->source_drops), NFLB_INFO_A_PAD);
}

static int nflb_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &nflb_genl_family, 0,
				NFLB_CMD_GET_INFO);
	if (!hdr)
		goto err_free;

	mutex_lock(&nn->lock);
	if (nla_put_string(msg, NFLB_ATTR_VERSION, NFLB_VERSION) ||
	    nla_put_u32(msg, NFLB_ATTR_GENL_VERSION, NFLB_GENL_VERSION))
		goto err_unlock;
	nest = nla_nest_start(msg, NFLB_ATTR_INFO);
	if (!nest ||
	    nla_put_u32(msg, NFLB_INFO_A_NUM_SERVICES, nn->num_services) ||
	    nla_put_u32(msg, NFLB_INFO_A_NUM_DESTS, nn->num_dests) ||
	    nla_put_u32(msg, NFLB_INFO_A_SVC_TABLE_SIZE,
			nflb_svc_table_size(nn)) ||
	    nla_put_u32(msg, NFLB_INFO_A_NUM_CONNS,
			atomic_read(&nn->conns.count)) ||
	    nla_put_u32(msg, NFLB_INFO_A_CONN_TABLE_SIZE,
			nflb_conn_tab_size(nn)) ||
	    nla_put_u32(msg, NFLB_INFO_A_CONN_SIZE, sizeof(struct nflb_conn)) ||
	    nla_put_u64_64bit(msg, NFLB_INFO_A_CONN_DROPS,
			      atomic64_read(&nn->conns.drops), NFLB_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFLB_INFO_A_NO_CONN_DROPS,
			      atomic64_read(&nn->conns.no_conn_drops),
			      NFLB_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFLB_INFO_A_TCP_INVALID,
			      atomic64_read(&nn->conns.tcp_invalid),
			      NFLB_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFLB_INFO_A_EARLY_DROPS,
			      atomic64_read(&nn->conns.early_drops),
			      NFLB_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFLB_INFO_A_ORPHAN_DROPS,
			      atomic64_read(&nn->conns.orphan_drops),
			      NFLB_INFO_A_PAD) ||
	    nflb_nl_put_sni_info(msg, nn))
		goto err_unlock;
	nla_nest_end(msg, nest);
	mutex_unlock(&nn->lock);

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_unlock:
	mutex_unlock(&nn->lock);
	genlmsg_cancel(msg, hdr);
err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int nflb_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nflb_config cfg;
	struct sk_buff *msg;
	struct nlattr *nest;
	enum nflb_limit l;
	void *hdr;

	mutex_lock(&nn->lock);
	cfg = nn->cfg;
	mutex_unlock(&nn->lock);
	/* The limits in force: under the host's ceilings where they bind. */
	cfg.max_services = nflb_limit(nn, NFLB_LIMIT_SERVICES, cfg.max_services);
	cfg.max_dests = nflb_limit(nn, NFLB_LIMIT_DESTS, cfg.max_dests);
	cfg.max_conns = nflb_limit(nn, NFLB_LIMIT_CONNS, cfg.max_conns);
	cfg.sni_max_pending = nflb_limit(nn, NFLB_LIMIT_SNI_PENDING,
					 cfg.sni_max_pending);

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nflb_genl_family, 0,
				NFLB_CMD_GET_CONFIG);
	if (!hdr)
		goto err_free;
	nest = nla_nest_start(msg, NFLB_ATTR_CONFIG);
	if (!nest ||
	    nla_put_u32(msg, NFLB_CONFIG_A_TCP_TIMEOUT, cfg.tcp_timeout) ||
	    nla_put_u32(msg, NFLB_CONFIG_A_TCPFIN_TIMEOUT, cfg.tcpfin_timeout) ||
	    nla_put_u32(msg, NFLB_CONFIG_A_UDP_TIMEOUT, cfg.udp_timeout) ||
	    nla_put_u32(msg, NFLB_CONFIG_A_MAX_SERVICES, cfg.max_services) ||
	    nla_put_u32(msg, NFLB_CONFIG_A_MAX_DESTS, cfg.max_dests) ||
	    nla_put_u32(msg, NFLB_CONFIG_A_MAX_CONNS, cfg.max_conns) ||
	    nla_put_u32(msg, NFLB_CONFIG_A_SNI_PEEK_BYTES, cfg.sni_peek_bytes) ||
	    nla_put_u32(msg, NFLB_CONFIG_A_SNI_TIMEOUT_MS, cfg.sni_timeout_ms) ||
	    nla_put_u32(msg, NFLB_CONFIG_A_SNI_MAX_PENDING, cfg.sni_max_pending))
		goto err_cancel;
	for (l = 0; nn->capped && l < NFLB_LIMIT_N; l++)
		if (nla_put_u32(msg, nflb_ceiling_attr[l], nflb_ceiling_get(l)))
			goto err_cancel;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_cancel:
	genlmsg_cancel(msg, hdr);
err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * In a namespace the host's ceilings bind, may @tb's limits be set?  Its
 * owner may set them up to the ceilings; only the host raises those.
 */
static int nflb_check_ceilings(const struct nflb_net *nn, struct nlattr **tb,
			       struct netlink_ext_ack *extack)
{
	enum nflb_limit l;

	for (l = 0; nn->capped && l < NFLB_LIMIT_N; l++) {
		const struct nlattr *attr = tb[nflb_limit_attr[l]];
		u32 ceiling = nflb_ceiling_get(l);

		if (!attr || nla_get_u32(attr) <= ceiling)
			continue;
		switch (l) {
		case NFLB_LIMIT_SERVICES:
			NFLB_ERR_FMT(extack,
				     "max-services above the host ceiling (max_services_ceiling)",
				     "max-services above the host ceiling of %u (max_services_ceiling)",
				     ceiling);
			break;
		case NFLB_LIMIT_DESTS:
			NFLB_ERR_FMT(extack,
				     "max-dests above the host ceiling (max_dests_ceiling)",
				     "max-dests above the host ceiling of %u (max_dests_ceiling)",
				     ceiling);
			break;
		case NFLB_LIMIT_CONNS:
			NFLB_ERR_FMT(extack,
				     "max-conns above the host ceiling (max_conns_ceiling)",
				     "max-conns above the host ceiling of %u (max_conns_ceiling)",
				     ceiling);
			break;
		default:
			NFLB_ERR_FMT(extack,
				     "sni-max-pending above the host ceiling (sni_max_pending_ceiling)",
				     "sni-max-pending above the host ceiling of %u (sni_max_pending_ceiling)",
				     ceiling);
			break;
		}
		NL_SET_BAD_ATTR(extack, attr);
		return -EPERM;
	}
	return 0;
}

static int nflb_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_CONFIG_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct nflb_config cfg;
	int ret;

	if (NFLB_REQUIRE(info, NFLB_ATTR_CONFIG, "config missing"))
		return -EINVAL;
	ret = nla_parse_nested(tb, NFLB_CONFIG_A_MAX, info->attrs[NFLB_ATTR_CONFIG],
			       nflb_config_policy, extack);
	if (ret)
		return ret;
	ret = nflb_check_ceilings(nn, tb, extack);
	if (ret)
		return ret;

	mutex_lock(&nn->lock);
	cfg = nn->cfg;
	if (tb[NFLB_CONFIG_A_TCP_TIMEOUT])
		cfg.tcp_timeout = nla_get_u32(tb[NFLB_CONFIG_A_TCP_TIMEOUT]);
	if (tb[NFLB_CONFIG_A_TCPFIN_TIMEOUT])
		cfg.tcpfin_timeout = nla_get_u32(tb[NFLB_CONFIG_A_TCPFIN_TIMEOUT]);
	if (tb[NFLB_CONFIG_A_UDP_TIMEOUT])
		cfg.udp_timeout = nla_get_u32(tb[NFLB_CONFIG_A_UDP_TIMEOUT]);
	if (tb[NFLB_CONFIG_A_MAX_SERVICES])
		cfg.max_services = nla_get_u32(tb[NFLB_CONFIG_A_MAX_SERVICES]);
	if (tb[NFLB_CONFIG_A_MAX_DESTS])
		cfg.max_dests = nla_get_u32(tb[NFLB_CONFIG_A_MAX_DESTS]);
	if (tb[NFLB_CONFIG_A_MAX_CONNS])
		cfg.max_conns = nla_get_u32(tb[NFLB_CONFIG_A_MAX_CONNS]);
	if (tb[NFLB_CONFIG_A_SNI_PEEK_BYTES])
		cfg.sni_peek_bytes = nla_get_u32(tb[NFLB_CONFIG_A_SNI_PEEK_BYTES]);
	if (tb[NFLB_CONFIG_A_SNI_TIMEOUT_MS])
		cfg.sni_timeout_ms = nla_get_u32(tb[NFLB_CONFIG_A_SNI_TIMEOUT_MS]);
	if (tb[NFLB_CONFIG_A_SNI_MAX_PENDING])
		cfg.sni_max_pending = nla_get_u32(tb[NFLB_CONFIG_A_SNI_MAX_PENDING]);

	ret = -EINVAL;
	if (cfg.max_services < nn->num_services + nn->num_sni_rules) {
		if (nn->num_sni_rules)
			NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_CONFIG_A_MAX_SERVICES],
					    "service limit below the number of services and SNI rules");
		else
			NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_CONFIG_A_MAX_SERVICES],
					    "service limit below the number of services");
		goto out;
	}
	if (cfg.max_dests < nflb_max_dests_in_use(nn)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_CONFIG_A_MAX_DESTS],
				    "real server limit below a service's number of real servers");
		goto out;
	}
	nn->cfg = cfg;
	nn->generation++;
	ret = 0;
	nflb_nl_notify(nn, NFLB_CMD_SET_CONFIG, NULL, NULL);
out:
	mutex_unlock(&nn->lock);
	return ret;
}

static int nflb_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));

	mutex_lock(&nn->lock);
	nflb_svc_flush(nn);
	nflb_hooks_sync_mark(nn, NULL);
	nflb_nl_notify(nn, NFLB_CMD_FLUSH, NULL, NULL);
	mutex_unlock(&nn->lock);
	return 0;
}

#define NFLB_OP(_cmd, _doit) {				\
	.cmd	= _cmd,					\
	.doit	= _doit,				\
	.flags	= GENL_UNS_ADMIN_PERM,			\
}

static const struct genl_ops nflb_genl_ops[] = {
	NFLB_OP(NFLB_CMD_GET_INFO, nflb_nl_get_info),
	NFLB_OP(NFLB_CMD_NEW_SERVICE, nflb_nl_new_svc),
	NFLB_OP(NFLB_CMD_SET_SERVICE, nflb_nl_set_svc),
	NFLB_OP(NFLB_CMD_DEL_SERVICE, nflb_nl_del_svc),
	{
		.cmd	= NFLB_CMD_GET_SERVICE,
		.doit	= nflb_nl_get_svc,
		.dumpit	= nflb_nl_dump_svc,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	NFLB_OP(NFLB_CMD_NEW_DEST, nflb_nl_new_dest),
	NFLB_OP(NFLB_CMD_SET_DEST, nflb_nl_set_dest),
	NFLB_OP(NFLB_CMD_DEL_DEST, nflb_nl_del_dest),
	{
		.cmd	= NFLB_CMD_GET_DEST,
		.dumpit	= nflb_nl_dump_dest,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	NFLB_OP(NFLB_CMD_FLUSH, nflb_nl_flush),
	NFLB_OP(NFLB_CMD_ZERO, nflb_nl_zero),
	NFLB_OP(NFLB_CMD_GET_CONFIG, nflb_nl_get_config),
	NFLB_OP(NFLB_CMD_SET_CONFIG, nflb_nl_set_config),
	{
		.cmd	= NFLB_CMD_GET_CONN,
		.dumpit	= nflb_nl_dump_conn,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	NFLB_OP(NFLB_CMD_NEW_SNI_RULE, nflb_nl_new_sni_rule),
	NFLB_OP(NFLB_CMD_SET_SNI_RULE, nflb_nl_set_sni_rule),
	NFLB_OP(NFLB_CMD_DEL_SNI_RULE, nflb_nl_del_sni_rule),
	{
		.cmd	= NFLB_CMD_GET_SNI_RULE,
		.doit	= nflb_nl_get_sni_rule,
		.dumpit	= nflb_nl_dump_sni_rule,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

struct genl_family nflb_genl_family __ro_after_init = {
	.name		= NFLB_GENL_NAME,
	.version	= NFLB_GENL_VERSION,
	.maxattr	= NFLB_ATTR_MAX,
	.policy		= nflb_attr_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= nflb_genl_ops,
	.n_ops		= ARRAY_SIZE(nflb_genl_ops),
	.mcgrps		= nflb_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(nflb_mcgrps),
	.resv_start_op	= 0,
};

int __init nflb_genl_init(void)
{
	return genl_register_family(&nflb_genl_family);
}

void nflb_genl_exit(void)
{
	genl_unregister_family(&nflb_genl_family);
}
