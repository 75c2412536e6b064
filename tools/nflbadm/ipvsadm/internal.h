/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipvsadm/internal.h: the ipvsadm parser's state, shared by its files
 * (ipvsadm/parse.c, ipvsadm/convert.c, ipvsadm/sni.c, ipvsadm/state.c); not
 * part of ipvsadm.h's interface.
 */
#ifndef NFLBADM_IPVSADM_INT_H
#define NFLBADM_IPVSADM_INT_H

#include "ipvsadm.h"

#define MAX_POSITIONAL		4

/* Settings an option can give; each may appear once per command. */
enum slot {
	S_SERVICE, S_IPV6, S_SCHED, S_PERSIST, S_NETMASK, S_SCHED_FLAGS,
	S_OPS, S_REAL, S_FWD, S_WEIGHT, S_UTHRESH, S_LTHRESH, S_TUN_TYPE,
	S_HEALTH, S_SNI, S_SNI_MODE, S_SNI_DEFAULT, S_SRC_RANGES,
	S_NUMERIC, S_CONN, S_STATS, S_RATE, S_EXACT, S_THRESHOLDS, S_PCONN,
	S_TIMEOUT, S_SORT, S_NOSORT, S_TUNINFO, S_JSON,
	S_NR
};

#define B(s)		(1U << (s))

#define SNI_OPTS	(B(S_SNI_MODE) | B(S_SNI_DEFAULT))

struct seen {
	const char *spell;	/* the option as typed: "-w" or "--weight" */
	const char *arg;	/* its argument, NULL if none */
	int value;
	int pos;		/* argv index, to report the first offender */
};

struct pstate {
	enum nflbadm_op op;
	const char *op_spell;
	unsigned int present;	/* B(slot) */
	struct seen s[S_NR];
	const char *positional[MAX_POSITIONAL];
	int npositional;
	char *err;
	size_t errlen;
};

/* Report an error: one line in st->err; returns -1. */
int nflbadm_fail(struct pstate *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The present option of @mask that came first on the line, or -1. */
int nflbadm_first_of(const struct pstate *st, unsigned int mask);
/* The second pass: check the options and convert them into @req. */
int nflbadm_convert(struct pstate *st, struct nflbadm_req *req);
/* --sni-mode, --sni-default, --sni (ipvsadm/sni.c). */
int nflbadm_convert_sni(struct pstate *st, struct nflbadm_req *req);

#endif /* NFLBADM_IPVSADM_INT_H */
