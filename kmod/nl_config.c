// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands on the namespace as a whole: GET_INFO, GET/SET_CONFIG,
 * FLUSH and ZERO.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nflb.h>

#include "compat.h"
#include "hooks.h"
#include "limits.h"
#include "netlink.h"
#include "netns.h"
#include "nflb.h"
#include "nl_msg.h"
#include "nl_parse.h"
#include "sched.h"
#include "service.h"
#include "sni_limits.h"
#include "sni_rule.h"

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

/* Summed over the CPUs; 0 before the first service. */
static u64 nflb_src_range_drops(const struct nflb_net *nn)
{
	u64 sum = 0;
	int cpu;

	if (!nn->src_range_drops)
		return 0;
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(nn->src_range_drops, cpu));
	return sum;
}

int nflb_nl_get_info(struct sk_buff *skb, struct genl_info *info)
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
	    nla_put_u64_64bit(msg, NFLB_INFO_A_SOURCE_RANGE_DROPS,
			      nflb_src_range_drops(nn), NFLB_INFO_A_PAD) ||
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

int nflb_nl_get_config(struct sk_buff *skb, struct genl_info *info)
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

int nflb_nl_set_config(struct sk_buff *skb, struct genl_info *info)
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

int nflb_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));

	mutex_lock(&nn->lock);
	nflb_svc_flush(nn);
	nflb_hooks_sync_mark(nn, NULL);
	nflb_nl_notify(nn, NFLB_CMD_FLUSH, NULL, NULL);
	mutex_unlock(&nn->lock);
	return 0;
}

int nflb_nl_zero(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_service *svc;
	struct nflb_svc_key key;
	int ret;

	ret = nflb_nl_no_rule(info);
	if (ret)
		return ret;
	if (info->attrs[NFLB_ATTR_SERVICE]) {
		ret = nflb_parse_svc(info->attrs[NFLB_ATTR_SERVICE], tb, &key,
				     info->extack);
		if (ret)
			return ret;
	}
	mutex_lock(&nn->lock);
	if (info->attrs[NFLB_ATTR_SERVICE]) {
		svc = nflb_nl_find_svc(nn, &key, info->attrs[NFLB_ATTR_SERVICE],
				       info->extack);
		if (svc)
			nflb_svc_zero(svc);
		else
			ret = -ENOENT;
	} else {
		list_for_each_entry(svc, &nn->svc_list, list)
			nflb_svc_zero(svc);
	}
	mutex_unlock(&nn->lock);
	return ret;
}
