/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sni.h: nflbadm's SNI rules (sni.c). */
#ifndef NFLBADM_SNI_H
#define NFLBADM_SNI_H

#include <stddef.h>

#include "ipvsadm.h"
#include "state.h"

/*
 * The SNI rules of @svc (none unless it is in SNI mode) with their real
 * servers, in the kernel's order; free with nflbadm_free_rules().
 */
int nflbadm_load_rules(struct nflb *h, const struct nflb_service *svc,
		       struct nflbadm_rule **rules, size_t *n);
void nflbadm_free_rules(struct nflbadm_rule *rules, size_t n);

/* Carry out a parsed request with --sni (req->have_rule); 0 or -errno. */
int nflbadm_sni_req(struct nflb *h, const struct nflbadm_req *req);

/*
 * apply: the "sni" blocks of a state file, after nflb_apply() made its
 * services (SNI mode and default included) and their own real servers.
 * Each change is made (not with NFLB_APPLY_DRY_RUN) and then passed to
 * @report with the kernel's answer; the first failure stops the run.
 */
struct nflbadm_sni_apply {
	struct nflb *h;
	unsigned int flags;		/* NFLB_APPLY_* */
	void (*report)(void *arg, char op, const struct nflb_service *svc,
		       const struct nflb_sni_rule *rule,
		       const struct nflb_dest *dest, uint32_t set, int err);
	void *arg;
};

/*
 * Per service with "sni": with NFLB_APPLY_PRUNE, rules the file lacks are
 * deleted ("-sni"); then rule by rule in the file's order, the rule is
 * added or changed and its real servers deleted (with NFLB_APPLY_PRUNE),
 * changed and added.  Returns 0 or the first failure's -errno.
 */
int nflbadm_sni_apply(struct nflbadm_sni_apply *a,
		      const struct nflbadm_state *st);
/*
 * Before nflb_apply(), with NFLB_APPLY_PRUNE: delete the rules of the
 * services that the file takes out of SNI mode (no "sni"), which the
 * kernel would refuse to do with rules present.
 */
int nflbadm_sni_unmode(struct nflbadm_sni_apply *a,
		       const struct nflbadm_state *st);

#endif /* NFLBADM_SNI_H */
