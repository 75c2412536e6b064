// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm info / --version: what the module and the tools are.
 */
#include <stdio.h>
#include <string.h>

#include "nflbadm.h"

int nflbadm_cmd_info(int argc, char **argv)
{
	struct nflb_info info;
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
