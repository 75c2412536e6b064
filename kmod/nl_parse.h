/* SPDX-License-Identifier: GPL-2.0 */
/* Parsing netlink requests, shared by the handlers (nl_parse.c). */
#ifndef _NFLB_NL_PARSE_H
#define _NFLB_NL_PARSE_H

#include <net/genetlink.h>

struct nflb_net;
struct nflb_service;
struct nflb_svc_conf;
struct nflb_svc_key;
union nf_inet_addr;

/* The settings of a SERVICE or SNI_RULE nest (NULL: absent). */
struct nflb_conf_attrs {
	struct nlattr *sched;
	struct nlattr *flags;
	struct nlattr *timeout;
	struct nlattr *netmask;
	struct nlattr *sni_default;
	struct nlattr *src_ranges;	/* services only */
};

/* An address attribute of family @af (4 or 16 bytes). */
int nflb_parse_addr(struct nlattr *attr, u8 af, union nf_inet_addr *addr,
		    struct netlink_ext_ack *extack);
int nflb_parse_svc(struct nlattr *nest, struct nlattr **tb,
		   struct nflb_svc_key *key, struct netlink_ext_ack *extack);
int nflb_parse_svc_conf(const struct nflb_conf_attrs *a,
			const struct nflb_svc_key *key,
			struct nflb_svc_conf *conf,
			struct netlink_ext_ack *extack);
void nflb_svc_conf_attrs(struct nlattr **tb, struct nflb_conf_attrs *a);
int nflb_nl_svc_request(struct genl_info *info, struct nlattr **tb,
			struct nflb_svc_key *key);
/* Refused (with a message) when the request names an SNI rule. */
int nflb_nl_no_rule(struct genl_info *info);
struct nflb_service *nflb_nl_find_svc(struct nflb_net *nn,
				      const struct nflb_svc_key *key,
				      struct nlattr *nest,
				      struct netlink_ext_ack *extack);

/*
 * Parse an SNI_RULE nest into @tb and its name, normalized, into @name
 * (NFLB_SNI_RULE_NAME_SIZE bytes).
 */
int nflb_parse_sni_rule(struct nlattr *nest, struct nlattr **tb, char *name,
			struct netlink_ext_ack *extack);
struct nflb_service *nflb_find_rule(struct nflb_service *svc,
				    const char *name, struct nlattr *nest,
				    struct netlink_ext_ack *extack);
/* SNI_RULE{NAME} given: *@svcp becomes that rule of *@svcp. */
int nflb_sni_rule_from_attr(struct nlattr *nest, struct nflb_service **svcp,
			    struct netlink_ext_ack *extack);

#endif /* _NFLB_NL_PARSE_H */
