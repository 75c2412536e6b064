/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_SCHED_H
#define _NFLB_SCHED_H

/*
 * A scheduler picks the real server for a new flow.  The control plane
 * needs only its name; the data path adds the algorithms.
 */
struct nflb_sched {
	const char *name;
};

#define NFLB_SCHED_DEFAULT "wlc"

const struct nflb_sched *nflb_sched_find(const char *name);

#endif /* _NFLB_SCHED_H */
