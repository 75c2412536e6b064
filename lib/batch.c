// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: send a list of changes in batches (nflb_apply()'s last step).
 *
 * Many requests are written with one sendmsg(), and the kernel handles the
 * messages of a datagram one after the other, in order.  Only the last
 * request of a batch asks for an ACK: the kernel answers a failed request
 * with an error whether asked or not, and replies arrive in the order of
 * the requests, so when the reply to request i arrives every earlier
 * request without an error reply has succeeded.  A batch is bounded so
 * that its replies fit the socket's receive buffer even if every request
 * fails.  Batched requests carry sequence numbers of our own, outside
 * libnl's counter, so the handle's request/reply calls stay in step.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

/*
 * Requests per sendmsg(): at most NFLB_BATCH_MAX, and as many as the
 * receive buffer holds error replies of NFLB_REPLY_COST bytes each (an
 * error with its extack message is a small skb; this is twice its
 * truesize).  The socket's buffers are raised to NFLB_SOCKBUF, or to what
 * net.core.rmem_max and wmem_max allow.
 */
#define NFLB_BATCH_MAX		1024
#define NFLB_REPLY_COST		1536
#define NFLB_SOCKBUF		(4 << 20)
#define NFLB_REQ_SIZE		4096	/* any apply request fits: a service
					 * with 64 IPv6 source ranges is 2.3 KB
					 */
#define NFLB_SEQ_BASE		0x80000000U

struct nflb_buf {
	char *p;
	size_t len, cap;
};

/* The request for @o, appended to @buf; 0 or -errno. */
static int nflb_op_msg(struct nflb *h, const struct nflb_op *o, uint32_t seq,
		       struct nflb_buf *buf)
{
	struct nl_msg *msg = nflb_msg_sized(h, o->cmd, 0, NFLB_REQ_SIZE);
	const struct nflb_service *s = o->svc;
	uint32_t sset = 0, dset = 0, rset = 0;
	struct nlmsghdr *nlh;
	size_t len;
	int ret = -ENOMEM;

	if (!msg)
		return -ENOMEM;
	switch (o->cmd) {
	case NFLB_CMD_NEW_SERVICE:
		sset = nflb_svc_add_set(s);
		break;
	case NFLB_CMD_SET_SERVICE:
		sset = NFLB_SVC_SET_SCHED | NFLB_SVC_SET_FLAGS |
		       NFLB_SVC_SET_SNI | NFLB_SVC_SET_SRC_RANGES;
		if (s->flags & NFLB_SVC_F_PERSISTENT)
			sset |= NFLB_SVC_SET_TIMEOUT | NFLB_SVC_SET_NETMASK;
		if (s->flags & NFLB_SVC_F_SNI)
			sset |= NFLB_SVC_SET_SNI_DEFAULT;
		break;
	case NFLB_CMD_NEW_DEST:
	case NFLB_CMD_SET_DEST:
		dset = nflb_dest_add_set(o->dest);
		break;
	case NFLB_CMD_NEW_SNI_RULE:
		rset = nflb_rule_add_set(o->rule);
		break;
	case NFLB_CMD_SET_SNI_RULE:
		rset = o->set;
		break;
	}
	if (o->config) {
		if (nflb_put_config(msg, o->config, o->set))
			goto out;
	} else if (nflb_put_svc(msg, s, sset) ||
		   (o->rule && nflb_put_sni_rule(msg, o->rule, rset)) ||
		   (o->dest && nflb_put_dest(msg, s->af, o->dest, dset))) {
		goto out;
	}
	nlh = nlmsg_hdr(msg);
	nlh->nlmsg_seq = seq;
	nl_complete_msg(h->sk, msg);
	/* No ACK: nflb_batch_run() asks for one per batch. */
	nlh->nlmsg_flags &= ~NLM_F_ACK;
	len = NLMSG_ALIGN(nlh->nlmsg_len);
	if (buf->len + len > buf->cap) {
		size_t cap = (buf->cap + len) * 2;
		char *p = realloc(buf->p, cap);

		if (!p)
			goto out;
		buf->p = p;
		buf->cap = cap;
	}
	memset(buf->p + buf->len, 0, len);
	memcpy(buf->p + buf->len, nlh, nlh->nlmsg_len);
	buf->len += len;
	ret = 0;
out:
	nlmsg_free(msg);
	return ret;
}

/* The change @o makes, as reported; no error yet. */
static void nflb_op_change(const struct nflb_op *o, struct nflb_change *ch)
{
	memset(ch, 0, sizeof(*ch));
	ch->op = o->op;
	ch->svc = o->svc;
	ch->rule = o->rule;
	ch->dest = o->dest;
	ch->config = o->config;
	ch->set = o->set;
}

/* Where the replies to one batch are reported. */
struct nflb_report {
	const struct nflb_op *ops;	/* the batch's */
	nflb_change_cb cb;
	void *arg;
	int first_err, stop;
	char first_msg[sizeof(((struct nflb *)0)->errmsg)];
};

/* Request @i of the batch was answered with @err (0: it succeeded). */
static void nflb_report_one(struct nflb *h, struct nflb_report *r, size_t i,
			    int err)
{
	struct nflb_change ch;

	if (err && !r->first_err) {
		r->first_err = err;
		memcpy(r->first_msg, h->errmsg, sizeof(r->first_msg));
	}
	if (!r->cb || r->stop)
		return;
	nflb_op_change(&r->ops[i], &ch);
	ch.err = err;
	r->stop = r->cb(&ch, r->arg);
}

/*
 * Read the replies to the @n requests numbered from @seq0, of which only
 * the last asked for an ACK, and report each request in order: those
 * without an error reply before a later reply have succeeded.
 */
static int nflb_read_replies(struct nflb *h, size_t n, uint32_t seq0,
			     struct nflb_report *r)
{
	int fd = nl_socket_get_fd(h->sk);
	size_t next = 0, len;
	void *buf = nflb_rbuf(h, &len);

	if (!buf)
		return -ENOMEM;
	while (next < n) {
		struct nlmsghdr *nlh;
		ssize_t got = recv(fd, buf, len, 0);
		int rem;

		if (got < 0) {
			int err = errno;

			if (err == EINTR)
				continue;
			if (err == ENOBUFS)
				snprintf(h->errmsg, sizeof(h->errmsg),
					 "replies of the kernel were lost (receive buffer full): the changes may be part-way, apply again");
			return -err;
		}
		rem = (int)got;
		for (nlh = buf; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
			struct nlmsgerr *e = nlmsg_data(nlh);
			uint32_t i = nlh->nlmsg_seq - seq0;
			size_t off = sizeof(*e);

			if (nlh->nlmsg_type != NLMSG_ERROR || i >= n ||
			    i < next ||
			    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
				continue;
			/* Before @i, no reply: done. */
			h->errmsg[0] = '\0';
			for (; next < i; next++)
				nflb_report_one(h, r, next, 0);
			if (e->error) {
				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - sizeof(e->msg);
				nflb_save_extack_at(h, nlh, off);
			}
			nflb_report_one(h, r, next++, e->error);
		}
	}
	return 0;
}

/* How many requests, and bytes of them, one sendmsg() may carry. */
static void nflb_batch_limits(struct nflb *h, size_t *max_n, size_t *max_bytes)
{
	int fd = nl_socket_get_fd(h->sk), rcv = 0, snd = 0;
	socklen_t len = sizeof(rcv);

	nl_socket_set_buffer_size(h->sk, NFLB_SOCKBUF, NFLB_SOCKBUF);
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, &len))
		rcv = 0;
	len = sizeof(snd);
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &snd, &len))
		snd = 0;
	*max_n = (size_t)rcv / NFLB_REPLY_COST;
	if (*max_n < 1)
		*max_n = 1;
	if (*max_n > NFLB_BATCH_MAX)
		*max_n = NFLB_BATCH_MAX;
	/* The kernel refuses a datagram larger than the send buffer. */
	*max_bytes = snd > 2 * NFLB_REQ_SIZE ? (size_t)snd / 2 : NFLB_REQ_SIZE;
}

int nflb_batch_run(struct nflb *h, const struct nflb_op *ops, size_t nops,
		   unsigned int flags, nflb_change_cb cb, void *arg)
{
	struct nflb_report r = { .cb = cb, .arg = arg };
	struct nflb_buf buf = { 0 };
	size_t i, n, max_n, max_bytes, last = 0;
	int ret = 0;

	if (flags & NFLB_APPLY_DRY_RUN) {
		for (i = 0; cb && i < nops; i++) {
			struct nflb_change ch;

			nflb_op_change(&ops[i], &ch);
			r.stop = cb(&ch, arg);
			if (r.stop)
				return r.stop;
		}
		return 0;
	}
	if (!nops)
		return 0;
	nflb_batch_limits(h, &max_n, &max_bytes);
	for (i = 0; i < nops && !r.first_err && !r.stop; i += n) {
		buf.len = 0;
		for (n = 0; i + n < nops && n < max_n &&
		     (!n || buf.len + NFLB_REQ_SIZE <= max_bytes); n++) {
			last = buf.len;
			ret = nflb_op_msg(h, &ops[i + n],
					  NFLB_SEQ_BASE + (uint32_t)n, &buf);
			if (ret)
				goto out;
		}
		/* The last request's ACK closes the batch. */
		((struct nlmsghdr *)(buf.p + last))->nlmsg_flags |= NLM_F_ACK;
		ret = nl_sendto(h->sk, buf.p, buf.len);
		if (ret < 0) {
			ret = nflb_from_nlerr(ret);
			goto out;
		}
		r.ops = &ops[i];
		ret = nflb_read_replies(h, n, NFLB_SEQ_BASE, &r);
		if (ret)
			goto out;
	}
	ret = r.first_err ? r.first_err : r.stop;
	/* nflb_strerror() tells the first failure, not its consequences. */
	memcpy(h->errmsg, r.first_msg, sizeof(h->errmsg));
out:
	free(buf.p);
	return ret;
}
