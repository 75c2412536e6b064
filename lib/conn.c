// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: the connection table (NFLB_CMD_GET_CONN).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "internal.h"

struct nflb_conn_walk {
	nflb_conn_cb cb;
	void *arg;
	int stopped;	/* @cb's non-zero return; the rest is drained */
};

static void nflb_conn_addr(struct nlattr *a, union nflb_addr *addr)
{
	if (a && nla_len(a) <= (int)sizeof(*addr))
		memcpy(addr, nla_data(a), nla_len(a));
}

static uint16_t nflb_get_port(struct nlattr *a)
{
	return ntohs(nla_get_u16(a));
}

static int nflb_parse_conn(struct nlattr **tb, void *arg)
{
	struct nlattr *ct[NFLB_CONN_A_MAX + 1];
	struct nflb_conn_walk *w = arg;
	struct nflb_conn c;

	if (w->stopped)
		return 0;
	if (!tb[NFLB_ATTR_CONN] ||
	    nla_parse_nested(ct, NFLB_CONN_A_MAX, tb[NFLB_ATTR_CONN], NULL) ||
	    !ct[NFLB_CONN_A_AF])
		return -EPROTO;
	memset(&c, 0, sizeof(c));
	c.af = nla_get_u16(ct[NFLB_CONN_A_AF]);
#define GET(a, f, get) do { if (ct[a]) c.f = get(ct[a]); } while (0)
	GET(NFLB_CONN_A_PROTOCOL, protocol, nla_get_u8);
	GET(NFLB_CONN_A_FWD_METHOD, fwd, nla_get_u8);
	GET(NFLB_CONN_A_STATE, state, nla_get_u8);
	GET(NFLB_CONN_A_EXPIRES, expires_ms, nla_get_u32);
	GET(NFLB_CONN_A_FLAGS, flags, nla_get_u32);
	GET(NFLB_CONN_A_FWMARK, fwmark, nla_get_u32);
	GET(NFLB_CONN_A_CPORT, cport, nflb_get_port);
	GET(NFLB_CONN_A_VPORT, vport, nflb_get_port);
	GET(NFLB_CONN_A_DPORT, dport, nflb_get_port);
#undef GET
	nflb_conn_addr(ct[NFLB_CONN_A_CADDR], &c.caddr);
	nflb_conn_addr(ct[NFLB_CONN_A_VADDR], &c.vaddr);
	nflb_conn_addr(ct[NFLB_CONN_A_DADDR], &c.daddr);
	w->stopped = w->cb(&c, w->arg);
	return 0;
}

int nflb_conn_list(struct nflb *h, const struct nflb_service *svc,
		   nflb_conn_cb cb, void *arg)
{
	struct nflb_conn_walk w = { .cb = cb, .arg = arg };
	struct nl_msg *msg = nflb_msg(h, NFLB_CMD_GET_CONN, NLM_F_DUMP);
	int ret;

	if (!msg)
		return -ENOMEM;
	if (svc && nflb_put_svc(msg, svc, 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	/* Not a snapshot: an interrupted dump (NLM_F_DUMP_INTR) is fine. */
	ret = nflb_transact(h, msg, nflb_parse_conn, &w, NULL);
	if (ret == -EOPNOTSUPP && !h->errmsg[0])
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "this nflb module has no connection table (no NFLB_CMD_GET_CONN)");
	return ret ? ret : w.stopped;
}
