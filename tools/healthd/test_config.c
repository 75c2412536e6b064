// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_config.c: host unit test of nflb-healthd's configuration reader
 * (config.c); no kernel, no libnl, no libcurl.  Table-driven: invalid
 * documents with the exact one-line error, valid ones with the checks
 * they must give (defaults, inheritance, per-server overrides, lookup).
 * Prints TAP, exits 1 when a test failed.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/tap.h"
#include "config.h"

#define SVC "\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80"
#define ONE(check) "{\"services\":[{" SVC ",\"check\":" check "}]}"

static const struct {
	const char *json, *err;
} bad[] = {
	{ "", "input: JSON syntax error: unexpected end of input" },
	{ "{\n  \"services\": [,]\n}", "line 2, column 16: JSON syntax error: unexpected character" },
	{ "{\"services\": []} x", "line 1, column 18: JSON syntax error: unexpected character" },
	{ "[]", "top level: must be an object with \"services\"" },
	{ "{}", "top level: needs \"services\" (an array)" },
	{ "{\"services\": {}}", "services: must be an array" },
	{ "{\"services\": [], \"chek\": {}}", "chek: unknown key" },
	{ "{\"services\": [1]}", "services[0]: must be an object" },
	{ "{\"services\": [{" SVC "}]}",
	  "services[0]: needs \"check\" (or a top-level \"check\" for every service)" },
	{ "{\"services\": [{\"protocol\":\"sctp\",\"address\":\"192.0.2.1\",\"port\":80}]}",
	  "services[0].protocol: must be \"tcp\" or \"udp\"" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"example.com\",\"port\":80}]}",
	  "services[0].address: must be a numeric IPv4 or IPv6 address" },
	{ "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\"}]}",
	  "services[0]: needs \"port\"" },
	{ "{\"services\": [{\"fwmark\":7,\"port\":80}]}",
	  "services[0]: a fwmark service has no protocol, address or port" },
	{ "{\"services\": [{" SVC ",\"wieght\":1,\"check\":{}}]}",
	  "services[0].wieght: unknown key" },
	{ ONE("[]"), "services[0].check: must be an object" },
	{ ONE("{\"typ\":\"tcp\"}"), "services[0].check.typ: unknown key" },
	{ ONE("{\"type\":\"icmp\"}"),
	  "services[0].check.type: must be \"tcp\", \"http\", \"https\" or \"exec\"" },
	{ ONE("{\"interval\":0}"), "services[0].check.interval: must be 0.1..3600 (seconds)" },
	{ ONE("{\"interval\":0.05}"), "services[0].check.interval: must be 0.1..3600 (seconds)" },
	{ ONE("{\"interval\":\"1s\"}"),
	  "services[0].check.interval: must be a number of seconds 0.1..3600" },
	{ ONE("{\"timeout\":601}"), "services[0].check.timeout: must be 0.1..600 (seconds)" },
	{ ONE("{\"jitter\":-1}"), "services[0].check.jitter: must be 0..3600 (seconds)" },
	{ ONE("{\"rise\":0}"), "services[0].check.rise: must be 1..100" },
	{ ONE("{\"fall\":1.5}"), "services[0].check.fall: must be an integer 1..100" },
	{ ONE("{\"initial\":\"maybe\"}"), "services[0].check.initial: must be \"up\" or \"down\"" },
	{ ONE("{\"address\":\"10.0.0.300\"}"),
	  "services[0].check.address: must be a numeric IPv4 or IPv6 address" },
	{ ONE("{\"port\":0}"), "services[0].check.port: must be 1..65535" },
	{ ONE("{\"path\":\"/x\"}"),
	  "services[0].check.path: only for http and https checks, not tcp" },
	{ ONE("{\"type\":\"http\",\"server_name\":\"a.example\"}"),
	  "services[0].check.server_name: only for https checks, not http" },
	{ ONE("{\"type\":\"http\",\"command\":[\"/bin/true\"]}"),
	  "services[0].check.command: only for exec checks, not http" },
	{ ONE("{\"type\":\"http\",\"path\":\"x\"}"),
	  "services[0].check.path: must start with \"/\" and hold no spaces or control characters" },
	{ ONE("{\"type\":\"http\",\"path\":\"/a b\"}"),
	  "services[0].check.path: must start with \"/\" and hold no spaces or control characters" },
	{ ONE("{\"type\":\"http\",\"method\":\"POST\"}"),
	  "services[0].check.method: must be \"GET\", \"HEAD\" or \"OPTIONS\"" },
	{ ONE("{\"type\":\"http\",\"host\":\"\"}"), "services[0].check.host: must not be empty" },
	{ ONE("{\"type\":\"http\",\"status\":99}"),
	  "services[0].check.status: must be a status 100..599 or a range like \"200-299\"" },
	{ ONE("{\"type\":\"http\",\"status\":[200,\"300-200\"]}"),
	  "services[0].check.status[1]: must be a status 100..599 or a range like \"200-299\"" },
	{ ONE("{\"type\":\"http\",\"status\":\"2xx\"}"),
	  "services[0].check.status: must be a status 100..599 or a range like \"200-299\"" },
	{ ONE("{\"type\":\"http\",\"status\":[]}"),
	  "services[0].check.status: must list 1..16 statuses or ranges" },
	{ ONE("{\"type\":\"https\",\"server_name\":\"a b\"}"),
	  "services[0].check.server_name: must be a DNS name (letters, digits, '-' and '.')" },
	{ ONE("{\"type\":\"https\",\"verify\":\"yes\"}"), "services[0].check.verify: must be true or false" },
	{ ONE("{\"type\":\"https\",\"ca_file\":\"/nonexistent/ca.pem\"}"),
	  "services[0].check.ca_file: cannot read /nonexistent/ca.pem: No such file or directory" },
	{ ONE("{\"type\":\"exec\"}"), "services[0].check: an exec check needs \"command\"" },
	{ ONE("{\"type\":\"exec\",\"command\":[]}"),
	  "services[0].check.command: must be an array of strings: the program and its arguments" },
	{ ONE("{\"type\":\"exec\",\"command\":[\"/bin/true\", 1]}"),
	  "services[0].check.command[1]: must be a string" },
	{ ONE("{\"type\":\"exec\",\"command\":[\"/nonexistent/check\"]}"),
	  "services[0].check.command[0]: cannot run /nonexistent/check: No such file or directory" },
	{ "{\"services\":[{\"fwmark\":7,\"check\":{\"type\":\"http\"}}]}",
	  "services[0].check: needs \"port\": the real servers of a fwmark service have none" },
	{ "{\"services\":[{" SVC ",\"check\":{},\"real_servers\":{}}]}",
	  "services[0].real_servers: must be an array" },
	{ "{\"services\":[{" SVC ",\"check\":{},\"real_servers\":[{\"port\":80}]}]}",
	  "services[0].real_servers[0]: needs \"address\"" },
	{ "{\"services\":[{" SVC ",\"check\":{},\"real_servers\":[{\"address\":\"2001:db8::1\"}]}]}",
	  "services[0].real_servers[0].address: is IPv6 but the service is IPv4" },
	{ "{\"services\":[{" SVC ",\"check\":{},\"real_servers\":[{\"address\":\"10.0.0.1\",\"chek\":{}}]}]}",
	  "services[0].real_servers[0].chek: unknown key" },
	{ "{\"services\":[{" SVC ",\"check\":{},\"real_servers\":[{\"address\":\"10.0.0.1\"},"
	  "{\"address\":\"10.0.0.1\",\"port\":80}]}]}",
	  "services[0].real_servers[1]: same real server as real_servers[0]" },
	{ "{\"services\":[{" SVC ",\"check\":{},\"real_servers\":[{\"address\":\"10.0.0.1\","
	  "\"check\":{\"path\":\"/\"}}]}]}",
	  "services[0].real_servers[0].check.path: only for http and https checks, not tcp" },
	{ "{\"services\":[{" SVC ",\"check\":{}},{" SVC ",\"check\":{}}]}",
	  "services[1]: same service as services[0]" },
	{ "{\"check\":{\"type\":\"exec\"},\"services\":[{" SVC "}]}",
	  "check: an exec check needs \"command\"" },
	{ "{\"check\":{\"rise\":200},\"services\":[]}", "check.rise: must be 1..100" },
};

static const struct hd_check *lookup(const struct hd_config *cfg, size_t svc,
				     const char *addr, uint16_t port)
{
	struct nflb_dest dest;

	memset(&dest, 0, sizeof(dest));
	inet_pton(cfg->svcs[svc].svc.af, addr, &dest.addr);
	dest.port = port;
	return hd_config_lookup(cfg, &cfg->svcs[svc].svc, &dest);
}

static const char good[] =
	"{ \"check\": { \"interval\": 1, \"fall\": 4 },\n"
	"  \"config\": { \"tcp_timeout\": 900 },\n"
	"  \"services\": [\n"
	"  { \"protocol\": \"tcp\", \"address\": \"192.0.2.1\", \"port\": 80,\n"
	"    \"scheduler\": \"rr\", \"persistent\": 300,\n"
	"    \"check\": { \"type\": \"http\", \"path\": \"/healthz\", \"host\": \"www.example\",\n"
	"                 \"status\": [\"200-299\", 301], \"body_contains\": \"ok\" },\n"
	"    \"real_servers\": [\n"
	"      { \"address\": \"198.51.100.1\", \"port\": 8080, \"forward\": \"masq\", \"weight\": 3,\n"
	"        \"check\": { \"type\": \"tcp\", \"port\": 8081, \"interval\": 0.5 } },\n"
	"      { \"address\": \"198.51.100.2\", \"check\": { \"path\": \"/other\" } },\n"
	"      { \"address\": \"198.51.100.3\" } ] },\n"
	"  { \"fwmark\": 7, \"family\": \"inet6\",\n"
	"    \"check\": { \"type\": \"exec\", \"command\": [\"/bin/sh\", \"-c\", \"exit 0\"],\n"
	"                 \"timeout\": 3, \"initial\": \"down\", \"jitter\": 0 } },\n"
	"  { \"protocol\": \"udp\", \"address\": \"2001:db8::1\", \"port\": 53,\n"
	"    \"check\": { \"type\": \"https\", \"server_name\": \"ns.example\", \"port\": 443,\n"
	"                 \"address\": \"192.0.2.53\", \"verify\": true } },\n"
	"  { \"protocol\": \"tcp\", \"address\": \"192.0.2.2\", \"port\": 22,\n"
	"    \"sni\": { \"rules\": [ { \"name\": \"www.example\" } ] },\n"
	"    \"source_ranges\": [ \"192.0.2.0/24\" ] }\n"
	"] }\n";

static void test_good(void)
{
	const struct hd_check *c, *o;
	struct hd_config cfg;
	struct nflb_service other;
	struct nflb_dest dest;
	char err[256];
	int ret;

	ret = hd_config_parse(good, sizeof(good) - 1, &cfg, err, sizeof(err));
	tap_result(ret == 0, "valid document parses (%s)", ret ? err : "ok");
	if (ret)
		return;
	tap_result(cfg.nsvcs == 4, "four services (%zu)", cfg.nsvcs);

	c = &cfg.svcs[0].check;
	tap_result(c->type == HD_HTTP && !strcmp(c->path, "/healthz") &&
		   !strcmp(c->host, "www.example") && !strcmp(c->body, "ok") &&
		   !strcmp(c->method, "GET"), "http check: path, host, body, method GET");
	tap_result(c->nstatus == 2 && c->status[0].lo == 200 && c->status[0].hi == 299 &&
		   c->status[1].lo == 301 && c->status[1].hi == 301, "status ranges");
	tap_result(c->interval_ms == 1000 && c->fall == 4 && c->rise == 2,
		   "top-level check: interval 1 s, fall 4 inherited; rise default 2");
	tap_result(c->timeout_ms == 1000 && c->jitter_ms == 1000 &&
		   c->fast_interval_ms == 250,
		   "timeout, jitter and fast interval follow a 1 s interval (%u, %u, %u)",
		   c->timeout_ms, c->jitter_ms, c->fast_interval_ms);
	tap_result(c->initial == NFLB_HEALTH_UP && !c->has_addr && c->port == 0,
		   "initial up, the real server's own address and port");

	o = lookup(&cfg, 0, "198.51.100.1", 8080);
	tap_result(o && o->type == HD_TCP && o->port == 8081 && o->interval_ms == 500 &&
		   o->timeout_ms == 500 && o->fast_interval_ms == 125 &&
		   o->fall == 4 && !o->body,
		   "override: tcp on 8081 every 0.5 s, http settings dropped, fall kept");
	o = lookup(&cfg, 0, "198.51.100.2", 80);
	tap_result(o && o->type == HD_HTTP && !strcmp(o->path, "/other") &&
		   !strcmp(o->host, "www.example") && !strcmp(o->body, "ok"),
		   "override: only the path replaced");
	o = lookup(&cfg, 0, "198.51.100.3", 80);
	tap_result(o && hd_check_equal(o, c), "a listed server without a check: the service's");
	o = lookup(&cfg, 0, "198.51.100.9", 80);
	tap_result(o == c, "an unlisted server (added by anyone): the service's check");
	o = lookup(&cfg, 0, "198.51.100.1", 80);
	tap_result(o == c, "same address, other port: the service's check");

	c = &cfg.svcs[1].check;
	tap_result(cfg.svcs[1].svc.fwmark == 7 && cfg.svcs[1].svc.af == AF_INET6,
		   "fwmark service, inet6");
	tap_result(c->type == HD_EXEC && c->argv && !strcmp(c->argv[0], "/bin/sh") &&
		   !strcmp(c->argv[2], "exit 0") && !c->argv[3],
		   "exec check: argv");
	tap_result(c->timeout_ms == 3000 && c->jitter_ms == 0 &&
		   c->initial == NFLB_HEALTH_DOWN && c->interval_ms == 1000,
		   "exec check: timeout 3 s, jitter 0, initial down");

	c = &cfg.svcs[2].check;
	tap_result(c->type == HD_HTTPS && !strcmp(c->server_name, "ns.example") &&
		   c->verify && !c->ca_file && c->port == 443 && c->has_addr &&
		   c->af == AF_INET, "https check: SNI name, verify, address override");
	tap_result(cfg.svcs[3].check.type == HD_TCP &&
		   cfg.svcs[3].check.interval_ms == 1000,
		   "a service without a check takes the top-level one");

	memset(&other, 0, sizeof(other));
	other.af = AF_INET;
	other.protocol = IPPROTO_TCP;
	inet_pton(AF_INET, "192.0.2.1", &other.addr);
	other.port = 81;
	memset(&dest, 0, sizeof(dest));
	tap_result(!hd_config_lookup(&cfg, &other, &dest),
		   "a service not in the file is not checked");
	other.port = 80;
	tap_result(hd_config_lookup(&cfg, &other, &dest) == &cfg.svcs[0].check,
		   "lookup by identity");
	tap_result(!hd_check_equal(&cfg.svcs[0].check, &cfg.svcs[3].check),
		   "different checks differ");
	hd_config_free(&cfg);
}

int main(void)
{
	const char *doc;
	char err[256];
	struct hd_config cfg;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ret = hd_config_parse(bad[i].json, strlen(bad[i].json), &cfg,
				      err, sizeof(err));
		tap_result(ret == -1 && !strcmp(err, bad[i].err) && !cfg.nsvcs,
			   "error '%s'%s%s", bad[i].err, ret ? "" : " (parsed!)",
			   ret && strcmp(err, bad[i].err) ? " got: " : "");
		if (ret && strcmp(err, bad[i].err))
			printf("# got: %s\n", err);
	}
	test_good();
	doc = "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,"
	      "\"check\":{}}]}";
	ret = hd_config_parse(doc, strlen(doc), &cfg, err, sizeof(err));
	if (ret)
		printf("# %s\n", err);
	tap_result(!ret && cfg.svcs[0].check.interval_ms == 1000 &&
		   cfg.svcs[0].check.timeout_ms == 1000 &&
		   cfg.svcs[0].check.fast_interval_ms == 250 &&
		   cfg.svcs[0].check.rise == 2 && cfg.svcs[0].check.fall == 3,
		   "defaults: every 1 s, timeout 1 s, 0.25 s while changing, rise 2, fall 3");
	if (!ret)
		hd_config_free(&cfg);
	doc = "{\"services\": [{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":80,"
	      "\"check\":{\"interval\":0.2,\"fast_interval\":5}}]}";
	ret = hd_config_parse(doc, strlen(doc), &cfg, err, sizeof(err));
	if (ret)
		printf("# %s\n", err);
	tap_result(!ret && cfg.svcs[0].check.fast_interval_ms == 200,
		   "a fast interval longer than the interval is the interval");
	if (!ret)
		hd_config_free(&cfg);
	ret = hd_config_load("/nonexistent/healthd.json", &cfg, err, sizeof(err));
	tap_result(ret == -1 && !strcmp(err, "/nonexistent/healthd.json: No such file or directory"),
		   "missing file: '%s'", err);
	return tap_done();
}
