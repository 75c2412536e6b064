// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflb-healthd: health checks for nflb's real servers.  It checks every
 * real server of the configured services and sets its health in the
 * kernel, up or down; it never touches weights or membership.  One epoll
 * loop drives everything: libcurl's sockets and timer, exec checks' pipes,
 * signals (a signalfd: SIGCHLD, SIGHUP, SIGTERM, SIGINT), nflb's change
 * events, and the checks' schedule (a heap).  Documentation/healthd.rst.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "healthd.h"

#define HD_DEFAULT_CONFIG	"/etc/nflb/healthd.json"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [-c FILE] [-f] [-v]\n"
		"       %s --check-config [-c FILE]\n"
		"Check nflb's real servers and set their health up or down.\n"
		"\n"
		"  -c, --config FILE   configuration (default %s)\n"
		"      --check-config  validate the configuration and exit\n"
		"  -f, --foreground    run in the foreground (always the case)\n"
		"  -v, --verbose       log every check's result, not only changes\n"
		"  -V, --version       print the version and exit\n"
		"  -h, --help          print this help and exit\n"
		"\n"
		"SIGHUP reloads the configuration; SIGTERM and SIGINT stop the daemon\n"
		"and leave the kernel's health as it is.  See nflb-healthd(8).\n",
		HD_NAME, HD_NAME, HD_DEFAULT_CONFIG);
}

/* systemctl status: what is checked. */
static void hd_status(struct hd *d)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "STATUS=checking %zu real servers of %zu services%s",
		 d->ntargets, d->cfg.nsvcs, d->nl ? "" : " (nflb module unloaded)");
	hd_notify(buf);
}

static void hd_notice_back(struct hd *d)
{
	if (!hd_reconcile(d, NULL))
		hd_logp(HD_NOTICE, "the nflb module is loaded again: checking %zu real servers",
			d->ntargets);
	hd_status(d);
}

static size_t hd_count_overrides(const struct hd_config *cfg)
{
	size_t i, n = 0;

	for (i = 0; i < cfg->nsvcs; i++)
		n += cfg->svcs[i].novr;
	return n;
}

static void hd_reload(struct hd *d)
{
	struct hd_config cfg;
	char err[512];

	hd_notify("RELOADING=1");
	if (hd_config_load(d->config_file, &cfg, err, sizeof(err))) {
		hd_error("reload refused, the running configuration stays: %s",
			 err);
		hd_notify("READY=1");
		return;
	}
	/* On success @cfg holds the old configuration, to free. */
	if (hd_reconcile(d, &cfg))
		hd_error("reload failed, the running configuration stays");
	else
		hd_log("reloaded %s: checking %zu real servers of %zu services",
		       d->config_file, d->ntargets, d->cfg.nsvcs);
	hd_config_free(&cfg);
	hd_status(d);
	hd_notify("READY=1");
}

static void hd_events(struct hd *d)
{
	int ret = nflb_event_dispatch(d->ev, hd_event, d);

	if (ret == -ENOBUFS) {
		hd_warn("%s: listing them again", nflb_strerror(d->ev, ret));
		hd_reconcile(d, NULL);
	} else if (ret < 0) {
		hd_error("events: %s", nflb_strerror(d->ev, ret));
	}
	/* Loaded again: a new handle for requests, and what it has now. */
	if (d->module_back) {
		d->module_back = false;
		if (d->nl)
			nflb_close(d->nl);
		d->nl = NULL;
		ret = nflb_open(&d->nl);
		if (ret) {
			hd_error("the nflb module is back, but: %s",
				 nflb_strerror(NULL, ret));
			return;
		}
		hd_notice_back(d);
	}
}

/* Returns the signal that asks us to stop, or 0. */
static int hd_signals(struct hd *d)
{
	struct signalfd_siginfo si;
	int stop = 0;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			hd_exec_reap(d);
			break;
		case SIGHUP:
			hd_reload(d);
			break;
		default:
			stop = (int)si.ssi_signo;
			break;
		}
	}
	return stop;
}

static int hd_loop(struct hd *d)
{
	struct epoll_event evs[64];
	uint64_t now, due, next;
	int i, n, timeout, stop = 0;

	while (!stop) {
		now = hd_now();
		if (d->curl_due <= now) {
			hd_curl_timeout(d);
			continue;
		}
		next = hd_run_due(d, now);
		due = next < d->curl_due ? next : d->curl_due;
		now = hd_now();
		if (due == HD_NEVER)
			timeout = -1;
		else if (due <= now)
			timeout = 0;
		else
			timeout = due - now > INT_MAX ? INT_MAX : (int)(due - now);
		n = epoll_wait(d->epfd, evs, 64, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			hd_log("epoll_wait: %s", strerror(errno));
			return 1;
		}
		for (i = 0; i < n; i++) {
			int fd = (int)(uint32_t)evs[i].data.u64;

			switch (evs[i].data.u64 >> 32) {
			case HD_TAG_SIGNAL:
				stop = hd_signals(d);
				break;
			case HD_TAG_EVENTS:
				hd_events(d);
				break;
			case HD_TAG_CURL:
				hd_curl_socket(d, fd, evs[i].events);
				break;
			case HD_TAG_PIPE:
				hd_exec_output(d, fd);
				break;
			}
		}
	}
	hd_notify("STOPPING=1");
	hd_log("stopping on %s: the kernel's health stays as it is (%zu real servers)",
	       strsignal(stop), d->ntargets);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct hd d = { .config_file = HD_DEFAULT_CONFIG, .epfd = -1, .sigfd = -1 };
	bool check_only = false;
	char err[512];
	sigset_t sigs;
	int c, ret, status = 1;

	while ((c = getopt_long(argc, argv, "c:fvVh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			d.config_file = optarg;
			break;
		case 'C':
			check_only = true;
			break;
		case 'f':
			break;
		case 'v':
			d.verbose++;
			break;
		case 'V':
			printf("%s %s\n", HD_NAME, nflb_lib_version());
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		hd_log("unexpected argument '%s' (try: %s --help)", argv[optind],
		       HD_NAME);
		return 2;
	}
	if (hd_config_load(d.config_file, &d.cfg, err, sizeof(err))) {
		hd_log("%s", err);
		return 1;
	}
	if (check_only) {
		if (d.verbose)
			printf("%s: valid: %zu services, %zu real servers listed\n",
			       d.config_file, d.cfg.nsvcs, hd_count_overrides(&d.cfg));
		hd_config_free(&d.cfg);
		return 0;
	}

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL) ||
	    (d.sigfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK)) < 0 ||
	    (d.epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		hd_error("setting up: %s", strerror(errno));
		goto out;
	}
	d.rand_state = (unsigned int)(hd_now() ^ (uint64_t)getpid());
	if (hd_watch(&d, HD_TAG_SIGNAL, d.sigfd, EPOLLIN, true) ||
	    hd_curl_init(&d) || hd_targets_init(&d)) {
		hd_error("setting up: %s", strerror(errno ? errno : ENOMEM));
		goto out;
	}
	/* Events first: what changes during the dump is not missed. */
	ret = nflb_event_open(&d.ev);
	if (!ret)
		ret = nflb_open(&d.nl);
	if (ret) {
		hd_error("cannot talk to nflb: %s", nflb_strerror(NULL, ret));
		goto out;
	}
	if (hd_watch(&d, HD_TAG_EVENTS, nflb_event_fd(d.ev), EPOLLIN, true)) {
		hd_error("setting up: %s", strerror(errno));
		goto out;
	}
	if (hd_reconcile(&d, NULL))
		goto out;
	hd_log("started: checking %zu real servers of %zu services (%s)",
	       d.ntargets, d.cfg.nsvcs, d.config_file);
	hd_status(&d);
	hd_notify("READY=1");
	status = hd_loop(&d);
out:
	if (d.hash)
		hd_targets_fini(&d);
	hd_exec_fini(&d);
	hd_curl_fini(&d);
	if (d.ev)
		nflb_close(d.ev);
	if (d.nl)
		nflb_close(d.nl);
	if (d.epfd >= 0)
		close(d.epfd);
	if (d.sigfd >= 0)
		close(d.sigfd);
	hd_config_free(&d.cfg);
	return status;
}
