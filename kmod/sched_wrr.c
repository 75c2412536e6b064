// SPDX-License-Identifier: GPL-2.0
/*
 * wrr: IPVS's interleaved weighted round robin.  Passes over the real
 * servers (list order) pick those whose weight is at least the current
 * weight cw; after each pass cw drops by the gcd of the weights, and back
 * to the largest weight after the smallest step.  Weights 3:2:1 give the
 * cycle A A B A B C.
 *
 * The state is a snapshot of the servers with weight > 0 and their weights
 * at that time, plus the position (last pick, cw) under a spinlock, as
 * IPVS has it.  A rebuild (servers added, removed, reweighted) starts the
 * cycle again.  Servers over their threshold are skipped; when a whole
 * pass finds nothing, cw jumps to the largest usable weight, which is
 * where stepping down would have arrived, so a pick costs at most three
 * passes however large the weights.
 */
#include <linux/gcd.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include "netns.h"
#include "sched.h"
#include "service.h"

struct nflb_wrr_state {
	struct rcu_head rcu;
	spinlock_t lock;		/* last, cw */
	int last;			/* index of the last pick, -1: none */
	u32 cw;				/* current weight */
	u32 mw;				/* largest weight */
	u32 di;				/* gcd of the weights */
	u32 n;
	struct nflb_dest **dests;	/* referenced */
	u32 weight[];			/* of dests[i] when built */
};

static void nflb_wrr_free_rcu(struct rcu_head *head)
{
	struct nflb_wrr_state *s = container_of(head, struct nflb_wrr_state,
						rcu);

	nflb_sched_dests_put(s->dests, s->n);
	kvfree(s);
}

static void nflb_wrr_done(void *data)
{
	struct nflb_wrr_state *s = data;

	call_rcu(&s->rcu, nflb_wrr_free_rcu);
}

static void *nflb_wrr_init(struct nflb_service *svc)
{
	struct nflb_wrr_state *s;
	struct nflb_dest **dests;
	u32 n, i;

	dests = nflb_sched_dests_get(svc, &n);
	if (IS_ERR_OR_NULL(dests))
		return dests;
	s = kvzalloc(struct_size(s, weight, n), GFP_KERNEL_ACCOUNT);
	if (!s) {
		nflb_sched_dests_put(dests, n);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock_init(&s->lock);
	s->n = n;
	s->dests = dests;
	for (i = 0; i < n; i++) {
		/* Under nn->lock: the weight cannot change meanwhile. */
		s->weight[i] = READ_ONCE(dests[i]->weight);
		s->mw = max(s->mw, s->weight[i]);
		s->di = s->di ? gcd(s->di, s->weight[i]) : s->weight[i];
	}
	s->last = -1;
	s->cw = s->mw;
	return s;
}

static int nflb_wrr_update(struct nflb_service *svc)
{
	struct nflb_wrr_state *old, *s;

	old = rcu_dereference_protected(svc->sched_data,
					lockdep_is_held(&svc->nn->lock));
	s = nflb_wrr_init(svc);
	if (IS_ERR(s))
		return PTR_ERR(s);
	rcu_assign_pointer(svc->sched_data, s);
	if (old)
		nflb_wrr_done(old);
	return 0;
}

static struct nflb_dest *nflb_wrr_schedule(struct nflb_service *svc,
					   const struct nflb_sched_ctx *ctx)
{
	struct nflb_wrr_state *s = rcu_dereference(svc->sched_data);
	struct nflb_dest *dest = NULL;
	u32 cw, maxu;
	bool whole;
	int k;

	if (!s)
		return NULL;
	spin_lock(&s->lock);
	k = s->last;
	cw = s->cw;
	for (;;) {
		whole = k < 0;	/* this pass sees every server */
		maxu = 0;
		while (++k < (int)s->n) {
			if (!nflb_dest_usable(s->dests[k]))
				continue;
			if (s->weight[k] >= cw) {
				dest = s->dests[k];
				goto found;
			}
			maxu = max(maxu, s->weight[k]);
		}
		if (!whole)
			cw = cw > s->di ? cw - s->di : s->mw;
		else if (maxu)
			cw = maxu;	/* the passes between would find none */
		else
			goto out;	/* nothing usable */
		k = -1;
	}
found:
	s->last = k;
	s->cw = cw;
out:
	spin_unlock(&s->lock);
	return dest;
}

const struct nflb_sched nflb_sched_wrr = {
	.name		= "wrr",
	.init		= nflb_wrr_init,
	.update		= nflb_wrr_update,
	.done		= nflb_wrr_done,
	.schedule	= nflb_wrr_schedule,
};
