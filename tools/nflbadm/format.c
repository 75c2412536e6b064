// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * format.c: ipvsadm's output formats, printed from libnflb structs.
 *
 * The save (-S) and listing (-L -n) formats are ipvsadm 1.31's, column for
 * column (trailing blanks included), so scripts that read ipvsadm's output
 * read ours.  Addresses and ports are always numeric.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvsadm.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ADDRPORT_LEN	(INET6_ADDRSTRLEN + 8)
#define SVC_NAME_LEN	(ADDRPORT_LEN + 24)

static const char *sched_name(const struct nflb_service *svc)
{
	return svc->sched[0] ? svc->sched : "wlc";
}

/* "10.0.0.1:80", "[2001:db8::1]:80" */
/* @v in decimal at @p, no NUL; returns the end. */
static char *put_uint(char *p, unsigned long v)
{
	char t[24];
	int n = 0;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = t[--n];
	return p;
}

/*
 * By hand, not with snprintf() and inet_ntop(): apply and monitor print a
 * line per change, and a large apply prints a hundred thousand.
 */
static void addrport(char *buf, size_t len, unsigned int af,
		     const union nflb_addr *addr, unsigned int port)
{
	char a[INET6_ADDRSTRLEN + 16], *p = a;
	size_t n;
	int i;

	if (af == AF_INET6) {
		*p++ = '[';
		if (!inet_ntop(AF_INET6, addr, p, INET6_ADDRSTRLEN))
			strcpy(p, "?");
		p += strlen(p);
		*p++ = ']';
	} else {
		for (i = 0; i < 4; i++) {
			if (i)
				*p++ = '.';
			p = put_uint(p, addr->raw[i]);
		}
	}
	*p++ = ':';
	p = put_uint(p, port);
	n = (size_t)(p - a);
	if (!len)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(buf, a, n);
	buf[n] = '\0';
}

/* @v in decimal on @f. */
static void fput_uint(FILE *f, unsigned long v)
{
	char t[24];

	*put_uint(t, v) = '\0';
	fputs(t, f);
}

static const char *proto_name(unsigned int proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	default:
		return "?";
	}
}

/* The service as a save file names it: "-t 10.0.0.1:80", "-f 7 -6". */
static void svc_rule_name(char *buf, size_t len, const struct nflb_service *svc)
{
	char ap[ADDRPORT_LEN];

	if (svc->fwmark) {
		snprintf(buf, len, "-f %" PRIu32 "%s", svc->fwmark,
			 svc->af == AF_INET6 ? " -6" : "");
		return;
	}
	addrport(ap, sizeof(ap), svc->af, &svc->addr, svc->port);
	snprintf(buf, len, "%s %s", svc->protocol == IPPROTO_UDP ? "-u" : "-t",
		 ap);
}

/* The service as a listing names it: "TCP  10.0.0.1:80", "FWM  7 IPv6". */
static void svc_list_name(char *buf, size_t len, const struct nflb_service *svc)
{
	char ap[ADDRPORT_LEN];

	if (svc->fwmark) {
		snprintf(buf, len, "FWM  %" PRIu32 "%s", svc->fwmark,
			 svc->af == AF_INET6 ? " IPv6" : "");
		return;
	}
	addrport(ap, sizeof(ap), svc->af, &svc->addr, svc->port);
	snprintf(buf, len, "%-4s %s", proto_name(svc->protocol), ap);
	if (svc->af != AF_INET6 && len > 33)
		buf[33] = '\0';
}

/* The persistence mask, or NULL when it is the whole address. */
static const char *mask_str(char *buf, size_t len, const struct nflb_service *svc)
{
	struct in_addr m;

	if (svc->af == AF_INET6) {
		if (svc->netmask >= 128)
			return NULL;
		snprintf(buf, len, "%u", svc->netmask);
		return buf;
	}
	if (svc->netmask >= 32)
		return NULL;
	m.s_addr = htonl(svc->netmask ? ~0U << (32 - svc->netmask) : 0);
	if (!inet_ntop(AF_INET, &m, buf, (socklen_t)len))
		return NULL;
	return buf;
}

/* "sh-fallback,sh-port", or "" */
static const char *sched_flags_str(char *buf, size_t len,
				   const struct nflb_service *svc)
{
	const char *pre = strcmp(sched_name(svc), "mh") ? "sh" : "mh";
	bool fb = svc->flags & NFLB_SVC_F_SCHED_FALLBACK;
	bool port = svc->flags & NFLB_SVC_F_SCHED_PORT;

	snprintf(buf, len, "%s%s%s%s%s", fb ? pre : "", fb ? "-fallback" : "",
		 fb && port ? "," : "", port ? pre : "", port ? "-port" : "");
	return buf;
}

/* An SNI rule's settings in a service's struct, for the service printers. */
static void rule_view(const struct nflb_service *svc,
		      const struct nflb_sni_rule *rule, struct nflb_service *r)
{
	*r = *svc;
	memcpy(r->sched, rule->sched, sizeof(r->sched));
	r->flags = rule->flags;
	r->timeout = rule->timeout;
	r->netmask = rule->netmask;
	r->num_dests = rule->num_dests;
	r->stats = rule->stats;
}

static const char *sni_default_name(const struct nflb_service *svc)
{
	return svc->sni_default == NFLB_SNI_DEFAULT_RESET ? "reset" : "servers";
}

/* -A, of a service or with @rule of one of its SNI rules. */
static void save_service(FILE *f, const struct nflb_service *svc,
			 const char *rule)
{
	char name[SVC_NAME_LEN], mask[INET_ADDRSTRLEN], flags[32];

	svc_rule_name(name, sizeof(name), svc);
	fprintf(f, "-A %s%s%s -s %s", name, rule ? " --sni " : "",
		rule ? rule : "", sched_name(svc));
	if (svc->flags & NFLB_SVC_F_PERSISTENT) {
		fprintf(f, " -p %" PRIu32, svc->timeout);
		if (mask_str(mask, sizeof(mask), svc))
			fprintf(f, " -M %s", mask);
	}
	if (svc->flags & NFLB_SVC_F_ONEPACKET)
		fputs(" -o", f);
	if (*sched_flags_str(flags, sizeof(flags), svc))
		fprintf(f, " -b %s", flags);
	if (!rule && (svc->flags & NFLB_SVC_F_SNI)) {
		fputs(" --sni-mode", f);
		if (svc->sni_default != NFLB_SNI_DEFAULT_SERVERS)
			fprintf(f, " --sni-default %s", sni_default_name(svc));
	}
	fputc('\n', f);
}

void nflbadm_print_save_service(FILE *f, const struct nflb_service *svc)
{
	save_service(f, svc, NULL);
}

void nflbadm_print_save_rule(FILE *f, const struct nflb_service *svc,
			     const struct nflb_sni_rule *rule)
{
	struct nflb_service r;

	rule_view(svc, rule, &r);
	save_service(f, &r, rule->name);
}

static const char *fwd_switch(unsigned int fwd)
{
	switch (fwd) {
	case NFLB_FWD_NAT:
		return "-m";
	case NFLB_FWD_TUN:
		return "-i";
	default:
		return "-g";
	}
}

static const char *fwd_name(unsigned int fwd)
{
	switch (fwd) {
	case NFLB_FWD_NAT:
		return "Masq";
	case NFLB_FWD_TUN:
		return "Tunnel";
	case NFLB_FWD_DR:
		return "Route";
	default:
		return "?";
	}
}

static const char *tun_name(unsigned int type)
{
	return type == NFLB_TUN_IPIP ? "ipip" : "?";
}

void nflbadm_print_save_rule_dest(FILE *f, const struct nflb_service *svc,
				  const char *rule,
				  const struct nflb_dest *dest)
{
	char name[SVC_NAME_LEN], ap[ADDRPORT_LEN];

	svc_rule_name(name, sizeof(name), svc);
	addrport(ap, sizeof(ap), svc->af, &dest->addr, dest->port);
	fprintf(f, "-a %s%s%s -r %s %s -w %" PRIu32, name,
		rule ? " --sni " : "", rule ? rule : "", ap,
		fwd_switch(dest->fwd), dest->weight);
	if (dest->u_thresh)
		fprintf(f, " -x %" PRIu32, dest->u_thresh);
	if (dest->l_thresh)
		fprintf(f, " -y %" PRIu32, dest->l_thresh);
	if (dest->fwd == NFLB_FWD_TUN)
		fprintf(f, " --tun-type %s", tun_name(dest->tun_type));
	fputc('\n', f);
}

void nflbadm_print_save_dest(FILE *f, const struct nflb_service *svc,
			     const struct nflb_dest *dest)
{
	nflbadm_print_save_rule_dest(f, svc, NULL, dest);
}

/* ipvsadm's counters: 9 columns, K/M/G/T above 100 million unless exact. */
static void largenum(FILE *f, unsigned int list, uint64_t v)
{
	unsigned long long i = v;

	if (list & NFLBADM_LIST_EXACT) {
		char tmp[32];
		int len = snprintf(tmp, sizeof(tmp), "%llu", i);

		fprintf(f, "%*llu", len <= 8 ? 9 : len + 1, i);
	} else if (i < 100000000ULL) {
		fprintf(f, "%9llu", i);
	} else if (i < 1000000000ULL) {
		fprintf(f, "%8lluK", i / 1000);
	} else if (i < 100000000000ULL) {
		fprintf(f, "%8lluM", i / 1000000);
	} else if (i < 100000000000000ULL) {
		fprintf(f, "%8lluG", i / 1000000000ULL);
	} else {
		fprintf(f, "%8lluT", i / 1000000000000ULL);
	}
}

void nflbadm_print_list_header(FILE *f, unsigned int list, const char *version,
			       unsigned int table_size)
{
	static const char prot[] = "Prot LocalAddress:Port";
	static const char remote[] = "  -> RemoteAddress:Port\n";

	if (version)
		fprintf(f, "IP Virtual Server version %s (size=%u)\n", version,
			table_size);
	if (list & NFLBADM_LIST_STATS)
		fprintf(f, "%-33s %8s %8s %8s %8s %8s\n%s", prot, "Conns",
			"InPkts", "OutPkts", "InBytes", "OutBytes", remote);
	else if (list & NFLBADM_LIST_RATE)
		fprintf(f, "%-33s %8s %8s %8s %8s %8s\n%s", prot, "CPS",
			"InPPS", "OutPPS", "InBPS", "OutBPS", remote);
	else if (list & NFLBADM_LIST_THRESHOLDS)
		fprintf(f, "%-33s %-10s %-10s %-10s %-10s\n%s", prot,
			"Uthreshold", "Lthreshold", "ActiveConn", "InActConn",
			remote);
	else if (list & NFLBADM_LIST_PERSISTENT)
		fprintf(f, "%-33s %-9s %-11s %-10s %-10s\n%s", prot, "Weight",
			"PersistConn", "ActiveConn", "InActConn", remote);
	else if (list & NFLBADM_LIST_TUNINFO)
		fputs("Prot LocalAddress:Port Scheduler Flags\n"
		      "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n",
		      f);
	else
		fputs("Prot LocalAddress:Port Scheduler Flags\n"
		      "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n",
		      f);
}

static void stats5(FILE *f, unsigned int list, const struct nflb_stats *s)
{
	if (list & NFLBADM_LIST_STATS) {
		largenum(f, list, s->conns);
		largenum(f, list, s->pkts_in);
		largenum(f, list, s->pkts_out);
		largenum(f, list, s->bytes_in);
		largenum(f, list, s->bytes_out);
	} else {
		largenum(f, list, s->cps);
		largenum(f, list, s->pps_in);
		largenum(f, list, s->pps_out);
		largenum(f, list, s->bps_in);
		largenum(f, list, s->bps_out);
	}
}

/* A service's or SNI rule's line, @name its first column. */
static void list_line(FILE *f, unsigned int list, const char *name,
		      const struct nflb_service *svc, bool rule)
{
	char mask[INET_ADDRSTRLEN], flags[32];

	if (list & (NFLBADM_LIST_STATS | NFLBADM_LIST_RATE)) {
		fprintf(f, "%-33s", name);
		stats5(f, list, &svc->stats);
		fputc('\n', f);
		return;
	}
	fprintf(f, "%s %s", name, sched_name(svc));
	if (*sched_flags_str(flags, sizeof(flags), svc))
		fprintf(f, " (%s)", flags);
	if (svc->flags & NFLB_SVC_F_PERSISTENT) {
		fprintf(f, " persistent %" PRIu32, svc->timeout);
		if (mask_str(mask, sizeof(mask), svc))
			fprintf(f, " mask %s", mask);
	}
	if (svc->flags & NFLB_SVC_F_ONEPACKET)
		fputs(" ops", f);
	if (!rule && (svc->flags & NFLB_SVC_F_SNI))
		fprintf(f, " sni default %s", sni_default_name(svc));
	fputc('\n', f);
}

void nflbadm_print_list_service(FILE *f, unsigned int list,
				const struct nflb_service *svc)
{
	char name[SVC_NAME_LEN];

	svc_list_name(name, sizeof(name), svc);
	list_line(f, list, name, svc, false);
}

void nflbadm_print_list_rule(FILE *f, unsigned int list,
			     const struct nflb_service *svc,
			     const struct nflb_sni_rule *rule)
{
	char name[NFLB_SNI_RULE_NAME_SIZE + 8];
	struct nflb_service r;

	rule_view(svc, rule, &r);
	snprintf(name, sizeof(name), "  SNI  %s", rule->name);
	list_line(f, list, name, &r, true);
}

void nflbadm_print_list_dest(FILE *f, unsigned int list,
			     const struct nflb_service *svc,
			     const struct nflb_dest *dest)
{
	char name[ADDRPORT_LEN];
	const struct nflb_stats *s = &dest->stats;

	addrport(name, sizeof(name), svc->af, &dest->addr, dest->port);
	if (svc->af != AF_INET6)
		name[28] = '\0';
	fprintf(f, "  -> %-28s", name);
	if (list & NFLBADM_LIST_STATS) {
		stats5(f, list, s);
	} else if (list & NFLBADM_LIST_RATE) {
		fprintf(f, " %8" PRIu64 " %8" PRIu64 " %8" PRIu64, s->cps,
			s->pps_in, s->pps_out);
		largenum(f, list, s->bps_in);
		largenum(f, list, s->bps_out);
	} else if (list & NFLBADM_LIST_THRESHOLDS) {
		fprintf(f, " %-10" PRIu32 " %-10" PRIu32 " %-10" PRIu32
			" %-10" PRIu32, dest->u_thresh, dest->l_thresh,
			dest->active_conns, dest->inact_conns);
	} else if (list & NFLBADM_LIST_PERSISTENT) {
		fprintf(f, " %-9" PRIu32 " %-11" PRIu32 " %-10" PRIu32
			" %-10" PRIu32, dest->weight, dest->persist_conns,
			dest->active_conns, dest->inact_conns);
	} else if (list & NFLBADM_LIST_TUNINFO) {
		fprintf(f, " %-7s %-13s %-6" PRIu32 " %-10" PRIu32 " %-10"
			PRIu32, fwd_name(dest->fwd),
			dest->fwd == NFLB_FWD_TUN ? tun_name(dest->tun_type) :
			"n/a", dest->weight, dest->active_conns,
			dest->inact_conns);
	} else {
		fprintf(f, " %-7s %-6" PRIu32 " %-10" PRIu32 " %-10" PRIu32,
			fwd_name(dest->fwd), dest->weight,
			dest->active_conns, dest->inact_conns);
	}
	/* ipvsadm has no health: the line changes only for a down server. */
	if (dest->health == NFLB_HEALTH_DOWN)
		fprintf(f, " down%s%s", dest->health_by[0] ? " by " : "",
			dest->health_by);
	fputc('\n', f);
}

void nflbadm_print_timeout(FILE *f, const struct nflb_config *cfg)
{
	fprintf(f, "Timeout (tcp tcpfin udp): %" PRIu32 " %" PRIu32 " %"
		PRIu32 "\n", cfg->tcp_timeout, cfg->tcpfin_timeout,
		cfg->udp_timeout);
}

/* --- JSON ---------------------------------------------------------------- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_addr(FILE *f, unsigned int af, const union nflb_addr *addr)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(af == AF_INET6 ? AF_INET6 : AF_INET, addr, a, sizeof(a)))
		strcpy(a, "?");
	json_str(f, a);
}

static void json_stats(FILE *f, const struct nflb_stats *s)
{
	fprintf(f, "\"stats\":{\"conns\":%" PRIu64 ",\"pkts_in\":%" PRIu64
		",\"pkts_out\":%" PRIu64 ",\"bytes_in\":%" PRIu64
		",\"bytes_out\":%" PRIu64 ",\"cps\":%" PRIu64 ",\"pps_in\":%"
		PRIu64 ",\"pps_out\":%" PRIu64 ",\"bps_in\":%" PRIu64
		",\"bps_out\":%" PRIu64 "}", s->conns, s->pkts_in, s->pkts_out,
		s->bytes_in, s->bytes_out, s->cps, s->pps_in, s->pps_out,
		s->bps_in, s->bps_out);
}

static void json_dest(FILE *f, const struct nflb_service *svc,
		      const struct nflb_dest *d)
{
	static const char * const fwd[] = {
		[NFLB_FWD_NAT] = "masq", [NFLB_FWD_DR] = "route",
		[NFLB_FWD_TUN] = "tunnel",
	};

	fputs("{\"address\":", f);
	json_addr(f, svc->af, &d->addr);
	fprintf(f, ",\"port\":%u,\"forward\":\"%s\"", d->port,
		d->fwd <= NFLB_FWD_MAX ? fwd[d->fwd] : "?");
	if (d->fwd == NFLB_FWD_TUN)
		fprintf(f, ",\"tun_type\":\"%s\"", tun_name(d->tun_type));
	fprintf(f, ",\"weight\":%" PRIu32 ",\"u_threshold\":%" PRIu32
		",\"l_threshold\":%" PRIu32 ",\"active_conns\":%" PRIu32
		",\"inactive_conns\":%" PRIu32 ",\"persistent_conns\":%" PRIu32
		",", d->weight, d->u_thresh, d->l_thresh, d->active_conns,
		d->inact_conns, d->persist_conns);
	fprintf(f, "\"health\":\"%s\",\"health_by\":",
		d->health == NFLB_HEALTH_DOWN ? "down" : "up");
	json_str(f, d->health_by);
	fprintf(f, ",\"health_age\":%" PRIu32 ",", d->health_age);
	json_stats(f, &d->stats);
	fputc('}', f);
}

/* {"family", and "fwmark" or "protocol", "address", "port"; open. */
static void json_svc_id(FILE *f, const struct nflb_service *svc)
{
	fprintf(f, "{\"family\":\"%s\",",
		svc->af == AF_INET6 ? "inet6" : "inet");
	if (svc->fwmark) {
		fprintf(f, "\"fwmark\":%" PRIu32, svc->fwmark);
	} else {
		fprintf(f, "\"protocol\":\"%s\",\"address\":",
			svc->protocol == IPPROTO_UDP ? "udp" : "tcp");
		json_addr(f, svc->af, &svc->addr);
		fprintf(f, ",\"port\":%u", svc->port);
	}
}

/* "scheduler", "flags", "timeout", "netmask", "stats" and "dests". */
static void json_sched_dests(FILE *f, const struct nflb_service *svc,
			     const struct nflb_dest *dests, size_t ndests)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} flags[] = {
		{ NFLB_SVC_F_PERSISTENT, "persistent" },
		{ NFLB_SVC_F_ONEPACKET, "one-packet" },
		{ NFLB_SVC_F_SCHED_FALLBACK, "sched-fallback" },
		{ NFLB_SVC_F_SCHED_PORT, "sched-port" },
	};
	const char *sep = "";
	size_t i;

	fputs("\"scheduler\":", f);
	json_str(f, sched_name(svc));
	fputs(",\"flags\":[", f);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		if (!(svc->flags & flags[i].flag))
			continue;
		fprintf(f, "%s\"%s\"", sep, flags[i].name);
		sep = ",";
	}
	fprintf(f, "],\"timeout\":%" PRIu32 ",\"netmask\":%u,",
		svc->timeout, svc->netmask);
	json_stats(f, &svc->stats);
	fputs(",\"dests\":[", f);
	for (i = 0; i < ndests; i++) {
		if (i)
			fputc(',', f);
		json_dest(f, svc, &dests[i]);
	}
	fputc(']', f);
}

void nflbadm_print_json_service(FILE *f, const struct nflb_service *svc,
				const struct nflb_dest *dests, size_t ndests)
{
	nflbadm_print_json_service_sni(f, svc, dests, ndests, NULL, 0);
}

void nflbadm_print_json_service_sni(FILE *f, const struct nflb_service *svc,
				    const struct nflb_dest *dests,
				    size_t ndests,
				    const struct nflbadm_rule *rules,
				    size_t nrules)
{
	struct nflb_service r;
	size_t i;

	json_svc_id(f, svc);
	fputc(',', f);
	json_sched_dests(f, svc, dests, ndests);
	if (svc->flags & NFLB_SVC_F_SNI) {
		fprintf(f, ",\"sni\":{\"default\":\"%s\",\"rules\":[",
			sni_default_name(svc));
		for (i = 0; i < nrules; i++) {
			rule_view(svc, &rules[i].rule, &r);
			fputs(i ? ",{\"name\":" : "{\"name\":", f);
			json_str(f, rules[i].rule.name);
			fputc(',', f);
			json_sched_dests(f, &r, rules[i].dests, rules[i].ndests);
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputc('}', f);
}

/* --- changes and events (apply, monitor) ------------------------------- */

static const char *fwd_word(unsigned int fwd)
{
	switch (fwd) {
	case NFLB_FWD_NAT:
		return "masq";
	case NFLB_FWD_TUN:
		return "tunnel";
	case NFLB_FWD_DR:
		return "route";
	default:
		return "?";
	}
}

/* "TCP 192.0.2.1:80", "FWM 7", "FWM 7 IPv6" */
static void svc_change_name(char *buf, size_t len,
			    const struct nflb_service *svc)
{
	char ap[ADDRPORT_LEN];

	if (svc->fwmark) {
		snprintf(buf, len, "FWM %" PRIu32 "%s", svc->fwmark,
			 svc->af == AF_INET6 ? " IPv6" : "");
		return;
	}
	addrport(ap, sizeof(ap), svc->af, &svc->addr, svc->port);
	/* "TCP " + the address: strcpy, not snprintf (see addrport()) */
	if (len < 5 + strlen(ap)) {
		snprintf(buf, len, "%s %s", proto_name(svc->protocol), ap);
		return;
	}
	strcpy(buf, proto_name(svc->protocol));
	strcat(buf, " ");
	strcat(buf, ap);
}

static void text_svc_settings(FILE *f, const struct nflb_service *svc)
{
	char mask[INET_ADDRSTRLEN], flags[32];

	fprintf(f, " %s", sched_name(svc));
	if (*sched_flags_str(flags, sizeof(flags), svc))
		fprintf(f, " (%s)", flags);
	if (svc->flags & NFLB_SVC_F_PERSISTENT) {
		fprintf(f, " persistent %" PRIu32, svc->timeout);
		if (mask_str(mask, sizeof(mask), svc))
			fprintf(f, " mask %s", mask);
	}
	if (svc->flags & NFLB_SVC_F_ONEPACKET)
		fputs(" ops", f);
}

static void text_dest_settings(FILE *f, const struct nflb_dest *d)
{
	fputc(' ', f);
	fputs(fwd_word(d->fwd), f);
	fputs(" weight ", f);
	fput_uint(f, d->weight);
	if (d->u_thresh) {
		fputs(" uthreshold ", f);
		fput_uint(f, d->u_thresh);
	}
	if (d->l_thresh) {
		fputs(" lthreshold ", f);
		fput_uint(f, d->l_thresh);
	}
}

static void json_svc_settings(FILE *f, const struct nflb_service *svc)
{
	char flags[32];
	const char *p, *sep = "";

	fputs(",\"scheduler\":", f);
	json_str(f, sched_name(svc));
	fputs(",\"sched_flags\":[", f);
	sched_flags_str(flags, sizeof(flags), svc);
	for (p = flags; *p;) {
		size_t n = strcspn(p, ",");

		fprintf(f, "%s\"%.*s\"", sep, (int)n, p);
		sep = ",";
		p += n + (p[n] == ',');
	}
	fprintf(f, "],\"persistent\":%s,\"timeout\":%" PRIu32
		",\"netmask\":%u,\"one_packet\":%s",
		svc->flags & NFLB_SVC_F_PERSISTENT ? "true" : "false",
		svc->timeout, svc->netmask,
		svc->flags & NFLB_SVC_F_ONEPACKET ? "true" : "false");
}

static void json_changed(FILE *f, bool dest, uint32_t set)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} svc_names[] = {
		{ NFLB_SVC_SET_SCHED, "scheduler" },
		{ NFLB_SVC_SET_FLAGS, "flags" },
		{ NFLB_SVC_SET_TIMEOUT, "timeout" },
		{ NFLB_SVC_SET_NETMASK, "netmask" },
	}, dest_names[] = {
		{ NFLB_DEST_SET_FWD, "forward" },
		{ NFLB_DEST_SET_WEIGHT, "weight" },
		{ NFLB_DEST_SET_U_THRESH, "u_threshold" },
		{ NFLB_DEST_SET_L_THRESH, "l_threshold" },
		{ NFLB_DEST_SET_TUN_TYPE, "tun_type" },
	};
	const char *sep = "";
	size_t i, n = dest ? ARRAY_SIZE(dest_names) : ARRAY_SIZE(svc_names);

	fputs(",\"changed\":[", f);
	for (i = 0; i < n; i++) {
		const char *name = dest ? dest_names[i].name : svc_names[i].name;
		uint32_t bit = dest ? dest_names[i].bit : svc_names[i].bit;

		if (!(set & bit))
			continue;
		fprintf(f, "%s\"%s\"", sep, name);
		sep = ",";
	}
	fputc(']', f);
}

void nflbadm_print_change(FILE *f, bool json, char op,
			  const struct nflb_service *svc,
			  const struct nflb_dest *dest, uint32_t set)
{
	nflbadm_print_rule_change(f, json, op, svc, NULL, dest, set);
}

void nflbadm_print_rule_change(FILE *f, bool json, char op,
			       const struct nflb_service *svc,
			       const struct nflb_sni_rule *rule,
			       const struct nflb_dest *dest, uint32_t set)
{
	char name[SVC_NAME_LEN], ap[ADDRPORT_LEN];
	bool settings = op != '-';
	struct nflb_service r;

	/* A rule's own change: its settings in a service's struct. */
	if (rule && !dest) {
		rule_view(svc, rule, &r);
		svc = &r;
	}
	if (!json) {
		svc_change_name(name, sizeof(name), svc);
		fputc(op, f);
		fputs(dest ? "dest " : rule ? "sni " : "service ", f);
		fputs(name, f);
		if (rule) {
			fputs(dest ? " sni " : " ", f);
			fputs(rule->name, f);
		}
		if (dest) {
			addrport(ap, sizeof(ap), svc->af, &dest->addr,
				 dest->port);
			fputc(' ', f);
			fputs(ap, f);
			if (settings)
				text_dest_settings(f, dest);
		} else if (settings) {
			text_svc_settings(f, svc);
		}
		fputc('\n', f);
		return;
	}
	fprintf(f, "{\"op\":\"%c\",\"type\":\"%s\",\"service\":", op,
		dest ? "dest" : rule ? "sni" : "service");
	json_svc_id(f, svc);
	if (!dest && !rule && settings)
		json_svc_settings(f, svc);
	fputc('}', f);
	if (rule) {
		fputs(",\"sni\":{\"name\":", f);
		json_str(f, rule->name);
		if (!dest && settings)
			json_svc_settings(f, svc);
		fputc('}', f);
	}
	if (dest) {
		fputs(",\"dest\":{\"address\":", f);
		json_addr(f, svc->af, &dest->addr);
		fprintf(f, ",\"port\":%u", dest->port);
		if (settings) {
			fprintf(f, ",\"forward\":\"%s\"", fwd_word(dest->fwd));
			if (dest->fwd == NFLB_FWD_TUN)
				fprintf(f, ",\"tun_type\":\"%s\"",
					tun_name(dest->tun_type));
			fprintf(f, ",\"weight\":%" PRIu32 ",\"u_threshold\":%"
				PRIu32 ",\"l_threshold\":%" PRIu32,
				dest->weight, dest->u_thresh, dest->l_thresh);
		}
		fputc('}', f);
	}
	if (op == '~' && set)
		json_changed(f, dest != NULL, set);
	fputc('}', f);
}

int nflbadm_print_event(FILE *f, bool json, const struct nflb_event *ev)
{
	char op;

	switch (ev->cmd) {
	case NFLB_CMD_NEW_SERVICE:
	case NFLB_CMD_NEW_DEST:
	case NFLB_CMD_NEW_SNI_RULE:
		op = '+';
		break;
	case NFLB_CMD_SET_SERVICE:
	case NFLB_CMD_SET_DEST:
	case NFLB_CMD_SET_SNI_RULE:
		op = '~';
		break;
	case NFLB_CMD_DEL_SERVICE:
	case NFLB_CMD_DEL_DEST:
	case NFLB_CMD_DEL_SNI_RULE:
		op = '-';
		break;
	case NFLB_CMD_FLUSH:
		fputs(json ? "{\"op\":\"-\",\"type\":\"all\"}\n" : "-all\n", f);
		return 0;
	case NFLB_CMD_SET_CONFIG:
		fputs(json ? "{\"op\":\"~\",\"type\":\"config\"}\n" :
		      "~config\n", f);
		return 0;
	default:
		return -1;
	}
	nflbadm_print_rule_change(f, json, op, &ev->svc,
				  ev->rule.name[0] ? &ev->rule : NULL,
				  ev->cmd == NFLB_CMD_NEW_DEST ||
				  ev->cmd == NFLB_CMD_SET_DEST ||
				  ev->cmd == NFLB_CMD_DEL_DEST ? &ev->dest : NULL,
				  0);
	if (json)
		fputc('\n', f);
	return 0;
}

/* --- connections (-L -c) ------------------------------------------------- */

/*
 * libnflb's nflb_conn_state_name(), here too so that the printers link
 * without the library (the host unit tests).
 */
static const char *conn_state(unsigned int state)
{
	static const char * const names[] = {
		[NFLB_CONN_S_NONE] = "NONE",
		[NFLB_CONN_S_ESTABLISHED] = "ESTABLISHED",
		[NFLB_CONN_S_SYN_SENT] = "SYN_SENT",
		[NFLB_CONN_S_SYN_RECV] = "SYN_RECV",
		[NFLB_CONN_S_FIN_WAIT] = "FIN_WAIT",
		[NFLB_CONN_S_TIME_WAIT] = "TIME_WAIT",
		[NFLB_CONN_S_CLOSE] = "CLOSE",
		[NFLB_CONN_S_CLOSE_WAIT] = "CLOSE_WAIT",
		[NFLB_CONN_S_LAST_ACK] = "LAST_ACK",
		[NFLB_CONN_S_UDP] = "UDP",
	};

	if (state >= ARRAY_SIZE(names) || !names[state])
		return "UNKNOWN";
	return names[state];
}

/* As /proc/net/ip_vs_conn names it: a fwmark template's protocol is IP. */
static const char *conn_proto(const struct nflb_conn *c)
{
	if (c->protocol == IPPROTO_TCP || c->protocol == IPPROTO_UDP)
		return proto_name(c->protocol);
	return "IP";
}

void nflbadm_print_conn_header(FILE *f)
{
	fprintf(f, "IPVS connection entries\n"
		"pro expire %-11s %-18s %-18s %s\n", "state", "source",
		"virtual", "destination");
}

void nflbadm_print_conn(FILE *f, const struct nflb_conn *c)
{
	char cn[ADDRPORT_LEN], vn[ADDRPORT_LEN], dn[ADDRPORT_LEN], exp[24];
	unsigned int secs = c->expires_ms / 1000;

	addrport(cn, sizeof(cn), c->af, &c->caddr, c->cport);
	addrport(vn, sizeof(vn), c->af, &c->vaddr, c->vport);
	addrport(dn, sizeof(dn), c->af, &c->daddr, c->dport);
	/* ipvsadm 1.31's print_conn() */
	snprintf(exp, sizeof(exp), "%02u:%02u", secs / 60, secs % 60);
	fprintf(f, "%-3s %-6s %-11s %-18s %-18s %s\n", conn_proto(c), exp,
		conn_state(c->state), cn, vn, dn);
}

void nflbadm_print_json_conn(FILE *f, const struct nflb_conn *c)
{
	fprintf(f, "{\"family\":\"%s\",\"protocol\":\"%s\",\"client\":",
		c->af == AF_INET6 ? "inet6" : "inet",
		c->protocol == IPPROTO_UDP ? "udp" :
		c->protocol == IPPROTO_TCP ? "tcp" : "ip");
	json_addr(f, c->af, &c->caddr);
	fprintf(f, ",\"client_port\":%u,\"virtual\":", c->cport);
	json_addr(f, c->af, &c->vaddr);
	fprintf(f, ",\"virtual_port\":%u,\"destination\":", c->vport);
	json_addr(f, c->af, &c->daddr);
	fprintf(f, ",\"destination_port\":%u,\"forward\":\"%s\",\"state\":\"%s\""
		",\"expires_ms\":%" PRIu32 ",\"template\":%s", c->dport,
		fwd_word(c->fwd), conn_state(c->state), c->expires_ms,
		c->flags & NFLB_CONN_F_TEMPLATE ? "true" : "false");
	if (c->fwmark)
		fprintf(f, ",\"fwmark\":%" PRIu32, c->fwmark);
	fputc('}', f);
}
