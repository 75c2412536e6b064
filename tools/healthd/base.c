// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every part of nflb-healthd uses, below them all: the clock, the log,
 * the epoll registrations of the loop, and the address a check connects
 * to.  It calls none of the other files.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "healthd.h"

uint64_t hd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Whether stderr is the journal's stream (systemd.exec(5), JOURNAL_STREAM). */
static bool hd_to_journal(void)
{
	static int known = -1;
	const char *js;
	unsigned long long dev, ino;
	struct stat st;

	if (known >= 0)
		return known;
	js = getenv("JOURNAL_STREAM");
	known = js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 &&
		!fstat(STDERR_FILENO, &st) && st.st_dev == dev &&
		st.st_ino == ino;
	return known;
}

/* One line on stderr, written at once (healthd.h). */
void hd_logp(int prio, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	size_t n;
	int m;

	m = hd_to_journal() ?
	    snprintf(buf, sizeof(buf), "<%d>%s: ", prio, HD_NAME) :
	    snprintf(buf, sizeof(buf), "%s: ", HD_NAME);
	n = (size_t)m;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	if (m > 0)
		n += (size_t)m < sizeof(buf) - n - 1 ? (size_t)m : sizeof(buf) - n - 2;
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, n) < 0)
		return;
}

void hd_notify(const char *state)
{
	sd_notify(0, state);
}

int hd_watch(struct hd *d, enum hd_tag tag, int fd, uint32_t events, bool add)
{
	struct epoll_event ev = {
		.events = events,
		.data.u64 = (uint64_t)tag << 32 | (uint32_t)fd,
	};

	if (!epoll_ctl(d->epfd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev))
		return 0;
	if (errno == EEXIST || errno == ENOENT)
		return epoll_ctl(d->epfd, errno == EEXIST ? EPOLL_CTL_MOD :
				 EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
	return -errno;
}

void hd_unwatch(struct hd *d, int fd)
{
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, fd, NULL);
}

void hd_fmt_addr(char *buf, size_t len, uint16_t af,
		 const union nflb_addr *addr, uint16_t port)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(af, addr, a, sizeof(a));
	snprintf(buf, len, af == AF_INET6 ? "[%s]:%u" : "%s:%u", a, port);
}

void hd_check_target(const struct hd_target *t, uint16_t *af,
		     union nflb_addr *addr, uint16_t *port)
{
	const struct hd_check *chk = t->chk;

	*af = chk->has_addr ? chk->af : t->svc.af;
	*addr = chk->has_addr ? chk->addr : t->dest.addr;
	*port = chk->port ? chk->port : t->dest.port;
}
