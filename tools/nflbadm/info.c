// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm info / --version: what the module and the tools are.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "nflbadm.h"

int nflbadm_cmd_info(int argc, char **argv)
{
	struct nflb_conn_stats cs;
	struct nflb_info info;
	uint32_t max_conns;
	struct nflb *h;
	int ret;

	if (argc > 1)
		return nflbadm_err("info: unexpected argument '%s'", argv[1]);
	h = nflbadm_open();
	if (!h)
		return 1;
	ret = nflb_get_info(h, &info);
	if (ret < 0) {
		nflbadm_err("info: %s", nflb_strerror(h, ret));
		nflb_close(h);
		return 1;
	}
	printf("module version: %s\n", info.version);
	printf("netlink family: %s version %u\n", NFLB_GENL_NAME,
	       info.genl_version);
	printf("services: %u\nreal servers: %u\nservice table buckets: %u\n",
	       info.num_services, info.num_dests, info.svc_table_size);
	/* Modules without a connection table report none of these. */
	ret = nflb_get_conn_stats(h, &cs);
	if (!ret) {
		printf("connections: %" PRIu32 "\n", cs.num_conns);
		if (!nflb_config_get_attr(h, NFLB_CONFIG_A_MAX_CONNS, &max_conns))
			printf("connection limit: %" PRIu32 "\n", max_conns);
		printf("connection table buckets: %" PRIu32 "\n"
		       "connection entry size: %" PRIu32 " bytes\n"
		       "connections dropped, table full: %" PRIu64 "\n"
		       "packets dropped, no connection: %" PRIu64 "\n",
		       cs.table_size, cs.conn_size, cs.drops, cs.no_conn_drops);
	} else if (ret != -EOPNOTSUPP) {
		nflbadm_err("info: %s", nflb_strerror(h, ret));
		nflb_close(h);
		return 1;
	}
	nflb_close(h);
	return 0;
}

int nflbadm_cmd_version(int argc, char **argv)
{
	struct nflb_info info;
	struct nflb *h;

	(void)argc;
	(void)argv;
	printf("nflbadm %s\n", nflb_lib_version());
	/* The module is optional here: --version must work without it. */
	if (nflb_open(&h) == 0) {
		if (nflb_get_info(h, &info) == 0)
			printf("nflb module %s\n", info.version);
		nflb_close(h);
	}
	return 0;
}
