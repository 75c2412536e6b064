// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm: administer the nflb load balancer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nflbadm.h"

static const struct nflbadm_cmd nflbadm_cmds[] = {
	{ "info",      "show the module's version",  nflbadm_cmd_info },
	{ "version",   "show the tools' and module's versions",
	  nflbadm_cmd_version },
	{ "--version", NULL, nflbadm_cmd_version },
	{ "-v",        NULL, nflbadm_cmd_version },
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

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: nflbadm <command> [arguments]\n\nCommands:\n");
	for (i = 0; i < sizeof(nflbadm_cmds) / sizeof(nflbadm_cmds[0]); i++)
		if (nflbadm_cmds[i].help)
			fprintf(f, "  %-10s %s\n", nflbadm_cmds[i].name,
				nflbadm_cmds[i].help);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(nflbadm_cmds) / sizeof(nflbadm_cmds[0]); i++)
		if (!strcmp(argv[1], nflbadm_cmds[i].name))
			return nflbadm_cmds[i].run(argc - 1, argv + 1);
	nflbadm_err("unknown command '%s' (try: nflbadm --help)", argv[1]);
	return 2;
}
