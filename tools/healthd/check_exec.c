// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_exec.c: exec checks.  The program runs with posix_spawn in a
 * process group of its own, the target in its environment, stdin from
 * /dev/null and stdout and stderr into a pipe the event loop reads (the
 * start of its output becomes the reason of a failure).  Exit status 0
 * means up.  At the timeout the whole group gets SIGKILL; children are
 * reaped on SIGCHLD (a signalfd in the loop) with waitpid.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "healthd.h"

extern char **environ;

/* A running child; @t is NULL once its target went away. */
struct hd_child {
	pid_t pid;
	int fd;
	struct hd_target *t;
};

static struct hd_child *hd_children;
static size_t hd_nchildren, hd_children_cap;

static struct hd_child *hd_child_add(void)
{
	if (hd_nchildren == hd_children_cap) {
		size_t cap = hd_children_cap ? 2 * hd_children_cap : 64;
		struct hd_child *c = realloc(hd_children, cap * sizeof(*c));

		if (!c)
			return NULL;
		hd_children = c;
		hd_children_cap = cap;
	}
	return &hd_children[hd_nchildren++];
}

static void hd_child_close(struct hd *d, struct hd_child *c)
{
	if (c->fd < 0)
		return;
	hd_unwatch(d, c->fd);
	close(c->fd);
	c->fd = -1;
	if (c->t)
		c->t->out_fd = -1;
}

static int hd_env_add(char **env, size_t *k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int hd_env_add(char **env, size_t *k, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&env[*k], fmt, ap);
	va_end(ap);
	if (ret < 0) {
		env[*k] = NULL;
		return -1;
	}
	(*k)++;
	return 0;
}

static void hd_env_free(char **env);

/* The environment of a check: ours without NFLB_*, then the target. */
static char **hd_env(const struct hd_target *t)
{
	char addr[INET6_ADDRSTRLEN], svc[INET6_ADDRSTRLEN + 32];
	char dest[INET6_ADDRSTRLEN + 8], ip[INET6_ADDRSTRLEN + 8];
	union nflb_addr a;
	uint16_t af, port;
	size_t n = 0, i, k = 0;
	char **env;
	int ret = 0;

	while (environ[n])
		n++;
	env = calloc(n + 8, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n && !ret; i++)
		if (strncmp(environ[i], "NFLB_", 5))
			ret = hd_env_add(env, &k, "%s", environ[i]);
	hd_check_target(t, &af, &a, &port);
	inet_ntop(af, &a, addr, sizeof(addr));
	if (t->svc.fwmark) {
		snprintf(svc, sizeof(svc), "fwmark %u", t->svc.fwmark);
	} else {
		hd_fmt_addr(ip, sizeof(ip), t->svc.af, &t->svc.addr, t->svc.port);
		snprintf(svc, sizeof(svc), "%s %s",
			 t->svc.protocol == IPPROTO_UDP ? "udp" : "tcp", ip);
	}
	hd_fmt_addr(dest, sizeof(dest), t->svc.af, &t->dest.addr, t->dest.port);
	if (ret ||
	    hd_env_add(env, &k, "NFLB_CHECK_ADDR=%s", addr) ||
	    hd_env_add(env, &k, "NFLB_CHECK_PORT=%u", port) ||
	    hd_env_add(env, &k, "NFLB_CHECK_TIMEOUT=%g",
		       t->chk->timeout_ms / 1000.0) ||
	    hd_env_add(env, &k, "NFLB_SERVICE=%s", svc) ||
	    hd_env_add(env, &k, "NFLB_DEST=%s", dest) ||
	    hd_env_add(env, &k, "NFLB_HEALTH=%s",
		       t->state == NFLB_HEALTH_DOWN ? "down" : "up")) {
		hd_env_free(env);
		return NULL;
	}
	return env;
}

static void hd_env_free(char **env)
{
	size_t i;

	for (i = 0; env[i]; i++)
		free(env[i]);
	free(env);
}

int hd_exec_start(struct hd *d, struct hd_target *t)
{
	static const int sigs[] = { SIGCHLD, SIGHUP, SIGTERM, SIGINT, SIGPIPE };
	posix_spawn_file_actions_t fa;
	char why[HD_REASON_LEN];
	posix_spawnattr_t attr;
	struct hd_child *c;
	sigset_t none, def;
	char **env;
	int p[2], ret;
	size_t i;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK)) {
		snprintf(why, sizeof(why), "exec: pipe: %s", strerror(errno));
		d->result(d, t, false, why);
		return -errno;
	}
	env = hd_env(t);
	c = hd_child_add();
	if (!env || !c) {
		if (env)
			hd_env_free(env);
		close(p[0]);
		close(p[1]);
		d->result(d, t, false, "exec: out of memory");
		return -ENOMEM;
	}
	hd_nchildren--;		/* not yet: only once spawned */
	sigemptyset(&none);
	sigemptyset(&def);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&def, sigs[i]);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setpgroup(&attr, 0);
	ret = posix_spawnp(&pid, t->chk->argv[0], &fa, &attr, t->chk->argv, env);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	hd_env_free(env);
	close(p[1]);
	if (ret) {
		close(p[0]);
		snprintf(why, sizeof(why), "exec: cannot run %s: %s",
			 t->chk->argv[0], strerror(ret));
		d->result(d, t, false, why);
		return -ret;
	}
	c = &hd_children[hd_nchildren++];
	c->pid = pid;
	c->fd = p[0];
	c->t = t;
	t->pid = pid;
	t->out_fd = p[0];
	t->out_len = 0;
	t->killed = false;
	if (hd_watch(d, HD_TAG_PIPE, p[0], EPOLLIN, true))
		hd_child_close(d, c);	/* no output then, the exit status stays */
	return 0;
}

static struct hd_child *hd_child_by_target(const struct hd_target *t)
{
	size_t i;

	for (i = 0; i < hd_nchildren; i++)
		if (hd_children[i].t == t)
			return &hd_children[i];
	return NULL;
}

void hd_exec_kill(struct hd *d, struct hd_target *t)
{
	if (t->pid <= 0)
		return;
	kill(-t->pid, SIGKILL);
	t->killed = true;
}

void hd_exec_stop(struct hd *d, struct hd_target *t)
{
	struct hd_child *c = hd_child_by_target(t);

	hd_exec_kill(d, t);
	if (c) {
		hd_child_close(d, c);
		c->t = NULL;
	}
	t->pid = 0;
}

/* Read what the child wrote; keep the start, drop the rest. */
static void hd_child_read(struct hd *d, struct hd_child *c)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = read(c->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			hd_child_close(d, c);
			return;
		}
		if (c->t && c->t->out_len < HD_OUT_LEN - 1) {
			size_t room = HD_OUT_LEN - 1 - c->t->out_len;
			size_t k = (size_t)n < room ? (size_t)n : room;

			memcpy(c->t->out + c->t->out_len, buf, k);
			c->t->out_len += k;
		}
	}
}

void hd_exec_output(struct hd *d, int fd)
{
	size_t i;

	for (i = 0; i < hd_nchildren; i++)
		if (hd_children[i].fd == fd) {
			hd_child_read(d, &hd_children[i]);
			return;
		}
	hd_unwatch(d, fd);
}

/* The first line of the output, printable, or "". */
static const char *hd_first_line(struct hd_target *t)
{
	size_t i;

	t->out[t->out_len] = '\0';
	for (i = 0; i < t->out_len; i++) {
		if (t->out[i] == '\n' || t->out[i] == '\r') {
			t->out[i] = '\0';
			break;
		}
		if ((unsigned char)t->out[i] < 0x20 || t->out[i] == 0x7f)
			t->out[i] = '?';
	}
	return t->out;
}

void hd_exec_reap(struct hd *d)
{
	char why[HD_REASON_LEN];
	struct hd_target *t;
	struct hd_child c;
	const char *out;
	int status;
	size_t i;
	pid_t pid;
	bool ok;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < hd_nchildren; i++)
			if (hd_children[i].pid == pid)
				break;
		if (i == hd_nchildren)
			continue;
		/* What it wrote before exiting is in the pipe. */
		if (hd_children[i].fd >= 0) {
			hd_child_read(d, &hd_children[i]);
			hd_child_close(d, &hd_children[i]);
		}
		c = hd_children[i];
		hd_children[i] = hd_children[--hd_nchildren];
		t = c.t;
		if (!t)
			continue;
		t->pid = 0;
		out = hd_first_line(t);
		ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
		if (t->killed)
			snprintf(why, sizeof(why), "exec: timed out after %g s (killed)",
				 t->chk->timeout_ms / 1000.0);
		else if (WIFSIGNALED(status))
			snprintf(why, sizeof(why), "exec: killed by signal %d (%.20s)%s%.180s",
				 WTERMSIG(status), strsignal(WTERMSIG(status)),
				 *out ? ": " : "", out);
		else
			snprintf(why, sizeof(why), "exec: exit status %d%s%.200s",
				 WEXITSTATUS(status), *out ? ": " : "", out);
		d->result(d, t, ok && !t->killed, why);
	}
}

void hd_exec_fini(struct hd *d)
{
	size_t i;

	for (i = 0; i < hd_nchildren; i++) {
		kill(-hd_children[i].pid, SIGKILL);
		hd_child_close(d, &hd_children[i]);
		waitpid(hd_children[i].pid, NULL, 0);
	}
	free(hd_children);
	hd_children = NULL;
	hd_nchildren = hd_children_cap = 0;
}
