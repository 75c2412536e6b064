// SPDX-License-Identifier: GPL-2.0
/*
 * The schedulers nflb knows, by name.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "sched.h"

static const struct nflb_sched nflb_scheds[] = {
	{ .name = "rr" },
	{ .name = "wrr" },
	{ .name = "lc" },
	{ .name = "wlc" },
	{ .name = "sh" },
	{ .name = "mh" },
};

const struct nflb_sched *nflb_sched_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nflb_scheds); i++)
		if (!strcmp(nflb_scheds[i].name, name))
			return &nflb_scheds[i];
	return NULL;
}
