// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * format.c: what nflbadm's printers share (ipvsadm/print.c: ipvsadm's
 * save, listing and connection formats and their JSON; format_change.c:
 * apply's changes and monitor's events): names, numbers, addresses and
 * the JSON objects they share, built with json-c.
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

/* "sh-fallback,sh-port", or "" (libnflb's names). */
const char *fmt_sched_flags_str(char *buf, size_t len,
				const struct nflb_service *svc)
{
	static const uint32_t bits[] = {
		NFLB_SVC_F_SCHED_FALLBACK, NFLB_SVC_F_SCHED_PORT,
	};
	const char *sched = strcmp(fmt_sched_name(svc), "mh") ? "sh" : "mh";
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(bits); i++)
		if (svc->flags & bits[i])
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
					      "%s%s", n ? "," : "",
					      nflb_sched_flag_name(sched, bits[i]));
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
	r->nsrc_ranges = 0;	/* the service's, not the rule's */
}

const char *fmt_sni_default_name(const struct nflb_service *svc)
{
	return svc->sni_default == NFLB_SNI_DEFAULT_RESET ? "reset" : "servers";
}

const char *fmt_tun_name(unsigned int type)
{
	return type == NFLB_TUN_IPIP ? "ipip" : "?";
}

struct json_object *fj_str(const char *s)
{
	return json_object_new_string(s);
}

struct json_object *fj_uint(uint64_t v)
{
	/* json-c keeps int64; counters stay below 2^63. */
	return json_object_new_int64((int64_t)v);
}

void fj_add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

struct json_object *fj_addr(unsigned int af, const union nflb_addr *addr)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(af == AF_INET6 ? AF_INET6 : AF_INET, addr, a, sizeof(a)))
		strcpy(a, "?");
	return fj_str(a);
}

struct json_object *fj_stats(const struct nflb_stats *s)
{
	struct json_object *o = json_object_new_object();

	fj_add(o, "conns", fj_uint(s->conns));
	fj_add(o, "pkts_in", fj_uint(s->pkts_in));
	fj_add(o, "pkts_out", fj_uint(s->pkts_out));
	fj_add(o, "bytes_in", fj_uint(s->bytes_in));
	fj_add(o, "bytes_out", fj_uint(s->bytes_out));
	fj_add(o, "cps", fj_uint(s->cps));
	fj_add(o, "pps_in", fj_uint(s->pps_in));
	fj_add(o, "pps_out", fj_uint(s->pps_out));
	fj_add(o, "bps_in", fj_uint(s->bps_in));
	fj_add(o, "bps_out", fj_uint(s->bps_out));
	return o;
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
	if (svc->nsrc_ranges) {
		fputs(" source-ranges ", f);
		fmt_src_ranges(f, svc);
	}
}

void fmt_src_ranges(FILE *f, const struct nflb_service *svc)
{
	char buf[NFLB_PREFIX_STRLEN];
	unsigned int i;

	for (i = 0; i < svc->nsrc_ranges; i++) {
		nflb_prefix_format(svc->af, &svc->src_ranges[i], buf, sizeof(buf));
		if (i)
			fputc(',', f);
		fputs(buf, f);
	}
}

struct json_object *fj_src_ranges(const struct nflb_service *svc)
{
	struct json_object *a = json_object_new_array();
	char buf[NFLB_PREFIX_STRLEN];
	unsigned int i;

	for (i = 0; i < svc->nsrc_ranges; i++) {
		nflb_prefix_format(svc->af, &svc->src_ranges[i], buf, sizeof(buf));
		json_object_array_add(a, fj_str(buf));
	}
	return a;
}
