// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm: administer the nflb load balancer.  Without a subcommand it
 * speaks ipvsadm's syntax (ops.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nflbadm.h"

static const struct nflbadm_cmd nflbadm_cmds[] = {
	{ "apply",	"make the configuration that of a JSON file",
	  nflbadm_cmd_apply },
	{ "monitor",	"print changes to the configuration as they happen",
	  nflbadm_cmd_monitor },
	{ "info",	"show the module's version and table sizes",
	  nflbadm_cmd_info },
	{ "config",	"show or set the limits and timeouts",
	  nflbadm_cmd_config },
	{ "version",	"show the tools' and module's versions",
	  nflbadm_cmd_version },
};

int nflbadm_err(const char *fmt, ...)
{
	va_list ap;

	fputs("nflbadm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

struct nflb *nflbadm_open(void)
{
	struct nflb *h;
	int ret;

	ret = nflb_open(&h);
	if (ret < 0) {
		nflbadm_err("%s", nflb_strerror(NULL, ret));
		return NULL;
	}
	return h;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc >= 2)
		for (i = 0; i < sizeof(nflbadm_cmds) / sizeof(nflbadm_cmds[0]); i++)
			if (!strcmp(argv[1], nflbadm_cmds[i].name))
				return nflbadm_cmds[i].run(argc - 1, argv + 1);
	if (argc >= 2 && argv[1][0] != '-') {
		nflbadm_err("unknown command '%s' (try: nflbadm --help)", argv[1]);
		return 2;
	}
	/* Everything else is ipvsadm's syntax, like "nflbadm -Ln". */
	return nflbadm_cmd_ipvsadm(argc, argv);
}
