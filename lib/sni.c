// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: SNI rules and their real servers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "internal.h"

#define NFLB_RULE_SET_ALL (NFLB_SVC_SET_SCHED | NFLB_SVC_SET_FLAGS | \
			   NFLB_SVC_SET_TIMEOUT | NFLB_SVC_SET_NETMASK)

int nflb_put_sni_rule(struct nl_msg *msg, const struct nflb_sni_rule *rule,
		      uint32_t set)
{
	struct nlattr *nest = nla_nest_start(msg, NFLB_ATTR_SNI_RULE);

	if (!nest || nla_put_string(msg, NFLB_SNI_RULE_A_NAME, rule->name))
		return -ENOMEM;
	if ((set & NFLB_SVC_SET_SCHED) && rule->sched[0] &&
	    nla_put_string(msg, NFLB_SNI_RULE_A_SCHED_NAME, rule->sched))
		return -ENOMEM;
	if (set & NFLB_SVC_SET_FLAGS) {
		struct nla_bitfield32 bf = {
			.value = rule->flags & NFLB_SNI_RULE_F_ALL,
			.selector = NFLB_SNI_RULE_F_ALL,
		};

		if (nla_put(msg, NFLB_SNI_RULE_A_FLAGS, sizeof(bf), &bf))
			return -ENOMEM;
	}
	if ((set & NFLB_SVC_SET_TIMEOUT) && rule->timeout &&
	    nla_put_u32(msg, NFLB_SNI_RULE_A_TIMEOUT, rule->timeout))
		return -ENOMEM;
	if ((set & NFLB_SVC_SET_NETMASK) &&
	    nla_put_u8(msg, NFLB_SNI_RULE_A_NETMASK, rule->netmask))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

int nflb_parse_sni_rule(struct nlattr *nest, struct nflb_sni_rule *rule)
{
	struct nlattr *tb[NFLB_SNI_RULE_A_MAX + 1];

	memset(rule, 0, sizeof(*rule));
	if (!nest || nla_parse_nested(tb, NFLB_SNI_RULE_A_MAX, nest, NULL) ||
	    !tb[NFLB_SNI_RULE_A_NAME])
		return -EPROTO;
	nla_strlcpy(rule->name, tb[NFLB_SNI_RULE_A_NAME], sizeof(rule->name));
	if (tb[NFLB_SNI_RULE_A_SCHED_NAME])
		nla_strlcpy(rule->sched, tb[NFLB_SNI_RULE_A_SCHED_NAME],
			    sizeof(rule->sched));
	if (tb[NFLB_SNI_RULE_A_FLAGS]) {
		struct nla_bitfield32 bf;

		memcpy(&bf, nla_data(tb[NFLB_SNI_RULE_A_FLAGS]), sizeof(bf));
		rule->flags = bf.value;
	}
	if (tb[NFLB_SNI_RULE_A_TIMEOUT])
		rule->timeout = nla_get_u32(tb[NFLB_SNI_RULE_A_TIMEOUT]);
	if (tb[NFLB_SNI_RULE_A_NETMASK])
		rule->netmask = nla_get_u8(tb[NFLB_SNI_RULE_A_NETMASK]);
	if (tb[NFLB_SNI_RULE_A_NUM_DESTS])
		rule->num_dests = nla_get_u32(tb[NFLB_SNI_RULE_A_NUM_DESTS]);
	nflb_get_stats(tb[NFLB_SNI_RULE_A_STATS], &rule->stats);
	return 0;
}

/*
 * A request on @svc (identity), the rule @rule (with the settings in
 * @rset) or the rule named @name, and @dest (with @dset).
 */
static struct nl_msg *nflb_sni_msg(struct nflb *h, uint8_t cmd, int flags,
				   const struct nflb_service *svc,
				   const struct nflb_sni_rule *rule,
				   uint32_t rset, const char *name,
				   const struct nflb_dest *dest, uint32_t dset)
{
	struct nl_msg *msg = nflb_msg(h, cmd, flags);
	struct nflb_sni_rule named;

	if (!msg)
		return NULL;
	if (name) {
		memset(&named, 0, sizeof(named));
		if (strlen(name) >= sizeof(named.name)) {
			nlmsg_free(msg);
			snprintf(h->errmsg, sizeof(h->errmsg),
				 "SNI rule name too long");
			errno = EINVAL;
			return NULL;
		}
		strcpy(named.name, name);
		rule = &named;
	}
	if (nflb_put_svc(msg, svc, 0) ||
	    (rule && nflb_put_sni_rule(msg, rule, rset)) ||
	    (dest && nflb_put_dest(msg, svc->af, dest, dset))) {
		nlmsg_free(msg);
		errno = ENOMEM;
		return NULL;
	}
	return msg;
}

static int nflb_sni_cmd(struct nflb *h, uint8_t cmd,
			const struct nflb_service *svc,
			const struct nflb_sni_rule *rule, uint32_t rset,
			const char *name, const struct nflb_dest *dest,
			uint32_t dset)
{
	struct nl_msg *msg;
	int ret;

	h->errmsg[0] = '\0';
	msg = nflb_sni_msg(h, cmd, 0, svc, rule, rset, name, dest, dset);
	if (!msg)
		return -errno;
	ret = nflb_transact(h, msg, NULL, NULL, NULL);
	if (ret && rule && (rset & NFLB_SVC_SET_SCHED))
		nflb_errmsg_sched(h, rule->sched);
	return ret;
}

uint32_t nflb_rule_add_set(const struct nflb_sni_rule *rule)
{
	uint32_t set = NFLB_RULE_SET_ALL;

	if (!(rule->flags & NFLB_SVC_F_PERSISTENT))
		set &= ~(NFLB_SVC_SET_TIMEOUT | NFLB_SVC_SET_NETMASK);
	return set;
}

int nflb_sni_rule_add(struct nflb *h, const struct nflb_service *svc,
		      const struct nflb_sni_rule *rule)
{
	return nflb_sni_cmd(h, NFLB_CMD_NEW_SNI_RULE, svc, rule,
			    nflb_rule_add_set(rule), NULL, NULL, 0);
}

int nflb_sni_rule_set(struct nflb *h, const struct nflb_service *svc,
		      const struct nflb_sni_rule *rule)
{
	return nflb_sni_cmd(h, NFLB_CMD_SET_SNI_RULE, svc, rule,
			    rule->set & NFLB_RULE_SET_ALL, NULL, NULL, 0);
}

int nflb_sni_rule_del(struct nflb *h, const struct nflb_service *svc,
		      const struct nflb_sni_rule *rule)
{
	return nflb_sni_cmd(h, NFLB_CMD_DEL_SNI_RULE, svc, rule, 0, NULL,
			    NULL, 0);
}

static int nflb_parse_one_rule(struct nlattr **tb, void *arg)
{
	return nflb_parse_sni_rule(tb[NFLB_ATTR_SNI_RULE], arg);
}

int nflb_sni_rule_get(struct nflb *h, const struct nflb_service *svc,
		      struct nflb_sni_rule *rule)
{
	struct nl_msg *msg;

	h->errmsg[0] = '\0';
	msg = nflb_sni_msg(h, NFLB_CMD_GET_SNI_RULE, 0, svc, NULL, 0,
			   rule->name, NULL, 0);
	if (!msg)
		return -errno;
	return nflb_transact(h, msg, nflb_parse_one_rule, rule, NULL);
}

static int nflb_parse_rule_reply(struct nlattr **tb, void *arg)
{
	struct nflb_sni_rule *rule = nflb_vec_push(arg);

	return rule ? nflb_parse_sni_rule(tb[NFLB_ATTR_SNI_RULE], rule) :
		      -ENOMEM;
}

static int nflb_parse_rule_dest(struct nlattr **tb, void *arg)
{
	struct nflb_dest *dest = nflb_vec_push(arg);

	return dest ? nflb_parse_dest(tb[NFLB_ATTR_DEST], dest) : -ENOMEM;
}

/* A consistent dump of @svc's (@name NULL) or a rule's objects into @v. */
static int nflb_sni_dump(struct nflb *h, uint8_t cmd,
			 const struct nflb_service *svc, const char *name,
			 nflb_parse_fn parse, struct nflb_vec *v)
{
	int attempt, intr, ret;

	h->errmsg[0] = '\0';
	for (attempt = 0; attempt < NFLB_DUMP_RETRIES; attempt++) {
		struct nl_msg *msg = nflb_sni_msg(h, cmd, NLM_F_DUMP, svc, NULL,
						  0, name, NULL, 0);

		if (!msg)
			return -errno;
		v->n = 0;
		ret = nflb_transact(h, msg, parse, v, &intr);
		if (ret || !intr)
			return ret;
	}
	return -EAGAIN;
}

int nflb_sni_rule_list(struct nflb *h, const struct nflb_service *svc,
		       nflb_sni_rule_cb cb, void *arg)
{
	struct nflb_vec v = { .size = sizeof(struct nflb_sni_rule) };
	size_t i;
	int ret;

	ret = nflb_sni_dump(h, NFLB_CMD_GET_SNI_RULE, svc, NULL,
			    nflb_parse_rule_reply, &v);
	for (i = 0; !ret && i < v.n; i++)
		ret = cb((struct nflb_sni_rule *)v.items + i, arg);
	free(v.items);
	return ret;
}

int nflb_sni_dest_add(struct nflb *h, const struct nflb_service *svc,
		      const char *rule, const struct nflb_dest *dest)
{
	return nflb_sni_cmd(h, NFLB_CMD_NEW_DEST, svc, NULL, 0, rule, dest,
			    nflb_dest_add_set(dest));
}

int nflb_sni_dest_set(struct nflb *h, const struct nflb_service *svc,
		      const char *rule, const struct nflb_dest *dest)
{
	return nflb_sni_cmd(h, NFLB_CMD_SET_DEST, svc, NULL, 0, rule, dest,
			    dest->set);
}

int nflb_sni_dest_del(struct nflb *h, const struct nflb_service *svc,
		      const char *rule, const struct nflb_dest *dest)
{
	return nflb_sni_cmd(h, NFLB_CMD_DEL_DEST, svc, NULL, 0, rule, dest, 0);
}

int nflb_sni_dest_list(struct nflb *h, const struct nflb_service *svc,
		       const char *rule, nflb_dest_cb cb, void *arg)
{
	struct nflb_vec v = { .size = sizeof(struct nflb_dest) };
	size_t i;
	int ret;

	ret = nflb_sni_dump(h, NFLB_CMD_GET_DEST, svc, rule,
			    nflb_parse_rule_dest, &v);
	for (i = 0; !ret && i < v.n; i++)
		ret = cb((struct nflb_dest *)v.items + i, arg);
	free(v.items);
	return ret;
}
