// SPDX-License-Identifier: GPL-2.0
/*
 * Rate estimator: every two seconds, per namespace, the counters of each
 * service and real server are sampled and folded into smoothed rates
 * (new = old + (sample - old) / 4, IPVS's weighting).  One worker per
 * namespace walks the list under nn->lock, so the packet path never sees it.
 */
#include <linux/workqueue.h>

#include "est.h"
#include "netns.h"
#include "service.h"
#include "sni_rule.h"

#define NFLB_EST_INTERVAL	(2 * HZ)

static void nflb_est_sample(struct nflb_rate_est *est,
			    struct nflb_cpu_stats __percpu *stats)
{
	struct nflb_stats_sum sum;
	u64 now[NFLB_EST_N];
	int i;

	nflb_stats_read(stats, &sum);
	now[NFLB_EST_CONNS] = sum.conns;
	now[NFLB_EST_PKTS_IN] = sum.pkts_in;
	now[NFLB_EST_PKTS_OUT] = sum.pkts_out;
	now[NFLB_EST_BYTES_IN] = sum.bytes_in;
	now[NFLB_EST_BYTES_OUT] = sum.bytes_out;
	for (i = 0; i < NFLB_EST_N; i++) {
		/* counters zeroed since the last sample: start again */
		u64 delta = now[i] >= est->last[i] ? now[i] - est->last[i] : 0;
		s64 sample = (s64)((delta << 10) * HZ / NFLB_EST_INTERVAL);
		s64 rate = est->rate[i];

		est->last[i] = now[i];
		rate += (sample - rate) / 4;
		est->rate[i] = rate > 0 ? rate : 0;
	}
}

/* A service or SNI rule and its real servers. */
static void nflb_est_svc(struct nflb_service *svc)
{
	struct nflb_dest *dest;

	nflb_est_sample(&svc->est, svc->stats);
	list_for_each_entry(dest, &svc->dests, list)
		nflb_est_sample(&dest->est, dest->stats);
}

static void nflb_est_work(struct work_struct *work)
{
	struct nflb_net *nn = container_of(to_delayed_work(work),
					   struct nflb_net, est_work);
	struct nflb_sni_rules *rules;
	struct nflb_service *svc, *rule;

	mutex_lock(&nn->lock);
	list_for_each_entry(svc, &nn->svc_list, list) {
		nflb_est_svc(svc);
		rules = nflb_sni_rules(svc);
		if (rules)
			list_for_each_entry(rule, &rules->list, list)
				nflb_est_svc(rule);
		cond_resched();
	}
	mutex_unlock(&nn->lock);
	queue_delayed_work(system_power_efficient_wq, &nn->est_work,
			   NFLB_EST_INTERVAL);
}

void nflb_est_init(struct nflb_net *nn)
{
	INIT_DELAYED_WORK(&nn->est_work, nflb_est_work);
	queue_delayed_work(system_power_efficient_wq, &nn->est_work,
			   NFLB_EST_INTERVAL);
}

void nflb_est_exit(struct nflb_net *nn)
{
	cancel_delayed_work_sync(&nn->est_work);
}
