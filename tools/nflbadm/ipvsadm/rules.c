// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipvsadm/rules.c: nflbadm's SNI rules (Documentation/sni.rst): listing them with
 * their real servers for -L, -S and -j, and the -A/-E/-D/-a/-e/-d
 * requests that name one with --sni.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../nflbadm.h"
#include "ipvsadm.h"
#include "rules.h"

struct rule_set {
	struct nflb_apply_rule *v;
	size_t n, cap;
};

static int collect_rule(const struct nflb_sni_rule *rule, void *arg)
{
	struct rule_set *set = arg;

	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct nflb_apply_rule *v = realloc(set->v, cap * sizeof(*v));

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
	struct nflb_apply_rule *r = arg;
	struct nflb_dest *d = realloc((void *)r->dests,
				      (r->ndests + 1) * sizeof(*d));

	if (!d)
		return -ENOMEM;
	d[r->ndests++] = *dest;
	r->dests = d;
	return 0;
}

void nflbadm_free_rules(struct nflb_apply_rule *rules, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((void *)rules[i].dests);
	free(rules);
}

int nflbadm_load_rules(struct nflb *h, const struct nflb_service *svc,
		       struct nflb_apply_rule **rules, size_t *n)
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
