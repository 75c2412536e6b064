// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * config.c: read nflb-healthd's configuration (config.h).
 *
 * json-c parses; this file walks the tree with a path
 * ("services[3].check.interval") for the messages (the helpers, shared
 * with `nflbadm apply`, in ../common/jsonread.c), checks every value,
 * fills in defaults and refuses duplicates.  Services and real servers are
 * identified as in `nflbadm apply`'s state file, whose other keys are
 * accepted and ignored so that one file can describe both.  Unknown keys
 * are errors: a typo must not pass as a default.
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

#define MAX_FILE		(16 << 20)

struct ctx {
	struct jr_ctx jr;	/* first: the readers are given &ctx->jr */
	struct hd_config *cfg;
};

/* Zeroed memory that lives as long as the config. */
static void *cfg_alloc(struct jr_ctx *c, size_t n, size_t size)
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

static void check_defaults(struct hd_check *chk)
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
	chk->argv = cfg_alloc(c, n + 1, sizeof(*chk->argv));
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
static int parse_check(struct jr_ctx *c, const char *path, json_object *o,
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
static int check_complete(struct jr_ctx *c, const char *path,
			  const struct hd_check *chk,
			  const struct nflb_service *svc)
{
	if (chk->type == HD_EXEC && !chk->argv)
		return jr_fail(c, path, "an exec check needs \"command\"");
	if (svc->fwmark && chk->type != HD_EXEC && !chk->port)
		return jr_fail(c, path, "needs \"port\": the real servers of a fwmark service have none");
	return 0;
}

static int parse_real_server(struct jr_ctx *c, const char *path, json_object *o,
			     const struct hd_service *hs, struct hd_override *ov,
			     bool *has_check)
{
	static const char *const keys[] = { "address", "port", "check", NULL };
	/* nflbadm apply's keys: its business, not ours. */
	static const char *const ignored[] = {
		"forward", "weight", "u_threshold", "l_threshold", "tun_type",
		NULL,
	};
	char p[JR_PATH_LEN];
	json_object *v;
	uint32_t port;
	bool have;

	if (!json_object_is_type(o, json_type_object))
		return jr_fail(c, path, "must be an object");
	if (jr_known_keys(c, path, o, keys, ignored) ||
	    jr_get_dest_addr(c, path, o, hs->svc.af, &ov->addr) ||
	    jr_get_uint(c, path, o, "port", 0, 65535, &port, &have))
		return -1;
	ov->port = have ? (uint16_t)port : hs->svc.port;
	*has_check = false;
	if (!(v = jr_get(o, "check")))
		return 0;
	jr_subpath(p, path, "check");
	if (parse_check(c, p, v, &hs->check, &ov->check) ||
	    check_complete(c, p, &ov->check, &hs->svc))
		return -1;
	*has_check = true;
	return 0;
}

static int parse_service(struct jr_ctx *c, const char *path, json_object *o,
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
	char p[JR_PATH_LEN], q[JR_PATH_LEN];
	json_object *v;
	size_t i, j, n;

	if (!json_object_is_type(o, json_type_object))
		return jr_fail(c, path, "must be an object");
	if (jr_known_keys(c, path, o, keys, ignored) ||
	    jr_get_service_id(c, path, o, &hs->svc))
		return -1;
	if ((v = jr_get(o, "check"))) {
		jr_subpath(p, path, "check");
		if (parse_check(c, p, v, defcheck, &hs->check))
			return -1;
	} else if (defpath) {
		hs->check = *defcheck;
		snprintf(p, sizeof(p), "%s", defpath);
	} else {
		return jr_fail(c, path, "needs \"check\" (or a top-level \"check\" for every service)");
	}
	if (check_complete(c, p, &hs->check, &hs->svc))
		return -1;
	if (!(v = jr_get(o, "real_servers")))
		return 0;
	jr_subpath(p, path, "real_servers");
	if (!json_object_is_type(v, json_type_array))
		return jr_fail(c, p, "must be an array");
	n = json_object_array_length(v);
	hs->ovr = cfg_alloc(c, n, sizeof(*hs->ovr));
	if (!hs->ovr)
		return jr_fail(c, p, "out of memory");
	for (i = 0; i < n; i++) {
		struct hd_override ov;
		bool has_check = false;

		jr_subindex(q, p, i);
		if (parse_real_server(c, q, json_object_array_get_idx(v, i),
				      hs, &ov, &has_check))
			return -1;
		for (j = 0; j < hs->novr; j++)
			if (hs->ovr[j].port == ov.port &&
			    nflb_addr_same(hs->svc.af, &hs->ovr[j].addr, &ov.addr))
				return jr_fail(c, q, "same real server as real_servers[%zu]", j);
		/* Unchecked ones count too: they use the service's check. */
		if (!has_check)
			ov.check = hs->check;
		hs->ovr[hs->novr++] = ov;
	}
	return 0;
}

static int parse_root(struct jr_ctx *c, json_object *root, struct hd_config *cfg)
{
	static const char *const keys[] = { "services", "check", NULL };
	struct hd_check defcheck;
	const char *defpath = NULL;
	json_object *svcs, *v;
	char p[JR_PATH_LEN];
	size_t i, j, n;

	if (!json_object_is_type(root, json_type_object))
		return jr_fail(c, "top level", "must be an object with \"services\"");
	if (jr_known_keys(c, "", root, keys, NULL))
		return -1;
	check_defaults(&defcheck);
	if ((v = jr_get(root, "check"))) {
		struct hd_check base = defcheck;

		if (parse_check(c, "check", v, &base, &defcheck))
			return -1;
		defpath = "check";
	}
	if (!(svcs = jr_get(root, "services")))
		return jr_fail(c, "top level", "needs \"services\" (an array)");
	if (!json_object_is_type(svcs, json_type_array))
		return jr_fail(c, "services", "must be an array");
	n = json_object_array_length(svcs);
	cfg->svcs = cfg_alloc(c, n, sizeof(*cfg->svcs));
	if (!cfg->svcs)
		return jr_fail(c, "services", "out of memory");
	for (i = 0; i < n; i++) {
		jr_subindex(p, "services", i);
		if (parse_service(c, p, json_object_array_get_idx(svcs, i),
				  &defcheck, defpath, &cfg->svcs[i]))
			return -1;
		for (j = 0; j < i; j++)
			if (nflb_service_same(&cfg->svcs[j].svc, &cfg->svcs[i].svc))
				return jr_fail(c, p, "same service as services[%zu]", j);
		cfg->nsvcs = i + 1;
	}
	return 0;
}

int hd_config_parse(const char *text, size_t len, struct hd_config *cfg,
		    char *err, size_t errlen)
{
	struct ctx c = {
		.jr = {
			.err = err, .errlen = errlen, .path_len = JR_PATH_LEN,
			.strict = true,
		},
		.cfg = cfg,
	};
	json_object *root;

	memset(cfg, 0, sizeof(*cfg));
	root = jr_parse(&c.jr, text, len, MAX_FILE);
	if (!root)
		return -1;
	cfg->root = root;
	if (parse_root(&c.jr, root, cfg))
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

const struct hd_check *hd_config_lookup(const struct hd_config *cfg,
					const struct nflb_service *svc,
					const struct nflb_dest *dest)
{
	const struct hd_service *hs;
	size_t i, j;

	for (i = 0; i < cfg->nsvcs; i++) {
		hs = &cfg->svcs[i];
		if (!nflb_service_same(&hs->svc, svc))
			continue;
		for (j = 0; j < hs->novr; j++)
			if (hs->ovr[j].port == dest->port &&
			    nflb_addr_same(svc->af, &hs->ovr[j].addr, &dest->addr))
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
