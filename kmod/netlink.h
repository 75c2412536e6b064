/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_NETLINK_H
#define _NFLB_NETLINK_H

#include <net/genetlink.h>

struct nflb_net;
struct nflb_service;
struct nflb_dest;
struct nflb_svc_key;
struct nflb_svc_conf;
struct nflb_cpu_stats;
struct nflb_rate_est;

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
extern const struct nla_policy nflb_dest_policy[];
extern const struct nla_policy nflb_sni_rule_policy[];

/* The settings of a SERVICE or SNI_RULE nest (NULL: absent). */
struct nflb_conf_attrs {
	struct nlattr *sched;
	struct nlattr *flags;
	struct nlattr *timeout;
	struct nlattr *netmask;
	struct nlattr *sni_default;
};

int nflb_genl_init(void);
void nflb_genl_exit(void);

/* Attribute writers shared by replies, dumps and events. */
int nflb_nl_put_svc(struct sk_buff *msg, const struct nflb_service *svc,
		    bool full);
int nflb_nl_put_dest(struct sk_buff *msg, const struct nflb_dest *dest,
		     bool full);
int nflb_nl_put_stats(struct sk_buff *msg, int type,
		      struct nflb_cpu_stats __percpu *stats,
		      const struct nflb_rate_est *est);

/* The attribute types of a service's or SNI rule's settings. */
struct nflb_nl_conf_types {
	int sched, flags, timeout, netmask, num_dests, stats;
	u32 flags_mask;
};

int nflb_nl_put_conf(struct sk_buff *msg, const struct nflb_service *svc,
		     const struct nflb_nl_conf_types *t);
int nflb_nl_fill(struct sk_buff *msg, u32 portid, u32 seq,
		 struct netlink_callback *cb, const struct nflb_service *svc);
int nflb_nl_reply_one(struct genl_info *info, const struct nflb_service *svc);

/* Announce a change on the events group; @svc and @dest may be NULL. */
void nflb_nl_notify(struct nflb_net *nn, u8 cmd,
		    const struct nflb_service *svc,
		    const struct nflb_dest *dest);

/* Handlers in nl_service.c. */
int nflb_nl_new_svc(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_set_svc(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_del_svc(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_get_svc(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_dump_svc(struct sk_buff *skb, struct netlink_callback *cb);
/* The service and dest dumps' cursor in cb->ctx (exported for KUnit). */
struct nflb_service *nflb_dump_cursor(const void *cb_ctx, struct nflb_net *nn);
void nflb_dump_cursor_set(void *cb_ctx, struct nflb_net *nn,
			  struct nflb_service *svc);
int nflb_nl_new_dest(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_set_dest(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_del_dest(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_dump_dest(struct sk_buff *skb, struct netlink_callback *cb);
int nflb_nl_zero(struct sk_buff *skb, struct genl_info *info);
int nflb_parse_svc(struct nlattr *nest, struct nlattr **tb,
		   struct nflb_svc_key *key, struct netlink_ext_ack *extack);
int nflb_parse_svc_conf(const struct nflb_conf_attrs *a,
			const struct nflb_svc_key *key,
			struct nflb_svc_conf *conf,
			struct netlink_ext_ack *extack);
int nflb_nl_svc_request(struct genl_info *info, struct nlattr **tb,
			struct nflb_svc_key *key);
struct nflb_service *nflb_nl_find_svc(struct nflb_net *nn,
				      const struct nflb_svc_key *key,
				      struct nlattr *nest,
				      struct netlink_ext_ack *extack);

/* nl_sni.c */
int nflb_nl_new_sni_rule(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_set_sni_rule(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_del_sni_rule(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_get_sni_rule(struct sk_buff *skb, struct genl_info *info);
int nflb_nl_dump_sni_rule(struct sk_buff *skb, struct netlink_callback *cb);
int nflb_nl_put_sni_rule(struct sk_buff *msg, const struct nflb_service *rule,
			 bool full);
/* SERVICE{identity} of @svc's service, and SNI_RULE{NAME} for a rule. */
int nflb_nl_put_owner(struct sk_buff *msg, const struct nflb_service *svc);
int nflb_sni_rule_from_attr(struct nlattr *nest, struct nflb_service **svcp,
			    struct netlink_ext_ack *extack);

/* nl_conn.c */
int nflb_nl_dump_conn(struct sk_buff *skb, struct netlink_callback *cb);
int nflb_put_addr(struct sk_buff *msg, int type, u8 af,
		  const union nf_inet_addr *addr);

#endif /* _NFLB_NETLINK_H */
