// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_curl.c: tcp, http and https checks, all on one libcurl multi
 * handle driven by the daemon's epoll loop (curl_multi_socket_action with
 * socket and timer callbacks): no threads, no polling, no HTTP or TLS of
 * our own.
 *
 * Every check opens a fresh connection to the real server (or the check's
 * address override) and closes it with a reset (SO_LINGER 0), so that
 * thousands of checks a second leave no TIME_WAIT sockets behind.  https
 * checks send the configured SNI name while connecting to the real
 * server's address (CURLOPT_CONNECT_TO), and verify the certificate
 * against that name when asked.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "healthd.h"

#define HD_BODY_MAX	(64 << 10)	/* searched for body_contains */

static int hd_curl_sock_cb(CURL *e, curl_socket_t s, int what, void *userp,
			   void *socketp)
{
	struct hd *d = userp;
	uint32_t events = 0;

	if (what == CURL_POLL_REMOVE) {
		hd_unwatch(d, s);
		return 0;
	}
	if (what & CURL_POLL_IN)
		events |= EPOLLIN;
	if (what & CURL_POLL_OUT)
		events |= EPOLLOUT;
	if (hd_watch(d, HD_TAG_CURL, s, events, !socketp))
		return -1;
	if (!socketp)
		curl_multi_assign(d->multi, s, d);
	return 0;
}

static int hd_curl_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct hd *d = userp;

	d->curl_due = timeout_ms < 0 ? HD_NEVER : hd_now() + (uint64_t)timeout_ms;
	return 0;
}

/* Close with a reset: no TIME_WAIT per check. */
static int hd_curl_sockopt_cb(void *clientp, curl_socket_t fd,
			      curlsocktype purpose)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	return CURL_SOCKOPT_OK;
}

static size_t hd_curl_discard(char *ptr, size_t size, size_t n, void *arg)
{
	return size * n;
}

static size_t hd_curl_keep(char *ptr, size_t size, size_t n, void *arg)
{
	struct hd_target *t = arg;
	size_t len = size * n, room;
	char *b;

	if (t->body_len >= HD_BODY_MAX)
		return len;
	if (!t->body) {
		t->body = malloc(HD_BODY_MAX);
		if (!t->body)
			return 0;
	}
	room = HD_BODY_MAX - t->body_len;
	b = t->body + t->body_len;
	memcpy(b, ptr, len < room ? len : room);
	t->body_len += len < room ? len : room;
	return len;
}

int hd_curl_init(struct hd *d)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return -ENOMEM;
	d->multi = curl_multi_init();
	if (!d->multi)
		return -ENOMEM;
	d->curl_due = HD_NEVER;
	curl_multi_setopt(d->multi, CURLMOPT_SOCKETFUNCTION, hd_curl_sock_cb);
	curl_multi_setopt(d->multi, CURLMOPT_SOCKETDATA, d);
	curl_multi_setopt(d->multi, CURLMOPT_TIMERFUNCTION, hd_curl_timer_cb);
	curl_multi_setopt(d->multi, CURLMOPT_TIMERDATA, d);
	return 0;
}

void hd_curl_fini(struct hd *d)
{
	if (d->multi)
		curl_multi_cleanup(d->multi);
	d->multi = NULL;
	curl_global_cleanup();
}

/* "200-399" or "200,301-302" */
static void hd_fmt_status(const struct hd_check *chk, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < chk->nstatus && n < len; i++) {
		const struct hd_range *r = &chk->status[i];

		if (r->lo == r->hi)
			n += (size_t)snprintf(buf + n, len - n, "%s%u",
					      i ? "," : "", r->lo);
		else
			n += (size_t)snprintf(buf + n, len - n, "%s%u-%u",
					      i ? "," : "", r->lo, r->hi);
	}
}

int hd_curl_start(struct hd *d, struct hd_target *t)
{
	const struct hd_check *chk = t->chk;
	char a[INET6_ADDRSTRLEN + 2], url[2048], ct[600], host[300];
	const char *scheme = chk->type == HD_HTTPS ? "https" : "http";
	union nflb_addr addr;
	uint16_t af, port;
	char ip[INET6_ADDRSTRLEN];
	CURL *e;

	if (!t->easy)
		t->easy = curl_easy_init();
	else
		curl_easy_reset(t->easy);
	e = t->easy;
	if (!e) {
		d->result(d, t, false, "out of memory (libcurl)");
		return -ENOMEM;
	}
	curl_slist_free_all(t->headers);
	curl_slist_free_all(t->connect_to);
	t->headers = t->connect_to = NULL;
	t->body_len = 0;
	t->errbuf[0] = '\0';

	hd_check_target(t, &af, &addr, &port);
	inet_ntop(af, &addr, ip, sizeof(ip));
	snprintf(a, sizeof(a), af == AF_INET6 ? "[%s]" : "%s", ip);
	if (chk->type == HD_HTTPS && chk->server_name) {
		/* The URL names the server (SNI, Host); connect to @a. */
		snprintf(url, sizeof(url), "https://%s:%u%s", chk->server_name,
			 port, chk->path);
		snprintf(ct, sizeof(ct), "%s:%u:%s:%u", chk->server_name, port,
			 a, port);
		t->connect_to = curl_slist_append(NULL, ct);
		if (!t->connect_to) {
			d->result(d, t, false, "out of memory (libcurl)");
			return -ENOMEM;
		}
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, t->connect_to);
	} else {
		snprintf(url, sizeof(url), "%s://%s:%u%s", scheme, a, port,
			 chk->type == HD_TCP ? "/" : chk->path);
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)chk->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)chk->timeout_ms);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, hd_curl_sockopt_cb);
	curl_easy_setopt(e, CURLOPT_USERAGENT, HD_NAME);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION,
			 chk->body ? hd_curl_keep : hd_curl_discard);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	if (chk->type == HD_TCP) {
		curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	} else {
		if (!strcmp(chk->method, "HEAD"))
			curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
		else if (strcmp(chk->method, "GET"))
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, chk->method);
		if (chk->host) {
			snprintf(host, sizeof(host), "Host: %s", chk->host);
			t->headers = curl_slist_append(NULL, host);
			if (!t->headers) {
				d->result(d, t, false, "out of memory (libcurl)");
				return -ENOMEM;
			}
			curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
		}
	}
	if (chk->type == HD_HTTPS) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, chk->verify ? 1L : 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, chk->verify ? 2L : 0L);
		if (chk->ca_file)
			curl_easy_setopt(e, CURLOPT_CAINFO, chk->ca_file);
	}
	if (curl_multi_add_handle(d->multi, e) != CURLM_OK) {
		d->result(d, t, false, "libcurl refused the transfer");
		return -EIO;
	}
	return 0;
}

void hd_curl_stop(struct hd *d, struct hd_target *t)
{
	if (t->easy)
		curl_multi_remove_handle(d->multi, t->easy);
}

/* Why a finished transfer of @t passed or failed, into @why. */
static bool hd_curl_verdict(struct hd_target *t, CURLcode res, char *why,
			    size_t len)
{
	const struct hd_check *chk = t->chk;
	const char *type = hd_type_name(chk->type);
	char want[128];
	long os_errno = 0, code = 0;
	curl_off_t connect_us = 0;
	size_t i;

	curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os_errno);
	curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	if (res == CURLE_OPERATION_TIMEDOUT) {
		snprintf(why, len, "%s: timed out after %u ms",
			 connect_us ? type : "connect", chk->timeout_ms);
		return false;
	}
	if (res == CURLE_COULDNT_CONNECT && os_errno) {
		snprintf(why, len, "connect: %s", strerror((int)os_errno));
		return false;
	}
	if (res != CURLE_OK) {
		snprintf(why, len, "%s: %.200s", type,
			 t->errbuf[0] ? t->errbuf : curl_easy_strerror(res));
		return false;
	}
	if (chk->type == HD_TCP) {
		snprintf(why, len, "connected");
		return true;
	}
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
	for (i = 0; i < chk->nstatus; i++)
		if (code >= chk->status[i].lo && code <= chk->status[i].hi)
			break;
	if (i == chk->nstatus) {
		hd_fmt_status(chk, want, sizeof(want));
		snprintf(why, len, "%s: status %ld (want %s)", type, code, want);
		return false;
	}
	if (chk->body && !(t->body &&
			   memmem(t->body, t->body_len, chk->body, strlen(chk->body)))) {
		snprintf(why, len, "%s: status %ld, but the body lacks \"%.64s\"",
			 type, code, chk->body);
		return false;
	}
	snprintf(why, len, "%s: status %ld", type, code);
	return true;
}

static void hd_curl_done(struct hd *d)
{
	char why[HD_REASON_LEN];
	struct hd_target *t;
	CURLMsg *msg;
	int left;
	bool ok;

	while ((msg = curl_multi_info_read(d->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		t = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
		ok = hd_curl_verdict(t, msg->data.result, why, sizeof(why));
		curl_multi_remove_handle(d->multi, t->easy);
		d->result(d, t, ok, why);
	}
}

void hd_curl_socket(struct hd *d, int fd, uint32_t events)
{
	int mask = 0, running;

	if (events & EPOLLIN)
		mask |= CURL_CSELECT_IN;
	if (events & EPOLLOUT)
		mask |= CURL_CSELECT_OUT;
	if (events & (EPOLLERR | EPOLLHUP))
		mask |= CURL_CSELECT_ERR;
	curl_multi_socket_action(d->multi, fd, mask, &running);
	hd_curl_done(d);
}

void hd_curl_timeout(struct hd *d)
{
	int running;

	d->curl_due = HD_NEVER;
	curl_multi_socket_action(d->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	hd_curl_done(d);
}
