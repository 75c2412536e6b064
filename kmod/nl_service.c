// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands on services: NEW/SET/DEL/GET_SERVICE.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nflb.h>

#include "compat.h"
#include "hooks.h"
#include "netlink.h"
#include "netns.h"
#include "nl_msg.h"
#include "nl_parse.h"
#include "sched.h"
#include "service.h"
#include "sni_rule.h"

static int nflb_nl_whole_svc_request(struct genl_info *info,
				     struct nlattr **tb,
				     struct nflb_svc_key *key)
{
	return nflb_nl_no_rule(info) ?: nflb_nl_svc_request(info, tb, key);
}

int nflb_nl_new_svc(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_svc_conf conf = {
		.sched = nflb_sched_find(NFLB_SCHED_DEFAULT),
	};
	struct nflb_conf_attrs a;
	struct nflb_service *svc;
	struct nflb_svc_key key;
	int ret;

	ret = nflb_nl_whole_svc_request(info, tb, &key);
	if (ret)
		return ret;
	nflb_svc_conf_attrs(tb, &a);
	ret = nflb_parse_svc_conf(&a, &key, &conf, info->extack);
	if (ret)
		return ret;

	mutex_lock(&nn->lock);
	svc = nflb_svc_add(nn, &key, &conf, info->extack);
	if (IS_ERR(svc)) {
		kfree(conf.src_ranges);
		ret = PTR_ERR(svc);
		if (ret == -EEXIST)
			NL_SET_BAD_ATTR(info->extack, info->attrs[NFLB_ATTR_SERVICE]);
		goto out;
	}
	/* the first service brings the tables and hooks; without them it goes */
	ret = nflb_net_start(nn, info->extack);
	if (!ret)
		ret = nflb_hooks_sync_mark(nn, info->extack);
	if (ret) {
		nflb_svc_del(nn, svc);
		nflb_hooks_sync_mark(nn, NULL);
		goto out;
	}
	nflb_nl_notify(nn, NFLB_CMD_NEW_SERVICE, svc, NULL);
out:
	mutex_unlock(&nn->lock);
	return ret;
}

int nflb_nl_set_svc(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_conf_attrs a;
	struct nflb_service *svc;
	struct nflb_svc_conf conf;
	struct nflb_svc_key key;
	int ret;

	ret = nflb_nl_whole_svc_request(info, tb, &key);
	if (ret)
		return ret;

	mutex_lock(&nn->lock);
	svc = nflb_nl_find_svc(nn, &key, info->attrs[NFLB_ATTR_SERVICE], info->extack);
	ret = -ENOENT;
	if (!svc)
		goto out;
	conf = (struct nflb_svc_conf) {
		.sched = svc->sched,
		.flags = svc->flags,
		.timeout = svc->timeout,
		.netmask = svc->netmask,
		.sni_default = svc->sni_default,
	};
	nflb_svc_conf_attrs(tb, &a);
	ret = nflb_parse_svc_conf(&a, &key, &conf, info->extack);
	if (ret)
		goto out;
	ret = nflb_sni_check_mode(svc, &conf, info->extack);
	if (ret) {
		NL_SET_BAD_ATTR(info->extack, tb[NFLB_SVC_A_FLAGS]);
		goto out_free;
	}
	ret = nflb_svc_update(nn, svc, &conf, info->extack);
	if (ret)
		goto out_free;
	/* the service's now */
	nflb_nl_notify(nn, NFLB_CMD_SET_SERVICE, svc, NULL);
	goto out;
out_free:
	kfree(conf.src_ranges);
out:
	mutex_unlock(&nn->lock);
	return ret;
}

int nflb_nl_del_svc(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_service *svc;
	struct nflb_svc_key key;
	int ret;

	ret = nflb_nl_whole_svc_request(info, tb, &key);
	if (ret)
		return ret;

	mutex_lock(&nn->lock);
	svc = nflb_nl_find_svc(nn, &key, info->attrs[NFLB_ATTR_SERVICE], info->extack);
	ret = -ENOENT;
	if (svc) {
		nflb_nl_notify(nn, NFLB_CMD_DEL_SERVICE, svc, NULL);
		nflb_svc_del(nn, svc);
		nflb_hooks_sync_mark(nn, NULL);
		ret = 0;
	}
	mutex_unlock(&nn->lock);
	return ret;
}

int nflb_nl_get_svc(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_service *svc;
	struct nflb_svc_key key;
	int ret;

	ret = nflb_nl_whole_svc_request(info, tb, &key);
	if (ret)
		return ret;
	mutex_lock(&nn->lock);
	svc = nflb_nl_find_svc(nn, &key, info->attrs[NFLB_ATTR_SERVICE], info->extack);
	ret = nflb_nl_reply_one(info, svc);
	mutex_unlock(&nn->lock);
	return ret;
}

int nflb_nl_dump_svc(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nflb_dump_ctx *ctx = (struct nflb_dump_ctx *)cb->ctx;
	struct nflb_net *nn = nflb_net(sock_net(skb->sk));
	struct nflb_service *svc;
	u32 i = 0;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	mutex_lock(&nn->lock);
	cb->seq = nflb_dump_seq(nn);
	svc = nflb_dump_cursor(ctx, nn);
	if (svc) {
		svc = list_next_entry(svc, list);
	} else {
		svc = list_first_entry(&nn->svc_list, typeof(*svc), list);
		while (!list_entry_is_head(svc, &nn->svc_list, list) &&
		       i++ < ctx->pos)
			svc = list_next_entry(svc, list);
	}
	list_for_each_entry_from(svc, &nn->svc_list, list) {
		if (nflb_nl_fill(skb, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq, cb, svc))
			break;
		ctx->svc = svc;
		ctx->pos++;
	}
	ctx->gen = nn->generation;
	mutex_unlock(&nn->lock);
	return skb->len;
}
