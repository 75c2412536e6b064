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
 * are errors: a typo must not pass as a default.  The "check" objects are
 * config_check.c's.
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

#define MAX_FILE		(16 << 20)

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
	if (hd_parse_check(c, p, v, &hs->check, &ov->check) ||
	    hd_check_complete(c, p, &ov->check, &hs->svc))
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
		"one_packet", "sni", "source_ranges", NULL,
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
		if (hd_parse_check(c, p, v, defcheck, &hs->check))
			return -1;
	} else if (defpath) {
		hs->check = *defcheck;
		snprintf(p, sizeof(p), "%s", defpath);
	} else {
		return jr_fail(c, path, "needs \"check\" (or a top-level \"check\" for every service)");
	}
	if (hd_check_complete(c, p, &hs->check, &hs->svc))
		return -1;
	if (!(v = jr_get(o, "real_servers")))
		return 0;
	jr_subpath(p, path, "real_servers");
	if (!json_object_is_type(v, json_type_array))
		return jr_fail(c, p, "must be an array");
	n = json_object_array_length(v);
	hs->ovr = hd_cfg_alloc(c, n, sizeof(*hs->ovr));
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
	/* nflbadm apply's settings, in a file that describes both. */
	static const char *const ignored[] = { "config", NULL };
	struct hd_check defcheck;
	const char *defpath = NULL;
	json_object *svcs, *v;
	char p[JR_PATH_LEN];
	size_t i, j, n;

	if (!json_object_is_type(root, json_type_object))
		return jr_fail(c, "top level", "must be an object with \"services\"");
	if (jr_known_keys(c, "", root, keys, ignored))
		return -1;
	hd_check_defaults(&defcheck);
	if ((v = jr_get(root, "check"))) {
		struct hd_check base = defcheck;

		if (hd_parse_check(c, "check", v, &base, &defcheck))
			return -1;
		defpath = "check";
	}
	if (!(svcs = jr_get(root, "services")))
		return jr_fail(c, "top level", "needs \"services\" (an array)");
	if (!json_object_is_type(svcs, json_type_array))
		return jr_fail(c, "services", "must be an array");
	n = json_object_array_length(svcs);
	cfg->svcs = hd_cfg_alloc(c, n, sizeof(*cfg->svcs));
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
