// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipvsadm/sni.c: nflbadm's SNI options (Documentation/sni.rst) in the
 * second pass of the ipvsadm parser (ipvsadm/parse.c): --sni-mode [on|off],
 * --sni-default servers|reset, and --sni NAME, which makes -A/-E/-D act
 * on an SNI rule of the service and -a/-e/-d on its real servers.
 */
#include <string.h>
#include <netinet/in.h>

#include "internal.h"

/* A rule's name as given; the kernel normalizes and checks it. */
static int convert_rule(struct pstate *st, struct nflbadm_req *req)
{
	const struct seen *sn = &st->s[S_SNI];
	struct nflb_service *svc = &req->svc;
	struct nflb_sni_rule *rule = &req->rule;
	int bad = nflbadm_first_of(st, SNI_OPTS | B(S_OPS));

	if (bad >= 0)
		return nflbadm_fail(st, "option '%s' cannot be used with '%s' (an SNI rule)",
			    st->s[bad].spell, sn->spell);
	if (svc->fwmark || svc->protocol != IPPROTO_TCP)
		return nflbadm_fail(st, "option '%s' is only for TCP services (-t): SNI rules route TLS by server name",
			    sn->spell);
	if (!*sn->arg)
		return nflbadm_fail(st, "empty SNI rule name");
	if (strlen(sn->arg) >= sizeof(rule->name))
		return nflbadm_fail(st, "SNI rule name '%.40s...' is too long (at most %zu characters)",
			    sn->arg, sizeof(rule->name) - 1);
	req->have_rule = true;
	memcpy(rule->name, sn->arg, strlen(sn->arg) + 1);
	/* The service's settings given are the rule's. */
	memcpy(rule->sched, svc->sched, sizeof(rule->sched));
	rule->flags = svc->flags;
	rule->timeout = svc->timeout;
	rule->netmask = svc->netmask;
	rule->set = svc->set;
	svc->sched[0] = '\0';
	svc->flags = 0;
	svc->timeout = 0;
	svc->set = 0;
	return 0;
}

/* --sni-mode [on|off], --sni-default servers|reset, --sni NAME. */
int nflbadm_convert_sni(struct pstate *st, struct nflbadm_req *req)
{
	struct nflb_service *svc = &req->svc;
	int first = nflbadm_first_of(st, SNI_OPTS);
	const char *arg;

	if (st->present & B(S_SNI))
		return convert_rule(st, req);
	if (first < 0)
		return 0;
	if (svc->fwmark || svc->protocol != IPPROTO_TCP)
		return nflbadm_fail(st, "option '%s' is only for TCP services (-t): SNI mode routes TLS by server name",
			    st->s[first].spell);
	if (st->present & B(S_SNI_MODE)) {
		arg = st->s[S_SNI_MODE].arg;
		if (!arg || !strcmp(arg, "on"))
			svc->flags |= NFLB_SVC_F_SNI;
		else if (strcmp(arg, "off"))
			return nflbadm_fail(st, "invalid value '%s' for '%s' (on or off)",
				    arg, st->s[S_SNI_MODE].spell);
		svc->set |= NFLB_SVC_SET_SNI;
	}
	if (st->present & B(S_SNI_DEFAULT)) {
		arg = st->s[S_SNI_DEFAULT].arg;
		if (!strcmp(arg, "servers"))
			svc->sni_default = NFLB_SNI_DEFAULT_SERVERS;
		else if (!strcmp(arg, "reset"))
			svc->sni_default = NFLB_SNI_DEFAULT_RESET;
		else
			return nflbadm_fail(st, "invalid SNI default '%s' (servers or reset)",
				    arg);
		if (st->op == NFLBADM_OP_ADD_SVC &&
		    !(svc->flags & NFLB_SVC_F_SNI))
			return nflbadm_fail(st, "option '%s' needs '--sni-mode'",
				    st->s[S_SNI_DEFAULT].spell);
		svc->set |= NFLB_SVC_SET_SNI_DEFAULT;
	}
	return 0;
}
