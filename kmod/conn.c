// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table of a namespace: a fixed array of buckets hashed by
 * the client's address and port, RCU lookups, bucket-group locks for
 * changes, and a worker instead of per-entry timers.  See
 * Documentation/datapath.rst.
 */
#include <linux/jhash.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/ipv6.h>
#include <linux/nflb.h>

#include "compat.h"
#include "conn.h"
#include "limits.h"
#include "netns.h"
#include "service.h"

static unsigned int conn_tab_bits = 16;
module_param(conn_tab_bits, uint, 0444);
MODULE_PARM_DESC(conn_tab_bits,
		 "log2 of the connection hash buckets per namespace (8-24, default 16)");

static struct kmem_cache *nflb_conn_cache __read_mostly;

/* Documentation/datapath.rst's layout, where spinlock_t is 4 bytes. */
static_assert(sizeof(spinlock_t) != 4 || sizeof(struct nflb_conn) <= 136);

/* The worker looks at 1/NFLB_GC_SLICES of the buckets every period. */
#define NFLB_GC_SLICES	8
#define NFLB_GC_PERIOD	(HZ / NFLB_GC_SLICES)
/* A full table looks this far for an entry to evict (buckets). */
#define NFLB_EARLY_DROP_MIN	256
#define NFLB_EARLY_DROP_MAX	16384
/* Seconds a handshake may take (IPVS and conntrack: 60). */
#define NFLB_SYN_RECV_TIMEOUT	10

static u32 nflb_conn_hash(const struct nflb_conn_tab *tab, u8 af, u8 proto,
			  const union nf_inet_addr *caddr, __be16 cport)
{
	u32 ports = ((u32)(__force u16)cport << 16) | (proto << 8) | af;

	if (af == AF_INET)
		return jhash_2words((__force u32)caddr->ip, ports, tab->seed) &
		       tab->mask;
	return jhash_3words(jhash2((const u32 *)caddr->ip6, 4, tab->seed),
			    ports, 0, tab->seed) & tab->mask;
}

static spinlock_t *nflb_conn_lock(struct nflb_conn_tab *tab, u32 hash)
{
	return &tab->locks[hash & (NFLB_CONN_LOCKS - 1)];
}

static bool nflb_addr_eq(u8 af, const union nf_inet_addr *a,
			 const union nf_inet_addr *b)
{
	if (af == AF_INET)
		return a->ip == b->ip;
	return ipv6_addr_equal(&a->in6, &b->in6);
}

bool nflb_conn_alive(const struct nflb_conn *cp)
{
	u8 flags = READ_ONCE(cp->flags);

	if ((flags & NFLB_CONN_F_UNLINKED) ||
	    test_bit(NFLB_DEST_DEAD, &cp->dest->flags))
		return false;
	if (time_before(jiffies, READ_ONCE(cp->expires)))
		return true;
	/* a template lives while it controls an entry */
	return (flags & NFLB_CONN_F_TEMPLATE) && refcount_read(&cp->users) > 1;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_alive);

unsigned int nflb_conn_state_timeout(struct nflb_net *nn, u8 proto, u8 state)
{
	switch (state) {
	case NFLB_CONN_S_ESTABLISHED:
		return READ_ONCE(nn->cfg.tcp_timeout);
	case NFLB_CONN_S_FIN_WAIT:
	case NFLB_CONN_S_TIME_WAIT:
		return READ_ONCE(nn->cfg.tcpfin_timeout);
	case NFLB_CONN_S_UDP:
		return READ_ONCE(nn->cfg.udp_timeout);
	case NFLB_CONN_S_SYN_SENT:
		return 120;
	case NFLB_CONN_S_CLOSE:
		return 10;
	case NFLB_CONN_S_LAST_ACK:
		return 30;
	case NFLB_CONN_S_SYN_RECV:
		return NFLB_SYN_RECV_TIMEOUT;
	case NFLB_CONN_S_CLOSE_WAIT:
	default:
		return 60;
	}
}

void nflb_conn_set_timeout(struct nflb_conn *cp, unsigned int secs)
{
	WRITE_ONCE(cp->expires, jiffies + (unsigned long)secs * HZ);
}

/* Push the expiry forward; written only when it moves by a second or more. */
void nflb_conn_touch(struct nflb_net *nn, struct nflb_conn *cp)
{
	unsigned long exp = jiffies +
		(unsigned long)nflb_conn_state_timeout(nn, cp->proto,
						       READ_ONCE(cp->state)) * HZ;

	if (time_after(exp, READ_ONCE(cp->expires) + HZ))
		WRITE_ONCE(cp->expires, exp);
}

struct nflb_conn *nflb_conn_lookup_in(struct nflb_net *nn,
				      const struct nflb_flow *flow)
{
	struct nflb_conn_tab *tab = &nn->conns;
	struct nflb_conn *cp;
	u32 hash;

	hash = nflb_conn_hash(tab, flow->af, flow->proto, &flow->caddr,
			      flow->cport);
	hlist_for_each_entry_rcu(cp, &tab->buckets[hash], node) {
		if (cp->cport == flow->cport && cp->vport == flow->vport &&
		    cp->proto == flow->proto && cp->af == flow->af &&
		    !(READ_ONCE(cp->flags) & (NFLB_CONN_F_TEMPLATE |
					      NFLB_CONN_F_ONEPACKET)) &&
		    nflb_addr_eq(flow->af, &cp->caddr, &flow->caddr) &&
		    nflb_addr_eq(flow->af, &cp->vaddr, &flow->vaddr))
			return cp;
	}
	return NULL;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_lookup_in);

/* A reply: from the real server (@saddr:@sport) to the client. */
struct nflb_conn *nflb_conn_lookup_reply(struct nflb_net *nn, u8 af, u8 proto,
					 const union nf_inet_addr *saddr,
					 __be16 sport,
					 const union nf_inet_addr *daddr,
					 __be16 dport)
{
	struct nflb_conn_tab *tab = &nn->conns;
	struct nflb_conn *cp;
	u32 hash;

	hash = nflb_conn_hash(tab, af, proto, daddr, dport);
	hlist_for_each_entry_rcu(cp, &tab->buckets[hash], node) {
		if (cp->cport == dport && cp->dport == sport &&
		    cp->proto == proto && cp->af == af &&
		    cp->fwd == NFLB_FWD_NAT &&
		    !(READ_ONCE(cp->flags) & NFLB_CONN_F_TEMPLATE) &&
		    nflb_addr_eq(af, &cp->caddr, daddr) &&
		    nflb_addr_eq(af, &cp->daddr, saddr))
			return cp;
	}
	return NULL;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_lookup_reply);

/* Templates hash with port 0 and match by service. */
struct nflb_conn *nflb_conn_lookup_tmpl(struct nflb_net *nn,
					struct nflb_service *svc,
					const union nf_inet_addr *caddr)
{
	struct nflb_conn_tab *tab = &nn->conns;
	u8 af = svc->key.af, proto = svc->key.proto;
	struct nflb_conn *cp;
	u32 hash;

	hash = nflb_conn_hash(tab, af, proto, caddr, 0);
	hlist_for_each_entry_rcu(cp, &tab->buckets[hash], node) {
		if ((READ_ONCE(cp->flags) & NFLB_CONN_F_TEMPLATE) &&
		    cp->dest->svc == svc && nflb_addr_eq(af, &cp->caddr, caddr))
			return cp;
	}
	return NULL;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_lookup_tmpl);

static void nflb_conn_free_rcu(struct rcu_head *head)
{
	struct nflb_conn *cp = container_of(head, struct nflb_conn, rcu);

	nflb_dest_put(cp->dest);
	kmem_cache_free(nflb_conn_cache, cp);
}

/* A template's reference; the last one goes after its unlink. */
static void nflb_tmpl_put(struct nflb_conn *tmpl)
{
	if (refcount_dec_and_test(&tmpl->users))
		call_rcu(&tmpl->rcu, nflb_conn_free_rcu);
}

/*
 * An entry @tmpl controlled is gone: the client stays with its real server
 * for the persistence timeout from now (IPVS: from the template's expiry
 * after its last connection).
 */
static void nflb_tmpl_release(struct nflb_conn *tmpl)
{
	unsigned long exp = jiffies +
		(unsigned long)READ_ONCE(tmpl->dest->svc->timeout) * HZ;

	if (time_after(exp, READ_ONCE(tmpl->expires)))
		WRITE_ONCE(tmpl->expires, exp);
	nflb_tmpl_put(tmpl);
}

/* Under the entry's bucket lock. */
static void __nflb_conn_unlink(struct nflb_conn_tab *tab, struct nflb_conn *cp)
{
	struct nflb_dest *dest = cp->dest;
	struct nflb_conn *tmpl = NULL;

	spin_lock(&cp->lock);
	if (cp->flags & NFLB_CONN_F_UNLINKED) {
		spin_unlock(&cp->lock);
		return;
	}
	WRITE_ONCE(cp->flags, cp->flags | NFLB_CONN_F_UNLINKED);
	if (cp->flags & NFLB_CONN_F_TEMPLATE) {
		atomic_dec(&dest->persist_conns);
	} else {
		if (cp->flags & NFLB_CONN_F_ACTIVE)
			atomic_dec(&dest->active_conns);
		else
			atomic_dec(&dest->inact_conns);
		tmpl = cp->control;
	}
	spin_unlock(&cp->lock);

	hlist_del_rcu(&cp->node);
	atomic_dec(&tab->count);
	nflb_dest_check_overload(dest);
	if (tmpl)
		nflb_tmpl_release(tmpl);
	/* cp->control and cp->rcu share their bytes */
	if (cp->flags & NFLB_CONN_F_TEMPLATE)
		nflb_tmpl_put(cp);
	else
		call_rcu(&cp->rcu, nflb_conn_free_rcu);
}

static u32 nflb_conn_bucket(struct nflb_conn_tab *tab,
			    const struct nflb_conn *cp)
{
	return nflb_conn_hash(tab, cp->af, cp->proto, &cp->caddr, cp->cport);
}

/* Any context; BH must be disabled by packet-path callers. */
void nflb_conn_unlink(struct nflb_net *nn, struct nflb_conn *cp)
{
	struct nflb_conn_tab *tab = &nn->conns;
	spinlock_t *lock = nflb_conn_lock(tab, nflb_conn_bucket(tab, cp)); /* the bucket's */

	spin_lock_bh(lock);
	__nflb_conn_unlink(tab, cp);
	spin_unlock_bh(lock);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_unlink);

static bool nflb_conn_same(const struct nflb_conn *a, const struct nflb_conn *b)
{
	return a->cport == b->cport && a->vport == b->vport &&
	       a->proto == b->proto && a->af == b->af &&
	       (a->flags & NFLB_CONN_F_TEMPLATE) ==
	       (b->flags & NFLB_CONN_F_TEMPLATE) &&
	       nflb_addr_eq(a->af, &a->caddr, &b->caddr) &&
	       nflb_addr_eq(a->af, &a->vaddr, &b->vaddr) &&
	       (!(a->flags & (NFLB_CONN_F_ONEPACKET | NFLB_CONN_F_TEMPLATE)) ||
		a->dest == b->dest);
}

/*
 * Entries that may go to make room: handshakes nobody completed, closed
 * flows, and what has expired.  Not templates, nor SNI entries waiting
 * for their server (bounded on their own, sni_limits.c).
 */
static bool nflb_conn_evictable(const struct nflb_conn *cp)
{
	u8 flags = READ_ONCE(cp->flags);
	u8 state = READ_ONCE(cp->state);

	if (flags & (NFLB_CONN_F_TEMPLATE | NFLB_CONN_F_UNLINKED))
		return false;
	if ((flags & (NFLB_CONN_F_SNI | NFLB_CONN_F_BOUND)) == NFLB_CONN_F_SNI)
		return false;
	return state == NFLB_CONN_S_SYN_RECV || state == NFLB_CONN_S_CLOSE ||
	       state == NFLB_CONN_S_TIME_WAIT || !nflb_conn_alive(cp);
}

/*
 * The table is full: unlink one evictable entry found in the buckets from
 * @hash on (conntrack's early drop), so that a flood of spoofed SYNs cannot
 * lock out the clients that complete their handshakes.  How far it looks
 * grows as the limit shrinks against the table, within bounds.  Packet
 * path.
 */
static bool nflb_conn_early_drop(struct nflb_conn_tab *tab, u32 hash,
				 u32 max_conns)
{
	u32 n = tab->mask + 1, i;

	/* enough buckets to hold some 64 entries of a full table */
	n = min(n, clamp_t(u32, div_u64((u64)n * 64, max_conns ?: 1),
			   NFLB_EARLY_DROP_MIN, NFLB_EARLY_DROP_MAX));
	for (i = 0; i < n; i++) {
		u32 b = (hash + i) & tab->mask;
		struct nflb_conn *cp;
		spinlock_t *lock;	/* the bucket's */

		if (hlist_empty(&tab->buckets[b]))
			continue;
		lock = nflb_conn_lock(tab, b);
		spin_lock(lock);
		hlist_for_each_entry(cp, &tab->buckets[b], node) {
			if (nflb_conn_evictable(cp)) {
				__nflb_conn_unlink(tab, cp);
				spin_unlock(lock);
				atomic64_inc(&tab->early_drops);
				return true;
			}
		}
		spin_unlock(lock);
	}
	return false;
}

/*
 * Make and hash an entry.  If another CPU hashed the same flow first, that
 * entry is returned instead.  Packet path, BH disabled.
 */
struct nflb_conn *nflb_conn_new(struct nflb_net *nn,
				const struct nflb_flow *flow,
				struct nflb_dest *dest, struct nflb_conn *control,
				u8 flags, bool *made)
{
	struct nflb_conn_tab *tab = &nn->conns;
	struct nflb_conn *cp, *old;
	spinlock_t *lock;	/* the bucket's */
	u32 hash, max_conns;
	unsigned int secs;

	*made = false;
	max_conns = nflb_limit(nn, NFLB_LIMIT_CONNS, READ_ONCE(nn->cfg.max_conns));
	if (atomic_inc_return(&tab->count) > max_conns &&
	    !nflb_conn_early_drop(tab, nflb_conn_hash(tab, flow->af, flow->proto,
						      &flow->caddr, flow->cport),
				  max_conns)) {
		atomic_dec(&tab->count);
		atomic64_inc(&tab->drops);
		return ERR_PTR(-ENOSPC);
	}
	cp = kmem_cache_alloc(nflb_conn_cache, GFP_ATOMIC);
	if (!cp)
		goto err_count;
	if (!nflb_dest_hold(dest))
		goto err_free;

	cp->caddr = flow->caddr;
	cp->vaddr = flow->vaddr;
	cp->daddr = dest->addr;
	cp->cport = flow->cport;
	cp->vport = flow->vport;
	/* port 0: the port the client addressed (fwmark services) */
	cp->dport = dest->port ?: flow->vport;
	cp->af = flow->af;
	cp->proto = flow->proto;
	cp->flags = flags;
	cp->fwd = READ_ONCE(dest->fwd);
	cp->sni_wshift = 0;
	cp->sni_seq_delta = 0;
	cp->sni_ts_off = 0;
	memset(cp->td_end, 0, sizeof(cp->td_end));
	memset(cp->td_win, 0, sizeof(cp->td_win));
	cp->td_wscale = 0;
	cp->td_flags = 0;
	if (flags & NFLB_CONN_F_TEMPLATE)
		refcount_set(&cp->users, 1);
	cp->dest = dest;
	/* an unlinked template may be going: then none controls this one */
	cp->control = NULL;
	if (control && !(flags & NFLB_CONN_F_TEMPLATE) &&
	    refcount_inc_not_zero(&control->users))
		cp->control = control;
	spin_lock_init(&cp->lock);
	if (flags & NFLB_CONN_F_TEMPLATE)
		cp->state = NFLB_CONN_S_NONE;
	else if (flow->proto == IPPROTO_TCP)
		cp->state = NFLB_CONN_S_SYN_RECV;
	else
		cp->state = NFLB_CONN_S_UDP;
	if (flags & NFLB_CONN_F_TEMPLATE)
		secs = READ_ONCE(dest->svc->timeout);
	else
		secs = nflb_conn_state_timeout(nn, cp->proto, cp->state);
	/* SNI: made at the decision, it waits for the server's answer */
	if (flags & NFLB_CONN_F_SNI)
		secs = max(secs, DIV_ROUND_UP(READ_ONCE(nn->cfg.sni_timeout_ms),
					      MSEC_PER_SEC) + 1);
	nflb_conn_set_timeout(cp, secs);

	hash = nflb_conn_bucket(tab, cp);
	lock = nflb_conn_lock(tab, hash);
	spin_lock(lock);
	hlist_for_each_entry(old, &tab->buckets[hash], node) {
		if (nflb_conn_same(old, cp) && nflb_conn_alive(old)) {
			spin_unlock(lock);
			if (cp->control)
				nflb_tmpl_put(cp->control);
			nflb_dest_put(dest);
			kmem_cache_free(nflb_conn_cache, cp);
			atomic_dec(&tab->count);
			return old;
		}
	}
	if (flags & NFLB_CONN_F_TEMPLATE)
		atomic_inc(&dest->persist_conns);
	else
		atomic_inc(&dest->inact_conns);
	hlist_add_head_rcu(&cp->node, &tab->buckets[hash]);
	spin_unlock(lock);
	nflb_dest_check_overload(dest);
	*made = true;
	return cp;

err_free:
	kmem_cache_free(nflb_conn_cache, cp);
err_count:
	atomic_dec(&tab->count);
	return NULL;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_new);

/* Unlink expired entries and those of removed real servers in @n buckets. */
static void nflb_conn_gc_buckets(struct nflb_conn_tab *tab, u32 first, u32 n,
				 bool all)
{
	u32 i;

	for (i = first; i < first + n && i <= tab->mask; i++) {
		struct hlist_head *head = &tab->buckets[i];
		struct hlist_node *tmp;
		struct nflb_conn *cp;
		spinlock_t *lock;	/* the bucket's */

		if (hlist_empty(head))
			continue;
		lock = nflb_conn_lock(tab, i);
		spin_lock_bh(lock);
		hlist_for_each_entry_safe(cp, tmp, head, node)
			if (all || !nflb_conn_alive(cp))
				__nflb_conn_unlink(tab, cp);
		spin_unlock_bh(lock);
	}
}

static void nflb_conn_gc(struct work_struct *work)
{
	struct nflb_conn_tab *tab = container_of(to_delayed_work(work),
						 struct nflb_conn_tab, gc);
	u32 slice = max_t(u32, (tab->mask + 1) / NFLB_GC_SLICES, 1);

	if (atomic_read(&tab->count))
		nflb_conn_gc_buckets(tab, tab->gc_next, slice, false);
	tab->gc_next += slice;
	if (tab->gc_next > tab->mask)
		tab->gc_next = 0;
	queue_delayed_work(system_power_efficient_wq, &tab->gc, NFLB_GC_PERIOD);
}

/* Reap everything expired now (tests; the worker does it in slices). */
void nflb_conn_gc_now(struct nflb_net *nn)
{
	if (!nn->conns.buckets)
		return;
	nflb_conn_gc_buckets(&nn->conns, 0, nn->conns.mask + 1, false);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_gc_now);

int nflb_conn_walk(struct nflb_net *nn, u32 *bucket, u32 *skip,
		   nflb_conn_visit_t visit, void *arg)
{
	struct nflb_conn_tab *tab = &nn->conns;
	int ret = 0;

	if (!tab->buckets)	/* no service yet: no table */
		return 0;
	rcu_read_lock();
	for (; *bucket <= tab->mask; (*bucket)++, *skip = 0) {
		struct nflb_conn *cp;
		u32 pos = 0;

		hlist_for_each_entry_rcu(cp, &tab->buckets[*bucket], node) {
			if (pos++ < *skip || !nflb_conn_alive(cp))
				continue;
			ret = visit(cp, arg);
			if (ret)
				goto out;
			*skip = pos;
		}
	}
out:
	rcu_read_unlock();
	return ret;
}

/* Buckets of the table, or of the one the first service will bring. */
u32 nflb_conn_tab_size(const struct nflb_net *nn)
{
	return nn->conns.buckets ? nn->conns.mask + 1 : 1U << conn_tab_bits;
}

int nflb_conn_init(struct nflb_net *nn)
{
	struct nflb_conn_tab *tab = &nn->conns;
	u32 size = 1U << conn_tab_bits, i;

	tab->buckets = kvcalloc(size, sizeof(*tab->buckets),
				GFP_KERNEL_ACCOUNT);
	if (!tab->buckets)
		return -ENOMEM;
	tab->mask = size - 1;
	tab->seed = get_random_u32();
	atomic_set(&tab->count, 0);
	atomic64_set(&tab->drops, 0);
	atomic64_set(&tab->no_conn_drops, 0);
	atomic64_set(&tab->tcp_invalid, 0);
	atomic64_set(&tab->early_drops, 0);
	atomic64_set(&tab->orphan_drops, 0);
	for (i = 0; i < NFLB_CONN_LOCKS; i++)
		spin_lock_init(&tab->locks[i]);
	tab->gc_next = 0;
	INIT_DELAYED_WORK(&tab->gc, nflb_conn_gc);
	queue_delayed_work(system_power_efficient_wq, &tab->gc, NFLB_GC_PERIOD);
	return 0;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_init);

/* After the hooks are gone: nothing adds entries any more. */
void nflb_conn_exit(struct nflb_net *nn)
{
	struct nflb_conn_tab *tab = &nn->conns;

	cancel_delayed_work_sync(&tab->gc);
	nflb_conn_gc_buckets(tab, 0, tab->mask + 1, true);
	WARN_ON_ONCE(atomic_read(&tab->count));
	/* Entries are freed by call_rcu(); the bucket array now is not used. */
	synchronize_rcu();
	kvfree(tab->buckets);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_conn_exit);

int nflb_conn_module_init(void)
{
	if (conn_tab_bits < 8 || conn_tab_bits > 24) {
		pr_err("conn_tab_bits must be 8..24, not %u\n", conn_tab_bits);
		return -EINVAL;
	}
	/*
	 * Not SLAB_ACCOUNT: entries are made in softirq for remote clients,
	 * where no memory cgroup is charged, and charging the sender of a
	 * local SYN (a forced GFP_ATOMIC charge) for 900 s of state would
	 * be arbitrary.  max_conns and its ceiling bound them instead
	 * (Documentation/security.rst).
	 */
	nflb_conn_cache = kmem_cache_create("nflb_conn", sizeof(struct nflb_conn),
					    0, 0, NULL);
	return nflb_conn_cache ? 0 : -ENOMEM;
}

void nflb_conn_module_exit(void)
{
	rcu_barrier();	/* the entries' call_rcu() */
	kmem_cache_destroy(nflb_conn_cache);
	nflb_conn_cache = NULL;
}
