// SPDX-License-Identifier: GPL-2.0
/*
 * mh: Maglev hashing (Eisenbud et al., NSDI 2016), weighted as IPVS does.
 *
 * A lookup table of M slots (M prime, the module parameter mh_table_size)
 * names a real server each.  Every server with weight > 0 has a preference
 * list of the slots, permutation[j] = (offset + j * skip) mod M, where
 * offset and skip come from fixed-key SipHashes of its address and port,
 * never from its position or its pointer.  The servers, sorted by address
 * and port so that the order they were added in does not matter, take
 * turns claiming their next preferred free slot until the table is full;
 * a server claims (weight / gcd) >> shift slots a turn (at least one, shift
 * keeping the largest under 2^(log2(M) / 2), as IPVS does), so weights get
 * proportional shares.  Each server gets M / N slots within one (equal
 * weights), removing one of N moves about 1/N of the slots, and the same
 * servers and weights give the same table on every machine.
 *
 * A flow goes to the slot a fixed-key SipHash of the client address (and
 * port, with NFLB_SVC_F_SCHED_PORT) selects.  If that server is unusable
 * (over its threshold) the flow is dropped, or with
 * NFLB_SVC_F_SCHED_FALLBACK goes to the first usable server on a probe
 * sequence of slots (double hashing, which visits every slot as M is
 * prime), then after NFLB_SCHED_FALLBACK_PROBES slots to the first usable
 * server in sorted order from a hashed start.
 *
 * The table stores indices into the sorted array of servers, one byte
 * each for up to 256 servers and two bytes for up to 65536: 4 KiB a
 * service at the default M = 4093.
 */
#include <linux/bitmap.h>
#include <linux/log2.h>
#include <linux/gcd.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "compat.h"
#include "netns.h"
#include "sched.h"
#include "service.h"

unsigned int nflb_mh_table_size = NFLB_MH_TABLE_SIZE_DEFAULT;
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_mh_table_size);

bool nflb_mh_table_size_valid(unsigned int m)
{
	unsigned int d;

	if (m < NFLB_MH_TABLE_SIZE_MIN || m > NFLB_MH_TABLE_SIZE_MAX)
		return false;
	if (!(m & 1))
		return false;
	for (d = 3; d <= m / d; d += 2)
		if (m % d == 0)
			return false;
	return true;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_mh_table_size_valid);

static int nflb_mh_table_size_set(const char *val,
				  const struct kernel_param *kp)
{
	unsigned int m;
	int ret;

	ret = kstrtouint(val, 0, &m);
	if (ret)
		return ret;
	if (!nflb_mh_table_size_valid(m)) {
		pr_err("mh_table_size=%u: must be a prime from %u to %u\n",
		       m, NFLB_MH_TABLE_SIZE_MIN, NFLB_MH_TABLE_SIZE_MAX);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = m;
	return 0;
}

static const struct kernel_param_ops nflb_mh_table_size_ops = {
	.set	= nflb_mh_table_size_set,
	.get	= param_get_uint,
};

module_param_cb(mh_table_size, &nflb_mh_table_size_ops,
		&nflb_mh_table_size, 0444);
MODULE_PARM_DESC(mh_table_size,
		 "Slots of each mh (Maglev) table, a prime from 251 to 1048573 (default 4093)");

#define NFLB_MH_MAX_DESTS	65536	/* indices fit in a u16 */

struct nflb_mh_state {
	struct rcu_head rcu;
	u32 size;			/* M */
	u32 n;
	struct nflb_dest **dests;	/* sorted, referenced */
	union {
		u8 *narrow;		/* n <= 256 */
		u16 *wide;
		void *table;
	};
};

/* "nflb-mh-offset-", "nflb-mh-skip---", "nflb-mh-flows--" */
static const siphash_key_t nflb_mh_offset_key = {{
	0x6e666c622d6d682dULL, 0x6f66667365742d00ULL
}};

static const siphash_key_t nflb_mh_skip_key = {{
	0x6e666c622d6d682dULL, 0x736b69702d2d2d00ULL
}};

static const siphash_key_t nflb_mh_flow_key = {{
	0x6e666c622d6d682dULL, 0x666c6f77732d2d00ULL
}};

void nflb_mh_perm(const struct nflb_dest *dest, u32 m, u32 *offset,
		  u32 *skip)
{
	*offset = (u32)nflb_sched_hash(dest->af, &dest->addr, dest->port,
				       &nflb_mh_offset_key) % m;
	*skip = (u32)nflb_sched_hash(dest->af, &dest->addr, dest->port,
				     &nflb_mh_skip_key) % (m - 1) + 1;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_mh_perm);

static u32 nflb_mh_get(const struct nflb_mh_state *s, u32 slot)
{
	return s->n <= 256 ? s->narrow[slot] : s->wide[slot];
}

static void nflb_mh_set(struct nflb_mh_state *s, u32 slot, u32 idx)
{
	if (s->n <= 256)
		s->narrow[slot] = idx;
	else
		s->wide[slot] = idx;
}

/* Canonical order: by address, then port (numeric values). */
static int nflb_mh_cmp(const void *a, const void *b)
{
	const struct nflb_dest *x = *(const struct nflb_dest **)a;
	const struct nflb_dest *y = *(const struct nflb_dest **)b;
	int i, words = x->af == AF_INET6 ? 4 : 1;

	for (i = 0; i < words; i++) {
		u32 p = ntohl(x->addr.ip6[i]), q = ntohl(y->addr.ip6[i]);

		if (p != q)
			return p < q ? -1 : 1;
	}
	return (int)ntohs(x->port) - (int)ntohs(y->port);
}

static void nflb_mh_free(struct nflb_mh_state *s)
{
	nflb_sched_dests_put(s->dests, s->n);
	kvfree(s->table);
	kfree(s);
}

static void nflb_mh_free_rcu(struct rcu_head *head)
{
	nflb_mh_free(container_of(head, struct nflb_mh_state, rcu));
}

static void nflb_mh_done(void *data)
{
	struct nflb_mh_state *s = data;

	call_rcu(&s->rcu, nflb_mh_free_rcu);
}

/* Per-server population state, freed once the table is full. */
struct nflb_mh_perm {
	u32 offset, skip, next, turns;
};

static int nflb_mh_populate(struct nflb_mh_state *s)
{
	u32 m = s->size, filled = 0, g = 0, maxw = 0, shift, i, t, slot;
	struct nflb_mh_perm *p;
	unsigned long *taken;
	int ret = -ENOMEM;

	p = kvmalloc_array(s->n, sizeof(*p), GFP_KERNEL_ACCOUNT);
	taken = bitmap_zalloc(m, GFP_KERNEL_ACCOUNT);
	if (!p || !taken)
		goto out;
	for (i = 0; i < s->n; i++) {
		u32 w = READ_ONCE(s->dests[i]->weight);

		g = g ? gcd(g, w) : w;
		maxw = max(maxw, w);
	}
	shift = max_t(int, fls(maxw / g) - ilog2(m) / 2, 0);
	for (i = 0; i < s->n; i++) {
		nflb_mh_perm(s->dests[i], m, &p[i].offset, &p[i].skip);
		p[i].next = p[i].offset;
		p[i].turns = max(READ_ONCE(s->dests[i]->weight) / g >> shift,
				 1U);
	}
	for (;;) {
		for (i = 0; i < s->n; i++) {
			for (t = 0; t < p[i].turns; t++) {
				/* A permutation of all slots: one is free. */
				do {
					slot = p[i].next;
					p[i].next += p[i].skip;
					if (p[i].next >= m)
						p[i].next -= m;
				} while (test_bit(slot, taken));
				__set_bit(slot, taken);
				nflb_mh_set(s, slot, i);
				if (++filled == m)
					goto full;
			}
		}
		cond_resched();
	}
full:
	ret = 0;
out:
	bitmap_free(taken);
	kvfree(p);
	return ret;
}

static void *nflb_mh_init(struct nflb_service *svc)
{
	struct nflb_mh_state *s;
	struct nflb_dest **dests;
	u32 n;
	int ret;

	dests = nflb_sched_dests_get(svc, &n);
	if (IS_ERR_OR_NULL(dests))
		return dests;
	if (n > NFLB_MH_MAX_DESTS) {
		nflb_sched_dests_put(dests, n);
		return ERR_PTR(-E2BIG);
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s) {
		nflb_sched_dests_put(dests, n);
		return ERR_PTR(-ENOMEM);
	}
	sort(dests, n, sizeof(*dests), nflb_mh_cmp, NULL);
	s->dests = dests;
	s->n = n;
	s->size = READ_ONCE(nflb_mh_table_size);
	s->table = kvmalloc_array(s->size, n <= 256 ? 1 : 2,
				  GFP_KERNEL_ACCOUNT);
	ret = s->table ? nflb_mh_populate(s) : -ENOMEM;
	if (ret) {
		nflb_mh_free(s);
		return ERR_PTR(ret);
	}
	return s;
}

static int nflb_mh_update(struct nflb_service *svc)
{
	struct nflb_mh_state *old, *s;

	old = rcu_dereference_protected(svc->sched_data,
					lockdep_is_held(&svc->nn->lock));
	s = nflb_mh_init(svc);
	if (IS_ERR(s))
		return PTR_ERR(s);
	rcu_assign_pointer(svc->sched_data, s);
	if (old)
		nflb_mh_done(old);
	return 0;
}

static struct nflb_dest *nflb_mh_schedule(struct nflb_service *svc,
					  const struct nflb_sched_ctx *ctx)
{
	struct nflb_mh_state *s = rcu_dereference(svc->sched_data);
	u32 flags = READ_ONCE(svc->flags);
	struct nflb_dest *dest;
	u32 slot, step, i;
	u64 hash;

	if (!s)
		return NULL;
	hash = nflb_sched_hash(svc->key.af, ctx->saddr,
			       flags & NFLB_SVC_F_SCHED_PORT ? ctx->sport : 0,
			       &nflb_mh_flow_key);
	slot = reciprocal_scale((u32)hash, s->size);
	dest = s->dests[nflb_mh_get(s, slot)];
	if (nflb_dest_usable(dest))
		return dest;
	if (!(flags & NFLB_SVC_F_SCHED_FALLBACK))
		return NULL;
	step = reciprocal_scale(hash >> 32, s->size - 1) + 1;
	for (i = 1; i < NFLB_SCHED_FALLBACK_PROBES; i++) {
		slot += step;
		if (slot >= s->size)
			slot -= s->size;
		dest = s->dests[nflb_mh_get(s, slot)];
		if (nflb_dest_usable(dest))
			return dest;
	}
	return nflb_sched_first_usable(s->dests, s->n,
				       reciprocal_scale(hash >> 32, s->n));
}

u32 nflb_mh_size(struct nflb_service *svc)
{
	struct nflb_mh_state *s = rcu_dereference(svc->sched_data);

	return s ? s->size : 0;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_mh_size);

struct nflb_dest *nflb_mh_slot(struct nflb_service *svc, u32 slot)
{
	struct nflb_mh_state *s = rcu_dereference(svc->sched_data);

	return s && slot < s->size ? s->dests[nflb_mh_get(s, slot)] : NULL;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_mh_slot);

const struct nflb_sched nflb_sched_mh = {
	.name		= "mh",
	.stateless	= true,
	.init		= nflb_mh_init,
	.update		= nflb_mh_update,
	.done		= nflb_mh_done,
	.schedule	= nflb_mh_schedule,
};
