// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sni.c: nflbadm's SNI rules (Documentation/sni.rst): listing them with
 * their real servers for -L, -S and -j, and the -A/-E/-D/-a/-e/-d
 * requests that name one with --sni.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipvsadm.h"
#include "nflbadm.h"
#include "sni.h"

struct rule_set {
	struct nflbadm_rule *v;
	size_t n, cap;
};

static int collect_rule(const struct nflb_sni_rule *rule, void *arg)
{
	struct rule_set *set = arg;

	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct nflbadm_rule *v = realloc(set->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		set->v = v;
		set->cap = cap;
	}
	memset(&set->v[set->n], 0, sizeof(set->v[0]));
	set->v[set->n++].rule = *rule;
	return 0;
}

static int collect_rule_dest(const struct nflb_dest *dest, void *arg)
{
	struct nflbadm_rule *r = arg;
	struct nflb_dest *d = realloc(r->dests, (r->ndests + 1) * sizeof(*d));

	if (!d)
		return -ENOMEM;
	d[r->ndests++] = *dest;
	r->dests = d;
	return 0;
}

void nflbadm_free_rules(struct nflbadm_rule *rules, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(rules[i].dests);
	free(rules);
}

int nflbadm_load_rules(struct nflb *h, const struct nflb_service *svc,
		       struct nflbadm_rule **rules, size_t *n)
{
	struct rule_set set = { 0 };
	size_t i;
	int ret = 0;

	*rules = NULL;
	*n = 0;
	if (!(svc->flags & NFLB_SVC_F_SNI))
		return 0;
	ret = nflb_sni_rule_list(h, svc, collect_rule, &set);
	for (i = 0; !ret && i < set.n; i++) {
		ret = nflb_sni_dest_list(h, svc, set.v[i].rule.name,
					 collect_rule_dest, &set.v[i]);
		/* Deleted meanwhile: it has none. */
		if (ret == -ENOENT)
			ret = 0;
	}
	/* The service went away meanwhile: no rules. */
	if (ret == -ENOENT)
		ret = 0;
	if (ret) {
		nflbadm_free_rules(set.v, set.n);
		return ret;
	}
	*rules = set.v;
	*n = set.n;
	return 0;
}

int nflbadm_sni_req(struct nflb *h, const struct nflbadm_req *req)
{
	const char *name = req->rule.name;

	switch (req->op) {
	case NFLBADM_OP_ADD_SVC:
		return nflb_sni_rule_add(h, &req->svc, &req->rule);
	case NFLBADM_OP_EDIT_SVC:
		return nflb_sni_rule_set(h, &req->svc, &req->rule);
	case NFLBADM_OP_DEL_SVC:
		return nflb_sni_rule_del(h, &req->svc, &req->rule);
	case NFLBADM_OP_ADD_DEST:
		return nflb_sni_dest_add(h, &req->svc, name, &req->dest);
	case NFLBADM_OP_EDIT_DEST:
		return nflb_sni_dest_set(h, &req->svc, name, &req->dest);
	case NFLBADM_OP_DEL_DEST:
		return nflb_sni_dest_del(h, &req->svc, name, &req->dest);
	default:
		return -EINVAL;
	}
}

/* --- apply: the "sni" blocks of a state file ---------------------------- */

static const struct nflbadm_rule *find_rule(const struct nflbadm_rule *v,
					    size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].rule.name, name))
			return &v[i];
	return NULL;
}

static const struct nflb_dest *find_dest(const struct nflb_dest *v, size_t n,
					 const struct nflb_dest *d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!memcmp(&v[i].addr, &d->addr, sizeof(d->addr)) &&
		    v[i].port == d->port)
			return &v[i];
	return NULL;
}

/* A rule's settings as a service's, to compare them as libnflb does. */
static void rule_settings(const struct nflb_sni_rule *r, struct nflb_service *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->sched, r->sched, sizeof(s->sched));
	s->flags = r->flags;
	s->timeout = r->timeout;
	s->netmask = r->netmask;
}

static uint32_t rule_changes(const struct nflb_sni_rule *w,
			     const struct nflb_sni_rule *k)
{
	struct nflb_service ws, ks;

	rule_settings(w, &ws);
	rule_settings(k, &ks);
	return nflb_service_changes(&ws, &ks);
}

/* Report a change, make it unless this is a dry run; 0 or -errno. */
static int change(struct nflbadm_sni_apply *a, char op,
		  const struct nflb_service *svc,
		  const struct nflb_sni_rule *rule,
		  const struct nflb_dest *dest, uint32_t set)
{
	struct nflb_sni_rule r;
	struct nflb_dest d;
	int ret = 0;

	if (!(a->flags & NFLB_APPLY_DRY_RUN)) {
		if (dest) {
			d = *dest;
			d.set = set;
			ret = op == '+' ? nflb_sni_dest_add(a->h, svc, rule->name, &d) :
			      op == '-' ? nflb_sni_dest_del(a->h, svc, rule->name, &d) :
			      nflb_sni_dest_set(a->h, svc, rule->name, &d);
		} else {
			r = *rule;
			r.set = set;
			ret = op == '+' ? nflb_sni_rule_add(a->h, svc, &r) :
			      op == '-' ? nflb_sni_rule_del(a->h, svc, &r) :
			      nflb_sni_rule_set(a->h, svc, &r);
		}
	}
	a->report(a->arg, op, svc, rule, dest, set, ret);
	return ret;
}

/* The real servers of the rule @w, which exists as @k (or not yet). */
static int apply_rule_dests(struct nflbadm_sni_apply *a,
			    const struct nflb_service *svc,
			    const struct nflbadm_rule *w,
			    const struct nflbadm_rule *k)
{
	const struct nflb_dest *kd;
	size_t i, nk = k ? k->ndests : 0;
	uint32_t set;
	int ret = 0;

	for (i = 0; !ret && (a->flags & NFLB_APPLY_PRUNE) && i < nk; i++)
		if (!find_dest(w->dests, w->ndests, &k->dests[i]))
			ret = change(a, '-', svc, &w->rule, &k->dests[i], 0);
	for (i = 0; !ret && i < w->ndests; i++) {
		kd = k ? find_dest(k->dests, k->ndests, &w->dests[i]) : NULL;
		if (!kd) {
			ret = change(a, '+', svc, &w->rule, &w->dests[i], 0);
			continue;
		}
		set = nflb_dest_changes(&w->dests[i], kd);
		if (set)
			ret = change(a, '~', svc, &w->rule, &w->dests[i], set);
	}
	return ret;
}

/* Make @svc's rules those of @want (its service already applied). */
static int apply_rules(struct nflbadm_sni_apply *a,
		       const struct nflb_service *svc,
		       const struct nflbadm_state_sni *want)
{
	const struct nflbadm_rule *w, *k;
	struct nflbadm_rule *have;
	size_t i, nhave;
	uint32_t set;
	int ret;

	ret = nflbadm_load_rules(a->h, svc, &have, &nhave);
	if (ret)
		return ret;
	for (i = 0; !ret && (a->flags & NFLB_APPLY_PRUNE) && i < nhave; i++)
		if (!find_rule(want->rules, want->nrules, have[i].rule.name))
			ret = change(a, '-', svc, &have[i].rule, NULL, 0);
	for (i = 0; !ret && i < want->nrules; i++) {
		w = &want->rules[i];
		k = find_rule(have, nhave, w->rule.name);
		if (!k) {
			ret = change(a, '+', svc, &w->rule, NULL, 0);
		} else {
			set = rule_changes(&w->rule, &k->rule);
			if (set)
				ret = change(a, '~', svc, &w->rule, NULL, set);
		}
		if (!ret)
			ret = apply_rule_dests(a, svc, w, k);
	}
	nflbadm_free_rules(have, nhave);
	return ret;
}

int nflbadm_sni_apply(struct nflbadm_sni_apply *a,
		      const struct nflbadm_state *st)
{
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < st->nsvcs; i++)
		if (st->sni[i].have)
			ret = apply_rules(a, &st->svcs[i].svc, &st->sni[i]);
	return ret;
}

int nflbadm_sni_unmode(struct nflbadm_sni_apply *a,
		       const struct nflbadm_state *st)
{
	struct nflbadm_rule *have;
	struct nflb_service svc;
	size_t i, j, nhave;
	int ret = 0;

	if (!(a->flags & NFLB_APPLY_PRUNE))
		return 0;
	for (i = 0; !ret && i < st->nsvcs; i++) {
		if (st->sni[i].have)
			continue;
		svc = st->svcs[i].svc;
		if (nflb_service_get(a->h, &svc) || !(svc.flags & NFLB_SVC_F_SNI))
			continue;
		if (nflbadm_load_rules(a->h, &svc, &have, &nhave))
			continue;
		for (j = 0; !ret && j < nhave; j++)
			ret = change(a, '-', &svc, &have[j].rule, NULL, 0);
		nflbadm_free_rules(have, nhave);
	}
	return ret;
}
