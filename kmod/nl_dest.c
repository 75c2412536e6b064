// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands on real servers: NEW/SET/DEL/GET_DEST, of a service or
 * (SNI_RULE{NAME}) of one of its SNI rules.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nflb.h>

#include "compat.h"
#include "hooks.h"
#include "netlink.h"
#include "netns.h"
#include "nl_msg.h"
#include "nl_parse.h"
#include "service.h"
#include "sni_rule.h"

/* Apply the DEST settings in @tb on top of @conf and check them. */
static int nflb_parse_dest_conf(struct nlattr **tb,
				const struct nflb_service *svc, __be16 port,
				struct nflb_dest_conf *conf,
				struct netlink_ext_ack *extack)
{
	if (tb[NFLB_DEST_A_FWD_METHOD])
		conf->fwd = nla_get_u8(tb[NFLB_DEST_A_FWD_METHOD]);
	if (tb[NFLB_DEST_A_TUN_TYPE])
		conf->tun_type = nla_get_u8(tb[NFLB_DEST_A_TUN_TYPE]);
	if (tb[NFLB_DEST_A_WEIGHT])
		conf->weight = nla_get_u32(tb[NFLB_DEST_A_WEIGHT]);
	if (tb[NFLB_DEST_A_U_THRESH])
		conf->u_thresh = nla_get_u32(tb[NFLB_DEST_A_U_THRESH]);
	if (tb[NFLB_DEST_A_L_THRESH])
		conf->l_thresh = nla_get_u32(tb[NFLB_DEST_A_L_THRESH]);
	if (tb[NFLB_DEST_A_HEALTH]) {
		conf->health = nla_get_u8(tb[NFLB_DEST_A_HEALTH]);
		/* Who set it: said again with every change, or nobody. */
		conf->health_by[0] = '\0';
		if (tb[NFLB_DEST_A_HEALTH_BY])
			nla_strscpy(conf->health_by, tb[NFLB_DEST_A_HEALTH_BY],
				    sizeof(conf->health_by));
	} else if (tb[NFLB_DEST_A_HEALTH_BY]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_DEST_A_HEALTH_BY],
				    "health setter without the health it sets");
		return -EINVAL;
	}

	if (conf->fwd != NFLB_FWD_NAT && nflb_svc_is_sni(svc)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_DEST_A_FWD_METHOD],
				    "SNI services forward by masquerading only: replies must cross the balancer to be translated");
		return -EINVAL;
	}
	if (conf->fwd != NFLB_FWD_NAT && port != svc->key.port) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_DEST_A_PORT],
				    "only NAT can map to another port: direct routing and tunnels keep the service's port");
		return -EINVAL;
	}
	if (tb[NFLB_DEST_A_TUN_TYPE] && conf->fwd != NFLB_FWD_TUN) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_DEST_A_TUN_TYPE],
				    "tunnel type needs the tunnel forwarding method");
		return -EINVAL;
	}
	if (conf->u_thresh && conf->l_thresh > conf->u_thresh) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_DEST_A_L_THRESH] ?:
					    tb[NFLB_DEST_A_U_THRESH],
				    "lower connection threshold above the upper one");
		return -EINVAL;
	}
	return 0;
}

/*
 * Common start of the DEST commands: parse both nests, find the service,
 * parse the real server's identity.  Called and returns with nn->lock held.
 */
static int nflb_dest_request(struct nflb_net *nn, struct genl_info *info,
			     struct nlattr **tb, struct nflb_service **svcp,
			     union nf_inet_addr *addr, __be16 *port)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *stb[NFLB_SVC_A_MAX + 1];
	struct nlattr *nest = info->attrs[NFLB_ATTR_DEST];
	struct nflb_service *svc;
	struct nflb_svc_key key;
	int ret;

	ret = nflb_nl_svc_request(info, stb, &key);
	if (ret)
		return ret;
	if (NFLB_REQUIRE(info, NFLB_ATTR_DEST, "real server missing"))
		return -EINVAL;
	ret = nla_parse_nested(tb, NFLB_DEST_A_MAX, nest, nflb_dest_policy, extack);
	if (ret)
		return ret;
	svc = nflb_nl_find_svc(nn, &key, info->attrs[NFLB_ATTR_SERVICE], extack);
	if (!svc)
		return -ENOENT;
	/* A rule's real servers instead of the service's own. */
	ret = nflb_sni_rule_from_attr(info->attrs[NFLB_ATTR_SNI_RULE], &svc,
				      extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, NFLB_DEST_A_ADDR)) {
		NL_SET_ERR_MSG(extack, "real server address missing");
		return -EINVAL;
	}
	ret = nflb_parse_addr(tb[NFLB_DEST_A_ADDR], key.af, addr, extack);
	if (ret)
		return ret;
	/* No port: the service's (ipvsadm's default). */
	*port = tb[NFLB_DEST_A_PORT] ? nla_get_be16(tb[NFLB_DEST_A_PORT]) :
				       key.port;
	*svcp = svc;
	return 0;
}

int nflb_nl_new_dest(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_DEST_A_MAX + 1];
	struct nflb_dest_conf conf = {
		.fwd = NFLB_FWD_DR,
		.tun_type = NFLB_TUN_IPIP,
		.weight = 1,
	};
	struct nflb_service *svc;
	struct nflb_dest *dest;
	union nf_inet_addr addr;
	__be16 port;
	int ret;

	mutex_lock(&nn->lock);
	ret = nflb_dest_request(nn, info, tb, &svc, &addr, &port);
	if (ret)
		goto out;
	/* SNI services masquerade: that is their default. */
	if (nflb_svc_is_sni(svc))
		conf.fwd = NFLB_FWD_NAT;
	ret = nflb_parse_dest_conf(tb, svc, port, &conf, info->extack);
	if (ret)
		goto out;
	dest = nflb_dest_add(nn, svc, &addr, port, &conf, info->extack);
	if (IS_ERR(dest)) {
		ret = PTR_ERR(dest);
		NL_SET_BAD_ATTR(info->extack, info->attrs[NFLB_ATTR_DEST]);
		goto out;
	}
	nflb_nl_notify(nn, NFLB_CMD_NEW_DEST, svc, dest);
out:
	mutex_unlock(&nn->lock);
	return ret;
}

static struct nflb_dest *nflb_find_dest(struct nflb_service *svc,
					const union nf_inet_addr *addr,
					__be16 port, struct genl_info *info)
{
	struct nflb_dest *dest = nflb_dest_lookup(svc, addr, port);

	if (!dest && svc->parent)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NFLB_ATTR_DEST],
				    "real server does not exist in this SNI rule");
	else if (!dest)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NFLB_ATTR_DEST],
				    "real server does not exist in this service");
	return dest;
}

int nflb_nl_set_dest(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_DEST_A_MAX + 1];
	struct nflb_dest_conf conf;
	struct nflb_service *svc;
	struct nflb_dest *dest;
	union nf_inet_addr addr;
	__be16 port;
	int ret;

	mutex_lock(&nn->lock);
	ret = nflb_dest_request(nn, info, tb, &svc, &addr, &port);
	if (ret)
		goto out;
	dest = nflb_find_dest(svc, &addr, port, info);
	ret = -ENOENT;
	if (!dest)
		goto out;
	nflb_dest_conf_get(dest, &conf);
	ret = nflb_parse_dest_conf(tb, svc, port, &conf, info->extack);
	if (ret)
		goto out;
	ret = nflb_dest_update(nn, dest, &conf, info->extack);
	if (ret)
		goto out;
	nflb_nl_notify(nn, NFLB_CMD_SET_DEST, svc, dest);
out:
	mutex_unlock(&nn->lock);
	return ret;
}

int nflb_nl_del_dest(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_DEST_A_MAX + 1];
	struct nflb_service *svc;
	struct nflb_dest *dest;
	union nf_inet_addr addr;
	__be16 port;
	int ret;

	mutex_lock(&nn->lock);
	ret = nflb_dest_request(nn, info, tb, &svc, &addr, &port);
	if (ret)
		goto out;
	dest = nflb_find_dest(svc, &addr, port, info);
	ret = -ENOENT;
	if (!dest)
		goto out;
	nflb_nl_notify(nn, NFLB_CMD_DEL_DEST, svc, dest);
	nflb_dest_del(nn, svc, dest);
	ret = 0;
out:
	mutex_unlock(&nn->lock);
	return ret;
}

/* One GET_DEST dump message per real server: SERVICE{identity}, DEST{all}. */
static int nflb_dump_one_dest(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct nflb_service *svc,
			      const struct nflb_dest *dest)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &nflb_genl_family, NLM_F_MULTI, NFLB_CMD_GET_DEST);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nflb_nl_put_owner(skb, svc) ||
	    nflb_nl_put_dest(skb, dest, true)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Every real server of the namespace, service by service. */
static int nflb_dump_all_dests(struct sk_buff *skb,
			       struct netlink_callback *cb,
			       struct nflb_net *nn, struct nflb_dump_ctx *ctx)
{
	struct nflb_service *svc;
	struct nflb_dest *dest;
	u32 s = 0, i;

	svc = nflb_dump_cursor(ctx, nn);
	if (!svc) {
		svc = list_first_entry(&nn->svc_list, typeof(*svc), list);
		while (!list_entry_is_head(svc, &nn->svc_list, list) &&
		       s++ < ctx->svc_pos)
			svc = list_next_entry(svc, list);
	}
	list_for_each_entry_from(svc, &nn->svc_list, list) {
		ctx->svc = svc;
		i = 0;
		list_for_each_entry(dest, &svc->dests, list) {
			if (i++ < ctx->pos)
				continue;
			if (nflb_dump_one_dest(skb, cb, svc, dest))
				return skb->len;
			ctx->pos++;
		}
		ctx->svc_pos++;
		ctx->pos = 0;
	}
	ctx->svc = NULL;
	return skb->len;
}

int nflb_nl_dump_dest(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nflb_dump_ctx *ctx = (struct nflb_dump_ctx *)cb->ctx;
	struct nflb_net *nn = nflb_net(sock_net(skb->sk));
	struct nlattr **attrs = nflb_dump_attrs(cb);
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_service *svc;
	struct nflb_dest *dest;
	int ret = 0;
	u32 i = 0;

	if (!ctx->have_key && !ctx->all) {
		if (!attrs[NFLB_ATTR_SERVICE]) {
			if (attrs[NFLB_ATTR_SNI_RULE]) {
				NL_SET_ERR_MSG(cb->extack,
					       "SNI rule given without its service");
				return -EINVAL;
			}
			ctx->all = true;
		} else {
			ret = nflb_parse_svc(attrs[NFLB_ATTR_SERVICE], tb,
					     &ctx->key, cb->extack);
			if (ret)
				return ret;
			ctx->have_key = true;
		}
	}

	mutex_lock(&nn->lock);
	cb->seq = nflb_dump_seq(nn);
	if (ctx->all) {
		ret = nflb_dump_all_dests(skb, cb, nn, ctx);
		ctx->gen = nn->generation;
		goto out;
	}
	svc = nflb_svc_lookup(nn, &ctx->key);
	if (!svc) {
		/* Also when it went away in the middle of the dump. */
		NL_SET_ERR_MSG(cb->extack, "service does not exist");
		ret = -ENOENT;
		goto out;
	}
	/* The rule is found again each time: the cursor has no room for it. */
	ret = nflb_sni_rule_from_attr(attrs[NFLB_ATTR_SNI_RULE], &svc,
				      cb->extack);
	if (ret)
		goto out;
	list_for_each_entry(dest, &svc->dests, list) {
		if (i++ < ctx->pos)
			continue;
		if (nflb_dump_one_dest(skb, cb, svc, dest))
			break;
		ctx->pos++;
	}
	ret = skb->len;
out:
	mutex_unlock(&nn->lock);
	return ret;
}
