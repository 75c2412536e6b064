// SPDX-License-Identifier: GPL-2.0
/*
 * sh: source hashing, like IPVS's.  A table of 2^bits buckets (256 or
 * more: at least 16 per real server, up to 2^20) names a real server
 * each; every server with weight > 0 gets one bucket plus a share of the
 * rest proportional to its weight, in one run of buckets, in list order.
 * A flow goes to the bucket a fixed-key SipHash of the client address
 * (and port, with NFLB_SVC_F_SCHED_PORT) selects: the same client reaches
 * the same server on every machine and after every reboot, for as long as
 * the servers and weights stay the same.
 *
 * If that server is unusable (over its threshold) the flow is dropped,
 * or, with NFLB_SVC_F_SCHED_FALLBACK, goes to the first usable server on
 * a probe sequence of buckets (double hashing: a second, odd step from the
 * same hash), then after NFLB_SCHED_FALLBACK_PROBES buckets to the first
 * usable server in list order from a hashed start.
 */
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>

#include "netns.h"
#include "sched.h"
#include "service.h"

#define NFLB_SH_BITS_MIN	8
#define NFLB_SH_BITS_MAX	20
#define NFLB_SH_PER_DEST_BITS	4	/* 16 buckets a server, at least */

struct nflb_sh_state {
	struct rcu_head rcu;
	u32 mask;			/* buckets - 1 */
	u32 n;
	struct nflb_dest **dests;	/* referenced */
	u32 bucket[];			/* index into dests */
};

/* "nflb-sh-flows" */
static const siphash_key_t nflb_sh_key = {{
	0x6e666c622d73682dULL, 0x666c6f7773000000ULL
}};

static void nflb_sh_free_rcu(struct rcu_head *head)
{
	struct nflb_sh_state *s = container_of(head, struct nflb_sh_state, rcu);

	nflb_sched_dests_put(s->dests, s->n);
	kvfree(s);
}

static void nflb_sh_done(void *data)
{
	struct nflb_sh_state *s = data;

	call_rcu(&s->rcu, nflb_sh_free_rcu);
}

static void *nflb_sh_init(struct nflb_service *svc)
{
	u64 total = 0, before = 0, spare;
	struct nflb_sh_state *s;
	struct nflb_dest **dests;
	u32 n, i, b, end, bits;

	dests = nflb_sched_dests_get(svc, &n);
	if (IS_ERR_OR_NULL(dests))
		return dests;
	bits = order_base_2(n) + NFLB_SH_PER_DEST_BITS;
	bits = clamp(bits, NFLB_SH_BITS_MIN, NFLB_SH_BITS_MAX);
	if (n > (1U << bits)) {
		nflb_sched_dests_put(dests, n);
		return ERR_PTR(-E2BIG);
	}
	s = kvmalloc(struct_size(s, bucket, 1U << bits), GFP_KERNEL_ACCOUNT);
	if (!s) {
		nflb_sched_dests_put(dests, n);
		return ERR_PTR(-ENOMEM);
	}
	s->mask = (1U << bits) - 1;
	s->n = n;
	s->dests = dests;

	/*
	 * Server i gets buckets [i + spare * before / total, i + 1 + spare *
	 * (before + weight) / total): one, plus its share of the spare ones
	 * rounded so that the shares add up exactly.
	 */
	for (i = 0; i < n; i++)
		total += READ_ONCE(dests[i]->weight);
	spare = (1U << bits) - n;
	for (i = 0, b = 0; i < n; i++) {
		before += READ_ONCE(dests[i]->weight);
		end = i + 1 + div64_u64(spare * before, total);
		while (b < end)
			s->bucket[b++] = i;
	}
	return s;
}

static int nflb_sh_update(struct nflb_service *svc)
{
	struct nflb_sh_state *old, *s;

	old = rcu_dereference_protected(svc->sched_data,
					lockdep_is_held(&svc->nn->lock));
	s = nflb_sh_init(svc);
	if (IS_ERR(s))
		return PTR_ERR(s);
	rcu_assign_pointer(svc->sched_data, s);
	if (old)
		nflb_sh_done(old);
	return 0;
}

static struct nflb_dest *nflb_sh_schedule(struct nflb_service *svc,
					  const struct nflb_sched_ctx *ctx)
{
	struct nflb_sh_state *s = rcu_dereference(svc->sched_data);
	u32 flags = READ_ONCE(svc->flags);
	struct nflb_dest *dest;
	u32 b, step, i;
	u64 hash;

	if (!s)
		return NULL;
	hash = nflb_sched_hash(svc->key.af, ctx->saddr,
			       flags & NFLB_SVC_F_SCHED_PORT ? ctx->sport : 0,
			       &nflb_sh_key);
	b = (u32)hash & s->mask;
	dest = s->dests[s->bucket[b]];
	if (nflb_dest_usable(dest))
		return dest;
	if (!(flags & NFLB_SVC_F_SCHED_FALLBACK))
		return NULL;
	step = (u32)(hash >> 32) | 1;	/* odd: visits every bucket */
	for (i = 1; i < NFLB_SCHED_FALLBACK_PROBES && i <= s->mask; i++) {
		b = (b + step) & s->mask;
		dest = s->dests[s->bucket[b]];
		if (nflb_dest_usable(dest))
			return dest;
	}
	return nflb_sched_first_usable(s->dests, s->n,
				       reciprocal_scale(hash >> 32, s->n));
}

const struct nflb_sched nflb_sched_sh = {
	.name		= "sh",
	.init		= nflb_sh_init,
	.update		= nflb_sh_update,
	.done		= nflb_sh_done,
	.schedule	= nflb_sh_schedule,
};
