/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_EST_H
#define _NFLB_EST_H

#include <linux/types.h>

struct nflb_net;

enum {
	NFLB_EST_CONNS,
	NFLB_EST_PKTS_IN,
	NFLB_EST_PKTS_OUT,
	NFLB_EST_BYTES_IN,
	NFLB_EST_BYTES_OUT,
	NFLB_EST_N,
};

/*
 * Smoothed rates of a service or real server, per second in 1/1024 units,
 * sampled every two seconds from its counters.  Written by the estimator
 * and read by replies, both under nn->lock.
 */
struct nflb_rate_est {
	u64 last[NFLB_EST_N];
	u64 rate[NFLB_EST_N];
};

static inline u64 nflb_est_rate(const struct nflb_rate_est *est, int which)
{
	return (est->rate[which] + 512) >> 10;
}

void nflb_est_init(struct nflb_net *nn);
void nflb_est_exit(struct nflb_net *nn);

#endif /* _NFLB_EST_H */
