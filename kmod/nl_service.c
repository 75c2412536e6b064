// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands on services and real servers.
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
#include "sched.h"
#include "service.h"
#include "sni_rule.h"

#define NFLB_DEFAULT_PERSIST_TIMEOUT	360

/*
 * Dump cursor, kept in cb->ctx between recvmsg() calls.  @svc (the last
 * service sent, or the one an all-dests dump is in) holds no reference: it
 * may be followed only while the namespace's generation is still @gen.
 * Every change bumps it, so the service is still on the list.  The
 * generation is 64 bits: a namespace owner who makes 2^32 cheap changes
 * between two reads of a dump must not bring a freed service's @gen back
 * (a u32 did: nflb_dump_cursor_kunit).  After a change the dump, which
 * will be flagged NLM_F_DUMP_INTR, finds its place again by counting
 * (@pos, @svc_pos).  So a dump of N services costs O(N), not O(N^2).
 */
struct nflb_dump_ctx {
	u64 gen;
	u32 pos;		/* next dest (or service) to send */
	u8 have_key;
	u8 all;			/* GET_DEST without a service */
	union {
		struct {	/* service dumps, all-dests dumps */
			struct nflb_service *svc;
			u32 svc_pos;	/* all-dests: the service it is at */
		};
		struct nflb_svc_key key;	/* one service's dests */
	};
};

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

static int nflb_parse_addr(struct nlattr *attr, u8 af,
			   union nf_inet_addr *addr,
			   struct netlink_ext_ack *extack)
{
	size_t len = af == AF_INET ? sizeof(struct in_addr) :
				     sizeof(struct in6_addr);

	if (nla_len(attr) != len) {
		if (af == AF_INET)
			NL_SET_ERR_MSG_ATTR(extack, attr, "IPv4 address must be 4 bytes");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr, "IPv6 address must be 16 bytes");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, nla_data(attr), len);
	return 0;
}

/*
 * Parse the SERVICE nest of a request into @tb and the service's identity
 * into @key.
 */
int nflb_parse_svc(struct nlattr *nest, struct nlattr **tb,
		   struct nflb_svc_key *key, struct netlink_ext_ack *extack)
{
	struct nlattr *attr;
	int ret;
	u16 af;

	ret = nla_parse_nested(tb, NFLB_SVC_A_MAX, nest, nflb_svc_policy, extack);
	if (ret)
		return ret;
	memset(key, 0, sizeof(*key));

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, NFLB_SVC_A_AF)) {
		NL_SET_ERR_MSG(extack, "service address family missing");
		return -EINVAL;
	}
	af = nla_get_u16(tb[NFLB_SVC_A_AF]);
	if (af != AF_INET && af != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_SVC_A_AF],
				    "address family must be AF_INET or AF_INET6");
		return -EINVAL;
	}
	key->af = af;

	if (tb[NFLB_SVC_A_FWMARK]) {
		attr = tb[NFLB_SVC_A_PROTOCOL] ?: tb[NFLB_SVC_A_ADDR] ?:
		       tb[NFLB_SVC_A_PORT];
		if (attr) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "a fwmark service has no protocol, address or port");
			return -EINVAL;
		}
		key->fwmark = nla_get_u32(tb[NFLB_SVC_A_FWMARK]);
		return 0;
	}

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, NFLB_SVC_A_PROTOCOL) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, NFLB_SVC_A_ADDR) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, NFLB_SVC_A_PORT)) {
		NL_SET_ERR_MSG(extack,
			       "service needs a fwmark, or a protocol, address and port");
		return -EINVAL;
	}
	key->proto = nla_get_u8(tb[NFLB_SVC_A_PROTOCOL]);
	if (key->proto != IPPROTO_TCP && key->proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_SVC_A_PROTOCOL],
				    "protocol must be TCP or UDP");
		return -EINVAL;
	}
	ret = nflb_parse_addr(tb[NFLB_SVC_A_ADDR], af, &key->addr, extack);
	if (ret)
		return ret;
	key->port = nla_get_be16(tb[NFLB_SVC_A_PORT]);
	if (!key->port) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_SVC_A_PORT],
				    "service port must be 1-65535");
		return -EINVAL;
	}
	return 0;
}

/* The settings attributes of a parsed SERVICE nest. */
static void nflb_svc_conf_attrs(struct nlattr **tb, struct nflb_conf_attrs *a)
{
	*a = (struct nflb_conf_attrs) {
		.sched = tb[NFLB_SVC_A_SCHED_NAME],
		.flags = tb[NFLB_SVC_A_FLAGS],
		.timeout = tb[NFLB_SVC_A_TIMEOUT],
		.netmask = tb[NFLB_SVC_A_NETMASK],
		.sni_default = tb[NFLB_SVC_A_SNI_DEFAULT],
	};
}

/* SNI mode: TCP address services only; its default rule only with it. */
static int nflb_parse_sni_conf(const struct nflb_conf_attrs *a,
			       const struct nflb_svc_key *key,
			       struct nflb_svc_conf *conf,
			       struct netlink_ext_ack *extack)
{
	if (!(conf->flags & NFLB_SVC_F_SNI)) {
		if (a->sni_default) {
			NL_SET_ERR_MSG_ATTR(extack, a->sni_default,
					    "SNI default needs SNI mode");
			return -EINVAL;
		}
		conf->sni_default = NFLB_SNI_DEFAULT_SERVERS;
		return 0;
	}
	if (key->fwmark || key->proto != IPPROTO_TCP) {
		NL_SET_ERR_MSG_ATTR(extack, a->flags,
				    "SNI mode needs a TCP service with an address and port (not UDP, not a fwmark)");
		return -EINVAL;
	}
	if (a->sni_default)
		conf->sni_default = nla_get_u8(a->sni_default);
	return 0;
}

/* Apply the settings in @a on top of @conf and check the combination. */
int nflb_parse_svc_conf(const struct nflb_conf_attrs *a,
			const struct nflb_svc_key *key,
			struct nflb_svc_conf *conf,
			struct netlink_ext_ack *extack)
{
	struct nlattr *attr;
	u32 was_persistent = conf->flags & NFLB_SVC_F_PERSISTENT;

	attr = a->sched;
	if (attr) {
		conf->sched = nflb_sched_find(nla_data(attr));
		if (!conf->sched) {
			NFLB_ERR_FMT(extack,
				     "unknown scheduler (known: rr wrr lc wlc sh mh)",
				     "unknown scheduler '%s' (known: rr wrr lc wlc sh mh)",
				     (char *)nla_data(attr));
			NL_SET_BAD_ATTR(extack, attr);
			return -ENOENT;
		}
	}
	attr = a->flags;
	if (attr) {
		struct nla_bitfield32 bf = nla_get_bitfield32(attr);

		conf->flags = (conf->flags & ~bf.selector) | (bf.value & bf.selector);
	}
	if (!(conf->flags & NFLB_SVC_F_PERSISTENT)) {
		conf->timeout = 0;
		conf->netmask = key->af == AF_INET ? 32 : 128;
	} else if (!was_persistent) {
		conf->timeout = NFLB_DEFAULT_PERSIST_TIMEOUT;
	}
	attr = a->timeout ?: a->netmask;
	if (attr && !(conf->flags & NFLB_SVC_F_PERSISTENT)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "persistence timeout and netmask need a persistent service");
		return -EINVAL;
	}
	if (a->timeout)
		conf->timeout = nla_get_u32(a->timeout);
	attr = a->netmask;
	if (attr) {
		conf->netmask = nla_get_u8(attr);
		if (key->af == AF_INET && conf->netmask > 32) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "IPv4 persistence prefix must be 0-32");
			return -EINVAL;
		}
	}

	if ((conf->flags & NFLB_SVC_F_ONEPACKET) && key->proto == IPPROTO_TCP) {
		NL_SET_ERR_MSG_ATTR(extack, a->flags,
				    "one-packet scheduling needs a UDP or fwmark service");
		return -EINVAL;
	}
	if ((conf->flags & (NFLB_SVC_F_SCHED_PORT | NFLB_SVC_F_SCHED_FALLBACK)) &&
	    strcmp(conf->sched->name, "sh") && strcmp(conf->sched->name, "mh")) {
		NL_SET_ERR_MSG(extack,
			       "port and fallback scheduler flags need the sh or mh scheduler");
		return -EINVAL;
	}
	return nflb_parse_sni_conf(a, key, conf, extack);
}

/* The SERVICE nest every service command needs: parsed, with its identity. */
int nflb_nl_svc_request(struct genl_info *info, struct nlattr **tb,
			struct nflb_svc_key *key)
{
	if (NFLB_REQUIRE(info, NFLB_ATTR_SERVICE, "service missing"))
		return -EINVAL;
	return nflb_parse_svc(info->attrs[NFLB_ATTR_SERVICE], tb, key,
			      info->extack);
}

/*
 * Service commands act on a whole service: an SNI_RULE (for the
 * *_SNI_RULE and DEST commands) is refused, not ignored, so that a request
 * meant for one rule never deletes or zeroes its service.
 */
static int nflb_nl_no_rule(struct genl_info *info)
{
	if (!info->attrs[NFLB_ATTR_SNI_RULE])
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NFLB_ATTR_SNI_RULE],
			    "SNI rule given to a service command: rules have commands of their own");
	return -EINVAL;
}

static int nflb_nl_whole_svc_request(struct genl_info *info,
				     struct nlattr **tb,
				     struct nflb_svc_key *key)
{
	return nflb_nl_no_rule(info) ?: nflb_nl_svc_request(info, tb, key);
}

struct nflb_service *nflb_nl_find_svc(struct nflb_net *nn,
				      const struct nflb_svc_key *key,
				      struct nlattr *nest,
				      struct netlink_ext_ack *extack)
{
	struct nflb_service *svc = nflb_svc_lookup(nn, key);

	if (!svc)
		NL_SET_ERR_MSG_ATTR(extack, nest, "service does not exist");
	return svc;
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
		goto out;
	}
	ret = nflb_svc_update(nn, svc, &conf, info->extack);
	if (ret)
		goto out;
	nflb_nl_notify(nn, NFLB_CMD_SET_SERVICE, svc, NULL);
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
