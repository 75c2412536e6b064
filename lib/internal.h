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
	void *rbuf;		/* receive buffer of raw reads (events, apply) */
	size_t rbuf_len;
};

/* Shared by the library's files, not exported. */
#define NFLB_HIDDEN __attribute__((visibility("hidden")))

/* Called per reply message with its parsed top-level attributes. */
typedef int (*nflb_parse_fn)(struct nlattr **tb, void *arg);

NFLB_HIDDEN struct nl_msg *nflb_msg(struct nflb *h, uint8_t cmd, int flags);
/*
 * Send @msg (consumed) and run @parse on every reply until the ACK, the
 * error or the end of the dump.  Sets *@intr when a dump was interrupted
 * by a change (NLM_F_DUMP_INTR) if @intr is given.
 */
NFLB_HIDDEN int nflb_transact(struct nflb *h, struct nl_msg *msg,
			      nflb_parse_fn parse, void *arg, int *intr);

NFLB_HIDDEN int nflb_from_nlerr(int nlerr);
/* Copy the extack message after the first @off bytes of @nlh's payload. */
NFLB_HIDDEN void nflb_save_extack_at(struct nflb *h, struct nlmsghdr *nlh,
				     size_t off);
/* A kernel that cannot format extack (6.1) names no scheduler: add @name. */
NFLB_HIDDEN void nflb_errmsg_sched(struct nflb *h, const char *name);
/* The receive buffer for raw reads, allocated on first use. */
NFLB_HIDDEN void *nflb_rbuf(struct nflb *h, size_t *len);

/* SERVICE nest: identity, and the settings selected by @set. */
NFLB_HIDDEN int nflb_put_svc(struct nl_msg *msg,
			     const struct nflb_service *svc, uint32_t set);
NFLB_HIDDEN int nflb_put_dest(struct nl_msg *msg, uint16_t af,
			      const struct nflb_dest *dest, uint32_t set);
NFLB_HIDDEN int nflb_parse_svc(struct nlattr *nest, struct nflb_service *svc);
NFLB_HIDDEN int nflb_parse_dest(struct nlattr *nest, struct nflb_dest *dest);
NFLB_HIDDEN void nflb_get_stats(struct nlattr *nest, struct nflb_stats *st);
/* SNI_RULE nest: the name, and the settings selected by @set. */
NFLB_HIDDEN int nflb_put_sni_rule(struct nl_msg *msg,
				  const struct nflb_sni_rule *rule,
				  uint32_t set);
NFLB_HIDDEN int nflb_parse_sni_rule(struct nlattr *nest,
				    struct nflb_sni_rule *rule);
/* CONFIG nest: the settings whose NFLB_CONFIG_BIT() is in @set. */
NFLB_HIDDEN int nflb_put_config(struct nl_msg *msg,
				const struct nflb_config *cfg, uint32_t set);
/* What nflb_service_add(), nflb_dest_add() and nflb_sni_rule_add() send. */
NFLB_HIDDEN uint32_t nflb_svc_add_set(const struct nflb_service *svc);
NFLB_HIDDEN uint32_t nflb_dest_add_set(const struct nflb_dest *dest);
NFLB_HIDDEN uint32_t nflb_rule_add_set(const struct nflb_sni_rule *rule);

/* A growing array. */
struct nflb_vec {
	void *items;
	size_t n, cap, size;
};

NFLB_HIDDEN void *nflb_vec_push(struct nflb_vec *v);

#define NFLB_DUMP_RETRIES 8

/*
 * Run a dump (of @svc's objects when @svc is given) until the kernel
 * reports it consistent, collecting into @v with @parse.
 */
NFLB_HIDDEN int nflb_dump(struct nflb *h, uint8_t cmd,
			  const struct nflb_service *svc, nflb_parse_fn parse,
			  struct nflb_vec *v);
/* The same with any collector: @reset(@arg) runs before each attempt. */
NFLB_HIDDEN int nflb_dump_fn(struct nflb *h, uint8_t cmd,
			     const struct nflb_service *svc, nflb_parse_fn parse,
			     void *arg, void (*reset)(void *arg));
/*
 * True for the error of a GET_DEST dump without a service from a module
 * that predates it (it wants a SERVICE): list service by service then.
 */
NFLB_HIDDEN int nflb_dump_dests_unsupported(int err);
/* A request of at most @size bytes (apply builds many small ones). */
NFLB_HIDDEN struct nl_msg *nflb_msg_sized(struct nflb *h, uint8_t cmd,
					  int flags, size_t size);

/* One change nflb_apply() makes, and the batches that send them (batch.c). */
struct nflb_op {
	uint8_t cmd;			/* NFLB_CMD_* to send */
	char op;			/* '+', '-', '~' */
	uint32_t set;			/* '~': what differs */
	const struct nflb_service *svc;
	const struct nflb_sni_rule *rule;	/* of an SNI rule */
	const struct nflb_dest *dest;
	const struct nflb_config *config;	/* NFLB_CMD_SET_CONFIG */
};

/*
 * Send @nops changes (none with NFLB_APPLY_DRY_RUN) and report each to @cb
 * in order; 0, the first request's error, or what @cb returned to stop.
 */
NFLB_HIDDEN int nflb_batch_run(struct nflb *h, const struct nflb_op *ops,
			       size_t nops, unsigned int flags,
			       nflb_change_cb cb, void *arg);

#endif /* LIBNFLB_INTERNAL_H */
