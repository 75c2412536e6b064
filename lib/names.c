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
