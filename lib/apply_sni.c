// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: nflb_apply()'s SNI rules (Documentation/sni.rst).
 *
 * A service's rules are few (a rule per host name), so they are matched by
 * name with a linear search.  The kernel's rules are read only for the
 * services of the desired state that it has in SNI mode: those whose rules
 * are compared, and those that leave SNI mode (their rules are deleted
 * first with NFLB_APPLY_PRUNE; the kernel takes no service out of SNI mode
 * while it has rules).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"

void nflb_xrules_free(struct nflb_xrule *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].dests);
	free(v);
}

static int nflb_rule_dup(struct nflb *h, const struct nflb_service *svc,
			 const char *name, const char *why)
{
	char s[96];

	nflb_svc_name(s, sizeof(s), svc);
	snprintf(h->errmsg, sizeof(h->errmsg),
		 "desired state: SNI rule \"%.64s\" of service %s %s", name, s,
		 why);
	return -EINVAL;
}

int nflb_apply_want_rules(struct nflb_apply_ctx *c, struct nflb_wsvc *w,
			  const struct nflb_apply_service *as)
{
	size_t i, j;
	int ret;

	if (!as->nrules)
		return 0;
	if (!(w->svc.flags & NFLB_SVC_F_SNI))
		return nflb_rule_dup(c->h, &w->svc, as->rules[0].rule.name,
				     "is given, but the service is not in SNI mode");
	w->rules = calloc(as->nrules, sizeof(*w->rules));
	if (!w->rules)
		return -ENOMEM;
	for (i = 0; i < as->nrules; i++) {
		const struct nflb_apply_rule *ar = &as->rules[i];
		struct nflb_xrule *r = &w->rules[i];

		w->nrules = i + 1;
		r->rule = ar->rule;
		if (!r->rule.sched[0])
			strcpy(r->rule.sched, "wlc");
		if (!nflb_sni_rule_normalize(ar->rule.name, r->rule.name,
					     sizeof(r->rule.name)))
			return nflb_rule_dup(c->h, &w->svc, ar->rule.name,
					     "is not a valid name");
		for (j = 0; j < i; j++)
			if (!strcmp(w->rules[j].rule.name, r->rule.name))
				return nflb_rule_dup(c->h, &w->svc,
						     r->rule.name,
						     "is given twice");
		r->dests = calloc(ar->ndests ? ar->ndests : 1,
				  sizeof(*r->dests));
		if (!r->dests)
			return -ENOMEM;
		r->ndests = ar->ndests;
		for (j = 0; j < ar->ndests; j++) {
			r->dests[j] = ar->dests[j];
			if (!r->dests[j].port)
				r->dests[j].port = w->svc.port;
		}
		ret = nflb_apply_dest_dups(c->h, &w->svc, r->dests, r->ndests);
		if (ret)
			return ret;
	}
	return 0;
}

static int nflb_collect_rule(const struct nflb_sni_rule *rule, void *arg)
{
	struct nflb_vec *v = arg;
	struct nflb_xrule *r = nflb_vec_push(v);

	if (!r)
		return -ENOMEM;
	memset(r, 0, sizeof(*r));
	r->rule = *rule;
	return 0;
}

static int nflb_collect_rule_dest(const struct nflb_dest *dest, void *arg)
{
	struct nflb_vec *v = arg;
	struct nflb_dest *d = nflb_vec_push(v);

	if (!d)
		return -ENOMEM;
	*d = *dest;
	return 0;
}

/* The rules of @k, with their real servers. */
static int nflb_load_rules(struct nflb *h, struct nflb_ksvc *k)
{
	struct nflb_vec v = { .size = sizeof(struct nflb_xrule) };
	struct nflb_xrule *r;
	size_t i;
	int ret;

	ret = nflb_sni_rule_list(h, &k->svc, nflb_collect_rule, &v);
	r = v.items;
	for (i = 0; !ret && i < v.n; i++) {
		struct nflb_vec d = { .size = sizeof(struct nflb_dest) };

		ret = nflb_sni_dest_list(h, &k->svc, r[i].rule.name,
					 nflb_collect_rule_dest, &d);
		r[i].dests = d.items;
		r[i].ndests = d.n;
		/* Deleted meanwhile by someone else: it has none. */
		if (ret == -ENOENT) {
			h->errmsg[0] = '\0';
			ret = 0;
		}
	}
	k->rules = v.items;
	k->nrules = v.n;
	return ret;
}

int nflb_apply_load_rules(struct nflb_apply_ctx *c)
{
	struct nflb_ksvc *ks = c->ksvcs.items;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < c->ksvcs.n; i++) {
		if (!ks[i].wanted || !(ks[i].svc.flags & NFLB_SVC_F_SNI))
			continue;
		ret = nflb_load_rules(c->h, &ks[i]);
		/* The service went away meanwhile: no rules. */
		if (ret == -ENOENT) {
			c->h->errmsg[0] = '\0';
			ret = 0;
		}
	}
	return ret;
}

int nflb_apply_plan_unmode(struct nflb_apply_ctx *c, unsigned int flags)
{
	size_t i, j;
	int ret = 0;

	if (!(flags & NFLB_APPLY_PRUNE))
		return 0;
	for (i = 0; !ret && i < c->nw; i++) {
		const struct nflb_ksvc *k = c->w[i].k;

		if (!k || (c->w[i].svc.flags & NFLB_SVC_F_SNI))
			continue;
		for (j = 0; !ret && j < k->nrules; j++)
			ret = nflb_op_add(c, NFLB_CMD_DEL_SNI_RULE, '-', 0,
					  &k->svc, &k->rules[j].rule, NULL);
	}
	return ret;
}

static const struct nflb_xrule *nflb_rule_find(const struct nflb_xrule *v,
					       size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].rule.name, name))
			return &v[i];
	return NULL;
}

static const struct nflb_dest *nflb_rule_dest_find(uint16_t af,
						   const struct nflb_dest *v,
						   size_t n,
						   const struct nflb_dest *d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].port == d->port && nflb_addr_same(af, &v[i].addr, &d->addr))
			return &v[i];
	return NULL;
}

/* A rule's settings as a service's, to compare them alike. */
static uint32_t nflb_rule_changes(const struct nflb_sni_rule *w,
				  const struct nflb_sni_rule *k)
{
	struct nflb_service ws = { .flags = w->flags, .timeout = w->timeout,
				   .netmask = w->netmask };
	struct nflb_service ks = { .flags = k->flags, .timeout = k->timeout,
				   .netmask = k->netmask };

	memcpy(ws.sched, w->sched, sizeof(ws.sched));
	memcpy(ks.sched, k->sched, sizeof(ks.sched));
	return nflb_service_changes(&ws, &ks);
}

/* The real servers of the rule @w, which the kernel has as @k or not. */
static int nflb_plan_rule_dests(struct nflb_apply_ctx *c,
				const struct nflb_service *svc,
				const struct nflb_xrule *w,
				const struct nflb_xrule *k, unsigned int flags)
{
	const struct nflb_dest *kd;
	size_t i, nk = k ? k->ndests : 0;
	uint32_t set;
	int ret = 0;

	for (i = 0; !ret && (flags & NFLB_APPLY_PRUNE) && i < nk; i++)
		if (!nflb_rule_dest_find(svc->af, w->dests, w->ndests,
					 &k->dests[i]))
			ret = nflb_op_add(c, NFLB_CMD_DEL_DEST, '-', 0, svc,
					  &w->rule, &k->dests[i]);
	for (i = 0; !ret && i < w->ndests; i++) {
		kd = k ? nflb_rule_dest_find(svc->af, k->dests, k->ndests,
					     &w->dests[i]) : NULL;
		if (!kd) {
			ret = nflb_op_add(c, NFLB_CMD_NEW_DEST, '+', 0, svc,
					  &w->rule, &w->dests[i]);
			continue;
		}
		set = nflb_dest_changes(&w->dests[i], kd);
		if (set)
			ret = nflb_op_add(c, NFLB_CMD_SET_DEST, '~', set, svc,
					  &w->rule, &w->dests[i]);
	}
	return ret;
}

int nflb_apply_plan_rules(struct nflb_apply_ctx *c, const struct nflb_wsvc *w,
			  unsigned int flags)
{
	const struct nflb_xrule *have = w->k ? w->k->rules : NULL, *k;
	size_t i, nhave = w->k ? w->k->nrules : 0;
	uint32_t set;
	int ret = 0;

	if (!(w->svc.flags & NFLB_SVC_F_SNI))
		return 0;
	for (i = 0; !ret && (flags & NFLB_APPLY_PRUNE) && i < nhave; i++)
		if (!nflb_rule_find(w->rules, w->nrules, have[i].rule.name))
			ret = nflb_op_add(c, NFLB_CMD_DEL_SNI_RULE, '-', 0,
					  &w->svc, &have[i].rule, NULL);
	for (i = 0; !ret && i < w->nrules; i++) {
		k = nflb_rule_find(have, nhave, w->rules[i].rule.name);
		if (!k) {
			ret = nflb_op_add(c, NFLB_CMD_NEW_SNI_RULE, '+', 0,
					  &w->svc, &w->rules[i].rule, NULL);
		} else {
			set = nflb_rule_changes(&w->rules[i].rule, &k->rule);
			if (set)
				ret = nflb_op_add(c, NFLB_CMD_SET_SNI_RULE, '~',
						  set, &w->svc,
						  &w->rules[i].rule, NULL);
		}
		if (!ret)
			ret = nflb_plan_rule_dests(c, &w->svc, &w->rules[i], k,
						   flags);
	}
	return ret;
}
