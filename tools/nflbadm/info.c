// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm info / version: what the module and the tools are.
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
		out_uint("dropped_source_range",
			 "new flows dropped, client outside the source ranges: %" PRIu64 "\n",
			 cs->src_range_drops);
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
