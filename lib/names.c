// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: the names and identities every tool shares.  No netlink here:
 * the tools' unit tests and fuzzers link this file alone.
 */
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "libnflb.h"

static const char *const nflb_fwd_names[] = {
	[NFLB_FWD_NAT]	= "masq",
	[NFLB_FWD_DR]	= "route",
	[NFLB_FWD_TUN]	= "tunnel",
};

const char *nflb_fwd_name(unsigned int fwd)
{
	if (fwd >= sizeof(nflb_fwd_names) / sizeof(nflb_fwd_names[0]))
		return NULL;
	return nflb_fwd_names[fwd];
}

int nflb_fwd_parse(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(nflb_fwd_names) / sizeof(nflb_fwd_names[0]); i++)
		if (nflb_fwd_names[i] && !strcmp(name, nflb_fwd_names[i]))
			return (int)i;
	return -1;
}

bool nflb_addr_same(uint16_t af, const union nflb_addr *a,
		    const union nflb_addr *b)
{
	return !memcmp(a, b, af == AF_INET6 ? sizeof(a->in6) : sizeof(a->in));
}

bool nflb_service_same(const struct nflb_service *a,
		       const struct nflb_service *b)
{
	if (a->af != b->af || a->fwmark != b->fwmark)
		return false;
	if (a->fwmark)
		return true;
	return a->protocol == b->protocol && a->port == b->port &&
	       nflb_addr_same(a->af, &a->addr, &b->addr);
}

const char *nflb_conn_state_name(unsigned int state)
{
	static const char * const names[] = {
		[NFLB_CONN_S_NONE] = "NONE",
		[NFLB_CONN_S_ESTABLISHED] = "ESTABLISHED",
		[NFLB_CONN_S_SYN_SENT] = "SYN_SENT",
		[NFLB_CONN_S_SYN_RECV] = "SYN_RECV",
		[NFLB_CONN_S_FIN_WAIT] = "FIN_WAIT",
		[NFLB_CONN_S_TIME_WAIT] = "TIME_WAIT",
		[NFLB_CONN_S_CLOSE] = "CLOSE",
		[NFLB_CONN_S_CLOSE_WAIT] = "CLOSE_WAIT",
		[NFLB_CONN_S_LAST_ACK] = "LAST_ACK",
		[NFLB_CONN_S_UDP] = "UDP",
	};

	if (state >= sizeof(names) / sizeof(names[0]) || !names[state])
		return "UNKNOWN";
	return names[state];
}
