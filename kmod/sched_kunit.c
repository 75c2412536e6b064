// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the schedulers (sched*.c): exact sequences for rr and
 * wrr, least-load picks for lc and wlc, stickiness, spread and fallback
 * for sh and mh, and for Maglev its balance, disruption on removal,
 * independence of list order, golden values (the same on every machine)
 * and a differential test against a naive Maglev built here.
 * Built into nflb.ko when the kernel has KUnit; they run when it loads.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/gcd.h>
#include <linux/in.h>
#include <linux/log2.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "netns.h"
#include "sched.h"
#include "service.h"

#define MAX_DESTS	300
#define DEST_IP		0xc6336401	/* 198.51.100.1 + i */
#define CLIENT_IP	0xc6120000	/* 198.18.0.0 + i */

struct nflb_sched_test {
	struct nflb_net nn;
	unsigned int mh_size;		/* nflb_mh_table_size to restore */
	u16 next_port;			/* of the next service */
};

/* A namespace's tables without a namespace. */
static int nflb_sched_test_init(struct kunit *test)
{
	struct nflb_sched_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	nflb_net_defaults(&t->nn);
	KUNIT_ASSERT_EQ(test, nflb_services_init(&t->nn), 0);
	t->mh_size = nflb_mh_table_size;
	t->next_port = 80;
	test->priv = t;
	return 0;
}

static void nflb_sched_test_exit(struct kunit *test)
{
	struct nflb_sched_test *t = test->priv;

	nflb_services_exit(&t->nn);
	nflb_mh_table_size = t->mh_size;
	/* State frees drop dests, whose frees drop services. */
	rcu_barrier();
	rcu_barrier();
	rcu_barrier();
}

static struct nflb_service *svc_new(struct kunit *test, u8 af,
				    const char *sched, u32 flags)
{
	struct nflb_sched_test *t = test->priv;
	struct nflb_svc_conf conf = {
		.sched = nflb_sched_find(sched),
		.flags = flags,
	};
	struct nflb_service *svc;
	struct nflb_svc_key key;

	KUNIT_ASSERT_NOT_NULL(test, conf.sched);
	memset(&key, 0, sizeof(key));
	key.af = af;
	key.proto = IPPROTO_TCP;
	if (af == AF_INET6) {
		key.addr.ip6[0] = htonl(0x20010db8);
		key.addr.ip6[3] = htonl(1);
	} else {
		key.addr.ip = htonl(0xc0000201);
	}
	key.port = htons(t->next_port++);
	mutex_lock(&t->nn.lock);
	svc = nflb_svc_add(&t->nn, &key, &conf, NULL);
	mutex_unlock(&t->nn.lock);
	KUNIT_ASSERT_FALSE(test, IS_ERR(svc));
	return svc;
}

static union nf_inet_addr dest_addr(u8 af, u32 i)
{
	union nf_inet_addr addr = {};

	if (af == AF_INET6) {
		addr.ip6[0] = htonl(0x20010db8);
		addr.ip6[2] = htonl(0x100);
		addr.ip6[3] = htonl(i + 1);
	} else {
		addr.ip = htonl(DEST_IP + i);
	}
	return addr;
}

/* Real server number @i of @svc: 198.51.100.(1 + i) or 2001:db8::100:0:(1 + i). */
static struct nflb_dest *dest_new(struct kunit *test, struct nflb_service *svc,
				  u32 i, u32 weight)
{
	struct nflb_dest_conf conf = { .fwd = NFLB_FWD_NAT, .weight = weight };
	struct nflb_sched_test *t = test->priv;
	union nf_inet_addr addr = dest_addr(svc->key.af, i);
	struct nflb_dest *dest;

	mutex_lock(&t->nn.lock);
	dest = nflb_dest_add(&t->nn, svc, &addr, htons(8080), &conf, NULL);
	mutex_unlock(&t->nn.lock);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dest));
	return dest;
}

static void dest_weight(struct kunit *test, struct nflb_dest *dest, u32 weight)
{
	struct nflb_dest_conf conf = {
		.fwd = dest->fwd, .weight = weight,
	};
	struct nflb_sched_test *t = test->priv;

	mutex_lock(&t->nn.lock);
	KUNIT_EXPECT_EQ(test, nflb_dest_update(&t->nn, dest, &conf, NULL), 0);
	mutex_unlock(&t->nn.lock);
}

static void dest_del(struct kunit *test, struct nflb_dest *dest)
{
	struct nflb_sched_test *t = test->priv;

	mutex_lock(&t->nn.lock);
	nflb_dest_del(&t->nn, dest->svc, dest);
	mutex_unlock(&t->nn.lock);
}

static void overload(struct nflb_dest *dest, bool on)
{
	if (on)
		set_bit(NFLB_DEST_OVERLOAD, &dest->flags);
	else
		clear_bit(NFLB_DEST_OVERLOAD, &dest->flags);
}

/* As the packet path calls it: RCU reader, BH disabled. */
static struct nflb_dest *pick(struct nflb_service *svc, u32 client, u16 port)
{
	union nf_inet_addr saddr = {};
	struct nflb_sched_ctx ctx = { .saddr = &saddr, .sport = htons(port) };
	struct nflb_dest *dest;

	if (svc->key.af == AF_INET6) {
		saddr.ip6[0] = htonl(0x20010db8);
		saddr.ip6[1] = htonl(0x200);
		saddr.ip6[3] = htonl(client);
	} else {
		saddr.ip = htonl(client);
	}
	local_bh_disable();
	rcu_read_lock();
	dest = svc->sched->schedule(svc, &ctx);
	rcu_read_unlock();
	local_bh_enable();
	return dest;
}

/* Index of @dest in @d, -1 for NULL, -2 for a stranger. */
static int idx(struct nflb_dest *const *d, int n, const struct nflb_dest *dest)
{
	int i;

	if (!dest)
		return -1;
	for (i = 0; i < n; i++)
		if (d[i] == dest)
			return i;
	return -2;
}

static const char *const nflb_sched_names[] = { "rr", "wrr", "lc", "wlc",
						"sh", "mh" };

static void nflb_sched_name_desc(const char *const *name, char *desc)
{
	strscpy(desc, *name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nflb_sched_name, nflb_sched_names, nflb_sched_name_desc);

static void nflb_sched_find_all(struct kunit *test)
{
	const struct nflb_sched *sched;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nflb_sched_names); i++) {
		sched = nflb_sched_find(nflb_sched_names[i]);
		KUNIT_ASSERT_NOT_NULL(test, sched);
		KUNIT_EXPECT_STREQ(test, sched->name, nflb_sched_names[i]);
		KUNIT_EXPECT_NOT_NULL(test, sched->schedule);
	}
	KUNIT_EXPECT_NULL(test, nflb_sched_find("dh"));
	KUNIT_EXPECT_NULL(test, nflb_sched_find(""));
}

/* Every scheduler: NULL with no usable server, and never an unusable one. */
static void nflb_sched_none_usable(struct kunit *test)
{
	const char *name = *(const char *const *)test->param_value;
	struct nflb_service *svc;
	struct nflb_dest *a, *b;
	u32 i;

	svc = svc_new(test, AF_INET, name, NFLB_SVC_F_SCHED_FALLBACK);
	KUNIT_EXPECT_NULL(test, pick(svc, CLIENT_IP, 1000));
	a = dest_new(test, svc, 0, 0);
	KUNIT_EXPECT_NULL(test, pick(svc, CLIENT_IP, 1000));
	b = dest_new(test, svc, 1, 1);
	overload(b, true);
	KUNIT_EXPECT_NULL(test, pick(svc, CLIENT_IP, 1000));
	overload(b, false);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_PTR_EQ(test, pick(svc, CLIENT_IP + i, 1000), b);
	dest_weight(test, a, 1);
	dest_weight(test, b, 0);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_PTR_EQ(test, pick(svc, CLIENT_IP + i, 1000), a);
	dest_del(test, a);
	KUNIT_EXPECT_NULL(test, pick(svc, CLIENT_IP, 1000));
}

static void expect_sequence(struct kunit *test, struct nflb_service *svc,
			    struct nflb_dest *const *d, int n,
			    const int *want, int len)
{
	int i, got;

	for (i = 0; i < len; i++) {
		got = idx(d, n, pick(svc, CLIENT_IP, 1000));
		KUNIT_EXPECT_EQ_MSG(test, got, want[i], "pick %d", i);
	}
}

/* rr follows the list, skipping weight 0 and overloaded servers. */
static void nflb_rr_cycle(struct kunit *test)
{
	static const int skip[] = { 0, 2, 4, 0, 2, 4, 0 };
	static const int all[] = { 2, 3, 4, 0, 1, 2, 3, 4, 0 };
	struct nflb_service *svc = svc_new(test, AF_INET, "rr", 0);
	struct nflb_dest *d[5];
	int i;

	for (i = 0; i < 5; i++)
		d[i] = dest_new(test, svc, i, i == 1 ? 0 : 1);
	overload(d[3], true);
	expect_sequence(test, svc, d, 5, skip, ARRAY_SIZE(skip));
	overload(d[3], false);
	dest_weight(test, d[1], 5);	/* rr ignores the value */
	expect_sequence(test, svc, d, 5, all, ARRAY_SIZE(all));
}

/* A rebuild keeps rr's place: added servers join the cycle at the end. */
static void nflb_rr_keeps_place(struct kunit *test)
{
	static const int before[] = { 0, 1 };
	static const int after_add[] = { 2, 3, 0 };
	static const int after_del[] = { 3, 0, 3 };
	struct nflb_service *svc = svc_new(test, AF_INET, "rr", 0);
	struct nflb_dest *d[4];
	int i;

	for (i = 0; i < 3; i++)
		d[i] = dest_new(test, svc, i, 1);
	expect_sequence(test, svc, d, 4, before, ARRAY_SIZE(before));
	d[3] = dest_new(test, svc, 3, 1);
	expect_sequence(test, svc, d, 4, after_add, ARRAY_SIZE(after_add));
	/* Next would be 1: removed, so the one after it. */
	dest_del(test, d[1]);
	dest_del(test, d[2]);
	expect_sequence(test, svc, d, 4, after_del, ARRAY_SIZE(after_del));
}

struct nflb_wrr_case {
	const char *name;
	u32 weight[4];
	u32 overloaded;		/* bit i: d[i] over its threshold */
	const char *cycle;	/* 'A' + index of each pick */
};

static const struct nflb_wrr_case nflb_wrr_cases[] = {
	{ "3:2:1", { 3, 2, 1 }, 0, "AABABC" },
	{ "4:2 (gcd 2)", { 4, 2 }, 0, "AAB" },
	{ "1:1:1", { 1, 1, 1 }, 0, "ABC" },
	{ "2:0:2", { 2, 0, 2 }, 0, "AC" },
	{ "3:2:1 A overloaded", { 3, 2, 1 }, 1, "BBC" },
	{ "5:3:3:1 C overloaded", { 5, 3, 3, 1 }, 4, "AAABABABD" },
	{ "100:1", { 100, 1 }, 0, NULL },	/* counts only */
};

static void nflb_wrr_case_desc(const struct nflb_wrr_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nflb_wrr, nflb_wrr_cases, nflb_wrr_case_desc);

/* wrr: IPVS's exact interleaved sequence, and exact counts over 100 cycles. */
static void nflb_wrr_sequence(struct kunit *test)
{
	const struct nflb_wrr_case *c = test->param_value;
	struct nflb_service *svc = svc_new(test, AF_INET, "wrr", 0);
	u32 counts[4] = {}, total = 0, g = 0, wrong = 0, len, i;
	struct nflb_dest *d[4];
	int got;

	for (i = 0; i < 4; i++) {
		d[i] = dest_new(test, svc, i, c->weight[i]);
		overload(d[i], c->overloaded & BIT(i));
		g = gcd(g, c->weight[i]);
		if (!(c->overloaded & BIT(i)))
			total += c->weight[i];
	}
	/* A cycle has weight / gcd picks of each usable server. */
	len = total / g;
	if (c->cycle)
		KUNIT_ASSERT_EQ(test, strlen(c->cycle), (size_t)len);
	for (i = 0; i < 100 * len; i++) {
		got = idx(d, 4, pick(svc, CLIENT_IP, 1000));
		KUNIT_ASSERT_GE_MSG(test, got, 0, "pick %u", i);
		counts[got]++;
		if (c->cycle && got != c->cycle[i % len] - 'A' && !wrong++)
			kunit_err(test, "pick %u: %c, want %c\n", i, 'A' + got,
				  c->cycle[i % len]);
	}
	KUNIT_EXPECT_EQ(test, wrong, 0U);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ_MSG(test, counts[i],
				    c->overloaded & BIT(i) ? 0 :
				    100 * c->weight[i] / g,
				    "server %c", 'A' + i);
}

/* The brief's own numbers: 600 picks of 3:2:1 are 300/200/100. */
static void nflb_wrr_600(struct kunit *test)
{
	struct nflb_service *svc = svc_new(test, AF_INET, "wrr", 0);
	u32 counts[3] = {}, i;
	struct nflb_dest *d[3];

	for (i = 0; i < 3; i++)
		d[i] = dest_new(test, svc, i, 3 - i);
	for (i = 0; i < 600; i++) {
		int got = idx(d, 3, pick(svc, CLIENT_IP, 1000));

		KUNIT_ASSERT_GE(test, got, 0);
		counts[got]++;
	}
	KUNIT_EXPECT_EQ(test, counts[0], 300U);
	KUNIT_EXPECT_EQ(test, counts[1], 200U);
	KUNIT_EXPECT_EQ(test, counts[2], 100U);
}

struct nflb_lc_case {
	const char *name;
	const char *sched;
	u32 weight[4];
	u32 active[4];
	u32 inact[4];
	u32 overloaded;
	int want;		/* index, -1: none */
};

static const struct nflb_lc_case nflb_lc_cases[] = {
	{ "lc least active", "lc", { 1, 1, 1, 1 }, { 3, 1, 2, 4 }, {}, 0, 1 },
	{ "lc tie goes first", "lc", { 1, 1, 1, 1 }, { 2, 1, 1, 2 }, {}, 0, 1 },
	{ "lc active weighs 256", "lc", { 1, 1, 1, 1 }, { 1, 0, 1, 1 },
	  { 0, 300, 0, 0 }, 0, 0 },
	{ "lc inactive counts", "lc", { 1, 1, 1, 1 }, { 1, 1, 1, 1 },
	  { 5, 4, 6, 4 }, 0, 1 },
	{ "lc ignores weight", "lc", { 1, 9, 1, 1 }, { 1, 2, 1, 1 }, {}, 0, 0 },
	{ "lc skips overloaded", "lc", { 1, 1, 1, 1 }, { 3, 0, 2, 4 }, {}, 2, 2 },
	{ "lc skips weight 0", "lc", { 1, 0, 1, 1 }, { 3, 0, 2, 4 }, {}, 0, 2 },
	{ "lc none usable", "lc", { 0, 1, 1, 0 }, {}, {}, 6, -1 },
	{ "wlc honours weight", "wlc", { 1, 3, 1, 1 }, { 1, 2, 2, 2 }, {}, 0, 1 },
	{ "wlc tie goes first", "wlc", { 2, 1, 4, 1 }, { 2, 1, 4, 2 }, {}, 0, 0 },
	{ "wlc zero load", "wlc", { 1, 1, 1, 1 }, { 1, 1, 0, 0 }, {}, 0, 2 },
	{ "wlc skips weight 0", "wlc", { 1, 0, 1, 1 }, { 1, 0, 1, 1 }, {}, 0, 0 },
	{ "wlc skips overloaded", "wlc", { 1, 8, 1, 1 }, { 1, 1, 1, 1 }, {}, 2, 0 },
	{ "wlc large numbers", "wlc", { 65535, 65534, 1, 1 },
	  { 1000000, 999984, 100000, 100000 }, {}, 0, 1 },
	{ "wlc none usable", "wlc", { 1, 1, 0, 0 }, {}, {}, 3, -1 },
};

static void nflb_lc_case_desc(const struct nflb_lc_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nflb_lc, nflb_lc_cases, nflb_lc_case_desc);

static void nflb_lc_pick(struct kunit *test)
{
	const struct nflb_lc_case *c = test->param_value;
	struct nflb_service *svc = svc_new(test, AF_INET, c->sched, 0);
	struct nflb_dest *d[4];
	int i;

	for (i = 0; i < 4; i++) {
		d[i] = dest_new(test, svc, i, c->weight[i]);
		atomic_set(&d[i]->active_conns, c->active[i]);
		atomic_set(&d[i]->inact_conns, c->inact[i]);
		overload(d[i], c->overloaded & BIT(i));
	}
	KUNIT_EXPECT_EQ(test, idx(d, 4, pick(svc, CLIENT_IP, 1000)), c->want);
	/* Stateless: the same answer again. */
	KUNIT_EXPECT_EQ(test, idx(d, 4, pick(svc, CLIENT_IP + 1, 1)), c->want);
}

/* sh: a client keeps its server; clients spread by weight. */
static void nflb_sh_sticky_spread(struct kunit *test)
{
	struct nflb_service *svc = svc_new(test, AF_INET, "sh", 0);
	struct nflb_service *wsvc = svc_new(test, AF_INET, "sh", 0);
	u32 counts[4] = {}, wcounts[2] = {}, moved = 0, i;
	struct nflb_dest *d[4], *w[2];
	int got;

	for (i = 0; i < 4; i++)
		d[i] = dest_new(test, svc, i, 1);
	w[0] = dest_new(test, wsvc, 0, 3);
	w[1] = dest_new(test, wsvc, 1, 1);
	for (i = 0; i < 4000; i++) {
		got = idx(d, 4, pick(svc, CLIENT_IP + i, 1000 + i));
		KUNIT_ASSERT_GE(test, got, 0);
		counts[got]++;
		/* Same client, other port, later: same server. */
		moved += idx(d, 4, pick(svc, CLIENT_IP + i, 7)) != got;
		got = idx(w, 2, pick(wsvc, CLIENT_IP + i, 1000));
		KUNIT_ASSERT_GE(test, got, 0);
		wcounts[got]++;
	}
	KUNIT_EXPECT_EQ(test, moved, 0U);
	/* 1000 each expected; sd of a binomial about 27. */
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_TRUE_MSG(test, counts[i] > 850 && counts[i] < 1150,
				      "server %u has %u of 4000", i, counts[i]);
	/* 3000:1000 expected. */
	KUNIT_EXPECT_TRUE_MSG(test, wcounts[0] > 2850 && wcounts[0] < 3150,
			      "weight 3 has %u of 4000", wcounts[0]);
}

/* With NFLB_SVC_F_SCHED_PORT the port picks too, for sh and mh. */
static void nflb_sched_port(struct kunit *test)
{
	const char *name = *(const char *const *)test->param_value;
	struct nflb_service *plain = svc_new(test, AF_INET, name, 0);
	struct nflb_service *port = svc_new(test, AF_INET, name,
					    NFLB_SVC_F_SCHED_PORT);
	struct nflb_dest *d[4], *p[4], *first;
	u32 seen = 0, wrong = 0, i;

	for (i = 0; i < 4; i++) {
		d[i] = dest_new(test, plain, i, 1);
		p[i] = dest_new(test, port, i, 1);
	}
	first = pick(plain, CLIENT_IP, 1);
	KUNIT_EXPECT_GE(test, idx(d, 4, first), 0);
	for (i = 1; i <= 64; i++) {
		wrong += pick(plain, CLIENT_IP, i) != first;
		seen |= BIT(idx(p, 4, pick(port, CLIENT_IP, i)) & 7);
		/* And stays put for one (client, port). */
		wrong += pick(port, CLIENT_IP, i) != pick(port, CLIENT_IP, i);
	}
	KUNIT_EXPECT_EQ(test, wrong, 0U);
	KUNIT_EXPECT_EQ_MSG(test, seen, 0xfU, "servers seen: %#x", seen);
}

static const char *const nflb_hash_names[] = { "sh", "mh" };

KUNIT_ARRAY_PARAM(nflb_hash_name, nflb_hash_names, nflb_sched_name_desc);

struct nflb_fallback_case {
	const char *name;
	const char *sched;
	u32 flags;
};

static const struct nflb_fallback_case nflb_fallback_cases[] = {
	{ "sh", "sh", 0 },
	{ "sh fallback", "sh", NFLB_SVC_F_SCHED_FALLBACK },
	{ "mh", "mh", 0 },
	{ "mh fallback", "mh", NFLB_SVC_F_SCHED_FALLBACK },
	{ "mh fallback v6", "mh", NFLB_SVC_F_SCHED_FALLBACK | BIT(31) },
};

static void nflb_fallback_case_desc(const struct nflb_fallback_case *c,
				    char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nflb_fallback, nflb_fallback_cases, nflb_fallback_case_desc);

/*
 * A client whose server is over its threshold: no server without the
 * fallback flag, with it another one, always the same, and the other
 * clients keep theirs.
 */
static void nflb_sched_fallback(struct kunit *test)
{
	const struct nflb_fallback_case *c = test->param_value;
	bool fallback = c->flags & NFLB_SVC_F_SCHED_FALLBACK;
	struct nflb_service *svc = svc_new(test, c->flags & BIT(31) ?
					   AF_INET6 : AF_INET, c->sched,
					   c->flags & ~BIT(31));
	u32 moved = 0, seen = 0, wrong = 0, i;
	struct nflb_dest *d[5];
	int *before, got;

	before = kunit_kcalloc(test, 512, sizeof(*before), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	for (i = 0; i < 5; i++)
		d[i] = dest_new(test, svc, i, 1);
	for (i = 0; i < 512; i++) {
		before[i] = idx(d, 5, pick(svc, CLIENT_IP + i, 1000));
		KUNIT_ASSERT_GE(test, before[i], 0);
	}
	overload(d[0], true);
	for (i = 0; i < 512; i++) {
		got = idx(d, 5, pick(svc, CLIENT_IP + i, 1000));
		if (before[i] != 0) {
			wrong += got != before[i];
			continue;
		}
		moved++;
		if (!fallback) {
			wrong += got != -1;
			continue;
		}
		wrong += got <= 0;
		wrong += idx(d, 5, pick(svc, CLIENT_IP + i, 1000)) != got;
		seen |= BIT(got & 7);
	}
	KUNIT_EXPECT_EQ(test, wrong, 0U);
	KUNIT_EXPECT_GT(test, moved, 50U);	/* ~1/5 of 512 */
	/* Spread over the others, not all onto one neighbour. */
	if (fallback)
		KUNIT_EXPECT_EQ_MSG(test, hweight32(seen), 4,
				    "servers taking over: %#x", seen);
	/* Back under the threshold: back to it. */
	overload(d[0], false);
	for (i = 0, wrong = 0; i < 512; i++)
		wrong += idx(d, 5, pick(svc, CLIENT_IP + i, 1000)) != before[i];
	KUNIT_EXPECT_EQ(test, wrong, 0U);
	/* Only one usable: every client ends there with the flag. */
	for (i = 0; i < 4; i++)
		overload(d[i], true);
	for (i = 0; i < 64; i++) {
		got = idx(d, 5, pick(svc, CLIENT_IP + i, 1000));
		if (fallback)
			KUNIT_EXPECT_EQ(test, got, 4);
		else
			KUNIT_EXPECT_TRUE(test, got == 4 || got == -1);
	}
	overload(d[4], true);
	for (i = 0; i < 64; i++)
		KUNIT_EXPECT_NULL(test, pick(svc, CLIENT_IP + i, 1000));
}

/* mh's table as indices into @d (-1: a slot naming none of them). */
static void mh_table(struct kunit *test, struct nflb_service *svc,
		     struct nflb_dest *const *d, int n, s16 *table, u32 m)
{
	u32 slot;

	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, nflb_mh_size(svc), m);
	for (slot = 0; slot < m; slot++)
		table[slot] = idx(d, n, nflb_mh_slot(svc, slot));
	rcu_read_unlock();
}

static s16 *mh_alloc(struct kunit *test, u32 m)
{
	s16 *table = kunit_kmalloc_array(test, m, sizeof(*table), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, table);
	return table;
}

/*
 * Gives @svc the servers d[0..n) with weights @weight (NULL: all 1) and an
 * mh table of @m slots.  Every add rebuilds the table: the first n - 1 are
 * added with the smallest table, which is quick, the last with @m.
 */
static void mh_fill(struct kunit *test, struct nflb_service *svc,
		    struct nflb_dest **d, u32 n, const u32 *weight, u32 m)
{
	u32 i;

	for (i = 0; i < n; i++) {
		nflb_mh_table_size = i + 1 < n ? NFLB_MH_TABLE_SIZE_MIN : m;
		d[i] = dest_new(test, svc, i, weight ? weight[i] : 1);
	}
}

static const u32 nflb_mh_ns[] = { 5, 10, 20, 50, 300 };

static void nflb_mh_n_desc(const u32 *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "N=%u", *n);
}

KUNIT_ARRAY_PARAM(nflb_mh_n, nflb_mh_ns, nflb_mh_n_desc);

/* Each of N equal servers has M/N slots within 1% (M = 65537). */
static void nflb_mh_balance(struct kunit *test)
{
	const u32 n = *(const u32 *)test->param_value, m = 65537;
	struct nflb_dest **d;
	struct nflb_service *svc;
	u32 *counts, i, lo, hi;
	s16 *table = mh_alloc(test, m);

	d = kunit_kcalloc(test, n, sizeof(*d), GFP_KERNEL);
	counts = kunit_kcalloc(test, n, sizeof(*counts), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_NOT_NULL(test, counts);
	svc = svc_new(test, AF_INET, "mh", 0);
	mh_fill(test, svc, d, n, NULL, m);
	mh_table(test, svc, d, n, table, m);
	for (i = 0; i < m; i++) {
		KUNIT_ASSERT_GE(test, table[i], 0);
		counts[table[i]]++;
	}
	lo = m / n - m / n / 100;
	hi = m / n + 1 + m / n / 100;
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_TRUE_MSG(test, counts[i] >= lo && counts[i] <= hi,
				      "server %u has %u slots, want %u..%u",
				      i, counts[i], lo, hi);
}

/*
 * Removing one of N moves its slots and few others (at most M/N + 1% of
 * M); adding it back gives the very same table.
 */
static void nflb_mh_remove_readd(struct kunit *test)
{
	const u32 n = *(const u32 *)test->param_value, m = 65537;
	s16 *t1 = mh_alloc(test, m), *t2 = mh_alloc(test, m);
	u32 changed, gone = n / 2, i;
	struct nflb_service *svc;
	struct nflb_dest **d;

	d = kunit_kcalloc(test, n, sizeof(*d), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	svc = svc_new(test, AF_INET, "mh", 0);
	mh_fill(test, svc, d, n, NULL, m);
	mh_table(test, svc, d, n, t1, m);

	dest_del(test, d[gone]);
	d[gone] = NULL;
	mh_table(test, svc, d, n, t2, m);
	for (i = 0, changed = 0; i < m; i++) {
		KUNIT_ASSERT_GE(test, t2[i], 0);
		KUNIT_ASSERT_NE(test, t2[i], (s16)gone);
		changed += t1[i] != t2[i];
	}
	KUNIT_EXPECT_LE_MSG(test, changed, m / n + m / 100,
			    "%u of %u slots moved removing 1 of %u",
			    changed, m, n);
	KUNIT_EXPECT_GE(test, changed, m / n - m / n / 100);

	d[gone] = dest_new(test, svc, gone, 1);
	mh_table(test, svc, d, n, t2, m);
	KUNIT_EXPECT_EQ(test, memcmp(t1, t2, m * sizeof(*t1)), 0);
}

static const u8 nflb_afs[] = { AF_INET, AF_INET6 };

static void nflb_af_desc(const u8 *af, char *desc)
{
	strscpy(desc, *af == AF_INET6 ? "IPv6" : "IPv4", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nflb_af, nflb_afs, nflb_af_desc);

/* The same servers added in another order give the same table. */
static void nflb_mh_order_independent(struct kunit *test)
{
	const u8 af = *(const u8 *)test->param_value;
	const u32 n = 16, m = NFLB_MH_TABLE_SIZE_DEFAULT;
	struct nflb_service *a = svc_new(test, af, "mh", 0);
	struct nflb_service *b = svc_new(test, af, "mh", 0);
	s16 *ta = mh_alloc(test, m), *tb = mh_alloc(test, m);
	struct nflb_dest *da[16], *db[16];
	struct rnd_state rnd;
	u32 order[16], i, j;

	for (i = 0; i < n; i++)
		order[i] = i;
	prandom_seed_state(&rnd, 7);
	for (i = n - 1; i > 0; i--) {
		j = prandom_u32_state(&rnd) % (i + 1);
		swap(order[i], order[j]);
	}
	for (i = 0; i < n; i++) {
		da[i] = dest_new(test, a, i, 1 + i % 3);
		db[order[i]] = dest_new(test, b, order[i], 1 + order[i] % 3);
	}
	mh_table(test, a, da, n, ta, m);
	mh_table(test, b, db, n, tb, m);
	KUNIT_EXPECT_EQ(test, memcmp(ta, tb, m * sizeof(*ta)), 0);
	for (i = 0; i < 256; i++)
		KUNIT_EXPECT_EQ(test, idx(da, n, pick(a, CLIENT_IP + i, 1)),
				idx(db, n, pick(b, CLIENT_IP + i, 1)));
}

/* Weights 2:1 get 2:1 of the slots; weight 0 gets none. */
static void nflb_mh_weights(struct kunit *test)
{
	static const u32 weight[] = { 2, 1, 0 };
	const u32 m = 65537;
	struct nflb_service *svc;
	u32 counts[3] = {}, i;
	struct nflb_dest *d[3];
	s16 *table = mh_alloc(test, m);

	svc = svc_new(test, AF_INET, "mh", 0);
	mh_fill(test, svc, d, 3, weight, m);
	mh_table(test, svc, d, 3, table, m);
	for (i = 0; i < m; i++) {
		KUNIT_ASSERT_GE(test, table[i], 0);
		counts[table[i]]++;
	}
	KUNIT_EXPECT_EQ(test, counts[2], 0U);
	KUNIT_EXPECT_TRUE_MSG(test, counts[0] >= 2 * m / 3 - m / 100 &&
			      counts[0] <= 2 * m / 3 + m / 100,
			      "weight 2 has %u of %u slots", counts[0], m);

	/* Reweighted to 0: out of the table, the other has it all. */
	dest_weight(test, d[0], 0);
	memset(counts, 0, sizeof(counts));
	mh_table(test, svc, d, 3, table, m);
	for (i = 0; i < m; i++)
		counts[table[i] & 3]++;
	KUNIT_EXPECT_EQ(test, counts[1], m);
}

/*
 * Golden values, computed off the kernel by a separate SipHash-2-4 and
 * Maglev implementation: the table is the same on every machine.
 * Servers 198.51.100.1-3:8080, weights 1, 2, 1, M = 251.
 */
static void nflb_mh_golden(struct kunit *test)
{
	static const u32 offset[] = { 71, 63, 157 }, skip[] = { 193, 89, 130 };
	static const s16 first[] = { 1, 2, 1, 1, 1, 2, 1, 1, 0, 1, 0, 1,
				     0, 0, 2, 2, 1, 0, 1, 2, 1, 1, 1, 2 };
	struct nflb_service *svc;
	struct nflb_dest *d[3];
	u32 off, sk, i;
	s16 *table = mh_alloc(test, 251);

	nflb_mh_table_size = 251;
	svc = svc_new(test, AF_INET, "mh", 0);
	/* Added out of order on purpose. */
	d[2] = dest_new(test, svc, 2, 1);
	d[0] = dest_new(test, svc, 0, 1);
	d[1] = dest_new(test, svc, 1, 2);
	for (i = 0; i < 3; i++) {
		nflb_mh_perm(d[i], 251, &off, &sk);
		KUNIT_EXPECT_EQ(test, off, offset[i]);
		KUNIT_EXPECT_EQ(test, sk, skip[i]);
	}
	mh_table(test, svc, d, 3, table, 251);
	for (i = 0; i < ARRAY_SIZE(first); i++)
		KUNIT_EXPECT_EQ_MSG(test, table[i], first[i], "slot %u", i);
	/* 203.0.113.7 hashes to slot 141, with port 40000 to slot 150. */
	KUNIT_EXPECT_EQ(test, idx(d, 3, pick(svc, 0xcb007107, 40000)),
			(int)table[141]);
	KUNIT_EXPECT_EQ(test, table[141], 1);
	WRITE_ONCE(svc->flags, NFLB_SVC_F_SCHED_PORT);
	KUNIT_EXPECT_EQ(test, idx(d, 3, pick(svc, 0xcb007107, 40000)),
			(int)table[150]);
}

/* A naive Maglev: whole permutations, sorted by a comparator of its own. */
struct mh_ref_dest {
	u32 id;			/* index into d[] */
	u32 ip;			/* host order */
	u32 weight;
};

static int mh_ref_cmp(const void *a, const void *b)
{
	const struct mh_ref_dest *x = a, *y = b;

	return x->ip < y->ip ? -1 : x->ip > y->ip;
}

static void mh_ref_table(struct kunit *test, struct nflb_dest *const *d,
			 const u32 *weight, u32 pool, u32 m, s16 *table)
{
	struct mh_ref_dest *r;
	u32 n = 0, g = 0, maxw = 0, shift, i, j, filled = 0;
	u32 *perm, *next, *turns;

	r = kunit_kcalloc(test, pool, sizeof(*r), GFP_KERNEL);
	next = kunit_kcalloc(test, pool, sizeof(*next), GFP_KERNEL);
	turns = kunit_kcalloc(test, pool, sizeof(*turns), GFP_KERNEL);
	perm = kunit_kcalloc(test, pool * m, sizeof(*perm), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, r && next && turns && perm);
	for (i = 0; i < pool; i++) {
		if (!d[i] || !weight[i])
			continue;
		r[n].id = i;
		r[n].ip = DEST_IP + i;
		r[n].weight = weight[i];
		n++;
	}
	for (i = 0; i < m; i++)
		table[i] = -1;
	if (!n)
		goto out;
	sort(r, n, sizeof(*r), mh_ref_cmp, NULL);
	for (i = 0; i < n; i++) {
		g = gcd(g, r[i].weight);
		maxw = max(maxw, r[i].weight);
	}
	shift = fls(maxw / g) > ilog2(m) / 2 ? fls(maxw / g) - ilog2(m) / 2 : 0;
	for (i = 0; i < n; i++) {
		u32 off, sk;

		nflb_mh_perm(d[r[i].id], m, &off, &sk);
		for (j = 0; j < m; j++)
			perm[i * m + j] = (off + (u64)j * sk) % m;
		turns[i] = (r[i].weight / g) >> shift ?: 1;
	}
	while (filled < m) {
		for (i = 0; i < n && filled < m; i++) {
			for (j = 0; j < turns[i] && filled < m; j++) {
				while (table[perm[i * m + next[i]]] >= 0)
					next[i]++;
				table[perm[i * m + next[i]]] = r[i].id;
				filled++;
			}
		}
	}
out:
	kunit_kfree(test, perm);
	kunit_kfree(test, turns);
	kunit_kfree(test, next);
	kunit_kfree(test, r);
}

/*
 * Random adds, removals and reweights of 24 servers, and after each the
 * kernel's table against the naive one.
 */
static void nflb_mh_differential(struct kunit *test)
{
	enum { POOL = 24, OPS = 150, M = 251 };
	struct nflb_dest *d[POOL] = {};
	u32 weight[POOL] = {}, i, k, mismatched = 0;
	s16 *got = mh_alloc(test, M), *want = mh_alloc(test, M);
	struct nflb_service *svc;
	struct rnd_state rnd;

	nflb_mh_table_size = M;
	svc = svc_new(test, AF_INET, "mh", 0);
	prandom_seed_state(&rnd, 2016);
	for (i = 0; i < OPS; i++) {
		k = prandom_u32_state(&rnd) % POOL;
		if (!d[k]) {
			weight[k] = prandom_u32_state(&rnd) % 5;
			d[k] = dest_new(test, svc, k, weight[k]);
		} else if (prandom_u32_state(&rnd) % 2) {
			dest_del(test, d[k]);
			d[k] = NULL;
		} else {
			weight[k] = prandom_u32_state(&rnd) % 40;
			dest_weight(test, d[k], weight[k]);
		}
		mh_ref_table(test, d, weight, POOL, M, want);
		rcu_read_lock();
		if (!nflb_mh_size(svc)) {
			memset(got, 0xff, M * sizeof(*got));
		} else {
			for (k = 0; k < M; k++)
				got[k] = idx(d, POOL, nflb_mh_slot(svc, k));
		}
		rcu_read_unlock();
		if (memcmp(got, want, M * sizeof(*got))) {
			mismatched++;
			kunit_err(test, "op %u: tables differ\n", i);
		}
	}
	KUNIT_EXPECT_EQ(test, mismatched, 0U);
}

struct nflb_mh_size_case {
	unsigned int m;
	bool valid;
};

static const struct nflb_mh_size_case nflb_mh_size_cases[] = {
	{ 4093, true }, { 65537, true }, { 251, true }, { 1048573, true },
	{ 16381, true }, { 4096, false }, { 4095, false }, { 65535, false },
	{ 241, false }, { 0, false }, { 1, false }, { 2, false },
	{ 1048583, false }, { 4294967291U, false },
};

static void nflb_mh_size_desc(const struct nflb_mh_size_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u %s", c->m,
		 c->valid ? "valid" : "refused");
}

KUNIT_ARRAY_PARAM(nflb_mh_size, nflb_mh_size_cases, nflb_mh_size_desc);

/* mh_table_size takes primes in range only. */
static void nflb_mh_table_size_check(struct kunit *test)
{
	const struct nflb_mh_size_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, nflb_mh_table_size_valid(c->m), c->valid);
}

static struct kunit_case nflb_sched_cases[] = {
	KUNIT_CASE(nflb_sched_find_all),
	KUNIT_CASE_PARAM(nflb_sched_none_usable, nflb_sched_name_gen_params),
	KUNIT_CASE(nflb_rr_cycle),
	KUNIT_CASE(nflb_rr_keeps_place),
	KUNIT_CASE_PARAM(nflb_wrr_sequence, nflb_wrr_gen_params),
	KUNIT_CASE(nflb_wrr_600),
	KUNIT_CASE_PARAM(nflb_lc_pick, nflb_lc_gen_params),
	KUNIT_CASE(nflb_sh_sticky_spread),
	KUNIT_CASE_PARAM(nflb_sched_port, nflb_hash_name_gen_params),
	KUNIT_CASE_PARAM(nflb_sched_fallback, nflb_fallback_gen_params),
	KUNIT_CASE_PARAM(nflb_mh_balance, nflb_mh_n_gen_params),
	KUNIT_CASE_PARAM(nflb_mh_remove_readd, nflb_mh_n_gen_params),
	KUNIT_CASE_PARAM(nflb_mh_order_independent, nflb_af_gen_params),
	KUNIT_CASE(nflb_mh_weights),
	KUNIT_CASE(nflb_mh_golden),
	KUNIT_CASE(nflb_mh_differential),
	KUNIT_CASE_PARAM(nflb_mh_table_size_check, nflb_mh_size_gen_params),
	{}
};

static struct kunit_suite nflb_sched_suite = {
	.name = "nflb_sched",
	.init = nflb_sched_test_init,
	.exit = nflb_sched_test_exit,
	.test_cases = nflb_sched_cases,
};

kunit_test_suite(nflb_sched_suite);
