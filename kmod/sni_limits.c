// SPDX-License-Identifier: GPL-2.0
/*
 * The host's ceilings on what pending SNI connections hold, whatever a
 * namespace's own settings say (Documentation/sni.rst, "Memory"): module
 * parameters, written by root of the initial namespaces through sysfs.
 */
#include <linux/atomic.h>
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "conn.h"
#include "netns.h"
#include "sni_limits.h"

static unsigned int sni_max_held_kb = 65536;
module_param(sni_max_held_kb, uint, 0644);
MODULE_PARM_DESC(sni_max_held_kb,
		 "SNI: data held for pending connections, per namespace, at most (KiB)");
static unsigned int sni_max_pending_per_source = 256;
module_param(sni_max_pending_per_source, uint, 0644);
MODULE_PARM_DESC(sni_max_pending_per_source,
		 "SNI: pending connections of one client address (IPv6: /64), per namespace, at most");

/* Buckets of client addresses counting their pending entries. */
#define NFLB_SNI_SRC_BUCKETS	1024

u64 nflb_sni_held_limit(void)
{
	return (u64)READ_ONCE(sni_max_held_kb) * 1024;
}

bool nflb_sni_charge(struct nflb_net *nn, unsigned int bytes)
{
	if (atomic_long_add_return(bytes, &nn->sni_held) >
	    (long)nflb_sni_held_limit()) {
		atomic_long_sub(bytes, &nn->sni_held);
		atomic64_inc(&nn->sni.held_drops);
		return false;
	}
	return true;
}

void nflb_sni_uncharge(struct nflb_net *nn, unsigned int bytes)
{
	atomic_long_sub(bytes, &nn->sni_held);
}

/* The bucket of a client address: IPv4 whole, IPv6 by its /64. */
static u16 nflb_sni_src_bucket(const struct nflb_net *nn,
			       const struct nflb_flow *flow)
{
	u32 h;

	if (flow->af == AF_INET)
		h = jhash_1word((__force u32)flow->caddr.ip, nn->sni_src_seed);
	else
		h = jhash_2words((__force u32)flow->caddr.ip6[0],
				 (__force u32)flow->caddr.ip6[1],
				 nn->sni_src_seed);
	return h & (NFLB_SNI_SRC_BUCKETS - 1);
}

/* The counters, allocated with the namespace's first pending entry. */
static atomic_t *nflb_sni_src_table(struct nflb_net *nn)
{
	atomic_t *tab = READ_ONCE(nn->sni_src), *old;

	if (tab)
		return tab;
	tab = kcalloc(NFLB_SNI_SRC_BUCKETS, sizeof(*tab), GFP_ATOMIC);
	if (!tab)
		return NULL;
	old = cmpxchg(&nn->sni_src, NULL, tab);
	if (old) {
		kfree(tab);
		return old;
	}
	return tab;
}

int nflb_sni_src_get(struct nflb_net *nn, const struct nflb_flow *flow,
		     u16 *bucket)
{
	atomic_t *src = nflb_sni_src_table(nn);

	if (!src)
		return -ENOMEM;
	*bucket = nflb_sni_src_bucket(nn, flow);
	if (atomic_inc_return(&src[*bucket]) >
	    READ_ONCE(sni_max_pending_per_source)) {
		atomic_dec(&src[*bucket]);
		atomic64_inc(&nn->sni.source_drops);
		return -EBUSY;
	}
	return 0;
}

void nflb_sni_src_put(struct nflb_net *nn, u16 bucket)
{
	atomic_dec(&nn->sni_src[bucket]);
}

void nflb_sni_limits_init(struct nflb_net *nn)
{
	atomic_long_set(&nn->sni_held, 0);
	nn->sni_src = NULL;
	nn->sni_src_seed = get_random_u32();
}

void nflb_sni_limits_exit(struct nflb_net *nn)
{
	kfree(nn->sni_src);
	nn->sni_src = NULL;
}
