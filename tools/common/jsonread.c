// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * jsonread.c: the JSON readers' shared helpers (jsonread.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "jsonread.h"

int jr_fail(struct jr_ctx *c, const char *path, const char *fmt, ...)
{
	size_t n, l = strlen(path);
	va_list ap;
	char *p;

	if (!c->err || !c->errlen)
		return -1;
	if (c->path_len && l > c->path_len - 1)
		l = c->path_len - 1;
	n = (size_t)snprintf(c->err, c->errlen, "%.*s: ", (int)l, path);
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

/* @a @b @c into @buf (JR_PATH_LEN), cut short if need be. */
static void join(char *buf, const char *a, const char *b, const char *c)
{
	const char *parts[3] = { a, b, c };
	size_t n = 0, i, l;

	for (i = 0; i < 3; i++) {
		l = strlen(parts[i]);
		if (l > JR_PATH_LEN - 1 - n)
			l = JR_PATH_LEN - 1 - n;
		memcpy(buf + n, parts[i], l);
		n += l;
	}
	buf[n] = '\0';
}

void jr_subpath(char *buf, const char *path, const char *key)
{
	join(buf, path, *path ? "." : "", key);
}

void jr_subindex(char *buf, const char *path, size_t i)
{
	char idx[24];

	snprintf(idx, sizeof(idx), "[%zu]", i);
	join(buf, path, idx, "");
}

json_object *jr_parse(struct jr_ctx *c, const char *text, size_t len,
		      size_t max)
{
	enum json_tokener_error jerr;
	json_tokener *tok;
	json_object *root;
	char where[48];
	size_t end, i;
	int line = 1, col = 1;

	if (c->err && c->errlen)
		c->err[0] = '\0';
	if (len > max || len > INT32_MAX) {
		jr_fail(c, "input", "too large");
		return NULL;
	}
	tok = json_tokener_new();
	if (!tok) {
		jr_fail(c, "input", "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr == json_tokener_continue) {
		jr_fail(c, "input", "JSON syntax error: unexpected end of input");
		return NULL;
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
		snprintf(where, sizeof(where), "line %d, column %d", line, col);
		jr_fail(c, where, "JSON syntax error: %s",
			json_tokener_error_desc(jerr));
		return NULL;
	}
	for (i = end; i < len; i++)
		if (!strchr(" \t\r\n", text[i]))
			break;
	if (i < len) {
		json_object_put(root);
		jr_fail(c, "input", "JSON syntax error: text after the top-level value");
		return NULL;
	}
	return root;
}

json_object *jr_get(json_object *obj, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

int jr_known_keys(struct jr_ctx *c, const char *path, json_object *obj,
		  const char *const *keys, const char *const *ignored)
{
	json_object_iter it;
	char p[JR_PATH_LEN];
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
		jr_subpath(p, path, it.key);
		return jr_fail(c, p, "unknown key");
	}
	return 0;
}

int jr_get_uint(struct jr_ctx *c, const char *path, json_object *obj,
		const char *key, int64_t min, int64_t max, uint32_t *out,
		bool *have)
{
	json_object *v = jr_get(obj, key);
	char p[JR_PATH_LEN];
	int64_t x;

	*have = v != NULL;
	if (!v)
		return 0;
	jr_subpath(p, path, key);
	if (!json_object_is_type(v, json_type_int))
		return jr_fail(c, p, "must be an integer %" PRId64 "..%" PRId64,
			       min, max);
	x = json_object_get_int64(v);
	/* Above INT64_MAX json-c gives INT64_MAX, still out of range. */
	if (x < min || x > max)
		return jr_fail(c, p, "must be %" PRId64 "..%" PRId64, min, max);
	*out = (uint32_t)x;
	return 0;
}

int jr_get_str(struct jr_ctx *c, const char *path, json_object *obj,
	       const char *key, const char **out)
{
	json_object *v = jr_get(obj, key);
	char p[JR_PATH_LEN];

	*out = NULL;
	if (!v)
		return 0;
	jr_subpath(p, path, key);
	if (!json_object_is_type(v, json_type_string))
		return jr_fail(c, p, "must be a string");
	*out = json_object_get_string(v);
	if (c->strict && !**out)
		return jr_fail(c, p, "must not be empty");
	return 0;
}

int jr_get_bool(struct jr_ctx *c, const char *path, json_object *obj,
		const char *key, bool *out)
{
	json_object *v = jr_get(obj, key);
	char p[JR_PATH_LEN];

	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_boolean)) {
		jr_subpath(p, path, key);
		return jr_fail(c, p, "must be true or false");
	}
	*out = json_object_get_boolean(v);
	return 0;
}

int jr_parse_addr(struct jr_ctx *c, const char *path, const char *s,
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
	return jr_fail(c, path, "must be a numeric IPv4 or IPv6 address");
}

int jr_get_addr(struct jr_ctx *c, const char *path, json_object *obj,
		const char *key, uint16_t *af, union nflb_addr *addr)
{
	const char *s;
	char p[JR_PATH_LEN];

	if (jr_get_str(c, path, obj, key, &s))
		return -1;
	if (!s)
		return jr_fail(c, path, "needs \"%s\"", key);
	jr_subpath(p, path, key);
	return jr_parse_addr(c, p, s, af, addr);
}

static const char *af_name(uint16_t af)
{
	return af == AF_INET6 ? "IPv6" : "IPv4";
}

int jr_get_dest_addr(struct jr_ctx *c, const char *path, json_object *obj,
		     uint16_t af, union nflb_addr *addr)
{
	char p[JR_PATH_LEN];
	uint16_t daf;

	if (jr_get_addr(c, path, obj, "address", &daf, addr))
		return -1;
	if (daf == af)
		return 0;
	jr_subpath(p, path, "address");
	return jr_fail(c, p, "is %s but the service is %s", af_name(daf),
		       af_name(af));
}

int jr_get_service_id(struct jr_ctx *c, const char *path, json_object *obj,
		      struct nflb_service *svc)
{
	bool have_mark, have_port;
	const char *proto, *family, *addr;	/* addr: only checked here */
	uint32_t port = 0;
	char p[JR_PATH_LEN];

	if (jr_get_uint(c, path, obj, "fwmark", 1, UINT32_MAX, &svc->fwmark,
			&have_mark) ||
	    jr_get_str(c, path, obj, "protocol", &proto) ||
	    jr_get_str(c, path, obj, "family", &family) ||
	    (c->strict && jr_get_str(c, path, obj, "address", &addr)))
		return -1;
	if (have_mark) {
		if (proto || jr_get(obj, "address") || jr_get(obj, "port"))
			return jr_fail(c, path, "a fwmark service has no protocol, address or port");
		jr_subpath(p, path, "family");
		if (!family || !strcmp(family, "inet"))
			svc->af = AF_INET;
		else if (!strcmp(family, "inet6"))
			svc->af = AF_INET6;
		else
			return jr_fail(c, p, "must be \"inet\" or \"inet6\"");
		return 0;
	}
	if (family) {
		jr_subpath(p, path, "family");
		return jr_fail(c, p, "only for fwmark services (the address gives the family)");
	}
	if (!proto)
		return jr_fail(c, path, "needs \"protocol\", \"address\" and \"port\", or \"fwmark\"");
	jr_subpath(p, path, "protocol");
	if (!strcmp(proto, "tcp"))
		svc->protocol = IPPROTO_TCP;
	else if (!strcmp(proto, "udp"))
		svc->protocol = IPPROTO_UDP;
	else
		return jr_fail(c, p, "must be \"tcp\" or \"udp\"");
	if (jr_get_addr(c, path, obj, "address", &svc->af, &svc->addr) ||
	    jr_get_uint(c, path, obj, "port", 1, 65535, &port, &have_port))
		return -1;
	if (!have_port)
		return jr_fail(c, path, "needs \"port\"");
	svc->port = (uint16_t)port;
	return 0;
}
