// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipvsadm.c: parse ipvsadm's command-line syntax into libnflb structs.
 *
 * Two passes.  The first walks argv (hand-rolled, so it is re-entrant for
 * -R) and records, per setting ("slot"), the option as typed and its
 * argument.  The second checks which options the command allows and
 * converts the arguments, when the whole line is known: -M depends on the
 * address family, -b on the scheduler, -r on the service.  See ipvsadm.h
 * for the syntax and the choices made.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvsadm_int.h"

#define MAX_TIMEOUT		(86400U * 31)	/* ipvsadm's: 31 days */
#define DEF_PERSIST_TIMEOUT	360U		/* ipvsadm's: 6 minutes */
#define MAX_THRESHOLD		2147483647U
#define MAX_WEIGHT		65535U
#define LINE_MAX_CHARS		4096
#define LINE_MAX_WORDS		128

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum arg_kind { ARG_NONE, ARG_REQUIRED, ARG_OPTIONAL };

struct opt {
	const char *sname;	/* "-A", or NULL */
	const char *lname;	/* "--add-service", or NULL */
	enum arg_kind arg;
	enum nflbadm_op op;	/* a command, or NFLBADM_OP_NONE */
	int slot;		/* for an option: S_*; -1 otherwise */
	int value;		/* protocol of -t/-u, method of -g/-i/-m */
	const char *refused;	/* why nflb lacks it (refused as soon as seen) */
};

#define CMD(s, l, o)		{ s, l, ARG_NONE, o, -1, 0, NULL }
#define OPT(s, l, a, sl, v)	{ s, l, a, NFLBADM_OP_NONE, sl, v, NULL }
#define NOPE(l, why)		{ NULL, l, ARG_NONE, NFLBADM_OP_NONE, -1, 0, why }

static const struct opt opts[] = {
	CMD("-A", "--add-service", NFLBADM_OP_ADD_SVC),
	CMD("-E", "--edit-service", NFLBADM_OP_EDIT_SVC),
	CMD("-D", "--delete-service", NFLBADM_OP_DEL_SVC),
	CMD("-C", "--clear", NFLBADM_OP_CLEAR),
	CMD("-R", "--restore", NFLBADM_OP_RESTORE),
	CMD("-S", "--save", NFLBADM_OP_SAVE),
	CMD("-a", "--add-server", NFLBADM_OP_ADD_DEST),
	CMD("-e", "--edit-server", NFLBADM_OP_EDIT_DEST),
	CMD("-d", "--delete-server", NFLBADM_OP_DEL_DEST),
	CMD("-L", "--list", NFLBADM_OP_LIST),
	CMD("-l", NULL, NFLBADM_OP_LIST),
	CMD("-Z", "--zero", NFLBADM_OP_ZERO),
	CMD(NULL, "--set", NFLBADM_OP_SET),
	CMD("-v", "--version", NFLBADM_OP_VERSION),
	CMD("-h", "--help", NFLBADM_OP_HELP),
	OPT("-t", "--tcp-service", ARG_REQUIRED, S_SERVICE, IPPROTO_TCP),
	OPT("-u", "--udp-service", ARG_REQUIRED, S_SERVICE, IPPROTO_UDP),
	OPT("-f", "--fwmark-service", ARG_REQUIRED, S_SERVICE, 0),
	OPT("-6", "--ipv6", ARG_NONE, S_IPV6, 0),
	OPT("-s", "--scheduler", ARG_REQUIRED, S_SCHED, 0),
	OPT("-p", "--persistent", ARG_OPTIONAL, S_PERSIST, 0),
	OPT("-M", "--netmask", ARG_REQUIRED, S_NETMASK, 0),
	OPT("-b", "--sched-flags", ARG_REQUIRED, S_SCHED_FLAGS, 0),
	OPT("-o", "--ops", ARG_NONE, S_OPS, 0),
	OPT("-r", "--real-server", ARG_REQUIRED, S_REAL, 0),
	OPT("-g", "--gatewaying", ARG_NONE, S_FWD, NFLB_FWD_DR),
	OPT("-i", "--ipip", ARG_NONE, S_FWD, NFLB_FWD_TUN),
	OPT("-m", "--masquerading", ARG_NONE, S_FWD, NFLB_FWD_NAT),
	OPT("-w", "--weight", ARG_REQUIRED, S_WEIGHT, 0),
	OPT("-x", "--u-threshold", ARG_REQUIRED, S_UTHRESH, 0),
	OPT("-y", "--l-threshold", ARG_REQUIRED, S_LTHRESH, 0),
	OPT(NULL, "--tun-type", ARG_REQUIRED, S_TUN_TYPE, 0),
	OPT(NULL, "--health", ARG_REQUIRED, S_HEALTH, 0),
	OPT(NULL, "--sni", ARG_REQUIRED, S_SNI, 0),
	OPT(NULL, "--sni-mode", ARG_OPTIONAL, S_SNI_MODE, 0),
	OPT(NULL, "--sni-default", ARG_REQUIRED, S_SNI_DEFAULT, 0),
	OPT("-n", "--numeric", ARG_NONE, S_NUMERIC, 0),
	OPT("-c", "--connection", ARG_NONE, S_CONN, 0),
	OPT(NULL, "--stats", ARG_NONE, S_STATS, 0),
	OPT(NULL, "--rate", ARG_NONE, S_RATE, 0),
	OPT("-X", "--exact", ARG_NONE, S_EXACT, 0),
	OPT(NULL, "--thresholds", ARG_NONE, S_THRESHOLDS, 0),
	OPT(NULL, "--persistent-conn", ARG_NONE, S_PCONN, 0),
	OPT(NULL, "--timeout", ARG_NONE, S_TIMEOUT, 0),
	OPT(NULL, "--sort", ARG_NONE, S_SORT, 0),
	OPT(NULL, "--nosort", ARG_NONE, S_NOSORT, 0),
	OPT(NULL, "--tun-info", ARG_NONE, S_TUNINFO, 0),
	OPT("-j", "--json", ARG_NONE, S_JSON, 0),
	NOPE("--sctp-service", "no SCTP services"),
	NOPE("--pe", "no persistence engines"),
	NOPE("--tun-port", "only ipip tunnels"),
	NOPE("--tun-nocsum", "only ipip tunnels"),
	NOPE("--tun-csum", "only ipip tunnels"),
	NOPE("--tun-remcsum", "only ipip tunnels"),
	NOPE("--start-daemon", "no connection synchronisation"),
	NOPE("--stop-daemon", "no connection synchronisation"),
	NOPE("--daemon", "no connection synchronisation"),
	NOPE("--syncid", "no connection synchronisation"),
	NOPE("--sync-maxlen", "no connection synchronisation"),
	NOPE("--mcast-interface", "no connection synchronisation"),
	NOPE("--mcast-group", "no connection synchronisation"),
	NOPE("--mcast-port", "no connection synchronisation"),
	NOPE("--mcast-ttl", "no connection synchronisation"),
};

#define SVC_OPTS	(B(S_SERVICE) | B(S_IPV6) | B(S_SNI))
#define LIST_OPTS	(B(S_NUMERIC) | B(S_CONN) | B(S_STATS) | B(S_RATE) | \
			 B(S_EXACT) | B(S_THRESHOLDS) | B(S_PCONN) | \
			 B(S_TIMEOUT) | B(S_SORT) | B(S_NOSORT) | \
			 B(S_TUNINFO) | B(S_JSON))

/* Per command: the options it takes, and those it needs (ipvsadm's table). */
static const struct {
	unsigned int allowed, required;
} cmd_opts[] = {
	[NFLBADM_OP_ADD_SVC] = { SVC_OPTS | B(S_SCHED) | B(S_PERSIST) |
				 B(S_NETMASK) | B(S_SCHED_FLAGS) | B(S_OPS) |
				 SNI_OPTS,
				 B(S_SERVICE) },
	[NFLBADM_OP_EDIT_SVC] = { SVC_OPTS | B(S_SCHED) | B(S_PERSIST) |
				  B(S_NETMASK) | B(S_SCHED_FLAGS) | B(S_OPS) |
				  SNI_OPTS,
				  B(S_SERVICE) },
	[NFLBADM_OP_DEL_SVC] = { SVC_OPTS, B(S_SERVICE) },
	[NFLBADM_OP_CLEAR] = { 0, 0 },
	[NFLBADM_OP_RESTORE] = { 0, 0 },
	[NFLBADM_OP_SAVE] = { B(S_NUMERIC), 0 },
	[NFLBADM_OP_ADD_DEST] = { SVC_OPTS | B(S_REAL) | B(S_FWD) |
				  B(S_WEIGHT) | B(S_UTHRESH) | B(S_LTHRESH) |
				  B(S_TUN_TYPE) | B(S_HEALTH),
				  B(S_SERVICE) | B(S_REAL) },
	[NFLBADM_OP_EDIT_DEST] = { SVC_OPTS | B(S_REAL) | B(S_FWD) |
				   B(S_WEIGHT) | B(S_UTHRESH) | B(S_LTHRESH) |
				   B(S_TUN_TYPE) | B(S_HEALTH),
				   B(S_SERVICE) | B(S_REAL) },
	[NFLBADM_OP_DEL_DEST] = { SVC_OPTS | B(S_REAL),
				  B(S_SERVICE) | B(S_REAL) },
	[NFLBADM_OP_LIST] = { B(S_SERVICE) | B(S_IPV6) | LIST_OPTS, 0 },
	[NFLBADM_OP_ZERO] = { B(S_SERVICE) | B(S_IPV6), 0 },
	[NFLBADM_OP_SET] = { 0, 0 },
	[NFLBADM_OP_VERSION] = { 0, 0 },
	[NFLBADM_OP_HELP] = { 0, 0 },
};

/*
 * Pairs of option sets that exclude each other in a listing.  -c with a
 * service (one service's connections) is nflb's; ipvsadm has no such list.
 */
static const struct {
	unsigned int a, b;
} list_conflicts[] = {
	{ B(S_CONN), B(S_TIMEOUT) },
	{ B(S_SERVICE), B(S_TIMEOUT) },
	{ B(S_CONN) | B(S_TIMEOUT),
	  B(S_STATS) | B(S_RATE) | B(S_THRESHOLDS) | B(S_TUNINFO) },
	{ B(S_TIMEOUT), B(S_PCONN) },
	{ B(S_SORT), B(S_NOSORT) },
};

static const struct {
	int slot;
	unsigned int bit;
} list_bits[] = {
	{ S_NUMERIC, NFLBADM_LIST_NUMERIC },
	{ S_CONN, NFLBADM_LIST_CONNS },
	{ S_STATS, NFLBADM_LIST_STATS },
	{ S_RATE, NFLBADM_LIST_RATE },
	{ S_EXACT, NFLBADM_LIST_EXACT },
	{ S_THRESHOLDS, NFLBADM_LIST_THRESHOLDS },
	{ S_PCONN, NFLBADM_LIST_PERSISTENT },
	{ S_TIMEOUT, NFLBADM_LIST_TIMEOUT },
	{ S_SORT, NFLBADM_LIST_SORT },
	{ S_NOSORT, NFLBADM_LIST_NOSORT },
	{ S_TUNINFO, NFLBADM_LIST_TUNINFO },
	{ S_JSON, NFLBADM_LIST_JSON },
};

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* A plain decimal number in [min, max]; no sign, blanks or base prefix. */
static bool parse_uint(const char *s, unsigned long min, unsigned long max,
		       unsigned long *out)
{
	unsigned long v = 0;

	if (!all_digits(s) || strlen(s) > 10)
		return false;
	for (; *s; s++)
		v = v * 10 + (unsigned long)(*s - '0');
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* --- pass 1: walk argv ------------------------------------------------ */

static int record(struct pstate *st, const struct opt *o, const char *spell,
		  const char *arg, int pos)
{
	struct seen *sn;

	if (o->refused)
		return nflbadm_fail(st, "option '%s' is not supported by nflb (%s)",
			    spell, o->refused);
	if (o->op != NFLBADM_OP_NONE) {
		if (st->op != NFLBADM_OP_NONE)
			return nflbadm_fail(st, "more than one command: '%s' and '%s'",
				    st->op_spell, spell);
		st->op = o->op;
		st->op_spell = spell;
		return 0;
	}
	sn = &st->s[o->slot];
	if (st->present & B(o->slot)) {
		if (o->slot == S_SERVICE)
			return nflbadm_fail(st, "more than one service: '%s' and '%s'",
				    sn->spell, spell);
		if (o->slot == S_FWD)
			return nflbadm_fail(st, "more than one forwarding method: '%s' and '%s'",
				    sn->spell, spell);
		return nflbadm_fail(st, "option '%s' given twice", spell);
	}
	st->present |= B(o->slot);
	sn->spell = spell;
	sn->arg = arg;
	sn->value = o->value;
	sn->pos = pos;
	return 0;
}

static const struct opt *find_long(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts); i++)
		if (opts[i].lname && strlen(opts[i].lname) == len + 2 &&
		    !strncmp(opts[i].lname + 2, name, len))
			return &opts[i];
	return NULL;
}

static const struct opt *find_short(char c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts); i++)
		if (opts[i].sname && opts[i].sname[1] == c)
			return &opts[i];
	return NULL;
}

static int walk_long(struct pstate *st, int argc, char **argv, int *i)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct opt *o = find_long(name, len);
	const char *arg = NULL;
	int pos = *i;

	if (!o)
		return nflbadm_fail(st, "unknown option '--%.*s'", (int)len, name);
	if (o->refused)
		return record(st, o, o->lname, NULL, pos);
	if (eq) {
		if (o->arg == ARG_NONE)
			return nflbadm_fail(st, "option '%s' takes no argument",
				    o->lname);
		arg = eq + 1;
	} else if (o->arg == ARG_REQUIRED) {
		if (*i + 1 >= argc)
			return nflbadm_fail(st, "option '%s' needs an argument",
				    o->lname);
		arg = argv[++*i];
	} else if (o->arg == ARG_OPTIONAL && *i + 1 < argc &&
		   argv[*i + 1][0] != '-') {
		arg = argv[++*i];
	}
	return record(st, o, o->lname, arg, pos);
}

/* "-Ln", "-At 10.0.0.1:80", "-w5", "-p" ["600"]. */
static int walk_short(struct pstate *st, int argc, char **argv, int *i)
{
	const char *word = argv[*i], *p;
	int pos = *i;

	for (p = word + 1; *p; p++) {
		const struct opt *o = find_short(*p);
		const char *arg = NULL;

		if (!o) {
			if (strlen(word) > 2)
				return nflbadm_fail(st, "unknown option '-%c' in '%s'",
					    *p, word);
			return nflbadm_fail(st, "unknown option '%s'", word);
		}
		if (o->arg == ARG_NONE) {
			if (record(st, o, o->sname, NULL, pos))
				return -1;
			continue;
		}
		if (p[1]) {
			arg = p + 1;
		} else if (o->arg == ARG_REQUIRED) {
			if (*i + 1 >= argc)
				return nflbadm_fail(st, "option '%s' needs an argument",
					    o->sname);
			arg = argv[++*i];
		} else if (*i + 1 < argc && argv[*i + 1][0] != '-') {
			arg = argv[++*i];
		}
		return record(st, o, o->sname, arg, pos);
	}
	return 0;
}

static int walk(struct pstate *st, int argc, char **argv)
{
	bool options_done = false;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options_done || a[0] != '-' || !a[1]) {
			if (st->npositional < MAX_POSITIONAL)
				st->positional[st->npositional++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			options_done = true;
			continue;
		}
		if (a[1] == '-')
			ret = walk_long(st, argc, argv, &i);
		else
			ret = walk_short(st, argc, argv, &i);
		if (ret)
			return ret;
	}
	return 0;
}

/* --- pass 2: check and convert ----------------------------------------- */

static int check_options(struct pstate *st)
{
	unsigned int allowed = cmd_opts[st->op].allowed;
	unsigned int missing = cmd_opts[st->op].required & ~st->present;
	int bad = nflbadm_first_of(st, ~allowed);
	size_t i;

	if (bad >= 0)
		return nflbadm_fail(st, "option '%s' cannot be used with '%s'",
			    st->s[bad].spell, st->op_spell);
	if (missing & B(S_SERVICE))
		return nflbadm_fail(st, "'%s' needs a service: -t, -u or -f",
			    st->op_spell);
	if (missing & B(S_REAL))
		return nflbadm_fail(st, "'%s' needs a real server: -r", st->op_spell);
	if (st->op == NFLBADM_OP_LIST) {
		for (i = 0; i < ARRAY_SIZE(list_conflicts); i++) {
			int a = nflbadm_first_of(st, list_conflicts[i].a);
			int b = nflbadm_first_of(st, list_conflicts[i].b);

			if (a < 0 || b < 0)
				continue;
			if (st->s[b].pos < st->s[a].pos) {
				int t = a;

				a = b;
				b = t;
			}
			return nflbadm_fail(st, "options '%s' and '%s' cannot be used together",
				    st->s[a].spell, st->s[b].spell);
		}
	}
	if (st->op == NFLBADM_OP_SET) {
		if (st->npositional < 3)
			return nflbadm_fail(st, "'%s' needs 3 timeouts: tcp tcpfin udp",
				    st->op_spell);
		if (st->npositional > 3)
			return nflbadm_fail(st, "unexpected argument '%s'",
				    st->positional[3]);
	} else if (st->npositional) {
		return nflbadm_fail(st, "unexpected argument '%s'", st->positional[0]);
	}
	return 0;
}

enum addr_role { ROLE_SERVICE, ROLE_DEST };

struct addrport {
	uint16_t af;
	union nflb_addr addr;
	bool has_port;
	uint16_t port;
};

static int parse_port(struct pstate *st, const char *tok, const char *port,
		      enum addr_role role, struct addrport *ap)
{
	unsigned long min = role == ROLE_SERVICE ? 1 : 0, v;

	if (!*port)
		return nflbadm_fail(st, "missing port after ':' in '%s'", tok);
	if (!all_digits(port))
		return nflbadm_fail(st, "invalid port '%s' in '%s' (service names are not resolved; give %lu-65535)",
			    port, tok, min);
	if (!parse_uint(port, min, 65535, &v))
		return nflbadm_fail(st, "invalid port '%s' in '%s' (%lu-65535)",
			    port, tok, min);
	ap->has_port = true;
	ap->port = (uint16_t)v;
	return 0;
}

/* "a.b.c.d[:port]", "[v6]:port", "[v6]", "v6". Numeric only. */
static int parse_addrport(struct pstate *st, const char *tok,
			  enum addr_role role, struct addrport *ap)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *port = NULL, *colon;
	size_t len;

	memset(ap, 0, sizeof(*ap));
	if (!*tok)
		return nflbadm_fail(st, "empty address");
	colon = strchr(tok, ':');
	if (tok[0] == '[') {
		const char *end = strchr(tok, ']');

		if (!end)
			return nflbadm_fail(st, "missing ']' in '%s'", tok);
		len = (size_t)(end - tok - 1);
		if (end[1] == ':')
			port = end + 2;
		else if (end[1])
			return nflbadm_fail(st, "expected ':port' after ']' in '%s'", tok);
		if (len < sizeof(host)) {
			memcpy(host, tok + 1, len);
			host[len] = '\0';
		}
		if (len >= sizeof(host) || inet_pton(AF_INET6, host, &ap->addr) != 1)
			return nflbadm_fail(st, "invalid IPv6 address '%.*s' in '%s'",
				    (int)len, tok + 1, tok);
		ap->af = AF_INET6;
	} else if (colon && strchr(colon + 1, ':')) {
		if (inet_pton(AF_INET6, tok, &ap->addr) != 1)
			return nflbadm_fail(st, "invalid IPv6 address '%s' (write [address]:port)",
				    tok);
		ap->af = AF_INET6;
	} else {
		len = colon ? (size_t)(colon - tok) : strlen(tok);
		if (colon)
			port = colon + 1;
		if (len < sizeof(host)) {
			memcpy(host, tok, len);
			host[len] = '\0';
		}
		if (len >= sizeof(host) || inet_pton(AF_INET, host, &ap->addr) != 1) {
			const char *in = colon ? "' in '" : "", *t = colon ? tok : "";

			if (strspn(tok, "0123456789.") >= len)
				return nflbadm_fail(st, "invalid IPv4 address '%.*s%s%s'",
					    (int)len, tok, in, t);
			return nflbadm_fail(st, "invalid address '%.*s%s%s' (host names are not resolved; give a numeric address)",
				    (int)len, tok, in, t);
		}
		ap->af = AF_INET;
	}
	if (port)
		return parse_port(st, tok, port, role, ap);
	return 0;
}

static const char *af_name(unsigned int af)
{
	return af == AF_INET6 ? "IPv6" : "IPv4";
}

static int convert_service(struct pstate *st, struct nflbadm_req *req)
{
	struct nflb_service *svc = &req->svc;
	const struct seen *sn = &st->s[S_SERVICE];
	bool ipv6 = st->present & B(S_IPV6);

	if (!(st->present & B(S_SERVICE))) {
		if (ipv6)
			return nflbadm_fail(st, "option '%s' needs a fwmark service: -f",
				    st->s[S_IPV6].spell);
		return 0;
	}
	req->have_svc = true;
	if (sn->value == 0) {
		unsigned long mark;

		if (!parse_uint(sn->arg, 1, UINT32_MAX, &mark))
			return nflbadm_fail(st, "invalid fwmark '%s' (1-4294967295)",
				    sn->arg);
		svc->fwmark = (uint32_t)mark;
		svc->af = ipv6 ? AF_INET6 : AF_INET;
	} else {
		struct addrport ap;

		if (ipv6)
			return nflbadm_fail(st, "option '%s' is only for fwmark services (-f); '%s' takes the family from the address",
				    st->s[S_IPV6].spell, sn->spell);
		if (parse_addrport(st, sn->arg, ROLE_SERVICE, &ap))
			return -1;
		if (!ap.has_port)
			return nflbadm_fail(st, "service '%s' has no port; nflb services need one (1-65535)",
				    sn->arg);
		svc->af = ap.af;
		svc->addr = ap.addr;
		svc->port = ap.port;
		svc->protocol = (uint8_t)sn->value;
	}
	svc->netmask = svc->af == AF_INET6 ? 128 : 32;
	return 0;
}

static int parse_netmask(struct pstate *st, struct nflb_service *svc,
			 const char *s)
{
	struct in_addr in;
	unsigned long v;
	uint32_t m;

	if (svc->af == AF_INET6) {
		if (!parse_uint(s, 1, 128, &v))
			return nflbadm_fail(st, "invalid IPv6 netmask '%s' (a prefix length, 1-128)",
				    s);
		svc->netmask = (uint8_t)v;
		return 0;
	}
	if (all_digits(s)) {
		if (!parse_uint(s, 0, 32, &v))
			return nflbadm_fail(st, "invalid netmask '%s' (a prefix length 0-32 or a mask like 255.255.255.0)",
				    s);
		svc->netmask = (uint8_t)v;
		return 0;
	}
	if (inet_pton(AF_INET, s, &in) != 1)
		return nflbadm_fail(st, "invalid netmask '%s' (a prefix length 0-32 or a mask like 255.255.255.0)",
			    s);
	m = ntohl(in.s_addr);
	if (m & (~m >> 1))
		return nflbadm_fail(st, "netmask '%s' is not contiguous", s);
	for (v = 0; m; m <<= 1)
		v++;
	svc->netmask = (uint8_t)v;
	return 0;
}

static int parse_sched_flags(struct pstate *st, struct nflbadm_req *req,
			     const char *list)
{
	static const struct {
		const char *name, *sched;
		uint32_t flag;
	} names[] = {
		{ "sh-fallback", "sh", NFLB_SVC_F_SCHED_FALLBACK },
		{ "sh-port", "sh", NFLB_SVC_F_SCHED_PORT },
		{ "mh-fallback", "mh", NFLB_SVC_F_SCHED_FALLBACK },
		{ "mh-port", "mh", NFLB_SVC_F_SCHED_PORT },
	};
	const char *sched = NULL, *first = NULL, *p = list;
	size_t first_len = 0;

	if (st->present & B(S_SCHED))
		sched = req->svc.sched;
	else if (st->op == NFLBADM_OP_ADD_SVC)
		sched = "wlc";
	for (;;) {
		size_t len = strcspn(p, ","), i;

		if (!len)
			return nflbadm_fail(st, "empty scheduler flag in '%s'", list);
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (strlen(names[i].name) == len &&
			    !strncmp(p, names[i].name, len))
				break;
		if (i == ARRAY_SIZE(names)) {
			if (len == 6 && !strncmp(p, "flag-", 5) &&
			    p[5] >= '1' && p[5] <= '3')
				return nflbadm_fail(st, "scheduler flag '%.*s' is not supported by nflb (use sh-fallback, sh-port, mh-fallback or mh-port)",
					    (int)len, p);
			return nflbadm_fail(st, "invalid scheduler flag '%.*s' (sh-fallback, sh-port, mh-fallback, mh-port)",
				    (int)len, p);
		}
		if (sched && strcmp(sched, names[i].sched))
			return nflbadm_fail(st, "scheduler flag '%.*s' needs scheduler '%s', not '%s'",
				    (int)len, p, names[i].sched, sched);
		if (first && strncmp(first, p, 2))
			return nflbadm_fail(st, "scheduler flags '%.*s' and '%.*s' are for different schedulers",
				    (int)first_len, first, (int)len, p);
		if (!first) {
			first = p;
			first_len = len;
		}
		req->svc.flags |= names[i].flag;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

static int convert_service_settings(struct pstate *st, struct nflbadm_req *req)
{
	struct nflb_service *svc = &req->svc;
	unsigned long v;

	if (st->present & B(S_SCHED)) {
		const char *s = st->s[S_SCHED].arg;

		if (!*s)
			return nflbadm_fail(st, "empty scheduler name");
		if (strlen(s) >= sizeof(svc->sched))
			return nflbadm_fail(st, "scheduler name '%s' is too long (at most %zu characters)",
				    s, sizeof(svc->sched) - 1);
		memcpy(svc->sched, s, strlen(s) + 1);
		svc->set |= NFLB_SVC_SET_SCHED;
	}
	if (st->present & B(S_PERSIST)) {
		const char *s = st->s[S_PERSIST].arg;
		unsigned long min = st->op == NFLBADM_OP_EDIT_SVC ? 0 : 1;

		v = DEF_PERSIST_TIMEOUT;
		if (s && !parse_uint(s, min, MAX_TIMEOUT, &v))
			return nflbadm_fail(st, "invalid persistence timeout '%s' (%lu-%u)",
				    s, min, MAX_TIMEOUT);
		if (v)
			svc->flags |= NFLB_SVC_F_PERSISTENT;
		svc->timeout = (uint32_t)v;
		svc->set |= NFLB_SVC_SET_FLAGS | NFLB_SVC_SET_TIMEOUT;
	}
	if (st->present & B(S_NETMASK)) {
		if (parse_netmask(st, svc, st->s[S_NETMASK].arg))
			return -1;
		svc->set |= NFLB_SVC_SET_NETMASK;
	}
	if (st->present & B(S_SCHED_FLAGS)) {
		if (parse_sched_flags(st, req, st->s[S_SCHED_FLAGS].arg))
			return -1;
		svc->set |= NFLB_SVC_SET_FLAGS;
	}
	if (st->present & B(S_OPS)) {
		if (!svc->fwmark && svc->protocol != IPPROTO_UDP)
			return nflbadm_fail(st, "option '%s' (one-packet scheduling) is only for UDP and fwmark services",
				    st->s[S_OPS].spell);
		svc->flags |= NFLB_SVC_F_ONEPACKET;
		svc->set |= NFLB_SVC_SET_FLAGS;
	}
	return nflbadm_convert_sni(st, req);
}

static int convert_dest(struct pstate *st, struct nflbadm_req *req)
{
	const struct nflb_service *svc = &req->svc;
	struct nflb_dest *dest = &req->dest;
	const char *tok = st->s[S_REAL].arg;
	struct addrport ap;
	unsigned long v;
	bool fwd_given = st->present & B(S_FWD);

	if (!(st->present & B(S_REAL)))
		return 0;
	req->have_dest = true;
	if (parse_addrport(st, tok, ROLE_DEST, &ap))
		return -1;
	if (ap.af != svc->af)
		return nflbadm_fail(st, "real server '%s' is %s but the service is %s%s",
			    tok, af_name(ap.af), af_name(svc->af),
			    svc->fwmark && ap.af == AF_INET6 ?
			    " (add -6 for an IPv6 fwmark service)" : "");
	dest->addr = ap.addr;
	dest->port = ap.has_port ? ap.port : svc->port;
	dest->fwd = NFLB_FWD_DR;
	dest->weight = 1;
	dest->tun_type = NFLB_TUN_IPIP;

	if (fwd_given) {
		dest->fwd = (uint8_t)st->s[S_FWD].value;
		dest->set |= NFLB_DEST_SET_FWD;
	} else if (req->have_rule) {
		dest->fwd = NFLB_FWD_NAT;	/* an SNI rule's: NAT only */
	}
	req->fwd_default = !fwd_given && st->op == NFLBADM_OP_ADD_DEST;
	req->dest_port = dest->port;
	/* As ipvsadm: DR and TUN cannot change the port. */
	if (!svc->fwmark && dest->fwd != NFLB_FWD_NAT &&
	    (st->op == NFLBADM_OP_ADD_DEST ||
	     (st->op == NFLBADM_OP_EDIT_DEST && fwd_given)))
		dest->port = svc->port;
	if (st->present & B(S_WEIGHT)) {
		if (!parse_uint(st->s[S_WEIGHT].arg, 0, MAX_WEIGHT, &v))
			return nflbadm_fail(st, "invalid weight '%s' (0-%u)",
				    st->s[S_WEIGHT].arg, MAX_WEIGHT);
		dest->weight = (uint32_t)v;
		dest->set |= NFLB_DEST_SET_WEIGHT;
	}
	if (st->present & B(S_UTHRESH)) {
		if (!parse_uint(st->s[S_UTHRESH].arg, 0, MAX_THRESHOLD, &v))
			return nflbadm_fail(st, "invalid upper threshold '%s' (0-%u)",
				    st->s[S_UTHRESH].arg, MAX_THRESHOLD);
		dest->u_thresh = (uint32_t)v;
		dest->set |= NFLB_DEST_SET_U_THRESH;
	}
	if (st->present & B(S_LTHRESH)) {
		if (!parse_uint(st->s[S_LTHRESH].arg, 0, MAX_THRESHOLD, &v))
			return nflbadm_fail(st, "invalid lower threshold '%s' (0-%u)",
				    st->s[S_LTHRESH].arg, MAX_THRESHOLD);
		dest->l_thresh = (uint32_t)v;
		dest->set |= NFLB_DEST_SET_L_THRESH;
	}
	if ((st->present & B(S_UTHRESH)) && (st->present & B(S_LTHRESH)) &&
	    dest->u_thresh && dest->l_thresh > dest->u_thresh)
		return nflbadm_fail(st, "lower threshold %u is above upper threshold %u",
			    dest->l_thresh, dest->u_thresh);
	if (st->present & B(S_TUN_TYPE)) {
		const char *t = st->s[S_TUN_TYPE].arg;

		if (!strcmp(t, "gue") || !strcmp(t, "gre"))
			return nflbadm_fail(st, "tunnel type '%s' is not supported by nflb (only ipip)",
				    t);
		if (strcmp(t, "ipip"))
			return nflbadm_fail(st, "invalid tunnel type '%s' (ipip)", t);
		if (!fwd_given || dest->fwd != NFLB_FWD_TUN)
			return nflbadm_fail(st, "option '%s' needs -i (tunnelling)",
				    st->s[S_TUN_TYPE].spell);
		dest->tun_type = NFLB_TUN_IPIP;
		dest->set |= NFLB_DEST_SET_TUN_TYPE;
	}
	/* nflb's own: a health checker's up/down, by hand (nflb-healthd.8). */
	if (st->present & B(S_HEALTH)) {
		const char *t = st->s[S_HEALTH].arg;

		if (!strcmp(t, "up"))
			dest->health = NFLB_HEALTH_UP;
		else if (!strcmp(t, "down"))
			dest->health = NFLB_HEALTH_DOWN;
		else
			return nflbadm_fail(st, "invalid health '%s' (up or down)", t);
		snprintf(dest->health_by, sizeof(dest->health_by), "nflbadm");
		dest->set |= NFLB_DEST_SET_HEALTH;
	}
	return 0;
}

static int convert_set(struct pstate *st, struct nflb_config *cfg)
{
	static const uint32_t bits[3] = {
		NFLB_CONFIG_SET_TCP, NFLB_CONFIG_SET_TCPFIN, NFLB_CONFIG_SET_UDP,
	};
	uint32_t *vals[3] = {
		&cfg->tcp_timeout, &cfg->tcpfin_timeout, &cfg->udp_timeout,
	};
	unsigned long v;
	int i;

	for (i = 0; i < 3; i++) {
		if (!parse_uint(st->positional[i], 0, MAX_TIMEOUT, &v))
			return nflbadm_fail(st, "invalid timeout '%s' for '%s' (0-%u)",
				    st->positional[i], st->op_spell, MAX_TIMEOUT);
		*vals[i] = (uint32_t)v;
		if (v)
			cfg->set |= bits[i];
	}
	return 0;
}

int nflbadm_parse(int argc, char **argv, struct nflbadm_req *req,
		  char *err, size_t errlen)
{
	struct pstate st = { .err = err, .errlen = errlen };
	size_t i;

	memset(req, 0, sizeof(*req));
	if (err && errlen)
		err[0] = '\0';
	if (argc <= 1) {
		req->op = NFLBADM_OP_LIST;
		return 0;
	}
	if (walk(&st, argc, argv))
		return -1;
	if (st.op == NFLBADM_OP_NONE)
		return nflbadm_fail(&st, "no command given (one of -A -E -D -C -R -S -a -e -d -L -Z --set -h -v)");
	req->op = st.op;
	if (check_options(&st) || convert_service(&st, req) ||
	    convert_service_settings(&st, req) || convert_dest(&st, req))
		return -1;
	if (st.op == NFLBADM_OP_SET && convert_set(&st, &req->cfg))
		return -1;
	for (i = 0; i < ARRAY_SIZE(list_bits); i++)
		if (st.present & B(list_bits[i].slot))
			req->list |= list_bits[i].bit;
	return 0;
}

int nflbadm_parse_line(const char *line, struct nflbadm_req *req,
		       char *err, size_t errlen)
{
	char buf[LINE_MAX_CHARS];
	char *argv[LINE_MAX_WORDS + 2];
	char prog[] = "nflbadm";
	int argc = 1, first;
	size_t len = strlen(line);
	char *p;

	memset(req, 0, sizeof(*req));
	if (err && errlen)
		err[0] = '\0';
	if (len >= sizeof(buf)) {
		if (err && errlen)
			snprintf(err, errlen, "line too long (at most %zu characters)",
				 sizeof(buf) - 1);
		return -1;
	}
	memcpy(buf, line, len + 1);
	buf[strcspn(buf, "#")] = '\0';		/* as ipvsadm: '#' to the end */
	argv[0] = prog;
	for (p = buf; *p;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (argc > LINE_MAX_WORDS) {
			if (err && errlen)
				snprintf(err, errlen, "too many words in line (at most %d)",
					 LINE_MAX_WORDS);
			return -1;
		}
		argv[argc++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	argv[argc] = NULL;
	first = 1;
	if (argc > 1 && (!strcmp(argv[1], "ipvsadm") ||
			 !strcmp(argv[1], "nflbadm")))
		first = 2;
	if (argc <= first) {
		req->op = NFLBADM_OP_NONE;
		return 0;
	}
	/* Keep argv[0] as the program name: shift the words over the prefix. */
	argv[first - 1] = prog;
	if (nflbadm_parse(argc - first + 1, argv + first - 1, req, err, errlen))
		return -1;
	if (req->op == NFLBADM_OP_RESTORE) {
		if (err && errlen)
			snprintf(err, errlen,
				 "'-R' (--restore) cannot be used in a restore file");
		return -1;
	}
	return 0;
}
