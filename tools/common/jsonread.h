/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jsonread.h: what the JSON readers of the tools share -- the state file
 * of `nflbadm apply` (tools/nflbadm/state.c) and nflb-healthd's
 * configuration (tools/healthd/config.c).
 *
 * json-c parses; these helpers walk the tree with a path
 * ("services[3].port") and refuse a value with one line, "PATH: reason".
 * Each returns 0, or -1 with that line in the context's error buffer.
 * Members are read by key from an object at @path; an absent member is no
 * error unless said (the out values are then left as they were, or NULL).
 */
#ifndef NFLB_TOOLS_JSONREAD_H
#define NFLB_TOOLS_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "libnflb.h"

/* Room for a path; longer ones are cut short. */
#define JR_PATH_LEN	192

struct jr_ctx {
	char *err;		/* the one line, or NULL */
	size_t errlen;
	size_t path_len;	/* a message's path: at most path_len - 1 chars */
	/*
	 * Strings must not be empty, and a service's identity strings are
	 * all read before they are weighed (nflb-healthd's rules).
	 */
	bool strict;
};

/* "PATH: reason" into @c's buffer, control characters made '?'; -1. */
int jr_fail(struct jr_ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "path.key" ("key" at the top) and "path[i]" into @buf (JR_PATH_LEN). */
void jr_subpath(char *buf, const char *path, const char *key);
void jr_subindex(char *buf, const char *path, size_t i);

/*
 * Parse the @len bytes at @text (at most @max) as one strict JSON value
 * with nothing but white space after it: the value (json_object_put() it),
 * or NULL with "input: ..." or "line L, column C: JSON syntax error: ...".
 * Empties the error buffer first.
 */
json_object *jr_parse(struct jr_ctx *c, const char *text, size_t len,
		      size_t max);

/* The member @key of @obj, or NULL. */
json_object *jr_get(json_object *obj, const char *key);

/* Every key of @obj is one of @keys or @ignored (NULL-terminated lists). */
int jr_known_keys(struct jr_ctx *c, const char *path, json_object *obj,
		  const char *const *keys, const char *const *ignored);

/* An integer in [min, max]; *@have false when the key is absent. */
int jr_get_uint(struct jr_ctx *c, const char *path, json_object *obj,
		const char *key, int64_t min, int64_t max, uint32_t *out,
		bool *have);
/* A string, or NULL when absent. */
int jr_get_str(struct jr_ctx *c, const char *path, json_object *obj,
	       const char *key, const char **out);
/* true or false. */
int jr_get_bool(struct jr_ctx *c, const char *path, json_object *obj,
		const char *key, bool *out);

/* The numeric IPv4 or IPv6 address @s, @path naming it. */
int jr_parse_addr(struct jr_ctx *c, const char *path, const char *s,
		  uint16_t *af, union nflb_addr *addr);
/* A numeric address, which must be there. */
int jr_get_addr(struct jr_ctx *c, const char *path, json_object *obj,
		const char *key, uint16_t *af, union nflb_addr *addr);
/* A real server's "address", of its service's family @af. */
int jr_get_dest_addr(struct jr_ctx *c, const char *path, json_object *obj,
		     uint16_t af, union nflb_addr *addr);

/*
 * A service's identity: "protocol", "address" and "port", or "fwmark" and
 * "family" (default "inet").  Fills in @svc's af, protocol, addr, port or
 * fwmark, af; nothing else.
 */
int jr_get_service_id(struct jr_ctx *c, const char *path, json_object *obj,
		      struct nflb_service *svc);

#endif /* NFLB_TOOLS_JSONREAD_H */
