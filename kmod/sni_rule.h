/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SNI rules: the sub-services of a service in SNI mode, by server name
 * (Documentation/sni.rst, "Scheduling by rule").
 */
#ifndef _NFLB_SNI_RULE_H
#define _NFLB_SNI_RULE_H

#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>

#include "service.h"

struct nflb_net;
struct netlink_ext_ack;

/* The rules of one service, allocated with its first rule. */
struct nflb_sni_rules {
	struct rhashtable table;	/* struct nflb_service by sni_key */
	struct list_head list;		/* the same, in creation order */
	u32 num;
	struct rcu_work free_work;	/* the table goes after readers */
};

int nflb_sni_rule_module_init(void);
void nflb_sni_rule_module_exit(void);

/* @svc's rules under nn->lock (NULL if it never had one). */
static inline struct nflb_sni_rules *nflb_sni_rules(struct nflb_service *svc)
{
	return rcu_dereference_protected(svc->sni,
					 lockdep_is_held(&svc->nn->lock));
}

/* The rule kept as @rule (normalized); nn->lock. */
struct nflb_service *nflb_sni_rule_lookup(struct nflb_service *svc,
					  const char *rule);
/* The rule for server name @name (normalized): exact, else wildcard; RCU. */
struct nflb_service *nflb_sni_rule_match(struct nflb_service *svc,
					 const char *name);

/* Changes, under nn->lock; each bumps nn->generation. */
struct nflb_service *nflb_sni_rule_add(struct nflb_net *nn,
				       struct nflb_service *svc,
				       const char *rule,
				       const struct nflb_svc_conf *conf,
				       struct netlink_ext_ack *extack);
void nflb_sni_rule_del(struct nflb_net *nn, struct nflb_service *rule);
void nflb_sni_rules_destroy(struct nflb_net *nn, struct nflb_service *svc);

/* A service with its rules: gone, all gone, counters zeroed (nn->lock). */
void nflb_svc_del(struct nflb_net *nn, struct nflb_service *svc);
void nflb_svc_flush(struct nflb_net *nn);
void nflb_svc_zero(struct nflb_service *svc);
/* The namespace's end, before nflb_services_exit(): takes nn->lock. */
void nflb_sni_rules_exit(struct nflb_net *nn);

/* May @svc change to @conf (SNI mode on or off)?  nn->lock. */
int nflb_sni_check_mode(struct nflb_service *svc,
			const struct nflb_svc_conf *conf,
			struct netlink_ext_ack *extack);
/* Is a service or rule in SNI mode (its real servers masquerade only)? */
static inline bool nflb_svc_is_sni(const struct nflb_service *svc)
{
	return svc->parent || (READ_ONCE(svc->flags) & NFLB_SVC_F_SNI);
}

#endif /* _NFLB_SNI_RULE_H */
