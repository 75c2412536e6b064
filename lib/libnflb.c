// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: netlink transport and the info call.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include <netlink/genl/ctrl.h>

#include "internal.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Larger than any message the kernel sends (dumps: at most 32 KiB). */
#define NFLB_RECV_BUF	65536

/* State of one request/response exchange. */
struct nflb_xfer {
	struct nflb *h;
	int err;		/* 1 while running, then 0 or -errno */
	nflb_parse_fn parse;
	void *arg;
	int intr;		/* the dump saw NLM_F_DUMP_INTR */
};

const char *nflb_lib_version(void)
{
	return NFLB_LIB_VERSION;
}

int nflb_from_nlerr(int nlerr)
{
	switch (-nlerr) {
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	default:
		return -EIO;
	}
}

int nflb_open(struct nflb **hp)
{
	struct nflb *h;
	int one = 1;
	int ret;

	*hp = NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;

	h->sk = nl_socket_alloc();
	if (!h->sk) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = genl_connect(h->sk);
	if (ret < 0) {
		ret = nflb_from_nlerr(ret);
		goto err_sock;
	}
	/* Ask for the kernel's reasons, and do not echo requests in errors. */
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	/*
	 * Read with one 64 KiB buffer, not libnl's peek-then-read of 16 KiB:
	 * one system call per message, and the kernel fills dump messages up
	 * to its 32 KiB cap, so a dump takes half the passes.
	 */
	nl_socket_set_msg_buf_size(h->sk, NFLB_RECV_BUF);

	/* Resolving the family autoloads the module when it can. */
	h->family = genl_ctrl_resolve(h->sk, NFLB_GENL_NAME);
	if (h->family < 0) {
		ret = nflb_from_nlerr(h->family);
		goto err_sock;
	}
	*hp = h;
	return 0;

err_sock:
	nl_socket_free(h->sk);
err_free:
	free(h);
	return ret;
}

void nflb_close(struct nflb *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h->rbuf);
	free(h);
}

void *nflb_rbuf(struct nflb *h, size_t *len)
{
	if (!h->rbuf) {
		h->rbuf = malloc(NFLB_RECV_BUF);
		if (!h->rbuf)
			return NULL;
		h->rbuf_len = NFLB_RECV_BUF;
	}
	*len = h->rbuf_len;
	return h->rbuf;
}

const char *nflb_strerror(struct nflb *h, int err)
{
	if (h && h->errmsg[0])
		return h->errmsg;
	if (!h && err == -ENOENT)
		return "the nflb kernel module is not loaded (try: modprobe nflb)";
	if (err == -EPERM)
		return "permission denied: CAP_NET_ADMIN is required";
	return strerror(-err);
}

/*
 * Copy the extended-ack message (NLMSGERR_ATTR_MSG) that follows the first
 * @off bytes of @nlh's payload, if there is one.
 */
void nflb_save_extack_at(struct nflb *h, struct nlmsghdr *nlh, size_t off)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct nlattr *attrs;
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if (len <= 0)
		return;
	attrs = (struct nlattr *)((char *)nlmsg_data(nlh) + off);
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, len, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(h->errmsg, sizeof(h->errmsg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

/*
 * Kernels before 6.2 cannot put values in extack messages: their refusal
 * of a scheduler says "unknown scheduler (known: ...)" without the name
 * that was refused.  The request's own name goes in, the way 6.2 and
 * later kernels say it.
 */
void nflb_errmsg_sched(struct nflb *h, const char *name)
{
	static const char prefix[] = "unknown scheduler (";
	char msg[sizeof(h->errmsg)];

	if (strncmp(h->errmsg, prefix, sizeof(prefix) - 1))
		return;
	snprintf(msg, sizeof(msg), "unknown scheduler '%s' %s", name,
		 h->errmsg + sizeof(prefix) - 2);
	memcpy(h->errmsg, msg, sizeof(msg));
}

static int nflb_cb_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			 void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nflb_xfer *x = arg;
	size_t off = sizeof(*e);

	(void)nla;
	x->err = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (e->error)
		nflb_save_extack_at(x->h, nlh, off);
	return NL_STOP;
}

/* End of a dump: NLMSG_DONE carries the dump's status and its extack. */
static int nflb_cb_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nflb_xfer *x = arg;
	int status = 0;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&status, nlmsg_data(nlh), sizeof(int));
	x->err = status < 0 ? status : 0;
	if (status < 0)
		nflb_save_extack_at(x->h, nlh, sizeof(int));
	return NL_STOP;
}

static int nflb_cb_intr(struct nl_msg *msg, void *arg)
{
	struct nflb_xfer *x = arg;

	(void)msg;
	x->intr = 1;
	return NL_OK;
}

static int nflb_cb_ack(struct nl_msg *msg, void *arg)
{
	struct nflb_xfer *x = arg;

	(void)msg;
	x->err = 0;
	return NL_STOP;
}

static int nflb_cb_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NFLB_ATTR_MAX + 1];
	struct nflb_xfer *x = arg;
	int ret;

	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, NFLB_ATTR_MAX, NULL);
	if (ret < 0) {
		x->err = -EPROTO;
		return NL_STOP;
	}
	if (x->parse) {
		ret = x->parse(tb, x->arg);
		if (ret < 0) {
			x->err = ret;
			return NL_STOP;
		}
	}
	return NL_OK;
}

int nflb_transact(struct nflb *h, struct nl_msg *msg, nflb_parse_fn parse,
		  void *arg, int *intr)
{
	struct nflb_xfer x = { .h = h, .err = 1, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int ret;

	h->errmsg[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, nflb_cb_error, &x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, nflb_cb_ack, &x);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nflb_cb_valid, &x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, nflb_cb_finish, &x);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, nflb_cb_intr, &x);

	ret = nl_send_auto(h->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		x.err = nflb_from_nlerr(ret);
		goto out;
	}
	while (x.err > 0) {
		ret = nl_recvmsgs(h->sk, cb);
		if (ret < 0 && x.err > 0)
			x.err = nflb_from_nlerr(ret);
	}
out:
	nl_cb_put(cb);
	if (intr)
		*intr = x.intr;
	return x.err;
}

static struct nl_msg *nflb_msg_put(struct nflb *h, struct nl_msg *msg,
				   uint8_t cmd, int flags)
{
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0, flags,
			 cmd, NFLB_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *nflb_msg(struct nflb *h, uint8_t cmd, int flags)
{
	return nflb_msg_put(h, nlmsg_alloc(), cmd, flags);
}

struct nl_msg *nflb_msg_sized(struct nflb *h, uint8_t cmd, int flags,
			      size_t size)
{
	return nflb_msg_put(h, nlmsg_alloc_size(size), cmd, flags);
}

/* The connection table's figures; false from a module without one. */
static bool nflb_parse_conn_stats(struct nlattr **it, struct nflb_conn_stats *cs)
{
	if (!it[NFLB_INFO_A_NUM_CONNS])
		return false;
	cs->num_conns = nla_get_u32(it[NFLB_INFO_A_NUM_CONNS]);
#define U32(a, f) do { if (it[a]) cs->f = nla_get_u32(it[a]); } while (0)
#define U64(a, f) do { if (it[a]) cs->f = nla_get_u64(it[a]); } while (0)
	U32(NFLB_INFO_A_CONN_TABLE_SIZE, table_size);
	U32(NFLB_INFO_A_CONN_SIZE, conn_size);
	U64(NFLB_INFO_A_CONN_DROPS, drops);
	U64(NFLB_INFO_A_NO_CONN_DROPS, no_conn_drops);
	U64(NFLB_INFO_A_TCP_INVALID, tcp_invalid);
	U64(NFLB_INFO_A_EARLY_DROPS, early_drops);
	U64(NFLB_INFO_A_ORPHAN_DROPS, orphan_drops);
	U64(NFLB_INFO_A_SOURCE_RANGE_DROPS, src_range_drops);
#undef U32
#undef U64
	return true;
}

/* SNI routing's figures; false from a module without its data path. */
static bool nflb_parse_sni_stats(struct nlattr **it, struct nflb_sni_stats *st)
{
	if (!it[NFLB_INFO_A_SNI_PENDING])
		return false;
	st->pending = nla_get_u32(it[NFLB_INFO_A_SNI_PENDING]);
#define U64(a, f) do { if (it[a]) st->f = nla_get_u64(it[a]); } while (0)
	U64(NFLB_INFO_A_SNI_COOKIE_FAILS, cookie_fails);
	U64(NFLB_INFO_A_SNI_PENDING_DROPS, pending_drops);
	U64(NFLB_INFO_A_SNI_PEEK_OVERFLOWS, peek_overflows);
	U64(NFLB_INFO_A_SNI_TIMEOUTS, timeouts);
	U64(NFLB_INFO_A_SNI_RESETS, resets);
	U64(NFLB_INFO_A_SNI_BOUND, bound);
	U64(NFLB_INFO_A_SNI_HELD_BYTES, held_bytes);
	U64(NFLB_INFO_A_SNI_HELD_LIMIT, held_limit);
	U64(NFLB_INFO_A_SNI_HELD_DROPS, held_drops);
	U64(NFLB_INFO_A_SNI_SOURCE_DROPS, source_drops);
#undef U64
	return true;
}

static int nflb_parse_info(struct nlattr **tb, void *arg)
{
	struct nlattr *it[NFLB_INFO_A_MAX + 1];
	struct nflb_info *info = arg;

	if (!tb[NFLB_ATTR_VERSION] || !tb[NFLB_ATTR_GENL_VERSION])
		return -EPROTO;
	snprintf(info->version, sizeof(info->version), "%s",
		 nla_get_string(tb[NFLB_ATTR_VERSION]));
	info->genl_version = nla_get_u32(tb[NFLB_ATTR_GENL_VERSION]);
	if (!tb[NFLB_ATTR_INFO])
		return 0;
	if (nla_parse_nested(it, NFLB_INFO_A_MAX, tb[NFLB_ATTR_INFO], NULL))
		return -EPROTO;
	if (it[NFLB_INFO_A_NUM_SERVICES])
		info->num_services = nla_get_u32(it[NFLB_INFO_A_NUM_SERVICES]);
	if (it[NFLB_INFO_A_NUM_DESTS])
		info->num_dests = nla_get_u32(it[NFLB_INFO_A_NUM_DESTS]);
	if (it[NFLB_INFO_A_SVC_TABLE_SIZE])
		info->svc_table_size = nla_get_u32(it[NFLB_INFO_A_SVC_TABLE_SIZE]);
	info->have_conns = nflb_parse_conn_stats(it, &info->conns);
	info->have_sni = nflb_parse_sni_stats(it, &info->sni);
	return 0;
}

int nflb_get_info(struct nflb *h, struct nflb_info *info)
{
	struct nl_msg *msg = nflb_msg(h, NFLB_CMD_GET_INFO, 0);

	if (!msg)
		return -ENOMEM;
	memset(info, 0, sizeof(*info));
	return nflb_transact(h, msg, nflb_parse_info, info, NULL);
}
