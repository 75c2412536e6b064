// SPDX-License-Identifier: GPL-2.0
/*
 * The schedulers nflb knows, by name, and what they share: a snapshot of
 * a service's real servers with references held, and a fixed-key hash.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "netns.h"
#include "sched.h"
#include "service.h"

static const struct nflb_sched *const nflb_scheds[] = {
	&nflb_sched_rr,
	&nflb_sched_wrr,
	&nflb_sched_lc,
	&nflb_sched_wlc,
	&nflb_sched_sh,
	&nflb_sched_mh,
};

const struct nflb_sched *nflb_sched_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nflb_scheds); i++)
		if (!strcmp(nflb_scheds[i]->name, name))
			return nflb_scheds[i];
	return NULL;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sched_find);

struct nflb_dest **nflb_sched_dests_get(struct nflb_service *svc, u32 *n)
{
	struct nflb_dest **dests, *dest;
	u32 count = 0, i = 0;

	lockdep_assert_held(&svc->nn->lock);
	*n = 0;
	list_for_each_entry(dest, &svc->dests, list)
		count += nflb_dest_in_rotation(dest);
	if (!count)
		return NULL;
	dests = kvmalloc_array(count, sizeof(*dests), GFP_KERNEL_ACCOUNT);
	if (!dests)
		return ERR_PTR(-ENOMEM);
	list_for_each_entry(dest, &svc->dests, list) {
		if (!nflb_dest_in_rotation(dest))
			continue;
		/* On the list, so the list's reference keeps it above 0. */
		refcount_inc(&dest->refcnt);
		dests[i++] = dest;
	}
	*n = count;
	return dests;
}

void nflb_sched_dests_put(struct nflb_dest **dests, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		nflb_dest_put(dests[i]);
	kvfree(dests);
}

struct nflb_dest *nflb_sched_first_usable(struct nflb_dest *const *dests,
					  u32 n, u32 start)
{
	u32 i, k;

	for (i = 0, k = start; i < n; i++, k++) {
		if (k >= n)
			k = 0;
		if (nflb_dest_usable(dests[k]))
			return dests[k];
	}
	return NULL;
}

u64 nflb_sched_hash(u8 af, const union nf_inet_addr *addr, __be16 port,
		    const siphash_key_t *key)
{
	if (af == AF_INET6)
		return siphash_3u64((u64)ntohl(addr->ip6[0]) << 32 |
				    ntohl(addr->ip6[1]),
				    (u64)ntohl(addr->ip6[2]) << 32 |
				    ntohl(addr->ip6[3]),
				    ntohs(port), key);
	return siphash_1u64((u64)ntohl(addr->ip) << 16 | ntohs(port), key);
}
