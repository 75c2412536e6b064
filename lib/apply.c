// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: apply a desired state (nflb_apply()).
 *
 * Read the kernel's services (one dump) and all their real servers (one
 * more; service by service with modules that cannot list them at once),
 * match them with the desired ones by identity (sorted keys, binary
 * search), make a list of the changes, and send them in batches
 * (batch.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "apply.h"

static int nflb_collect_svc(struct nlattr **tb, void *arg)
{
	struct nflb_ksvc *k = nflb_vec_push(arg);

	if (!k)
		return -ENOMEM;
	memset(k, 0, sizeof(*k));
	k->dests.size = sizeof(struct nflb_dest);
	return nflb_parse_svc(tb[NFLB_ATTR_SERVICE], &k->svc);
}

static int nflb_collect_dest(struct nlattr **tb, void *arg)
{
	struct nflb_dest *d = nflb_vec_push(arg);

	return d ? nflb_parse_dest(tb[NFLB_ATTR_DEST], d) : -ENOMEM;
}

/* A real server of the all-dests dump, to its service's list. */
static int nflb_collect_any_dest(struct nlattr **tb, void *arg)
{
	struct nflb_apply_ctx *c = arg;
	struct nflb_service svc;
	const struct nflb_idx *f;
	struct nflb_dest *d;
	struct nflb_key key;
	int ret;

	ret = nflb_parse_svc(tb[NFLB_ATTR_SERVICE], &svc);
	if (ret)
		return ret;
	nflb_svc_key(&svc, &key);
	/* They come service by service: look up only when it changes. */
	if (!c->last || memcmp(&c->last_key, &key, sizeof(key))) {
		f = nflb_idx_find(c->kidx, c->ksvcs.n, &key);
		/* Added after the services were read: not ours to know. */
		if (!f)
			return 0;
		c->last = (struct nflb_ksvc *)c->ksvcs.items + f->i;
		c->last_key = key;
	}
	d = nflb_vec_push(&c->last->dests);
	return d ? nflb_parse_dest(tb[NFLB_ATTR_DEST], d) : -ENOMEM;
}

static void nflb_reset_dests(void *arg)
{
	struct nflb_apply_ctx *c = arg;
	size_t i;

	for (i = 0; i < c->ksvcs.n; i++)
		((struct nflb_ksvc *)c->ksvcs.items)[i].dests.n = 0;
	c->last = NULL;
}

/* Modules without the all-dests dump: each service's real servers. */
static int nflb_apply_load_each(struct nflb_apply_ctx *c)
{
	struct nflb_ksvc *k;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < c->ksvcs.n; i++) {
		k = (struct nflb_ksvc *)c->ksvcs.items + i;
		ret = nflb_dump(c->h, NFLB_CMD_GET_DEST, &k->svc,
				nflb_collect_dest, &k->dests);
		/* Deleted meanwhile by someone else: it has none. */
		if (ret == -ENOENT) {
			c->h->errmsg[0] = '\0';
			k->dests.n = 0;
			ret = 0;
		}
	}
	return ret;
}

/* The kernel's services, then all their real servers. */
static int nflb_apply_load(struct nflb_apply_ctx *c)
{
	struct nflb_ksvc *ks;
	size_t i;
	int ret;

	c->ksvcs.size = sizeof(struct nflb_ksvc);
	ret = nflb_dump(c->h, NFLB_CMD_GET_SERVICE, NULL, nflb_collect_svc,
			&c->ksvcs);
	if (ret)
		return ret;
	ks = c->ksvcs.items;
	c->kidx = calloc(c->ksvcs.n ? c->ksvcs.n : 1, sizeof(*c->kidx));
	if (!c->kidx)
		return -ENOMEM;
	for (i = 0; i < c->ksvcs.n; i++) {
		nflb_svc_key(&ks[i].svc, &c->kidx[i].key);
		c->kidx[i].i = i;
	}
	qsort(c->kidx, c->ksvcs.n, sizeof(*c->kidx), nflb_idx_cmp);
	if (!c->ksvcs.n)
		return 0;
	ret = nflb_dump_fn(c->h, NFLB_CMD_GET_DEST, NULL, nflb_collect_any_dest,
			   c, nflb_reset_dests);
	if (nflb_dump_dests_unsupported(ret)) {
		c->h->errmsg[0] = '\0';
		nflb_reset_dests(c);
		ret = nflb_apply_load_each(c);
	}
	return ret;
}

/* The desired settings: known ones a namespace may set. */
static int nflb_apply_want_config(struct nflb_apply_ctx *c,
				  const struct nflb_config *cfg)
{
	unsigned int a;

	if (!cfg)
		return 0;
	for (a = 0; a < NFLB_CONFIG_SLOTS; a++) {
		if (!(cfg->have & NFLB_CONFIG_BIT(a)))
			continue;
		if (!nflb_config_max(a)) {
			snprintf(c->h->errmsg, sizeof(c->h->errmsg),
				 "desired state: setting %s%s%u cannot be set",
				 nflb_config_name(a) ? nflb_config_name(a) : "",
				 nflb_config_name(a) ? "" : "number ",
				 nflb_config_name(a) ? 0 : a);
			return -EINVAL;
		}
	}
	c->wcfg = *cfg;
	return 0;
}

/* Copy and normalise the desired state; refuse duplicates. */
static int nflb_apply_want(struct nflb_apply_ctx *c,
			   const struct nflb_state *st)
{
	const struct nflb_apply_service *svcs = st->svcs;
	size_t i, j, n = st->nsvcs;
	struct nflb_idx *idx;
	int ret;

	ret = nflb_apply_want_config(c, st->config);
	if (ret)
		return ret;

	c->w = calloc(n ? n : 1, sizeof(*c->w));
	idx = calloc(n ? n : 1, sizeof(*idx));
	if (!c->w || !idx) {
		free(idx);
		return -ENOMEM;
	}
	c->nw = n;
	for (i = 0; i < n; i++) {
		struct nflb_wsvc *w = &c->w[i];

		w->svc = svcs[i].svc;
		if (!w->svc.sched[0])
			strcpy(w->svc.sched, "wlc");
		w->ndests = svcs[i].ndests;
		w->dests = calloc(w->ndests ? w->ndests : 1, sizeof(*w->dests));
		if (!w->dests) {
			ret = -ENOMEM;
			goto out;
		}
		for (j = 0; j < w->ndests; j++) {
			w->dests[j] = svcs[i].dests[j];
			if (!w->dests[j].port && !w->svc.fwmark)
				w->dests[j].port = w->svc.port;
		}
		ret = nflb_apply_dest_dups(c->h, &w->svc, w->dests, w->ndests);
		if (!ret)
			ret = nflb_apply_want_rules(c, w, &svcs[i]);
		if (ret)
			goto out;
		nflb_svc_key(&w->svc, &idx[i].key);
		idx[i].i = i;
	}
	qsort(idx, n, sizeof(*idx), nflb_idx_cmp);
	for (i = 1; i < n; i++)
		if (!memcmp(&idx[i - 1].key, &idx[i].key, sizeof(idx[i].key))) {
			ret = nflb_apply_dup(c->h, "desired state",
					     &c->w[idx[i].i].svc, NULL);
			goto out;
		}
out:
	free(idx);
	return ret;
}

/* The real servers of a service in both states. */
static int nflb_apply_dests(struct nflb_apply_ctx *c, struct nflb_wsvc *w,
			    unsigned int flags)
{
	struct nflb_ksvc *k = w->k;
	struct nflb_dest *kd = k->dests.items;
	size_t nk = k->dests.n, i;
	struct nflb_idx *kidx;
	unsigned char *wanted;
	int ret = 0;

	kidx = calloc(nk ? nk : 1, sizeof(*kidx));
	wanted = calloc(nk ? nk : 1, 1);
	if (!kidx || !wanted) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nk; i++) {
		nflb_dest_key(k->svc.af, &kd[i], &kidx[i].key);
		kidx[i].i = i;
	}
	qsort(kidx, nk, sizeof(*kidx), nflb_idx_cmp);
	for (i = 0; i < w->ndests; i++) {
		struct nflb_key key;
		const struct nflb_idx *f;

		nflb_dest_key(w->svc.af, &w->dests[i], &key);
		f = nflb_idx_find(kidx, nk, &key);
		if (f)
			wanted[f->i] = 1;
	}
	/* Deletions first: they make room under the limits. */
	for (i = 0; !ret && i < nk; i++)
		if (!wanted[i] && (flags & NFLB_APPLY_PRUNE))
			ret = nflb_op_add(c, NFLB_CMD_DEL_DEST, '-', 0, &k->svc,
					  NULL, &kd[i]);
	for (i = 0; !ret && i < w->ndests; i++) {
		struct nflb_key key;
		const struct nflb_idx *f;
		uint32_t set;

		nflb_dest_key(w->svc.af, &w->dests[i], &key);
		f = nflb_idx_find(kidx, nk, &key);
		if (!f) {
			ret = nflb_op_add(c, NFLB_CMD_NEW_DEST, '+', 0, &w->svc,
					  NULL, &w->dests[i]);
			continue;
		}
		set = nflb_dest_changes(&w->dests[i], &kd[f->i]);
		if (set)
			ret = nflb_op_add(c, NFLB_CMD_SET_DEST, '~', set,
					  &w->svc, NULL, &w->dests[i]);
	}
out:
	free(kidx);
	free(wanted);
	return ret;
}

/* The settings that differ, in one request. */
static int nflb_apply_plan_config(struct nflb_apply_ctx *c)
{
	struct nflb_config have;
	struct nflb_op *o;
	uint32_t set = 0;
	unsigned int a;
	int ret;

	if (!c->wcfg.have)
		return 0;
	ret = nflb_config_get(c->h, &have);
	if (ret)
		return ret;
	for (a = 0; a < NFLB_CONFIG_SLOTS; a++)
		if ((c->wcfg.have & NFLB_CONFIG_BIT(a)) &&
		    (!(have.have & NFLB_CONFIG_BIT(a)) ||
		     have.val[a] != c->wcfg.val[a]))
			set |= NFLB_CONFIG_BIT(a);
	if (!set)
		return 0;
	o = nflb_vec_push(&c->ops);
	if (!o)
		return -ENOMEM;
	memset(o, 0, sizeof(*o));
	o->cmd = NFLB_CMD_SET_CONFIG;
	o->op = '~';
	o->set = set;
	o->config = &c->wcfg;
	return 0;
}

/* The list of changes, in the order they are made. */
static int nflb_apply_plan(struct nflb_apply_ctx *c, unsigned int flags)
{
	struct nflb_ksvc *ks = c->ksvcs.items;
	size_t nk = c->ksvcs.n, i, j;
	const struct nflb_idx *kidx = c->kidx;
	int ret;

	c->ops.size = sizeof(struct nflb_op);
	for (i = 0; i < c->nw; i++) {
		struct nflb_key key;
		const struct nflb_idx *f;

		nflb_svc_key(&c->w[i].svc, &key);
		f = nflb_idx_find(kidx, nk, &key);
		if (f) {
			c->w[i].k = &ks[f->i];
			ks[f->i].wanted = 1;
		}
	}
	ret = nflb_apply_load_rules(c);
	if (!ret)
		ret = nflb_apply_plan_unmode(c, flags);
	for (i = 0; !ret && i < nk; i++)
		if (!ks[i].wanted && (flags & NFLB_APPLY_PRUNE))
			ret = nflb_op_add(c, NFLB_CMD_DEL_SERVICE, '-', 0,
					  &ks[i].svc, NULL, NULL);
	if (!ret)
		ret = nflb_apply_plan_config(c);
	for (i = 0; !ret && i < c->nw; i++) {
		struct nflb_wsvc *w = &c->w[i];
		uint32_t set;

		if (!w->k) {
			ret = nflb_op_add(c, NFLB_CMD_NEW_SERVICE, '+', 0,
					  &w->svc, NULL, NULL);
			for (j = 0; !ret && j < w->ndests; j++)
				ret = nflb_op_add(c, NFLB_CMD_NEW_DEST, '+', 0,
						  &w->svc, NULL, &w->dests[j]);
		} else {
			set = nflb_service_changes(&w->svc, &w->k->svc);
			if (set)
				ret = nflb_op_add(c, NFLB_CMD_SET_SERVICE, '~',
						  set, &w->svc, NULL, NULL);
			if (!ret)
				ret = nflb_apply_dests(c, w, flags);
		}
		if (!ret)
			ret = nflb_apply_plan_rules(c, w, flags);
	}
	return ret;
}

/* Both states and the plan; what nflb_state_read() took is NULL here. */
static void nflb_apply_ctx_free(struct nflb_apply_ctx *c)
{
	struct nflb_ksvc *ks = c->ksvcs.items;
	size_t i;

	for (i = 0; i < c->ksvcs.n; i++) {
		free(ks[i].dests.items);
		nflb_xrules_free(ks[i].rules, ks[i].nrules);
	}
	free(c->ksvcs.items);
	free(c->kidx);
	for (i = 0; c->w && i < c->nw; i++) {
		free(c->w[i].dests);
		nflb_xrules_free(c->w[i].rules, c->w[i].nrules);
	}
	free(c->w);
	free(c->ops.items);
}

int nflb_apply(struct nflb *h, const struct nflb_state *st, unsigned int flags,
	       nflb_change_cb cb, void *arg)
{
	struct nflb_apply_ctx c = { .h = h };
	int ret;

	h->errmsg[0] = '\0';
	if (flags & ~(NFLB_APPLY_DRY_RUN | NFLB_APPLY_PRUNE))
		return -EINVAL;
	ret = nflb_apply_want(&c, st);
	if (!ret)
		ret = nflb_apply_load(&c);
	if (!ret)
		ret = nflb_apply_plan(&c, flags);
	if (!ret)
		ret = nflb_batch_run(h, c.ops.items, c.ops.n, flags, cb, arg);
	nflb_apply_ctx_free(&c);
	return ret;
}

int nflb_state_read(struct nflb *h, struct nflb_state *st)
{
	struct nflb_apply_ctx c = { .h = h };
	struct nflb_apply_service *v = NULL;
	struct nflb_apply_rule *r;
	struct nflb_config *cfg;
	struct nflb_ksvc *ks, *k;
	size_t i, j, n = 0;
	unsigned int a;
	int ret;

	memset(st, 0, sizeof(*st));
	h->errmsg[0] = '\0';
	cfg = calloc(1, sizeof(*cfg));
	ret = cfg ? nflb_apply_load(&c) : -ENOMEM;
	ks = c.ksvcs.items;
	for (i = 0; i < c.ksvcs.n; i++)
		ks[i].wanted = 1;
	if (!ret)
		ret = nflb_apply_load_rules(&c);
	if (!ret)
		ret = nflb_config_get(h, cfg);
	if (!ret) {
		/* What a namespace sets: not the host's ceilings. */
		for (a = 0; a < NFLB_CONFIG_SLOTS; a++)
			if (!nflb_config_max(a))
				cfg->have &= ~NFLB_CONFIG_BIT(a);
		v = calloc(c.ksvcs.n ? c.ksvcs.n : 1, sizeof(*v));
		if (!v)
			ret = -ENOMEM;
	}
	/* In identity order, the same on every run; they move into @st. */
	for (i = 0; !ret && i < c.ksvcs.n; i++, n++) {
		k = &ks[c.kidx[i].i];
		v[n].svc = k->svc;
		v[n].dests = k->dests.items;
		v[n].ndests = k->dests.n;
		k->dests.items = NULL;
		if (!k->nrules)
			continue;
		r = calloc(k->nrules, sizeof(*r));
		if (!r) {
			ret = -ENOMEM;
			n++;
			break;
		}
		for (j = 0; j < k->nrules; j++) {
			r[j].rule = k->rules[j].rule;
			r[j].dests = k->rules[j].dests;
			r[j].ndests = k->rules[j].ndests;
			k->rules[j].dests = NULL;
		}
		v[n].rules = r;
		v[n].nrules = k->nrules;
	}
	st->svcs = v;
	st->nsvcs = n;
	st->config = cfg;
	nflb_apply_ctx_free(&c);
	if (ret)
		nflb_state_free(st);
	return ret;
}
