// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: the names and identities every tool shares, and freeing a
 * state.  No netlink here: the tools' unit tests and fuzzers link this
 * file alone.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "libnflb.h"

static const char *const nflb_fwd_names[] = {
	[NFLB_FWD_NAT]	= "masq",
	[NFLB_FWD_DR]	= "route",
	[NFLB_FWD_TUN]	= "tunnel",
};

const char *nflb_fwd_name(unsigned int fwd)
{
	if (fwd >= sizeof(nflb_fwd_names) / sizeof(nflb_fwd_names[0]))
		return NULL;
	return nflb_fwd_names[fwd];
}

int nflb_fwd_parse(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(nflb_fwd_names) / sizeof(nflb_fwd_names[0]); i++)
		if (nflb_fwd_names[i] && !strcmp(name, nflb_fwd_names[i]))
			return (int)i;
	return -1;
}

bool nflb_addr_same(uint16_t af, const union nflb_addr *a,
		    const union nflb_addr *b)
{
	return !memcmp(a, b, af == AF_INET6 ? sizeof(a->in6) : sizeof(a->in));
}

const char *nflb_prefix_parse(const char *s, uint16_t *af,
			      struct nflb_prefix *p)
{
	char a[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned int max, len, i, bits;
	char *end;

	memset(p, 0, sizeof(*p));
	if (!alen || alen >= sizeof(a))
		return "not an address or prefix";
	memcpy(a, s, alen);
	a[alen] = '\0';
	if (inet_pton(AF_INET, a, &p->addr.in) == 1)
		*af = AF_INET;
	else if (inet_pton(AF_INET6, a, &p->addr.in6) == 1)
		*af = AF_INET6;
	else
		return "not an address or prefix";
	max = *af == AF_INET ? 32 : 128;
	len = max;
	if (slash) {
		unsigned long v;

		if (slash[1] < '0' || slash[1] > '9')
			return "not an address or prefix";
		v = strtoul(slash + 1, &end, 10);
		if (*end)
			return "not an address or prefix";
		if (v > max)
			return "prefix length out of range";
		len = (unsigned int)v;
	}
	p->len = (uint8_t)len;
	for (i = len; i < max; i++) {
		bits = p->addr.raw[i / 8] & (0x80U >> (i % 8));
		if (bits)
			return "address bits set past the prefix length";
	}
	return NULL;
}

void nflb_prefix_format(uint16_t af, const struct nflb_prefix *p, char *buf,
			size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(af, &p->addr, a, sizeof(a)))
		strcpy(a, "?");
	snprintf(buf, len, "%s/%u", a, p->len);
}

static bool nflb_prefix_in(uint16_t af, const struct nflb_prefix *p,
			   const struct nflb_service *s)
{
	unsigned int i;

	for (i = 0; i < s->nsrc_ranges; i++)
		if (s->src_ranges[i].len == p->len &&
		    nflb_addr_same(af, &s->src_ranges[i].addr, &p->addr))
			return true;
	return false;
}

bool nflb_src_ranges_same(const struct nflb_service *a,
			  const struct nflb_service *b)
{
	unsigned int i;

	if (a->nsrc_ranges != b->nsrc_ranges)
		return false;
	/* distinct prefixes: the same count and each of a in b */
	for (i = 0; i < a->nsrc_ranges; i++)
		if (!nflb_prefix_in(a->af, &a->src_ranges[i], b))
			return false;
	return true;
}

bool nflb_service_same(const struct nflb_service *a,
		       const struct nflb_service *b)
{
	if (a->af != b->af || a->fwmark != b->fwmark)
		return false;
	if (a->fwmark)
		return true;
	return a->protocol == b->protocol && a->port == b->port &&
	       nflb_addr_same(a->af, &a->addr, &b->addr);
}

const char *nflb_conn_state_name(unsigned int state)
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

	if (state >= sizeof(names) / sizeof(names[0]) || !names[state])
		return "UNKNOWN";
	return names[state];
}

/* Lowercase, without one trailing dot, and checked as the kernel does. */
bool nflb_sni_rule_normalize(const char *in, char *out, size_t size)
{
	size_t n = strlen(in), i, label = 0;
	const char *name;

	if (n && in[n - 1] == '.')
		n--;
	if (!n || n >= size)
		return false;
	for (i = 0; i < n; i++)
		out[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] + 32 : in[i]);
	out[n] = '\0';
	name = strncmp(out, "*.", 2) ? out : out + 2;
	if (!*name || strlen(name) > 253)
		return false;
	for (i = 0; name[i]; i++) {
		char ch = name[i];

		if (ch == '.') {
			if (!label)
				return false;
			label = 0;
		} else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			     ch == '-' || ch == '_') || ++label > 63) {
			return false;
		}
	}
	return label > 0;
}

/* The settings, as named in state files and by `nflbadm config`. */
static const struct {
	const char *name;
	uint32_t max;		/* 0: the host's, read only */
} nflb_config_keys[] = {
	[NFLB_CONFIG_A_TCP_TIMEOUT]	= { "tcp_timeout", 2678400 },
	[NFLB_CONFIG_A_TCPFIN_TIMEOUT]	= { "tcpfin_timeout", 2678400 },
	[NFLB_CONFIG_A_UDP_TIMEOUT]	= { "udp_timeout", 2678400 },
	[NFLB_CONFIG_A_MAX_SERVICES]	= { "max_services", UINT32_MAX },
	[NFLB_CONFIG_A_MAX_DESTS]	= { "max_dests", UINT32_MAX },
	[NFLB_CONFIG_A_MAX_CONNS]	= { "max_conns", UINT32_MAX },
	[NFLB_CONFIG_A_SNI_PEEK_BYTES]	= { "sni_peek_bytes", 65535 },
	[NFLB_CONFIG_A_SNI_TIMEOUT_MS]	= { "sni_timeout_ms", 30000 },
	[NFLB_CONFIG_A_SNI_MAX_PENDING]	= { "sni_max_pending", UINT32_MAX },
	[NFLB_CONFIG_A_MAX_SERVICES_CEILING]	= { "max_services_ceiling", 0 },
	[NFLB_CONFIG_A_MAX_DESTS_CEILING]	= { "max_dests_ceiling", 0 },
	[NFLB_CONFIG_A_MAX_CONNS_CEILING]	= { "max_conns_ceiling", 0 },
	[NFLB_CONFIG_A_SNI_MAX_PENDING_CEILING]	= { "sni_max_pending_ceiling", 0 },
};

#define NFLB_NUM_CONFIG_KEYS \
	(sizeof(nflb_config_keys) / sizeof(nflb_config_keys[0]))

_Static_assert(NFLB_NUM_CONFIG_KEYS <= NFLB_CONFIG_SLOTS,
	       "struct nflb_config has a slot per setting");

const char *nflb_config_name(unsigned int attr)
{
	return attr < NFLB_NUM_CONFIG_KEYS ? nflb_config_keys[attr].name : NULL;
}

uint32_t nflb_config_max(unsigned int attr)
{
	return attr < NFLB_NUM_CONFIG_KEYS ? nflb_config_keys[attr].max : 0;
}

int nflb_config_attr(const char *name)
{
	unsigned int i;
	size_t k;

	for (i = 0; i < NFLB_NUM_CONFIG_KEYS; i++) {
		const char *n = nflb_config_keys[i].name;

		if (!n)
			continue;
		for (k = 0; n[k] && (name[k] == n[k] ||
				     (n[k] == '_' && name[k] == '-')); k++)
			;
		if (!n[k] && !name[k])
			return (int)i;
	}
	return -1;
}

void nflb_state_free(struct nflb_state *st)
{
	size_t i, j;

	for (i = 0; st->svcs && i < st->nsvcs; i++) {
		free((void *)st->svcs[i].dests);
		for (j = 0; j < st->svcs[i].nrules; j++)
			free((void *)st->svcs[i].rules[j].dests);
		free((void *)st->svcs[i].rules);
	}
	free((void *)st->svcs);
	free((void *)st->config);
	memset(st, 0, sizeof(*st));
}

static const char *const nflb_scheds[] = { "rr", "wrr", "lc", "wlc", "sh", "mh" };

const char *nflb_sched_name(unsigned int i)
{
	return i < sizeof(nflb_scheds) / sizeof(nflb_scheds[0]) ?
	       nflb_scheds[i] : NULL;
}

bool nflb_sched_known(const char *name)
{
	unsigned int i;

	for (i = 0; nflb_sched_name(i); i++)
		if (!strcmp(name, nflb_sched_name(i)))
			return true;
	return false;
}

/* The schedulers that take flags, and the flags' names under each. */
static const struct {
	const char *name, *sched;
	uint32_t flag;
} nflb_sched_flags[] = {
	{ "sh-fallback", "sh", NFLB_SVC_F_SCHED_FALLBACK },
	{ "sh-port", "sh", NFLB_SVC_F_SCHED_PORT },
	{ "mh-fallback", "mh", NFLB_SVC_F_SCHED_FALLBACK },
	{ "mh-port", "mh", NFLB_SVC_F_SCHED_PORT },
};

#define NFLB_NUM_SCHED_FLAGS \
	(sizeof(nflb_sched_flags) / sizeof(nflb_sched_flags[0]))

const char *nflb_sched_flag_name(const char *sched, uint32_t flag)
{
	unsigned int i;

	for (i = 0; i < NFLB_NUM_SCHED_FLAGS; i++)
		if (nflb_sched_flags[i].flag == flag &&
		    !strcmp(nflb_sched_flags[i].sched, sched))
			return nflb_sched_flags[i].name;
	return NULL;
}

uint32_t nflb_sched_flag_parse(const char *name, size_t len,
			       const char **sched)
{
	unsigned int i;

	for (i = 0; i < NFLB_NUM_SCHED_FLAGS; i++)
		if (strlen(nflb_sched_flags[i].name) == len &&
		    !strncmp(name, nflb_sched_flags[i].name, len)) {
			*sched = nflb_sched_flags[i].sched;
			return nflb_sched_flags[i].flag;
		}
	return 0;
}
