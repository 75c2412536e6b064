// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm info / config / --version: what the module and the tools are,
 * and the namespace's settings.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "nflbadm.h"

/* @obj's member @key, a number (json-c: int64; u64 counters fit). */
static void jnum(struct json_object *obj, const char *key, uint64_t v)
{
	json_object_object_add(obj, key, json_object_new_int64((int64_t)v));
}

static struct json_object *jobj(struct json_object *parent, const char *key)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(parent, key, o);
	return o;
}

/*
 * The module and its tables, then (modules that have them) the connection
 * table and SNI routing's counters: text lines, or one JSON object whose
 * keys are those of the lines (Documentation/nflbadm-apply.rst, "info").
 */
int nflbadm_cmd_info(const struct nflbadm_opts *o, int argc, char **argv)
{
	struct json_object *root = NULL, *c, *s;
	struct nflb_sni_stats sni;
	struct nflb_conn_stats cs;
	struct nflb_info info;
	uint32_t max_conns;
	struct nflb *h;
	int ret;

	if (argc > 1)
		return nflbadm_err("info: unexpected argument '%s' (usage: nflbadm info [-j])",
				   argv[1]) + 1;
	h = nflbadm_open();
	if (!h)
		return 1;
	ret = nflb_get_info(h, &info);
	if (ret < 0) {
		nflbadm_err("info: %s", nflb_strerror(h, ret));
		nflb_close(h);
		return 1;
	}
	if (o->json) {
		root = json_object_new_object();
		json_object_object_add(root, "module_version",
				       json_object_new_string(info.version));
		c = jobj(root, "netlink");
		json_object_object_add(c, "family",
				       json_object_new_string(NFLB_GENL_NAME));
		jnum(c, "version", info.genl_version);
		jnum(root, "services", info.num_services);
		jnum(root, "real_servers", info.num_dests);
		jnum(root, "service_table_buckets", info.svc_table_size);
	} else {
		printf("module version: %s\n", info.version);
		printf("netlink family: %s version %u\n", NFLB_GENL_NAME,
		       info.genl_version);
		printf("services: %u\nreal servers: %u\nservice table buckets: %u\n",
		       info.num_services, info.num_dests, info.svc_table_size);
	}
	/* Modules without a connection table report none of these. */
	ret = nflb_get_conn_stats(h, &cs);
	if (!ret && root) {
		c = jobj(root, "connections");
		jnum(c, "count", cs.num_conns);
		if (!nflb_config_get_attr(h, NFLB_CONFIG_A_MAX_CONNS, &max_conns))
			jnum(c, "limit", max_conns);
		jnum(c, "table_buckets", cs.table_size);
		jnum(c, "entry_bytes", cs.conn_size);
		jnum(c, "dropped_table_full", cs.drops);
		jnum(c, "dropped_no_connection", cs.no_conn_drops);
		jnum(c, "tcp_outside_window", cs.tcp_invalid);
		jnum(c, "half_open_evicted", cs.early_drops);
		jnum(c, "dropped_real_server_no_connection", cs.orphan_drops);
	} else if (!ret) {
		printf("connections: %" PRIu32 "\n", cs.num_conns);
		if (!nflb_config_get_attr(h, NFLB_CONFIG_A_MAX_CONNS, &max_conns))
			printf("connection limit: %" PRIu32 "\n", max_conns);
		printf("connection table buckets: %" PRIu32 "\n"
		       "connection entry size: %" PRIu32 " bytes\n"
		       "connections dropped, table full: %" PRIu64 "\n"
		       "packets dropped, no connection: %" PRIu64 "\n"
		       "TCP segments outside the window: %" PRIu64 "\n"
		       "half-open connections evicted: %" PRIu64 "\n"
		       "packets dropped, from a real server without a connection: %" PRIu64 "\n",
		       cs.table_size, cs.conn_size, cs.drops, cs.no_conn_drops,
		       cs.tcp_invalid, cs.early_drops, cs.orphan_drops);
	} else if (ret != -EOPNOTSUPP) {
		goto err;
	}
	ret = nflb_get_sni_stats(h, &sni);
	if (!ret && root) {
		s = jobj(root, "sni");
		jnum(s, "pending", sni.pending);
		jnum(s, "bound", sni.bound);
		jnum(s, "refused", sni.resets);
		jnum(s, "timeouts", sni.timeouts);
		jnum(s, "peek_limit_reached", sni.peek_overflows);
		jnum(s, "pending_limit_reached", sni.pending_drops);
		jnum(s, "bad_cookies", sni.cookie_fails);
		jnum(s, "held_bytes", sni.held_bytes);
		jnum(s, "held_bytes_host_limit", sni.held_limit);
		jnum(s, "held_bytes_limit_reached", sni.held_drops);
		jnum(s, "per_source_limit_reached", sni.source_drops);
	} else if (!ret) {
		printf("SNI connections pending: %" PRIu32 "\n"
		       "SNI connections bound: %" PRIu64 "\n"
		       "SNI clients refused (RST): %" PRIu64 "\n"
		       "SNI timeouts: %" PRIu64 "\n"
		       "SNI peek limit reached: %" PRIu64 "\n"
		       "SNI pending limit reached: %" PRIu64 "\n"
		       "SNI ACKs with a bad cookie: %" PRIu64 "\n"
		       "SNI bytes held: %" PRIu64 " (host limit %" PRIu64 ")\n"
		       "SNI held-bytes limit reached: %" PRIu64 "\n"
		       "SNI per-source limit reached: %" PRIu64 "\n",
		       sni.pending, sni.bound, sni.resets, sni.timeouts,
		       sni.peek_overflows, sni.pending_drops, sni.cookie_fails,
		       sni.held_bytes, sni.held_limit, sni.held_drops,
		       sni.source_drops);
	} else if (ret != -EOPNOTSUPP) {
		goto err;
	}
	if (root) {
		puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
		json_object_put(root);
	}
	nflb_close(h);
	return 0;
err:
	nflbadm_err("info: %s", nflb_strerror(h, ret));
	json_object_put(root);
	nflb_close(h);
	return 1;
}

int nflbadm_cmd_version(const struct nflbadm_opts *o, int argc, char **argv)
{
	struct nflb_info info;
	struct nflb *h;

	(void)o;
	if (argc > 1)
		return nflbadm_err("version: unexpected argument '%s'", argv[1]) + 1;
	printf("nflbadm %s\n", nflb_lib_version());
	/* The module is optional here: --version must work without it. */
	if (nflb_open(&h) == 0) {
		if (nflb_get_info(h, &info) == 0)
			printf("nflb module %s\n", info.version);
		nflb_close(h);
	}
	return 0;
}

/*
 * The settings `nflbadm config` shows and sets, in the order shown; those
 * with max 0 are shown only (the host's ceilings, which the module reports
 * in namespaces of other user namespaces than the initial one).
 */
static const struct config_key {
	const char *name;	/* as typed; JSON: '-' becomes '_' */
	unsigned int attr;	/* NFLB_CONFIG_A_* */
	uint32_t max;		/* values are 1..max */
} config_keys[] = {
	{ "max-conns",		NFLB_CONFIG_A_MAX_CONNS,	UINT32_MAX },
	{ "max-services",	NFLB_CONFIG_A_MAX_SERVICES,	UINT32_MAX },
	{ "max-dests",		NFLB_CONFIG_A_MAX_DESTS,	UINT32_MAX },
	{ "tcp-timeout",	NFLB_CONFIG_A_TCP_TIMEOUT,	2678400 },
	{ "tcpfin-timeout",	NFLB_CONFIG_A_TCPFIN_TIMEOUT,	2678400 },
	{ "udp-timeout",	NFLB_CONFIG_A_UDP_TIMEOUT,	2678400 },
	{ "sni-peek-bytes",	NFLB_CONFIG_A_SNI_PEEK_BYTES,	65535 },
	{ "sni-timeout-ms",	NFLB_CONFIG_A_SNI_TIMEOUT_MS,	30000 },
	{ "sni-max-pending",	NFLB_CONFIG_A_SNI_MAX_PENDING,	UINT32_MAX },
	{ "max-conns-ceiling",	NFLB_CONFIG_A_MAX_CONNS_CEILING, 0 },
	{ "max-services-ceiling", NFLB_CONFIG_A_MAX_SERVICES_CEILING, 0 },
	{ "max-dests-ceiling",	NFLB_CONFIG_A_MAX_DESTS_CEILING, 0 },
	{ "sni-max-pending-ceiling", NFLB_CONFIG_A_SNI_MAX_PENDING_CEILING, 0 },
};

#define NUM_CONFIG_KEYS (sizeof(config_keys) / sizeof(config_keys[0]))
#define CONFIG_USAGE "usage: nflbadm config [-j] | nflbadm config KEY VALUE..."

static int config_usage(const char *why)
{
	nflbadm_err("config: %s (" CONFIG_USAGE ")", why);
	return 2;
}

static const struct config_key *config_key(const char *name)
{
	size_t i;

	for (i = 0; i < NUM_CONFIG_KEYS; i++)
		if (!strcmp(name, config_keys[i].name))
			return &config_keys[i];
	return NULL;
}

/* Decimal digits only, 1..@max. */
static int config_value(const char *s, uint32_t max, uint32_t *val)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < 1 || v > max)
		return -1;
	*val = (uint32_t)v;
	return 0;
}

static int config_show(struct nflb *h, bool json)
{
	const char *sep = "";
	uint32_t val;
	size_t i;
	int ret;

	if (json)
		putchar('{');
	for (i = 0; i < NUM_CONFIG_KEYS; i++) {
		const struct config_key *k = &config_keys[i];

		ret = nflb_config_get_attr(h, k->attr, &val);
		/* Older modules lack some settings: not shown. */
		if (ret == -ENOENT)
			continue;
		if (ret) {
			if (json)
				puts("}");
			fflush(stdout);
			return nflbadm_err("config: %s", nflb_strerror(h, ret));
		}
		if (json) {
			const char *c;

			fputs(sep, stdout);
			putchar('"');
			for (c = k->name; *c; c++)
				putchar(*c == '-' ? '_' : *c);
			printf("\":%" PRIu32, val);
			sep = ",";
		} else {
			printf("%s %" PRIu32 "\n", k->name, val);
		}
	}
	if (json)
		puts("}");
	return 0;
}

/*
 * nflbadm config [-j]: the namespace's limits and timeouts, one
 * "KEY VALUE" line each (or a JSON object).  nflbadm config KEY VALUE...:
 * change them, all in one request.
 */
int nflbadm_cmd_config(const struct nflbadm_opts *o, int argc, char **argv)
{
	unsigned int attrs[NUM_CONFIG_KEYS];
	uint32_t vals[NUM_CONFIG_KEYS];
	bool json = o->json;
	size_t n = 0, j;
	struct nflb *h;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const struct config_key *k;
		char why[256];

		k = config_key(argv[i]);
		if (!k) {
			int len = snprintf(why, sizeof(why),
					   "unknown setting '%s' (known:", argv[i]);

			for (j = 0; j < NUM_CONFIG_KEYS && len > 0 &&
			     (size_t)len < sizeof(why); j++)
				if (config_keys[j].max)
					len += snprintf(why + len, sizeof(why) - len,
							" %s", config_keys[j].name);
			if (len > 0 && (size_t)len < sizeof(why))
				snprintf(why + len, sizeof(why) - len, ")");
			return config_usage(why);
		}
		if (!k->max) {
			char param[64];
			size_t c;

			for (c = 0; k->name[c] && c + 1 < sizeof(param); c++)
				param[c] = k->name[c] == '-' ? '_' : k->name[c];
			param[c] = '\0';
			nflbadm_err("config: %s is the host's: only root of the initial namespaces sets it, in /sys/module/nflb/parameters/%s",
				    k->name, param);
			return 2;
		}
		for (j = 0; j < n; j++)
			if (attrs[j] == k->attr) {
				nflbadm_err("config: '%s' given twice", k->name);
				return 2;
			}
		if (i + 1 >= argc) {
			snprintf(why, sizeof(why), "'%s' needs a value", k->name);
			return config_usage(why);
		}
		i++;
		if (config_value(argv[i], k->max, &vals[n])) {
			nflbadm_err("config: invalid value '%s' for %s (1-%" PRIu32 ")",
				    argv[i], k->name, k->max);
			return 2;
		}
		attrs[n++] = k->attr;
	}
	if (json && n)
		return config_usage("-j only goes with showing the settings");
	h = nflbadm_open();
	if (!h)
		return 1;
	if (n) {
		ret = nflb_config_set_attrs(h, attrs, vals, n);
		if (ret)
			ret = nflbadm_err("config: %s", nflb_strerror(h, ret));
	} else {
		ret = config_show(h, json);
	}
	nflb_close(h);
	return ret;
}
