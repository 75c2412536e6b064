/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What pending SNI connections may hold: the host's ceilings on a
 * namespace's held bytes and on one client address's pending entries
 * (Documentation/sni.rst, "Memory").
 */
#ifndef _NFLB_SNI_LIMITS_H
#define _NFLB_SNI_LIMITS_H

#include <linux/types.h>

struct nflb_flow;
struct nflb_net;

/* The ceiling on the bytes a namespace holds, in bytes. */
u64 nflb_sni_held_limit(void);

/* Charge @bytes to the namespace; false (nothing charged, counted) above it. */
bool nflb_sni_charge(struct nflb_net *nn, unsigned int bytes);
void nflb_sni_uncharge(struct nflb_net *nn, unsigned int bytes);

/*
 * One more pending entry of @flow's client: 0 and its *@bucket, or
 * -EBUSY (its address is at the ceiling; counted) or -ENOMEM.
 * nflb_sni_src_put() gives the bucket back.
 */
int nflb_sni_src_get(struct nflb_net *nn, const struct nflb_flow *flow,
		     u16 *bucket);
void nflb_sni_src_put(struct nflb_net *nn, u16 bucket);

void nflb_sni_limits_init(struct nflb_net *nn);
/* After the namespace's last pending entry is gone. */
void nflb_sni_limits_exit(struct nflb_net *nn);

#endif /* _NFLB_SNI_LIMITS_H */
