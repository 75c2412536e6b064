// SPDX-License-Identifier: GPL-2.0
/*
 * rr: round robin.  The state is a snapshot of the real servers that take
 * flows (weight > 0), in list order, and a cursor: the index to try first.
 * schedule() is lock-free: it scans from the cursor for a usable server
 * and moves the cursor past it with a compare-and-exchange, scanning again
 * if another CPU moved it first, so the picks follow the list exactly.
 */
#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "netns.h"
#include "sched.h"
#include "service.h"

struct nflb_rr_state {
	struct rcu_head rcu;
	atomic_t next;			/* index to try first, < n */
	u32 n;
	struct nflb_dest **dests;	/* referenced */
};

static void nflb_rr_free_rcu(struct rcu_head *head)
{
	struct nflb_rr_state *s = container_of(head, struct nflb_rr_state, rcu);

	nflb_sched_dests_put(s->dests, s->n);
	kfree(s);
}

static void nflb_rr_done(void *data)
{
	struct nflb_rr_state *s = data;

	call_rcu(&s->rcu, nflb_rr_free_rcu);
}

/* Carry the cursor over from @old: to the same server, if it stays. */
static u32 nflb_rr_carry(const struct nflb_rr_state *old,
			 const struct nflb_rr_state *s)
{
	const struct nflb_dest *want;
	u32 next, i;

	if (!old)
		return 0;
	next = atomic_read(&old->next);
	want = old->dests[next];
	if (next < s->n && s->dests[next] == want)
		return next;
	for (i = 0; i < s->n; i++)
		if (s->dests[i] == want)
			return i;
	/* Removed: the server after it now has its index. */
	return next < s->n ? next : 0;
}

static struct nflb_rr_state *nflb_rr_build(struct nflb_service *svc,
					   const struct nflb_rr_state *old)
{
	struct nflb_rr_state *s;
	struct nflb_dest **dests;
	u32 n;

	dests = nflb_sched_dests_get(svc, &n);
	if (IS_ERR(dests))
		return ERR_CAST(dests);
	if (!n)
		return NULL;
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s) {
		nflb_sched_dests_put(dests, n);
		return ERR_PTR(-ENOMEM);
	}
	s->n = n;
	s->dests = dests;
	atomic_set(&s->next, nflb_rr_carry(old, s));
	return s;
}

static void *nflb_rr_init(struct nflb_service *svc)
{
	return nflb_rr_build(svc, NULL);
}

static int nflb_rr_update(struct nflb_service *svc)
{
	struct nflb_rr_state *old, *s;

	old = rcu_dereference_protected(svc->sched_data,
					lockdep_is_held(&svc->nn->lock));
	s = nflb_rr_build(svc, old);
	if (IS_ERR(s))
		return PTR_ERR(s);
	rcu_assign_pointer(svc->sched_data, s);
	if (old)
		nflb_rr_done(old);
	return 0;
}

static struct nflb_dest *nflb_rr_schedule(struct nflb_service *svc,
					  const struct nflb_sched_ctx *ctx)
{
	struct nflb_rr_state *s = rcu_dereference(svc->sched_data);
	struct nflb_dest *dest;
	int start, next;
	u32 i, k;

	if (!s)
		return NULL;
	start = atomic_read(&s->next);
	do {
		dest = NULL;
		for (i = 0, k = start; i < s->n; i++, k++) {
			if (k >= s->n)
				k = 0;
			if (nflb_dest_usable(s->dests[k])) {
				dest = s->dests[k];
				break;
			}
		}
		if (!dest)
			return NULL;
		next = k + 1 < s->n ? k + 1 : 0;
	} while (!atomic_try_cmpxchg(&s->next, &start, next));
	return dest;
}

const struct nflb_sched nflb_sched_rr = {
	.name		= "rr",
	.init		= nflb_rr_init,
	.update		= nflb_rr_update,
	.done		= nflb_rr_done,
	.schedule	= nflb_rr_schedule,
};
