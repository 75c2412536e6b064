// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the connection table (conn.c): lookups in both
 * directions and for templates, TCP states and the real servers' counters,
 * window tracking against spoofed segments, expiry, the limit and its
 * early drop, the entry's layout, and a differential test against a
 * naive model over thousands of random operations.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <net/tcp.h>
#include <linux/nflb.h>

#include "conn.h"
#include "balance.h"
#include "netns.h"
#include "sched.h"
#include "service.h"
#include "xmit.h"

struct nflb_conn_fixture {
	struct nflb_net *nn;
	struct nflb_service *svc;
	struct nflb_dest *dest[2];
};

static int nflb_conn_kunit_init(struct kunit *test)
{
	struct nflb_conn_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct nflb_svc_conf conf = { .sched = nflb_sched_find("rr") };
	struct nflb_dest_conf dconf = { .fwd = NFLB_FWD_NAT, .weight = 1 };
	struct nflb_svc_key key = { .af = AF_INET, .proto = IPPROTO_TCP };
	union nf_inet_addr addr = {};
	struct nflb_net *nn;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	nn = kunit_kzalloc(test, sizeof(*nn), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, nn);
	nflb_net_defaults(nn);
	KUNIT_ASSERT_EQ(test, nflb_services_init(nn), 0);
	KUNIT_ASSERT_EQ(test, nflb_conn_init(nn), 0);
	f->nn = nn;

	key.addr.ip = htonl(0xc0000201);
	key.port = htons(80);
	mutex_lock(&nn->lock);
	f->svc = nflb_svc_add(nn, &key, &conf, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f->svc));
	for (i = 0; i < 2; i++) {
		addr.ip = htonl(0x0a00020b + i);
		f->dest[i] = nflb_dest_add(nn, f->svc, &addr, htons(8080),
					   &dconf, NULL);
		KUNIT_ASSERT_FALSE(test, IS_ERR(f->dest[i]));
	}
	mutex_unlock(&nn->lock);
	test->priv = f;
	return 0;
}

static void nflb_conn_kunit_exit(struct kunit *test)
{
	struct nflb_conn_fixture *f = test->priv;

	nflb_conn_exit(f->nn);
	nflb_services_exit(f->nn);
	rcu_barrier();
	rcu_barrier();
	rcu_barrier();
}

static struct nflb_flow flow4(u32 caddr, u16 cport)
{
	struct nflb_flow flow;

	memset(&flow, 0, sizeof(flow));
	flow.af = AF_INET;
	flow.proto = IPPROTO_TCP;
	flow.caddr.ip = htonl(caddr);
	flow.cport = htons(cport);
	flow.vaddr.ip = htonl(0xc0000201);
	flow.vport = htons(80);
	return flow;
}

static struct nflb_conn *new_conn(struct nflb_net *nn,
				  const struct nflb_flow *flow,
				  struct nflb_dest *dest, u8 flags)
{
	struct nflb_conn *cp;
	bool made;

	local_bh_disable();
	cp = nflb_conn_new(nn, flow, dest, NULL, flags, &made);
	local_bh_enable();
	return cp;
}

/*
 * One side of a made-up TCP conversation: segments carry the numbers a
 * real client and server would, unless a step shifts them.
 */
struct nflb_tcp_talk {
	u32 nxt[2];			/* 0: client, 1: server */
};

#define NFLB_TALK_ISN_C	1000000u
#define NFLB_TALK_ISN_S	3000000000u

/* @flags: S, A, F, R, and D for 100 bytes of data. */
static bool tcp_off(struct nflb_net *nn, struct nflb_conn *cp,
		    struct nflb_tcp_talk *t, bool in, const char *flags,
		    s32 seq_off, s32 ack_off)
{
	struct nflb_tcp_seg seg = { .win = 1024, .wscale = -1 };
	int d = in ? 0 : 1;
	bool ok;

	seg.flags = (strchr(flags, 'S') ? NFLB_TCP_SYN : 0) |
		    (strchr(flags, 'A') ? NFLB_TCP_ACK : 0) |
		    (strchr(flags, 'F') ? NFLB_TCP_FIN : 0) |
		    (strchr(flags, 'R') ? NFLB_TCP_RST : 0);
	if (seg.flags & NFLB_TCP_SYN) {
		t->nxt[d] = in ? NFLB_TALK_ISN_C : NFLB_TALK_ISN_S;
		seg.wscale = 7;
	}
	seg.seq = t->nxt[d] + seq_off;
	seg.ack = (seg.flags & NFLB_TCP_ACK) ? t->nxt[!d] + ack_off : 0;
	seg.end = seg.seq + (strchr(flags, 'D') ? 100 : 0) +
		  !!(seg.flags & NFLB_TCP_SYN) + !!(seg.flags & NFLB_TCP_FIN);
	local_bh_disable();
	ok = nflb_conn_tcp_update(nn, cp, in, &seg);
	local_bh_enable();
	if (ok && !seq_off && after(seg.end, t->nxt[d]))
		t->nxt[d] = seg.end;
	return ok;
}

static bool tcp(struct nflb_net *nn, struct nflb_conn *cp,
		struct nflb_tcp_talk *t, bool in, const char *flags)
{
	return tcp_off(nn, cp, t, in, flags, 0, 0);
}

static void nflb_conn_lookups(struct kunit *test)
{
	struct nflb_conn_fixture *f = test->priv;
	struct nflb_flow flow = flow4(0xc6336402, 40000);
	struct nflb_dest *d = f->dest[1];
	struct nflb_conn *cp, *cp2, *tmpl;
	struct nflb_flow other;

	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, nflb_conn_lookup_in(f->nn, &flow));
	cp = new_conn(f->nn, &flow, d, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(cp));
	KUNIT_EXPECT_PTR_EQ(test, nflb_conn_lookup_in(f->nn, &flow), cp);
	/* the reply: from the real server to the client */
	cp2 = nflb_conn_lookup_reply(f->nn, AF_INET, IPPROTO_TCP, &d->addr,
				     d->port, &flow.caddr, flow.cport);
	KUNIT_EXPECT_PTR_EQ(test, cp2, cp);
	cp2 = nflb_conn_lookup_reply(f->nn, AF_INET, IPPROTO_TCP,
				     &f->dest[0]->addr, d->port, &flow.caddr,
				     flow.cport);
	KUNIT_EXPECT_NULL(test, cp2);
	cp2 = nflb_conn_lookup_reply(f->nn, AF_INET, IPPROTO_UDP, &d->addr,
				     d->port, &flow.caddr, flow.cport);
	KUNIT_EXPECT_NULL(test, cp2);
	other = flow;
	other.cport = htons(40001);
	KUNIT_EXPECT_NULL(test, nflb_conn_lookup_in(f->nn, &other));
	other = flow;
	other.vport = htons(81);
	KUNIT_EXPECT_NULL(test, nflb_conn_lookup_in(f->nn, &other));
	/* a second entry for the same flow is the first one */
	KUNIT_EXPECT_PTR_EQ(test, new_conn(f->nn, &flow, d, 0), cp);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->nn->conns.count), 1);

	/* templates are found by service and client only */
	KUNIT_EXPECT_NULL(test, nflb_conn_lookup_tmpl(f->nn, f->svc,
						      &flow.caddr));
	other = flow;
	other.cport = 0;
	tmpl = new_conn(f->nn, &other, d, NFLB_CONN_F_TEMPLATE);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(tmpl));
	KUNIT_EXPECT_PTR_EQ(test, nflb_conn_lookup_tmpl(f->nn, f->svc,
							&flow.caddr), tmpl);
	KUNIT_EXPECT_PTR_EQ(test, nflb_conn_lookup_in(f->nn, &flow), cp);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->persist_conns), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inact_conns), 1);
	rcu_read_unlock();
}

static void nflb_conn_ipv6(struct kunit *test)
{
	struct nflb_conn_fixture *f = test->priv;
	struct nflb_flow flow, other;
	struct nflb_conn *cp;

	memset(&flow, 0, sizeof(flow));
	flow.af = AF_INET6;
	flow.proto = IPPROTO_UDP;
	flow.caddr.ip6[0] = htonl(0x20010db8);
	flow.caddr.ip6[3] = htonl(2);
	flow.cport = htons(5353);
	flow.vaddr.ip6[0] = htonl(0x20010db8);
	flow.vaddr.ip6[3] = htonl(0x100);
	flow.vport = htons(53);
	rcu_read_lock();
	cp = new_conn(f->nn, &flow, f->dest[0], 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(cp));
	KUNIT_EXPECT_EQ(test, cp->state, (u8)NFLB_CONN_S_UDP);
	KUNIT_EXPECT_PTR_EQ(test, nflb_conn_lookup_in(f->nn, &flow), cp);
	other = flow;
	other.caddr.ip6[3] = htonl(3);
	KUNIT_EXPECT_NULL(test, nflb_conn_lookup_in(f->nn, &other));
	other = flow;
	other.af = AF_INET;
	KUNIT_EXPECT_NULL(test, nflb_conn_lookup_in(f->nn, &other));
	rcu_read_unlock();
}

/* A TCP conversation and the states and counters it must go through. */
struct nflb_tcp_step {
	bool in;
	const char *flags;
	u8 state;
	s32 seq_off;			/* a segment off the conversation */
	s32 ack_off;
	bool invalid;			/* ...that must change nothing */
};

struct nflb_tcp_case {
	const char *name;
	u8 fwd;
	struct nflb_tcp_step steps[7];
};

#define EST	NFLB_CONN_S_ESTABLISHED
#define SYNR	NFLB_CONN_S_SYN_RECV

static const struct nflb_tcp_case nflb_tcp_cases[] = {
	{ "handshake", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "SA", SYNR },
		{ true, "A", EST },
		{ false, "AD", EST },
		{ true, "AD", EST } } },
	{ "client closes", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "SA", SYNR },
		{ true, "A", EST },
		{ true, "FA", NFLB_CONN_S_FIN_WAIT },
		{ false, "FA", NFLB_CONN_S_FIN_WAIT },
		{ true, "A", NFLB_CONN_S_TIME_WAIT } } },
	{ "server closes", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "SA", SYNR },
		{ true, "A", EST },
		{ false, "FA", NFLB_CONN_S_FIN_WAIT },
		{ false, "A", NFLB_CONN_S_FIN_WAIT },
		{ true, "A", NFLB_CONN_S_TIME_WAIT } } },
	{ "reset", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "SA", SYNR },
		{ true, "A", EST },
		{ false, "R", NFLB_CONN_S_CLOSE },
		{ true, "A", NFLB_CONN_S_CLOSE } } },
	{ "reset before established", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ true, "R", NFLB_CONN_S_CLOSE } } },
	{ "server refuses", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "RA", NFLB_CONN_S_CLOSE } } },
	/* NAT: no answer from the server, no established entry */
	{ "ACK without a SYN-ACK", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ true, "A", SYNR } } },
	{ "SYN-ACK for another SYN", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "SA", SYNR, 0, 5, true },
		{ true, "A", SYNR } } },
	{ "ACK of an unsent SYN-ACK", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "SA", SYNR },
		{ true, "A", SYNR, 0, 0x40000000, true },
		{ true, "A", EST } } },
	{ "spoofed RST", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "SA", SYNR },
		{ true, "A", EST },
		{ true, "R", EST, 0x01000000, 0, true },
		{ false, "R", EST, -0x01000000, 0, true },
		{ true, "R", EST, 1, 0, true },
		{ true, "AD", EST } } },
	{ "spoofed data", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "SA", SYNR },
		{ true, "A", EST },
		{ true, "FA", EST, 0x20000000, 0, true },
		{ true, "A", EST, 0, 0x20000000, true },
		{ false, "FA", EST, 0, -0x20000000, true },
		{ true, "AD", EST } } },
	{ "stray SYN", NFLB_FWD_NAT, {
		{ true, "S", SYNR },
		{ false, "SA", SYNR },
		{ true, "A", EST },
		{ true, "S", EST, 12345, 0, true } } },
	/* the server answers the client directly: it is never seen */
	{ "direct routing", NFLB_FWD_DR, {
		{ true, "S", SYNR },
		{ true, "A", EST },
		{ true, "AD", EST },
		{ true, "R", EST, 0x01000000, 0, true },
		{ true, "FA", NFLB_CONN_S_FIN_WAIT } } },
};

static void nflb_tcp_case_desc(const struct nflb_tcp_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nflb_tcp, nflb_tcp_cases, nflb_tcp_case_desc);

static void nflb_conn_tcp_states(struct kunit *test)
{
	const struct nflb_tcp_case *c = test->param_value;
	struct nflb_conn_fixture *f = test->priv;
	struct nflb_flow flow = flow4(0xc6336403, 41000);
	struct nflb_dest *d = f->dest[0];
	struct nflb_tcp_talk t = {};
	s64 invalid = 0;
	struct nflb_conn *cp;
	int i;

	rcu_read_lock();
	cp = new_conn(f->nn, &flow, d, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(cp));
	cp->fwd = c->fwd;
	for (i = 0; i < ARRAY_SIZE(c->steps) && c->steps[i].flags; i++) {
		const struct nflb_tcp_step *st = &c->steps[i];
		bool est = st->state == NFLB_CONN_S_ESTABLISHED;

		KUNIT_EXPECT_EQ_MSG(test, tcp_off(f->nn, cp, &t, st->in,
						  st->flags, st->seq_off,
						  st->ack_off),
				    !st->invalid, "step %d (%s)", i, st->flags);
		invalid += st->invalid;
		KUNIT_EXPECT_EQ_MSG(test, cp->state, st->state,
				    "step %d (%s)", i, st->flags);
		KUNIT_EXPECT_EQ(test, atomic_read(&d->active_conns), est ? 1 : 0);
		KUNIT_EXPECT_EQ(test, atomic_read(&d->inact_conns), est ? 0 : 1);
		KUNIT_EXPECT_TRUE(test, nflb_conn_alive(cp));
	}
	KUNIT_EXPECT_EQ(test, atomic64_read(&f->nn->conns.tcp_invalid), invalid);
	nflb_conn_unlink(f->nn, cp);
	KUNIT_EXPECT_FALSE(test, nflb_conn_alive(cp));
	KUNIT_EXPECT_EQ(test, atomic_read(&d->active_conns), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->inact_conns), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->nn->conns.count), 0);
	rcu_read_unlock();
}

static void nflb_conn_expiry_and_removal(struct kunit *test)
{
	struct nflb_conn_fixture *f = test->priv;
	struct nflb_flow a = flow4(0xc6336404, 42000);
	struct nflb_flow b = flow4(0xc6336405, 42000);
	struct nflb_net *nn = f->nn;
	struct nflb_conn *ca, *cb;

	rcu_read_lock();
	ca = new_conn(nn, &a, f->dest[0], 0);
	cb = new_conn(nn, &b, f->dest[1], 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ca));
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(cb));
	/* SYN_RECV lasts 10 s */
	KUNIT_EXPECT_TRUE(test, time_in_range(ca->expires, jiffies + 9 * HZ,
					      jiffies + 10 * HZ));
	WRITE_ONCE(ca->expires, jiffies - 1);
	KUNIT_EXPECT_FALSE(test, nflb_conn_alive(ca));
	rcu_read_unlock();
	nflb_conn_gc_now(nn);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->conns.count), 1);

	/* removing the real server expires its entries at once */
	mutex_lock(&nn->lock);
	nflb_dest_del(nn, f->svc, f->dest[1]);
	mutex_unlock(&nn->lock);
	rcu_read_lock();
	KUNIT_EXPECT_FALSE(test, nflb_conn_alive(cb));
	rcu_read_unlock();
	nflb_conn_gc_now(nn);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->conns.count), 0);
	f->dest[1] = NULL;
}

/*
 * The limit: established entries stay, a half-open or closed one makes
 * room for a new flow.  A 256-bucket table, so that the early drop's
 * look-around covers it whatever the hashes.
 */
static void nflb_conn_limit(struct kunit *test)
{
	struct nflb_conn_fixture *f = test->priv;
	struct nflb_tcp_talk t[3] = {};
	struct nflb_net *nn = f->nn;
	struct nflb_conn *cp[3], *c;
	struct nflb_flow flow;
	int i;

	nn->conns.mask = 255;
	nn->cfg.max_conns = 3;
	rcu_read_lock();
	for (i = 0; i < 3; i++) {
		flow = flow4(0xc6336406, 43000 + i);
		cp[i] = new_conn(nn, &flow, f->dest[0], 0);
		KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(cp[i]));
		tcp(nn, cp[i], &t[i], true, "S");
		tcp(nn, cp[i], &t[i], false, "SA");
		tcp(nn, cp[i], &t[i], true, "A");
		KUNIT_EXPECT_EQ(test, cp[i]->state, (u8)NFLB_CONN_S_ESTABLISHED);
	}
	flow = flow4(0xc6336407, 44000);
	KUNIT_EXPECT_EQ(test, PTR_ERR(new_conn(nn, &flow, f->dest[0], 0)),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic64_read(&nn->conns.drops), 1LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&nn->conns.early_drops), 0LL);

	/* a closed flow goes first; then the new half-open one */
	tcp(nn, cp[1], &t[1], true, "R");
	c = new_conn(nn, &flow, f->dest[0], 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(c));
	KUNIT_EXPECT_FALSE(test, nflb_conn_alive(cp[1]));
	KUNIT_EXPECT_TRUE(test, nflb_conn_alive(cp[0]));
	KUNIT_EXPECT_TRUE(test, nflb_conn_alive(cp[2]));
	flow = flow4(0xc6336407, 44001);
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(new_conn(nn, &flow,
							 f->dest[0], 0)));
	KUNIT_EXPECT_FALSE(test, nflb_conn_alive(c));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->conns.count), 3);
	KUNIT_EXPECT_EQ(test, atomic64_read(&nn->conns.early_drops), 2LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&nn->conns.drops), 1LL);
}

static struct nflb_conn *sched_conn(struct nflb_net *nn,
				    struct nflb_service *svc,
				    const struct nflb_flow *flow)
{
	struct nflb_conn *cp;

	local_bh_disable();
	cp = nflb_new_conn(nn, svc, flow, NULL, 0);
	local_bh_enable();
	return cp;
}

static u64 conns_of(struct nflb_cpu_stats __percpu *stats)
{
	struct nflb_stats_sum sum;

	nflb_stats_read(stats, &sum);
	return sum.conns;
}

/*
 * Two CPUs schedule one new flow: the one that hashes its entry second
 * gets the first's (and its real server), and counts no connection, on
 * its own choice or anywhere (it counted one on the server it had picked).
 */
static void nflb_conn_sched_race(struct kunit *test)
{
	struct nflb_conn_fixture *f = test->priv;
	struct nflb_flow flow = flow4(0xc6336406, 45000);
	struct nflb_conn *a, *b;

	rcu_read_lock();
	a = sched_conn(f->nn, f->svc, &flow);
	/* the second CPU missed the lookup too; rr picks the other server */
	b = sched_conn(f->nn, f->svc, &flow);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(a));
	KUNIT_EXPECT_PTR_EQ(test, b, a);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, atomic_read(&f->nn->conns.count), 1);
	KUNIT_EXPECT_EQ(test, conns_of(f->svc->stats), 1ULL);
	KUNIT_EXPECT_EQ(test, conns_of(a->dest->stats), 1ULL);
	KUNIT_EXPECT_EQ(test, conns_of(f->dest[0]->stats) +
			conns_of(f->dest[1]->stats), 1ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->dest[0]->inact_conns) +
			atomic_read(&f->dest[1]->inact_conns), 1);
}

/*
 * A persistence template outlives its timeout while it controls an
 * entry, and holds the client for the timeout after the last one went.
 */
static void nflb_conn_template_lifetime(struct kunit *test)
{
	struct nflb_conn_fixture *f = test->priv;
	struct nflb_flow flow = flow4(0xc6336406, 46000);
	union nf_inet_addr caddr = flow.caddr;
	struct nflb_net *nn = f->nn;
	struct nflb_conn *cp, *tmpl;

	WRITE_ONCE(f->svc->timeout, 60);
	WRITE_ONCE(f->svc->netmask, 32);
	WRITE_ONCE(f->svc->flags, f->svc->flags | NFLB_SVC_F_PERSISTENT);
	rcu_read_lock();
	cp = sched_conn(nn, f->svc, &flow);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(cp));
	tmpl = nflb_conn_lookup_tmpl(nn, f->svc, &caddr);
	KUNIT_ASSERT_NOT_NULL(test, tmpl);
	KUNIT_EXPECT_PTR_EQ(test, tmpl->dest, cp->dest);
	KUNIT_EXPECT_EQ(test, refcount_read(&tmpl->users), 2U);

	/* past its timeout, the template still holds the client */
	WRITE_ONCE(tmpl->expires, jiffies - 1);
	KUNIT_EXPECT_TRUE(test, nflb_conn_alive(tmpl));
	nflb_conn_gc_now(nn);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->conns.count), 2);
	flow.cport = htons(46001);
	KUNIT_EXPECT_PTR_EQ(test, sched_conn(nn, f->svc, &flow)->dest,
			    tmpl->dest);
	KUNIT_EXPECT_EQ(test, refcount_read(&tmpl->users), 3U);

	/* its entries go: the timeout runs from the last */
	nflb_conn_unlink(nn, cp);
	KUNIT_EXPECT_EQ(test, refcount_read(&tmpl->users), 2U);
	cp = nflb_conn_lookup_in(nn, &flow);
	KUNIT_ASSERT_NOT_NULL(test, cp);
	WRITE_ONCE(tmpl->expires, jiffies - 1);
	nflb_conn_unlink(nn, cp);
	KUNIT_EXPECT_EQ(test, refcount_read(&tmpl->users), 1U);
	KUNIT_EXPECT_TRUE(test, time_after(READ_ONCE(tmpl->expires),
					   jiffies + 50 * HZ));
	KUNIT_EXPECT_TRUE(test, nflb_conn_alive(tmpl));
	/* and then it expires like any other */
	WRITE_ONCE(tmpl->expires, jiffies - 1);
	KUNIT_EXPECT_FALSE(test, nflb_conn_alive(tmpl));
	rcu_read_unlock();
	nflb_conn_gc_now(nn);
	KUNIT_EXPECT_EQ(test, atomic_read(&nn->conns.count), 0);
}

/*
 * The layout Documentation/datapath.rst promises, lock debugging aside
 * (a debugging spinlock_t is 8-byte aligned: 4 bytes of padding before
 * it).  Stock kernels check the exact size when they build (conn.c).
 */
static void nflb_conn_layout(struct kunit *test)
{
	size_t size = sizeof(struct nflb_conn) - sizeof(spinlock_t) + 4;

	kunit_info(test, "sizeof(struct nflb_conn) = %zu here, %zu without lock debugging\n",
		   sizeof(struct nflb_conn), size);
	KUNIT_EXPECT_LE(test, size, (size_t)136 + 4);
}

/*
 * Differential: random inserts, lookups (both directions) and unlinks of
 * flows from a small space, so that they collide, against a flat array.
 */
#define NFLB_DIFF_CLIENTS	32
#define NFLB_DIFF_PORTS		32

static void nflb_conn_differential(struct kunit *test)
{
	struct nflb_conn_fixture *f = test->priv;
	struct nflb_net *nn = f->nn;
	struct nflb_conn **model;
	unsigned int i, mismatches = 0, live = 0;
	struct rnd_state rnd;

	model = kunit_kcalloc(test, NFLB_DIFF_CLIENTS * NFLB_DIFF_PORTS,
			      sizeof(*model), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, model);
	prandom_seed_state(&rnd, 20261130);
	rcu_read_lock();
	for (i = 0; i < 6000; i++) {
		u32 c = prandom_u32_state(&rnd) % NFLB_DIFF_CLIENTS;
		u32 p = prandom_u32_state(&rnd) % NFLB_DIFF_PORTS;
		u32 k = c * NFLB_DIFF_PORTS + p;
		struct nflb_flow flow = flow4(0x0a010000 + c, 1024 + p);
		struct nflb_dest *d = f->dest[k % 2];
		struct nflb_conn *cp;

		switch (prandom_u32_state(&rnd) % 4) {
		case 0:
			cp = new_conn(nn, &flow, d, 0);
			if (IS_ERR_OR_NULL(cp) || (model[k] && cp != model[k]))
				mismatches++;
			if (!model[k])
				live++;
			model[k] = cp;
			break;
		case 1:
			cp = nflb_conn_lookup_in(nn, &flow);
			if (cp) {
				nflb_conn_unlink(nn, cp);
				live--;
			}
			mismatches += cp != model[k];
			model[k] = NULL;
			break;
		case 2:
			mismatches += nflb_conn_lookup_in(nn, &flow) != model[k];
			break;
		default:
			cp = nflb_conn_lookup_reply(nn, AF_INET, IPPROTO_TCP,
						    &d->addr, d->port,
						    &flow.caddr, flow.cport);
			mismatches += cp != model[k];
		}
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, mismatches, 0U);
	KUNIT_EXPECT_EQ(test, (unsigned int)atomic_read(&nn->conns.count), live);
	KUNIT_EXPECT_EQ(test, (unsigned int)(atomic_read(&f->dest[0]->inact_conns) +
					     atomic_read(&f->dest[1]->inact_conns)),
			live);
}

static struct kunit_case nflb_conn_cases[] = {
	KUNIT_CASE(nflb_conn_lookups),
	KUNIT_CASE(nflb_conn_ipv6),
	KUNIT_CASE_PARAM(nflb_conn_tcp_states, nflb_tcp_gen_params),
	KUNIT_CASE(nflb_conn_expiry_and_removal),
	KUNIT_CASE(nflb_conn_limit),
	KUNIT_CASE(nflb_conn_sched_race),
	KUNIT_CASE(nflb_conn_template_lifetime),
	KUNIT_CASE(nflb_conn_layout),
	KUNIT_CASE(nflb_conn_differential),
	{}
};

static struct kunit_suite nflb_conn_suite = {
	.name = "nflb_conn",
	.init = nflb_conn_kunit_init,
	.exit = nflb_conn_kunit_exit,
	.test_cases = nflb_conn_cases,
};

kunit_test_suite(nflb_conn_suite);
