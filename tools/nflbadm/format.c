// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * format.c: what nflbadm's printers share (format_ipvsadm.c: ipvsadm's
 * save, listing and connection formats and their JSON; format_change.c:
 * apply's changes and monitor's events): names, numbers, addresses and
 * JSON pieces.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "format.h"

const char *fmt_sched_name(const struct nflb_service *svc)
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
void fmt_addrport(char *buf, size_t len, unsigned int af,
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
void fmt_fput_uint(FILE *f, unsigned long v)
{
	char t[24];

	*put_uint(t, v) = '\0';
	fputs(t, f);
}

const char *fmt_proto_name(unsigned int proto)
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

/* The persistence mask, or NULL when it is the whole address. */
const char *fmt_mask_str(char *buf, size_t len, const struct nflb_service *svc)
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
const char *fmt_sched_flags_str(char *buf, size_t len,
				const struct nflb_service *svc)
{
	const char *pre = strcmp(fmt_sched_name(svc), "mh") ? "sh" : "mh";
	bool fb = svc->flags & NFLB_SVC_F_SCHED_FALLBACK;
	bool port = svc->flags & NFLB_SVC_F_SCHED_PORT;

	snprintf(buf, len, "%s%s%s%s%s", fb ? pre : "", fb ? "-fallback" : "",
		 fb && port ? "," : "", port ? pre : "", port ? "-port" : "");
	return buf;
}

/* An SNI rule's settings in a service's struct, for the service printers. */
void fmt_rule_view(const struct nflb_service *svc,
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

const char *fmt_sni_default_name(const struct nflb_service *svc)
{
	return svc->sni_default == NFLB_SNI_DEFAULT_RESET ? "reset" : "servers";
}

const char *fmt_tun_name(unsigned int type)
{
	return type == NFLB_TUN_IPIP ? "ipip" : "?";
}

void fmt_json_str(FILE *f, const char *s)
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

void fmt_json_addr(FILE *f, unsigned int af, const union nflb_addr *addr)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(af == AF_INET6 ? AF_INET6 : AF_INET, addr, a, sizeof(a)))
		strcpy(a, "?");
	fmt_json_str(f, a);
}

void fmt_json_stats(FILE *f, const struct nflb_stats *s)
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
	fputs("{\"address\":", f);
	fmt_json_addr(f, svc->af, &d->addr);
	fprintf(f, ",\"port\":%u,\"forward\":\"%s\"", d->port,
		fmt_fwd_word(d->fwd));
	if (d->fwd == NFLB_FWD_TUN)
		fprintf(f, ",\"tun_type\":\"%s\"", fmt_tun_name(d->tun_type));
	fprintf(f, ",\"weight\":%" PRIu32 ",\"u_threshold\":%" PRIu32
		",\"l_threshold\":%" PRIu32 ",\"active_conns\":%" PRIu32
		",\"inactive_conns\":%" PRIu32 ",\"persistent_conns\":%" PRIu32
		",", d->weight, d->u_thresh, d->l_thresh, d->active_conns,
		d->inact_conns, d->persist_conns);
	fprintf(f, "\"health\":\"%s\",\"health_by\":",
		d->health == NFLB_HEALTH_DOWN ? "down" : "up");
	fmt_json_str(f, d->health_by);
	fprintf(f, ",\"health_age\":%" PRIu32 ",", d->health_age);
	fmt_json_stats(f, &d->stats);
	fputc('}', f);
}

/* {"family", and "fwmark" or "protocol", "address", "port"; open. */
void fmt_json_svc_id(FILE *f, const struct nflb_service *svc)
{
	fprintf(f, "{\"family\":\"%s\",",
		svc->af == AF_INET6 ? "inet6" : "inet");
	if (svc->fwmark) {
		fprintf(f, "\"fwmark\":%" PRIu32, svc->fwmark);
	} else {
		fprintf(f, "\"protocol\":\"%s\",\"address\":",
			svc->protocol == IPPROTO_UDP ? "udp" : "tcp");
		fmt_json_addr(f, svc->af, &svc->addr);
		fprintf(f, ",\"port\":%u", svc->port);
	}
}

/* "scheduler", "flags", "timeout", "netmask", "stats" and "dests". */
void fmt_json_sched_dests(FILE *f, const struct nflb_service *svc,
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
	fmt_json_str(f, fmt_sched_name(svc));
	fputs(",\"flags\":[", f);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		if (!(svc->flags & flags[i].flag))
			continue;
		fprintf(f, "%s\"%s\"", sep, flags[i].name);
		sep = ",";
	}
	fprintf(f, "],\"timeout\":%" PRIu32 ",\"netmask\":%u,",
		svc->timeout, svc->netmask);
	fmt_json_stats(f, &svc->stats);
	fputs(",\"dests\":[", f);
	for (i = 0; i < ndests; i++) {
		if (i)
			fputc(',', f);
		json_dest(f, svc, &dests[i]);
	}
	fputc(']', f);
}

const char *fmt_fwd_word(unsigned int fwd)
{
	const char *name = nflb_fwd_name(fwd);

	return name ? name : "?";
}

/* " wrr (mh-port) persistent 300 mask 255.255.255.0 ops": -L and changes. */
void fmt_svc_settings(FILE *f, const struct nflb_service *svc)
{
	char mask[INET_ADDRSTRLEN], flags[32];

	fprintf(f, " %s", fmt_sched_name(svc));
	if (*fmt_sched_flags_str(flags, sizeof(flags), svc))
		fprintf(f, " (%s)", flags);
	if (svc->flags & NFLB_SVC_F_PERSISTENT) {
		fprintf(f, " persistent %" PRIu32, svc->timeout);
		if (fmt_mask_str(mask, sizeof(mask), svc))
			fprintf(f, " mask %s", mask);
	}
	if (svc->flags & NFLB_SVC_F_ONEPACKET)
		fputs(" ops", f);
}
