// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: change events from the "events" multicast group.
 *
 * The handle's socket joins the group and is made non-blocking; messages
 * are read with recv() straight into the handle's buffer and decoded here,
 * so neither libnl's sequence check (multicast messages carry sequence 0)
 * nor its callbacks are involved.
 *
 * The socket also joins the generic netlink controller's "notify" group:
 * when the module is unloaded the controller announces the family's
 * removal (NFLB_EVENT_MODULE_GONE), and when it is loaded again its new
 * family and group ids, which the handle takes and joins
 * (NFLB_EVENT_MODULE_BACK).  Nothing here loads the module.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include <netlink/genl/ctrl.h>

#include "internal.h"

/* Room for bursts: the kernel drops events that do not fit. */
#define NFLB_EVENT_RCVBUF	(4 << 20)

int nflb_event_open(struct nflb **hp)
{
	int size = NFLB_EVENT_RCVBUF;
	struct nflb *h;
	size_t len;
	int grp, ret, fd;

	ret = nflb_open(&h);
	if (ret)
		return ret;
	*hp = NULL;
	grp = genl_ctrl_resolve_grp(h->sk, NFLB_GENL_NAME, NFLB_MCGRP_EVENTS);
	if (grp < 0) {
		ret = nflb_from_nlerr(grp);
		goto err;
	}
	ret = nl_socket_add_membership(h->sk, grp);
	if (ret >= 0) {
		/* The controller's announcements: the module comes and goes. */
		int ctrl = genl_ctrl_resolve_grp(h->sk, "nlctrl", "notify");

		ret = ctrl < 0 ? ctrl : nl_socket_add_membership(h->sk, ctrl);
	}
	if (ret < 0) {
		/* The group needs CAP_NET_ADMIN, like every command. */
		ret = ret == -NLE_PERM || ret == -NLE_NOACCESS ? -EPERM :
		      nflb_from_nlerr(ret);
		goto err;
	}
	fd = nl_socket_get_fd(h->sk);
	/* Beyond rmem_max when privileged; else as much as allowed. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	ret = nl_socket_set_nonblocking(h->sk);
	if (ret < 0) {
		ret = nflb_from_nlerr(ret);
		goto err;
	}
	if (!nflb_rbuf(h, &len)) {
		ret = -ENOMEM;
		goto err;
	}
	*hp = h;
	return 0;
err:
	nflb_close(h);
	return ret;
}

int nflb_event_fd(struct nflb *h)
{
	return nl_socket_get_fd(h->sk);
}

/*
 * The controller's message about a family: nflb's removal, or its return,
 * whose family and events group ids the handle takes and joins.  0 and
 * *@ev filled, or 1 to skip it.
 */
static int nflb_event_ctrl(struct nflb *h, struct nlmsghdr *nlh,
			   struct nflb_event *ev)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *g, *gt[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlh);
	int rem, grp = -1;

	if (!genlmsg_valid_hdr(nlh, 0) ||
	    (gh->cmd != CTRL_CMD_NEWFAMILY && gh->cmd != CTRL_CMD_DELFAMILY) ||
	    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) ||
	    !tb[CTRL_ATTR_FAMILY_NAME] ||
	    strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), NFLB_GENL_NAME))
		return 1;
	memset(ev, 0, sizeof(*ev));
	if (gh->cmd == CTRL_CMD_DELFAMILY) {
		ev->cmd = NFLB_EVENT_MODULE_GONE;
		return 0;
	}
	if (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_MCAST_GROUPS])
		return 1;
	nla_for_each_nested(g, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
		if (nla_parse_nested(gt, CTRL_ATTR_MCAST_GRP_MAX, g, NULL) ||
		    !gt[CTRL_ATTR_MCAST_GRP_NAME] || !gt[CTRL_ATTR_MCAST_GRP_ID])
			continue;
		if (!strcmp(nla_get_string(gt[CTRL_ATTR_MCAST_GRP_NAME]),
			    NFLB_MCGRP_EVENTS))
			grp = (int)nla_get_u32(gt[CTRL_ATTR_MCAST_GRP_ID]);
	}
	if (grp < 0 || nl_socket_add_membership(h->sk, grp) < 0)
		return 1;
	h->family = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	ev->cmd = NFLB_EVENT_MODULE_BACK;
	return 0;
}

/* Decode one message; 0 and *@ev filled, or 1 to skip it. */
static int nflb_event_decode(struct nflb *h, struct nlmsghdr *nlh,
			     struct nflb_event *ev)
{
	struct nlattr *tb[NFLB_ATTR_MAX + 1];
	struct genlmsghdr *gh;

	if (nlh->nlmsg_type == GENL_ID_CTRL && nlh->nlmsg_pid == 0)
		return nflb_event_ctrl(h, nlh, ev);
	if (nlh->nlmsg_type != h->family || nlh->nlmsg_pid != 0 ||
	    !genlmsg_valid_hdr(nlh, 0))
		return 1;
	gh = nlmsg_data(nlh);
	if (genlmsg_parse(nlh, 0, tb, NFLB_ATTR_MAX, NULL))
		return 1;
	memset(ev, 0, sizeof(*ev));
	ev->cmd = gh->cmd;
	switch (gh->cmd) {
	case NFLB_CMD_NEW_DEST:
	case NFLB_CMD_SET_DEST:
	case NFLB_CMD_DEL_DEST:
		if (nflb_parse_dest(tb[NFLB_ATTR_DEST], &ev->dest))
			return 1;
		if (tb[NFLB_ATTR_SNI_RULE] &&
		    nflb_parse_sni_rule(tb[NFLB_ATTR_SNI_RULE], &ev->rule))
			return 1;
		/* fall through */
	case NFLB_CMD_NEW_SERVICE:
	case NFLB_CMD_SET_SERVICE:
	case NFLB_CMD_DEL_SERVICE:
		if (nflb_parse_svc(tb[NFLB_ATTR_SERVICE], &ev->svc))
			return 1;
		return 0;
	case NFLB_CMD_NEW_SNI_RULE:
	case NFLB_CMD_SET_SNI_RULE:
	case NFLB_CMD_DEL_SNI_RULE:
		if (nflb_parse_sni_rule(tb[NFLB_ATTR_SNI_RULE], &ev->rule) ||
		    nflb_parse_svc(tb[NFLB_ATTR_SERVICE], &ev->svc))
			return 1;
		return 0;
	case NFLB_CMD_FLUSH:
	case NFLB_CMD_SET_CONFIG:
		return 0;
	default:
		return 1;	/* a command this library does not know */
	}
}

int nflb_event_dispatch(struct nflb *h, nflb_event_cb cb, void *arg)
{
	int fd = nl_socket_get_fd(h->sk);
	struct nflb_event ev;
	size_t len;
	void *buf = nflb_rbuf(h, &len);

	if (!buf)
		return -ENOMEM;
	h->errmsg[0] = '\0';
	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n;
		int rem, ret;

		n = recv(fd, buf, len, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == ENOBUFS)
				snprintf(h->errmsg, sizeof(h->errmsg),
					 "events were lost (receive buffer overrun); list the state again");
			return -errno;
		}
		rem = (int)n;
		for (nlh = buf; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
			if (nflb_event_decode(h, nlh, &ev))
				continue;
			ret = cb(&ev, arg);
			if (ret)
				return ret;
		}
	}
}

int nflb_event_loop(struct nflb *h, nflb_event_cb cb, void *arg)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(h->sk), .events = POLLIN };
	int ret;

	for (;;) {
		ret = nflb_event_dispatch(h, cb, arg);
		if (ret)
			return ret;
		if (poll(&pfd, 1, -1) < 0)
			return -errno;
	}
}
