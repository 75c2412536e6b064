// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * state.c: read the desired state of `nflbadm apply` (state.h).
 *
 * json-c parses; this file walks the tree with a path ("services[3].port")
 * for the messages, checks every value, fills in defaults and refuses
 * duplicates, so that apply changes nothing unless the whole file is
 * valid.  Unknown keys are errors: a typo must not pass as a default.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json.h>

#include "state.h"

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define MAX_TIMEOUT		2678400		/* 31 days, as ipvsadm */
#define DEF_TIMEOUT		360
#define MAX_THRESHOLD		2147483647
#define PATH_LEN		128

struct ctx {
	char *err;
	size_t errlen;
};

static int fail(struct ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "PATH: reason", one line whatever the input holds. */
static int fail(struct ctx *c, const char *path, const char *fmt, ...)
{
	size_t n;
	va_list ap;
	char *p;

	if (!c->err || !c->errlen)
		return -1;
	n = (size_t)snprintf(c->err, c->errlen, "%s: ", path);
	if (n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - n, fmt, ap);
		va_end(ap);
	}
	for (p = c->err; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return -1;
}

/* @a @b @c into @buf (PATH_LEN), cut short if need be. */
static void join(char *buf, const char *a, const char *b, const char *c)
{
	const char *parts[3] = { a, b, c };
	size_t n = 0, i, l;

	for (i = 0; i < 3; i++) {
		l = strlen(parts[i]);
		if (l > PATH_LEN - 1 - n)
			l = PATH_LEN - 1 - n;
		memcpy(buf + n, parts[i], l);
		n += l;
	}
	buf[n] = '\0';
}

static void subpath(char *buf, const char *path, const char *key)
{
	join(buf, path, *path ? "." : "", key);
}

/* "path[i]" */
static void subindex(char *buf, const char *path, size_t i)
{
	char idx[32];

	snprintf(idx, sizeof(idx), "[%zu]", i);
	join(buf, path, idx, "");
}

/* Every key of @obj is one of @keys (NULL-terminated). */
static int known_keys(struct ctx *c, const char *path, json_object *obj,
		      const char *const *keys)
{
	json_object_iter it;
	char p[PATH_LEN];
	size_t i;

	json_object_object_foreachC(obj, it) {
		for (i = 0; keys[i]; i++)
			if (!strcmp(it.key, keys[i]))
				break;
		if (!keys[i]) {
			subpath(p, path, it.key);
			return fail(c, p, "unknown key");
		}
	}
	return 0;
}

/* An integer in [min, max]; *@have false when the key is absent. */
static int get_uint(struct ctx *c, const char *path, json_object *obj,
		    const char *key, int64_t min, int64_t max, uint32_t *out,
		    bool *have)
{
	json_object *v;
	char p[PATH_LEN];
	int64_t x;

	*have = json_object_object_get_ex(obj, key, &v);
	if (!*have)
		return 0;
	subpath(p, path, key);
	if (!json_object_is_type(v, json_type_int))
		return fail(c, p, "must be an integer %" PRId64 "..%" PRId64,
			    min, max);
	x = json_object_get_int64(v);
	/* Above INT64_MAX json-c gives INT64_MAX, still out of range. */
	if (x < min || x > max)
		return fail(c, p, "must be %" PRId64 "..%" PRId64, min, max);
	*out = (uint32_t)x;
	return 0;
}

/* A string, or NULL when absent. */
static int get_str(struct ctx *c, const char *path, json_object *obj,
		   const char *key, const char **out)
{
	json_object *v;
	char p[PATH_LEN];

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string)) {
		subpath(p, path, key);
		return fail(c, p, "must be a string");
	}
	*out = json_object_get_string(v);
	return 0;
}

static int get_addr(struct ctx *c, const char *path, json_object *obj,
		    const char *key, uint16_t *af, union nflb_addr *addr)
{
	const char *s;
	char p[PATH_LEN];

	if (get_str(c, path, obj, key, &s))
		return -1;
	subpath(p, path, key);
	if (!s)
		return fail(c, path, "needs \"%s\"", key);
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, s, addr) == 1) {
		*af = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) == 1) {
		*af = AF_INET6;
		return 0;
	}
	return fail(c, p, "must be a numeric IPv4 or IPv6 address");
}

static const char *af_name(uint16_t af)
{
	return af == AF_INET6 ? "IPv6" : "IPv4";
}

static int parse_identity(struct ctx *c, const char *path, json_object *o,
			  struct nflb_service *svc)
{
	bool have_mark, have_port;
	const char *proto, *family;
	uint32_t port = 0;
	char p[PATH_LEN];
	json_object *v;

	if (get_uint(c, path, o, "fwmark", 1, UINT32_MAX, &svc->fwmark,
		     &have_mark) || get_str(c, path, o, "protocol", &proto) ||
	    get_str(c, path, o, "family", &family))
		return -1;
	if (have_mark) {
		if (proto || json_object_object_get_ex(o, "address", &v) ||
		    json_object_object_get_ex(o, "port", &v))
			return fail(c, path, "a fwmark service has no protocol, address or port");
		subpath(p, path, "family");
		if (!family || !strcmp(family, "inet"))
			svc->af = AF_INET;
		else if (!strcmp(family, "inet6"))
			svc->af = AF_INET6;
		else
			return fail(c, p, "must be \"inet\" or \"inet6\"");
		svc->netmask = svc->af == AF_INET6 ? 128 : 32;
		return 0;
	}
	if (family) {
		subpath(p, path, "family");
		return fail(c, p, "only for fwmark services (the address gives the family)");
	}
	if (!proto)
		return fail(c, path, "needs \"protocol\", \"address\" and \"port\", or \"fwmark\"");
	subpath(p, path, "protocol");
	if (!strcmp(proto, "tcp"))
		svc->protocol = IPPROTO_TCP;
	else if (!strcmp(proto, "udp"))
		svc->protocol = IPPROTO_UDP;
	else
		return fail(c, p, "must be \"tcp\" or \"udp\"");
	if (get_addr(c, path, o, "address", &svc->af, &svc->addr))
		return -1;
	if (get_uint(c, path, o, "port", 1, 65535, &port, &have_port))
		return -1;
	if (!have_port)
		return fail(c, path, "needs \"port\"");
	svc->port = (uint16_t)port;
	svc->netmask = svc->af == AF_INET6 ? 128 : 32;
	return 0;
}

static int parse_netmask(struct ctx *c, const char *path, json_object *o,
			 struct nflb_service *svc, bool *have)
{
	char p[PATH_LEN];
	json_object *v;
	struct in_addr in;
	uint32_t m, n;

	*have = json_object_object_get_ex(o, "netmask", &v);
	if (!*have)
		return 0;
	subpath(p, path, "netmask");
	if (json_object_is_type(v, json_type_int)) {
		int64_t x = json_object_get_int64(v);
		int64_t lo = svc->af == AF_INET6 ? 1 : 0;
		int64_t hi = svc->af == AF_INET6 ? 128 : 32;

		if (x < lo || x > hi)
			return fail(c, p, "must be a prefix length %" PRId64 "..%" PRId64,
				    lo, hi);
		svc->netmask = (uint8_t)x;
		return 0;
	}
	if (svc->af != AF_INET6 && json_object_is_type(v, json_type_string) &&
	    inet_pton(AF_INET, json_object_get_string(v), &in) == 1) {
		m = ntohl(in.s_addr);
		if (m & (~m >> 1))
			return fail(c, p, "mask is not contiguous");
		for (n = 0; m; m <<= 1)
			n++;
		svc->netmask = (uint8_t)n;
		return 0;
	}
	return fail(c, p, svc->af == AF_INET6 ?
		    "must be a prefix length 1..128" :
		    "must be a prefix length 0..32 or a mask like \"255.255.255.0\"");
}

static int parse_sched(struct ctx *c, const char *path, json_object *o,
		       struct nflb_service *svc)
{
	static const char *const scheds[] = { "rr", "wrr", "lc", "wlc", "sh", "mh" };
	static const struct {
		const char *name, *sched;
		uint32_t flag;
	} fl[] = {
		{ "sh-fallback", "sh", NFLB_SVC_F_SCHED_FALLBACK },
		{ "sh-port", "sh", NFLB_SVC_F_SCHED_PORT },
		{ "mh-fallback", "mh", NFLB_SVC_F_SCHED_FALLBACK },
		{ "mh-port", "mh", NFLB_SVC_F_SCHED_PORT },
	};
	const char *s;
	char p[PATH_LEN], q[PATH_LEN];
	json_object *v;
	size_t i, j, n;

	if (get_str(c, path, o, "scheduler", &s))
		return -1;
	subpath(p, path, "scheduler");
	if (!s)
		s = "wlc";
	for (i = 0; i < ARRAY_SIZE(scheds); i++)
		if (!strcmp(s, scheds[i]))
			break;
	if (i == ARRAY_SIZE(scheds))
		return fail(c, p, "must be one of rr wrr lc wlc sh mh");
	strcpy(svc->sched, s);

	if (!json_object_object_get_ex(o, "sched_flags", &v))
		return 0;
	subpath(p, path, "sched_flags");
	if (!json_object_is_type(v, json_type_array))
		return fail(c, p, "must be an array of \"sh-fallback\", \"sh-port\", \"mh-fallback\", \"mh-port\"");
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);
		const char *name;

		subindex(q, p, i);
		if (!json_object_is_type(e, json_type_string))
			return fail(c, q, "must be a string");
		name = json_object_get_string(e);
		for (j = 0; j < ARRAY_SIZE(fl); j++)
			if (!strcmp(name, fl[j].name))
				break;
		if (j == ARRAY_SIZE(fl))
			return fail(c, q, "must be one of \"sh-fallback\", \"sh-port\", \"mh-fallback\", \"mh-port\"");
		if (strcmp(fl[j].sched, svc->sched))
			return fail(c, q, "needs scheduler %s, not %s",
				    fl[j].sched, svc->sched);
		svc->flags |= fl[j].flag;
	}
	return 0;
}

static int get_bool(struct ctx *c, const char *path, json_object *o,
		    const char *key, bool *out)
{
	char p[PATH_LEN];
	json_object *v;

	*out = false;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_boolean)) {
		subpath(p, path, key);
		return fail(c, p, "must be true or false");
	}
	*out = json_object_get_boolean(v);
	return 0;
}

static int parse_persistence(struct ctx *c, const char *path, json_object *o,
			     struct nflb_service *svc)
{
	bool have_mask, ops;
	char p[PATH_LEN];
	json_object *v;

	subpath(p, path, "persistent");
	if (json_object_object_get_ex(o, "persistent", &v)) {
		if (json_object_is_type(v, json_type_boolean)) {
			if (json_object_get_boolean(v)) {
				svc->flags |= NFLB_SVC_F_PERSISTENT;
				svc->timeout = DEF_TIMEOUT;
			}
		} else if (json_object_is_type(v, json_type_int)) {
			int64_t x = json_object_get_int64(v);

			if (x < 1 || x > MAX_TIMEOUT)
				return fail(c, p, "must be true, false or a timeout 1..%d (seconds)",
					    MAX_TIMEOUT);
			svc->flags |= NFLB_SVC_F_PERSISTENT;
			svc->timeout = (uint32_t)x;
		} else {
			return fail(c, p, "must be true, false or a timeout 1..%d (seconds)",
				    MAX_TIMEOUT);
		}
	}
	if (parse_netmask(c, path, o, svc, &have_mask))
		return -1;
	if (have_mask && !(svc->flags & NFLB_SVC_F_PERSISTENT)) {
		subpath(p, path, "netmask");
		return fail(c, p, "needs a persistent service");
	}
	if (get_bool(c, path, o, "one_packet", &ops))
		return -1;
	if (ops) {
		if (!svc->fwmark && svc->protocol != IPPROTO_UDP) {
			subpath(p, path, "one_packet");
			return fail(c, p, "only for UDP and fwmark services");
		}
		svc->flags |= NFLB_SVC_F_ONEPACKET;
	}
	return 0;
}

static int parse_dest(struct ctx *c, const char *path, json_object *o,
		      const struct nflb_service *svc, struct nflb_dest *d)
{
	static const char *const keys[] = {
		"address", "port", "forward", "weight", "u_threshold",
		"l_threshold", "tun_type", NULL,
	};
	uint32_t port = 0;
	bool have_port, have;
	const char *fwd, *tun;
	char p[PATH_LEN];
	uint16_t af;

	if (!json_object_is_type(o, json_type_object))
		return fail(c, path, "must be an object");
	if (known_keys(c, path, o, keys))
		return -1;
	memset(d, 0, sizeof(*d));
	d->fwd = NFLB_FWD_DR;
	d->weight = 1;
	d->tun_type = NFLB_TUN_IPIP;
	if (get_addr(c, path, o, "address", &af, &d->addr))
		return -1;
	if (af != svc->af) {
		subpath(p, path, "address");
		return fail(c, p, "is %s but the service is %s", af_name(af),
			    af_name(svc->af));
	}
	if (get_str(c, path, o, "forward", &fwd))
		return -1;
	if (fwd) {
		subpath(p, path, "forward");
		if (!strcmp(fwd, "masq"))
			d->fwd = NFLB_FWD_NAT;
		else if (!strcmp(fwd, "route"))
			d->fwd = NFLB_FWD_DR;
		else if (!strcmp(fwd, "tunnel"))
			d->fwd = NFLB_FWD_TUN;
		else
			return fail(c, p, "must be \"masq\", \"route\" or \"tunnel\"");
	}
	if (get_uint(c, path, o, "port", 0, 65535, &port, &have_port))
		return -1;
	d->port = have_port ? (uint16_t)port : svc->port;
	if (!svc->fwmark && d->fwd != NFLB_FWD_NAT && d->port != svc->port) {
		subpath(p, path, "port");
		return fail(c, p, "must be the service's port %u: only \"masq\" can map to another port",
			    svc->port);
	}
	if (get_uint(c, path, o, "weight", 0, 65535, &d->weight, &have) ||
	    get_uint(c, path, o, "u_threshold", 0, MAX_THRESHOLD,
		     &d->u_thresh, &have) ||
	    get_uint(c, path, o, "l_threshold", 0, MAX_THRESHOLD,
		     &d->l_thresh, &have))
		return -1;
	if (d->u_thresh && d->l_thresh > d->u_thresh) {
		subpath(p, path, "l_threshold");
		return fail(c, p, "must not be above u_threshold %u",
			    d->u_thresh);
	}
	if (get_str(c, path, o, "tun_type", &tun))
		return -1;
	if (tun) {
		subpath(p, path, "tun_type");
		if (strcmp(tun, "ipip"))
			return fail(c, p, "must be \"ipip\"");
		if (d->fwd != NFLB_FWD_TUN)
			return fail(c, p, "needs \"forward\": \"tunnel\"");
	}
	return 0;
}

/* Identity of a service or real server, compared with memcmp(). */
struct key {
	uint8_t addr[16];
	uint32_t fwmark;
	uint16_t af, port;
	uint8_t proto, pad[3];
	size_t i;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int r = memcmp(x, y, offsetof(struct key, i));

	if (r)
		return r;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The first duplicate (by position) among @n keys: returns -1 with its
 * position in *@dup and the first of its equals in *@orig, or 0.
 */
static int find_dup(struct key *k, size_t n, size_t *dup, size_t *orig)
{
	size_t i, g = 0, best = (size_t)-1;

	qsort(k, n, sizeof(*k), key_cmp);
	for (i = 1; i < n; i++) {
		if (memcmp(&k[g], &k[i], offsetof(struct key, i))) {
			g = i;
			continue;
		}
		if (k[i].i < best) {
			best = k[i].i;
			*orig = k[g].i;
		}
	}
	if (best == (size_t)-1)
		return 0;
	*dup = best;
	return -1;
}

static int parse_service(struct ctx *c, const char *path, json_object *o,
			 struct nflb_apply_service *as)
{
	static const char *const keys[] = {
		"protocol", "address", "port", "fwmark", "family", "scheduler",
		"persistent", "netmask", "one_packet", "sched_flags",
		"real_servers", NULL,
	};
	struct nflb_service *svc = &as->svc;
	struct nflb_dest *dests = NULL;
	char p[PATH_LEN], q[PATH_LEN];
	json_object *rs;
	struct key *k = NULL;
	size_t i, n = 0, dup, orig;

	if (!json_object_is_type(o, json_type_object))
		return fail(c, path, "must be an object");
	if (known_keys(c, path, o, keys))
		return -1;
	memset(as, 0, sizeof(*as));
	if (parse_identity(c, path, o, svc) || parse_sched(c, path, o, svc) ||
	    parse_persistence(c, path, o, svc))
		return -1;
	if (!json_object_object_get_ex(o, "real_servers", &rs))
		return 0;
	subpath(p, path, "real_servers");
	if (!json_object_is_type(rs, json_type_array))
		return fail(c, p, "must be an array");
	n = json_object_array_length(rs);
	if (!n)
		return 0;
	dests = calloc(n, sizeof(*dests));
	k = calloc(n, sizeof(*k));
	if (!dests || !k) {
		free(dests);
		free(k);
		return fail(c, p, "out of memory");
	}
	for (i = 0; i < n; i++) {
		subindex(q, p, i);
		if (parse_dest(c, q, json_object_array_get_idx(rs, i), svc,
			       &dests[i]))
			goto err;
		memcpy(k[i].addr, &dests[i].addr, sizeof(k[i].addr));
		k[i].port = dests[i].port;
		k[i].i = i;
	}
	if (find_dup(k, n, &dup, &orig)) {
		subindex(q, p, dup);
		fail(c, q, "same real server as real_servers[%zu]", orig);
		goto err;
	}
	free(k);
	as->dests = dests;
	as->ndests = n;
	return 0;
err:
	free(dests);
	free(k);
	return -1;
}

static int parse_root(struct ctx *c, json_object *root,
		      struct nflbadm_state *st)
{
	static const char *const keys[] = { "services", NULL };
	char p[PATH_LEN];
	json_object *svcs;
	struct key *k;
	size_t i, n, dup, orig;

	if (!json_object_is_type(root, json_type_object))
		return fail(c, "top level", "must be an object with \"services\"");
	if (known_keys(c, "", root, keys))
		return -1;
	if (!json_object_object_get_ex(root, "services", &svcs))
		return fail(c, "top level", "needs \"services\" (an array; [] for none)");
	if (!json_object_is_type(svcs, json_type_array))
		return fail(c, "services", "must be an array");
	n = json_object_array_length(svcs);
	if (!n)
		return 0;
	st->svcs = calloc(n, sizeof(*st->svcs));
	k = calloc(n, sizeof(*k));
	if (!st->svcs || !k) {
		free(k);
		return fail(c, "services", "out of memory");
	}
	for (i = 0; i < n; i++) {
		const struct nflb_service *s = &st->svcs[i].svc;

		subindex(p, "services", i);
		if (parse_service(c, p, json_object_array_get_idx(svcs, i),
				  &st->svcs[i])) {
			free(k);
			return -1;
		}
		st->nsvcs = i + 1;
		memcpy(k[i].addr, &s->addr, sizeof(k[i].addr));
		k[i].fwmark = s->fwmark;
		k[i].af = s->af;
		k[i].port = s->port;
		k[i].proto = s->protocol;
		k[i].i = i;
	}
	if (find_dup(k, n, &dup, &orig)) {
		subindex(p, "services", dup);
		fail(c, p, "same service as services[%zu]", orig);
		free(k);
		return -1;
	}
	free(k);
	return 0;
}

int nflbadm_state_parse(const char *text, size_t len, struct nflbadm_state *st,
			char *err, size_t errlen)
{
	struct ctx c = { .err = err, .errlen = errlen };
	enum json_tokener_error jerr;
	json_tokener *tok;
	json_object *root;
	char where[48];
	size_t end, i;
	int ret, line = 1, col = 1;

	memset(st, 0, sizeof(*st));
	if (err && errlen)
		err[0] = '\0';
	if (len > INT32_MAX)
		return fail(&c, "input", "too large");
	tok = json_tokener_new();
	if (!tok)
		return fail(&c, "input", "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		json_tokener_free(tok);
		return fail(&c, "input", "JSON syntax error: unexpected end of input");
	}
	if (jerr != json_tokener_success || !root) {
		for (i = 0; i < end && i < len; i++) {
			if (text[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		json_tokener_free(tok);
		snprintf(where, sizeof(where), "line %d, column %d", line, col);
		return fail(&c, where, "JSON syntax error: %s",
			    json_tokener_error_desc(jerr));
	}
	json_tokener_free(tok);
	for (i = end; i < len; i++)
		if (!strchr(" \t\r\n", text[i]))
			break;
	if (i < len) {
		json_object_put(root);
		return fail(&c, "input", "JSON syntax error: text after the top-level value");
	}
	ret = parse_root(&c, root, st);
	json_object_put(root);
	if (ret)
		nflbadm_state_free(st);
	return ret;
}

void nflbadm_state_free(struct nflbadm_state *st)
{
	size_t i;

	for (i = 0; st->svcs && i < st->nsvcs; i++)
		free((void *)st->svcs[i].dests);
	free(st->svcs);
	memset(st, 0, sizeof(*st));
}
