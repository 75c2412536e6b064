// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands on SNI rules: NEW/SET/DEL/GET_SNI_RULE, and the
 * SNI_RULE{NAME} that addresses a rule's real servers in the DEST
 * commands.
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nflb.h>

#include "compat.h"
#include "netlink.h"
#include "netns.h"
#include "sched.h"
#include "sni.h"
#include "sni_rule.h"

/* GET_SNI_RULE dump cursor, in cb->ctx. */
struct nflb_sni_dump_ctx {
	u32 pos;		/* next rule to send */
};

/*
 * Parse an SNI_RULE nest into @tb and its name, normalized, into @name
 * (NFLB_SNI_RULE_NAME_SIZE bytes).
 */
static int nflb_parse_sni_rule(struct nlattr *nest, struct nlattr **tb,
			       char *name, struct netlink_ext_ack *extack)
{
	int ret;

	ret = nla_parse_nested(tb, NFLB_SNI_RULE_A_MAX, nest,
			       nflb_sni_rule_policy, extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, NFLB_SNI_RULE_A_NAME)) {
		NL_SET_ERR_MSG(extack, "SNI rule name missing");
		return -EINVAL;
	}
	nla_strscpy(name, tb[NFLB_SNI_RULE_A_NAME], NFLB_SNI_RULE_NAME_SIZE);
	/* In place: the normalized name is never longer. */
	if (!nflb_sni_rule_normalize(name, name, NFLB_SNI_RULE_NAME_SIZE)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_SNI_RULE_A_NAME],
				    "SNI rule name is not a host name or *.host name");
		return -EINVAL;
	}
	return 0;
}

static void nflb_rule_conf_attrs(struct nlattr **tb, struct nflb_conf_attrs *a)
{
	*a = (struct nflb_conf_attrs) {
		.sched = tb[NFLB_SNI_RULE_A_SCHED_NAME],
		.flags = tb[NFLB_SNI_RULE_A_FLAGS],
		.timeout = tb[NFLB_SNI_RULE_A_TIMEOUT],
		.netmask = tb[NFLB_SNI_RULE_A_NETMASK],
	};
}

static struct nflb_service *nflb_find_rule(struct nflb_service *svc,
					   const char *name, struct nlattr *nest,
					   struct netlink_ext_ack *extack)
{
	struct nflb_service *rule = nflb_sni_rule_lookup(svc, name);

	if (!rule)
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "SNI rule does not exist in this service");
	return rule;
}

int nflb_sni_rule_from_attr(struct nlattr *nest, struct nflb_service **svcp,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NFLB_SNI_RULE_A_MAX + 1];
	char name[NFLB_SNI_RULE_NAME_SIZE];
	struct nflb_service *rule;
	int ret, i;

	if (!nest)
		return 0;
	ret = nflb_parse_sni_rule(nest, tb, name, extack);
	if (ret)
		return ret;
	for (i = NFLB_SNI_RULE_A_NAME + 1; i <= NFLB_SNI_RULE_A_MAX; i++) {
		if (tb[i]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "a real server's SNI rule is given by its name only, without settings");
			return -EINVAL;
		}
	}
	rule = nflb_find_rule(*svcp, name, nest, extack);
	if (!rule)
		return -ENOENT;
	*svcp = rule;
	return 0;
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
