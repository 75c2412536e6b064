// SPDX-License-Identifier: GPL-2.0
/*
 * nl_sni: checks of SNI mode and SNI rules through libnflb and raw
 * messages (Documentation/sni.rst).  Prints TAP; run by guest/nl_sni.sh.
 *
 *   nl_sni sni          SNI mode and rules: refusals, rules, their real
 *                       servers, limits, events, freeing
 *   nl_sni sni-dump N   N SNI rules dump complete, in order, in several
 *                       messages
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "nl_test.h"

static struct nflb_sni_rule *rule_named(struct nflb_sni_rule *r,
					const char *name)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	return r;
}

static int rule_count_cb(const struct nflb_sni_rule *r, void *arg)
{
	(void)r;
	(*(unsigned int *)arg)++;
	return 0;
}

static int dest_count_cb(const struct nflb_dest *d, void *arg)
{
	(void)d;
	(*(unsigned int *)arg)++;
	return 0;
}

static unsigned int num_dests(struct nflb *h)
{
	struct nflb_info info;

	return nflb_get_info(h, &info) ? ~0U : info.num_dests;
}

/* One setting, as nflb_config_get() reports it; -ENOENT if it does not. */
static int cfg_get(struct nflb *h, unsigned int attr, uint32_t *val)
{
	struct nflb_config cfg;
	int ret = nflb_config_get(h, &cfg);

	if (ret)
		return ret;
	if (!(cfg.have & NFLB_CONFIG_BIT(attr)))
		return -ENOENT;
	*val = cfg.val[attr];
	return 0;
}

static int cfg_set(struct nflb *h, unsigned int attr, uint32_t val)
{
	struct nflb_config cfg = { .have = NFLB_CONFIG_BIT(attr) };

	cfg.val[attr] = val;
	return nflb_config_set(h, &cfg);
}

struct ev_log {
	char text[512];
};

static int sni_event_cb(const struct nflb_event *ev, void *arg)
{
	struct ev_log *log = arg;
	size_t len = strlen(log->text);

	snprintf(log->text + len, sizeof(log->text) - len, "%u:%s ", ev->cmd,
		 ev->rule.name);
	return 0;
}

/* The refusals of SNI mode itself, on services without rules. */
static void test_sni_mode(struct nflb *h)
{
	static const char fallback[] =
		"SNI mode needs masquerading: a real server forwards by direct routing or tunnelling";
	struct nflb_service s, got;
	struct nflb_sni_rule r;
	struct nflb_dest d;
	const char *msg;
	int ret;

	svc4(&s, IPPROTO_UDP, "192.0.2.20", 443);
	s.flags = NFLB_SVC_F_SNI;
	expect_err(h, nflb_service_add(h, &s), -EINVAL,
		   "SNI mode needs a TCP service", "SNI mode on UDP refused");
	memset(&s, 0, sizeof(s));
	s.af = AF_INET;
	s.fwmark = 7;
	s.flags = NFLB_SVC_F_SNI;
	expect_err(h, nflb_service_add(h, &s), -EINVAL,
		   "SNI mode needs a TCP service", "SNI mode on fwmark refused");
	ok(count_services(h) == 0, "refused services were not added");

	svc4(&s, IPPROTO_TCP, "192.0.2.21", 443);
	ok(nflb_service_add(h, &s) == 0, "plain TCP service");
	expect_err(h, nflb_sni_rule_add(h, &s, rule_named(&r, "a.example")),
		   -EINVAL, "SNI rules need a service in SNI mode",
		   "rule on a non-SNI service refused");
	s.sni_default = NFLB_SNI_DEFAULT_RESET;
	s.set = NFLB_SVC_SET_SNI_DEFAULT;
	expect_err(h, nflb_service_set(h, &s), -EINVAL,
		   "SNI default needs SNI mode", "SNI default without SNI mode");
	dest4(&d, "198.51.100.2", 443);
	d.fwd = NFLB_FWD_DR;
	ok(nflb_dest_add(h, &s, &d) == 0, "DR real server in a plain service");
	s.flags = NFLB_SVC_F_SNI;
	s.set = NFLB_SVC_SET_SNI;
	ret = nflb_service_set(h, &s);
	msg = ret ? nflb_strerror(h, ret) : "(success)";
	ok(ret == -EINVAL &&
	   (!strcmp(msg, "SNI mode needs masquerading: 198.51.100.2:443 forwards by direct routing") ||
	    !strcmp(msg, fallback)),
	   "SNI mode with a DR real server refused: '%s'", msg);
	d.fwd = NFLB_FWD_TUN;
	d.set = NFLB_DEST_SET_FWD;
	ok(nflb_dest_set(h, &s, &d) == 0, "the real server tunnels instead");
	ret = nflb_service_set(h, &s);
	msg = ret ? nflb_strerror(h, ret) : "(success)";
	ok(ret == -EINVAL &&
	   (!strcmp(msg, "SNI mode needs masquerading: 198.51.100.2:443 forwards by tunnelling") ||
	    !strcmp(msg, fallback)),
	   "SNI mode with a TUN real server refused: '%s'", msg);
	got = s;
	ok(nflb_service_get(h, &got) == 0 && !(got.flags & NFLB_SVC_F_SNI),
	   "the refused change left the service as it was");
	d.fwd = NFLB_FWD_NAT;
	ok(nflb_dest_set(h, &s, &d) == 0, "the real server masquerades");
	ok(nflb_service_set(h, &s) == 0, "now SNI mode is accepted");
	d.fwd = NFLB_FWD_DR;
	expect_err(h, nflb_dest_set(h, &s, &d), -EINVAL,
		   "SNI services forward by masquerading only: replies must cross the balancer to be translated",
		   "SNI service: a real server cannot change to DR");
	s.flags = 0;
	ok(nflb_service_set(h, &s) == 0, "SNI mode off again (no rules)");
	ok(nflb_service_del(h, &s) == 0, "delete it");
}

/* A service in SNI mode with rules: everything on them. */
static void test_sni_rules(struct nflb *h)
{
	struct nflb_service s, got;
	struct nflb_sni_rule r, gr;
	struct nflb_dest d;
	struct ev_log log = { "" };
	struct nflb *evh = NULL;
	unsigned int n, dests0;
	uint32_t max = 0;
	char want[256];

	svc4(&s, IPPROTO_TCP, "192.0.2.1", 443);
	strcpy(s.sched, "rr");
	s.flags = NFLB_SVC_F_SNI;
	ok(nflb_service_add(h, &s) == 0, "add SNI service 192.0.2.1:443");
	got = s;
	ok(nflb_service_get(h, &got) == 0 && (got.flags & NFLB_SVC_F_SNI) &&
	   got.sni_default == NFLB_SNI_DEFAULT_SERVERS,
	   "it is in SNI mode, default servers");
	ok(nflb_event_open(&evh) == 0, "events handle");
	dests0 = num_dests(h);

	rule_named(&r, "www.example.com");
	strcpy(r.sched, "wrr");
	ok(nflb_sni_rule_add(h, &s, &r) == 0, "add rule www.example.com wrr");
	expect_err(h, nflb_sni_rule_add(h, &s, rule_named(&r, "WWW.Example.COM.")),
		   -EEXIST, "SNI rule already exists",
		   "WWW.Example.COM. is the same rule");
	ok(nflb_sni_rule_add(h, &s, rule_named(&r, "*.Example.com")) == 0,
	   "add wildcard *.Example.com");
	expect_err(h, nflb_sni_rule_add(h, &s, rule_named(&r, "*.example.com.")),
		   -EEXIST, "SNI rule already exists", "wildcard duplicate");
	ok(nflb_sni_rule_add(h, &s, rule_named(&r, "example.com")) == 0,
	   "example.com is not *.example.com");
	expect_err(h, nflb_sni_rule_add(h, &s, rule_named(&r, "bad..name")),
		   -EINVAL, "not a host name or *.host name", "bad name");
	expect_err(h, nflb_sni_rule_add(h, &s, rule_named(&r, "a.*.example")),
		   -EINVAL, "not a host name or *.host name", "inner wildcard");
	expect_err(h, nflb_sni_rule_add(h, &s, rule_named(&r, "")), -EINVAL,
		   "not a host name or *.host name", "empty name");
	rule_named(&gr, "*.EXAMPLE.COM");
	ok(nflb_sni_rule_get(h, &s, &gr) == 0 &&
	   !strcmp(gr.name, "*.example.com") && !strcmp(gr.sched, "wlc"),
	   "get *.EXAMPLE.COM: kept as '%s', scheduler %s", gr.name, gr.sched);
	rule_named(&gr, "www.example.com");
	ok(nflb_sni_rule_get(h, &s, &gr) == 0 && !strcmp(gr.sched, "wrr"),
	   "get www.example.com: wrr");

	rule_named(&r, "www.example.com");
	r.flags = NFLB_SVC_F_PERSISTENT;
	r.timeout = 600;
	r.set = NFLB_SVC_SET_FLAGS | NFLB_SVC_SET_TIMEOUT;
	ok(nflb_sni_rule_set(h, &s, &r) == 0, "edit the rule: persistent 600");
	ok(nflb_sni_rule_get(h, &s, &gr) == 0 && gr.timeout == 600 &&
	   (gr.flags & NFLB_SVC_F_PERSISTENT) && !strcmp(gr.sched, "wrr"),
	   "persistent 600, scheduler kept");
	rule_named(&r, "nosuch.example.com");
	r.set = NFLB_SVC_SET_SCHED;
	strcpy(r.sched, "rr");
	expect_err(h, nflb_sni_rule_set(h, &s, &r), -ENOENT,
		   "SNI rule does not exist in this service", "edit a missing rule");

	dest4(&d, "198.51.100.9", 443);
	ok(nflb_dest_add(h, &s, &d) == 0, "default rule's real server");
	dest4(&d, "198.51.100.1", 443);
	d.weight = 2;
	ok(nflb_sni_dest_add(h, &s, "www.example.com", &d) == 0,
	   "real server in www.example.com");
	ok(nflb_sni_dest_add(h, &s, "*.example.com", &d) == 0,
	   "the same address in *.example.com");
	expect_err(h, nflb_sni_dest_add(h, &s, "WWW.example.com", &d), -EEXIST,
		   "real server already exists in this SNI rule", "duplicate");
	expect_err(h, nflb_sni_dest_add(h, &s, "nosuch.example.com", &d),
		   -ENOENT, "SNI rule does not exist in this service",
		   "real server in a missing rule");
	dest4(&d, "198.51.100.3", 443);
	d.fwd = NFLB_FWD_DR;
	expect_err(h, nflb_sni_dest_add(h, &s, "www.example.com", &d), -EINVAL,
		   "SNI services forward by masquerading only: replies must cross the balancer to be translated",
		   "DR real server in a rule refused");
	d.fwd = NFLB_FWD_TUN;
	expect_err(h, nflb_dest_add(h, &s, &d), -EINVAL,
		   "SNI services forward by masquerading only", "TUN real server in the default rule refused");
	n = 0;
	ok(nflb_sni_dest_list(h, &s, "www.example.com", dest_count_cb, &n) == 0 &&
	   n == 1, "www.example.com has 1 real server (%u)", n);
	n = 0;
	ok(nflb_dest_list(h, &s, dest_count_cb, &n) == 0 && n == 1,
	   "the service's own listing has only its own (%u)", n);
	rule_named(&gr, "www.example.com");
	ok(nflb_sni_rule_get(h, &s, &gr) == 0 && gr.num_dests == 1,
	   "the rule reports 1 real server");
	ok(num_dests(h) == dests0 + 3, "info counts rules' real servers");

	s.flags = 0;
	s.set = NFLB_SVC_SET_SNI;
	expect_err(h, nflb_service_set(h, &s), -EBUSY,
		   "delete them before leaving SNI mode",
		   "leaving SNI mode with rules refused");
	s.flags = NFLB_SVC_F_SNI;
	s.sni_default = NFLB_SNI_DEFAULT_RESET;
	s.set = NFLB_SVC_SET_SNI_DEFAULT;
	ok(nflb_service_set(h, &s) == 0, "default reset");
	got = s;
	ok(nflb_service_get(h, &got) == 0 &&
	   got.sni_default == NFLB_SNI_DEFAULT_RESET &&
	   (got.flags & NFLB_SVC_F_SNI), "still SNI mode, default reset");
	s.flags = NFLB_SVC_F_PERSISTENT;
	s.set = NFLB_SVC_SET_FLAGS;
	ok(nflb_service_set(h, &s) == 0 && nflb_service_get(h, &got) == 0 &&
	   (got.flags & NFLB_SVC_F_SNI) && (got.flags & NFLB_SVC_F_PERSISTENT),
	   "editing the other flags keeps SNI mode");

	/* Limits: the rules' real servers count with their service's. */
	ok(cfg_get(h, NFLB_CONFIG_A_MAX_DESTS, &max) == 0,
	   "read max_dests");
	expect_err(h, cfg_set(h, NFLB_CONFIG_A_MAX_DESTS, 2),
		   -EINVAL, "real server limit below",
		   "limit under 3 (1 own + 2 rules') refused");
	ok(cfg_set(h, NFLB_CONFIG_A_MAX_DESTS, 3) == 0,
	   "limit 3 real servers per service");
	dest4(&d, "198.51.100.4", 443);
	expect_err(h, nflb_sni_dest_add(h, &s, "example.com", &d), -ENOSPC,
		   "real servers per service, its SNI rules' included, reached",
		   "a 4th in a rule is over the limit");
	ok(cfg_set(h, NFLB_CONFIG_A_MAX_DESTS, max) == 0,
	   "limit back to %u", max);
	/* Each rule counts as a service: 1 service + 3 rules in use. */
	ok(cfg_get(h, NFLB_CONFIG_A_MAX_SERVICES, &max) == 0,
	   "read max_services");
	expect_err(h, cfg_set(h, NFLB_CONFIG_A_MAX_SERVICES, 3),
		   -EINVAL,
		   "service limit below the number of services and SNI rules",
		   "service limit under 4 (1 service + 3 rules) refused");
	ok(cfg_set(h, NFLB_CONFIG_A_MAX_SERVICES, 4) == 0,
	   "limit 4 services and rules");
	expect_err(h, nflb_sni_rule_add(h, &s, rule_named(&r, "full.example.com")),
		   -ENOSPC, "services and SNI rules reached in this namespace",
		   "a 4th rule is over the service limit");
	svc4(&got, IPPROTO_TCP, "192.0.2.2", 443);
	expect_err(h, nflb_service_add(h, &got), -ENOSPC,
		   "services and SNI rules reached in this namespace",
		   "so is a 2nd service");
	ok(cfg_set(h, NFLB_CONFIG_A_MAX_SERVICES, max) == 0,
	   "service limit back to %u", max);
	ok(nflb_zero(h, &s) == 0 && nflb_zero(h, NULL) == 0, "zero");

	/* Events: rules and their real servers say which rule. */
	nflb_event_dispatch(evh, sni_event_cb, &log);
	log.text[0] = '\0';
	ok(nflb_sni_rule_add(h, &s, rule_named(&r, "ev.example.com")) == 0 &&
	   nflb_sni_dest_add(h, &s, "ev.example.com", &d) == 0 &&
	   nflb_sni_dest_del(h, &s, "ev.example.com", &d) == 0 &&
	   nflb_sni_rule_del(h, &s, rule_named(&r, "EV.example.com")) == 0,
	   "add and delete a rule with a real server");
	nflb_event_dispatch(evh, sni_event_cb, &log);
	snprintf(want, sizeof(want),
		 "%u:ev.example.com %u:ev.example.com %u:ev.example.com %u:ev.example.com ",
		 NFLB_CMD_NEW_SNI_RULE, NFLB_CMD_NEW_DEST, NFLB_CMD_DEL_DEST,
		 NFLB_CMD_DEL_SNI_RULE);
	ok(!strcmp(log.text, want), "events: '%s'", log.text);
	nflb_close(evh);

	ok(nflb_sni_rule_del(h, &s, rule_named(&r, "*.example.com")) == 0,
	   "delete *.example.com");
	ok(num_dests(h) == dests0 + 2, "its real server went with it");
	expect_err(h, nflb_sni_rule_del(h, &s, &r), -ENOENT,
		   "SNI rule does not exist in this service", "delete it again");
	n = 0;
	ok(nflb_sni_rule_list(h, &s, rule_count_cb, &n) == 0 && n == 2,
	   "2 rules left (%u)", n);
	ok(nflb_service_del(h, &s) == 0, "delete the service");
	ok(num_dests(h) == dests0 && count_services(h) == 0,
	   "its real servers and its rules' are gone");
	expect_err(h, nflb_sni_rule_list(h, &s, rule_count_cb, &n), -ENOENT,
		   "service does not exist", "rules of a deleted service");
}

/*
 * Service commands refuse an SNI_RULE rather than act on the whole
 * service: a DEL_SERVICE meant for one rule must not delete the service.
 */
static void test_sni_whole_service(struct nflb *h)
{
	static const uint8_t cmds[] = {
		NFLB_CMD_DEL_SERVICE, NFLB_CMD_ZERO, NFLB_CMD_SET_SERVICE,
		NFLB_CMD_GET_SERVICE, NFLB_CMD_NEW_SERVICE,
	};
	struct raw raw = { 0 };
	struct nflb_sni_rule r;
	struct nflb_service s;
	struct nlattr *nest;
	struct nl_msg *msg;
	unsigned int i, n;
	int one = 1;

	svc4(&s, IPPROTO_TCP, "192.0.2.50", 80);	/* raw_svc()'s */
	s.flags = NFLB_SVC_F_SNI;
	ok(nflb_service_add(h, &s) == 0 &&
	   nflb_sni_rule_add(h, &s, rule_named(&r, "a.example")) == 0,
	   "an SNI service with a rule a.example");
	raw.sk = nl_socket_alloc();
	genl_connect(raw.sk);
	setsockopt(nl_socket_get_fd(raw.sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	raw.family = genl_ctrl_resolve(raw.sk, NFLB_GENL_NAME);
	for (i = 0; i < sizeof(cmds); i++) {
		msg = raw_svc(&raw, cmds[i], 0, NULL, 0);
		nest = nla_nest_start(msg, NFLB_ATTR_SNI_RULE);
		nla_put_string(msg, NFLB_SNI_RULE_A_NAME, "a.example");
		nla_nest_end(msg, nest);
		raw_send(&raw, msg);
		ok(raw.err == -EINVAL &&
		   strstr(raw.msg, "SNI rule given to a service command"),
		   "command %u with an SNI rule: refused (got %d '%s')",
		   cmds[i], raw.err, raw.msg);
	}
	nl_socket_free(raw.sk);
	n = 0;
	ok(count_services(h) == 1 &&
	   nflb_sni_rule_list(h, &s, rule_count_cb, &n) == 0 && n == 1,
	   "the service and its rule are still there (%u rules)", n);
	ok(nflb_service_del(h, &s) == 0, "delete it");
}

static void test_sni(void)
{
	struct nflb *h;

	if (nflb_open(&h)) {
		ok(0, "open");
		return;
	}
	nflb_flush(h);
	test_sni_mode(h);
	test_sni_rules(h);
	test_sni_whole_service(h);
	nflb_close(h);
}

struct rule_order {
	unsigned int n;
	int in_order;
};

static void rule_name_of(char *buf, size_t len, unsigned int i)
{
	/* Long names, so that the dump takes many messages. */
	snprintf(buf, len, "%srule-%05u.with-a-long-label-to-fill-the-dump.example.com",
		 i % 10 == 9 ? "*." : "", i);
}

static int rule_order_cb(const struct nflb_sni_rule *r, void *arg)
{
	struct rule_order *o = arg;
	char want[NFLB_SNI_RULE_NAME_SIZE];

	rule_name_of(want, sizeof(want), o->n++);
	if (strcmp(r->name, want))
		o->in_order = 0;
	return 0;
}

static void test_sni_dump(unsigned int n)
{
	struct rule_order o = { .in_order = 1 };
	struct raw_dump d = { 0 };
	struct nflb_sni_rule r;
	struct nflb_service s;
	struct raw raw = { 0 };
	struct nflb *h;
	unsigned int i;
	int ret = 0;

	if (nflb_open(&h)) {
		ok(0, "open");
		return;
	}
	/* raw_svc()'s service */
	svc4(&s, IPPROTO_TCP, "192.0.2.50", 80);
	s.flags = NFLB_SVC_F_SNI;
	ok(nflb_service_add(h, &s) == 0, "SNI service");
	for (i = 0; i < n && !ret; i++) {
		memset(&r, 0, sizeof(r));
		rule_name_of(r.name, sizeof(r.name), i);
		ret = nflb_sni_rule_add(h, &s, &r);
	}
	ok(ret == 0, "added %u rules", n);
	ok(nflb_sni_rule_list(h, &s, rule_order_cb, &o) == 0 && o.n == n &&
	   o.in_order, "dump lists all %u rules in creation order (got %u%s)",
	   n, o.n, o.in_order ? "" : ", out of order");
	raw.sk = nl_socket_alloc();
	genl_connect(raw.sk);
	raw.family = genl_ctrl_resolve(raw.sk, NFLB_GENL_NAME);
	ret = raw_dump(&raw, raw_svc(&raw, NFLB_CMD_GET_SNI_RULE, 0, NULL, 0),
		       &d);
	ok(ret == 0 && d.nmsgs == n && d.batches > 1 && !d.intr,
	   "raw dump: %u rules in %u recvmsg() buffers, not interrupted (err %d)",
	   d.nmsgs, d.batches, ret);
	nl_socket_free(raw.sk);
	ok(nflb_service_del(h, &s) == 0 && num_dests(h) == 0,
	   "delete the service with its rules");
	nflb_close(h);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "sni"))
		test_sni();
	else if (!strcmp(argv[1], "sni-dump"))
		test_sni_dump(argc > 2 ? (unsigned int)atoi(argv[2]) : 1000);
	else
		return 2;
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}
