// SPDX-License-Identifier: GPL-2.0
/*
 * nl_test: what the netlink test programs (nl_api, nl_sni) share: TAP
 * output, service and real server fixtures, raw requests.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "nl_test.h"

int tests, failures;

void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failures++;
	printf("%s %d - ", cond ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* The call failed with @err and the kernel's message contains @msg. */
void expect_err(struct nflb *h, int ret, int err, const char *msg,
		const char *what)
{
	const char *got = ret ? nflb_strerror(h, ret) : "(success)";

	ok(ret == err && strstr(got, msg), "%s: %s (got %d '%s')", what, msg,
	   ret, got);
}

void svc4(struct nflb_service *s, uint8_t proto, const char *ip,
	  uint16_t port)
{
	memset(s, 0, sizeof(*s));
	s->af = AF_INET;
	s->protocol = proto;
	inet_pton(AF_INET, ip, &s->addr.in);
	s->port = port;
}

void dest4(struct nflb_dest *d, const char *ip, uint16_t port)
{
	memset(d, 0, sizeof(*d));
	inet_pton(AF_INET, ip, &d->addr.in);
	d->port = port;
	d->fwd = NFLB_FWD_NAT;
	d->weight = 1;
}

static int count_cb(const struct nflb_service *svc, void *arg)
{
	(void)svc;
	(*(unsigned int *)arg)++;
	return 0;
}

unsigned int count_services(struct nflb *h)
{
	unsigned int n = 0;

	return nflb_service_list(h, count_cb, &n) ? ~0U : n;
}

static int raw_err(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct raw *r = arg;
	size_t off = sizeof(*e);
	int len;

	(void)nla;
	r->err = e->error;
	r->msg[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && len > 0 &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX,
		       (struct nlattr *)((char *)e + off), len, NULL) &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(r->msg, sizeof(r->msg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

static int raw_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct raw *)arg)->err = 0;
	return NL_STOP;
}

void raw_send(struct raw *r, struct nl_msg *msg)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	r->err = 1;
	r->msg[0] = 0;
	nl_cb_err(cb, NL_CB_CUSTOM, raw_err, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, raw_ack, r);
	if (nl_send_auto(r->sk, msg) < 0)
		r->err = -EIO;
	while (r->err == 1)
		if (nl_recvmsgs(r->sk, cb) < 0 && r->err == 1)
			r->err = -EIO;
	nl_cb_put(cb);
	nlmsg_free(msg);
}

struct nl_msg *raw_msg(struct raw *r, uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, r->family, 0, 0, cmd, 1);
	return msg;
}

/* A SERVICE nest for TCP 192.0.2.50:80, plus one extra attribute. */
struct nl_msg *raw_svc(struct raw *r, uint8_t cmd, int extra_type,
		       const void *extra, int extra_len)
{
	struct nl_msg *msg = raw_msg(r, cmd);
	struct nlattr *nest = nla_nest_start(msg, NFLB_ATTR_SERVICE);
	uint32_t ip = htonl(0xc0000232);

	nla_put_u16(msg, NFLB_SVC_A_AF, AF_INET);
	nla_put_u8(msg, NFLB_SVC_A_PROTOCOL, IPPROTO_TCP);
	nla_put(msg, NFLB_SVC_A_ADDR, 4, &ip);
	nla_put_u16(msg, NFLB_SVC_A_PORT, htons(80));
	if (extra_type)
		nla_put(msg, extra_type, extra_len, extra);
	nla_nest_end(msg, nest);
	return msg;
}

int raw_dump(struct raw *r, struct nl_msg *msg, struct raw_dump *d)
{
	struct sockaddr_nl nla;
	struct nlmsghdr *nlh;
	unsigned char *buf;
	int n, done = 0, err = 0;

	d->batches = d->nmsgs = 0;
	d->intr = 0;
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_DUMP;
	n = nl_send_auto(r->sk, msg);
	nlmsg_free(msg);
	if (n < 0)
		return -EIO;
	while (!done && (n = nl_recv(r->sk, &nla, &buf, NULL)) > 0) {
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, n);
		     nlh = nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = 1;
			} else if (nlh->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				err = ((struct nlmsgerr *)nlmsg_data(nlh))->error;
			} else {
				d->nmsgs++;
				d->intr |= !!(nlh->nlmsg_flags & NLM_F_DUMP_INTR);
				if (d->each)
					d->each(nlh, d->arg);
			}
		}
		free(buf);
		if (!d->batches++ && d->after_first)
			d->after_first(d->arg);
	}
	return done ? err : -EIO;
}
