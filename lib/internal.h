/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libnflb internals shared by its source files. */
#ifndef LIBNFLB_INTERNAL_H
#define LIBNFLB_INTERNAL_H

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "libnflb.h"

struct nflb {
	struct nl_sock *sk;
	int family;
	char errmsg[256];	/* extack message of the last failed request */
};

/* Called per reply message with its parsed top-level attributes. */
typedef int (*nflb_parse_fn)(struct nlattr **tb, void *arg);

struct nl_msg *nflb_msg(struct nflb *h, uint8_t cmd, int flags);
/*
 * Send @msg (consumed) and run @parse on every reply until the ACK, the
 * error or the end of the dump.  Sets *@intr when a dump was interrupted
 * by a change (NLM_F_DUMP_INTR) if @intr is given.
 */
int nflb_transact(struct nflb *h, struct nl_msg *msg, nflb_parse_fn parse,
		  void *arg, int *intr);

#endif /* LIBNFLB_INTERNAL_H */
