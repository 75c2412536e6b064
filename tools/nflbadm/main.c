// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm: administer the nflb load balancer.  Without a subcommand it
 * speaks ipvsadm's syntax (ipvsadm/run.c).
 */
#define _GNU_SOURCE		/* setns() */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nflbadm.h"
#include "out.h"

static const struct nflbadm_cmd nflbadm_cmds[] = {
	{ "apply", "-f STATE.json [--dry-run] [--prune] [-j]",
	  "Make the configuration that of a JSON file", true,
	  nflbadm_cmd_apply },
	{ "export", "",
	  "Print the whole configuration as a state file for apply", false,
	  nflbadm_cmd_export },
	{ "monitor", "[-j]",
	  "Print changes to the configuration as they happen", true,
	  nflbadm_cmd_monitor },
	{ "info", "[-j]",
	  "Show the module's version, table sizes and counters", true,
	  nflbadm_cmd_info },
	{ "config", "[-j] | config KEY VALUE...",
	  "Show or set the limits and timeouts", true,
	  nflbadm_cmd_config },
	{ "version", "",
	  "Show the tools' and module's versions", false,
	  nflbadm_cmd_version },
};

/*
 * Run @cmd: -j/--json, -p/--pretty (indented JSON; implies -j) and
 * --help/-h are the same for every subcommand and are taken out here; the
 * command sees the rest.
 */
static int nflbadm_run(const struct nflbadm_cmd *cmd, int argc, char **argv)
{
	struct nflbadm_opts o = { 0 };
	int i, n = 1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("Usage: nflbadm [--netns NAME] %s%s%s\n%s.\n",
			       cmd->name, *cmd->args ? " " : "", cmd->args,
			       cmd->help);
			return 0;
		}
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json") ||
		    !strcmp(argv[i], "-p") || !strcmp(argv[i], "--pretty")) {
			if (!cmd->json) {
				nflbadm_err("%s: no JSON output (usage: nflbadm %s%s%s)",
					    cmd->name, cmd->name,
					    *cmd->args ? " " : "", cmd->args);
				return 2;
			}
			o.json = true;
			if (argv[i][1] == 'p' || argv[i][2] == 'p')
				out_set_pretty(true);
			continue;
		}
		argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return cmd->run(&o, n, argv);
}

/*
 * --netns NAME, first: act on the network namespace NAME as "ip netns"
 * names it (/run/netns/NAME), or on the one a path with a '/' names, like
 * "ip -n NAME".  Returns the number of arguments taken, or -1.
 */
static int nflbadm_netns(int argc, char **argv)
{
	const char *name;
	char path[4096];
	int fd, n = 2;

	if (argc < 2 || strncmp(argv[1], "--netns", 7))
		return 0;
	if (argv[1][7] == '=') {
		name = argv[1] + 8;
		n = 1;
	} else if (argv[1][7]) {
		return 0;	/* another option: ops.c's to judge */
	} else {
		name = argc > 2 ? argv[2] : "";
	}
	if (!*name || *name == '-') {
		nflbadm_err("--netns needs a namespace name or path");
		return -1;
	}
	snprintf(path, sizeof(path), "%s%s", strchr(name, '/') ? "" : "/run/netns/",
		 name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		nflbadm_err("cannot enter network namespace %s: %s", path,
			    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return n;
}

int main(int argc, char **argv)
{
	size_t i;
	int n;

	n = nflbadm_netns(argc, argv);
	if (n < 0)
		return 2;
	if (n) {
		argv[n] = argv[0];
		argc -= n;
		argv += n;
	}
	if (argc >= 2)
		for (i = 0; i < sizeof(nflbadm_cmds) / sizeof(nflbadm_cmds[0]); i++)
			if (!strcmp(argv[1], nflbadm_cmds[i].name))
				return nflbadm_run(&nflbadm_cmds[i], argc - 1,
						   argv + 1);
	if (argc >= 2 && argv[1][0] != '-') {
		nflbadm_err("unknown command '%s' (try: nflbadm --help)", argv[1]);
		return 2;
	}
	/* Everything else is ipvsadm's syntax, like "nflbadm -Ln". */
	return nflbadm_cmd_ipvsadm(argc, argv);
}
