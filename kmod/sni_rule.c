// SPDX-License-Identifier: GPL-2.0
/*
 * SNI rules (Documentation/sni.rst): each rule of a service in SNI mode is
 * a sub-service, a struct nflb_service with its own real servers,
 * scheduler and counters, kept in a per-service rhashtable by its name
 * (a wildcard "*.example.com" by "example.com", flagged as a wildcard), so
 * that a server name is at most two probes: itself, then its parent as a
 * wildcard.  A list in creation order serves dumps.  Changes are made
 * under nn->lock; the packet path may read under RCU.
 *
 * A rule is made and freed by service.c, so this file is above it: a
 * service goes, or has its counters zeroed, with its rules here.
 */
#include <linux/inet.h>
#include <linux/jhash.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "compat.h"
#include "netns.h"
#include "sni.h"
#include "sni_rule.h"

static struct workqueue_struct *nflb_sni_wq;

static u32 nflb_sni_hashfn(const void *data, u32 len, u32 seed)
{
	const struct nflb_sni_key *key = data;

	return jhash(key->name, key->len, seed + key->wildcard);
}

static u32 nflb_sni_obj_hashfn(const void *data, u32 len, u32 seed)
{
	const struct nflb_service *rule = data;

	return nflb_sni_hashfn(&rule->sni_key, len, seed);
}

static int nflb_sni_obj_cmpfn(struct rhashtable_compare_arg *arg,
			      const void *obj)
{
	const struct nflb_sni_key *key = arg->key;
	const struct nflb_service *rule = obj;

	return key->wildcard != rule->sni_key.wildcard ||
	       key->len != rule->sni_key.len ||
	       memcmp(key->name, rule->sni_key.name, key->len);
}

static const struct rhashtable_params nflb_sni_params = {
	.head_offset		= offsetof(struct nflb_service, node),
	.key_offset		= offsetof(struct nflb_service, sni_key),
	.key_len		= sizeof(struct nflb_sni_key),
	.hashfn			= nflb_sni_hashfn,
	.obj_hashfn		= nflb_sni_obj_hashfn,
	.obj_cmpfn		= nflb_sni_obj_cmpfn,
	.automatic_shrinking	= true,
};

int __init nflb_sni_rule_module_init(void)
{
	nflb_sni_wq = alloc_workqueue("nflb_sni", 0, 0);
	return nflb_sni_wq ? 0 : -ENOMEM;
}

/* After the last rcu_barrier(): runs the tables' frees still queued. */
void nflb_sni_rule_module_exit(void)
{
	destroy_workqueue(nflb_sni_wq);
}

/* The key of a normalized rule, pointing into @rule. */
static void nflb_sni_key_set(struct nflb_sni_key *key, const char *rule)
{
	key->wildcard = rule[0] == '*' && rule[1] == '.';
	key->name = key->wildcard ? rule + 2 : rule;
	key->len = strlen(key->name);
}

struct nflb_service *nflb_sni_rule_lookup(struct nflb_service *svc,
					  const char *rule)
{
	struct nflb_sni_rules *rules = nflb_sni_rules(svc);
	struct nflb_sni_key key;

	if (!rules)
		return NULL;
	nflb_sni_key_set(&key, rule);
	return rhashtable_lookup_fast(&rules->table, &key, nflb_sni_params);
}

struct nflb_service *nflb_sni_rule_match(struct nflb_service *svc,
					 const char *name)
{
	struct nflb_sni_rules *rules = rcu_dereference(svc->sni);
	struct nflb_sni_key key = { .name = name, .len = strlen(name) };
	struct nflb_service *rule;

	if (!rules)
		return NULL;
	rule = rhashtable_lookup(&rules->table, &key, nflb_sni_params);
	if (rule)
		return rule;
	key.name = nflb_sni_parent(name);
	if (!key.name)
		return NULL;
	key.len = strlen(key.name);
	key.wildcard = true;
	return rhashtable_lookup(&rules->table, &key, nflb_sni_params);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_rule_match);

/* @svc's rule table, made with its first rule. */
static struct nflb_sni_rules *nflb_sni_rules_get(struct nflb_service *svc)
{
	struct nflb_sni_rules *rules = nflb_sni_rules(svc);
	int ret;

	if (rules)
		return rules;
	rules = kzalloc(sizeof(*rules), GFP_KERNEL_ACCOUNT);
	if (!rules)
		return ERR_PTR(-ENOMEM);
	ret = rhashtable_init(&rules->table, &nflb_sni_params);
	if (ret) {
		kfree(rules);
		return ERR_PTR(ret);
	}
	INIT_LIST_HEAD(&rules->list);
	rcu_assign_pointer(svc->sni, rules);
	return rules;
}

struct nflb_service *nflb_sni_rule_add(struct nflb_net *nn,
				       struct nflb_service *svc,
				       const char *name,
				       const struct nflb_svc_conf *conf,
				       struct netlink_ext_ack *extack)
{
	struct nflb_sni_rules *rules;
	struct nflb_service *rule;
	int ret;

	lockdep_assert_held(&nn->lock);
	if (!(svc->flags & NFLB_SVC_F_SNI)) {
		NL_SET_ERR_MSG(extack,
			       "SNI rules need a service in SNI mode");
		return ERR_PTR(-EINVAL);
	}
	if (nflb_sni_rule_lookup(svc, name)) {
		NL_SET_ERR_MSG(extack, "SNI rule already exists in this service");
		return ERR_PTR(-EEXIST);
	}
	ret = nflb_svc_check_limit(nn, extack);
	if (ret)
		return ERR_PTR(ret);
	rules = nflb_sni_rules_get(svc);
	if (IS_ERR(rules)) {
		NL_SET_ERR_MSG(extack, "no memory for the service's SNI rule table");
		return ERR_CAST(rules);
	}
	rule = nflb_svc_alloc(nn, &svc->key, conf, name, extack);
	if (IS_ERR(rule))
		return rule;
	rule->parent = svc;
	nflb_sni_key_set(&rule->sni_key, rule->sni_name);
	ret = rhashtable_lookup_insert_key(&rules->table, &rule->sni_key,
					   &rule->node, nflb_sni_params);
	if (ret) {
		if (ret == -EEXIST)
			NL_SET_ERR_MSG(extack,
				       "SNI rule already exists in this service");
		else
			NL_SET_ERR_MSG(extack, "cannot add the SNI rule to its service's table");
		nflb_svc_free_new(rule);
		return ERR_PTR(ret);
	}
	list_add_tail(&rule->list, &rules->list);
	rules->num++;
	nn->num_sni_rules++;
	nn->generation++;
	return rule;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_rule_add);

void nflb_sni_rule_del(struct nflb_net *nn, struct nflb_service *rule)
{
	struct nflb_sni_rules *rules = nflb_sni_rules(rule->parent);

	lockdep_assert_held(&nn->lock);
	rhashtable_remove_fast(&rules->table, &rule->node, nflb_sni_params);
	list_del(&rule->list);
	rules->num--;
	nn->num_sni_rules--;
	nflb_svc_release(nn, rule);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_rule_del);

static void nflb_sni_rules_free(struct work_struct *work)
{
	struct nflb_sni_rules *rules = container_of(to_rcu_work(work),
						    struct nflb_sni_rules,
						    free_work);

	rhashtable_destroy(&rules->table);
	kfree(rules);
}

/* Every rule of @svc and their real servers, then the table. */
void nflb_sni_rules_destroy(struct nflb_net *nn, struct nflb_service *svc)
{
	struct nflb_sni_rules *rules = nflb_sni_rules(svc);
	struct nflb_service *rule, *tmp;

	if (!rules)
		return;
	list_for_each_entry_safe(rule, tmp, &rules->list, list) {
		nflb_sni_rule_del(nn, rule);
		cond_resched();
	}
	RCU_INIT_POINTER(svc->sni, NULL);
	/* Readers may still walk the buckets: free them after a grace period,
	 * from process context (rhashtable_destroy() sleeps).
	 */
	INIT_RCU_WORK(&rules->free_work, nflb_sni_rules_free);
	queue_rcu_work(nflb_sni_wq, &rules->free_work);
}

void nflb_svc_del(struct nflb_net *nn, struct nflb_service *svc)
{
	nflb_sni_rules_destroy(nn, svc);
	nflb_svc_unlink(nn, svc);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_svc_del);

void nflb_svc_flush(struct nflb_net *nn)
{
	struct nflb_service *svc, *tmp;

	lockdep_assert_held(&nn->lock);
	list_for_each_entry_safe(svc, tmp, &nn->svc_list, list) {
		nflb_svc_del(nn, svc);
		cond_resched();
	}
	nn->generation++;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_svc_flush);

void nflb_svc_zero(struct nflb_service *svc)
{
	struct nflb_sni_rules *rules = nflb_sni_rules(svc);
	struct nflb_service *rule;

	nflb_svc_zero_own(svc);
	if (!rules)
		return;
	list_for_each_entry(rule, &rules->list, list)
		nflb_svc_zero_own(rule);
}

/* Before nflb_services_exit(): every service's rules go. */
void nflb_sni_rules_exit(struct nflb_net *nn)
{
	struct nflb_service *svc;

	mutex_lock(&nn->lock);
	list_for_each_entry(svc, &nn->svc_list, list)
		nflb_sni_rules_destroy(nn, svc);
	mutex_unlock(&nn->lock);
}

#define NFLB_SNI_MODE_MSG "SNI mode needs masquerading: "
#define NFLB_SNI_MODE_ANY \
	NFLB_SNI_MODE_MSG "a real server forwards by direct routing or tunnelling"
/* Formatted extack messages hold 79 characters. */
#define NFLB_SNI_MODE_ROOM (79 - (sizeof(NFLB_SNI_MODE_MSG " forwards by ") - 1))

/* "... real server 198.51.100.2:443 forwards by direct routing" */
static void nflb_sni_mode_msg(const struct nflb_dest *dest,
			      struct netlink_ext_ack *extack)
{
	const char *how = dest->fwd == NFLB_FWD_DR ? "direct routing" :
						     "tunnelling";
	char addr[INET6_ADDRSTRLEN + 8];

	if (dest->af == AF_INET)
		snprintf(addr, sizeof(addr), "%pI4:%u", &dest->addr.ip,
			 ntohs(dest->port));
	else
		snprintf(addr, sizeof(addr), "[%pI6c]:%u", &dest->addr.in6,
			 ntohs(dest->port));
	if (strlen(addr) + strlen(how) > NFLB_SNI_MODE_ROOM) {
		NL_SET_ERR_MSG(extack, NFLB_SNI_MODE_ANY);
		return;
	}
	NFLB_ERR_FMT(extack, NFLB_SNI_MODE_ANY,
		     NFLB_SNI_MODE_MSG "%s forwards by %s", addr, how);
}

int nflb_sni_check_mode(struct nflb_service *svc,
			const struct nflb_svc_conf *conf,
			struct netlink_ext_ack *extack)
{
	struct nflb_sni_rules *rules = nflb_sni_rules(svc);
	struct nflb_dest *dest;

	if (!(conf->flags & NFLB_SVC_F_SNI)) {
		if (rules && rules->num) {
			NL_SET_ERR_MSG(extack,
				       "the service has SNI rules: delete them before leaving SNI mode");
			return -EBUSY;
		}
		return 0;
	}
	/* Already on: its real servers (and its rules') masquerade. */
	if (svc->flags & NFLB_SVC_F_SNI)
		return 0;
	list_for_each_entry(dest, &svc->dests, list) {
		if (dest->fwd != NFLB_FWD_NAT) {
			nflb_sni_mode_msg(dest, extack);
			return -EINVAL;
		}
	}
	return 0;
}
