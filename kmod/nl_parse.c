// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing netlink requests shared by the handlers: a SERVICE nest (its
 * identity and settings), an SNI_RULE nest, and the objects they name.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nflb.h>

#include "compat.h"
#include "netlink.h"
#include "netns.h"
#include "nl_parse.h"
#include "sched.h"
#include "service.h"
#include "sni.h"
#include "sni_rule.h"
#include "src_range.h"

#define NFLB_DEFAULT_PERSIST_TIMEOUT	360

int nflb_parse_addr(struct nlattr *attr, u8 af, union nf_inet_addr *addr,
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
void nflb_svc_conf_attrs(struct nlattr **tb, struct nflb_conf_attrs *a)
{
	*a = (struct nflb_conf_attrs) {
		.sched = tb[NFLB_SVC_A_SCHED_NAME],
		.flags = tb[NFLB_SVC_A_FLAGS],
		.timeout = tb[NFLB_SVC_A_TIMEOUT],
		.netmask = tb[NFLB_SVC_A_NETMASK],
		.sni_default = tb[NFLB_SVC_A_SNI_DEFAULT],
		.src_ranges = tb[NFLB_SVC_A_SOURCE_RANGES],
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

/* One PREFIX nest of a SOURCE_RANGES list of a service of family @af. */
static int nflb_parse_prefix(struct nlattr *nest, u8 af, struct nflb_prefix *p,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NFLB_PREFIX_A_MAX + 1];
	size_t alen = af == AF_INET ? sizeof(struct in_addr) :
				      sizeof(struct in6_addr);
	struct in6_addr masked;
	bool host_bits;
	int ret;

	ret = nla_parse_nested(tb, NFLB_PREFIX_A_MAX, nest, nflb_prefix_policy,
			       extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, NFLB_PREFIX_A_ADDR) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, NFLB_PREFIX_A_LEN)) {
		NL_SET_ERR_MSG(extack, "source range needs an address and a prefix length");
		return -EINVAL;
	}
	if (nla_len(tb[NFLB_PREFIX_A_ADDR]) != alen) {
		if (af == AF_INET)
			NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_PREFIX_A_ADDR],
					    "source range of an IPv4 service must be an IPv4 address (4 bytes)");
		else
			NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_PREFIX_A_ADDR],
					    "source range of an IPv6 service must be an IPv6 address (16 bytes)");
		return -EINVAL;
	}
	memset(p, 0, sizeof(*p));
	memcpy(&p->addr, nla_data(tb[NFLB_PREFIX_A_ADDR]), alen);
	p->len = nla_get_u8(tb[NFLB_PREFIX_A_LEN]);
	if (af == AF_INET && p->len > 32) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_PREFIX_A_LEN],
				    "IPv4 source range prefix length must be 0-32");
		return -EINVAL;
	}
	if (af == AF_INET) {
		host_bits = p->addr.ip & ~inet_make_mask(p->len);
	} else {
		ipv6_addr_prefix(&masked, &p->addr.in6, p->len);
		host_bits = !ipv6_addr_equal(&masked, &p->addr.in6);
	}
	if (host_bits) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_PREFIX_A_ADDR],
				    "source range has address bits set past its prefix length");
		return -EINVAL;
	}
	return 0;
}

/*
 * A SOURCE_RANGES nest (validated by the policy) as a new list in *@out,
 * NULL when it is empty.  At most NFLB_MAX_SOURCE_RANGES, none twice.
 */
static int nflb_parse_src_ranges(struct nlattr *nest, u8 af,
				 struct nflb_src_ranges **out,
				 struct netlink_ext_ack *extack)
{
	struct nflb_src_ranges *r;
	struct nlattr *attr;
	u32 n = 0, i;
	int rem, ret;

	*out = NULL;
	nla_for_each_nested(attr, nest, rem)
		n++;
	if (!n)
		return 0;
	if (n > NFLB_MAX_SOURCE_RANGES) {
		NFLB_ERR_FMT(extack, "too many source ranges (at most 64)",
			     "too many source ranges: %u (at most %u)", n,
			     NFLB_MAX_SOURCE_RANGES);
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	r = kzalloc(struct_size(r, p, n), GFP_KERNEL_ACCOUNT);
	if (!r) {
		NL_SET_ERR_MSG(extack, "no memory for the source ranges");
		return -ENOMEM;
	}
	nla_for_each_nested(attr, nest, rem) {
		ret = nflb_parse_prefix(attr, af, &r->p[r->n], extack);
		if (ret)
			goto err;
		for (i = 0; i < r->n; i++) {
			if (r->p[i].len == r->p[r->n].len &&
			    nf_inet_addr_cmp(&r->p[i].addr, &r->p[r->n].addr)) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "source range given twice");
				ret = -EINVAL;
				goto err;
			}
		}
		r->n++;
	}
	*out = r;
	return 0;
err:
	kfree(r);
	return ret;
}

/* Apply the settings in @a on top of @conf and check the combination. */
int nflb_parse_svc_conf(const struct nflb_conf_attrs *a,
			const struct nflb_svc_key *key,
			struct nflb_svc_conf *conf,
			struct netlink_ext_ack *extack)
{
	struct nlattr *attr;
	u32 was_persistent = conf->flags & NFLB_SVC_F_PERSISTENT;
	int ret;

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
	ret = nflb_parse_sni_conf(a, key, conf, extack);
	if (ret || !a->src_ranges)
		return ret;
	/* last: the only allocation, the caller's to free if it fails later */
	ret = nflb_parse_src_ranges(a->src_ranges, key->af, &conf->src_ranges,
				    extack);
	conf->set_src_ranges = !ret;
	return ret;
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
int nflb_nl_no_rule(struct genl_info *info)
{
	if (!info->attrs[NFLB_ATTR_SNI_RULE])
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NFLB_ATTR_SNI_RULE],
			    "SNI rule given to a service command: rules have commands of their own");
	return -EINVAL;
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

/*
 * Parse an SNI_RULE nest into @tb and its name, normalized, into @name
 * (NFLB_SNI_RULE_NAME_SIZE bytes).
 */
int nflb_parse_sni_rule(struct nlattr *nest, struct nlattr **tb,
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

struct nflb_service *nflb_find_rule(struct nflb_service *svc,
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
