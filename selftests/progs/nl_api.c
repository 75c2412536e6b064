// SPDX-License-Identifier: GPL-2.0
/*
 * nl_api: checks of the nflb netlink API as a program sees it, through
 * libnflb and through raw messages.  Prints TAP; run by guest/nl_api.sh.
 *
 *   nl_api basic        round trips, errors, limits, events, config
 *   nl_api raw          malformed messages get clean rejections
 *   nl_api dump N       N services dump complete and consistent
 *   nl_api perm         every command fails with EPERM (run unprivileged)
 *   nl_api add N        add N services (for isolation tests)
 *   nl_api count        print the number of services
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "nl_test.h"

static int dest_cb(const struct nflb_dest *d, void *arg)
{
	*(struct nflb_dest *)arg = *d;
	return 0;
}

/* Events: a second socket subscribed to the group sees each change. */
static struct nl_sock *events_open(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int grp;

	if (!sk || genl_connect(sk))
		return NULL;
	grp = genl_ctrl_resolve_grp(sk, NFLB_GENL_NAME, NFLB_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(sk, grp))
		return NULL;
	return sk;
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	char *log = arg;
	size_t len = strlen(log);

	snprintf(log + len, 256 - len, "%u ", g->cmd);
	return NL_OK;
}

static void test_basic(void)
{
	struct nflb_service s, got;
	struct nflb_dest d, gd;
	struct nflb_config cfg;
	struct nflb_info info;
	char events[256] = "", want[64];
	struct nl_sock *ev;
	struct nflb *h;
	int ret;

	ret = nflb_open(&h);
	ok(ret == 0, "open");
	if (ret)
		return;
	ev = events_open();
	ok(ev != NULL, "subscribe to the events group");

	svc4(&s, IPPROTO_TCP, "192.0.2.1", 80);
	strcpy(s.sched, "rr");
	ok(nflb_service_add(h, &s) == 0, "add TCP service 192.0.2.1:80 rr");
	expect_err(h, nflb_service_add(h, &s), -EEXIST,
		   "service already exists", "duplicate service");
	got = s;
	got.sched[0] = 0;
	ret = nflb_service_get(h, &got);
	ok(ret == 0 && !strcmp(got.sched, "rr") && got.port == 80 &&
	   got.protocol == IPPROTO_TCP && got.netmask == 32 && !got.flags,
	   "get returns what was added (sched %s, netmask %u)", got.sched,
	   got.netmask);

	s.flags = NFLB_SVC_F_PERSISTENT;
	s.set = NFLB_SVC_SET_FLAGS;
	ok(nflb_service_set(h, &s) == 0, "edit: make it persistent");
	got = s;
	nflb_service_get(h, &got);
	ok(got.flags == NFLB_SVC_F_PERSISTENT && got.timeout == 360 &&
	   !strcmp(got.sched, "rr"),
	   "persistent with the default 360 s, scheduler kept (%u, %s)",
	   got.timeout, got.sched);
	s.timeout = 1800;
	s.netmask = 24;
	s.set = NFLB_SVC_SET_TIMEOUT | NFLB_SVC_SET_NETMASK;
	ok(nflb_service_set(h, &s) == 0, "edit timeout and netmask");
	got = s;
	nflb_service_get(h, &got);
	ok(got.timeout == 1800 && got.netmask == 24, "timeout 1800 mask /24");

	strcpy(s.sched, "nosuch");
	s.set = NFLB_SVC_SET_SCHED;
	expect_err(h, nflb_service_set(h, &s), -ENOENT, "unknown scheduler",
		   "unknown scheduler");
	strcpy(s.sched, "rr");

	svc4(&got, IPPROTO_TCP, "192.0.2.1", 81);
	expect_err(h, nflb_service_del(h, &got), -ENOENT,
		   "service does not exist", "delete a missing service");
	svc4(&got, IPPROTO_TCP, "192.0.2.9", 0);
	expect_err(h, nflb_service_add(h, &got), -EINVAL,
		   "service port must be 1-65535", "port 0");
	svc4(&got, IPPROTO_TCP, "192.0.2.9", 80);
	got.flags = NFLB_SVC_F_ONEPACKET;
	expect_err(h, nflb_service_add(h, &got), -EINVAL,
		   "one-packet scheduling needs a UDP or fwmark service",
		   "one-packet TCP");
	svc4(&got, IPPROTO_UDP, "192.0.2.9", 53);
	strcpy(got.sched, "rr");
	got.flags = NFLB_SVC_F_SCHED_PORT;
	expect_err(h, nflb_service_add(h, &got), -EINVAL,
		   "need the sh or mh scheduler", "sched-port with rr");
	svc4(&got, 47, "192.0.2.9", 80);
	expect_err(h, nflb_service_add(h, &got), -EINVAL,
		   "protocol must be TCP or UDP", "protocol GRE");

	dest4(&d, "198.51.100.1", 8080);
	d.weight = 7;
	d.u_thresh = 100;
	d.l_thresh = 10;
	ok(nflb_dest_add(h, &s, &d) == 0, "add NAT real server with port map");
	expect_err(h, nflb_dest_add(h, &s, &d), -EEXIST,
		   "real server already exists", "duplicate real server");
	memset(&gd, 0, sizeof(gd));
	ret = nflb_dest_list(h, &s, dest_cb, &gd);
	ok(ret == 0 && gd.weight == 7 &&
	   gd.port == 8080 && gd.fwd == NFLB_FWD_NAT && gd.u_thresh == 100 &&
	   gd.l_thresh == 10, "list shows weight %u port %u thresholds %u/%u",
	   gd.weight, gd.port, gd.u_thresh, gd.l_thresh);
	d.weight = 0;
	d.set = NFLB_DEST_SET_WEIGHT;
	ok(nflb_dest_set(h, &s, &d) == 0, "edit weight to 0 (quiesce)");
	nflb_dest_list(h, &s, dest_cb, &gd);
	ok(gd.weight == 0 && gd.fwd == NFLB_FWD_NAT && gd.u_thresh == 100,
	   "only the weight changed");
	dest4(&gd, "198.51.100.2", 8080);
	gd.fwd = NFLB_FWD_DR;
	expect_err(h, nflb_dest_add(h, &s, &gd), -EINVAL,
		   "only NAT can map to another port", "DR with a port map");
	dest4(&gd, "198.51.100.2", 80);
	gd.u_thresh = 5;
	gd.l_thresh = 6;
	expect_err(h, nflb_dest_add(h, &s, &gd), -EINVAL,
		   "lower connection threshold above the upper one",
		   "thresholds reversed");
	svc4(&got, IPPROTO_TCP, "192.0.2.77", 80);
	expect_err(h, nflb_dest_add(h, &got, &d), -ENOENT,
		   "service does not exist", "real server on a missing service");
	ok(nflb_dest_del(h, &s, &d) == 0, "delete the real server");
	expect_err(h, nflb_dest_del(h, &s, &d), -ENOENT,
		   "real server does not exist", "delete it again");

	memset(&cfg, 0, sizeof(cfg));
	cfg.val[NFLB_CONFIG_A_MAX_SERVICES] = 2;
	cfg.val[NFLB_CONFIG_A_TCP_TIMEOUT] = 1000;
	cfg.have = NFLB_CONFIG_BIT(NFLB_CONFIG_A_MAX_SERVICES) |
		   NFLB_CONFIG_BIT(NFLB_CONFIG_A_TCP_TIMEOUT);
	ok(nflb_config_set(h, &cfg) == 0, "set limit 2 services, tcp 1000 s");
	memset(&cfg, 0, sizeof(cfg));
	nflb_config_get(h, &cfg);
	ok(cfg.val[NFLB_CONFIG_A_MAX_SERVICES] == 2 &&
	   cfg.val[NFLB_CONFIG_A_TCP_TIMEOUT] == 1000 &&
	   cfg.val[NFLB_CONFIG_A_TCPFIN_TIMEOUT] == 120 &&
	   cfg.val[NFLB_CONFIG_A_UDP_TIMEOUT] == 300,
	   "config reads back (%u %u %u %u)",
	   cfg.val[NFLB_CONFIG_A_MAX_SERVICES],
	   cfg.val[NFLB_CONFIG_A_TCP_TIMEOUT],
	   cfg.val[NFLB_CONFIG_A_TCPFIN_TIMEOUT],
	   cfg.val[NFLB_CONFIG_A_UDP_TIMEOUT]);
	svc4(&got, IPPROTO_UDP, "192.0.2.2", 53);
	ok(nflb_service_add(h, &got) == 0, "second service fits");
	got.port = 54;
	expect_err(h, nflb_service_add(h, &got), -ENOSPC, "limit of",
		   "third service past the limit");
	cfg.val[NFLB_CONFIG_A_MAX_SERVICES] = 1;
	cfg.have = NFLB_CONFIG_BIT(NFLB_CONFIG_A_MAX_SERVICES);
	expect_err(h, nflb_config_set(h, &cfg), -EINVAL,
		   "service limit below the number of services",
		   "limit below what is in use");

	ret = nflb_get_info(h, &info);
	ok(ret == 0 && info.num_services == 2 &&
	   info.svc_table_size > 0, "info counts 2 services (table %u)",
	   info.svc_table_size);
	ok(nflb_zero(h, NULL) == 0, "zero all counters");
	ok(nflb_flush(h) == 0 && count_services(h) == 0, "flush empties");

	if (ev) {
		struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_cb, events);
		/* Events are unsolicited: sequence number 0. */
		nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
		nl_socket_set_nonblocking(ev);
		do
			ret = nl_recvmsgs(ev, cb);
		while (ret >= 0);
		nl_cb_put(cb);
		snprintf(want, sizeof(want), "%u %u %u %u %u %u %u %u %u ",
			 NFLB_CMD_NEW_SERVICE, NFLB_CMD_SET_SERVICE,
			 NFLB_CMD_SET_SERVICE, NFLB_CMD_NEW_DEST,
			 NFLB_CMD_SET_DEST, NFLB_CMD_DEL_DEST,
			 NFLB_CMD_SET_CONFIG, NFLB_CMD_NEW_SERVICE,
			 NFLB_CMD_FLUSH);
		ok(!strcmp(events, want), "events in order: '%s' (want '%s', %s)",
		   events, want, nl_geterror(ret));
		nl_socket_free(ev);
	}
	cfg.val[NFLB_CONFIG_A_MAX_SERVICES] = 1 << 20;
	cfg.have = NFLB_CONFIG_BIT(NFLB_CONFIG_A_MAX_SERVICES);
	nflb_config_set(h, &cfg);
	nflb_close(h);
}


static void raw_expect(struct raw *r, struct nl_msg *msg, int err,
		       const char *text, const char *what)
{
	raw_send(r, msg);
	ok(r->err == err && r->msg[0] && strstr(r->msg, text),
	   "%s: error %d with a message containing '%s' (got %d '%s')", what,
	   err, text, r->err, r->msg);
}

static void test_raw(void)
{
	struct raw r = { 0 };
	struct nl_msg *msg;
	struct nlattr *nest;
	char longname[64];
	uint32_t u32;
	uint8_t u8;
	int one = 1;

	r.sk = nl_socket_alloc();
	genl_connect(r.sk);
	setsockopt(nl_socket_get_fd(r.sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	r.family = genl_ctrl_resolve(r.sk, NFLB_GENL_NAME);
	ok(r.family > 0, "resolve the family");

	raw_expect(&r, raw_msg(&r, NFLB_CMD_NEW_SERVICE), -EINVAL,
		   "service missing", "NEW_SERVICE without a service nest");
	msg = raw_msg(&r, NFLB_CMD_NEW_SERVICE);
	nla_put_u32(msg, NFLB_ATTR_SERVICE, 1);
	raw_expect(&r, msg, -EINVAL, "", "service attribute that is not a nest");
	msg = raw_msg(&r, NFLB_CMD_NEW_SERVICE);
	nest = nla_nest_start(msg, NFLB_ATTR_SERVICE);
	u8 = AF_INET;
	nla_put(msg, NFLB_SVC_A_AF, 1, &u8);
	nla_nest_end(msg, nest);
	raw_expect(&r, msg, -EINVAL, "", "address family with the wrong length");
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	raw_expect(&r, raw_svc(&r, NFLB_CMD_NEW_SERVICE, NFLB_SVC_A_SCHED_NAME,
			       longname, sizeof(longname)),
		   -EINVAL, "", "oversized scheduler name");
	u32 = 1;
	raw_expect(&r, raw_svc(&r, NFLB_CMD_NEW_SERVICE, 99, &u32, 4),
		   -EINVAL, "", "unknown attribute in the service nest");
	raw_expect(&r, raw_svc(&r, NFLB_CMD_NEW_SERVICE, NFLB_SVC_A_STATS,
			       &u32, 4),
		   -EINVAL, "service stats is reply-only", "reply-only stats");
	{
		uint32_t bf[2] = { 1U << 30, 1U << 30 };

		raw_expect(&r, raw_svc(&r, NFLB_CMD_NEW_SERVICE, NFLB_SVC_A_FLAGS,
				       bf, sizeof(bf)),
			   -EINVAL, "", "unknown service flag");
	}
	u32 = 5;
	raw_expect(&r, raw_svc(&r, NFLB_CMD_NEW_SERVICE, NFLB_SVC_A_FWMARK,
			       &u32, 4),
		   -EINVAL, "a fwmark service has no protocol, address or port",
		   "fwmark mixed with an address");
	msg = raw_msg(&r, NFLB_CMD_NEW_SERVICE);
	nest = nla_nest_start(msg, NFLB_ATTR_SERVICE);
	nla_put_u16(msg, NFLB_SVC_A_AF, AF_INET6);
	u32 = htonl(0xc0000232);
	nla_put_u8(msg, NFLB_SVC_A_PROTOCOL, IPPROTO_TCP);
	nla_put(msg, NFLB_SVC_A_ADDR, 4, &u32);
	nla_put_u16(msg, NFLB_SVC_A_PORT, htons(80));
	nla_nest_end(msg, nest);
	raw_expect(&r, msg, -EINVAL, "IPv6 address must be 16 bytes",
		   "IPv4-sized address for AF_INET6");

	raw_send(&r, raw_svc(&r, NFLB_CMD_NEW_SERVICE, 0, NULL, 0));
	ok(r.err == 0, "well-formed service accepted");
	msg = raw_svc(&r, NFLB_CMD_NEW_DEST, 0, NULL, 0);
	nest = nla_nest_start(msg, NFLB_ATTR_DEST);
	nla_put(msg, NFLB_DEST_A_ADDR, 4, &u32);
	nla_put_u32(msg, NFLB_DEST_A_WEIGHT, 70000);
	nla_nest_end(msg, nest);
	raw_expect(&r, msg, -ERANGE, "integer out of range", "weight 70000");
	msg = raw_svc(&r, NFLB_CMD_NEW_DEST, 0, NULL, 0);
	nest = nla_nest_start(msg, NFLB_ATTR_DEST);
	nla_put_u32(msg, NFLB_DEST_A_WEIGHT, 1);
	nla_nest_end(msg, nest);
	raw_expect(&r, msg, -EINVAL, "real server address missing",
		   "real server without an address");
	msg = raw_svc(&r, NFLB_CMD_NEW_DEST, 0, NULL, 0);
	nest = nla_nest_start(msg, NFLB_ATTR_DEST);
	nla_put(msg, NFLB_DEST_A_ADDR, 4, &u32);
	nla_put_u8(msg, NFLB_DEST_A_FWD_METHOD, 9);
	nla_nest_end(msg, nest);
	raw_expect(&r, msg, -ERANGE, "integer out of range",
		   "forwarding method 9");

	raw_send(&r, raw_msg(&r, NFLB_CMD_FLUSH));
	ok(r.err == 0, "flush");
	raw_send(&r, raw_msg(&r, 200));
	ok(r.err == -EOPNOTSUPP, "unknown command: EOPNOTSUPP (got %d)", r.err);
	nl_socket_free(r.sk);
}

/*
 * @cmd for TCP 192.0.2.50:80 with SOURCE_RANGES{@n prefixes 10.i.j.0 (all
 * 10.0.0.0 if @dup) of @alen bytes and length @len}; @bad: one more
 * attribute in the list that is no prefix.
 */
static struct nl_msg *ranges_msg(struct raw *r, uint8_t cmd, unsigned int n,
				 int alen, unsigned int len, bool dup, bool bad)
{
	struct nl_msg *msg = raw_msg(r, cmd);
	uint32_t vip = htonl(0xc0000232);
	struct nlattr *svc, *rl, *p;
	uint8_t a[16];
	unsigned int i;

	svc = nla_nest_start(msg, NFLB_ATTR_SERVICE);
	nla_put_u16(msg, NFLB_SVC_A_AF, AF_INET);
	nla_put_u8(msg, NFLB_SVC_A_PROTOCOL, IPPROTO_TCP);
	nla_put(msg, NFLB_SVC_A_ADDR, 4, &vip);
	nla_put_u16(msg, NFLB_SVC_A_PORT, htons(80));
	rl = nla_nest_start(msg, NFLB_SVC_A_SOURCE_RANGES);
	for (i = 0; i < n; i++) {
		memset(a, 0, sizeof(a));
		a[0] = 10;
		a[1] = dup ? 0 : (uint8_t)(i >> 8);
		a[2] = dup ? 0 : (uint8_t)i;
		p = nla_nest_start(msg, NFLB_SRC_RANGE_A_PREFIX);
		nla_put(msg, NFLB_PREFIX_A_ADDR, alen, a);
		if (len <= 255)
			nla_put_u8(msg, NFLB_PREFIX_A_LEN, (uint8_t)len);
		nla_nest_end(msg, p);
	}
	if (bad)
		nla_put_u32(msg, NFLB_SRC_RANGE_A_PREFIX, 1);
	nla_nest_end_keep_empty(msg, rl);
	nla_nest_end(msg, svc);
	return msg;
}

static unsigned int ranges_now(struct nflb *h)
{
	struct nflb_service s;

	svc4(&s, IPPROTO_TCP, "192.0.2.50", 80);
	return nflb_service_get(h, &s) ? 999 : s.nsrc_ranges;
}

/*
 * What a namespace's owner (a container's root in its user namespace) may
 * send: every malformed list refused with a message, the service as it was.
 */
static void test_ranges(void)
{
	struct raw r = { 0 };
	struct nflb_info info;
	struct nflb *h;
	int one = 1;

	nlmsg_set_default_size(1 << 17);
	r.sk = nl_socket_alloc();
	genl_connect(r.sk);
	setsockopt(nl_socket_get_fd(r.sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	r.family = genl_ctrl_resolve(r.sk, NFLB_GENL_NAME);
	if (nflb_open(&h)) {
		ok(0, "open");
		return;
	}
	nflb_flush(h);
	raw_send(&r, ranges_msg(&r, NFLB_CMD_NEW_SERVICE, 3, 4, 24, false,
				false));
	ok(r.err == 0 && ranges_now(h) == 3, "a service with 3 ranges (%d %s)",
	   r.err, r.msg);
	raw_expect(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 65, 4, 24, false,
				  false),
		   -EINVAL, "too many source ranges", "65 ranges");
	/* a nest's length is 16 bits: 3000 prefixes are about all it holds */
	raw_expect(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 3000, 4, 24, false,
				  false),
		   -EINVAL, "too many source ranges", "3000 ranges");
	raw_expect(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 1, 16, 24, false,
				  false),
		   -EINVAL, "source range of an IPv4 service must be an IPv4",
		   "an IPv6 prefix for an IPv4 service");
	raw_expect(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 1, 4, 33, false,
				  false),
		   -EINVAL, "IPv4 source range prefix length must be 0-32",
		   "prefix length 33");
	raw_expect(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 1, 4, 200, false,
				  false),
		   -ERANGE, "integer out of range", "prefix length 200");
	raw_expect(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 2, 4, 16, false,
				  false),
		   -EINVAL, "address bits set past", "10.0.1.0/16: host bits");
	raw_expect(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 2, 4, 24, true,
				  false),
		   -EINVAL, "source range given twice", "a prefix twice");
	raw_expect(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 1, 4, 999, false,
				  false),
		   -EINVAL, "needs an address and a prefix length",
		   "a prefix without its length");
	raw_send(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 1, 4, 24, false,
				true));
	ok(r.err == -EINVAL,
	   "a list with an attribute that is no nest: refused (%d '%s')",
	   r.err, r.msg);
	raw_send(&r, ranges_msg(&r, NFLB_CMD_NEW_SERVICE, 65, 4, 24, false,
				false));
	ok(r.err == -EINVAL, "NEW with 65 ranges refused before EEXIST (%d)",
	   r.err);
	ok(ranges_now(h) == 3, "after 11 refusals the service has its 3 ranges");
	raw_send(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 64, 4, 24, false,
				false));
	ok(r.err == 0 && ranges_now(h) == 64, "64 ranges replace them (%d %s)",
	   r.err, r.msg);
	raw_send(&r, ranges_msg(&r, NFLB_CMD_SET_SERVICE, 0, 4, 24, false,
				false));
	ok(r.err == 0 && ranges_now(h) == 0, "an empty list clears them (%d)",
	   r.err);
	ok(nflb_get_info(h, &info) == 0 && info.have_conns &&
	   info.conns.src_range_drops == 0, "no drop counted");
	nflb_flush(h);
	nflb_close(h);
	nl_socket_free(r.sk);
}

static int add_services(struct nflb *h, unsigned int n)
{
	struct nflb_service s;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < n && !ret; i++) {
		svc4(&s, i & 1 ? IPPROTO_UDP : IPPROTO_TCP, "10.0.0.0",
		     1 + i % 60000);
		s.addr.in.s_addr = htonl(0x0a000000 + i);
		ret = nflb_service_add(h, &s);
	}
	return ret;
}

/* What raw dumps of add_services()' services saw, message by message. */
struct seen {
	unsigned char *times;	/* per service index */
	unsigned int n;
	unsigned int dups;	/* sent more than once */
	unsigned int strays;	/* not one of them */
	struct nflb *h;		/* for the change between two buffers */
};

/* The index add_services() gave the service of a dump message. */
static unsigned int svc_index(struct nlmsghdr *nlh)
{
	struct nlattr *nest, *a;
	uint32_t ip;

	nest = nlmsg_find_attr(nlh, GENL_HDRLEN, NFLB_ATTR_SERVICE);
	a = nest ? nla_find(nla_data(nest), nla_len(nest), NFLB_SVC_A_ADDR) :
		   NULL;
	if (!a || nla_len(a) != 4)
		return ~0u;
	memcpy(&ip, nla_data(a), 4);
	return ntohl(ip) - 0x0a000000;
}

static void seen_msg(struct nlmsghdr *nlh, void *arg)
{
	struct seen *v = arg;
	unsigned int i = svc_index(nlh);

	if (i >= v->n)
		v->strays++;
	else if (v->times[i]++)
		v->dups++;
}

static void seen_reset(struct seen *v)
{
	memset(v->times, 0, v->n);
	v->dups = v->strays = 0;
}

/* Between two buffers of a dump: the first service goes. */
static void delete_first(void *arg)
{
	struct seen *v = arg;
	struct nflb_service s;

	svc4(&s, IPPROTO_TCP, "10.0.0.0", 1);
	nflb_service_del(v->h, &s);
}

/*
 * The dump cursor (kmod/nl_service.c): each service once over many
 * buffers, services and their real servers alike, and a change between two
 * buffers flags the dump NLM_F_DUMP_INTR (libnflb then starts again).
 */
static void test_dump_cursor(struct nflb *h, unsigned int n, unsigned int nd)
{
	struct seen v = { .n = n, .h = h };
	struct raw_dump d = { .each = seen_msg, .arg = &v };
	struct raw raw = { 0 };
	struct nflb_service s;
	struct nflb_dest dst;
	unsigned int i, sent;
	int ret = 0;

	v.times = calloc(n, 1);
	raw.sk = nl_socket_alloc();
	genl_connect(raw.sk);
	raw.family = genl_ctrl_resolve(raw.sk, NFLB_GENL_NAME);

	ret = raw_dump(&raw, raw_msg(&raw, NFLB_CMD_GET_SERVICE), &d);
	ok(ret == 0 && d.nmsgs == n && !v.dups && !v.strays && d.batches > 1 &&
	   !d.intr,
	   "raw service dump: %u in %u buffers, each once (%u twice, %u strays, err %d)",
	   d.nmsgs, d.batches, v.dups, v.strays, ret);

	/* two real servers on each of the first nd services */
	for (i = 0; i < nd && !ret; i++) {
		svc4(&s, i & 1 ? IPPROTO_UDP : IPPROTO_TCP, "10.0.0.0",
		     1 + i % 60000);
		s.addr.in.s_addr = htonl(0x0a000000 + i);
		dest4(&dst, "198.51.100.1", 8080);
		ret = nflb_dest_add(h, &s, &dst);
		dst.port = 8081;
		ret = ret ?: nflb_dest_add(h, &s, &dst);
	}
	ok(ret == 0, "two real servers on each of %u services", nd);
	seen_reset(&v);
	ret = raw_dump(&raw, raw_msg(&raw, NFLB_CMD_GET_DEST), &d);
	sent = 0;
	for (i = 0; i < n; i++)
		sent += v.times[i] == 2;
	ok(ret == 0 && d.nmsgs == 2 * nd && sent == nd && !v.strays &&
	   d.batches > 1 && !d.intr,
	   "raw all-dests dump: %u in %u buffers, each service's two (%u services, err %d)",
	   d.nmsgs, d.batches, sent, ret);

	seen_reset(&v);
	d.each = NULL;
	d.after_first = delete_first;
	ret = raw_dump(&raw, raw_msg(&raw, NFLB_CMD_GET_SERVICE), &d);
	ok(ret == 0 && d.intr && d.batches > 1,
	   "a service deleted between two buffers: the dump ends flagged interrupted (err %d, %sflagged)",
	   ret, d.intr ? "" : "not ");
	ok(count_services(h) == n - 1, "and libnflb's own dump counts %u",
	   n - 1);
	nl_socket_free(raw.sk);
	free(v.times);
}

static void test_dump(unsigned int n)
{
	struct nflb *h;
	unsigned int i;

	if (nflb_open(&h)) {
		ok(0, "open");
		return;
	}
	ok(add_services(h, n) == 0, "added %u services", n);
	i = count_services(h);
	ok(i == n, "dump lists all %u services (got %u)", n, i);
	test_dump_cursor(h, n, n < 400 ? n : 400);
	ok(nflb_flush(h) == 0 && count_services(h) == 0, "flush removes them");
	nflb_close(h);
}

/* Unprivileged: every command must fail with EPERM and change nothing. */
static void test_perm(void)
{
	static const uint8_t cmds[] = {
		NFLB_CMD_GET_INFO, NFLB_CMD_NEW_SERVICE, NFLB_CMD_SET_SERVICE,
		NFLB_CMD_DEL_SERVICE, NFLB_CMD_GET_SERVICE, NFLB_CMD_NEW_DEST,
		NFLB_CMD_SET_DEST, NFLB_CMD_DEL_DEST, NFLB_CMD_GET_DEST,
		NFLB_CMD_FLUSH, NFLB_CMD_ZERO, NFLB_CMD_GET_CONFIG,
		NFLB_CMD_SET_CONFIG, NFLB_CMD_NEW_SNI_RULE,
		NFLB_CMD_SET_SNI_RULE, NFLB_CMD_DEL_SNI_RULE,
		NFLB_CMD_GET_SNI_RULE,
	};
	struct raw r = { 0 };
	size_t i;

	r.sk = nl_socket_alloc();
	genl_connect(r.sk);
	r.family = genl_ctrl_resolve(r.sk, NFLB_GENL_NAME);
	for (i = 0; i < sizeof(cmds); i++) {
		struct nl_msg *msg = raw_svc(&r, cmds[i], 0, NULL, 0);

		/* GET_DEST is a dump only. */
		if (cmds[i] == NFLB_CMD_GET_DEST)
			nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_DUMP;
		raw_send(&r, msg);
		ok(r.err == -EPERM, "command %u refused with EPERM (got %d)",
		   cmds[i], r.err);
	}
	nl_socket_free(r.sk);
}


int main(int argc, char **argv)
{
	struct nflb *h;

	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "count") || !strcmp(argv[1], "add")) {
		int ret = nflb_open(&h);

		if (ret) {
			fprintf(stderr, "nl_api: %s\n", nflb_strerror(NULL, ret));
			return 1;
		}
		if (argv[1][0] == 'a')
			ret = add_services(h, argc > 2 ? (unsigned int)atoi(argv[2]) : 1);
		else
			printf("%u\n", count_services(h));
		if (ret)
			fprintf(stderr, "nl_api: %s\n", nflb_strerror(h, ret));
		nflb_close(h);
		return ret ? 1 : 0;
	}
	if (!strcmp(argv[1], "basic"))
		test_basic();
	else if (!strcmp(argv[1], "raw"))
		test_raw();
	else if (!strcmp(argv[1], "ranges"))
		test_ranges();
	else if (!strcmp(argv[1], "dump"))
		test_dump(argc > 2 ? (unsigned int)atoi(argv[2]) : 20000);
	else if (!strcmp(argv[1], "perm"))
		test_perm();
	else
		return 2;
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}
