// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * config.c: read nflb-healthd's configuration (config.h).
 *
 * json-c parses; this file walks the tree with a path
 * ("services[3].check.interval") for the messages, checks every value,
 * fills in defaults and refuses duplicates.  Services and real servers are
 * identified as in `nflbadm apply`'s state file, whose other keys are
 * accepted and ignored so that one file can describe both.  Unknown keys
 * are errors: a typo must not pass as a default.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"

#define PATH_LEN		192
#define MAX_FILE		(16 << 20)

struct ctx {
	char *err;
	size_t errlen;
	struct hd_config *cfg;
};

static int fail(struct ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "PATH: reason", one line whatever the input holds. */
static int fail(struct ctx *c, const char *path, const char *fmt, ...)
{
	va_list ap;
	size_t n;
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

static void subindex(char *buf, const char *path, size_t i)
{
	char idx[24];

	snprintf(idx, sizeof(idx), "[%zu]", i);
	join(buf, path, idx, "");
}

/* Zeroed memory that lives as long as the config. */
static void *cfg_alloc(struct ctx *c, size_t n, size_t size)
{
	struct hd_config *cfg = c->cfg;
	void **mem;
	void *p;

	mem = realloc(cfg->mem, (cfg->nmem + 1) * sizeof(*mem));
	if (!mem)
		return NULL;
	cfg->mem = mem;
	p = calloc(n ? n : 1, size);
	if (p)
		cfg->mem[cfg->nmem++] = p;
	return p;
}

/* Every key of @obj is one of @keys or of @ignored (NULL-terminated). */
static int known_keys(struct ctx *c, const char *path, json_object *obj,
		      const char *const *keys, const char *const *ignored)
{
	json_object_iter it;
	char p[PATH_LEN];
	size_t i;

	json_object_object_foreachC(obj, it) {
		for (i = 0; keys[i]; i++)
			if (!strcmp(it.key, keys[i]))
				break;
		if (keys[i])
			continue;
		for (i = 0; ignored && ignored[i]; i++)
			if (!strcmp(it.key, ignored[i]))
				break;
		if (ignored && ignored[i])
			continue;
		subpath(p, path, it.key);
		return fail(c, p, "unknown key");
	}
	return 0;
}

static json_object *get(json_object *obj, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

/* An integer in [min, max]; *@have false when the key is absent. */
static int get_uint(struct ctx *c, const char *path, json_object *obj,
		    const char *key, int64_t min, int64_t max, uint32_t *out,
		    bool *have)
{
	json_object *v = get(obj, key);
	char p[PATH_LEN];
	int64_t x;

	*have = v != NULL;
	if (!v)
		return 0;
	subpath(p, path, key);
	if (!json_object_is_type(v, json_type_int))
		return fail(c, p, "must be an integer %" PRId64 "..%" PRId64,
			    min, max);
	x = json_object_get_int64(v);
	if (x < min || x > max)
		return fail(c, p, "must be %" PRId64 "..%" PRId64, min, max);
	*out = (uint32_t)x;
	return 0;
}

/* Seconds (an integer or a decimal) in [min_ms, max_ms], to milliseconds. */
static int get_secs(struct ctx *c, const char *path, json_object *obj,
		    const char *key, uint32_t min_ms, uint32_t max_ms,
		    uint32_t *out_ms, bool *have)
{
	json_object *v = get(obj, key);
	char p[PATH_LEN];
	double x;

	*have = v != NULL;
	if (!v)
		return 0;
	subpath(p, path, key);
	if (!json_object_is_type(v, json_type_int) &&
	    !json_object_is_type(v, json_type_double))
		return fail(c, p, "must be a number of seconds %g..%g",
			    min_ms / 1000.0, max_ms / 1000.0);
	x = json_object_get_double(v) * 1000.0;
	if (!(x >= min_ms && x <= max_ms))
		return fail(c, p, "must be %g..%g (seconds)", min_ms / 1000.0,
			    max_ms / 1000.0);
	*out_ms = (uint32_t)(x + 0.5);
	return 0;
}

/* A string, or NULL when absent. */
static int get_str(struct ctx *c, const char *path, json_object *obj,
		   const char *key, const char **out)
{
	json_object *v = get(obj, key);
	char p[PATH_LEN];

	*out = NULL;
	if (!v)
		return 0;
	subpath(p, path, key);
	if (!json_object_is_type(v, json_type_string))
		return fail(c, p, "must be a string");
	*out = json_object_get_string(v);
	if (!**out)
		return fail(c, p, "must not be empty");
	return 0;
}

static int parse_addr(struct ctx *c, const char *path, const char *s,
		      uint16_t *af, union nflb_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, s, addr) == 1) {
		*af = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) == 1) {
		*af = AF_INET6;
		return 0;
	}
	return fail(c, path, "must be a numeric IPv4 or IPv6 address");
}

/* Printable ASCII without spaces. */
static bool token_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static bool hostname_ok(const char *s)
{
	size_t n = strlen(s);

	if (n > 253)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
			return false;
	return true;
}

const char *hd_type_name(enum hd_type type)
{
	static const char *const names[] = {
		[HD_TCP] = "tcp", [HD_HTTP] = "http", [HD_HTTPS] = "https",
		[HD_EXEC] = "exec",
	};

	return names[type];
}

/* The type-specific settings of a fresh check of @type. */
static void type_defaults(struct hd_check *chk, enum hd_type type)
{
	chk->type = type;
	chk->method = "GET";
	chk->path = "/";
	chk->host = NULL;
	chk->body = NULL;
	chk->status[0].lo = 200;
	chk->status[0].hi = 399;
	chk->nstatus = 1;
	chk->server_name = NULL;
	chk->ca_file = NULL;
	chk->verify = false;
	chk->argv = NULL;
}

static void check_defaults(struct hd_check *chk)
{
	memset(chk, 0, sizeof(*chk));
	type_defaults(chk, HD_TCP);
	chk->interval_ms = 2000;
	chk->timeout_ms = 2000;
	chk->jitter_ms = 2000;
	chk->rise = 2;
	chk->fall = 3;
	chk->initial = NFLB_HEALTH_UP;
}

/* "status": 200, "200-299" or an array of them. */
static int parse_status_one(struct ctx *c, const char *path, json_object *v,
			    struct hd_range *r)
{
	static const char msg[] = "must be a status 100..599 or a range like \"200-299\"";
	unsigned int lo, hi;
	int n = 0;

	if (json_object_is_type(v, json_type_int)) {
		int64_t x = json_object_get_int64(v);

		if (x < 100 || x > 599)
			return fail(c, path, msg);
		r->lo = r->hi = (uint16_t)x;
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return fail(c, path, msg);
	if (sscanf(json_object_get_string(v), "%3u-%3u%n", &lo, &hi, &n) == 2 &&
	    !json_object_get_string(v)[n]) {
		if (lo < 100 || hi > 599 || lo > hi)
			return fail(c, path, msg);
	} else if (sscanf(json_object_get_string(v), "%3u%n", &lo, &n) == 1 &&
		   !json_object_get_string(v)[n]) {
		if (lo < 100 || lo > 599)
			return fail(c, path, msg);
		hi = lo;
	} else {
		return fail(c, path, msg);
	}
	r->lo = (uint16_t)lo;
	r->hi = (uint16_t)hi;
	return 0;
}

static int parse_status(struct ctx *c, const char *path, json_object *v,
			struct hd_check *chk)
{
	char q[PATH_LEN];
	size_t i, n;

	if (!json_object_is_type(v, json_type_array)) {
		chk->nstatus = 1;
		return parse_status_one(c, path, v, &chk->status[0]);
	}
	n = json_object_array_length(v);
	if (!n || n > HD_MAX_RANGES)
		return fail(c, path, "must list 1..%d statuses or ranges",
			    HD_MAX_RANGES);
	for (i = 0; i < n; i++) {
		subindex(q, path, i);
		if (parse_status_one(c, q, json_object_array_get_idx(v, i),
				     &chk->status[i]))
			return -1;
	}
	chk->nstatus = n;
	return 0;
}

static int parse_command(struct ctx *c, const char *path, json_object *v,
			 struct hd_check *chk)
{
	char q[PATH_LEN];
	size_t i, n;

	if (!json_object_is_type(v, json_type_array) ||
	    !(n = json_object_array_length(v)))
		return fail(c, path, "must be an array of strings: the program and its arguments");
	chk->argv = cfg_alloc(c, n + 1, sizeof(*chk->argv));
	if (!chk->argv)
		return fail(c, path, "out of memory");
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);

		subindex(q, path, i);
		if (!json_object_is_type(e, json_type_string))
			return fail(c, q, "must be a string");
		chk->argv[i] = (char *)json_object_get_string(e);
	}
	subindex(q, path, 0);
	if (!*chk->argv[0])
		return fail(c, q, "must name a program");
	if (strchr(chk->argv[0], '/') && access(chk->argv[0], X_OK))
		return fail(c, q, "cannot run %s: %s", chk->argv[0],
			    strerror(errno));
	return 0;
}

/* Keys that only some check types take, and which. */
static int type_key(struct ctx *c, const char *path, json_object *o,
		    const char *key, const struct hd_check *chk, unsigned int types,
		    const char *which)
{
	char p[PATH_LEN];

	if (!get(o, key) || (types & (1U << chk->type)))
		return 0;
	subpath(p, path, key);
	return fail(c, p, "only for %s checks, not %s", which,
		    hd_type_name(chk->type));
}

#define T_HTTP	((1U << HD_HTTP) | (1U << HD_HTTPS))
#define T_HTTPS	(1U << HD_HTTPS)
#define T_EXEC	(1U << HD_EXEC)

/*
 * A "check" object at @path over @base: the keys it has replace @base's.
 * Changing the type drops @base's type-specific settings.
 */
static int parse_check(struct ctx *c, const char *path, json_object *o,
		       const struct hd_check *base, struct hd_check *chk)
{
	static const char *const keys[] = {
		"type", "interval", "timeout", "jitter", "rise", "fall",
		"initial", "address", "port", "method", "path", "host",
		"status", "body_contains", "server_name", "verify", "ca_file",
		"command", NULL,
	};
	static const char *const types[] = { "tcp", "http", "https", "exec" };
	bool have_to, have_jit, have;
	const char *s;
	char p[PATH_LEN];
	json_object *v;
	uint32_t port;
	size_t i;

	if (!json_object_is_type(o, json_type_object))
		return fail(c, path, "must be an object");
	if (known_keys(c, path, o, keys, NULL))
		return -1;
	*chk = *base;
	if (get_str(c, path, o, "type", &s))
		return -1;
	if (s) {
		for (i = 0; i < 4; i++)
			if (!strcmp(s, types[i]))
				break;
		subpath(p, path, "type");
		if (i == 4)
			return fail(c, p, "must be \"tcp\", \"http\", \"https\" or \"exec\"");
		if ((enum hd_type)i != chk->type)
			type_defaults(chk, (enum hd_type)i);
	}
	if (get_secs(c, path, o, "interval", 100, 3600000, &chk->interval_ms,
		     &have) ||
	    get_secs(c, path, o, "timeout", 100, 600000, &chk->timeout_ms,
		     &have_to) ||
	    get_secs(c, path, o, "jitter", 0, 3600000, &chk->jitter_ms,
		     &have_jit) ||
	    get_uint(c, path, o, "rise", 1, 100, &chk->rise, &have) ||
	    get_uint(c, path, o, "fall", 1, 100, &chk->fall, &have))
		return -1;
	if (have_to)
		chk->timeout_set = true;
	if (have_jit)
		chk->jitter_set = true;
	if (get_str(c, path, o, "initial", &s))
		return -1;
	if (s) {
		subpath(p, path, "initial");
		if (!strcmp(s, "up"))
			chk->initial = NFLB_HEALTH_UP;
		else if (!strcmp(s, "down"))
			chk->initial = NFLB_HEALTH_DOWN;
		else
			return fail(c, p, "must be \"up\" or \"down\"");
	}
	if (get_str(c, path, o, "address", &s))
		return -1;
	if (s) {
		subpath(p, path, "address");
		if (parse_addr(c, p, s, &chk->af, &chk->addr))
			return -1;
		chk->has_addr = true;
	}
	if (get_uint(c, path, o, "port", 1, 65535, &port, &have))
		return -1;
	if (have)
		chk->port = (uint16_t)port;

	if (type_key(c, path, o, "method", chk, T_HTTP, "http and https") ||
	    type_key(c, path, o, "path", chk, T_HTTP, "http and https") ||
	    type_key(c, path, o, "host", chk, T_HTTP, "http and https") ||
	    type_key(c, path, o, "status", chk, T_HTTP, "http and https") ||
	    type_key(c, path, o, "body_contains", chk, T_HTTP, "http and https") ||
	    type_key(c, path, o, "server_name", chk, T_HTTPS, "https") ||
	    type_key(c, path, o, "verify", chk, T_HTTPS, "https") ||
	    type_key(c, path, o, "ca_file", chk, T_HTTPS, "https") ||
	    type_key(c, path, o, "command", chk, T_EXEC, "exec"))
		return -1;
	if (get_str(c, path, o, "method", &s))
		return -1;
	if (s) {
		subpath(p, path, "method");
		if (strcmp(s, "GET") && strcmp(s, "HEAD") && strcmp(s, "OPTIONS"))
			return fail(c, p, "must be \"GET\", \"HEAD\" or \"OPTIONS\"");
		chk->method = s;
	}
	if (get_str(c, path, o, "path", &s))
		return -1;
	if (s) {
		subpath(p, path, "path");
		if (s[0] != '/' || !token_ok(s))
			return fail(c, p, "must start with \"/\" and hold no spaces or control characters");
		chk->path = s;
	}
	if (get_str(c, path, o, "host", &s))
		return -1;
	if (s) {
		subpath(p, path, "host");
		if (!token_ok(s))
			return fail(c, p, "must hold no spaces or control characters");
		chk->host = s;
	}
	if ((v = get(o, "status"))) {
		subpath(p, path, "status");
		if (parse_status(c, p, v, chk))
			return -1;
	}
	if (get_str(c, path, o, "body_contains", &chk->body))
		return -1;
	if (!get(o, "body_contains") && base->type == chk->type)
		chk->body = base->body;
	if (get_str(c, path, o, "server_name", &s))
		return -1;
	if (s) {
		subpath(p, path, "server_name");
		if (!hostname_ok(s))
			return fail(c, p, "must be a DNS name (letters, digits, '-' and '.')");
		chk->server_name = s;
	}
	if ((v = get(o, "verify"))) {
		subpath(p, path, "verify");
		if (!json_object_is_type(v, json_type_boolean))
			return fail(c, p, "must be true or false");
		chk->verify = json_object_get_boolean(v);
	}
	if (get_str(c, path, o, "ca_file", &s))
		return -1;
	if (s) {
		subpath(p, path, "ca_file");
		if (access(s, R_OK))
			return fail(c, p, "cannot read %s: %s", s, strerror(errno));
		chk->ca_file = s;
		if (!get(o, "verify"))
			chk->verify = true;
		else if (!chk->verify)
			return fail(c, p, "needs \"verify\": true");
	}
	if ((v = get(o, "command"))) {
		subpath(p, path, "command");
		if (parse_command(c, p, v, chk))
			return -1;
	}
	/*
	 * Unless given, the timeout is 2 s or the interval if shorter, and
	 * the jitter spreads the first checks over one interval.
	 */
	if (!chk->timeout_set)
		chk->timeout_ms = chk->interval_ms < 2000 ? chk->interval_ms : 2000;
	if (!chk->jitter_set)
		chk->jitter_ms = chk->interval_ms;
	return 0;
}

/* What a check used as such (not a mere default) must have. */
static int check_complete(struct ctx *c, const char *path,
			  const struct hd_check *chk,
			  const struct nflb_service *svc)
{
	if (chk->type == HD_EXEC && !chk->argv)
		return fail(c, path, "an exec check needs \"command\"");
	if (svc->fwmark && chk->type != HD_EXEC && !chk->port)
		return fail(c, path, "needs \"port\": the real servers of a fwmark service have none");
	return 0;
}

static int parse_identity(struct ctx *c, const char *path, json_object *o,
			  struct nflb_service *svc)
{
	bool have_mark, have_port;
	const char *proto, *family, *addr;
	uint32_t port = 0;
	char p[PATH_LEN];

	if (get_uint(c, path, o, "fwmark", 1, UINT32_MAX, &svc->fwmark,
		     &have_mark) || get_str(c, path, o, "protocol", &proto) ||
	    get_str(c, path, o, "family", &family) ||
	    get_str(c, path, o, "address", &addr))
		return -1;
	if (have_mark) {
		if (proto || addr || get(o, "port"))
			return fail(c, path, "a fwmark service has no protocol, address or port");
		subpath(p, path, "family");
		if (!family || !strcmp(family, "inet"))
			svc->af = AF_INET;
		else if (!strcmp(family, "inet6"))
			svc->af = AF_INET6;
		else
			return fail(c, p, "must be \"inet\" or \"inet6\"");
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
	if (!addr)
		return fail(c, path, "needs \"address\"");
	subpath(p, path, "address");
	if (parse_addr(c, p, addr, &svc->af, &svc->addr))
		return -1;
	if (get_uint(c, path, o, "port", 1, 65535, &port, &have_port))
		return -1;
	if (!have_port)
		return fail(c, path, "needs \"port\"");
	svc->port = (uint16_t)port;
	return 0;
}

static int parse_real_server(struct ctx *c, const char *path, json_object *o,
			     const struct hd_service *hs, struct hd_override *ov,
			     bool *has_check)
{
	static const char *const keys[] = { "address", "port", "check", NULL };
	/* nflbadm apply's keys: its business, not ours. */
	static const char *const ignored[] = {
		"forward", "weight", "u_threshold", "l_threshold", "tun_type",
		NULL,
	};
	const char *addr;
	char p[PATH_LEN];
	json_object *v;
	uint32_t port;
	uint16_t af;
	bool have;

	if (!json_object_is_type(o, json_type_object))
		return fail(c, path, "must be an object");
	if (known_keys(c, path, o, keys, ignored) ||
	    get_str(c, path, o, "address", &addr))
		return -1;
	if (!addr)
		return fail(c, path, "needs \"address\"");
	subpath(p, path, "address");
	if (parse_addr(c, p, addr, &af, &ov->addr))
		return -1;
	if (af != hs->svc.af)
		return fail(c, p, "is %s but the service is %s",
			    af == AF_INET6 ? "IPv6" : "IPv4",
			    hs->svc.af == AF_INET6 ? "IPv6" : "IPv4");
	if (get_uint(c, path, o, "port", 0, 65535, &port, &have))
		return -1;
	ov->port = have ? (uint16_t)port : hs->svc.port;
	*has_check = false;
	if (!(v = get(o, "check")))
		return 0;
	subpath(p, path, "check");
	if (parse_check(c, p, v, &hs->check, &ov->check) ||
	    check_complete(c, p, &ov->check, &hs->svc))
		return -1;
	*has_check = true;
	return 0;
}

static int parse_service(struct ctx *c, const char *path, json_object *o,
			 const struct hd_check *defcheck, const char *defpath,
			 struct hd_service *hs)
{
	static const char *const keys[] = {
		"protocol", "address", "port", "fwmark", "family", "check",
		"real_servers", NULL,
	};
	static const char *const ignored[] = {
		"scheduler", "sched_flags", "persistent", "netmask",
		"one_packet", NULL,
	};
	char p[PATH_LEN], q[PATH_LEN];
	json_object *v;
	size_t i, j, n;

	if (!json_object_is_type(o, json_type_object))
		return fail(c, path, "must be an object");
	if (known_keys(c, path, o, keys, ignored) ||
	    parse_identity(c, path, o, &hs->svc))
		return -1;
	if ((v = get(o, "check"))) {
		subpath(p, path, "check");
		if (parse_check(c, p, v, defcheck, &hs->check))
			return -1;
	} else if (defpath) {
		hs->check = *defcheck;
		snprintf(p, sizeof(p), "%s", defpath);
	} else {
		return fail(c, path, "needs \"check\" (or a top-level \"check\" for every service)");
	}
	if (check_complete(c, p, &hs->check, &hs->svc))
		return -1;
	if (!(v = get(o, "real_servers")))
		return 0;
	subpath(p, path, "real_servers");
	if (!json_object_is_type(v, json_type_array))
		return fail(c, p, "must be an array");
	n = json_object_array_length(v);
	hs->ovr = cfg_alloc(c, n, sizeof(*hs->ovr));
	if (!hs->ovr)
		return fail(c, p, "out of memory");
	for (i = 0; i < n; i++) {
		struct hd_override ov;
		bool has_check = false;

		subindex(q, p, i);
		if (parse_real_server(c, q, json_object_array_get_idx(v, i),
				      hs, &ov, &has_check))
			return -1;
		for (j = 0; j < hs->novr; j++)
			if (hs->ovr[j].port == ov.port &&
			    hd_addr_same(hs->svc.af, &hs->ovr[j].addr, &ov.addr))
				return fail(c, q, "same real server as real_servers[%zu]", j);
		/* Unchecked ones count too: they use the service's check. */
		if (!has_check)
			ov.check = hs->check;
		hs->ovr[hs->novr++] = ov;
	}
	return 0;
}

static int parse_root(struct ctx *c, json_object *root, struct hd_config *cfg)
{
	static const char *const keys[] = { "services", "check", NULL };
	struct hd_check defcheck;
	const char *defpath = NULL;
	json_object *svcs, *v;
	char p[PATH_LEN];
	size_t i, j, n;

	if (!json_object_is_type(root, json_type_object))
		return fail(c, "top level", "must be an object with \"services\"");
	if (known_keys(c, "", root, keys, NULL))
		return -1;
	check_defaults(&defcheck);
	if ((v = get(root, "check"))) {
		struct hd_check base = defcheck;

		if (parse_check(c, "check", v, &base, &defcheck))
			return -1;
		defpath = "check";
	}
	if (!(svcs = get(root, "services")))
		return fail(c, "top level", "needs \"services\" (an array)");
	if (!json_object_is_type(svcs, json_type_array))
		return fail(c, "services", "must be an array");
	n = json_object_array_length(svcs);
	cfg->svcs = cfg_alloc(c, n, sizeof(*cfg->svcs));
	if (!cfg->svcs)
		return fail(c, "services", "out of memory");
	for (i = 0; i < n; i++) {
		subindex(p, "services", i);
		if (parse_service(c, p, json_object_array_get_idx(svcs, i),
				  &defcheck, defpath, &cfg->svcs[i]))
			return -1;
		for (j = 0; j < i; j++)
			if (hd_svc_same(&cfg->svcs[j].svc, &cfg->svcs[i].svc))
				return fail(c, p, "same service as services[%zu]", j);
		cfg->nsvcs = i + 1;
	}
	return 0;
}

int hd_config_parse(const char *text, size_t len, struct hd_config *cfg,
		    char *err, size_t errlen)
{
	struct ctx c = { .err = err, .errlen = errlen, .cfg = cfg };
	enum json_tokener_error jerr;
	json_tokener *tok;
	json_object *root;
	char where[48];
	size_t end, i;
	int line = 1, col = 1;

	memset(cfg, 0, sizeof(*cfg));
	if (err && errlen)
		err[0] = '\0';
	if (len > MAX_FILE)
		return fail(&c, "input", "too large");
	tok = json_tokener_new();
	if (!tok)
		return fail(&c, "input", "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr == json_tokener_continue)
		return fail(&c, "input", "JSON syntax error: unexpected end of input");
	if (jerr != json_tokener_success || !root) {
		for (i = 0; i < end && i < len; i++) {
			if (text[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		snprintf(where, sizeof(where), "line %d, column %d", line, col);
		return fail(&c, where, "JSON syntax error: %s",
			    json_tokener_error_desc(jerr));
	}
	for (i = end; i < len; i++)
		if (!strchr(" \t\r\n", text[i]))
			break;
	cfg->root = root;
	if (i < len) {
		fail(&c, "input", "JSON syntax error: text after the top-level value");
		goto err;
	}
	if (parse_root(&c, root, cfg))
		goto err;
	return 0;
err:
	hd_config_free(cfg);
	return -1;
}

int hd_config_load(const char *file, struct hd_config *cfg, char *err,
		   size_t errlen)
{
	char *text = NULL, *msg;
	size_t len = 0, n;
	FILE *f;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	f = fopen(file, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -1;
	}
	for (;;) {
		char *t = realloc(text, len + 65536);

		if (!t) {
			snprintf(err, errlen, "%s: out of memory", file);
			goto err;
		}
		text = t;
		n = fread(text + len, 1, 65536, f);
		len += n;
		if (n < 65536)
			break;
		if (len > MAX_FILE) {
			snprintf(err, errlen, "%s: larger than %d bytes", file,
				 MAX_FILE);
			goto err;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		goto err;
	}
	fclose(f);
	msg = malloc(errlen);
	if (!msg) {
		free(text);
		snprintf(err, errlen, "%s: out of memory", file);
		return -1;
	}
	ret = hd_config_parse(text, len, cfg, msg, errlen);
	if (ret)
		snprintf(err, errlen, "%s: %s", file, msg);
	free(msg);
	free(text);
	return ret;
err:
	fclose(f);
	free(text);
	return -1;
}

void hd_config_free(struct hd_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nmem; i++)
		free(cfg->mem[i]);
	free(cfg->mem);
	if (cfg->root)
		json_object_put(cfg->root);
	memset(cfg, 0, sizeof(*cfg));
}

bool hd_addr_same(uint16_t af, const union nflb_addr *a,
		  const union nflb_addr *b)
{
	return !memcmp(a, b, af == AF_INET6 ? 16 : 4);
}

bool hd_svc_same(const struct nflb_service *a, const struct nflb_service *b)
{
	if (a->af != b->af || a->fwmark != b->fwmark)
		return false;
	if (a->fwmark)
		return true;
	return a->protocol == b->protocol && a->port == b->port &&
	       hd_addr_same(a->af, &a->addr, &b->addr);
}

const struct hd_check *hd_config_lookup(const struct hd_config *cfg,
					const struct nflb_service *svc,
					const struct nflb_dest *dest)
{
	const struct hd_service *hs;
	size_t i, j;

	for (i = 0; i < cfg->nsvcs; i++) {
		hs = &cfg->svcs[i];
		if (!hd_svc_same(&hs->svc, svc))
			continue;
		for (j = 0; j < hs->novr; j++)
			if (hs->ovr[j].port == dest->port &&
			    hd_addr_same(svc->af, &hs->ovr[j].addr, &dest->addr))
				return &hs->ovr[j].check;
		return &hs->check;
	}
	return NULL;
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool hd_check_equal(const struct hd_check *a, const struct hd_check *b)
{
	size_t i;

	if (a->type != b->type || a->interval_ms != b->interval_ms ||
	    a->timeout_ms != b->timeout_ms || a->jitter_ms != b->jitter_ms ||
	    a->rise != b->rise || a->fall != b->fall ||
	    a->initial != b->initial || a->has_addr != b->has_addr ||
	    a->port != b->port || a->verify != b->verify ||
	    a->nstatus != b->nstatus)
		return false;
	if (a->has_addr && (a->af != b->af || !hd_addr_same(a->af, &a->addr, &b->addr)))
		return false;
	if (!str_same(a->method, b->method) || !str_same(a->path, b->path) ||
	    !str_same(a->host, b->host) || !str_same(a->body, b->body) ||
	    !str_same(a->server_name, b->server_name) ||
	    !str_same(a->ca_file, b->ca_file))
		return false;
	for (i = 0; i < a->nstatus; i++)
		if (a->status[i].lo != b->status[i].lo ||
		    a->status[i].hi != b->status[i].hi)
			return false;
	if (!a->argv || !b->argv)
		return a->argv == b->argv;
	for (i = 0; a->argv[i] && b->argv[i]; i++)
		if (strcmp(a->argv[i], b->argv[i]))
			return false;
	return !a->argv[i] && !b->argv[i];
}
