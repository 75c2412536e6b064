/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * nflb: a Layer-4 load balancer for Linux -- generic netlink interface
 *
 * The generic netlink family NFLB_GENL_NAME ("nflb"), version
 * NFLB_GENL_VERSION, is the only control interface of the nflb module.
 * State is per network namespace: a request acts on the namespace of the
 * socket it was sent on.  Every command requires CAP_NET_ADMIN in the user
 * namespace that owns that network namespace (GENL_UNS_ADMIN_PERM), so a
 * container's own administrator manages its own namespace and nothing else.
 *
 * Attributes are validated strictly: unknown attributes, attributes of the
 * wrong type or length, and values out of range are rejected with -EINVAL
 * and an extended-ack message naming the attribute.  Userspace should set
 * NETLINK_EXT_ACK on its socket and show that message to the user.
 *
 * NFLB_CMD_GET_INFO
 *   Request: no attributes (do, not dump).
 *   Reply (NFLB_CMD_GET_INFO):
 *     NFLB_ATTR_VERSION       NLA_NUL_STRING  module version, e.g. "0.1.0"
 *     NFLB_ATTR_GENL_VERSION  NLA_U32         NFLB_GENL_VERSION of the module
 */
#ifndef _UAPI_LINUX_NFLB_H
#define _UAPI_LINUX_NFLB_H

#define NFLB_GENL_NAME		"nflb"
#define NFLB_GENL_VERSION	1

enum nflb_cmd {
	NFLB_CMD_UNSPEC,
	NFLB_CMD_GET_INFO,

	__NFLB_CMD_MAX
};

#define NFLB_CMD_MAX (__NFLB_CMD_MAX - 1)

enum nflb_attr {
	NFLB_ATTR_UNSPEC,
	NFLB_ATTR_VERSION,
	NFLB_ATTR_GENL_VERSION,

	__NFLB_ATTR_MAX
};

#define NFLB_ATTR_MAX (__NFLB_ATTR_MAX - 1)

#endif /* _UAPI_LINUX_NFLB_H */
