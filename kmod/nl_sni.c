// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands on SNI rules: NEW/SET/DEL/GET_SNI_RULE.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nflb.h>

#include "compat.h"
#include "netlink.h"
#include "netns.h"
#include "nl_msg.h"
#include "nl_parse.h"
#include "sched.h"
#include "sni.h"
#include "sni_rule.h"

/* GET_SNI_RULE dump cursor, in cb->ctx. */
struct nflb_sni_dump_ctx {
	u32 pos;		/* next rule to send */
};

static void nflb_rule_conf_attrs(struct nlattr **tb, struct nflb_conf_attrs *a)
{
	*a = (struct nflb_conf_attrs) {
		.sched = tb[NFLB_SNI_RULE_A_SCHED_NAME],
		.flags = tb[NFLB_SNI_RULE_A_FLAGS],
		.timeout = tb[NFLB_SNI_RULE_A_TIMEOUT],
		.netmask = tb[NFLB_SNI_RULE_A_NETMASK],
	};
}

/*
 * The start of every rule command: the service's identity into @key and
 * the rule nest into @tb and @name.
 */
static int nflb_sni_request(struct genl_info *info, struct nlattr **tb,
			    char *name, struct nflb_svc_key *key)
{
	struct nlattr *stb[NFLB_SVC_A_MAX + 1];
	int ret;

	ret = nflb_nl_svc_request(info, stb, key);
	if (ret)
		return ret;
	if (NFLB_REQUIRE(info, NFLB_ATTR_SNI_RULE, "SNI rule missing"))
		return -EINVAL;
	return nflb_parse_sni_rule(info->attrs[NFLB_ATTR_SNI_RULE], tb, name,
				   info->extack);
}

int nflb_nl_new_sni_rule(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_SNI_RULE_A_MAX + 1];
	char name[NFLB_SNI_RULE_NAME_SIZE];
	struct nflb_svc_conf conf = {
		.sched = nflb_sched_find(NFLB_SCHED_DEFAULT),
	};
	struct nflb_service *svc, *rule;
	struct nflb_conf_attrs a;
	struct nflb_svc_key key;
	int ret;

	ret = nflb_sni_request(info, tb, name, &key);
	if (ret)
		return ret;
	nflb_rule_conf_attrs(tb, &a);
	ret = nflb_parse_svc_conf(&a, &key, &conf, info->extack);
	if (ret)
		return ret;

	mutex_lock(&nn->lock);
	svc = nflb_nl_find_svc(nn, &key, info->attrs[NFLB_ATTR_SERVICE],
			       info->extack);
	ret = -ENOENT;
	if (!svc)
		goto out;
	rule = nflb_sni_rule_add(nn, svc, name, &conf, info->extack);
	if (IS_ERR(rule)) {
		ret = PTR_ERR(rule);
		NL_SET_BAD_ATTR(info->extack, info->attrs[NFLB_ATTR_SNI_RULE]);
		goto out;
	}
	nflb_nl_notify(nn, NFLB_CMD_NEW_SNI_RULE, rule, NULL);
	ret = 0;
out:
	mutex_unlock(&nn->lock);
	return ret;
}

/* Under nn->lock: the service and rule a request names. */
static struct nflb_service *nflb_sni_rule_request(struct nflb_net *nn,
						  struct genl_info *info,
						  const struct nflb_svc_key *key,
						  const char *name)
{
	struct nflb_service *svc;

	svc = nflb_nl_find_svc(nn, key, info->attrs[NFLB_ATTR_SERVICE],
			       info->extack);
	if (!svc)
		return NULL;
	return nflb_find_rule(svc, name, info->attrs[NFLB_ATTR_SNI_RULE],
			      info->extack);
}

int nflb_nl_set_sni_rule(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_SNI_RULE_A_MAX + 1];
	char name[NFLB_SNI_RULE_NAME_SIZE];
	struct nflb_conf_attrs a;
	struct nflb_service *rule;
	struct nflb_svc_conf conf;
	struct nflb_svc_key key;
	int ret;

	ret = nflb_sni_request(info, tb, name, &key);
	if (ret)
		return ret;

	mutex_lock(&nn->lock);
	rule = nflb_sni_rule_request(nn, info, &key, name);
	ret = -ENOENT;
	if (!rule)
		goto out;
	conf = (struct nflb_svc_conf) {
		.sched = rule->sched,
		.flags = rule->flags,
		.timeout = rule->timeout,
		.netmask = rule->netmask,
	};
	nflb_rule_conf_attrs(tb, &a);
	ret = nflb_parse_svc_conf(&a, &key, &conf, info->extack);
	if (ret)
		goto out;
	ret = nflb_svc_update(nn, rule, &conf, info->extack);
	if (ret)
		goto out;
	nflb_nl_notify(nn, NFLB_CMD_SET_SNI_RULE, rule, NULL);
out:
	mutex_unlock(&nn->lock);
	return ret;
}

int nflb_nl_del_sni_rule(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_SNI_RULE_A_MAX + 1];
	char name[NFLB_SNI_RULE_NAME_SIZE];
	struct nflb_service *rule;
	struct nflb_svc_key key;
	int ret;

	ret = nflb_sni_request(info, tb, name, &key);
	if (ret)
		return ret;

	mutex_lock(&nn->lock);
	rule = nflb_sni_rule_request(nn, info, &key, name);
	ret = -ENOENT;
	if (rule) {
		nflb_nl_notify(nn, NFLB_CMD_DEL_SNI_RULE, rule, NULL);
		nflb_sni_rule_del(nn, rule);
		ret = 0;
	}
	mutex_unlock(&nn->lock);
	return ret;
}

int nflb_nl_get_sni_rule(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_net(genl_info_net(info));
	struct nlattr *tb[NFLB_SNI_RULE_A_MAX + 1];
	char name[NFLB_SNI_RULE_NAME_SIZE];
	struct nflb_svc_key key;
	int ret;

	ret = nflb_sni_request(info, tb, name, &key);
	if (ret)
		return ret;
	mutex_lock(&nn->lock);
	ret = nflb_nl_reply_one(info, nflb_sni_rule_request(nn, info, &key,
							    name));
	mutex_unlock(&nn->lock);
	return ret;
}

/* Every rule of one service, in creation order. */
int nflb_nl_dump_sni_rule(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nflb_sni_dump_ctx *ctx = (struct nflb_sni_dump_ctx *)cb->ctx;
	struct nflb_net *nn = nflb_net(sock_net(skb->sk));
	struct nlattr **attrs = nflb_dump_attrs(cb);
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_sni_rules *rules;
	struct nflb_service *svc, *rule;
	struct nflb_svc_key key;
	int ret;
	u32 i = 0;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	if (!attrs[NFLB_ATTR_SERVICE]) {
		NL_SET_ERR_MSG(cb->extack, "service missing");
		return -EINVAL;
	}
	if (attrs[NFLB_ATTR_SNI_RULE]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[NFLB_ATTR_SNI_RULE],
				    "an SNI rule dump lists every rule of the service: name no rule");
		return -EINVAL;
	}
	ret = nflb_parse_svc(attrs[NFLB_ATTR_SERVICE], tb, &key, cb->extack);
	if (ret)
		return ret;

	mutex_lock(&nn->lock);
	cb->seq = nflb_dump_seq(nn);
	svc = nflb_svc_lookup(nn, &key);
	if (!svc) {
		/* Also when it went away in the middle of the dump. */
		NL_SET_ERR_MSG(cb->extack, "service does not exist");
		ret = -ENOENT;
		goto out;
	}
	rules = nflb_sni_rules(svc);
	ret = skb->len;
	if (!rules)
		goto out;
	list_for_each_entry(rule, &rules->list, list) {
		if (i++ < ctx->pos)
			continue;
		if (nflb_nl_fill(skb, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq, cb, rule))
			break;
		ctx->pos++;
	}
	ret = skb->len;
out:
	mutex_unlock(&nn->lock);
	return ret;
}
