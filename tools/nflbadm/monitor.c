// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm monitor [-j]: print every change to the namespace's
 * configuration as it happens, one line (or JSON object) each, flushed as
 * it is written so that a pipe sees it at once.  Runs until killed.
 * Events lost to a burst are reported on stderr and monitoring goes on,
 * as `ip monitor` does.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "change.h"
#include "nflbadm.h"

static int print_event(const struct nflb_event *ev, void *arg)
{
	const bool *json = arg;

	if (nflbadm_print_event(stdout, *json, ev))
		return 0;
	/* A reader gone (EPIPE) ends the monitor. */
	if (fflush(stdout) == EOF)
		return -errno;
	return 0;
}

int nflbadm_cmd_monitor(const struct nflbadm_opts *o, int argc, char **argv)
{
	bool json = o->json;
	struct nflb *h;
	int ret;

	if (argc > 1)
		return nflbadm_err("monitor: unexpected argument '%s' (usage: nflbadm monitor [-j])",
				   argv[1]) + 1;
	ret = nflb_event_open(&h);
	if (ret)
		return nflbadm_err("monitor: %s", nflb_strerror(NULL, ret));
	for (;;) {
		ret = nflb_event_loop(h, print_event, &json);
		if (ret == -EINTR)
			continue;
		if (ret == -ENOBUFS) {
			nflbadm_err("monitor: %s", nflb_strerror(h, ret));
			continue;
		}
		break;
	}
	if (ret < 0)
		nflbadm_err("monitor: %s", ret == -EPIPE ? strerror(EPIPE) :
			    nflb_strerror(h, ret));
	nflb_close(h);
	return 1;
}
