/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NFLBADM_H
#define NFLBADM_H

#include "libnflb.h"

#include <stdbool.h>

/* What every subcommand may be given, parsed once by main(). */
struct nflbadm_opts {
	bool json;		/* -j, --json: JSON, one object or line each */
};

/*
 * One subcommand: its name as typed, its arguments, what it does, whether
 * it prints JSON, its entry point (argv[0] is the name; -j, --json and
 * --help are taken out before).
 */
struct nflbadm_cmd {
	const char *name;
	const char *args;
	const char *help;
	bool json;
	int (*run)(const struct nflbadm_opts *o, int argc, char **argv);
};

/* Print "nflbadm: <message>" on stderr; returns 1 (the exit status). */
int nflbadm_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Open a handle or report why not. */
struct nflb *nflbadm_open(void);

int nflbadm_cmd_info(const struct nflbadm_opts *o, int argc, char **argv);
int nflbadm_cmd_config(const struct nflbadm_opts *o, int argc, char **argv);
int nflbadm_cmd_version(const struct nflbadm_opts *o, int argc, char **argv);
int nflbadm_cmd_apply(const struct nflbadm_opts *o, int argc, char **argv);
int nflbadm_cmd_export(const struct nflbadm_opts *o, int argc, char **argv);
int nflbadm_cmd_monitor(const struct nflbadm_opts *o, int argc, char **argv);
/* Everything else: ipvsadm's grammar, with its own -j (-L -j). */
int nflbadm_cmd_ipvsadm(int argc, char **argv);

#endif /* NFLBADM_H */
