// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_state.c: host unit test of the desired-state reader of `nflbadm
 * apply` (state.c) and of the change printers (format_change.c);
 * no kernel, no libnl.  Table-driven: valid documents with what they must
 * give, invalid ones with the exact one-line error.  Prints TAP, exits 1
 * when a test failed.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/tap.h"
#include "change.h"
#include "state.h"

/* Invalid documents: the error names the path and the reason. */
static const struct {
	const char *json, *err;
} bad[] = {
	{ "", "input: JSON syntax error: unexpected end of input" },
	{ "{\"services\": [", "input: JSON syntax error: unexpected end of input" },
	{ "{\"services\": []}}", "line 1, column 17: JSON syntax error: unexpected character" },
	{ "{\n  \"services\": [,]\n}", "line 2, column 16: JSON syntax error: unexpected character" },
	{ "[]", "top level: must be an object with \"services\"" },
	{ "{}", "top level: needs \"services\" (an array; [] for none)" },
	{ "{\"services\": {}}", "services: must be an array" },
	{ "{\"services\": [], \"extra\": 1}", "extra: unknown key" },
	{ "{\"services\": [1]}", "services[0]: must be an object" },
	{ "{\"services\": [{}]}", "services[0]: needs \"protocol\", \"address\" and \"port\", or \"fwmark\"" },
	{ "{\"services\": [{\"protocol\":\"sctp\",\"address\":\"192.0.2.1\",\"port\":80}]}",
	  "services[0].protocol: must be \"tcp\" or \"udp\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.300\",\"port\":80}]}",
	  "services[0].address: must be a numeric IPv4 or IPv6 address" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"example.com\",\"port\":80}]}",
	  "services[0].address: must be a numeric IPv4 or IPv6 address" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"port\":80}]}",
	  "services[0]: needs \"address\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\"}]}",
	  "services[0]: needs \"port\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":0}]}",
	  "services[0].port: must be 1..65535" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":70000}]}",
	  "services[0].port: must be 1..65535" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":\"80\"}]}",
	  "services[0].port: must be an integer 1..65535" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80.5}]}",
	  "services[0].port: must be an integer 1..65535" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":99999999999999999999}]}",
	  "services[0].port: must be 1..65535" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"wieght\":1}]}",
	  "services[0].wieght: unknown key" },
	{ "{\"services\": [{\"fwmark\":0}]}", "services[0].fwmark: must be 1..4294967295" },
	{ "{\"services\": [{\"fwmark\":7,\"port\":80}]}",
	  "services[0]: a fwmark service has no protocol, address or port" },
	{ "{\"services\": [{\"fwmark\":7,\"family\":\"ipx\"}]}",
	  "services[0].family: must be \"inet\" or \"inet6\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"family\":\"inet\"}]}",
	  "services[0].family: only for fwmark services (the address gives the family)" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"scheduler\":\"nosuch\"}]}",
	  "services[0].scheduler: unknown scheduler \"nosuch\": must be one of rr wrr lc wlc sh mh" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"sched_flags\":[\"sh-port\"]}]}",
	  "services[0].sched_flags[0]: needs scheduler sh, not wlc" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"scheduler\":\"sh\",\"sched_flags\":[\"sh-port\",\"flag-1\"]}]}",
	  "services[0].sched_flags[1]: unknown scheduler flag \"flag-1\": must be one of \"sh-fallback\", \"sh-port\", \"mh-fallback\", \"mh-port\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"persistent\":0}]}",
	  "services[0].persistent: must be true, false or a timeout 1..2678400 (seconds)" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"netmask\":24}]}",
	  "services[0].netmask: needs a persistent service" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"persistent\":true,\"netmask\":33}]}",
	  "services[0].netmask: must be a prefix length 0..32" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"persistent\":true,\"netmask\":\"255.0.255.0\"}]}",
	  "services[0].netmask: mask is not contiguous" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"2001:db8::1\",\"port\":80,\"persistent\":true,\"netmask\":\"255.255.0.0\"}]}",
	  "services[0].netmask: must be a prefix length 1..128" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"one_packet\":true}]}",
	  "services[0].one_packet: only for UDP and fwmark services" },
	{ "{\"services\": [{\"protocol\":\"udp\",\"address\":\"192.0.2.1\",\"port\":53,\"one_packet\":1}]}",
	  "services[0].one_packet: must be true or false" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":{}}]}",
	  "services[0].real_servers: must be an array" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80},"
	  "{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"198.51.100.1\",\"weight\":70000}]}]}",
	  "services[1].real_servers[0].weight: must be 0..65535" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"198.51.100.1\",\"weight\":-1}]}]}",
	  "services[0].real_servers[0].weight: must be 0..65535" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"2001:db8::2\"}]}]}",
	  "services[0].real_servers[0].address: is IPv6 but the service is IPv4" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"198.51.100.1\",\"port\":8080}]}]}",
	  "services[0].real_servers[0].port: must be the service's port 80: only \"masq\" can map to another port" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"198.51.100.1\",\"forward\":\"nat\"}]}]}",
	  "services[0].real_servers[0].forward: unknown forwarding method \"nat\": must be \"masq\", \"route\" or \"tunnel\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"198.51.100.1\",\"u_threshold\":10,\"l_threshold\":20}]}]}",
	  "services[0].real_servers[0].l_threshold: must not be above u_threshold 10" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"198.51.100.1\",\"tun_type\":\"ipip\"}]}]}",
	  "services[0].real_servers[0].tun_type: needs \"forward\": \"tunnel\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"198.51.100.1\",\"forward\":\"tunnel\",\"tun_type\":\"gre\"}]}]}",
	  "services[0].real_servers[0].tun_type: must be \"ipip\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"198.51.100.1\"},{\"address\":\"198.51.100.2\"},{\"address\":\"198.51.100.1\",\"port\":80}]}]}",
	  "services[0].real_servers[2]: same real server as real_servers[0]" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80},{\"fwmark\":1},"
	  "{\"protocol\":\"udp\",\"address\":\"192.0.2.1\",\"port\":80},{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80}]}",
	  "services[3]: same service as services[0]" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"real_servers\":[{\"address\":\"198.51.100.1\",\"x\":\"\\u0001\"}]}]}",
	  "services[0].real_servers[0].x: unknown key" },
	/* source ranges (Documentation/datapath.rst) */
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"source_ranges\":\"192.0.2.0/24\"}]}",
	  "services[0].source_ranges: must be an array of prefixes like \"192.0.2.0/24\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"source_ranges\":[24]}]}",
	  "services[0].source_ranges[0]: must be a prefix like \"192.0.2.0/24\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"source_ranges\":[\"192.0.2.0/24\",\"example.com/8\"]}]}",
	  "services[0].source_ranges[1]: not an address or prefix" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"source_ranges\":[\"192.0.2.0/\"]}]}",
	  "services[0].source_ranges[0]: not an address or prefix" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"source_ranges\":[\"192.0.2.0/33\"]}]}",
	  "services[0].source_ranges[0]: prefix length out of range" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"source_ranges\":[\"192.0.2.1/24\"]}]}",
	  "services[0].source_ranges[0]: address bits set past the prefix length" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"source_ranges\":[\"2001:db8::/32\"]}]}",
	  "services[0].source_ranges[0]: is IPv6 but the service is IPv4" },
	{ "{\"services\": [{\"fwmark\":3,\"family\":\"inet6\",\"source_ranges\":[\"192.0.2.0/24\"]}]}",
	  "services[0].source_ranges[0]: is IPv4 but the service is IPv6" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,\"source_ranges\":[\"192.0.2.0/24\",\"198.51.100.7\",\"192.0.2.0/24\"]}]}",
	  "services[0].source_ranges[2]: same prefix as source_ranges[0]" },
	/* SNI (Documentation/sni.rst) */
	{ "{\"services\": [{\"protocol\":\"udp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{}}]}",
	  "services[0].sni: only for TCP services with an address and port" },
	{ "{\"services\": [{\"fwmark\":3,\"sni\":{}}]}",
	  "services[0].sni: only for TCP services with an address and port" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":[]}]}", "services[0].sni: must be an object" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"default\":\"drop\"}}]}",
	  "services[0].sni.default: must be \"servers\" or \"reset\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"rule\":[]}}]}", "services[0].sni.rule: unknown key" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"rules\":[{}]}}]}",
	  "services[0].sni.rules[0]: needs \"name\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"rules\":[{\"name\":\"a..b\"}]}}]}",
	  "services[0].sni.rules[0].name: not a host name or *.host name" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"rules\":[{\"name\":\"a.*.b\"}]}}]}",
	  "services[0].sni.rules[0].name: not a host name or *.host name" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"rules\":[{\"name\":\"a.b\",\"one_packet\":true}]}}]}",
	  "services[0].sni.rules[0].one_packet: unknown key" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"rules\":[{\"name\":\"a.b\",\"scheduler\":\"xx\"}]}}]}",
	  "services[0].sni.rules[0].scheduler: unknown scheduler \"xx\": must be one of rr wrr lc wlc sh mh" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"rules\":[{\"name\":\"www.example.com\"},{\"name\":\"a.b\"},{\"name\":\"WWW.Example.COM.\"}]}}]}",
	  "services[0].sni.rules[2]: same rule as rules[0] (\"www.example.com\")" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"rules\":[{\"name\":\"a.b\",\"real_servers\":[{\"address\":\"198.51.100.1\",\"forward\":\"route\"}]}]}}]}",
	  "services[0].sni.rules[0].real_servers[0].forward: must be \"masq\": SNI services forward by masquerading only" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"real_servers\":[{\"address\":\"198.51.100.1\",\"forward\":\"tunnel\"}],\"sni\":{}}]}",
	  "services[0].real_servers[0].forward: must be \"masq\": SNI services forward by masquerading only" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,\"sni\":{\"rules\":[{\"name\":\"a.b\",\"real_servers\":[{\"address\":\"198.51.100.1\"},{\"address\":\"198.51.100.1\"}]}]}}]}",
	  "services[0].sni.rules[0].real_servers[1]: same real server as real_servers[0]" },
	{ "{\"services\": [], \"config\": []}", "config: must be an object" },
	{ "{\"services\": [], \"config\": {\"tcp_timeout\": 0}}",
	  "config.tcp_timeout: must be 1..2678400" },
	{ "{\"services\": [], \"config\": {\"sni_peek_bytes\": 65536}}",
	  "config.sni_peek_bytes: must be 1..65535" },
	{ "{\"services\": [], \"config\": {\"max_conns\": \"10\"}}",
	  "config.max_conns: must be an integer 1..4294967295" },
	{ "{\"services\": [], \"config\": {\"tcp-timeout\": 60}}",
	  "config.tcp-timeout: unknown setting" },
	{ "{\"services\": [], \"config\": {\"tcp\": 60}}",
	  "config.tcp: unknown setting" },
	{ "{\"services\": [], \"config\": {\"max_conns_ceiling\": 60}}",
	  "config.max_conns_ceiling: is the host's: no namespace sets it" },
};

static void test_bad(void)
{
	struct nflbadm_state st;
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = nflbadm_state_parse(bad[i].json, strlen(bad[i].json),
					      &st, err, sizeof(err));

		tap_result(ret == -1 && !strcmp(err, bad[i].err) && !st.svcs &&
			   !st.nsvcs, "invalid #%zu: '%s'%s%s", i, bad[i].err,
			   ret == -1 && !strcmp(err, bad[i].err) ? "" : " got: ",
			   ret == -1 && !strcmp(err, bad[i].err) ? "" :
			   ret ? err : "(accepted)");
		nflbadm_state_free(&st);
	}
}

/* Valid documents, each printed as apply's "+" lines. */
static const struct {
	const char *json, *lines;
} good[] = {
	{ "{\"services\": []}", "" },
	{ "  {\"services\":[{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80}]}\n\n",
	  "+service TCP 192.0.2.1:80 wlc\n" },
	{ "{\"services\":[{\"protocol\":\"udp\",\"address\":\"192.0.2.1\",\"port\":53,"
	  "\"scheduler\":\"sh\",\"sched_flags\":[\"sh-port\",\"sh-fallback\"],"
	  "\"persistent\":600,\"netmask\":\"255.255.255.0\",\"one_packet\":true,"
	  "\"real_servers\":[{\"address\":\"198.51.100.3\",\"forward\":\"tunnel\",\"tun_type\":\"ipip\",\"weight\":2},"
	  "{\"address\":\"198.51.100.4\",\"port\":5353,\"forward\":\"masq\",\"weight\":0,\"u_threshold\":100,\"l_threshold\":10}]}]}",
	  "+service UDP 192.0.2.1:53 sh (sh-fallback,sh-port) persistent 600 mask 255.255.255.0 ops\n"
	  "+dest UDP 192.0.2.1:53 198.51.100.3:53 tunnel weight 2\n"
	  "+dest UDP 192.0.2.1:53 198.51.100.4:5353 masq weight 0 uthreshold 100 lthreshold 10\n" },
	{ "{\"services\":[{\"protocol\":\"tcp\",\"address\":\"2001:db8::1\",\"port\":443,\"persistent\":true,"
	  "\"netmask\":64,\"real_servers\":[{\"address\":\"2001:db8::2\"}]},"
	  "{\"fwmark\":7,\"family\":\"inet6\",\"scheduler\":\"mh\",\"sched_flags\":[\"mh-fallback\"],"
	  "\"real_servers\":[{\"address\":\"2001:db8::3\"}]},{\"fwmark\":8,\"persistent\":true}]}",
	  "+service TCP [2001:db8::1]:443 wlc persistent 360 mask 64\n"
	  "+dest TCP [2001:db8::1]:443 [2001:db8::2]:443 route weight 1\n"
	  "+service FWM 7 IPv6 mh (mh-fallback)\n"
	  "+dest FWM 7 IPv6 [2001:db8::3]:0 route weight 1\n"
	  "+service FWM 8 wlc persistent 360\n" },
	{ "{\"config\":{\"udp_timeout\":60,\"max_conns\":4096,\"sni_timeout_ms\":30000},"
	  "\"services\":[{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443,"
	  "\"sni\":{\"rules\":[{\"name\":\"WWW.Example.COM.\",\"real_servers\":[{\"address\":\"198.51.100.5\"}]}]}}]}",
	  "~config udp_timeout 60 max_conns 4096 sni_timeout_ms 30000\n"
	  "+service TCP 192.0.2.1:443 wlc\n"
	  "+sni TCP 192.0.2.1:443 www.example.com wlc\n"
	  "+dest TCP 192.0.2.1:443 sni www.example.com 198.51.100.5:443 masq weight 1\n" },
	/* nflb-healthd's "check" keys are the daemon's: taken, ignored. */
	{ "{\"check\":{\"interval\":1},\"services\":[{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,"
	  "\"check\":{\"type\":\"http\",\"path\":\"/healthz\"},"
	  "\"real_servers\":[{\"address\":\"198.51.100.1\",\"check\":{\"port\":8080}}]}]}",
	  "+service TCP 192.0.2.1:80 wlc\n"
	  "+dest TCP 192.0.2.1:80 198.51.100.1:80 route weight 1\n" },
	{ "{\"services\":[{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,"
	  "\"source_ranges\":[\"192.0.2.0/24\",\"198.51.100.7\",\"0.0.0.0/0\"]},"
	  "{\"protocol\":\"udp\",\"address\":\"2001:db8::1\",\"port\":53,\"source_ranges\":[\"2001:db8::/32\",\"::/0\"]},"
	  "{\"protocol\":\"udp\",\"address\":\"192.0.2.1\",\"port\":53,\"source_ranges\":[]}]}",
	  "+service TCP 192.0.2.1:80 wlc source-ranges 192.0.2.0/24,198.51.100.7/32,0.0.0.0/0\n"
	  "+service UDP [2001:db8::1]:53 wlc source-ranges 2001:db8::/32,::/0\n"
	  "+service UDP 192.0.2.1:53 wlc\n" },
};

static void print_state(FILE *f, const struct nflbadm_state *st)
{
	const struct nflb_apply_service *as;
	size_t i, j, k;

	if (st->config.have)
		nflbadm_print_config_change(f, false, &st->config,
					    st->config.have);
	for (i = 0; i < st->nsvcs; i++) {
		as = &st->svcs[i];
		nflbadm_print_change(f, false, '+', &as->svc, NULL, 0);
		for (j = 0; j < as->ndests; j++)
			nflbadm_print_change(f, false, '+', &as->svc,
					     &as->dests[j], 0);
		for (j = 0; j < as->nrules; j++) {
			nflbadm_print_rule_change(f, false, '+', &as->svc,
						  &as->rules[j].rule, NULL, 0);
			for (k = 0; k < as->rules[j].ndests; k++)
				nflbadm_print_rule_change(f, false, '+',
							  &as->svc,
							  &as->rules[j].rule,
							  &as->rules[j].dests[k],
							  0);
		}
	}
}

static void test_good(void)
{
	struct nflbadm_state st;
	char err[512], out[4096];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int ret = nflbadm_state_parse(good[i].json, strlen(good[i].json),
					      &st, err, sizeof(err));
		FILE *f;

		tap_result(ret == 0, "valid #%zu parses%s%s", i, ret ? ": " : "",
			   ret ? err : "");
		memset(out, 0, sizeof(out));
		f = fmemopen(out, sizeof(out) - 1, "w");
		if (f) {
			print_state(f, &st);
			fclose(f);
		}
		tap_result(!strcmp(out, good[i].lines), "valid #%zu gives the state", i);
		if (strcmp(out, good[i].lines))
			printf("#   got:\n%s#   want:\n%s", out, good[i].lines);
		nflbadm_state_free(&st);
	}
}

/* Fields the printers do not show: defaults and details. */
static void test_values(void)
{
	const char *j = "{\"services\":[{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,"
		"\"real_servers\":[{\"address\":\"198.51.100.1\"}]},"
		"{\"fwmark\":9,\"persistent\":true,\"netmask\":0}]}";
	struct nflbadm_state st;
	char err[256];

	if (nflbadm_state_parse(j, strlen(j), &st, err, sizeof(err))) {
		tap_result(false, "defaults: parses: %s", err);
		return;
	}
	tap_result(st.nsvcs == 2 && st.svcs[0].ndests == 1, "defaults: counts");
	tap_result(!strcmp(st.svcs[0].svc.sched, "wlc") && st.svcs[0].svc.flags == 0 &&
		   st.svcs[0].svc.netmask == 32 && st.svcs[0].svc.af == AF_INET &&
		   st.svcs[0].svc.protocol == IPPROTO_TCP,
		   "defaults: service wlc, not persistent, /32");
	tap_result(st.svcs[0].dests[0].fwd == NFLB_FWD_DR &&
		   st.svcs[0].dests[0].weight == 1 && st.svcs[0].dests[0].port == 80 &&
		   st.svcs[0].dests[0].tun_type == NFLB_TUN_IPIP,
		   "defaults: real server route, weight 1, the service's port");
	tap_result(st.svcs[1].svc.fwmark == 9 && st.svcs[1].svc.timeout == 360 &&
		   st.svcs[1].svc.netmask == 0 &&
		   st.svcs[1].svc.flags == NFLB_SVC_F_PERSISTENT,
		   "fwmark persistent: 360 s, netmask 0 as given");
	nflbadm_state_free(&st);
}

/* At most NFLB_MAX_SOURCE_RANGES; the same list in any order is the same. */
static void test_src_ranges(void)
{
	char json[4096], err[256], *p = json;
	struct nflb_service a, b;
	struct nflbadm_state st;
	int i, ret;

	p += sprintf(p, "{\"services\":[{\"fwmark\":1,\"source_ranges\":[");
	for (i = 0; i <= NFLB_MAX_SOURCE_RANGES; i++)
		p += sprintf(p, "%s\"10.%d.0.0/16\"", i ? "," : "", i);
	sprintf(p, "]}]}");
	ret = nflbadm_state_parse(json, strlen(json), &st, err, sizeof(err));
	tap_result(ret && !strcmp(err, "services[0].source_ranges: 65 prefixes: at most 64"),
		   "65 source ranges refused: %s", ret ? err : "(accepted)");
	nflbadm_state_free(&st);
	/* 64 pass */
	p = strrchr(json, ',');
	sprintf(p, "]}]}");
	ret = nflbadm_state_parse(json, strlen(json), &st, err, sizeof(err));
	tap_result(!ret && st.nsvcs == 1 && st.svcs[0].svc.nsrc_ranges == 64 &&
		   st.svcs[0].svc.src_ranges[63].len == 16,
		   "64 source ranges taken%s%s", ret ? ": " : "", ret ? err : "");
	if (!ret) {
		a = st.svcs[0].svc;
		b = a;
		b.src_ranges[0] = a.src_ranges[63];
		b.src_ranges[63] = a.src_ranges[0];
		tap_result(nflb_src_ranges_same(&a, &b), "same ranges in another order");
		b.src_ranges[63].len = 17;
		tap_result(!nflb_src_ranges_same(&a, &b), "a prefix length differs");
		b.nsrc_ranges = 63;
		tap_result(!nflb_src_ranges_same(&a, &b), "one range fewer");
	}
	nflbadm_state_free(&st);
}

static void test_printers(void)
{
	struct nflb_service svc = { .af = AF_INET, .protocol = IPPROTO_TCP,
				    .port = 80, .sched = "wlc" };
	struct nflb_dest d = { .port = 8080, .fwd = NFLB_FWD_NAT, .weight = 3 };
	struct nflb_event ev = { .cmd = NFLB_CMD_FLUSH };
	char out[1024];
	FILE *f;

	inet_pton(AF_INET, "192.0.2.1", &svc.addr);
	inet_pton(AF_INET, "198.51.100.1", &d.addr);
#define PRINT(stmt) do { memset(out, 0, sizeof(out)); \
	f = fmemopen(out, sizeof(out) - 1, "w"); if (f) { stmt; fclose(f); } } while (0)
	PRINT(nflbadm_print_change(f, false, '-', &svc, &d, 0));
	tap_result(!strcmp(out, "-dest TCP 192.0.2.1:80 198.51.100.1:8080\n"),
		   "deletion prints the identity only: %s", out);
	PRINT(nflbadm_print_change(f, true, '~', &svc, &d, NFLB_DEST_SET_WEIGHT));
	tap_result(!strcmp(out, "{\"op\":\"~\",\"type\":\"dest\",\"service\":{"
			   "\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80},"
			   "\"dest\":{\"address\":\"198.51.100.1\",\"port\":8080,\"forward\":\"masq\","
			   "\"weight\":3,\"u_threshold\":0,\"l_threshold\":0},\"changed\":[\"weight\"]}"),
		   "change as JSON: %s", out);
	PRINT(nflbadm_print_event(f, false, &ev));
	tap_result(!strcmp(out, "-all\n"), "flush event");
	ev.cmd = NFLB_CMD_SET_CONFIG;
	PRINT(nflbadm_print_event(f, true, &ev));
	tap_result(!strcmp(out, "{\"op\":\"~\",\"type\":\"config\"}\n"), "config event as JSON");
	ev.cmd = NFLB_CMD_NEW_SERVICE;
	ev.svc = svc;
	PRINT(nflbadm_print_event(f, false, &ev));
	tap_result(!strcmp(out, "+service TCP 192.0.2.1:80 wlc\n"), "new service event: %s", out);
#undef PRINT
}

int main(void)
{
	test_bad();
	test_good();
	test_values();
	test_src_ranges();
	test_printers();
	return tap_done();
}
