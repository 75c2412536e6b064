// SPDX-License-Identifier: GPL-2.0
/*
 * The real servers of a namespace's NAT services by address, port and
 * protocol, so that a packet from one that belongs to no connection is
 * known for what it is: sent on, it would show the client the real
 * server's address (Documentation/datapath.rst, "Replies without an
 * entry").  Real servers of DR and TUN services answer from the VIP and
 * are not kept; nor those with port 0 (fwmark services), whose every
 * port would be taken.  Several services may share one real server: a
 * node counts them.
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/nflb.h>

#include "compat.h"
#include "netns.h"
#include "rs_index.h"
#include "service.h"

struct nflb_rs_key {
	union nf_inet_addr addr;
	__be16 port;
	u8 af;
	u8 proto;
};

struct nflb_rs_node {
	struct rhash_head node;
	struct nflb_rs_key key;
	u32 refs;			/* real servers with this key */
	struct rcu_head rcu;
};

static const struct rhashtable_params nflb_rs_params = {
	.head_offset		= offsetof(struct nflb_rs_node, node),
	.key_offset		= offsetof(struct nflb_rs_node, key),
	.key_len		= sizeof(struct nflb_rs_key),
	.automatic_shrinking	= true,
};

int nflb_rs_index_init(struct nflb_net *nn)
{
	return rhashtable_init(&nn->rs_index, &nflb_rs_params);
}

/* After the last real server went: the table is empty. */
void nflb_rs_index_exit(struct nflb_net *nn)
{
	rhashtable_destroy(&nn->rs_index);
}

static bool nflb_rs_wanted(const struct nflb_dest *dest)
{
	return dest->fwd == NFLB_FWD_NAT && dest->port && dest->svc->key.proto;
}

static void nflb_rs_key_fill(struct nflb_rs_key *k, u8 af, u8 proto,
			     const union nf_inet_addr *addr, __be16 port)
{
	memset(k, 0, sizeof(*k));
	k->addr = *addr;
	k->port = port;
	k->af = af;
	k->proto = proto;
}

static void nflb_rs_key_of(const struct nflb_dest *dest, struct nflb_rs_key *k)
{
	nflb_rs_key_fill(k, dest->af, dest->svc->key.proto, &dest->addr,
			 dest->port);
}

static int nflb_rs_index_add(struct nflb_net *nn, const struct nflb_rs_key *k)
{
	struct nflb_rs_node *n;
	int ret;

	n = rhashtable_lookup_fast(&nn->rs_index, k, nflb_rs_params);
	if (n) {
		n->refs++;
		return 0;
	}
	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;
	n->key = *k;
	n->refs = 1;
	ret = rhashtable_insert_fast(&nn->rs_index, &n->node, nflb_rs_params);
	if (ret)
		kfree(n);
	return ret;
}

static void nflb_rs_index_put(struct nflb_net *nn, const struct nflb_rs_key *k)
{
	struct nflb_rs_node *n;

	n = rhashtable_lookup_fast(&nn->rs_index, k, nflb_rs_params);
	if (WARN_ON_ONCE(!n) || --n->refs)
		return;
	rhashtable_remove_fast(&nn->rs_index, &n->node, nflb_rs_params);
	kfree_rcu(n, rcu);
}

int nflb_rs_index_sync(struct nflb_net *nn, struct nflb_dest *dest)
{
	bool in = test_bit(NFLB_DEST_INDEXED, &dest->flags);
	struct nflb_rs_key k;
	int ret;

	lockdep_assert_held(&nn->lock);
	if (nflb_rs_wanted(dest) == in)
		return 0;
	nflb_rs_key_of(dest, &k);
	if (in) {
		/* no longer NAT */
		nflb_rs_index_put(nn, &k);
		clear_bit(NFLB_DEST_INDEXED, &dest->flags);
		return 0;
	}
	ret = nflb_rs_index_add(nn, &k);
	if (!ret)
		set_bit(NFLB_DEST_INDEXED, &dest->flags);
	return ret;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_rs_index_sync);

void nflb_rs_index_del(struct nflb_net *nn, struct nflb_dest *dest)
{
	struct nflb_rs_key k;

	lockdep_assert_held(&nn->lock);
	if (!test_and_clear_bit(NFLB_DEST_INDEXED, &dest->flags))
		return;
	nflb_rs_key_of(dest, &k);
	nflb_rs_index_put(nn, &k);
}

/* DR and TUN only, or nothing yet: every forwarded packet asks */
bool nflb_rs_index_empty(struct nflb_net *nn)
{
	return !atomic_read(&nn->rs_index.nelems);
}

bool nflb_rs_index_has(struct nflb_net *nn, u8 af, u8 proto,
		       const union nf_inet_addr *addr, __be16 port)
{
	struct nflb_rs_key k;

	nflb_rs_key_fill(&k, af, proto, addr, port);
	return rhashtable_lookup(&nn->rs_index, &k, nflb_rs_params);
}
