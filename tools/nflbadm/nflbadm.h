/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NFLBADM_H
#define NFLBADM_H

#include "libnflb.h"

/* One command family: name as typed, what it does, its entry point. */
struct nflbadm_cmd {
	const char *name;
	const char *help;
	int (*run)(int argc, char **argv);
};

/* Print "nflbadm: <message>" on stderr; returns 1 (the exit status). */
int nflbadm_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Open a handle or report why not. */
struct nflb *nflbadm_open(void);

int nflbadm_cmd_info(int argc, char **argv);
int nflbadm_cmd_config(int argc, char **argv);
int nflbadm_cmd_version(int argc, char **argv);
int nflbadm_cmd_ipvsadm(int argc, char **argv);
int nflbadm_cmd_apply(int argc, char **argv);
int nflbadm_cmd_monitor(int argc, char **argv);

#endif /* NFLBADM_H */
