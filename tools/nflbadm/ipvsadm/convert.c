// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipvsadm/convert.c: the ipvsadm parser's second pass (ipvsadm/parse.c walks
 * argv first): which options each command allows and needs, and their
 * arguments converted into libnflb structs once the whole line is known.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

#define MAX_TIMEOUT		(86400U * 31)	/* ipvsadm's: 31 days */
#define DEF_PERSIST_TIMEOUT	360U		/* ipvsadm's: 6 minutes */
#define MAX_THRESHOLD		2147483647U
#define MAX_WEIGHT		65535U

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

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
				 SNI_OPTS | B(S_SRC_RANGES),
				 B(S_SERVICE) },
	[NFLBADM_OP_EDIT_SVC] = { SVC_OPTS | B(S_SCHED) | B(S_PERSIST) |
				  B(S_NETMASK) | B(S_SCHED_FLAGS) | B(S_OPS) |
				  SNI_OPTS | B(S_SRC_RANGES),
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
	const char *sched = NULL, *first = NULL, *p = list, *need;
	size_t first_len = 0;

	if (st->present & B(S_SCHED))
		sched = req->svc.sched;
	else if (st->op == NFLBADM_OP_ADD_SVC)
		sched = "wlc";
	for (;;) {
		size_t len = strcspn(p, ",");
		uint32_t flag;

		if (!len)
			return nflbadm_fail(st, "empty scheduler flag in '%s'", list);
		flag = nflb_sched_flag_parse(p, len, &need);
		if (!flag) {
			if (len == 6 && !strncmp(p, "flag-", 5) &&
			    p[5] >= '1' && p[5] <= '3')
				return nflbadm_fail(st, "scheduler flag '%.*s' is not supported by nflb (use sh-fallback, sh-port, mh-fallback or mh-port)",
					    (int)len, p);
			return nflbadm_fail(st, "invalid scheduler flag '%.*s' (sh-fallback, sh-port, mh-fallback, mh-port)",
				    (int)len, p);
		}
		if (sched && strcmp(sched, need))
			return nflbadm_fail(st, "scheduler flag '%.*s' needs scheduler '%s', not '%s'",
				    (int)len, p, need, sched);
		if (first && strncmp(first, p, 2))
			return nflbadm_fail(st, "scheduler flags '%.*s' and '%.*s' are for different schedulers",
				    (int)first_len, first, (int)len, p);
		if (!first) {
			first = p;
			first_len = len;
		}
		req->svc.flags |= flag;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

/*
 * --source-ranges 192.0.2.0/24,198.51.100.7: the whole list, prefixes of
 * the service's family, host bits clear, each once; "any" for none (every
 * client, which clears the list with -E).
 */
static int convert_src_ranges(struct pstate *st, struct nflbadm_req *req)
{
	struct nflb_service *svc = &req->svc;
	const struct seen *sn = &st->s[S_SRC_RANGES];
	char buf[NFLB_PREFIX_STRLEN];
	const char *p, *why;
	unsigned int i;
	size_t len;
	uint16_t af;

	if (!(st->present & B(S_SRC_RANGES)))
		return 0;
	if (st->present & B(S_SNI))
		return nflbadm_fail(st, "option '%s' is a service's, not an SNI rule's",
			    sn->spell);
	svc->set |= NFLB_SVC_SET_SRC_RANGES;
	if (!strcmp(sn->arg, "any"))
		return 0;
	for (p = sn->arg;; p += len + 1) {
		struct nflb_prefix *pf = &svc->src_ranges[svc->nsrc_ranges];

		len = strcspn(p, ",");
		if (svc->nsrc_ranges == NFLB_MAX_SOURCE_RANGES)
			return nflbadm_fail(st, "too many source ranges (at most %d)",
				    NFLB_MAX_SOURCE_RANGES);
		if (len >= sizeof(buf))
			return nflbadm_fail(st, "invalid source range '%.*s...': not an address or prefix",
				    (int)sizeof(buf) - 1, p);
		memcpy(buf, p, len);
		buf[len] = '\0';
		why = nflb_prefix_parse(buf, &af, pf);
		if (why)
			return nflbadm_fail(st, "invalid source range '%s': %s",
				    buf, why);
		if (af != svc->af)
			return nflbadm_fail(st, "source range '%s' is %s but the service is %s%s",
				    buf, af_name(af), af_name(svc->af),
				    svc->fwmark && af == AF_INET6 ?
				    " (add -6 for an IPv6 fwmark service)" : "");
		for (i = 0; i < svc->nsrc_ranges; i++)
			if (svc->src_ranges[i].len == pf->len &&
			    nflb_addr_same(af, &svc->src_ranges[i].addr,
					   &pf->addr))
				return nflbadm_fail(st, "source range '%s' given twice",
					    buf);
		svc->nsrc_ranges++;
		if (!p[len])
			return 0;
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
	if (convert_src_ranges(st, req))
		return -1;
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
	static const unsigned int attrs[3] = {
		NFLB_CONFIG_A_TCP_TIMEOUT, NFLB_CONFIG_A_TCPFIN_TIMEOUT,
		NFLB_CONFIG_A_UDP_TIMEOUT,
	};
	unsigned long v;
	int i;

	for (i = 0; i < 3; i++) {
		if (!parse_uint(st->positional[i], 0, MAX_TIMEOUT, &v))
			return nflbadm_fail(st, "invalid timeout '%s' for '%s' (0-%u)",
				    st->positional[i], st->op_spell, MAX_TIMEOUT);
		cfg->val[attrs[i]] = (uint32_t)v;
		if (v)
			cfg->have |= NFLB_CONFIG_BIT(attrs[i]);
	}
	return 0;
}

int nflbadm_convert(struct pstate *st, struct nflbadm_req *req)
{
	size_t i;

	if (check_options(st) || convert_service(st, req) ||
	    convert_service_settings(st, req) || convert_dest(st, req))
		return -1;
	if (st->op == NFLBADM_OP_SET && convert_set(st, &req->cfg))
		return -1;
	for (i = 0; i < ARRAY_SIZE(list_bits); i++)
		if (st->present & B(list_bits[i].slot))
			req->list |= list_bits[i].bit;
	return 0;
}
