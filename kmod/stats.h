/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU counters of services and real servers (stats.c). */
#ifndef _NFLB_STATS_H
#define _NFLB_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

/* Per-CPU counters, summed when read. */
struct nflb_cpu_stats {
	u64 conns;
	u64 pkts_in;
	u64 pkts_out;
	u64 bytes_in;
	u64 bytes_out;
	struct u64_stats_sync syncp;
};

struct nflb_stats_sum {
	u64 conns, pkts_in, pkts_out, bytes_in, bytes_out;
};

/* Charged to the caller's memory cgroup; NULL without memory. */
struct nflb_cpu_stats __percpu *nflb_stats_alloc(void);
void nflb_stats_read(struct nflb_cpu_stats __percpu *stats,
		     struct nflb_stats_sum *sum);
void nflb_stats_zero(struct nflb_cpu_stats __percpu *stats);

/* A packet of @len bytes in or out, or (@conn) a new connection. */
static inline void nflb_count(struct nflb_cpu_stats __percpu *stats, bool in,
			      unsigned int len, bool conn)
{
	struct nflb_cpu_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	if (conn) {
		s->conns++;
	} else if (in) {
		s->pkts_in++;
		s->bytes_in += len;
	} else {
		s->pkts_out++;
		s->bytes_out += len;
	}
	u64_stats_update_end(&s->syncp);
}

#endif /* _NFLB_STATS_H */
