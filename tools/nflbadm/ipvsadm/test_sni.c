// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_sni.c: host unit test of nflbadm's SNI grammar (--sni-mode,
 * --sni-default, --sni NAME in ipvsadm/parse.c) and of the printers of SNI
 * services and rules (ipvsadm/print.c): listing, save lines that read back the
 * same, JSON, apply's change lines.  No kernel, no libnl; prints TAP.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../common/tap.h"
#include "../change.h"
#include "ipvsadm.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Parse one command line, words separated by single blanks. */
static int parse(const char *cmd, struct nflbadm_req *req, char *err,
		 size_t errlen)
{
	return nflbadm_parse_line(cmd, req, err, errlen);
}

static const struct {
	const char *cmd, *msg;
} errors[] = {
	{ "-A -u 192.0.2.1:443 --sni-mode",
	  "option '--sni-mode' is only for TCP services (-t): SNI mode routes TLS by server name" },
	{ "-A -f 7 --sni-default reset",
	  "option '--sni-default' is only for TCP services (-t): SNI mode routes TLS by server name" },
	{ "-A -t 192.0.2.1:443 --sni-default reset",
	  "option '--sni-default' needs '--sni-mode'" },
	{ "-A -t 192.0.2.1:443 --sni-mode maybe",
	  "invalid value 'maybe' for '--sni-mode' (on or off)" },
	{ "-E -t 192.0.2.1:443 --sni-default drop",
	  "invalid SNI default 'drop' (servers or reset)" },
	{ "-A -t 192.0.2.1:443 --sni a.example --sni-mode",
	  "option '--sni-mode' cannot be used with '--sni' (an SNI rule)" },
	{ "-A -u 192.0.2.1:443 --sni a.example",
	  "option '--sni' is only for TCP services (-t): SNI rules route TLS by server name" },
	{ "-a -f 1 --sni a.example -r 198.51.100.1",
	  "option '--sni' is only for TCP services (-t): SNI rules route TLS by server name" },
	{ "-A -t 192.0.2.1:443 --sni=", "empty SNI rule name" },
	{ "-A -t 192.0.2.1:443 --sni", "option '--sni' needs an argument" },
	{ "-L --sni a.example", "option '--sni' cannot be used with '-L'" },
	{ "-Z -t 192.0.2.1:443 --sni a.example",
	  "option '--sni' cannot be used with '-Z'" },
	{ "-a -t 192.0.2.1:443 -r 198.51.100.1 --sni-mode",
	  "option '--sni-mode' cannot be used with '-a'" },
};

static void test_errors(void)
{
	struct nflbadm_req req;
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errors); i++) {
		int ret = parse(errors[i].cmd, &req, err, sizeof(err));
		bool ok = ret == -1 && !strcmp(err, errors[i].msg);

		tap_result(ok, "error: %s", errors[i].cmd);
		if (!ok)
			printf("#   expected: %s\n#   got:      %s\n",
			       errors[i].msg, ret ? err : "(accepted)");
	}
}

static void test_parse(void)
{
	struct nflbadm_req r;
	char err[256];
	int ret;

	ret = parse("-A -t 192.0.2.1:443 -s rr --sni-mode --sni-default reset",
		    &r, err, sizeof(err));
	tap_result(!ret && !r.have_rule && (r.svc.flags & NFLB_SVC_F_SNI) &&
		   r.svc.sni_default == NFLB_SNI_DEFAULT_RESET &&
		   (r.svc.set & NFLB_SVC_SET_SNI) &&
		   (r.svc.set & NFLB_SVC_SET_SNI_DEFAULT),
		   "-A --sni-mode --sni-default reset");
	ret = parse("-E -t 192.0.2.1:443 --sni-mode off", &r, err, sizeof(err));
	tap_result(!ret && !(r.svc.flags & NFLB_SVC_F_SNI) &&
		   r.svc.set == NFLB_SVC_SET_SNI, "-E --sni-mode off");
	ret = parse("-E -t 192.0.2.1:443 --sni-default servers", &r, err,
		    sizeof(err));
	tap_result(!ret && r.svc.set == NFLB_SVC_SET_SNI_DEFAULT,
		   "-E --sni-default alone");
	ret = parse("-A -t 192.0.2.1:443 --sni *.Example.com -s mh -b mh-port -p 60",
		    &r, err, sizeof(err));
	tap_result(!ret && r.have_rule && !strcmp(r.rule.name, "*.Example.com") &&
		   !strcmp(r.rule.sched, "mh") && r.rule.timeout == 60 &&
		   r.rule.flags == (NFLB_SVC_F_SCHED_PORT | NFLB_SVC_F_PERSISTENT) &&
		   !r.svc.flags && !r.svc.sched[0] && r.svc.port == 443,
		   "-A --sni: the settings are the rule's, as given (%s)", err);
	ret = parse("-a -t 192.0.2.1:443 --sni=www.example.com -r 198.51.100.1 -m -w 2",
		    &r, err, sizeof(err));
	tap_result(!ret && r.have_rule && r.have_dest &&
		   !strcmp(r.rule.name, "www.example.com") &&
		   r.dest.fwd == NFLB_FWD_NAT && r.dest.weight == 2 &&
		   r.dest.port == 443, "-a --sni=NAME -r: a rule's real server");
	/* -a without -g/-i/-m: NAT in a rule, to the port given... */
	ret = parse("-a -t 192.0.2.1:443 --sni www.example.com -r 198.51.100.1:8443",
		    &r, err, sizeof(err));
	tap_result(!ret && r.have_rule && r.dest.fwd == NFLB_FWD_NAT &&
		   r.dest.port == 8443 && !(r.dest.set & NFLB_DEST_SET_FWD),
		   "-a --sni NAME -r A:P: masquerading by default, port kept (%s)",
		   err);
	/* ... and for a service ipvsadm's DR, NAT if it is in SNI mode. */
	ret = parse("-a -t 192.0.2.1:443 -r 198.51.100.1:8443", &r, err,
		    sizeof(err));
	tap_result(!ret && !r.have_rule && r.dest.fwd == NFLB_FWD_DR &&
		   r.dest.port == 443 && r.fwd_default && r.dest_port == 8443,
		   "-a -r A:P: DR on the service's port, or NAT to P if SNI");
	ret = parse("-a -t 192.0.2.1:443 -r 198.51.100.1", &r, err,
		    sizeof(err));
	tap_result(!ret && r.fwd_default && r.dest_port == 443,
		   "-a -r A: the service's port either way");
	ret = parse("-a -t 192.0.2.1:443 -r 198.51.100.1:8443 -g", &r, err,
		    sizeof(err));
	tap_result(!ret && !r.fwd_default && r.dest.fwd == NFLB_FWD_DR &&
		   r.dest.port == 443, "-a -g: direct routing as asked");
	ret = parse("-e -t 192.0.2.1:443 -r 198.51.100.1:8443 -w 3", &r, err,
		    sizeof(err));
	tap_result(!ret && !r.fwd_default && !(r.dest.set & NFLB_DEST_SET_FWD),
		   "-e without a method keeps the real server's");
	ret = parse("-D -t 192.0.2.1:443 --sni www.example.com", &r, err,
		    sizeof(err));
	tap_result(!ret && r.op == NFLBADM_OP_DEL_SVC && r.have_rule,
		   "-D --sni: a rule");
	ret = parse("-D -t 192.0.2.1:443", &r, err, sizeof(err));
	tap_result(!ret && !r.have_rule, "-D without --sni: the service");
}

static void svc_fixture(struct nflb_service *svc)
{
	memset(svc, 0, sizeof(*svc));
	svc->af = AF_INET;
	svc->protocol = IPPROTO_TCP;
	inet_pton(AF_INET, "192.0.2.1", &svc->addr);
	svc->port = 443;
	strcpy(svc->sched, "rr");
	svc->flags = NFLB_SVC_F_SNI;
	svc->netmask = 32;
}

static void rule_fixture(struct nflb_apply_rule *r, struct nflb_dest *d)
{
	memset(r, 0, sizeof(*r));
	strcpy(r->rule.name, "*.example.com");
	strcpy(r->rule.sched, "sh");
	r->rule.flags = NFLB_SVC_F_PERSISTENT | NFLB_SVC_F_SCHED_FALLBACK;
	r->rule.timeout = 600;
	r->rule.netmask = 24;
	memset(d, 0, sizeof(*d));
	inet_pton(AF_INET, "198.51.100.2", &d->addr);
	d->port = 8443;
	d->fwd = NFLB_FWD_NAT;
	d->weight = 2;
	r->dests = d;
	r->ndests = 1;
}

/* @text printed by @what equals @want. */
static void expect_text(const char *what, char *text, const char *want)
{
	bool ok = !strcmp(text, want);

	tap_result(ok, "%s", what);
	if (!ok)
		tap_diag("printed", text);
	free(text);
}

static void test_print(void)
{
	struct nflb_service svc;
	struct nflb_apply_rule rule;
	struct nflb_dest dest;
	struct nflbadm_req r;
	char *s, err[256], line[256];
	size_t n;
	FILE *f;

	svc_fixture(&svc);
	rule_fixture(&rule, &dest);

	f = open_memstream(&s, &n);
	nflbadm_print_save_service(f, &svc);
	nflbadm_print_save_rule(f, &svc, &rule.rule);
	nflbadm_print_save_rule_dest(f, &svc, rule.rule.name, &dest);
	fclose(f);
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(s, "\n"), s);
	tap_result(!parse(line, &r, err, sizeof(err)) &&
		   r.op == NFLBADM_OP_ADD_SVC && !r.have_rule &&
		   (r.svc.flags & NFLB_SVC_F_SNI),
		   "the save line of an SNI service reads back");
	expect_text("save: service, rule, rule's real server", s,
		    "-A -t 192.0.2.1:443 -s rr --sni-mode\n"
		    "-A -t 192.0.2.1:443 --sni *.example.com -s sh -p 600 -M 255.255.255.0 -b sh-fallback\n"
		    "-a -t 192.0.2.1:443 --sni *.example.com -r 198.51.100.2:8443 -m -w 2\n");
	tap_result(!parse("-A -t 192.0.2.1:443 --sni *.example.com -s sh -p 600 -M 255.255.255.0 -b sh-fallback",
			  &r, err, sizeof(err)) && r.have_rule &&
		   r.rule.flags == rule.rule.flags &&
		   r.rule.timeout == 600 && r.rule.netmask == 24 &&
		   !strcmp(r.rule.sched, "sh"), "the rule's save line reads back");

	f = open_memstream(&s, &n);
	svc.sni_default = NFLB_SNI_DEFAULT_RESET;
	nflbadm_print_list_service(f, 0, &svc);
	nflbadm_print_list_rule(f, 0, &svc, &rule.rule);
	nflbadm_print_list_rule(f, NFLBADM_LIST_STATS, &svc, &rule.rule);
	fclose(f);
	expect_text("-L: service and rule lines", s,
		    "TCP  192.0.2.1:443 rr sni default reset\n"
		    "  SNI  *.example.com sh (sh-fallback) persistent 600 mask 255.255.255.0\n"
		    "  SNI  *.example.com                     0        0        0        0        0\n");

	f = open_memstream(&s, &n);
	nflbadm_print_json_service_sni(f, &svc, NULL, 0, &rule, 1);
	fclose(f);
	tap_result(strstr(s, ",\"sni\":{\"default\":\"reset\",\"rules\":[{\"name\":\"*.example.com\",\"scheduler\":\"sh\"") &&
		   strstr(s, "\"real_servers\":[{\"address\":\"198.51.100.2\",\"port\":8443,\"forward\":\"masq\""),
		   "-j: sni nested in the service");
	free(s);

	f = open_memstream(&s, &n);
	nflbadm_print_rule_change(f, false, '+', &svc, &rule.rule, NULL, 0);
	nflbadm_print_rule_change(f, false, '-', &svc, &rule.rule, NULL, 0);
	nflbadm_print_rule_change(f, false, '~', &svc, &rule.rule, &dest,
				  NFLB_DEST_SET_WEIGHT);
	nflbadm_print_rule_change(f, true, '-', &svc, &rule.rule, &dest, 0);
	fclose(f);
	expect_text("apply's change lines", s,
		    "+sni TCP 192.0.2.1:443 *.example.com sh (sh-fallback) persistent 600 mask 255.255.255.0\n"
		    "-sni TCP 192.0.2.1:443 *.example.com\n"
		    "~dest TCP 192.0.2.1:443 sni *.example.com 198.51.100.2:8443 masq weight 2\n"
		    "{\"op\":\"-\",\"type\":\"dest\",\"service\":{\"protocol\":\"tcp\",\"address\":\"192.0.2.1\",\"port\":443},"
		    "\"sni\":{\"name\":\"*.example.com\"},\"dest\":{\"address\":\"198.51.100.2\",\"port\":8443}}");
}

int main(void)
{
	test_errors();
	test_parse();
	test_print();
	return tap_done();
}
