// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU counters of services and real servers: made, read (summed
 * over the CPUs) and zeroed here; counted on the data path by the inline
 * functions of stats.h.
 */
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/u64_stats_sync.h>

#include "compat.h"
#include "stats.h"

/* Charged to the caller's memory cgroup, as the service or dest is. */
struct nflb_cpu_stats __percpu *nflb_stats_alloc(void)
{
	struct nflb_cpu_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu_gfp(struct nflb_cpu_stats, GFP_KERNEL_ACCOUNT);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

void nflb_stats_read(struct nflb_cpu_stats __percpu *stats,
		     struct nflb_stats_sum *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct nflb_cpu_stats *s = per_cpu_ptr(stats, cpu);
		u64 conns, pkts_in, pkts_out, bytes_in, bytes_out;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			conns = s->conns;
			pkts_in = s->pkts_in;
			pkts_out = s->pkts_out;
			bytes_in = s->bytes_in;
			bytes_out = s->bytes_out;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->conns += conns;
		sum->pkts_in += pkts_in;
		sum->pkts_out += pkts_out;
		sum->bytes_in += bytes_in;
		sum->bytes_out += bytes_out;
	}
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_stats_read);

void nflb_stats_zero(struct nflb_cpu_stats __percpu *stats)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct nflb_cpu_stats *s = per_cpu_ptr(stats, cpu);

		u64_stats_update_begin(&s->syncp);
		s->conns = 0;
		s->pkts_in = 0;
		s->pkts_out = 0;
		s->bytes_in = 0;
		s->bytes_out = 0;
		u64_stats_update_end(&s->syncp);
	}
}
