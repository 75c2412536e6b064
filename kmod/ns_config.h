/* SPDX-License-Identifier: GPL-2.0 */
/* A namespace's settings (NFLB_ATTR_CONFIG), their defaults and ceilings. */
#ifndef _NFLB_NS_CONFIG_H
#define _NFLB_NS_CONFIG_H

#include <linux/types.h>

/* Timeouts and limits of one namespace (NFLB_ATTR_CONFIG). */
struct nflb_config {
	u32 tcp_timeout;
	u32 tcpfin_timeout;
	u32 udp_timeout;
	u32 max_services;
	u32 max_dests;
	u32 max_conns;
	u32 sni_peek_bytes;		/* held without a decision, at most */
	u32 sni_timeout_ms;		/* to a decision, and to the server */
	u32 sni_max_pending;		/* connections waiting, at most */
};

#define NFLB_DEFAULT_TCP_TIMEOUT	900
#define NFLB_DEFAULT_TCPFIN_TIMEOUT	120
#define NFLB_DEFAULT_UDP_TIMEOUT	300
#define NFLB_DEFAULT_MAX_SERVICES	1048576
#define NFLB_DEFAULT_MAX_DESTS		65536
#define NFLB_DEFAULT_MAX_CONNS		1048576
#define NFLB_DEFAULT_SNI_PEEK_BYTES	16384
#define NFLB_DEFAULT_SNI_TIMEOUT_MS	5000
#define NFLB_DEFAULT_SNI_MAX_PENDING	65536

/*
 * The host's ceilings on those limits in namespaces of other user
 * namespaces (limits.c): there, a limit left alone is the lower of its
 * default and its ceiling.
 */
#define NFLB_DEFAULT_MAX_SERVICES_CEILING	65536
#define NFLB_DEFAULT_MAX_DESTS_CEILING		65536
#define NFLB_DEFAULT_MAX_CONNS_CEILING		262144
#define NFLB_DEFAULT_SNI_MAX_PENDING_CEILING	16384

#endif /* _NFLB_NS_CONFIG_H */
