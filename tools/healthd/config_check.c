// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * config_check.c: the "check" objects of nflb-healthd's configuration
 * (config.h): types, intervals, statuses, commands and their defaults,
 * for config.c, which reads the rest.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../common/jsonread.h"
#include "config.h"
#include "config_check.h"

/* Zeroed memory that lives as long as the config. */
void *hd_cfg_alloc(struct jr_ctx *c, size_t n, size_t size)
{
	struct hd_config *cfg = ((struct ctx *)c)->cfg;
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

/* Seconds (an integer or a decimal) in [min_ms, max_ms], to milliseconds. */
static int get_secs(struct jr_ctx *c, const char *path, json_object *obj,
		    const char *key, uint32_t min_ms, uint32_t max_ms,
		    uint32_t *out_ms, bool *have)
{
	json_object *v = jr_get(obj, key);
	char p[JR_PATH_LEN];
	double x;

	*have = v != NULL;
	if (!v)
		return 0;
	jr_subpath(p, path, key);
	if (!json_object_is_type(v, json_type_int) &&
	    !json_object_is_type(v, json_type_double))
		return jr_fail(c, p, "must be a number of seconds %g..%g",
			       min_ms / 1000.0, max_ms / 1000.0);
	x = json_object_get_double(v) * 1000.0;
	if (!(x >= min_ms && x <= max_ms))
		return jr_fail(c, p, "must be %g..%g (seconds)", min_ms / 1000.0,
			       max_ms / 1000.0);
	*out_ms = (uint32_t)(x + 0.5);
	return 0;
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

void hd_check_defaults(struct hd_check *chk)
{
	memset(chk, 0, sizeof(*chk));
	type_defaults(chk, HD_TCP);
	chk->interval_ms = 1000;
	chk->timeout_ms = 1000;
	chk->jitter_ms = 1000;
	chk->fast_interval_ms = 250;
	chk->rise = 2;
	chk->fall = 3;
	chk->initial = NFLB_HEALTH_UP;
}

/* "status": 200, "200-299" or an array of them. */
static int parse_status_one(struct jr_ctx *c, const char *path, json_object *v,
			    struct hd_range *r)
{
	static const char msg[] = "must be a status 100..599 or a range like \"200-299\"";
	unsigned int lo, hi;
	int n = 0;

	if (json_object_is_type(v, json_type_int)) {
		int64_t x = json_object_get_int64(v);

		if (x < 100 || x > 599)
			return jr_fail(c, path, msg);
		r->lo = r->hi = (uint16_t)x;
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return jr_fail(c, path, msg);
	if (sscanf(json_object_get_string(v), "%3u-%3u%n", &lo, &hi, &n) == 2 &&
	    !json_object_get_string(v)[n]) {
		if (lo < 100 || hi > 599 || lo > hi)
			return jr_fail(c, path, msg);
	} else if (sscanf(json_object_get_string(v), "%3u%n", &lo, &n) == 1 &&
		   !json_object_get_string(v)[n]) {
		if (lo < 100 || lo > 599)
			return jr_fail(c, path, msg);
		hi = lo;
	} else {
		return jr_fail(c, path, msg);
	}
	r->lo = (uint16_t)lo;
	r->hi = (uint16_t)hi;
	return 0;
}

static int parse_status(struct jr_ctx *c, const char *path, json_object *v,
			struct hd_check *chk)
{
	char q[JR_PATH_LEN];
	size_t i, n;

	if (!json_object_is_type(v, json_type_array)) {
		chk->nstatus = 1;
		return parse_status_one(c, path, v, &chk->status[0]);
	}
	n = json_object_array_length(v);
	if (!n || n > HD_MAX_RANGES)
		return jr_fail(c, path, "must list 1..%d statuses or ranges",
			       HD_MAX_RANGES);
	for (i = 0; i < n; i++) {
		jr_subindex(q, path, i);
		if (parse_status_one(c, q, json_object_array_get_idx(v, i),
				     &chk->status[i]))
			return -1;
	}
	chk->nstatus = n;
	return 0;
}

static int parse_command(struct jr_ctx *c, const char *path, json_object *v,
			 struct hd_check *chk)
{
	char q[JR_PATH_LEN];
	size_t i, n;

	if (!json_object_is_type(v, json_type_array) ||
	    !(n = json_object_array_length(v)))
		return jr_fail(c, path, "must be an array of strings: the program and its arguments");
	chk->argv = hd_cfg_alloc(c, n + 1, sizeof(*chk->argv));
	if (!chk->argv)
		return jr_fail(c, path, "out of memory");
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);

		jr_subindex(q, path, i);
		if (!json_object_is_type(e, json_type_string))
			return jr_fail(c, q, "must be a string");
		chk->argv[i] = (char *)json_object_get_string(e);
	}
	jr_subindex(q, path, 0);
	if (!*chk->argv[0])
		return jr_fail(c, q, "must name a program");
	if (strchr(chk->argv[0], '/') && access(chk->argv[0], X_OK))
		return jr_fail(c, q, "cannot run %s: %s", chk->argv[0],
			       strerror(errno));
	return 0;
}

/* Keys that only some check types take, and which. */
static int type_key(struct jr_ctx *c, const char *path, json_object *o,
		    const char *key, const struct hd_check *chk, unsigned int types,
		    const char *which)
{
	char p[JR_PATH_LEN];

	if (!jr_get(o, key) || (types & (1U << chk->type)))
		return 0;
	jr_subpath(p, path, key);
	return jr_fail(c, p, "only for %s checks, not %s", which,
		       hd_type_name(chk->type));
}

#define T_HTTP	((1U << HD_HTTP) | (1U << HD_HTTPS))
#define T_HTTPS	(1U << HD_HTTPS)
#define T_EXEC	(1U << HD_EXEC)

/*
 * A "check" object at @path over @base: the keys it has replace @base's.
 * Changing the type drops @base's type-specific settings.
 */
int hd_parse_check(struct jr_ctx *c, const char *path, json_object *o,
		   const struct hd_check *base, struct hd_check *chk)
{
	static const char *const keys[] = {
		"type", "interval", "timeout", "jitter", "fast_interval",
		"rise", "fall",
		"initial", "address", "port", "method", "path", "host",
		"status", "body_contains", "server_name", "verify", "ca_file",
		"command", NULL,
	};
	static const char *const types[] = { "tcp", "http", "https", "exec" };
	bool have_to, have_jit, have_fast, have;
	const char *s;
	char p[JR_PATH_LEN];
	json_object *v;
	uint32_t port;
	size_t i;

	if (!json_object_is_type(o, json_type_object))
		return jr_fail(c, path, "must be an object");
	if (jr_known_keys(c, path, o, keys, NULL))
		return -1;
	*chk = *base;
	if (jr_get_str(c, path, o, "type", &s))
		return -1;
	if (s) {
		for (i = 0; i < 4; i++)
			if (!strcmp(s, types[i]))
				break;
		jr_subpath(p, path, "type");
		if (i == 4)
			return jr_fail(c, p, "must be \"tcp\", \"http\", \"https\" or \"exec\"");
		if ((enum hd_type)i != chk->type)
			type_defaults(chk, (enum hd_type)i);
	}
	if (get_secs(c, path, o, "interval", 100, 3600000, &chk->interval_ms,
		     &have) ||
	    get_secs(c, path, o, "timeout", 100, 600000, &chk->timeout_ms,
		     &have_to) ||
	    get_secs(c, path, o, "jitter", 0, 3600000, &chk->jitter_ms,
		     &have_jit) ||
	    get_secs(c, path, o, "fast_interval", 100, 3600000,
		     &chk->fast_interval_ms, &have_fast) ||
	    jr_get_uint(c, path, o, "rise", 1, 100, &chk->rise, &have) ||
	    jr_get_uint(c, path, o, "fall", 1, 100, &chk->fall, &have))
		return -1;
	if (have_to)
		chk->timeout_set = true;
	if (have_jit)
		chk->jitter_set = true;
	if (have_fast)
		chk->fast_set = true;
	if (jr_get_str(c, path, o, "initial", &s))
		return -1;
	if (s) {
		jr_subpath(p, path, "initial");
		if (!strcmp(s, "up"))
			chk->initial = NFLB_HEALTH_UP;
		else if (!strcmp(s, "down"))
			chk->initial = NFLB_HEALTH_DOWN;
		else
			return jr_fail(c, p, "must be \"up\" or \"down\"");
	}
	if (jr_get_str(c, path, o, "address", &s))
		return -1;
	if (s) {
		jr_subpath(p, path, "address");
		if (jr_parse_addr(c, p, s, &chk->af, &chk->addr))
			return -1;
		chk->has_addr = true;
	}
	if (jr_get_uint(c, path, o, "port", 1, 65535, &port, &have))
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
	if (jr_get_str(c, path, o, "method", &s))
		return -1;
	if (s) {
		jr_subpath(p, path, "method");
		if (strcmp(s, "GET") && strcmp(s, "HEAD") && strcmp(s, "OPTIONS"))
			return jr_fail(c, p, "must be \"GET\", \"HEAD\" or \"OPTIONS\"");
		chk->method = s;
	}
	if (jr_get_str(c, path, o, "path", &s))
		return -1;
	if (s) {
		jr_subpath(p, path, "path");
		if (s[0] != '/' || !token_ok(s))
			return jr_fail(c, p, "must start with \"/\" and hold no spaces or control characters");
		chk->path = s;
	}
	if (jr_get_str(c, path, o, "host", &s))
		return -1;
	if (s) {
		jr_subpath(p, path, "host");
		if (!token_ok(s))
			return jr_fail(c, p, "must hold no spaces or control characters");
		chk->host = s;
	}
	if ((v = jr_get(o, "status"))) {
		jr_subpath(p, path, "status");
		if (parse_status(c, p, v, chk))
			return -1;
	}
	if (jr_get_str(c, path, o, "body_contains", &chk->body))
		return -1;
	if (!jr_get(o, "body_contains") && base->type == chk->type)
		chk->body = base->body;
	if (jr_get_str(c, path, o, "server_name", &s))
		return -1;
	if (s) {
		jr_subpath(p, path, "server_name");
		if (!hostname_ok(s))
			return jr_fail(c, p, "must be a DNS name (letters, digits, '-' and '.')");
		chk->server_name = s;
	}
	if (jr_get_bool(c, path, o, "verify", &chk->verify))
		return -1;
	if (jr_get_str(c, path, o, "ca_file", &s))
		return -1;
	if (s) {
		jr_subpath(p, path, "ca_file");
		if (access(s, R_OK))
			return jr_fail(c, p, "cannot read %s: %s", s, strerror(errno));
		chk->ca_file = s;
		if (!jr_get(o, "verify"))
			chk->verify = true;
		else if (!chk->verify)
			return jr_fail(c, p, "needs \"verify\": true");
	}
	if ((v = jr_get(o, "command"))) {
		jr_subpath(p, path, "command");
		if (parse_command(c, p, v, chk))
			return -1;
	}
	/*
	 * Unless given, the timeout is 2 s or the interval if shorter, the
	 * jitter spreads the first checks over one interval, and the checks
	 * that confirm a failure (or a success of a server that is down)
	 * come four times as often, at least 0.1 s apart (HAProxy's
	 * fastinter): with the defaults a refusing server is down 1.5 s
	 * after its first failed check at most.
	 */
	if (!chk->timeout_set)
		chk->timeout_ms = chk->interval_ms < 2000 ? chk->interval_ms : 2000;
	if (!chk->jitter_set)
		chk->jitter_ms = chk->interval_ms;
	if (!chk->fast_set)
		chk->fast_interval_ms = chk->interval_ms / 4 < 100 ? 100 :
					chk->interval_ms / 4;
	if (chk->fast_interval_ms > chk->interval_ms)
		chk->fast_interval_ms = chk->interval_ms;
	return 0;
}

/* What a check used as such (not a mere default) must have. */
int hd_check_complete(struct jr_ctx *c, const char *path,
		      const struct hd_check *chk,
		      const struct nflb_service *svc)
{
	if (chk->type == HD_EXEC && !chk->argv)
		return jr_fail(c, path, "an exec check needs \"command\"");
	if (svc->fwmark && chk->type != HD_EXEC && !chk->port)
		return jr_fail(c, path, "needs \"port\": the real servers of a fwmark service have none");
	return 0;
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
	    a->fast_interval_ms != b->fast_interval_ms ||
	    a->rise != b->rise || a->fall != b->fall ||
	    a->initial != b->initial || a->has_addr != b->has_addr ||
	    a->port != b->port || a->verify != b->verify ||
	    a->nstatus != b->nstatus)
		return false;
	if (a->has_addr && (a->af != b->af || !nflb_addr_same(a->af, &a->addr, &b->addr)))
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
