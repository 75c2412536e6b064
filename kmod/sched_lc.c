// SPDX-License-Identifier: GPL-2.0
/*
 * lc and wlc: least connections, plain and weighted, as IPVS has them.
 * The load of a real server is nflb_dest_load() (active * 256 + inactive);
 * lc picks the least, wlc the least load / weight, compared by
 * cross-multiplication.  Ties go to the first in list order.  No state:
 * schedule() walks the service's RCU list of real servers.
 */
#include <linux/rculist.h>

#include "sched.h"
#include "service.h"

static struct nflb_dest *nflb_lc_schedule(struct nflb_service *svc,
					  const struct nflb_sched_ctx *ctx)
{
	struct nflb_dest *dest, *least = NULL;
	u32 load, least_load = 0;

	list_for_each_entry_rcu(dest, &svc->dests, list) {
		if (!nflb_dest_usable(dest))
			continue;
		load = nflb_dest_load(dest);
		if (!least || load < least_load) {
			least = dest;
			least_load = load;
		}
	}
	return least;
}

static struct nflb_dest *nflb_wlc_schedule(struct nflb_service *svc,
					   const struct nflb_sched_ctx *ctx)
{
	struct nflb_dest *dest, *least = NULL;
	u64 load, least_load = 0, weight, least_weight = 0;

	list_for_each_entry_rcu(dest, &svc->dests, list) {
		if (!nflb_dest_usable(dest))
			continue;
		weight = READ_ONCE(dest->weight);
		if (!weight)	/* set to 0 since the check */
			continue;
		load = nflb_dest_load(dest);
		/* load / weight < least_load / least_weight */
		if (!least || load * least_weight < least_load * weight) {
			least = dest;
			least_load = load;
			least_weight = weight;
		}
	}
	return least;
}

const struct nflb_sched nflb_sched_lc = {
	.name		= "lc",
	.schedule	= nflb_lc_schedule,
};

const struct nflb_sched nflb_sched_wlc = {
	.name		= "wlc",
	.schedule	= nflb_wlc_schedule,
};
