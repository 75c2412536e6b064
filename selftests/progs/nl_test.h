/* SPDX-License-Identifier: GPL-2.0 */
/* nl_test: what the netlink test programs share (nl_test.c). */
#ifndef NFLB_NL_TEST_H
#define NFLB_NL_TEST_H

#include <stdint.h>
#include <netlink/netlink.h>

#include "libnflb.h"

/* TAP: checks made and failed so far; one "ok N - ..." line per check. */
extern int tests, failures;
void ok(int cond, const char *fmt, ...);
/* The call failed with @err and the kernel's message contains @msg. */
void expect_err(struct nflb *h, int ret, int err, const char *msg,
		const char *what);

void svc4(struct nflb_service *s, uint8_t proto, const char *ip,
	  uint16_t port);
/* A NAT real server, weight 1. */
void dest4(struct nflb_dest *d, const char *ip, uint16_t port);
unsigned int count_services(struct nflb *h);

/* Raw requests: build a message by hand, return the kernel's answer. */
struct raw {
	struct nl_sock *sk;
	int family;
	int err;
	char msg[256];
};

/* Send @msg (consumed); r->err and r->msg get the kernel's answer. */
void raw_send(struct raw *r, struct nl_msg *msg);
struct nl_msg *raw_msg(struct raw *r, uint8_t cmd);
/* A SERVICE nest for TCP 192.0.2.50:80, plus one extra attribute. */
struct nl_msg *raw_svc(struct raw *r, uint8_t cmd, int extra_type,
		       const void *extra, int extra_len);

/* A dump's answer as raw_dump() saw it. */
struct raw_dump {
	unsigned int batches;	/* recvmsg() buffers */
	unsigned int nmsgs;	/* messages before NLMSG_DONE */
	int intr;		/* one had NLM_F_DUMP_INTR */
	/* optional: called with each message, and after the first buffer */
	void (*each)(struct nlmsghdr *nlh, void *arg);
	void (*after_first)(void *arg);
	void *arg;
};

/* Send the dump request @msg (consumed) and read the whole answer. */
int raw_dump(struct raw *r, struct nl_msg *msg, struct raw_dump *d);

#endif /* NFLB_NL_TEST_H */
