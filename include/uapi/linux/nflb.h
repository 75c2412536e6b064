/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * nflb: a Layer-4 load balancer for Linux -- generic netlink interface
 *
 * The generic netlink family NFLB_GENL_NAME ("nflb"), version
 * NFLB_GENL_VERSION, is the only control interface of the nflb module.
 * Documentation/netlink.rst explains it at length; this comment is the
 * reference.
 *
 * Scope and permissions
 *   State is per network namespace: a request acts on the namespace of the
 *   socket it was sent on.  Every command requires CAP_NET_ADMIN in the user
 *   namespace that owns that network namespace (GENL_UNS_ADMIN_PERM).
 *
 * Validation
 *   Strict: unknown attributes, wrong types or lengths and values out of
 *   range are rejected with -EINVAL.  Every rejection carries an extended-ack
 *   message (and the offending attribute where there is one).  Set
 *   NETLINK_EXT_ACK on the socket to receive them.
 *
 * Objects
 *   A service is identified by either
 *     (AF, PROTOCOL, ADDR, PORT)      a virtual IP service, or
 *     (AF, FWMARK)                    a firewall-mark service.
 *   A real server ("dest") is identified by its service plus (ADDR, PORT).
 *
 * Commands (request attributes; "do" unless marked dump)
 *   NFLB_CMD_GET_INFO     -            -> NFLB_ATTR_VERSION, _GENL_VERSION,
 *                                        NFLB_ATTR_INFO (nest NFLB_INFO_A_*)
 *   NFLB_CMD_NEW_SERVICE  SERVICE{identity, SCHED_NAME, FLAGS, TIMEOUT,
 *                         NETMASK, SNI_DEFAULT, SOURCE_RANGES}
 *                                      EEXIST if it exists
 *   NFLB_CMD_SET_SERVICE  SERVICE{identity, any of the settings}
 *                                      ENOENT if it does not exist
 *   NFLB_CMD_DEL_SERVICE  SERVICE{identity}
 *   NFLB_CMD_GET_SERVICE  SERVICE{identity} -> SERVICE{all, STATS}
 *                         dump: every service of the namespace
 *   NFLB_CMD_NEW_DEST     SERVICE{identity}, DEST{ADDR, PORT, FWD_METHOD,
 *                         TUN_TYPE, WEIGHT, U_THRESH, L_THRESH}
 *   NFLB_CMD_SET_DEST     same; only the attributes present change
 *   NFLB_CMD_DEL_DEST     SERVICE{identity}, DEST{ADDR, PORT}
 *   NFLB_CMD_GET_DEST     dump: [SERVICE{identity}] -> SERVICE{identity},
 *                         DEST{all, STATS} per real server (of every
 *                         service of the namespace when none is given)
 *   NFLB_CMD_FLUSH        -            remove every service
 *   NFLB_CMD_ZERO         [SERVICE{identity}]  zero counters (all or one)
 *   NFLB_CMD_GET_CONFIG   -            -> CONFIG{...}
 *   NFLB_CMD_SET_CONFIG   CONFIG{any of the settings}
 *   NFLB_CMD_GET_CONN     dump: [SERVICE{identity}] -> CONN{...} per tracked
 *                         connection and persistence template (of the one
 *                         service and its SNI rules if given); resumable,
 *                         not a snapshot
 *   NFLB_CMD_NEW_SNI_RULE SERVICE{identity}, SNI_RULE{NAME, SCHED_NAME,
 *                         FLAGS, TIMEOUT, NETMASK}; the service must be in
 *                         SNI mode; EEXIST if it exists
 *   NFLB_CMD_SET_SNI_RULE same; only the settings present change
 *   NFLB_CMD_DEL_SNI_RULE SERVICE{identity}, SNI_RULE{NAME}: the rule and
 *                         its real servers
 *   NFLB_CMD_GET_SNI_RULE SERVICE{identity}, SNI_RULE{NAME} ->
 *                         SERVICE{identity}, SNI_RULE{all, STATS, NUM_DESTS}
 *                         dump: SERVICE{identity} -> the same per rule of
 *                         the service, in creation order
 *
 * SNI mode (NFLB_SVC_F_SNI; Documentation/sni.rst)
 *   Only on TCP address services whose real servers (and its rules') all
 *   masquerade; SNI_DEFAULT only in SNI mode.  Leaving SNI mode needs the
 *   rules deleted first.  NEW/SET/DEL_DEST and the GET_DEST dump take an
 *   optional SNI_RULE{NAME}: the real servers of that rule instead of the
 *   service's own (the default rule's).  In an SNI service or rule a real
 *   server masquerades by default and can do nothing else.  The kernel
 *   answers the client's handshake (syncookies), reads the ClientHello's
 *   server name and connects to a real server of the matching rule (or of
 *   the service, or resets: SNI_DEFAULT); CONFIG's SNI_* settings bound
 *   it, INFO's SNI_* counters count it.
 *
 * Events
 *   Every change is announced on the multicast group NFLB_MCGRP_EVENTS
 *   ("events") with the command that made it: NEW/SET/DEL_SERVICE carry
 *   SERVICE{identity, settings}, NEW/SET/DEL_DEST carry SERVICE{identity}
 *   and DEST{ADDR, PORT, settings}, FLUSH and SET_CONFIG carry nothing
 *   more.  Deleting a service announces DEL_DEST for none of its real
 *   servers: DEL_SERVICE implies them.  NEW/SET/DEL_SNI_RULE carry
 *   SERVICE{identity} and SNI_RULE{NAME, settings}; a rule's real servers'
 *   events carry SNI_RULE{NAME} too.  DEL_SNI_RULE and DEL_SERVICE imply
 *   the rules' real servers (and DEL_SERVICE the rules).
 *
 * Dumps
 *   GET_SERVICE, GET_DEST and GET_SNI_RULE dumps are resumable across
 *   recvmsg() calls and consistent: if the table changes during a dump,
 *   the message after the change carries NLM_F_DUMP_INTR and the caller
 *   should start again.
 *
 * Limits
 *   Per namespace, NFLB_CONFIG_A_MAX_SERVICES and _MAX_DESTS (real servers
 *   per service, its rules' included); a request past them fails with
 *   -ENOSPC.  In a namespace owned by another user namespace than the
 *   initial one (a container's, managed by its own root), _MAX_SERVICES,
 *   _MAX_DESTS, _MAX_CONNS and _SNI_MAX_PENDING are bounded by the host's
 *   ceilings (module parameters only root of the initial namespaces can
 *   write): GET_CONFIG reports the limits in force and the ceilings
 *   (_*_CEILING), SET_CONFIG above a ceiling fails with -EPERM and says
 *   which (Documentation/security.rst).
 */
#ifndef _UAPI_LINUX_NFLB_H
#define _UAPI_LINUX_NFLB_H

#include <linux/types.h>

#define NFLB_GENL_NAME		"nflb"
#define NFLB_GENL_VERSION	1
#define NFLB_MCGRP_EVENTS	"events"

#define NFLB_SCHED_NAME_MAX	16	/* including the NUL */

enum nflb_cmd {
	NFLB_CMD_UNSPEC,
	NFLB_CMD_GET_INFO,
	NFLB_CMD_NEW_SERVICE,
	NFLB_CMD_SET_SERVICE,
	NFLB_CMD_DEL_SERVICE,
	NFLB_CMD_GET_SERVICE,
	NFLB_CMD_NEW_DEST,
	NFLB_CMD_SET_DEST,
	NFLB_CMD_DEL_DEST,
	NFLB_CMD_GET_DEST,
	NFLB_CMD_FLUSH,
	NFLB_CMD_ZERO,
	NFLB_CMD_GET_CONFIG,
	NFLB_CMD_SET_CONFIG,
	NFLB_CMD_GET_CONN,
	NFLB_CMD_NEW_SNI_RULE,
	NFLB_CMD_SET_SNI_RULE,
	NFLB_CMD_DEL_SNI_RULE,
	NFLB_CMD_GET_SNI_RULE,

	__NFLB_CMD_MAX
};

#define NFLB_CMD_MAX (__NFLB_CMD_MAX - 1)

/* Top-level attributes. */
enum nflb_attr {
	NFLB_ATTR_UNSPEC,
	NFLB_ATTR_VERSION,		/* string, reply only */
	NFLB_ATTR_GENL_VERSION,		/* u32, reply only */
	NFLB_ATTR_SERVICE,		/* nest, NFLB_SVC_A_* */
	NFLB_ATTR_DEST,			/* nest, NFLB_DEST_A_* */
	NFLB_ATTR_CONFIG,		/* nest, NFLB_CONFIG_A_* */
	NFLB_ATTR_INFO,			/* nest, NFLB_INFO_A_*, reply only */
	NFLB_ATTR_CONN,			/* nest, NFLB_CONN_A_*, reply only */
	NFLB_ATTR_SNI_RULE,		/* nest, NFLB_SNI_RULE_A_* */

	__NFLB_ATTR_MAX
};

#define NFLB_ATTR_MAX (__NFLB_ATTR_MAX - 1)

/* NFLB_ATTR_SERVICE */
enum nflb_svc_attr {
	NFLB_SVC_A_UNSPEC,
	NFLB_SVC_A_AF,			/* u16: AF_INET or AF_INET6 */
	NFLB_SVC_A_PROTOCOL,		/* u8: IPPROTO_TCP or IPPROTO_UDP */
	NFLB_SVC_A_ADDR,		/* binary: 4 or 16 bytes, per AF */
	NFLB_SVC_A_PORT,		/* be16: 1..65535 */
	NFLB_SVC_A_FWMARK,		/* u32: 1.., instead of PROTOCOL/ADDR/PORT */
	NFLB_SVC_A_SCHED_NAME,		/* string: rr wrr lc wlc sh mh (wlc) */
	NFLB_SVC_A_FLAGS,		/* bitfield32 of NFLB_SVC_F_* */
	NFLB_SVC_A_TIMEOUT,		/* u32: persistence timeout, seconds */
	NFLB_SVC_A_NETMASK,		/* u8: persistence prefix length */
	NFLB_SVC_A_STATS,		/* nest, NFLB_STATS_A_*, reply only */
	NFLB_SVC_A_NUM_DESTS,		/* u32, reply only */
	NFLB_SVC_A_PAD,
	NFLB_SVC_A_SNI_DEFAULT,		/* u8: NFLB_SNI_DEFAULT_*, SNI mode only */
	NFLB_SVC_A_SOURCE_RANGES,	/* nest of NFLB_SRC_RANGE_A_PREFIX */

	__NFLB_SVC_A_MAX
};

#define NFLB_SVC_A_MAX (__NFLB_SVC_A_MAX - 1)

/*
 * NFLB_SVC_A_SOURCE_RANGES: the clients a service takes new flows from
 * (Kubernetes' loadBalancerSourceRanges).  A nest of up to
 * NFLB_MAX_SOURCE_RANGES NFLB_SRC_RANGE_A_PREFIX nests, each an address of
 * the service's family and a prefix length within it, with no bit set
 * past the prefix, none given twice.  Sent, it replaces the service's
 * whole list; an empty nest clears it; absent from SET_SERVICE, the list
 * stays.  An empty list (the default) takes every client.  A packet that
 * would start a flow (it has no connection entry) from a client in no
 * range is dropped and counted in NFLB_INFO_A_SOURCE_RANGE_DROPS; flows
 * already tracked are not checked again.  Full replies and events always
 * carry the nest, empty when there is no list.
 */
#define NFLB_MAX_SOURCE_RANGES	64

enum nflb_src_range_attr {
	NFLB_SRC_RANGE_A_UNSPEC,
	NFLB_SRC_RANGE_A_PREFIX,	/* nest, NFLB_PREFIX_A_* */

	__NFLB_SRC_RANGE_A_MAX
};

#define NFLB_SRC_RANGE_A_MAX (__NFLB_SRC_RANGE_A_MAX - 1)

enum nflb_prefix_attr {
	NFLB_PREFIX_A_UNSPEC,
	NFLB_PREFIX_A_ADDR,		/* binary: 4 or 16 bytes, per AF */
	NFLB_PREFIX_A_LEN,		/* u8: 0..32 or 0..128 */

	__NFLB_PREFIX_A_MAX
};

#define NFLB_PREFIX_A_MAX (__NFLB_PREFIX_A_MAX - 1)

/* NFLB_SVC_A_FLAGS */
#define NFLB_SVC_F_PERSISTENT	(1U << 0)	/* client affinity */
#define NFLB_SVC_F_ONEPACKET	(1U << 1)	/* UDP: schedule each datagram */
#define NFLB_SVC_F_SCHED_PORT	(1U << 2)	/* sh/mh: hash the port too */
#define NFLB_SVC_F_SCHED_FALLBACK (1U << 3)	/* sh/mh: skip unusable servers */
#define NFLB_SVC_F_SNI		(1U << 4)	/* route by TLS server name */
#define NFLB_SVC_F_ALL		(NFLB_SVC_F_PERSISTENT | NFLB_SVC_F_ONEPACKET | \
				 NFLB_SVC_F_SCHED_PORT | NFLB_SVC_F_SCHED_FALLBACK | \
				 NFLB_SVC_F_SNI)

/* NFLB_SVC_A_SNI_DEFAULT: where a connection no rule matches goes. */
enum nflb_sni_default {
	NFLB_SNI_DEFAULT_SERVERS,	/* the service's own real servers */
	NFLB_SNI_DEFAULT_RESET,		/* a RST to the client */

	__NFLB_SNI_DEFAULT_MAX
};

#define NFLB_SNI_DEFAULT_MAX (__NFLB_SNI_DEFAULT_MAX - 1)

/*
 * NFLB_ATTR_SNI_RULE: a rule of a service in SNI mode, a sub-service with
 * its own scheduler, persistence and real servers.  Identified by its
 * service plus NAME, "www.example.com" or "*.example.com", kept lowercase
 * without a trailing dot (the same rule however it is spelled).
 */
enum nflb_sni_rule_attr {
	NFLB_SNI_RULE_A_UNSPEC,
	NFLB_SNI_RULE_A_NAME,		/* string: < 256 bytes with the NUL */
	NFLB_SNI_RULE_A_SCHED_NAME,	/* string: as NFLB_SVC_A_SCHED_NAME */
	NFLB_SNI_RULE_A_FLAGS,		/* bitfield32 of NFLB_SNI_RULE_F_ALL */
	NFLB_SNI_RULE_A_TIMEOUT,	/* u32: persistence timeout, seconds */
	NFLB_SNI_RULE_A_NETMASK,	/* u8: persistence prefix length */
	NFLB_SNI_RULE_A_STATS,		/* nest, NFLB_STATS_A_*, reply only */
	NFLB_SNI_RULE_A_NUM_DESTS,	/* u32, reply only */
	NFLB_SNI_RULE_A_PAD,

	__NFLB_SNI_RULE_A_MAX
};

#define NFLB_SNI_RULE_A_MAX (__NFLB_SNI_RULE_A_MAX - 1)
#define NFLB_SNI_RULE_NAME_SIZE	256	/* with the NUL */

/* The service flags a rule may have. */
#define NFLB_SNI_RULE_F_ALL	(NFLB_SVC_F_PERSISTENT | NFLB_SVC_F_SCHED_PORT | \
				 NFLB_SVC_F_SCHED_FALLBACK)

/* NFLB_ATTR_DEST */
enum nflb_dest_attr {
	NFLB_DEST_A_UNSPEC,
	NFLB_DEST_A_ADDR,		/* binary: 4 or 16 bytes, the service's AF */
	NFLB_DEST_A_PORT,		/* be16: 0 for "the service's port" */
	NFLB_DEST_A_FWD_METHOD,		/* u8: NFLB_FWD_*, default DR */
	NFLB_DEST_A_TUN_TYPE,		/* u8: NFLB_TUN_*, TUN only */
	NFLB_DEST_A_WEIGHT,		/* u32: 0..65535, default 1 */
	NFLB_DEST_A_U_THRESH,		/* u32: upper connection threshold */
	NFLB_DEST_A_L_THRESH,		/* u32: lower connection threshold */
	NFLB_DEST_A_ACTIVE_CONNS,	/* u32, reply only */
	NFLB_DEST_A_INACT_CONNS,	/* u32, reply only */
	NFLB_DEST_A_PERSIST_CONNS,	/* u32, reply only */
	NFLB_DEST_A_STATS,		/* nest, NFLB_STATS_A_*, reply only */
	NFLB_DEST_A_PAD,
	NFLB_DEST_A_HEALTH,		/* u8: NFLB_HEALTH_*, default UP */
	NFLB_DEST_A_HEALTH_BY,		/* string: who set HEALTH, < 32 bytes */
	NFLB_DEST_A_HEALTH_AGE,		/* u32: seconds since it changed */

	__NFLB_DEST_A_MAX
};

#define NFLB_DEST_A_MAX (__NFLB_DEST_A_MAX - 1)

/*
 * NFLB_DEST_A_HEALTH: a real server's health, separate from its weight.
 * A DOWN server gets no new connections from any scheduler (as weight 0);
 * its established ones continue.  Setting the weight never changes the
 * health, setting the health never changes the weight.
 */
enum nflb_health {
	NFLB_HEALTH_UP,
	NFLB_HEALTH_DOWN,

	__NFLB_HEALTH_MAX
};

#define NFLB_HEALTH_MAX (__NFLB_HEALTH_MAX - 1)
#define NFLB_HEALTH_BY_LEN 32		/* with the NUL */

enum nflb_fwd_method {
	NFLB_FWD_NAT,			/* masquerading: may change the port */
	NFLB_FWD_DR,			/* direct routing: same IP header */
	NFLB_FWD_TUN,			/* IP-in-IP tunnel */

	__NFLB_FWD_MAX
};

#define NFLB_FWD_MAX (__NFLB_FWD_MAX - 1)

enum nflb_tun_type {
	NFLB_TUN_IPIP,

	__NFLB_TUN_MAX
};

#define NFLB_TUN_MAX (__NFLB_TUN_MAX - 1)

/* NFLB_SVC_A_STATS, NFLB_DEST_A_STATS: counters since creation or ZERO. */
enum nflb_stats_attr {
	NFLB_STATS_A_UNSPEC,
	NFLB_STATS_A_CONNS,		/* u64 */
	NFLB_STATS_A_PKTS_IN,		/* u64 */
	NFLB_STATS_A_PKTS_OUT,		/* u64 */
	NFLB_STATS_A_BYTES_IN,		/* u64 */
	NFLB_STATS_A_BYTES_OUT,		/* u64 */
	NFLB_STATS_A_CPS,		/* u64: connections/s, 2 s average */
	NFLB_STATS_A_PPS_IN,		/* u64 */
	NFLB_STATS_A_PPS_OUT,		/* u64 */
	NFLB_STATS_A_BPS_IN,		/* u64: bytes/s */
	NFLB_STATS_A_BPS_OUT,		/* u64 */
	NFLB_STATS_A_PAD,

	__NFLB_STATS_A_MAX
};

#define NFLB_STATS_A_MAX (__NFLB_STATS_A_MAX - 1)

/* NFLB_ATTR_CONFIG: timeouts in seconds, limits per namespace. */
enum nflb_config_attr {
	NFLB_CONFIG_A_UNSPEC,
	NFLB_CONFIG_A_TCP_TIMEOUT,	/* u32: established, default 900 */
	NFLB_CONFIG_A_TCPFIN_TIMEOUT,	/* u32: FIN_WAIT, default 120 */
	NFLB_CONFIG_A_UDP_TIMEOUT,	/* u32: default 300 */
	NFLB_CONFIG_A_MAX_SERVICES,	/* u32: default 1048576 */
	NFLB_CONFIG_A_MAX_DESTS,	/* u32: per service, default 65536 */
	NFLB_CONFIG_A_MAX_CONNS,	/* u32: tracked connections, default 1048576 */
	/* SNI mode (Documentation/sni.rst) */
	NFLB_CONFIG_A_SNI_PEEK_BYTES,	/* u32: 512..65535, default 16384 */
	NFLB_CONFIG_A_SNI_TIMEOUT_MS,	/* u32: 100..30000, default 5000 */
	NFLB_CONFIG_A_SNI_MAX_PENDING,	/* u32: default 65536 */
	/*
	 * Reply-only, and only in a namespace of another user namespace
	 * than the initial one: the host's ceilings on the four limits
	 * above (module parameters max_services_ceiling, ...).
	 */
	NFLB_CONFIG_A_MAX_SERVICES_CEILING,	/* u32 */
	NFLB_CONFIG_A_MAX_DESTS_CEILING,	/* u32 */
	NFLB_CONFIG_A_MAX_CONNS_CEILING,	/* u32 */
	NFLB_CONFIG_A_SNI_MAX_PENDING_CEILING,	/* u32 */

	__NFLB_CONFIG_A_MAX
};

#define NFLB_CONFIG_A_MAX (__NFLB_CONFIG_A_MAX - 1)

/* NFLB_ATTR_INFO */
enum nflb_info_attr {
	NFLB_INFO_A_UNSPEC,
	NFLB_INFO_A_NUM_SERVICES,	/* u32 */
	NFLB_INFO_A_NUM_DESTS,		/* u32 */
	NFLB_INFO_A_SVC_TABLE_SIZE,	/* u32: buckets of the service hash */
	NFLB_INFO_A_NUM_CONNS,		/* u32: tracked connections now */
	NFLB_INFO_A_CONN_TABLE_SIZE,	/* u32: buckets of the connection hash */
	NFLB_INFO_A_CONN_SIZE,		/* u32: bytes per connection entry */
	NFLB_INFO_A_CONN_DROPS,		/* u64: new flows dropped, table full */
	NFLB_INFO_A_NO_CONN_DROPS,	/* u64: non-SYN TCP without an entry */
	NFLB_INFO_A_PAD,
	/* SNI mode: connections waiting for a name or a server, and counters */
	NFLB_INFO_A_SNI_PENDING,	/* u32: now */
	NFLB_INFO_A_SNI_COOKIE_FAILS,	/* u64: ACKs without a valid cookie */
	NFLB_INFO_A_SNI_PENDING_DROPS,	/* u64: SNI_MAX_PENDING reached */
	NFLB_INFO_A_SNI_PEEK_OVERFLOWS,	/* u64: SNI_PEEK_BYTES, no decision */
	NFLB_INFO_A_SNI_TIMEOUTS,	/* u64: no decision or server in time */
	NFLB_INFO_A_SNI_RESETS,		/* u64: clients refused with a RST */
	NFLB_INFO_A_SNI_BOUND,		/* u64: connections bound to a server */
	NFLB_INFO_A_SNI_HELD_BYTES,	/* u64: held for pending entries now */
	NFLB_INFO_A_SNI_HELD_LIMIT,	/* u64: the host's ceiling, bytes */
	NFLB_INFO_A_SNI_HELD_DROPS,	/* u64: packets dropped at that ceiling */
	NFLB_INFO_A_SNI_SOURCE_DROPS,	/* u64: entries refused, one source's
					 * pending limit reached
					 */
	NFLB_INFO_A_TCP_INVALID,	/* u64: TCP segments outside what their
					 * entry allows (state unchanged; a RST
					 * is dropped)
					 */
	NFLB_INFO_A_EARLY_DROPS,	/* u64: half-open or closed entries
					 * evicted for a new one, table full
					 */
	NFLB_INFO_A_ORPHAN_DROPS,	/* u64: packets from a NAT real server
					 * without a connection entry
					 */
	NFLB_INFO_A_SOURCE_RANGE_DROPS,	/* u64: packets that would start a
					 * flow, from a client outside its
					 * service's source ranges
					 */

	__NFLB_INFO_A_MAX
};

#define NFLB_INFO_A_MAX (__NFLB_INFO_A_MAX - 1)

/*
 * NFLB_ATTR_CONN: one tracked connection (NFLB_CMD_GET_CONN dump).  The
 * client is CADDR:CPORT, it addressed VADDR:VPORT and is served by
 * DADDR:DPORT.  A persistence template (FLAGS has NFLB_CONN_F_TEMPLATE)
 * has CPORT 0, CADDR masked by the service's NETMASK and state NONE; for a
 * firewall-mark service its VPORT is 0 and FWMARK is present.
 */
enum nflb_conn_attr {
	NFLB_CONN_A_UNSPEC,
	NFLB_CONN_A_AF,			/* u16 */
	NFLB_CONN_A_PROTOCOL,		/* u8 */
	NFLB_CONN_A_CADDR,		/* binary: 4 or 16 bytes */
	NFLB_CONN_A_CPORT,		/* be16 */
	NFLB_CONN_A_VADDR,		/* binary */
	NFLB_CONN_A_VPORT,		/* be16 */
	NFLB_CONN_A_DADDR,		/* binary */
	NFLB_CONN_A_DPORT,		/* be16 */
	NFLB_CONN_A_FWD_METHOD,		/* u8: NFLB_FWD_* */
	NFLB_CONN_A_STATE,		/* u8: NFLB_CONN_S_* */
	NFLB_CONN_A_EXPIRES,		/* u32: milliseconds until it expires */
	NFLB_CONN_A_FLAGS,		/* u32: NFLB_CONN_F_* */
	NFLB_CONN_A_FWMARK,		/* u32: firewall-mark services only */

	__NFLB_CONN_A_MAX
};

#define NFLB_CONN_A_MAX (__NFLB_CONN_A_MAX - 1)

#define NFLB_CONN_F_TEMPLATE	(1U << 0)	/* persistence template */
#define NFLB_CONN_F_ONEPACKET	(1U << 1)	/* one-packet UDP flow */
#define NFLB_CONN_F_SNI		(1U << 2)	/* routed by TLS server name */

/* Connection states; the TCP ones are named like IPVS's (ipvsadm -Lc). */
enum nflb_conn_state {
	NFLB_CONN_S_NONE,		/* templates */
	NFLB_CONN_S_ESTABLISHED,
	NFLB_CONN_S_SYN_SENT,
	NFLB_CONN_S_SYN_RECV,
	NFLB_CONN_S_FIN_WAIT,
	NFLB_CONN_S_TIME_WAIT,
	NFLB_CONN_S_CLOSE,
	NFLB_CONN_S_CLOSE_WAIT,
	NFLB_CONN_S_LAST_ACK,
	NFLB_CONN_S_UDP,		/* any UDP flow */

	__NFLB_CONN_S_MAX
};

#define NFLB_CONN_S_MAX (__NFLB_CONN_S_MAX - 1)

#endif /* _UAPI_LINUX_NFLB_H */
