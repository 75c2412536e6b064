// SPDX-License-Identifier: GPL-2.0
/*
 * The "nflb" generic netlink family: the only control interface.  The
 * protocol is documented in include/uapi/linux/nflb.h and
 * Documentation/netlink.rst.  This file has the family, its policies and
 * the ops table; the handlers are in one file per object (nl_service.c,
 * nl_dest.c, nl_sni.c, nl_conn.c, nl_config.c), built on request parsing
 * (nl_parse.c) and reply and event writing (nl_msg.c).  Handlers never
 * call one another.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nflb.h>

#include "compat.h"
#include "netlink.h"
#include "nflb.h"

#define NFLB_REPLY_ONLY(what) {				\
	.type = NLA_REJECT,				\
	.reject_message = what " is reply-only",	\
}

/* Not const: 6.1's nla_policy points to a mutable range. */
static struct netlink_range_validation nflb_weight_range = {
	.max = 65535,
};

const struct nla_policy nflb_prefix_policy[NFLB_PREFIX_A_MAX + 1] = {
	[NFLB_PREFIX_A_ADDR]	= { .type = NLA_BINARY,
				    .len = sizeof(struct in6_addr) },
	[NFLB_PREFIX_A_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy nflb_src_range_policy[NFLB_SRC_RANGE_A_MAX + 1] = {
	[NFLB_SRC_RANGE_A_PREFIX] = NLA_POLICY_NESTED(nflb_prefix_policy),
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
	[NFLB_SVC_A_SOURCE_RANGES] = NLA_POLICY_NESTED(nflb_src_range_policy),
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

const struct nla_policy nflb_config_policy[NFLB_CONFIG_A_MAX + 1] = {
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

/* Listening needs CAP_NET_ADMIN over the namespace, like every command. */
static const struct genl_multicast_group nflb_mcgrps[] = {
	{ .name = NFLB_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

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
