// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm's ipvsadm-style commands: parse (ipvsadm/parse.c), then act through
 * libnflb and print in ipvsadm's formats (ipvsadm/print.c).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../nflbadm.h"
#include "ipvsadm.h"
#include "rules.h"

/* A service with the real servers listed for it. */
struct svc_entry {
	struct nflb_service svc;
	struct nflb_dest *dests;
	size_t ndests;
	struct nflb_apply_rule *rules;	/* SNI rules */
	size_t nrules;
};

struct svc_set {
	struct svc_entry *v;
	size_t n, cap;
};

static int collect_dest(const struct nflb_dest *dest, void *arg)
{
	struct svc_entry *e = arg;
	struct nflb_dest *d = realloc(e->dests, (e->ndests + 1) * sizeof(*d));

	if (!d)
		return -ENOMEM;
	d[e->ndests++] = *dest;
	e->dests = d;
	return 0;
}

static int collect_svc(const struct nflb_service *svc, void *arg)
{
	struct svc_set *set = arg;

	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct svc_entry *v = realloc(set->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		set->v = v;
		set->cap = cap;
	}
	memset(&set->v[set->n], 0, sizeof(set->v[0]));
	set->v[set->n++].svc = *svc;
	return 0;
}

static void free_set(struct svc_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->v[i].dests);
		nflbadm_free_rules(set->v[i].rules, set->v[i].nrules);
	}
	free(set->v);
}

struct attach {
	struct svc_set *set;
	size_t cur;		/* the service of the previous real server */
};

/* A real server of the all-services listing, to its service's entry. */
static int attach_dest(const struct nflb_service *svc,
		       const struct nflb_dest *dest, void *arg)
{
	struct attach *a = arg;
	size_t i, n = a->set->n;

	/* Both listings are in the kernel's order: look ahead first. */
	for (i = 0; i < n; i++) {
		size_t j = (a->cur + i) % n;

		if (nflb_service_same(&a->set->v[j].svc, svc)) {
			a->cur = j;
			return collect_dest(dest, &a->set->v[j]);
		}
	}
	/* Its service was added after the services were listed. */
	return 0;
}

/* The SNI rules of every service in SNI mode. */
static int load_rules(struct nflb *h, struct svc_set *set)
{
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < set->n; i++)
		ret = nflbadm_load_rules(h, &set->v[i].svc, &set->v[i].rules,
					 &set->v[i].nrules);
	return ret;
}

/* All services (or the one in @only) with their real servers and rules. */
static int load(struct nflb *h, const struct nflb_service *only,
		struct svc_set *set)
{
	struct attach a = { .set = set };
	int ret;

	memset(set, 0, sizeof(*set));
	if (only) {
		struct nflb_service svc = *only;

		ret = nflb_service_get(h, &svc);
		if (!ret)
			ret = collect_svc(&svc, set);
		if (!ret)
			ret = nflb_dest_list(h, &set->v[0].svc, collect_dest,
					     &set->v[0]);
		return ret ?: load_rules(h, set);
	}
	ret = nflb_service_list(h, collect_svc, set);
	if (!ret && set->n)
		ret = nflb_dest_list_all(h, attach_dest, &a);
	return ret ?: load_rules(h, set);
}

struct conn_out {
	bool json;
	size_t n;
};

/* The header, or "[", before the first connection: not on an error. */
static void conn_start(const struct conn_out *o)
{
	if (o->json)
		putchar('[');
	else
		nflbadm_print_conn_header(stdout);
}

static int print_conn(const struct nflb_conn *c, void *arg)
{
	struct conn_out *o = arg;

	if (!o->n)
		conn_start(o);
	if (o->json) {
		if (o->n)
			putchar(',');
		nflbadm_print_json_conn(stdout, c);
	} else {
		nflbadm_print_conn(stdout, c);
	}
	o->n++;
	return 0;
}

/*
 * -L -c: ipvsadm's connection listing, or a JSON array with -j; with a
 * service, only its connections (its SNI rules' included).
 */
static int do_list_conns(struct nflb *h, const struct nflbadm_req *req)
{
	struct conn_out o = { .json = req->list & NFLBADM_LIST_JSON };
	int ret;

	ret = nflb_conn_list(h, req->have_svc ? &req->svc : NULL, print_conn,
			     &o);
	if (!ret && !o.n)
		conn_start(&o);
	if (o.json && (!ret || o.n))
		puts("]");
	if (ret) {
		fflush(stdout);
		return nflbadm_err("%s", nflb_strerror(h, ret));
	}
	return 0;
}

static void list_rule(unsigned int list, const struct nflb_service *svc,
		      const struct nflb_apply_rule *r)
{
	size_t k;

	nflbadm_print_list_rule(stdout, list, svc, &r->rule);
	for (k = 0; k < r->ndests; k++)
		nflbadm_print_list_dest(stdout, list, svc, &r->dests[k]);
}

static int do_list(struct nflb *h, const struct nflbadm_req *req)
{
	struct nflb_info info;
	struct svc_set set;
	size_t i, j;
	int ret;

	if (req->list & NFLBADM_LIST_CONNS)
		return do_list_conns(h, req);
	if (req->list & NFLBADM_LIST_TIMEOUT) {
		struct nflb_config cfg;

		ret = nflb_config_get(h, &cfg);
		if (ret)
			return nflbadm_err("%s", nflb_strerror(h, ret));
		nflbadm_print_timeout(stdout, &cfg);
		return 0;
	}
	ret = nflb_get_info(h, &info);
	if (!ret)
		ret = load(h, req->have_svc ? &req->svc : NULL, &set);
	if (ret)
		return nflbadm_err("%s", nflb_strerror(h, ret));

	if (req->list & NFLBADM_LIST_JSON) {
		putchar('[');
		for (i = 0; i < set.n; i++) {
			if (i)
				putchar(',');
			nflbadm_print_json_service_sni(stdout, &set.v[i].svc,
						       set.v[i].dests,
						       set.v[i].ndests,
						       set.v[i].rules,
						       set.v[i].nrules);
		}
		puts("]");
	} else {
		nflbadm_print_list_header(stdout, req->list,
					  req->have_svc ? NULL : info.version,
					  info.svc_table_size);
		for (i = 0; i < set.n; i++) {
			const struct svc_entry *e = &set.v[i];

			nflbadm_print_list_service(stdout, req->list, &e->svc);
			for (j = 0; j < e->ndests; j++)
				nflbadm_print_list_dest(stdout, req->list,
							&e->svc, &e->dests[j]);
			for (j = 0; j < e->nrules; j++)
				list_rule(req->list, &e->svc, &e->rules[j]);
		}
	}
	free_set(&set);
	return 0;
}

static void save_rule(const struct nflb_service *svc,
		      const struct nflb_apply_rule *r)
{
	size_t k;

	nflbadm_print_save_rule(stdout, svc, &r->rule);
	for (k = 0; k < r->ndests; k++)
		nflbadm_print_save_rule_dest(stdout, svc, r->rule.name,
					     &r->dests[k]);
}

static int do_save(struct nflb *h)
{
	struct svc_set set;
	size_t i, j;
	int ret;

	ret = load(h, NULL, &set);
	if (ret)
		return nflbadm_err("%s", nflb_strerror(h, ret));
	for (i = 0; i < set.n; i++) {
		const struct svc_entry *e = &set.v[i];

		nflbadm_print_save_service(stdout, &e->svc);
		for (j = 0; j < e->ndests; j++)
			nflbadm_print_save_dest(stdout, &e->svc, &e->dests[j]);
		for (j = 0; j < e->nrules; j++)
			save_rule(&e->svc, &e->rules[j]);
	}
	free_set(&set);
	return 0;
}

/*
 * -a without -g/-i/-m: ipvsadm's default, direct routing, except in a
 * service in SNI mode, which forwards by masquerading only (the kernel
 * would refuse DR): there NAT, to the port given.
 */
static int add_dest(struct nflb *h, const struct nflbadm_req *req)
{
	struct nflb_service svc = req->svc;
	struct nflb_dest dest = req->dest;

	/* A service that does not exist: the add says so. */
	if (req->fwd_default && !nflb_service_get(h, &svc) &&
	    (svc.flags & NFLB_SVC_F_SNI)) {
		dest.fwd = NFLB_FWD_NAT;
		dest.port = req->dest_port;
	}
	return nflb_dest_add(h, &req->svc, &dest);
}

/* Carry out one parsed request that changes state; 0 or -errno. */
static int apply_req(struct nflb *h, const struct nflbadm_req *req)
{
	if (req->have_rule)
		return nflbadm_sni_req(h, req);
	switch (req->op) {
	case NFLBADM_OP_ADD_SVC:
		return nflb_service_add(h, &req->svc);
	case NFLBADM_OP_EDIT_SVC:
		return nflb_service_set(h, &req->svc);
	case NFLBADM_OP_DEL_SVC:
		return nflb_service_del(h, &req->svc);
	case NFLBADM_OP_CLEAR:
		return nflb_flush(h);
	case NFLBADM_OP_ADD_DEST:
		return add_dest(h, req);
	case NFLBADM_OP_EDIT_DEST:
		return nflb_dest_set(h, &req->svc, &req->dest);
	case NFLBADM_OP_DEL_DEST:
		return nflb_dest_del(h, &req->svc, &req->dest);
	case NFLBADM_OP_ZERO:
		return nflb_zero(h, req->have_svc ? &req->svc : NULL);
	case NFLBADM_OP_SET:
		return nflb_config_set(h, &req->cfg);
	default:
		return -EINVAL;
	}
}

/* -R: one command per line from stdin; stops at the first failure. */
static int do_restore(struct nflb *h)
{
	struct nflbadm_req req;
	char *line = NULL;
	size_t cap = 0;
	char err[256];
	int n = 0, ret = 0;

	while (getline(&line, &cap, stdin) > 0) {
		n++;
		if (nflbadm_parse_line(line, &req, err, sizeof(err))) {
			ret = nflbadm_err("line %d: %s", n, err);
			break;
		}
		if (req.op == NFLBADM_OP_NONE)
			continue;
		ret = apply_req(h, &req);
		if (ret) {
			ret = nflbadm_err("line %d: %s", n, nflb_strerror(h, ret));
			break;
		}
	}
	free(line);
	return ret;
}

int nflbadm_cmd_ipvsadm(int argc, char **argv)
{
	struct nflbadm_req req;
	char err[256];
	struct nflb *h;
	int ret;

	if (nflbadm_parse(argc, argv, &req, err, sizeof(err))) {
		nflbadm_err("%s", err);
		return 2;
	}
	if (req.op == NFLBADM_OP_HELP) {
		nflbadm_print_usage(stdout, "nflbadm");
		return 0;
	}
	if (req.op == NFLBADM_OP_VERSION)
		return nflbadm_cmd_version(&(struct nflbadm_opts){ 0 }, 1, argv);

	h = nflbadm_open();
	if (!h)
		return 1;
	switch (req.op) {
	case NFLBADM_OP_LIST:
		ret = do_list(h, &req);
		break;
	case NFLBADM_OP_SAVE:
		ret = do_save(h);
		break;
	case NFLBADM_OP_RESTORE:
		ret = do_restore(h);
		break;
	default:
		ret = apply_req(h, &req);
		if (ret)
			ret = nflbadm_err("%s", nflb_strerror(h, ret));
	}
	nflb_close(h);
	return ret;
}
