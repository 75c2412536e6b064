// SPDX-License-Identifier: GPL-2.0
/*
 * Services and real servers of one namespace: a resizable hash of services
 * for lookups (RCU readers on the packet path), a list in creation order for
 * dumps, and the real servers of each service on an RCU list.  All changes
 * are made under nn->lock.
 */
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/u64_stats_sync.h>
#include <net/netlink.h>

#include "addr_filter.h"
#include "compat.h"
#include "limits.h"
#include "netns.h"
#include "rs_index.h"
#include "sched.h"
#include "service.h"
#include "sni_rule.h"
#include "src_range.h"

static const struct rhashtable_params nflb_svc_params = {
	.head_offset		= offsetof(struct nflb_service, node),
	.key_offset		= offsetof(struct nflb_service, key),
	.key_len		= sizeof(struct nflb_svc_key),
	.automatic_shrinking	= true,
};

int nflb_services_init(struct nflb_net *nn)
{
	int ret;

	INIT_LIST_HEAD(&nn->svc_list);
	ret = rhashtable_init(&nn->svc_table, &nflb_svc_params);
	if (ret)
		return ret;
	ret = nflb_rs_index_init(nn);
	if (ret)
		rhashtable_destroy(&nn->svc_table);
	return ret;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_services_init);

/* After nflb_sni_rules_exit(): the services have no rules left. */
void nflb_services_exit(struct nflb_net *nn)
{
	struct nflb_service *svc, *tmp;

	mutex_lock(&nn->lock);
	list_for_each_entry_safe(svc, tmp, &nn->svc_list, list) {
		nflb_svc_unlink(nn, svc);
		cond_resched();
	}
	mutex_unlock(&nn->lock);
	nflb_rs_index_exit(nn);
	rhashtable_destroy(&nn->svc_table);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_services_exit);

/* @svc's counters and its real servers', not its rules' (nflb_svc_zero()). */
void nflb_svc_zero_own(struct nflb_service *svc)
{
	struct nflb_dest *dest;

	nflb_stats_zero(svc->stats);
	memset(&svc->est, 0, sizeof(svc->est));
	list_for_each_entry(dest, &svc->dests, list) {
		nflb_stats_zero(dest->stats);
		memset(&dest->est, 0, sizeof(dest->est));
	}
}

struct nflb_service *nflb_svc_lookup(struct nflb_net *nn,
				     const struct nflb_svc_key *key)
{
	return rhashtable_lookup_fast(&nn->svc_table, key, nflb_svc_params);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_svc_lookup);

struct nflb_dest *nflb_dest_lookup(struct nflb_service *svc,
				   const union nf_inet_addr *addr, __be16 port)
{
	struct nflb_dest *dest;

	list_for_each_entry_rcu(dest, &svc->dests, list)
		if (nf_inet_addr_cmp(&dest->addr, addr) && dest->port == port)
			return dest;
	return NULL;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_dest_lookup);

static void nflb_svc_free_rcu(struct rcu_head *head)
{
	struct nflb_service *svc = container_of(head, struct nflb_service, rcu);

	kfree(rcu_dereference_protected(svc->src_ranges, true));
	free_percpu(svc->stats);
	kfree(svc);
}

static void nflb_svc_put(struct nflb_service *svc)
{
	if (refcount_dec_and_test(&svc->refcnt))
		call_rcu(&svc->rcu, nflb_svc_free_rcu);
}

static void nflb_dest_free_rcu(struct rcu_head *head)
{
	struct nflb_dest *dest = container_of(head, struct nflb_dest, rcu);

	nflb_svc_put(dest->svc);
	dst_cache_destroy(&dest->dst_cache);
	free_percpu(dest->stats);
	kfree(dest);
}

void nflb_dest_put(struct nflb_dest *dest)
{
	if (refcount_dec_and_test(&dest->refcnt))
		call_rcu(&dest->rcu, nflb_dest_free_rcu);
}

/* Tell the scheduler that the real servers changed. */
static int nflb_sched_update(struct nflb_service *svc)
{
	return svc->sched->update ? svc->sched->update(svc) : 0;
}

static void nflb_sched_done(struct nflb_service *svc)
{
	void *data = rcu_dereference_protected(svc->sched_data, true);

	RCU_INIT_POINTER(svc->sched_data, NULL);
	if (svc->sched->done && data)
		svc->sched->done(data);
}

/*
 * Give @svc the scheduler @sched.  The new state is built first, so a
 * failure leaves the service as it was.  Readers pair svc->sched with
 * svc->sched_data, so the data is unpublished and a grace period passes
 * before the scheduler changes, and another before the new data appears.
 * Rare (an edit of a live service), so two synchronize_rcu() are fine.
 */
static int nflb_svc_set_sched(struct nflb_service *svc,
			      const struct nflb_sched *sched, bool live,
			      struct netlink_ext_ack *extack)
{
	const struct nflb_sched *old = svc->sched;
	void *data = NULL;

	if (old == sched)
		return 0;
	if (sched->init) {
		data = sched->init(svc);
		if (IS_ERR(data)) {
			NL_SET_ERR_MSG(extack, "cannot set up the scheduler");
			return PTR_ERR(data);
		}
	}
	if (old) {
		void *old_data = rcu_dereference_protected(svc->sched_data,
							   true);

		RCU_INIT_POINTER(svc->sched_data, NULL);
		if (live)
			synchronize_rcu();
		if (old->done && old_data)
			old->done(old_data);
	}
	WRITE_ONCE(svc->sched, sched);
	if (live)
		synchronize_rcu();
	rcu_assign_pointer(svc->sched_data, data);
	return 0;
}

static void nflb_svc_apply(struct nflb_service *svc,
			   const struct nflb_svc_conf *conf)
{
	WRITE_ONCE(svc->flags, conf->flags);
	WRITE_ONCE(svc->timeout, conf->timeout);
	WRITE_ONCE(svc->netmask, conf->netmask);
	WRITE_ONCE(svc->sni_default, conf->sni_default);
}

/*
 * Room for one more service or SNI rule?  Both count against max_services:
 * a rule costs what a service does (Documentation/sni.rst, "Control
 * surface").
 */
int nflb_svc_check_limit(struct nflb_net *nn, struct netlink_ext_ack *extack)
{
	u32 limit = nflb_limit(nn, NFLB_LIMIT_SERVICES, nn->cfg.max_services);

	lockdep_assert_held(&nn->lock);
	if (nn->num_services + nn->num_sni_rules < limit)
		return 0;
	if (nflb_limit_capped(nn, NFLB_LIMIT_SERVICES, nn->cfg.max_services))
		NFLB_ERR_FMT(extack,
			     "host ceiling reached: services and SNI rules (max_services_ceiling)",
			     "host ceiling reached: %u services and SNI rules (max_services_ceiling)",
			     limit);
	else if (!nn->num_sni_rules)
		NFLB_ERR_FMT(extack,
			     "limit of services reached in this namespace",
			     "limit of %u services reached in this namespace",
			     limit);
	else
		NFLB_ERR_FMT(extack,
			     "limit of services and SNI rules reached in this namespace",
			     "limit of %u services and SNI rules reached in this namespace",
			     limit);
	return -ENOSPC;
}

/*
 * A new service, or SNI rule when @name is not "", with its counters and
 * scheduler but in no table yet: nflb_svc_free_new() undoes it.
 */
struct nflb_service *nflb_svc_alloc(struct nflb_net *nn,
				    const struct nflb_svc_key *key,
				    const struct nflb_svc_conf *conf,
				    const char *name,
				    struct netlink_ext_ack *extack)
{
	size_t len = strlen(name) + 1;
	struct nflb_service *svc;
	int ret;

	svc = kzalloc(struct_size(svc, sni_name, len), GFP_KERNEL_ACCOUNT);
	if (!svc) {
		NL_SET_ERR_MSG(extack, "no memory for the service");
		return ERR_PTR(-ENOMEM);
	}
	svc->stats = nflb_stats_alloc();
	if (!svc->stats) {
		NL_SET_ERR_MSG(extack, "no memory for the service's counters");
		ret = -ENOMEM;
		goto err_free;
	}
	memcpy(svc->sni_name, name, len);
	svc->key = *key;
	svc->nn = nn;
	refcount_set(&svc->refcnt, 1);
	INIT_LIST_HEAD(&svc->dests);
	nflb_svc_apply(svc, conf);
	ret = nflb_svc_set_sched(svc, conf->sched, false, extack);
	if (ret)
		goto err_stats;
	if (conf->set_src_ranges)
		RCU_INIT_POINTER(svc->src_ranges, conf->src_ranges);
	return svc;

err_stats:
	free_percpu(svc->stats);
err_free:
	kfree(svc);
	return ERR_PTR(ret);
}

/*
 * No reader ever saw @svc, so it goes at once.  Its scheduler state (which
 * names no real server yet, so refers to nothing of @svc) is freed by the
 * scheduler's done() after a grace period, independently: nothing waits
 * for it, least of all a global rcu_barrier(), which any namespace owner
 * could otherwise make the kernel wait for at will.
 */
void nflb_svc_free_new(struct nflb_service *svc)
{
	nflb_sched_done(svc);
	kfree(rcu_dereference_protected(svc->src_ranges, true));
	free_percpu(svc->stats);
	kfree(svc);
}

struct nflb_service *nflb_svc_add(struct nflb_net *nn,
				  const struct nflb_svc_key *key,
				  const struct nflb_svc_conf *conf,
				  struct netlink_ext_ack *extack)
{
	struct nflb_service *svc;
	int ret;

	lockdep_assert_held(&nn->lock);
	/*
	 * Changes are serialised by nn->lock: a service not found here is
	 * not in the table when it is inserted, so a duplicate is refused
	 * before anything (scheduler state, counters) is allocated for it.
	 */
	if (nflb_svc_lookup(nn, key)) {
		NL_SET_ERR_MSG(extack, "service already exists");
		return ERR_PTR(-EEXIST);
	}
	ret = nflb_svc_check_limit(nn, extack);
	if (ret)
		return ERR_PTR(ret);

	svc = nflb_svc_alloc(nn, key, conf, "", extack);
	if (IS_ERR(svc))
		return svc;
	ret = rhashtable_lookup_insert_fast(&nn->svc_table, &svc->node,
					    nflb_svc_params);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot add the service to the table");
		/* failed: the source ranges are still the caller's */
		RCU_INIT_POINTER(svc->src_ranges, NULL);
		nflb_svc_free_new(svc);
		return ERR_PTR(ret);
	}
	list_add_tail(&svc->list, &nn->svc_list);
	if (key->fwmark)
		nn->num_fwmark_services++;
	else
		nflb_addr_filter_add(nn->vip_filter, key->af, &key->addr, 1);
	nn->num_services++;
	nn->generation++;
	return svc;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_svc_add);

int nflb_svc_update(struct nflb_net *nn, struct nflb_service *svc,
		    const struct nflb_svc_conf *conf,
		    struct netlink_ext_ack *extack)
{
	int ret;

	lockdep_assert_held(&nn->lock);
	ret = nflb_svc_set_sched(svc, conf->sched, true, extack);
	if (ret)
		return ret;
	nflb_svc_apply(svc, conf);
	if (conf->set_src_ranges) {
		struct nflb_src_ranges *old;

		/* readers see the old list or the new one, never a mix */
		old = rcu_replace_pointer(svc->src_ranges, conf->src_ranges,
					  lockdep_is_held(&nn->lock));
		if (old)
			kfree_rcu(old, rcu);
	}
	nn->generation++;
	return 0;
}

static void nflb_dest_unlink(struct nflb_net *nn, struct nflb_service *svc,
			     struct nflb_dest *dest)
{
	list_del_rcu(&dest->list);
	set_bit(NFLB_DEST_DEAD, &dest->flags);
	nflb_rs_index_del(nn, dest);
	nflb_addr_filter_add(nn->rs_filter, dest->af, &dest->addr, -1);
	svc->num_dests--;
	(svc->parent ?: svc)->all_dests--;
	nn->num_dests--;
	nflb_dest_put(dest);
}

/*
 * The end of a service or rule already out of its table: its real servers
 * go, and the table's reference.
 */
void nflb_svc_release(struct nflb_net *nn, struct nflb_service *svc)
{
	struct nflb_dest *dest, *tmp;

	list_for_each_entry_safe(dest, tmp, &svc->dests, list)
		nflb_dest_unlink(nn, svc, dest);
	nflb_sched_done(svc);
	nn->generation++;
	nflb_svc_put(svc);
}

/* @svc out of the table and gone; its SNI rules went before (nflb_svc_del()). */
void nflb_svc_unlink(struct nflb_net *nn, struct nflb_service *svc)
{
	lockdep_assert_held(&nn->lock);
	rhashtable_remove_fast(&nn->svc_table, &svc->node, nflb_svc_params);
	list_del(&svc->list);
	if (svc->key.fwmark)
		nn->num_fwmark_services--;
	else
		nflb_addr_filter_add(nn->vip_filter, svc->key.af, &svc->key.addr, -1);
	nn->num_services--;
	nflb_svc_release(nn, svc);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_svc_unlink);

static void nflb_dests_forget_routes(struct nflb_service *svc)
{
	struct nflb_dest *dest;

	list_for_each_entry(dest, &svc->dests, list)
		dst_cache_reset_now(&dest->dst_cache);
}

/*
 * Every real server's cached routes go now, not at its next packet: they
 * hold their devices, and a device being unregistered waits for them.
 * No packet may use the caches meanwhile (nflb_route() checks
 * routes_uncached, and the caller waited for those that had not).
 */
void nflb_svc_forget_routes(struct nflb_net *nn)
{
	struct nflb_service *svc, *rule;
	struct nflb_sni_rules *rules;

	lockdep_assert_held(&nn->lock);
	list_for_each_entry(svc, &nn->svc_list, list) {
		nflb_dests_forget_routes(svc);
		rules = nflb_sni_rules(svc);
		if (!rules)
			continue;
		list_for_each_entry(rule, &rules->list, list)
			nflb_dests_forget_routes(rule);
	}
}

static void nflb_dests_to_filter(struct nflb_net *nn,
				 struct nflb_service *svc)
{
	struct nflb_dest *dest;

	list_for_each_entry(dest, &svc->dests, list)
		nflb_addr_filter_add(nn->rs_filter, dest->af, &dest->addr, 1);
}

/*
 * The address filters come with the hooks, after the first service: what
 * exists by then is counted here, the rest as it comes and goes.
 */
void nflb_svc_fill_filters(struct nflb_net *nn)
{
	struct nflb_service *svc, *rule;
	struct nflb_sni_rules *rules;

	lockdep_assert_held(&nn->lock);
	list_for_each_entry(svc, &nn->svc_list, list) {
		if (!svc->key.fwmark)
			nflb_addr_filter_add(nn->vip_filter, svc->key.af,
					     &svc->key.addr, 1);
		nflb_dests_to_filter(nn, svc);
		rules = nflb_sni_rules(svc);
		if (!rules)
			continue;
		list_for_each_entry(rule, &rules->list, list)
			nflb_dests_to_filter(nn, rule);
	}
}

static void nflb_dest_apply(struct nflb_dest *dest,
			    const struct nflb_dest_conf *conf)
{
	WRITE_ONCE(dest->fwd, conf->fwd);
	WRITE_ONCE(dest->tun_type, conf->tun_type);
	WRITE_ONCE(dest->weight, conf->weight);
	WRITE_ONCE(dest->u_thresh, conf->u_thresh);
	WRITE_ONCE(dest->l_thresh, conf->l_thresh);
	if (dest->health != conf->health || !dest->health_changed)
		dest->health_changed = jiffies;
	WRITE_ONCE(dest->health, conf->health);
	strscpy(dest->health_by, conf->health_by, sizeof(dest->health_by));
}

/* @dest's settings, to change some of them with nflb_dest_update(). */
void nflb_dest_conf_get(const struct nflb_dest *dest,
			struct nflb_dest_conf *conf)
{
	*conf = (struct nflb_dest_conf) {
		.fwd = dest->fwd,
		.tun_type = dest->tun_type,
		.health = dest->health,
		.weight = dest->weight,
		.u_thresh = dest->u_thresh,
		.l_thresh = dest->l_thresh,
	};
	strscpy(conf->health_by, dest->health_by, sizeof(conf->health_by));
}

struct nflb_dest *nflb_dest_add(struct nflb_net *nn, struct nflb_service *svc,
				const union nf_inet_addr *addr, __be16 port,
				const struct nflb_dest_conf *conf,
				struct netlink_ext_ack *extack)
{
	struct nflb_service *top = svc->parent ?: svc;
	u32 limit = nflb_limit(nn, NFLB_LIMIT_DESTS, nn->cfg.max_dests);
	struct nflb_dest *dest;
	int ret;

	lockdep_assert_held(&nn->lock);
	if (nflb_dest_lookup(svc, addr, port)) {
		if (svc->parent)
			NL_SET_ERR_MSG(extack,
				       "real server already exists in this SNI rule");
		else
			NL_SET_ERR_MSG(extack,
				       "real server already exists in this service");
		return ERR_PTR(-EEXIST);
	}
	/* A service's rules count with it. */
	if (top->all_dests >= limit) {
		if (nflb_limit_capped(nn, NFLB_LIMIT_DESTS, nn->cfg.max_dests))
			NFLB_ERR_FMT(extack,
				     "host ceiling reached: real servers per service (max_dests_ceiling)",
				     "host ceiling reached: %u real servers per service (max_dests_ceiling)",
				     limit);
		else if (nflb_svc_is_sni(svc))
			NFLB_ERR_FMT(extack,
				     "limit of real servers per service, its SNI rules' included, reached",
				     "limit of %u real servers per service, its SNI rules' included, reached",
				     limit);
		else
			NFLB_ERR_FMT(extack,
				     "limit of real servers per service reached",
				     "limit of %u real servers per service reached",
				     limit);
		return ERR_PTR(-ENOSPC);
	}

	dest = kzalloc(sizeof(*dest), GFP_KERNEL_ACCOUNT);
	if (!dest)
		goto err_nomem;
	dest->stats = nflb_stats_alloc();
	if (!dest->stats)
		goto err_free;
	if (dst_cache_init(&dest->dst_cache, GFP_KERNEL_ACCOUNT)) {
		free_percpu(dest->stats);
		goto err_free;
	}
	dest->svc = svc;
	dest->addr = *addr;
	dest->port = port;
	dest->af = svc->key.af;
	refcount_set(&dest->refcnt, 1);
	nflb_dest_apply(dest, conf);
	if (nflb_rs_index_sync(nn, dest)) {
		NL_SET_ERR_MSG(extack, "no memory for the real server's index entry");
		dst_cache_destroy(&dest->dst_cache);
		free_percpu(dest->stats);
		kfree(dest);
		return ERR_PTR(-ENOMEM);
	}
	list_add_tail_rcu(&dest->list, &svc->dests);
	ret = nflb_sched_update(svc);
	if (ret) {
		list_del_rcu(&dest->list);
		nflb_rs_index_del(nn, dest);
		NL_SET_ERR_MSG(extack, "scheduler cannot take the real server");
		synchronize_rcu();
		dst_cache_destroy(&dest->dst_cache);
		free_percpu(dest->stats);
		kfree(dest);
		return ERR_PTR(ret);
	}
	nflb_addr_filter_add(nn->rs_filter, dest->af, &dest->addr, 1);
	refcount_inc(&svc->refcnt);
	svc->num_dests++;
	top->all_dests++;
	nn->num_dests++;
	nn->generation++;
	return dest;

err_free:
	kfree(dest);
err_nomem:
	NL_SET_ERR_MSG(extack, "no memory for the real server");
	return ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_dest_add);

int nflb_dest_update(struct nflb_net *nn, struct nflb_dest *dest,
		     const struct nflb_dest_conf *conf,
		     struct netlink_ext_ack *extack)
{
	unsigned long changed = dest->health_changed;
	struct nflb_dest_conf old;
	int ret;

	lockdep_assert_held(&nn->lock);
	nflb_dest_conf_get(dest, &old);
	nflb_dest_apply(dest, conf);
	nflb_dest_check_overload(dest);
	ret = nflb_sched_update(dest->svc);
	if (ret) {
		nflb_dest_apply(dest, &old);
		dest->health_changed = changed;
		nflb_dest_check_overload(dest);
		NL_SET_ERR_MSG(extack, "scheduler cannot take the change");
		return ret;
	}
	/* the forwarding method may have changed: NAT's are indexed */
	if (nflb_rs_index_sync(nn, dest)) {
		nflb_dest_apply(dest, &old);
		dest->health_changed = changed;
		nflb_dest_check_overload(dest);
		nflb_sched_update(dest->svc);
		NL_SET_ERR_MSG(extack, "no memory for the real server's index entry");
		return -ENOMEM;
	}
	nn->generation++;
	return 0;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_dest_update);

void nflb_dest_del(struct nflb_net *nn, struct nflb_service *svc,
		   struct nflb_dest *dest)
{
	lockdep_assert_held(&nn->lock);
	nflb_dest_unlink(nn, svc, dest);
	/* A failed rebuild keeps the old state, which still names the dead
	 * dest: schedulers skip it (nflb_dest_usable()), so this is safe.
	 */
	nflb_sched_update(svc);
	nn->generation++;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_dest_del);

/*
 * Thresholds, as IPVS has them: over u_thresh connections a real server
 * takes no new flows until it is back under l_thresh (3/4 of u_thresh
 * when l_thresh is 0).  Called when its connection count changes.
 */
void nflb_dest_check_overload(struct nflb_dest *dest)
{
	u32 upper = READ_ONCE(dest->u_thresh);
	u32 lower = READ_ONCE(dest->l_thresh);
	u32 conns = atomic_read(&dest->active_conns) +
		    atomic_read(&dest->inact_conns);

	if (!upper) {
		clear_bit(NFLB_DEST_OVERLOAD, &dest->flags);
		return;
	}
	if (conns >= upper) {
		set_bit(NFLB_DEST_OVERLOAD, &dest->flags);
		return;
	}
	if (!lower)
		lower = upper * 3 / 4;
	if (conns < lower)
		clear_bit(NFLB_DEST_OVERLOAD, &dest->flags);
}

unsigned int nflb_svc_table_size(struct nflb_net *nn)
{
	const struct bucket_table *tbl;
	unsigned int size;

	rcu_read_lock();
	tbl = rht_dereference_rcu(nn->svc_table.tbl, &nn->svc_table);
	size = tbl->size;
	rcu_read_unlock();
	return size;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_svc_table_size);

u32 nflb_max_dests_in_use(struct nflb_net *nn)
{
	struct nflb_service *svc;
	u32 max = 0;

	lockdep_assert_held(&nn->lock);
	list_for_each_entry(svc, &nn->svc_list, list)
		max = max_t(u32, max, svc->all_dests);
	return max;
}
