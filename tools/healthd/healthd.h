/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * healthd.h: nflb-healthd's daemon state, shared by its parts:
 *   main.c        options, signals, the event loop, reload
 *   target.c      targets: membership from the kernel, the up/down state
 *                 machine, writing health, logging
 *   check_curl.c  tcp, http and https checks on one libcurl multi handle
 *   check_exec.c  exec checks: posix_spawn, timeouts, reaping
 *   config.c      the configuration file (config.h)
 * Documentation/healthd.rst describes the design.
 */
#ifndef HEALTHD_H
#define HEALTHD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <curl/curl.h>

#include "config.h"
#include "libnflb.h"

#define HD_NAME		"nflb-healthd"
#define HD_REASON_LEN	256
#define HD_OUT_LEN	256		/* exec output kept for the reason */
#define HD_NEVER	UINT64_MAX

/* What an epoll entry is: the tag in the top 32 bits, the fd below. */
enum hd_tag {
	HD_TAG_SIGNAL = 1,
	HD_TAG_EVENTS,
	HD_TAG_CURL,
	HD_TAG_PIPE,
};

/* One real server of one service (or of one of its SNI rules). */
struct hd_target {
	struct hd_target *hnext;	/* hash chain */
	struct nflb_service svc;	/* identity */
	char rule[NFLB_SNI_RULE_NAME_SIZE];	/* identity; "": the service's */
	struct nflb_dest dest;		/* identity; health as last known */
	const struct hd_check *chk;	/* in the current config */
	char name[384];			/* "10.0.2.11:80 (tcp 192.0.2.1:80)" */
	uint8_t state;			/* NFLB_HEALTH_*: our decision */
	uint32_t nok, nfail;		/* consecutive results */
	bool seen;			/* reconcile: still wanted */

	/* Scheduling: the heap orders targets by due. */
	uint64_t due;			/* ms, CLOCK_MONOTONIC */
	size_t heap_idx;
	bool running;
	uint64_t started;

	/* curl checks */
	CURL *easy;
	struct curl_slist *headers;	/* Host */
	struct curl_slist *connect_to;	/* https with server_name */
	char errbuf[CURL_ERROR_SIZE];
	char *body;			/* http(s) with body_contains */
	size_t body_len;

	/* exec checks */
	pid_t pid;
	int out_fd;			/* the child's stdout and stderr */
	char out[HD_OUT_LEN];
	size_t out_len;
	bool killed;			/* by us, at its timeout */
};

struct hd {
	const char *config_file;
	int verbose;
	struct hd_config cfg;
	struct nflb *nl;		/* requests; NULL while the module is gone */
	struct nflb *ev;		/* events */
	int epfd, sigfd;
	CURLM *multi;
	uint64_t curl_due;		/* HD_NEVER: no curl timer */
	/* targets: a hash by identity and a min-heap by due time */
	struct hd_target **hash;
	size_t hash_size, ntargets;
	struct hd_target **heap;
	size_t heap_len, heap_cap;
	unsigned int rand_state;
	bool module_back;		/* loaded again: reopen and list */
	/* a check finished, @ok or not, and why (set by hd_targets_init()) */
	void (*result)(struct hd *d, struct hd_target *t, bool ok,
		       const char *reason);
};

/* base.c */
uint64_t hd_now(void);
/*
 * One log line on stderr, "nflb-healthd: <message>", with a syslog
 * priority that the journal reads from a "<N>" prefix when stderr is the
 * journal's stream (systemd sets JOURNAL_STREAM); plain on a terminal.
 */
enum { HD_ERR = 3, HD_WARNING = 4, HD_NOTICE = 5, HD_INFO = 6 };
void hd_logp(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define hd_log(...)	hd_logp(HD_INFO, __VA_ARGS__)
#define hd_warn(...)	hd_logp(HD_WARNING, __VA_ARGS__)
#define hd_error(...)	hd_logp(HD_ERR, __VA_ARGS__)
/* Tell systemd (Type=notify) "READY=1", "RELOADING=1", "STATUS=..." */
void hd_notify(const char *state);
/* epoll registration of @fd with @tag for @events (0: remove). */
int hd_watch(struct hd *d, enum hd_tag tag, int fd, uint32_t events, bool add);
void hd_unwatch(struct hd *d, int fd);
/* The address and port a check connects to. */
void hd_check_target(const struct hd_target *t, uint16_t *af,
		     union nflb_addr *addr, uint16_t *port);
/* "10.0.2.11:80" or "[2001:db8::1]:80" into @buf. */
void hd_fmt_addr(char *buf, size_t len, uint16_t af,
		 const union nflb_addr *addr, uint16_t port);

/* target.c */
int hd_targets_init(struct hd *d);
void hd_targets_fini(struct hd *d);
/*
 * Dump the kernel's real servers and make the targets match the config:
 * @d->cfg, or @newcfg (a reload), which then becomes @d->cfg while *@newcfg
 * gets the old one, for the caller to free.  On failure nothing changed.
 */
int hd_reconcile(struct hd *d, struct hd_config *newcfg);
int hd_event(const struct nflb_event *ev, void *arg);
/* Run what is due; returns the next due time. */
uint64_t hd_run_due(struct hd *d, uint64_t now);

/* check_curl.c */
int hd_curl_init(struct hd *d);
void hd_curl_fini(struct hd *d);
int hd_curl_start(struct hd *d, struct hd_target *t);
void hd_curl_stop(struct hd *d, struct hd_target *t);
void hd_curl_socket(struct hd *d, int fd, uint32_t events);
void hd_curl_timeout(struct hd *d);

/* check_exec.c */
int hd_exec_start(struct hd *d, struct hd_target *t);
/* The timeout passed: kill the child (its result comes when reaped). */
void hd_exec_kill(struct hd *d, struct hd_target *t);
/* The target goes away: kill the child, forget it. */
void hd_exec_stop(struct hd *d, struct hd_target *t);
void hd_exec_reap(struct hd *d);
void hd_exec_output(struct hd *d, int fd);
void hd_exec_fini(struct hd *d);

#endif /* HEALTHD_H */
