// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: the pieces of nflb_apply()'s plan that apply.c (services, real
 * servers, settings) and apply_sni.c (SNI rules) share: identities and
 * their sorted index, names for messages, duplicate checks, the list of
 * changes, and what differs between two services or real servers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "apply.h"

static size_t nflb_alen(uint16_t af)
{
	return af == AF_INET6 ? 16 : 4;
}

void nflb_svc_key(const struct nflb_service *svc, struct nflb_key *k)
{
	memset(k, 0, sizeof(*k));
	k->af = svc->af;
	if (svc->fwmark) {
		k->fwmark = svc->fwmark;
		return;
	}
	memcpy(k->addr, &svc->addr, nflb_alen(svc->af));
	k->port = svc->port;
	k->protocol = svc->protocol;
}

void nflb_dest_key(uint16_t af, const struct nflb_dest *d,
		   struct nflb_key *k)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->addr, &d->addr, nflb_alen(af));
	k->port = d->port;
}

int nflb_idx_cmp(const void *a, const void *b)
{
	const struct nflb_idx *x = a, *y = b;
	int r = memcmp(&x->key, &y->key, sizeof(x->key));

	if (r)
		return r;
	return x->i < y->i ? -1 : x->i > y->i;
}

const struct nflb_idx *nflb_idx_find(const struct nflb_idx *v, size_t n,
				     const struct nflb_key *k)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = memcmp(&v[mid].key, k, sizeof(*k));

		if (!r)
			return &v[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void nflb_svc_name(char *buf, size_t len, const struct nflb_service *s)
{
	char a[INET6_ADDRSTRLEN];

	if (s->fwmark) {
		snprintf(buf, len, "FWM %u%s", s->fwmark,
			 s->af == AF_INET6 ? " IPv6" : "");
		return;
	}
	if (!inet_ntop(s->af, &s->addr, a, sizeof(a)))
		strcpy(a, "?");
	snprintf(buf, len, "%s %s%s%s:%u",
		 s->protocol == IPPROTO_UDP ? "UDP" : "TCP",
		 s->af == AF_INET6 ? "[" : "", a, s->af == AF_INET6 ? "]" : "",
		 s->port);
}

int nflb_apply_dup(struct nflb *h, const char *what,
		   const struct nflb_service *svc, const struct nflb_dest *d)
{
	char name[96], a[INET6_ADDRSTRLEN];

	nflb_svc_name(name, sizeof(name), svc);
	if (!d) {
		snprintf(h->errmsg, sizeof(h->errmsg),
			 "%s: service %s is given twice", what, name);
		return -EINVAL;
	}
	if (!inet_ntop(svc->af, &d->addr, a, sizeof(a)))
		strcpy(a, "?");
	snprintf(h->errmsg, sizeof(h->errmsg),
		 "%s: real server %s%s%s:%u of %s is given twice", what,
		 svc->af == AF_INET6 ? "[" : "", a,
		 svc->af == AF_INET6 ? "]" : "", d->port, name);
	return -EINVAL;
}

int nflb_apply_dest_dups(struct nflb *h, const struct nflb_service *svc,
			 const struct nflb_dest *dests, size_t n)
{
	struct nflb_idx *widx;
	size_t i;
	int ret = 0;

	if (n < 2)
		return 0;
	widx = calloc(n, sizeof(*widx));
	if (!widx)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		nflb_dest_key(svc->af, &dests[i], &widx[i].key);
		widx[i].i = i;
	}
	qsort(widx, n, sizeof(*widx), nflb_idx_cmp);
	for (i = 1; i < n && !ret; i++)
		if (!memcmp(&widx[i - 1].key, &widx[i].key, sizeof(widx[i].key)))
			ret = nflb_apply_dup(h, "desired state", svc,
					     &dests[widx[i].i]);
	free(widx);
	return ret;
}

int nflb_op_add(struct nflb_apply_ctx *c, uint8_t cmd, char op, uint32_t set,
		const struct nflb_service *svc, const struct nflb_sni_rule *rule,
		const struct nflb_dest *dest)
{
	struct nflb_op *o = nflb_vec_push(&c->ops);

	if (!o)
		return -ENOMEM;
	o->cmd = cmd;
	o->op = op;
	o->set = set;
	o->svc = svc;
	o->rule = rule;
	o->dest = dest;
	o->config = NULL;
	return 0;
}

uint32_t nflb_service_changes(const struct nflb_service *w,
			      const struct nflb_service *k)
{
	uint32_t set = 0;

	if (strcmp(w->sched, k->sched))
		set |= NFLB_SVC_SET_SCHED;
	if ((w->flags ^ k->flags) & ~NFLB_SVC_F_SNI)
		set |= NFLB_SVC_SET_FLAGS;
	if ((w->flags ^ k->flags) & NFLB_SVC_F_SNI)
		set |= NFLB_SVC_SET_SNI;
	if ((w->flags & NFLB_SVC_F_SNI) && w->sni_default != k->sni_default)
		set |= NFLB_SVC_SET_SNI_DEFAULT;
	if (w->flags & NFLB_SVC_F_PERSISTENT) {
		if (w->timeout != k->timeout)
			set |= NFLB_SVC_SET_TIMEOUT;
		if (w->netmask != k->netmask)
			set |= NFLB_SVC_SET_NETMASK;
	}
	if (!nflb_src_ranges_same(w, k))
		set |= NFLB_SVC_SET_SRC_RANGES;
	return set;
}

uint32_t nflb_dest_changes(const struct nflb_dest *w,
			   const struct nflb_dest *k)
{
	uint32_t set = 0;

	if (w->fwd != k->fwd)
		set |= NFLB_DEST_SET_FWD;
	if (w->weight != k->weight)
		set |= NFLB_DEST_SET_WEIGHT;
	if (w->u_thresh != k->u_thresh)
		set |= NFLB_DEST_SET_U_THRESH;
	if (w->l_thresh != k->l_thresh)
		set |= NFLB_DEST_SET_L_THRESH;
	if (w->fwd == NFLB_FWD_TUN && w->tun_type != k->tun_type)
		set |= NFLB_DEST_SET_TUN_TYPE;
	return set;
}
