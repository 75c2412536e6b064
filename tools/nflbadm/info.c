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

#include "nflbadm.h"
#include "out.h"

/*
 * The module and its tables, then (modules that have them) the connection
 * table and SNI routing's counters: text lines, or one JSON object whose
 * keys are those of the lines (Documentation/nflbadm-apply.rst, "info").
 */
int nflbadm_cmd_info(const struct nflbadm_opts *o, int argc, char **argv)
{
	const struct nflb_conn_stats *cs;
	const struct nflb_sni_stats *sni;
	struct nflb_config cfg;
	struct nflb_info info;
	struct nflb *h;
	int ret;

	if (argc > 1)
		return nflbadm_err("info: unexpected argument '%s' (usage: nflbadm info [-j])",
				   argv[1]) + 1;
	h = nflbadm_open();
	if (!h)
		return 1;
	ret = nflb_get_info(h, &info);
	if (!ret)
		ret = nflb_config_get(h, &cfg);
	if (ret < 0) {
		nflbadm_err("info: %s", nflb_strerror(h, ret));
		nflb_close(h);
		return 1;
	}
	nflb_close(h);
	cs = &info.conns;
	sni = &info.sni;
	out_start(o->json);
	out_str("module_version", "module version: %s\n", info.version);
	out_open("netlink");
	out_str("family", "netlink family: %s", NFLB_GENL_NAME);
	out_uint("version", " version %" PRIu64 "\n", info.genl_version);
	out_close();
	out_uint("services", "services: %" PRIu64 "\n", info.num_services);
	out_uint("real_servers", "real servers: %" PRIu64 "\n", info.num_dests);
	out_uint("service_table_buckets",
		 "service table buckets: %" PRIu64 "\n", info.svc_table_size);
	/* Modules without a connection table report none of these. */
	if (info.have_conns) {
		out_open("connections");
		out_uint("count", "connections: %" PRIu64 "\n", cs->num_conns);
		if (cfg.have & NFLB_CONFIG_BIT(NFLB_CONFIG_A_MAX_CONNS))
			out_uint("limit", "connection limit: %" PRIu64 "\n",
				 cfg.val[NFLB_CONFIG_A_MAX_CONNS]);
		out_uint("table_buckets",
			 "connection table buckets: %" PRIu64 "\n",
			 cs->table_size);
		out_uint("entry_bytes",
			 "connection entry size: %" PRIu64 " bytes\n",
			 cs->conn_size);
		out_uint("dropped_table_full",
			 "connections dropped, table full: %" PRIu64 "\n",
			 cs->drops);
		out_uint("dropped_no_connection",
			 "packets dropped, no connection: %" PRIu64 "\n",
			 cs->no_conn_drops);
		out_uint("tcp_outside_window",
			 "TCP segments outside the window: %" PRIu64 "\n",
			 cs->tcp_invalid);
		out_uint("half_open_evicted",
			 "half-open connections evicted: %" PRIu64 "\n",
			 cs->early_drops);
		out_uint("dropped_real_server_no_connection",
			 "packets dropped, from a real server without a connection: %" PRIu64 "\n",
			 cs->orphan_drops);
		out_close();
	}
	if (info.have_sni) {
		out_open("sni");
		out_uint("pending", "SNI connections pending: %" PRIu64 "\n",
			 sni->pending);
		out_uint("bound", "SNI connections bound: %" PRIu64 "\n",
			 sni->bound);
		out_uint("refused", "SNI clients refused (RST): %" PRIu64 "\n",
			 sni->resets);
		out_uint("timeouts", "SNI timeouts: %" PRIu64 "\n",
			 sni->timeouts);
		out_uint("peek_limit_reached",
			 "SNI peek limit reached: %" PRIu64 "\n",
			 sni->peek_overflows);
		out_uint("pending_limit_reached",
			 "SNI pending limit reached: %" PRIu64 "\n",
			 sni->pending_drops);
		out_uint("bad_cookies", "SNI ACKs with a bad cookie: %" PRIu64 "\n",
			 sni->cookie_fails);
		out_uint("held_bytes", "SNI bytes held: %" PRIu64,
			 sni->held_bytes);
		out_uint("held_bytes_host_limit", " (host limit %" PRIu64 ")\n",
			 sni->held_limit);
		out_uint("held_bytes_limit_reached",
			 "SNI held-bytes limit reached: %" PRIu64 "\n",
			 sni->held_drops);
		out_uint("per_source_limit_reached",
			 "SNI per-source limit reached: %" PRIu64 "\n",
			 sni->source_drops);
		out_close();
	}
	out_end();
	return 0;
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
 * The settings `nflbadm config` shows and sets, in the order shown, by
 * libnflb's names ("max_conns"; typed "max-conns").  The host's ceilings
 * (nflb_config_max() 0) are shown only: the module reports them in
 * namespaces of other user namespaces than the initial one.
 */
static const unsigned int config_order[] = {
	NFLB_CONFIG_A_MAX_CONNS, NFLB_CONFIG_A_MAX_SERVICES,
	NFLB_CONFIG_A_MAX_DESTS, NFLB_CONFIG_A_TCP_TIMEOUT,
	NFLB_CONFIG_A_TCPFIN_TIMEOUT, NFLB_CONFIG_A_UDP_TIMEOUT,
	NFLB_CONFIG_A_SNI_PEEK_BYTES, NFLB_CONFIG_A_SNI_TIMEOUT_MS,
	NFLB_CONFIG_A_SNI_MAX_PENDING, NFLB_CONFIG_A_MAX_CONNS_CEILING,
	NFLB_CONFIG_A_MAX_SERVICES_CEILING, NFLB_CONFIG_A_MAX_DESTS_CEILING,
	NFLB_CONFIG_A_SNI_MAX_PENDING_CEILING,
};

#define NUM_CONFIG_KEYS (sizeof(config_order) / sizeof(config_order[0]))
#define CONFIG_USAGE "usage: nflbadm config [-j] | nflbadm config KEY VALUE..."

static int config_usage(const char *why)
{
	nflbadm_err("config: %s (" CONFIG_USAGE ")", why);
	return 2;
}

/* @attr's name as typed: "max-conns". */
static void config_typed(char *buf, size_t len, unsigned int attr)
{
	const char *n = nflb_config_name(attr);
	size_t i;

	for (i = 0; n && n[i] && i + 1 < len; i++)
		buf[i] = n[i] == '_' ? '-' : n[i];
	buf[i] = '\0';
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
	struct nflb_config cfg;
	char name[64];
	size_t i;
	int ret;

	ret = nflb_config_get(h, &cfg);
	if (ret)
		return nflbadm_err("config: %s", nflb_strerror(h, ret));
	out_start(json);
	for (i = 0; i < NUM_CONFIG_KEYS; i++) {
		unsigned int a = config_order[i];

		/* Older modules lack some settings: not shown. */
		if (!(cfg.have & NFLB_CONFIG_BIT(a)))
			continue;
		config_typed(name, sizeof(name), a);
		out_str(NULL, "%s ", name);
		out_uint(nflb_config_name(a), "%" PRIu64 "\n", cfg.val[a]);
	}
	out_end();
	return 0;
}

/*
 * nflbadm config [-j]: the namespace's limits and timeouts, one
 * "KEY VALUE" line each (or a JSON object).  nflbadm config KEY VALUE...:
 * change them, all in one request.
 */
int nflbadm_cmd_config(const struct nflbadm_opts *o, int argc, char **argv)
{
	struct nflb_config cfg = { .have = 0 };
	bool json = o->json;
	char why[320], name[64];
	struct nflb *h;
	size_t j;
	int i, a, len, ret;

	for (i = 1; i < argc; i++) {
		a = nflb_config_attr(argv[i]);
		if (a < 0 || strchr(argv[i], '_')) {
			len = snprintf(why, sizeof(why),
				       "unknown setting '%s' (known:", argv[i]);
			for (j = 0; j < NUM_CONFIG_KEYS && len > 0 &&
			     (size_t)len < sizeof(why); j++) {
				if (!nflb_config_max(config_order[j]))
					continue;
				config_typed(name, sizeof(name), config_order[j]);
				len += snprintf(why + len, sizeof(why) - len,
						" %s", name);
			}
			if (len > 0 && (size_t)len < sizeof(why))
				snprintf(why + len, sizeof(why) - len, ")");
			return config_usage(why);
		}
		if (!nflb_config_max((unsigned int)a)) {
			nflbadm_err("config: %s is the host's: only root of the initial namespaces sets it, in /sys/module/nflb/parameters/%s",
				    argv[i], nflb_config_name((unsigned int)a));
			return 2;
		}
		if (cfg.have & NFLB_CONFIG_BIT(a)) {
			nflbadm_err("config: '%s' given twice", argv[i]);
			return 2;
		}
		if (i + 1 >= argc) {
			snprintf(why, sizeof(why), "'%s' needs a value", argv[i]);
			return config_usage(why);
		}
		if (config_value(argv[i + 1], nflb_config_max((unsigned int)a),
				 &cfg.val[a])) {
			nflbadm_err("config: invalid value '%s' for %s (1-%" PRIu32 ")",
				    argv[i + 1], argv[i],
				    nflb_config_max((unsigned int)a));
			return 2;
		}
		cfg.have |= NFLB_CONFIG_BIT(a);
		i++;
	}
	if (json && cfg.have)
		return config_usage("-j only goes with showing the settings");
	h = nflbadm_open();
	if (!h)
		return 1;
	if (cfg.have) {
		ret = nflb_config_set(h, &cfg);
		if (ret)
			ret = nflbadm_err("config: %s", nflb_strerror(h, ret));
	} else {
		ret = config_show(h, json);
	}
	nflb_close(h);
	return ret;
}
