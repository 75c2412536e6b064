// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the service table (service.c) and the netlink policies.
 * Built into nflb.ko when the kernel has KUnit; they run when it loads.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "addr_filter.h"
#include "limits.h"
#include "netlink.h"
#include "nl_msg.h"
#include "netns.h"
#include "sched.h"
#include "service.h"
#include "sni_rule.h"

/* A namespace's tables without a namespace. */
static int nflb_kunit_init(struct kunit *test)
{
	struct nflb_net *nn = kunit_kzalloc(test, sizeof(*nn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, nn);
	nflb_net_defaults(nn);
	KUNIT_ASSERT_EQ(test, nflb_services_init(nn), 0);
	test->priv = nn;
	return 0;
}

static void nflb_kunit_exit(struct kunit *test)
{
	nflb_services_exit(test->priv);
	rcu_barrier();
}

static struct nflb_svc_key key_vip(u8 proto, u32 ip, u16 port)
{
	struct nflb_svc_key key;

	memset(&key, 0, sizeof(key));
	key.af = AF_INET;
	key.proto = proto;
	key.addr.ip = htonl(ip);
	key.port = htons(port);
	return key;
}

static struct nflb_service *add(struct kunit *test, struct nflb_net *nn,
				const struct nflb_svc_key *key)
{
	struct nflb_svc_conf conf = { .sched = nflb_sched_find("rr") };
	struct nflb_service *svc;

	mutex_lock(&nn->lock);
	svc = nflb_svc_add(nn, key, &conf, NULL);
	mutex_unlock(&nn->lock);
	return svc;
}

static int del(struct nflb_net *nn, const struct nflb_svc_key *key)
{
	struct nflb_service *svc;

	mutex_lock(&nn->lock);
	svc = nflb_svc_lookup(nn, key);
	if (svc)
		nflb_svc_del(nn, svc);
	mutex_unlock(&nn->lock);
	return svc ? 0 : -ENOENT;
}

static bool found(struct nflb_net *nn, const struct nflb_svc_key *key)
{
	bool ret;

	rcu_read_lock();
	ret = nflb_svc_lookup(nn, key);
	rcu_read_unlock();
	return ret;
}

static void nflb_svc_insert_lookup_delete(struct kunit *test)
{
	struct nflb_svc_key a = key_vip(IPPROTO_TCP, 0xc0000201, 80);
	struct nflb_svc_key b = key_vip(IPPROTO_UDP, 0xc0000201, 80);
	struct nflb_net *nn = test->priv;
	u64 gen = nn->generation;

	KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, nn, &a)));
	KUNIT_EXPECT_TRUE(test, found(nn, &a));
	KUNIT_EXPECT_FALSE(test, found(nn, &b));	/* same VIP, UDP */
	KUNIT_EXPECT_EQ(test, PTR_ERR(add(test, nn, &a)), -EEXIST);
	KUNIT_EXPECT_EQ(test, nn->num_services, 1U);
	KUNIT_EXPECT_GT(test, nn->generation, gen);
	KUNIT_EXPECT_EQ(test, del(nn, &a), 0);
	KUNIT_EXPECT_FALSE(test, found(nn, &a));
	KUNIT_EXPECT_EQ(test, del(nn, &a), -ENOENT);
	KUNIT_EXPECT_EQ(test, nn->num_services, 0U);
}

/*
 * A dump's cursor names a service without holding it, as long as the
 * generation it was taken at is current.  A deleted service's cursor must
 * stay dead also after 2^32 more changes (cheap SET_CONFIG requests from
 * a namespace owner): with a 32-bit generation it came back to life and
 * the dump walked freed memory.
 */
static void nflb_dump_cursor_kunit(struct kunit *test)
{
	struct nflb_svc_key a = key_vip(IPPROTO_TCP, 0xc0000201, 80);
	struct nflb_net *nn = test->priv;
	struct nflb_service *svc;
	long ctx[6] = {};	/* netlink_callback's ctx */
	u64 gen, taken;

	svc = add(test, nn, &a);
	KUNIT_ASSERT_FALSE(test, IS_ERR(svc));
	mutex_lock(&nn->lock);
	nflb_dump_cursor_set(ctx, nn, svc);
	taken = nn->generation;
	KUNIT_EXPECT_PTR_EQ(test, nflb_dump_cursor(ctx, nn), svc);
	mutex_unlock(&nn->lock);
	KUNIT_EXPECT_EQ(test, del(nn, &a), 0);
	mutex_lock(&nn->lock);
	KUNIT_EXPECT_NULL(test, nflb_dump_cursor(ctx, nn));
	gen = nn->generation;
	/* the generation the cursor was taken at, 2^32 changes later */
	nn->generation = taken + (1ULL << 32);
	KUNIT_EXPECT_NULL(test, nflb_dump_cursor(ctx, nn));
	nn->generation = gen;
	mutex_unlock(&nn->lock);
}

static void nflb_svc_fwmark_keys(struct kunit *test)
{
	struct nflb_net *nn = test->priv;
	struct nflb_svc_key m4, m6;

	memset(&m4, 0, sizeof(m4));
	m4.af = AF_INET;
	m4.fwmark = 7;
	m6 = m4;
	m6.af = AF_INET6;
	KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, nn, &m4)));
	KUNIT_EXPECT_FALSE(test, found(nn, &m6));
	KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, nn, &m6)));
	KUNIT_EXPECT_TRUE(test, found(nn, &m4));
	KUNIT_EXPECT_TRUE(test, found(nn, &m6));
}

/* The table grows with the services, and every one stays reachable. */
static void nflb_svc_resize_under_load(struct kunit *test)
{
	const u32 n = 20000;
	struct nflb_net *nn = test->priv;
	struct nflb_svc_key key;
	u32 i, missing = 0;

	KUNIT_EXPECT_LE(test, nflb_svc_table_size(nn), 64U);
	for (i = 0; i < n; i++) {
		key = key_vip(IPPROTO_TCP, 0x0a000000 + i, 1 + i % 60000);
		KUNIT_ASSERT_FALSE(test, IS_ERR(add(test, nn, &key)));
		/* Lookups of earlier entries while the table rehashes. */
		if (i % 997 == 0) {
			key = key_vip(IPPROTO_TCP, 0x0a000000 + i / 2,
				      1 + (i / 2) % 60000);
			KUNIT_EXPECT_TRUE(test, found(nn, &key));
		}
	}
	for (i = 0; i < n; i++) {
		key = key_vip(IPPROTO_TCP, 0x0a000000 + i, 1 + i % 60000);
		missing += !found(nn, &key);
	}
	KUNIT_EXPECT_EQ(test, missing, 0U);
	KUNIT_EXPECT_EQ(test, nn->num_services, n);
	/* rhashtable grows past 75% load: at least n / 0.75 buckets. */
	KUNIT_EXPECT_GE(test, nflb_svc_table_size(nn), n * 4 / 3);
	mutex_lock(&nn->lock);
	nflb_svc_flush(nn);
	mutex_unlock(&nn->lock);
	KUNIT_EXPECT_EQ(test, nn->num_services, 0U);
	key = key_vip(IPPROTO_TCP, 0x0a000000, 1);
	KUNIT_EXPECT_FALSE(test, found(nn, &key));
}

/* Random adds, deletes and lookups against a plain array of flags. */
static void nflb_svc_differential(struct kunit *test)
{
	enum { KEYS = 512, OPS = 8000 };
	struct nflb_net *nn = test->priv;
	struct rnd_state rnd;
	bool *model;
	u32 i, present = 0, mismatches = 0;

	model = kunit_kcalloc(test, KEYS, sizeof(*model), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, model);
	prandom_seed_state(&rnd, 42);
	for (i = 0; i < OPS; i++) {
		u32 k = prandom_u32_state(&rnd) % KEYS;
		u32 op = prandom_u32_state(&rnd) % 3;
		struct nflb_svc_key key = key_vip(k & 1 ? IPPROTO_UDP : IPPROTO_TCP,
						  0xc6336400 + k / 2, 53);
		struct nflb_service *svc;

		switch (op) {
		case 0:
			svc = add(test, nn, &key);
			mismatches += model[k] ? PTR_ERR(svc) != -EEXIST : IS_ERR(svc);
			if (!model[k])
				present++;
			model[k] = true;
			break;
		case 1:
			mismatches += (del(nn, &key) == 0) != model[k];
			if (model[k])
				present--;
			model[k] = false;
			break;
		default:
			mismatches += found(nn, &key) != model[k];
		}
	}
	KUNIT_EXPECT_EQ(test, mismatches, 0U);
	KUNIT_EXPECT_EQ(test, nn->num_services, present);
}

static void nflb_svc_limits(struct kunit *test)
{
	struct nflb_svc_key key = key_vip(IPPROTO_TCP, 0xc0000202, 443);
	struct nflb_dest_conf dconf = { .fwd = NFLB_FWD_NAT, .weight = 1 };
	struct nflb_net *nn = test->priv;
	union nf_inet_addr addr = {};
	struct nflb_service *svc;
	struct nflb_dest *dest;
	u32 i;

	nn->cfg.max_services = 1;
	nn->cfg.max_dests = 2;
	svc = add(test, nn, &key);
	KUNIT_ASSERT_FALSE(test, IS_ERR(svc));
	key.port = htons(444);
	KUNIT_EXPECT_EQ(test, PTR_ERR(add(test, nn, &key)), -ENOSPC);

	mutex_lock(&nn->lock);
	for (i = 1; i <= 3; i++) {
		addr.ip = htonl(0xc6336401 + i);
		dest = nflb_dest_add(nn, svc, &addr, htons(8080), &dconf, NULL);
		if (i <= 2)
			KUNIT_EXPECT_FALSE(test, IS_ERR(dest));
		else
			KUNIT_EXPECT_EQ(test, PTR_ERR(dest), -ENOSPC);
	}
	addr.ip = htonl(0xc6336402);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nflb_dest_add(nn, svc, &addr, htons(8080),
						    &dconf, NULL)), -EEXIST);
	dest = nflb_dest_lookup(svc, &addr, htons(8080));
	KUNIT_EXPECT_NOT_NULL(test, dest);
	KUNIT_EXPECT_NULL(test, nflb_dest_lookup(svc, &addr, htons(8081)));
	if (!dest) {
		mutex_unlock(&nn->lock);
		return;
	}
	nflb_dest_del(nn, svc, dest);
	KUNIT_EXPECT_EQ(test, svc->num_dests, 1U);
	KUNIT_EXPECT_EQ(test, nn->num_dests, 1U);
	mutex_unlock(&nn->lock);
}

struct nflb_policy_case {
	const char *name;
	u32 weight;
	int want;
};

static const struct nflb_policy_case nflb_weight_cases[] = {
	{ "weight 0", 0, 0 },
	{ "weight 1", 1, 0 },
	{ "weight 65535", 65535, 0 },
	{ "weight 65536", 65536, -ERANGE },
	{ "weight 4294967295", 4294967295U, -ERANGE },
};

static void nflb_policy_case_desc(const struct nflb_policy_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nflb_weight, nflb_weight_cases, nflb_policy_case_desc);

/* The DEST policy takes weights 0..65535 and nothing else. */
static void nflb_policy_weight(struct kunit *test)
{
	const struct nflb_policy_case *c = test->param_value;
	struct nlattr *tb[NFLB_DEST_A_MAX + 1];
	struct sk_buff *skb;
	struct nlattr *nest;

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start(skb, NFLB_ATTR_DEST);
	KUNIT_ASSERT_EQ(test, nla_put_u32(skb, NFLB_DEST_A_WEIGHT, c->weight), 0);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, nla_parse_nested(tb, NFLB_DEST_A_MAX, nest,
					       nflb_dest_policy, NULL), c->want);
	kfree_skb(skb);
}

/*
 * SNI rules: a server name finds its exact rule, else the wildcard of its
 * parent, else none; deleting the service takes its rules along.
 */
static void nflb_sni_rules_lookup(struct kunit *test)
{
	static const char * const rules[] = {
		"www.example.com", "*.example.com", "example.com", "*.b.example.org",
	};
	static const struct {
		const char *name;
		int rule;		/* index in rules[], or -1 */
	} names[] = {
		{ "www.example.com", 0 }, { "a.example.com", 1 },
		{ "example.com", 2 }, { "a.b.example.com", -1 },
		{ "com", -1 }, { "x.b.example.org", 3 }, { "b.example.org", -1 },
	};
	struct nflb_svc_conf conf = { .sched = nflb_sched_find("rr") };
	struct nflb_svc_key key = key_vip(IPPROTO_TCP, 0xc0000201, 443);
	struct nflb_service *svc, *rule[ARRAY_SIZE(rules)], *got;
	struct nflb_net *nn = test->priv;
	size_t i;

	conf.flags = NFLB_SVC_F_SNI;
	mutex_lock(&nn->lock);
	svc = nflb_svc_add(nn, &key, &conf, NULL);
	/* (no ASSERT with the lock held: the suite's exit would hang on it) */
	if (IS_ERR(svc)) {
		mutex_unlock(&nn->lock);
		KUNIT_FAIL(test, "SNI service not added: %ld", PTR_ERR(svc));
		return;
	}
	conf.flags = 0;
	for (i = 0; i < ARRAY_SIZE(rules); i++) {
		rule[i] = nflb_sni_rule_add(nn, svc, rules[i], &conf, NULL);
		if (IS_ERR(rule[i])) {
			mutex_unlock(&nn->lock);
			KUNIT_FAIL(test, "rule %s not added: %ld", rules[i],
				   PTR_ERR(rule[i]));
			return;
		}
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(nflb_sni_rule_add(nn, svc, rules[1], &conf,
							NULL)), -EEXIST);
	/* Rules count against the service limit. */
	KUNIT_EXPECT_EQ(test, nn->num_sni_rules, (u32)ARRAY_SIZE(rules));
	nn->cfg.max_services = 1 + ARRAY_SIZE(rules);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nflb_sni_rule_add(nn, svc, "full.example",
							&conf, NULL)), -ENOSPC);
	key.port = htons(444);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nflb_svc_add(nn, &key, &conf, NULL)),
			-ENOSPC);
	mutex_unlock(&nn->lock);

	rcu_read_lock();
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		got = nflb_sni_rule_match(svc, names[i].name);
		KUNIT_EXPECT_PTR_EQ_MSG(test, got, names[i].rule < 0 ? NULL :
					rule[names[i].rule], "%s", names[i].name);
	}
	rcu_read_unlock();

	mutex_lock(&nn->lock);
	nflb_sni_rule_del(nn, rule[1]);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, nflb_sni_rule_match(svc, "a.example.com"));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, nn->num_sni_rules, (u32)ARRAY_SIZE(rules) - 1);
	nflb_svc_del(nn, svc);
	mutex_unlock(&nn->lock);
	KUNIT_EXPECT_EQ(test, nn->num_services, 0U);
	KUNIT_EXPECT_EQ(test, nn->num_sni_rules, 0U);
}

/*
 * A namespace of another user namespace than the initial one: its limits
 * are its settings under the host's ceilings; the host's own are not.
 */
static void nflb_svc_ceilings(struct kunit *test)
{
	struct nflb_svc_key first = key_vip(IPPROTO_TCP, 0xc0000203, 1);
	struct nflb_svc_key key = first;
	struct nflb_dest_conf dconf = { .fwd = NFLB_FWD_NAT, .weight = 1 };
	u32 saved_svc = nflb_ceiling[NFLB_LIMIT_SERVICES];
	u32 saved_dests = nflb_ceiling[NFLB_LIMIT_DESTS];
	struct nflb_net *nn = test->priv;
	union nf_inet_addr addr = {};
	struct nflb_service *svc;
	u32 i;

	nn->capped = true;
	WRITE_ONCE(nflb_ceiling[NFLB_LIMIT_SERVICES], 2);
	WRITE_ONCE(nflb_ceiling[NFLB_LIMIT_DESTS], 1);
	for (i = 1; i <= 2; i++) {
		key.port = htons(i);
		KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, nn, &key)));
	}
	key.port = htons(3);
	KUNIT_EXPECT_EQ(test, PTR_ERR(add(test, nn, &key)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, nflb_limit(nn, NFLB_LIMIT_SERVICES,
					 nn->cfg.max_services), 2U);
	/* a ceiling above the setting leaves the setting */
	KUNIT_EXPECT_EQ(test, nflb_limit(nn, NFLB_LIMIT_CONNS, 5), 5U);

	mutex_lock(&nn->lock);
	svc = nflb_svc_lookup(nn, &first);
	KUNIT_EXPECT_NOT_NULL(test, svc);
	if (svc) {
		addr.ip = htonl(0xc6336401);
		KUNIT_EXPECT_FALSE(test, IS_ERR(nflb_dest_add(nn, svc, &addr,
							      htons(80), &dconf,
							      NULL)));
		addr.ip = htonl(0xc6336402);
		KUNIT_EXPECT_EQ(test, PTR_ERR(nflb_dest_add(nn, svc, &addr,
							    htons(80), &dconf,
							    NULL)), -ENOSPC);
	}
	mutex_unlock(&nn->lock);

	/* the host's namespace: no ceiling */
	nn->capped = false;
	KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, nn, &key)));
	WRITE_ONCE(nflb_ceiling[NFLB_LIMIT_SERVICES], saved_svc);
	WRITE_ONCE(nflb_ceiling[NFLB_LIMIT_DESTS], saved_dests);
}

/* A scheduler that counts the states it is asked for. */
static atomic_t nflb_count_inits = ATOMIC_INIT(0);

static void *nflb_count_init(struct nflb_service *svc)
{
	atomic_inc(&nflb_count_inits);
	return NULL;
}

static struct nflb_dest *nflb_count_schedule(struct nflb_service *svc,
					     const struct nflb_sched_ctx *ctx)
{
	return NULL;
}

static const struct nflb_sched nflb_sched_count = {
	.name = "count",
	.init = nflb_count_init,
	.schedule = nflb_count_schedule,
};

/* A duplicate is refused before the service's state is made. */
static void nflb_svc_duplicate_allocates_nothing(struct kunit *test)
{
	struct nflb_svc_key key = key_vip(IPPROTO_UDP, 0xc0000204, 53);
	struct nflb_svc_conf conf = { .sched = &nflb_sched_count };
	struct nflb_net *nn = test->priv;
	struct nflb_service *svc;
	int i;

	atomic_set(&nflb_count_inits, 0);
	mutex_lock(&nn->lock);
	svc = nflb_svc_add(nn, &key, &conf, NULL);
	KUNIT_EXPECT_FALSE(test, IS_ERR(svc));
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, PTR_ERR(nflb_svc_add(nn, &key, &conf, NULL)),
				-EEXIST);
	/* at the limit, still refused as a duplicate */
	nn->cfg.max_services = nn->num_services;
	KUNIT_EXPECT_EQ(test, PTR_ERR(nflb_svc_add(nn, &key, &conf, NULL)),
			-EEXIST);
	mutex_unlock(&nn->lock);
	KUNIT_EXPECT_EQ(test, atomic_read(&nflb_count_inits), 1);
}

/* A UDP packet from @saddr to @daddr, its network header set. */
static struct sk_buff *filter_skb(struct kunit *test, u8 proto, u32 saddr,
				  u32 daddr)
{
	struct sk_buff *skb = alloc_skb(sizeof(struct iphdr) + 8, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph) + 8);
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = proto;
	iph->saddr = htonl(saddr);
	iph->daddr = htonl(daddr);
	return skb;
}

/*
 * The hooks' address filters (addr_filter.h) count every VIP and every
 * real server while they exist, fwmark services aside, and nothing once
 * they are gone: a count left behind would only cost time, one missing
 * would make nflb ignore a VIP's packets.
 */
static void nflb_addr_filters_kunit(struct kunit *test)
{
	struct nflb_svc_key vip = key_vip(IPPROTO_UDP, 0xc0000201, 9);
	struct nflb_dest_conf dconf = { .fwd = NFLB_FWD_NAT, .weight = 1 };
	struct nflb_svc_key mark = { .af = AF_INET, .fwmark = 7 };
	union nf_inet_addr rs = { .ip = htonl(0x0a00020b) };
	struct nflb_net *nn = test->priv;
	struct nflb_service *svc, *msvc;
	struct sk_buff *skb;
	u32 i, left = 0;

	nn->vip_filter = kunit_kzalloc(test, sizeof(*nn->vip_filter), GFP_KERNEL);
	nn->rs_filter = kunit_kzalloc(test, sizeof(*nn->rs_filter), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, nn->vip_filter);
	KUNIT_ASSERT_NOT_NULL(test, nn->rs_filter);
	/* the addresses below do not share a slot */
	KUNIT_ASSERT_NE(test, nflb_addr_filter_slot(AF_INET, &vip.addr.ip),
			nflb_addr_filter_slot(AF_INET, &rs.ip));

	svc = add(test, nn, &vip);
	msvc = add(test, nn, &mark);
	KUNIT_ASSERT_FALSE(test, IS_ERR(svc));
	KUNIT_ASSERT_FALSE(test, IS_ERR(msvc));
	KUNIT_EXPECT_EQ(test, nn->num_fwmark_services, 1U);
	mutex_lock(&nn->lock);
	KUNIT_EXPECT_FALSE(test, IS_ERR(nflb_dest_add(nn, svc, &rs, htons(9),
						      &dconf, NULL)));
	KUNIT_EXPECT_FALSE(test, IS_ERR(nflb_dest_add(nn, msvc, &rs, 0, &dconf,
						      NULL)));
	mutex_unlock(&nn->lock);

	/* client to VIP; client to the real server; ICMP; real server back */
	skb = filter_skb(test, IPPROTO_UDP, 0x0a000102, 0xc0000201);
	KUNIT_EXPECT_TRUE(test, nflb_addr_filter_maybe(nn->vip_filter, skb, AF_INET, true));
	KUNIT_EXPECT_FALSE(test, nflb_addr_filter_maybe(nn->rs_filter, skb, AF_INET, false));
	kfree_skb(skb);
	skb = filter_skb(test, IPPROTO_UDP, 0x0a000102, 0x0a00020b);
	KUNIT_EXPECT_FALSE(test, nflb_addr_filter_maybe(nn->vip_filter, skb, AF_INET, true));
	kfree_skb(skb);
	skb = filter_skb(test, IPPROTO_ICMP, 0x0a000102, 0x0a00020b);
	KUNIT_EXPECT_TRUE(test, nflb_addr_filter_maybe(nn->vip_filter, skb, AF_INET, true));
	kfree_skb(skb);
	skb = filter_skb(test, IPPROTO_TCP, 0x0a00020b, 0x0a000102);
	KUNIT_EXPECT_TRUE(test, nflb_addr_filter_maybe(nn->rs_filter, skb, AF_INET, false));
	kfree_skb(skb);

	KUNIT_EXPECT_EQ(test, del(nn, &vip), 0);
	KUNIT_EXPECT_EQ(test, del(nn, &mark), 0);
	KUNIT_EXPECT_EQ(test, nn->num_fwmark_services, 0U);
	for (i = 0; i < ARRAY_SIZE(nn->vip_filter->count); i++)
		left += nn->vip_filter->count[i] + nn->rs_filter->count[i];
	KUNIT_EXPECT_EQ(test, left, 0U);
	nn->vip_filter = NULL;
	nn->rs_filter = NULL;
}

static struct kunit_case nflb_service_cases[] = {
	KUNIT_CASE(nflb_svc_insert_lookup_delete),
	KUNIT_CASE(nflb_svc_fwmark_keys),
	KUNIT_CASE(nflb_dump_cursor_kunit),
	KUNIT_CASE(nflb_svc_resize_under_load),
	KUNIT_CASE(nflb_svc_differential),
	KUNIT_CASE(nflb_svc_limits),
	KUNIT_CASE(nflb_svc_ceilings),
	KUNIT_CASE(nflb_svc_duplicate_allocates_nothing),
	KUNIT_CASE_PARAM(nflb_policy_weight, nflb_weight_gen_params),
	KUNIT_CASE(nflb_sni_rules_lookup),
	KUNIT_CASE(nflb_addr_filters_kunit),
	{}
};

static struct kunit_suite nflb_service_suite = {
	.name = "nflb_service",
	.init = nflb_kunit_init,
	.exit = nflb_kunit_exit,
	.test_cases = nflb_service_cases,
};

kunit_test_suite(nflb_service_suite);
