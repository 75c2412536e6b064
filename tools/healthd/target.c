// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * target.c: what nflb-healthd checks and what it decides.
 *
 * A target is one real server of one service, or of one SNI rule of a
 * service (a sub-service with real servers of its own, checked with its
 * service's check).  The kernel says which exist (a dump at start, then
 * its events); the config says how each is checked.  Targets live in a hash by identity and in a min-heap by the
 * time their next action is due: start a check, or give up on one.
 *
 * Each result feeds a rise/fall state machine; a change of state is
 * written to the kernel as the real server's health and logged with its
 * reason.  Nothing else is ever written: not weights, not membership.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "healthd.h"

#define HD_HASH_MIN	1024

/* ---- identity, names ---- */

struct hd_key {
	uint8_t saddr[16], daddr[16];
	uint32_t fwmark;
	uint16_t af, sport, dport;
	uint8_t proto;
};

static uint32_t hd_hash(const struct nflb_service *svc, const char *rule,
			const struct nflb_dest *dest)
{
	struct hd_key k;
	const uint8_t *p = (const uint8_t *)&k;
	uint32_t h = 2166136261u;
	size_t i;

	memset(&k, 0, sizeof(k));
	k.af = svc->af;
	k.fwmark = svc->fwmark;
	if (!svc->fwmark) {
		memcpy(k.saddr, &svc->addr, svc->af == AF_INET6 ? 16 : 4);
		k.sport = svc->port;
		k.proto = svc->protocol;
	}
	memcpy(k.daddr, &dest->addr, svc->af == AF_INET6 ? 16 : 4);
	k.dport = dest->port;
	for (i = 0; i < sizeof(k); i++)
		h = (h ^ p[i]) * 16777619u;
	for (; *rule; rule++)
		h = (h ^ (uint8_t)*rule) * 16777619u;
	return h;
}

static bool hd_same(const struct hd_target *t, const struct nflb_service *svc,
		    const char *rule, const struct nflb_dest *dest)
{
	return nflb_service_same(&t->svc, svc) && t->dest.port == dest->port &&
	       nflb_addr_same(svc->af, &t->dest.addr, &dest->addr) &&
	       !strcmp(t->rule, rule);
}

/*
 * "10.0.2.11:80 (tcp 192.0.2.1:80)", "10.0.2.11:0 (fwmark 7)",
 * "10.0.2.21:443 (tcp 192.0.2.1:443 sni www.example.com)"
 */
static void hd_name(struct hd_target *t)
{
	char d[INET6_ADDRSTRLEN + 8], s[INET6_ADDRSTRLEN + 8];

	hd_fmt_addr(d, sizeof(d), t->svc.af, &t->dest.addr, t->dest.port);
	if (t->svc.fwmark) {
		snprintf(t->name, sizeof(t->name), "%s (fwmark %u%s)", d,
			 t->svc.fwmark, t->svc.af == AF_INET6 ? " inet6" : "");
		return;
	}
	hd_fmt_addr(s, sizeof(s), t->svc.af, &t->svc.addr, t->svc.port);
	snprintf(t->name, sizeof(t->name), "%s (%s %s%s%s)", d,
		 t->svc.protocol == IPPROTO_UDP ? "udp" : "tcp", s,
		 t->rule[0] ? " sni " : "", t->rule);
}

static const char *hd_health_name(uint8_t h)
{
	return h == NFLB_HEALTH_DOWN ? "DOWN" : "UP";
}

/* ---- the heap, by due time ---- */

static bool heap_less(struct hd *d, size_t a, size_t b)
{
	return d->heap[a]->due < d->heap[b]->due;
}

static void heap_swap(struct hd *d, size_t a, size_t b)
{
	struct hd_target *t = d->heap[a];

	d->heap[a] = d->heap[b];
	d->heap[b] = t;
	d->heap[a]->heap_idx = a;
	d->heap[b]->heap_idx = b;
}

static void heap_up(struct hd *d, size_t i)
{
	while (i && heap_less(d, i, (i - 1) / 2)) {
		heap_swap(d, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_down(struct hd *d, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < d->heap_len && heap_less(d, l, m))
			m = l;
		if (r < d->heap_len && heap_less(d, r, m))
			m = r;
		if (m == i)
			return;
		heap_swap(d, i, m);
		i = m;
	}
}

static int heap_push(struct hd *d, struct hd_target *t)
{
	if (d->heap_len == d->heap_cap) {
		size_t cap = d->heap_cap ? 2 * d->heap_cap : 256;
		struct hd_target **h = realloc(d->heap, cap * sizeof(*h));

		if (!h)
			return -ENOMEM;
		d->heap = h;
		d->heap_cap = cap;
	}
	t->heap_idx = d->heap_len;
	d->heap[d->heap_len++] = t;
	heap_up(d, t->heap_idx);
	return 0;
}

static void heap_remove(struct hd *d, struct hd_target *t)
{
	size_t i = t->heap_idx;

	d->heap_len--;
	if (i == d->heap_len)
		return;
	heap_swap(d, i, d->heap_len);
	heap_up(d, i);
	heap_down(d, d->heap[i]->heap_idx);
}

/* @t's due time changed. */
static void hd_reschedule(struct hd *d, struct hd_target *t, uint64_t due)
{
	t->due = due;
	heap_up(d, t->heap_idx);
	heap_down(d, t->heap_idx);
}

static uint64_t hd_rand_ms(struct hd *d, uint32_t max_ms)
{
	return max_ms ? (uint64_t)rand_r(&d->rand_state) % (max_ms + 1ULL) : 0;
}

/* ---- the hash ---- */

static int hash_resize(struct hd *d, size_t size)
{
	struct hd_target **h = calloc(size, sizeof(*h)), *t, *next;
	size_t i, b;

	if (!h)
		return -ENOMEM;
	for (i = 0; i < d->hash_size; i++)
		for (t = d->hash[i]; t; t = next) {
			next = t->hnext;
			b = hd_hash(&t->svc, t->rule, &t->dest) & (size - 1);
			t->hnext = h[b];
			h[b] = t;
		}
	free(d->hash);
	d->hash = h;
	d->hash_size = size;
	return 0;
}

static struct hd_target *hd_find(struct hd *d, const struct nflb_service *svc,
				 const char *rule, const struct nflb_dest *dest)
{
	struct hd_target *t;

	t = d->hash[hd_hash(svc, rule, dest) & (d->hash_size - 1)];
	for (; t; t = t->hnext)
		if (hd_same(t, svc, rule, dest))
			return t;
	return NULL;
}

static void hd_result(struct hd *d, struct hd_target *t, bool ok,
		      const char *reason);

int hd_targets_init(struct hd *d)
{
	d->result = hd_result;
	return hash_resize(d, HD_HASH_MIN);
}

/* ---- the kernel ---- */

/* Make the kernel's health that of our decision. */
static void hd_write(struct hd *d, struct hd_target *t)
{
	struct nflb_dest dest;
	int ret;

	memset(&dest, 0, sizeof(dest));
	dest.addr = t->dest.addr;
	dest.port = t->dest.port;
	dest.health = t->state;
	snprintf(dest.health_by, sizeof(dest.health_by), "%s", HD_NAME);
	dest.set = NFLB_DEST_SET_HEALTH;
	/* The module is gone: nothing to set until it is back. */
	if (!d->nl)
		return;
	ret = t->rule[0] ? nflb_sni_dest_set(d->nl, &t->svc, t->rule, &dest) :
			   nflb_dest_set(d->nl, &t->svc, &dest);
	if (ret) {
		hd_error("%s: cannot set health %s: %s", t->name,
		       hd_health_name(t->state), nflb_strerror(d->nl, ret));
		return;
	}
	t->dest.health = t->state;
	snprintf(t->dest.health_by, sizeof(t->dest.health_by), "%s", HD_NAME);
}

/* The kernel reports @kd's health (a dump or an event). */
static void hd_note_kernel(struct hd_target *t, const struct nflb_dest *kd)
{
	if (kd->health != t->state && kd->health_by[0] &&
	    strcmp(kd->health_by, HD_NAME))
		hd_warn("%s: health set %s by \"%s\"; the checks say %s, restored after the next check",
		       t->name, hd_health_name(kd->health), kd->health_by,
		       hd_health_name(t->state));
	t->dest.health = kd->health;
	memcpy(t->dest.health_by, kd->health_by, sizeof(t->dest.health_by));
	t->dest.weight = kd->weight;
}

/* ---- targets ---- */

static void hd_describe(const struct hd_check *chk, char *buf, size_t len)
{
	snprintf(buf, len,
		 "%s every %g s (%g s while changing), timeout %g s, rise %u, fall %u",
		 hd_type_name(chk->type), chk->interval_ms / 1000.0,
		 chk->fast_interval_ms / 1000.0, chk->timeout_ms / 1000.0,
		 chk->rise, chk->fall);
}

static struct hd_target *hd_add(struct hd *d, const struct nflb_service *svc,
				const char *rule, const struct nflb_dest *dest,
				const struct hd_check *chk, bool announce)
{
	struct hd_target *t;
	char how[160];
	size_t b;

	if (d->ntargets + 1 > d->hash_size * 2 &&
	    hash_resize(d, d->hash_size * 2))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	memset(&t->svc, 0, sizeof(t->svc));
	t->svc.af = svc->af;
	t->svc.protocol = svc->protocol;
	t->svc.addr = svc->addr;
	t->svc.port = svc->port;
	t->svc.fwmark = svc->fwmark;
	snprintf(t->rule, sizeof(t->rule), "%s", rule);
	t->dest = *dest;
	t->chk = chk;
	t->out_fd = -1;
	hd_name(t);
	t->due = hd_now() + hd_rand_ms(d, chk->jitter_ms);
	if (heap_push(d, t)) {
		free(t);
		return NULL;
	}
	b = hd_hash(svc, rule, dest) & (d->hash_size - 1);
	t->hnext = d->hash[b];
	d->hash[b] = t;
	d->ntargets++;
	t->seen = true;

	/* Our own decision from before a restart stands; else "initial". */
	if (!strcmp(dest->health_by, HD_NAME))
		t->state = dest->health;
	else
		t->state = chk->initial;
	hd_describe(chk, how, sizeof(how));
	if (announce || d->verbose)
		hd_log("%s: checking it (%s), %s", t->name, how,
		       hd_health_name(t->state));
	if (t->state != dest->health) {
		hd_log("%s %s: initial state%s%s%s", t->name,
		       hd_health_name(t->state),
		       dest->health_by[0] ? " (was set by \"" : "",
		       dest->health_by, dest->health_by[0] ? "\")" : "");
		hd_write(d, t);
	}
	return t;
}

static void hd_remove(struct hd *d, struct hd_target *t)
{
	struct hd_target **pp;

	if (t->running) {
		if (t->chk->type == HD_EXEC)
			hd_exec_stop(d, t);
		else
			hd_curl_stop(d, t);
	}
	if (t->easy)
		curl_easy_cleanup(t->easy);
	curl_slist_free_all(t->headers);
	curl_slist_free_all(t->connect_to);
	free(t->body);
	heap_remove(d, t);
	pp = &d->hash[hd_hash(&t->svc, t->rule, &t->dest) & (d->hash_size - 1)];
	while (*pp != t)
		pp = &(*pp)->hnext;
	*pp = t->hnext;
	d->ntargets--;
	free(t);
}

/* Every target, for removal: a snapshot, as removing edits the hash. */
static struct hd_target **hd_all(struct hd *d, size_t *n)
{
	struct hd_target **all, *t;
	size_t i;

	*n = 0;
	all = malloc((d->ntargets + 1) * sizeof(*all));
	if (!all)
		return NULL;
	for (i = 0; i < d->hash_size; i++)
		for (t = d->hash[i]; t; t = t->hnext)
			all[(*n)++] = t;
	return all;
}

void hd_targets_fini(struct hd *d)
{
	struct hd_target **all;
	size_t i, n;

	all = hd_all(d, &n);
	for (i = 0; all && i < n; i++)
		hd_remove(d, all[i]);
	free(all);
	free(d->hash);
	free(d->heap);
	d->hash = NULL;
	d->heap = NULL;
}

/* ---- results ---- */

static void hd_result(struct hd *d, struct hd_target *t, bool ok,
		      const char *reason)
{
	uint64_t now = hd_now(), next;
	uint8_t old = t->state;

	t->running = false;
	if (ok) {
		t->nfail = 0;
		if (t->nok < UINT32_MAX)
			t->nok++;
		if (t->state == NFLB_HEALTH_DOWN && t->nok >= t->chk->rise)
			t->state = NFLB_HEALTH_UP;
	} else {
		t->nok = 0;
		if (t->nfail < UINT32_MAX)
			t->nfail++;
		if (t->state == NFLB_HEALTH_UP && t->nfail >= t->chk->fall)
			t->state = NFLB_HEALTH_DOWN;
	}
	if (t->state != old)
		hd_logp(t->state == NFLB_HEALTH_DOWN ? HD_WARNING : HD_NOTICE,
			"%s %s after %u %s: %s", t->name,
		       hd_health_name(t->state), ok ? t->nok : t->nfail,
		       ok ? (t->nok == 1 ? "success" : "successes") :
		       (t->nfail == 1 ? "failure" : "failures"), reason);
	else if (d->verbose)
		hd_log("%s %s: %s (%s)", t->name, ok ? "ok" : "failed", reason,
		       hd_health_name(t->state));
	/* Also restores a health someone else changed. */
	if (t->state != t->dest.health)
		hd_write(d, t);
	/* A change of state pending: confirm it sooner. */
	if ((t->state == NFLB_HEALTH_UP && t->nfail) ||
	    (t->state == NFLB_HEALTH_DOWN && t->nok))
		next = t->started + t->chk->fast_interval_ms;
	else
		next = t->started + t->chk->interval_ms;
	hd_reschedule(d, t, next > now ? next : now);
}

uint64_t hd_run_due(struct hd *d, uint64_t now)
{
	struct hd_target *t;
	int ret;

	while (d->heap_len && (t = d->heap[0])->due <= now) {
		if (t->running) {
			if (t->chk->type == HD_EXEC) {
				/* Killed at its timeout; try again until reaped. */
				hd_exec_kill(d, t);
				hd_reschedule(d, t, now + 5000);
			} else {
				/* libcurl enforces the timeout; this is a backstop. */
				hd_curl_stop(d, t);
				hd_result(d, t, false, "timed out");
			}
			continue;
		}
		t->running = true;
		t->started = now;
		/* Exec: kill at the timeout; curl: backstop a second later. */
		hd_reschedule(d, t, now + t->chk->timeout_ms +
			      (t->chk->type == HD_EXEC ? 0 : 1000));
		ret = t->chk->type == HD_EXEC ? hd_exec_start(d, t) :
						hd_curl_start(d, t);
		(void)ret;	/* a start that failed reported its result */
	}
	return d->heap_len ? d->heap[0]->due : HD_NEVER;
}

/* ---- membership ---- */

struct hd_entry {
	struct nflb_service svc;
	const char *rule;		/* in hd_list's rules, or "" */
	struct nflb_dest dest;
};

struct hd_list {
	struct hd_entry *e;
	size_t n, cap;
	/* while listing an SNI service's rules */
	struct nflb *nl;
	const struct nflb_service *svc;
	char **rules;			/* names the entries point to */
	size_t nrules, rules_cap;
	const char *rule;
};

static int hd_collect(const struct nflb_service *svc,
		      const struct nflb_dest *dest, void *arg)
{
	struct hd_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct hd_entry *e = realloc(l->e, cap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		l->e = e;
		l->cap = cap;
	}
	l->e[l->n].svc = *svc;
	l->e[l->n].rule = l->rule ? l->rule : "";
	l->e[l->n].dest = *dest;
	l->n++;
	return 0;
}

static int hd_collect_rule_dest(const struct nflb_dest *dest, void *arg)
{
	struct hd_list *l = arg;

	return hd_collect(l->svc, dest, l);
}

/* One SNI rule of l->svc: its real servers. */
static int hd_collect_rule(const struct nflb_sni_rule *rule, void *arg)
{
	struct hd_list *l = arg;
	char *name;
	int ret;

	if (l->nrules == l->rules_cap) {
		size_t cap = l->rules_cap ? 2 * l->rules_cap : 64;
		char **r = realloc(l->rules, cap * sizeof(*r));

		if (!r)
			return -ENOMEM;
		l->rules = r;
		l->rules_cap = cap;
	}
	name = strdup(rule->name);
	if (!name)
		return -ENOMEM;
	l->rules[l->nrules++] = name;
	l->rule = name;
	ret = nflb_sni_dest_list(l->nl, l->svc, name, hd_collect_rule_dest, l);
	l->rule = NULL;
	return ret;
}

/* A service in SNI mode: its rules' real servers too. */
static int hd_collect_svc(const struct nflb_service *svc, void *arg)
{
	struct hd_list *l = arg;
	int ret;

	if (!(svc->flags & NFLB_SVC_F_SNI))
		return 0;
	l->svc = svc;
	ret = nflb_sni_rule_list(l->nl, svc, hd_collect_rule, l);
	l->svc = NULL;
	return ret;
}

static void hd_list_free(struct hd_list *l)
{
	size_t i;

	for (i = 0; i < l->nrules; i++)
		free(l->rules[i]);
	free(l->rules);
	free(l->e);
}

/* A target the config no longer checks: give back a DOWN we set. */
static void hd_release(struct hd *d, struct hd_target *t)
{
	if (t->dest.health == NFLB_HEALTH_DOWN &&
	    !strcmp(t->dest.health_by, HD_NAME)) {
		t->state = NFLB_HEALTH_UP;
		hd_log("%s UP: no longer checked (not in the configuration)",
		       t->name);
		hd_write(d, t);
	} else {
		hd_log("%s: no longer checked (not in the configuration)",
		       t->name);
	}
	hd_remove(d, t);
}

int hd_reconcile(struct hd *d, struct hd_config *newcfg)
{
	struct hd_list l = { 0 };
	struct hd_target **all, *t;
	const struct hd_check *chk;
	struct hd_config old;
	size_t i, n;
	int ret;

	if (!d->nl) {
		hd_error("the nflb module is not loaded: nothing to list");
		return -1;
	}
	l.nl = d->nl;
	ret = nflb_dest_list_all(d->nl, hd_collect, &l);
	if (!ret)
		ret = nflb_service_list(d->nl, hd_collect_svc, &l);
	if (ret) {
		hd_error("cannot list the real servers: %s",
		       nflb_strerror(d->nl, ret));
		hd_list_free(&l);
		return ret;
	}
	if (newcfg) {
		old = d->cfg;
		d->cfg = *newcfg;
		*newcfg = old;
	}
	all = hd_all(d, &n);
	if (!all) {
		hd_list_free(&l);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		all[i]->seen = false;
	for (i = 0; i < l.n; i++) {
		struct hd_entry *e = &l.e[i];

		chk = hd_config_lookup(&d->cfg, &e->svc, &e->dest);
		t = hd_find(d, &e->svc, e->rule, &e->dest);
		if (!chk) {
			if (t)
				hd_release(d, t);
			continue;
		}
		if (!t) {
			if (!hd_add(d, &e->svc, e->rule, &e->dest, chk, false))
				hd_error("out of memory: a real server is not checked");
			continue;
		}
		t->seen = true;
		hd_note_kernel(t, &e->dest);
		if (!hd_check_equal(t->chk, chk)) {
			char how[160];

			hd_describe(chk, how, sizeof(how));
			hd_log("%s: check changed (%s), %s", t->name, how,
			       hd_health_name(t->state));
			t->nok = t->nfail = 0;
			t->chk = chk;
			if (!t->running && t->due > hd_now() + chk->interval_ms)
				hd_reschedule(d, t, hd_now() +
					      hd_rand_ms(d, chk->jitter_ms));
		}
		t->chk = chk;
	}
	hd_list_free(&l);
	free(all);
	/* What the dump lacks is gone from the kernel. */
	all = hd_all(d, &n);
	for (i = 0; all && i < n; i++)
		if (!all[i]->seen)
			hd_remove(d, all[i]);
	free(all);
	return 0;
}

int hd_event(const struct nflb_event *ev, void *arg)
{
	struct hd *d = arg;
	const struct hd_check *chk;
	struct hd_target **all, *t;
	size_t i, n;

	switch (ev->cmd) {
	case NFLB_EVENT_MODULE_GONE:
		hd_warn("the nflb module was unloaded: no health is set until it is loaded again");
		if (d->nl)
			nflb_close(d->nl);
		d->nl = NULL;
		d->module_back = false;
		break;
	case NFLB_EVENT_MODULE_BACK:
		d->module_back = true;
		break;
	case NFLB_CMD_NEW_DEST:
	case NFLB_CMD_SET_DEST:
		t = hd_find(d, &ev->svc, ev->rule.name, &ev->dest);
		if (t) {
			hd_note_kernel(t, &ev->dest);
			break;
		}
		chk = hd_config_lookup(&d->cfg, &ev->svc, &ev->dest);
		if (chk && !hd_add(d, &ev->svc, ev->rule.name, &ev->dest, chk,
				   true))
			hd_error("out of memory: a new real server is not checked");
		break;
	case NFLB_CMD_DEL_DEST:
		t = hd_find(d, &ev->svc, ev->rule.name, &ev->dest);
		if (t) {
			hd_log("%s: removed from its service, no longer checked",
			       t->name);
			hd_remove(d, t);
		}
		break;
	case NFLB_CMD_DEL_SERVICE:
	case NFLB_CMD_DEL_SNI_RULE:
	case NFLB_CMD_FLUSH:
		all = hd_all(d, &n);
		for (i = 0; all && i < n; i++) {
			t = all[i];
			if (ev->cmd == NFLB_CMD_FLUSH ||
			    (nflb_service_same(&t->svc, &ev->svc) &&
			     (ev->cmd == NFLB_CMD_DEL_SERVICE ||
			      !strcmp(t->rule, ev->rule.name)))) {
				if (d->verbose)
					hd_log("%s: %s deleted, no longer checked",
					       t->name, ev->cmd == NFLB_CMD_DEL_SNI_RULE ?
					       "SNI rule" : "service");
				hd_remove(d, t);
			}
		}
		free(all);
		break;
	default:
		break;
	}
	return 0;
}
