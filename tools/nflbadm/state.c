// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * state.c: read the desired state of `nflbadm apply` (state.h).
 *
 * json-c parses; this file walks the tree with a path ("services[3].port")
 * for the messages (the helpers, shared with nflb-healthd's configuration,
 * in ../common/jsonread.c), checks every value, fills in defaults and
 * refuses duplicates, so that apply changes nothing unless the whole file
 * is valid.  Unknown keys are errors: a typo must not pass as a default.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json.h>

#include "../common/jsonread.h"
#include "state.h"

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define MAX_TIMEOUT		2678400		/* 31 days, as ipvsadm */
#define DEF_TIMEOUT		360
#define MAX_THRESHOLD		2147483647
#define MSG_PATH_LEN		128	/* paths in messages: 127 characters */

/*
 * Keys apply takes and ignores: nflb-healthd's (Documentation/healthd.rst;
 * one file may describe both) and the kernel's figures that `nflbadm -L
 * -j` adds to an object (a listing applies back).
 */
static const char *const healthd_keys[] = { "check", NULL };
static const char *const svc_ignored[] = { "check", "stats", NULL };
static const char *const rule_ignored[] = { "stats", NULL };
static const char *const dest_ignored[] = {
	"check", "active_conns", "inactive_conns", "persistent_conns",
	"health", "health_by", "health_age", "stats", NULL,
};

static int parse_identity(struct jr_ctx *c, const char *path, json_object *o,
			  struct nflb_service *svc)
{
	if (jr_get_service_id(c, path, o, svc))
		return -1;
	svc->netmask = svc->af == AF_INET6 ? 128 : 32;
	return 0;
}

static int parse_netmask(struct jr_ctx *c, const char *path, json_object *o,
			 struct nflb_service *svc, bool *have)
{
	char p[JR_PATH_LEN];
	json_object *v;
	struct in_addr in;
	uint32_t m, n;

	*have = json_object_object_get_ex(o, "netmask", &v);
	if (!*have)
		return 0;
	jr_subpath(p, path, "netmask");
	if (json_object_is_type(v, json_type_int)) {
		int64_t x = json_object_get_int64(v);
		int64_t lo = svc->af == AF_INET6 ? 1 : 0;
		int64_t hi = svc->af == AF_INET6 ? 128 : 32;

		if (x < lo || x > hi)
			return jr_fail(c, p, "must be a prefix length %" PRId64 "..%" PRId64,
				       lo, hi);
		svc->netmask = (uint8_t)x;
		return 0;
	}
	if (svc->af != AF_INET6 && json_object_is_type(v, json_type_string) &&
	    inet_pton(AF_INET, json_object_get_string(v), &in) == 1) {
		m = ntohl(in.s_addr);
		if (m & (~m >> 1))
			return jr_fail(c, p, "mask is not contiguous");
		for (n = 0; m; m <<= 1)
			n++;
		svc->netmask = (uint8_t)n;
		return 0;
	}
	return jr_fail(c, p, svc->af == AF_INET6 ?
		       "must be a prefix length 1..128" :
		       "must be a prefix length 0..32 or a mask like \"255.255.255.0\"");
}

static int parse_sched(struct jr_ctx *c, const char *path, json_object *o,
		       struct nflb_service *svc)
{
	const char *s, *need;
	char p[JR_PATH_LEN], q[JR_PATH_LEN];
	json_object *v;
	uint32_t flag;
	size_t i, n;

	if (jr_get_str(c, path, o, "scheduler", &s))
		return -1;
	jr_subpath(p, path, "scheduler");
	if (!s)
		s = "wlc";
	if (!nflb_sched_known(s))
		return jr_fail(c, p, "unknown scheduler \"%s\": must be one of rr wrr lc wlc sh mh",
				       s);
	strcpy(svc->sched, s);

	if (!json_object_object_get_ex(o, "sched_flags", &v))
		return 0;
	jr_subpath(p, path, "sched_flags");
	if (!json_object_is_type(v, json_type_array))
		return jr_fail(c, p, "must be an array of \"sh-fallback\", \"sh-port\", \"mh-fallback\", \"mh-port\"");
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);
		const char *name;

		jr_subindex(q, p, i);
		if (!json_object_is_type(e, json_type_string))
			return jr_fail(c, q, "must be a string");
		name = json_object_get_string(e);
		flag = nflb_sched_flag_parse(name, strlen(name), &need);
		if (!flag)
			return jr_fail(c, q, "unknown scheduler flag \"%s\": must be one of \"sh-fallback\", \"sh-port\", \"mh-fallback\", \"mh-port\"",
				       name);
		if (strcmp(need, svc->sched))
			return jr_fail(c, q, "needs scheduler %s, not %s",
				       need, svc->sched);
		svc->flags |= flag;
	}
	return 0;
}

static int parse_persistence(struct jr_ctx *c, const char *path, json_object *o,
			     struct nflb_service *svc)
{
	bool have_mask, ops = false;
	char p[JR_PATH_LEN];
	json_object *v;

	jr_subpath(p, path, "persistent");
	if (json_object_object_get_ex(o, "persistent", &v)) {
		if (json_object_is_type(v, json_type_boolean)) {
			if (json_object_get_boolean(v)) {
				svc->flags |= NFLB_SVC_F_PERSISTENT;
				svc->timeout = DEF_TIMEOUT;
			}
		} else if (json_object_is_type(v, json_type_int)) {
			int64_t x = json_object_get_int64(v);

			if (x < 1 || x > MAX_TIMEOUT)
				return jr_fail(c, p, "must be true, false or a timeout 1..%d (seconds)",
					       MAX_TIMEOUT);
			svc->flags |= NFLB_SVC_F_PERSISTENT;
			svc->timeout = (uint32_t)x;
		} else {
			return jr_fail(c, p, "must be true, false or a timeout 1..%d (seconds)",
				       MAX_TIMEOUT);
		}
	}
	if (parse_netmask(c, path, o, svc, &have_mask))
		return -1;
	if (have_mask && !(svc->flags & NFLB_SVC_F_PERSISTENT)) {
		jr_subpath(p, path, "netmask");
		return jr_fail(c, p, "needs a persistent service");
	}
	if (jr_get_bool(c, path, o, "one_packet", &ops))
		return -1;
	if (ops) {
		if (!svc->fwmark && svc->protocol != IPPROTO_UDP) {
			jr_subpath(p, path, "one_packet");
			return jr_fail(c, p, "only for UDP and fwmark services");
		}
		svc->flags |= NFLB_SVC_F_ONEPACKET;
	}
	return 0;
}

/* A real server; of an SNI service or rule when @svc is in SNI mode. */
static int parse_dest(struct jr_ctx *c, const char *path, json_object *o,
		      const struct nflb_service *svc, struct nflb_dest *d)
{
	static const char *const keys[] = {
		"address", "port", "forward", "weight", "u_threshold",
		"l_threshold", "tun_type", NULL,
	};
	uint32_t port = 0;
	bool have_port, have;
	const char *fwd, *tun;
	char p[JR_PATH_LEN];

	if (!json_object_is_type(o, json_type_object))
		return jr_fail(c, path, "must be an object");
	if (jr_known_keys(c, path, o, keys, dest_ignored))
		return -1;
	memset(d, 0, sizeof(*d));
	d->fwd = svc->flags & NFLB_SVC_F_SNI ? NFLB_FWD_NAT : NFLB_FWD_DR;
	d->weight = 1;
	d->tun_type = NFLB_TUN_IPIP;
	if (jr_get_dest_addr(c, path, o, svc->af, &d->addr) ||
	    jr_get_str(c, path, o, "forward", &fwd))
		return -1;
	if (fwd) {
		int m = nflb_fwd_parse(fwd);

		jr_subpath(p, path, "forward");
		if (m < 0)
			return jr_fail(c, p, "unknown forwarding method \"%s\": must be \"masq\", \"route\" or \"tunnel\"",
				       fwd);
		d->fwd = (uint8_t)m;
		if ((svc->flags & NFLB_SVC_F_SNI) && d->fwd != NFLB_FWD_NAT)
			return jr_fail(c, p, "must be \"masq\": SNI services forward by masquerading only");
	}
	if (jr_get_uint(c, path, o, "port", 0, 65535, &port, &have_port))
		return -1;
	d->port = have_port ? (uint16_t)port : svc->port;
	if (!svc->fwmark && d->fwd != NFLB_FWD_NAT && d->port != svc->port) {
		jr_subpath(p, path, "port");
		return jr_fail(c, p, "must be the service's port %u: only \"masq\" can map to another port",
			       svc->port);
	}
	if (jr_get_uint(c, path, o, "weight", 0, 65535, &d->weight, &have) ||
	    jr_get_uint(c, path, o, "u_threshold", 0, MAX_THRESHOLD,
			&d->u_thresh, &have) ||
	    jr_get_uint(c, path, o, "l_threshold", 0, MAX_THRESHOLD,
			&d->l_thresh, &have))
		return -1;
	if (d->u_thresh && d->l_thresh > d->u_thresh) {
		jr_subpath(p, path, "l_threshold");
		return jr_fail(c, p, "must not be above u_threshold %u",
			       d->u_thresh);
	}
	if (jr_get_str(c, path, o, "tun_type", &tun))
		return -1;
	if (tun) {
		jr_subpath(p, path, "tun_type");
		if (strcmp(tun, "ipip"))
			return jr_fail(c, p, "must be \"ipip\"");
		if (d->fwd != NFLB_FWD_TUN)
			return jr_fail(c, p, "needs \"forward\": \"tunnel\"");
	}
	return 0;
}

static int parse_dests(struct jr_ctx *c, const char *path, json_object *o,
		       const struct nflb_service *svc,
		       const struct nflb_dest **dp, size_t *np);

static int parse_rule(struct jr_ctx *c, const char *path, json_object *o,
		      const struct nflb_service *svc, struct nflb_apply_rule *r)
{
	static const char *const keys[] = {
		"name", "scheduler", "sched_flags", "persistent", "netmask",
		"real_servers", NULL,
	};
	struct nflb_service view = *svc;
	char p[JR_PATH_LEN];
	const char *name;

	if (!json_object_is_type(o, json_type_object))
		return jr_fail(c, path, "must be an object");
	if (jr_known_keys(c, path, o, keys, rule_ignored) ||
	    jr_get_str(c, path, o, "name", &name))
		return -1;
	jr_subpath(p, path, "name");
	if (!name)
		return jr_fail(c, path, "needs \"name\"");
	if (!nflb_sni_rule_normalize(name, r->rule.name, sizeof(r->rule.name)))
		return jr_fail(c, p, "not a host name or *.host name");
	/* The service's parsers, on a copy with the rule's settings. */
	view.flags = NFLB_SVC_F_SNI;
	view.timeout = 0;
	view.netmask = svc->af == AF_INET6 ? 128 : 32;
	if (parse_sched(c, path, o, &view) ||
	    parse_persistence(c, path, o, &view) ||
	    parse_dests(c, path, o, &view, &r->dests, &r->ndests))
		return -1;
	memcpy(r->rule.sched, view.sched, sizeof(r->rule.sched));
	r->rule.flags = view.flags & NFLB_SNI_RULE_F_ALL;
	r->rule.timeout = view.timeout;
	r->rule.netmask = view.netmask;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	const struct nflb_apply_rule *x = *(const struct nflb_apply_rule * const *)a;
	const struct nflb_apply_rule *y = *(const struct nflb_apply_rule * const *)b;
	int r = strcmp(x->rule.name, y->rule.name);

	return r ? r : (x > y) - (x < y);
}

/* The first rule (by position) whose name an earlier one has, or 0. */
static int find_dup_rule(struct nflb_apply_rule *rules, size_t n, size_t *dup,
			 size_t *orig)
{
	struct nflb_apply_rule **v = calloc(n, sizeof(*v));
	size_t i, g = 0, best = (size_t)-1;

	if (!v)
		return 0;
	for (i = 0; i < n; i++)
		v[i] = &rules[i];
	qsort(v, n, sizeof(*v), name_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(v[g]->rule.name, v[i]->rule.name)) {
			g = i;
			continue;
		}
		if ((size_t)(v[i] - rules) < best) {
			best = (size_t)(v[i] - rules);
			*orig = (size_t)(v[g] - rules);
		}
	}
	free(v);
	if (best == (size_t)-1)
		return 0;
	*dup = best;
	return -1;
}

/* A service's "sni": {"default": ..., "rules": [...]}. */
static int parse_sni(struct jr_ctx *c, const char *path, json_object *o,
		     struct nflb_apply_service *as)
{
	struct nflb_service *svc = &as->svc;
	struct nflb_apply_rule *v;
	static const char *const keys[] = { "default", "rules", NULL };
	char p[JR_PATH_LEN], q[JR_PATH_LEN];
	const char *def;
	json_object *rules;
	size_t i, n, dup, orig;

	if (!json_object_is_type(o, json_type_object))
		return jr_fail(c, path, "must be an object");
	if (jr_known_keys(c, path, o, keys, NULL) ||
	    jr_get_str(c, path, o, "default", &def))
		return -1;
	if (def && !strcmp(def, "reset")) {
		svc->sni_default = NFLB_SNI_DEFAULT_RESET;
	} else if (def && strcmp(def, "servers")) {
		jr_subpath(p, path, "default");
		return jr_fail(c, p, "must be \"servers\" or \"reset\"");
	}
	if (!json_object_object_get_ex(o, "rules", &rules))
		return 0;
	jr_subpath(p, path, "rules");
	if (!json_object_is_type(rules, json_type_array))
		return jr_fail(c, p, "must be an array");
	n = json_object_array_length(rules);
	if (!n)
		return 0;
	v = calloc(n, sizeof(*v));
	if (!v)
		return jr_fail(c, p, "out of memory");
	as->rules = v;
	for (i = 0; i < n; i++) {
		jr_subindex(q, p, i);
		if (parse_rule(c, q, json_object_array_get_idx(rules, i), svc,
			       &v[i]))
			return -1;
		as->nrules = i + 1;
	}
	if (find_dup_rule(v, n, &dup, &orig)) {
		jr_subindex(q, p, dup);
		return jr_fail(c, q, "same rule as rules[%zu] (\"%s\")", orig,
			       v[dup].rule.name);
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

/* "real_servers" of @o, a service or SNI rule with @svc's identity. */
static int parse_dests(struct jr_ctx *c, const char *path, json_object *o,
		       const struct nflb_service *svc,
		       const struct nflb_dest **dp, size_t *np)
{
	struct nflb_dest *dests = NULL;
	char p[JR_PATH_LEN], q[JR_PATH_LEN];
	json_object *rs;
	struct key *k = NULL;
	size_t i, n = 0, dup, orig;

	*dp = NULL;
	*np = 0;
	if (!json_object_object_get_ex(o, "real_servers", &rs))
		return 0;
	jr_subpath(p, path, "real_servers");
	if (!json_object_is_type(rs, json_type_array))
		return jr_fail(c, p, "must be an array");
	n = json_object_array_length(rs);
	if (!n)
		return 0;
	dests = calloc(n, sizeof(*dests));
	k = calloc(n, sizeof(*k));
	if (!dests || !k) {
		free(dests);
		free(k);
		return jr_fail(c, p, "out of memory");
	}
	for (i = 0; i < n; i++) {
		jr_subindex(q, p, i);
		if (parse_dest(c, q, json_object_array_get_idx(rs, i), svc,
			       &dests[i]))
			goto err;
		memcpy(k[i].addr, &dests[i].addr, sizeof(k[i].addr));
		k[i].port = dests[i].port;
		k[i].i = i;
	}
	if (find_dup(k, n, &dup, &orig)) {
		jr_subindex(q, p, dup);
		jr_fail(c, q, "same real server as real_servers[%zu]", orig);
		goto err;
	}
	free(k);
	*dp = dests;
	*np = n;
	return 0;
err:
	free(dests);
	free(k);
	return -1;
}

static const char *af_name(uint16_t af)
{
	return af == AF_INET6 ? "IPv6" : "IPv4";
}

/*
 * "source_ranges": ["192.0.2.0/24", ...]: distinct prefixes of the
 * service's family, host bits clear, at most NFLB_MAX_SOURCE_RANGES.
 */
static int parse_src_ranges(struct jr_ctx *c, const char *path, json_object *o,
			    struct nflb_service *svc)
{
	char p[JR_PATH_LEN], q[JR_PATH_LEN];
	json_object *v, *e;
	const char *why;
	size_t i, j, n;
	uint16_t af;

	if (!json_object_object_get_ex(o, "source_ranges", &v))
		return 0;
	jr_subpath(p, path, "source_ranges");
	if (!json_object_is_type(v, json_type_array))
		return jr_fail(c, p, "must be an array of prefixes like \"192.0.2.0/24\"");
	n = json_object_array_length(v);
	if (n > NFLB_MAX_SOURCE_RANGES)
		return jr_fail(c, p, "%zu prefixes: at most %d", n,
			       NFLB_MAX_SOURCE_RANGES);
	for (i = 0; i < n; i++) {
		struct nflb_prefix *pf = &svc->src_ranges[i];

		e = json_object_array_get_idx(v, i);
		jr_subindex(q, p, i);
		if (!json_object_is_type(e, json_type_string))
			return jr_fail(c, q, "must be a prefix like \"192.0.2.0/24\"");
		why = nflb_prefix_parse(json_object_get_string(e), &af, pf);
		if (why)
			return jr_fail(c, q, "%s", why);
		if (af != svc->af)
			return jr_fail(c, q, "is %s but the service is %s",
				       af_name(af), af_name(svc->af));
		for (j = 0; j < i; j++)
			if (svc->src_ranges[j].len == pf->len &&
			    nflb_addr_same(af, &svc->src_ranges[j].addr, &pf->addr))
				return jr_fail(c, q, "same prefix as source_ranges[%zu]", j);
		svc->nsrc_ranges = (uint8_t)(i + 1);
	}
	return 0;
}

static int parse_service(struct jr_ctx *c, const char *path, json_object *o,
			 struct nflb_apply_service *as)
{
	static const char *const keys[] = {
		"protocol", "address", "port", "fwmark", "family", "scheduler",
		"persistent", "netmask", "one_packet", "sched_flags",
		"real_servers", "sni", "source_ranges", NULL,
	};
	struct nflb_service *svc = &as->svc;
	char p[JR_PATH_LEN];
	json_object *v;

	if (!json_object_is_type(o, json_type_object))
		return jr_fail(c, path, "must be an object");
	if (jr_known_keys(c, path, o, keys, svc_ignored))
		return -1;
	memset(as, 0, sizeof(*as));
	if (parse_identity(c, path, o, svc) || parse_sched(c, path, o, svc) ||
	    parse_persistence(c, path, o, svc) ||
	    parse_src_ranges(c, path, o, svc))
		return -1;
	if (json_object_object_get_ex(o, "sni", &v)) {
		jr_subpath(p, path, "sni");
		if (svc->fwmark || svc->protocol != IPPROTO_TCP)
			return jr_fail(c, p, "only for TCP services with an address and port");
		svc->flags |= NFLB_SVC_F_SNI;
	}
	if (parse_dests(c, path, o, svc, &as->dests, &as->ndests))
		return -1;
	if (!(svc->flags & NFLB_SVC_F_SNI))
		return 0;
	return parse_sni(c, p, v, as);
}

/* "config": {"tcp_timeout": 900, ...}, settings by libnflb's names. */
static int parse_config(struct jr_ctx *c, json_object *o,
			struct nflb_config *cfg)
{
	char p[JR_PATH_LEN];
	json_object_iter it;
	bool have;
	int attr;

	if (!json_object_is_type(o, json_type_object))
		return jr_fail(c, "config", "must be an object");
	json_object_object_foreachC(o, it) {
		jr_subpath(p, "config", it.key);
		attr = nflb_config_attr(it.key);
		/* Only the underscore spelling, as nflbadm export writes. */
		if (attr < 0 || strchr(it.key, '-'))
			return jr_fail(c, p, "unknown setting");
		if (!nflb_config_max((unsigned int)attr))
			return jr_fail(c, p, "is the host's: no namespace sets it");
		if (jr_get_uint(c, "config", o, it.key, 1,
				nflb_config_max((unsigned int)attr),
				&cfg->val[attr], &have))
			return -1;
		cfg->have |= NFLB_CONFIG_BIT(attr);
	}
	return 0;
}

static int parse_root(struct jr_ctx *c, json_object *root,
		      struct nflbadm_state *st)
{
	static const char *const keys[] = { "services", "config", NULL };
	char p[JR_PATH_LEN];
	json_object *svcs, *cfg;
	struct key *k;
	size_t i, n, dup, orig;

	if (!json_object_is_type(root, json_type_object))
		return jr_fail(c, "top level", "must be an object with \"services\"");
	if (jr_known_keys(c, "", root, keys, healthd_keys))
		return -1;
	if (json_object_object_get_ex(root, "config", &cfg) &&
	    parse_config(c, cfg, &st->config))
		return -1;
	if (!json_object_object_get_ex(root, "services", &svcs))
		return jr_fail(c, "top level", "needs \"services\" (an array; [] for none)");
	if (!json_object_is_type(svcs, json_type_array))
		return jr_fail(c, "services", "must be an array");
	n = json_object_array_length(svcs);
	if (!n)
		return 0;
	st->svcs = calloc(n, sizeof(*st->svcs));
	k = calloc(n, sizeof(*k));
	if (!st->svcs || !k) {
		free(k);
		return jr_fail(c, "services", "out of memory");
	}
	for (i = 0; i < n; i++) {
		const struct nflb_service *s = &st->svcs[i].svc;

		jr_subindex(p, "services", i);
		st->nsvcs = i + 1;
		if (parse_service(c, p, json_object_array_get_idx(svcs, i),
				  &st->svcs[i])) {
			free(k);
			return -1;
		}
		memcpy(k[i].addr, &s->addr, sizeof(k[i].addr));
		k[i].fwmark = s->fwmark;
		k[i].af = s->af;
		k[i].port = s->port;
		k[i].proto = s->protocol;
		k[i].i = i;
	}
	if (find_dup(k, n, &dup, &orig)) {
		jr_subindex(p, "services", dup);
		jr_fail(c, p, "same service as services[%zu]", orig);
		free(k);
		return -1;
	}
	free(k);
	return 0;
}

int nflbadm_state_parse(const char *text, size_t len, struct nflbadm_state *st,
			char *err, size_t errlen)
{
	struct jr_ctx c = {
		.err = err, .errlen = errlen, .path_len = MSG_PATH_LEN,
	};
	json_object *root;
	int ret;

	memset(st, 0, sizeof(*st));
	root = jr_parse(&c, text, len, INT32_MAX);
	if (!root)
		return -1;
	ret = parse_root(&c, root, st);
	json_object_put(root);
	if (ret)
		nflbadm_state_free(st);
	return ret;
}

void nflbadm_state_free(struct nflbadm_state *st)
{
	struct nflb_state lib = { .svcs = st->svcs, .nsvcs = st->nsvcs };

	nflb_state_free(&lib);
	memset(st, 0, sizeof(*st));
}
