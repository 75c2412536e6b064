/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The nflb generic netlink family (netlink.c): its policies and the
 * handlers its ops table points at, one file per object.
 */
#ifndef _NFLB_NETLINK_H
#define _NFLB_NETLINK_H

#include <net/genetlink.h>

extern struct genl_family nflb_genl_family;

/* True (and the request refused with @msg) when attribute @type is missing. */
#define NFLB_REQUIRE(info, type, msg) ({			\
	struct genl_info *__nflb_info = (info);		\
	bool __missing = GENL_REQ_ATTR_CHECK(__nflb_info, type); \
	if (__missing)						\
		NL_SET_ERR_MSG(__nflb_info->extack, msg);	\
	__missing;						\
})
extern const struct nla_policy nflb_svc_policy[];
extern const struct nla_policy nflb_prefix_policy[];
extern const struct nla_policy nflb_dest_policy[];
extern const struct nla_policy nflb_sni_rule_policy[];
extern const struct nla_policy nflb_config_policy[];

int nflb_genl_init(void);
void nflb_genl_exit(void);

/* nl_service.c */
int nflb_nl_new_svc(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_set_svc(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_del_svc(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_get_svc(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_dump_svc(struct sk_buff *skb, struct netlink_callback *cb);

/* nl_dest.c */
int nflb_nl_new_dest(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_set_dest(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_del_dest(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_dump_dest(struct sk_buff *skb, struct netlink_callback *cb);

/* nl_sni.c */
int nflb_nl_new_sni_rule(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_set_sni_rule(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_del_sni_rule(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_get_sni_rule(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_dump_sni_rule(struct sk_buff *skb, struct netlink_callback *cb);

/* nl_conn.c */
int nflb_nl_dump_conn(struct sk_buff *skb, struct netlink_callback *cb);

/* nl_config.c */
int nflb_nl_get_info(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_get_config(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_set_config(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_flush(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_zero(struct sk_buff *skb, struct genl_info *info);

#endif /* _NFLB_NETLINK_H */
