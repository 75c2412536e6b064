/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's ceilings on the limits of namespaces it does not own
 * (Documentation/security.rst): module parameters only root of the
 * initial namespaces can write.
 */
#ifndef _NFLB_LIMITS_H
#define _NFLB_LIMITS_H

#include <linux/minmax.h>
#include <linux/types.h>

#include "netns.h"

enum nflb_limit {
	NFLB_LIMIT_SERVICES,		/* max_services */
	NFLB_LIMIT_DESTS,		/* max_dests */
	NFLB_LIMIT_CONNS,		/* max_conns */
	NFLB_LIMIT_SNI_PENDING,		/* sni_max_pending */
	NFLB_LIMIT_N
};

/* The module parameters, by limit. */
extern unsigned int nflb_ceiling[NFLB_LIMIT_N];

static inline u32 nflb_ceiling_get(enum nflb_limit l)
{
	return READ_ONCE(nflb_ceiling[l]);
}

/*
 * The limit in force in @nn: its own @setting, under the host's ceiling
 * when the namespace belongs to a user namespace other than the initial
 * one.  Any context.
 */
static inline u32 nflb_limit(const struct nflb_net *nn, enum nflb_limit l,
			     u32 setting)
{
	if (!nn->capped)
		return setting;
	return min(setting, nflb_ceiling_get(l));
}

/* Is @nn's @setting cut down by the ceiling? */
static inline bool nflb_limit_capped(const struct nflb_net *nn,
				     enum nflb_limit l, u32 setting)
{
	return nn->capped && nflb_ceiling_get(l) < setting;
}

#endif /* _NFLB_LIMITS_H */
