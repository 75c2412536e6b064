// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm config [-j] | config KEY VALUE...: the namespace's settings,
 * by libnflb's names.
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
