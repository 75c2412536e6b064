/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rules.h: the SNI rules ipvsadm-style commands list and change (rules.c). */
#ifndef NFLBADM_IPVSADM_RULES_H
#define NFLBADM_IPVSADM_RULES_H

#include <stddef.h>

#include "ipvsadm.h"

/*
 * The SNI rules of @svc (none unless it is in SNI mode) with their real
 * servers, in the kernel's order; free with nflbadm_free_rules().
 */
int nflbadm_load_rules(struct nflb *h, const struct nflb_service *svc,
		       struct nflb_apply_rule **rules, size_t *n);
void nflbadm_free_rules(struct nflb_apply_rule *rules, size_t n);

/* Carry out a parsed request with --sni (req->have_rule); 0 or -errno. */
int nflbadm_sni_req(struct nflb *h, const struct nflbadm_req *req);

#endif /* NFLBADM_IPVSADM_RULES_H */
