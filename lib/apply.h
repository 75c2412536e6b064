/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnflb: nflb_apply()'s two states and its plan, shared by apply.c
 * (services, real servers, settings) and apply_sni.c (SNI rules), whose
 * shared pieces are apply_plan.c's.
 */
#ifndef LIBNFLB_APPLY_H
#define LIBNFLB_APPLY_H

#include "internal.h"

/* Identity of a service or a real server, compared with memcmp(). */
struct nflb_key {
	uint8_t addr[16];
	uint32_t fwmark;
	uint16_t af;
	uint16_t port;
	uint8_t protocol;
	uint8_t pad[3];
};

/* An object and its key, sorted by key. */
struct nflb_idx {
	struct nflb_key key;
	size_t i;
};

/* An SNI rule with its real servers, on either side. */
struct nflb_xrule {
	struct nflb_sni_rule rule;
	struct nflb_dest *dests;
	size_t ndests;
};

/* The kernel's side: a service, its real servers and rules. */
struct nflb_ksvc {
	struct nflb_service svc;
	struct nflb_vec dests;		/* struct nflb_dest */
	struct nflb_xrule *rules;	/* loaded when it is wanted */
	size_t nrules;
	int wanted;			/* in the desired state */
};

/* The desired side, normalised: sched named, ports and names resolved. */
struct nflb_wsvc {
	struct nflb_service svc;
	struct nflb_dest *dests;
	size_t ndests;
	struct nflb_xrule *rules;
	size_t nrules;
	struct nflb_ksvc *k;		/* the kernel's, or NULL */
};

struct nflb_apply_ctx {
	struct nflb *h;
	struct nflb_vec ksvcs;		/* struct nflb_ksvc */
	struct nflb_idx *kidx;		/* ksvcs by key */
	struct nflb_wsvc *w;
	size_t nw;
	struct nflb_config wcfg;	/* the desired settings */
	struct nflb_vec ops;		/* struct nflb_op */
	/* The all-dests dump: the service of the previous real server. */
	struct nflb_ksvc *last;
	struct nflb_key last_key;
};

/* apply_plan.c: identities, their sorted index (by nflb_idx_cmp()). */
NFLB_HIDDEN void nflb_svc_key(const struct nflb_service *svc,
			      struct nflb_key *k);
NFLB_HIDDEN void nflb_dest_key(uint16_t af, const struct nflb_dest *d,
			       struct nflb_key *k);
NFLB_HIDDEN int nflb_idx_cmp(const void *a, const void *b);
NFLB_HIDDEN const struct nflb_idx *nflb_idx_find(const struct nflb_idx *v,
						 size_t n,
						 const struct nflb_key *k);
/* A change to make, after those already planned. */
NFLB_HIDDEN int nflb_op_add(struct nflb_apply_ctx *c, uint8_t cmd, char op,
			    uint32_t set, const struct nflb_service *svc,
			    const struct nflb_sni_rule *rule,
			    const struct nflb_dest *dest);
/*
 * -EINVAL, with "@what: service ... is given twice" (@d NULL) or the same
 * of its real server @d.
 */
NFLB_HIDDEN int nflb_apply_dup(struct nflb *h, const char *what,
			       const struct nflb_service *svc,
			       const struct nflb_dest *d);
/* -EINVAL, with a message, when @dests names a real server twice. */
NFLB_HIDDEN int nflb_apply_dest_dups(struct nflb *h,
				     const struct nflb_service *svc,
				     const struct nflb_dest *dests, size_t n);
/* "TCP 192.0.2.1:80", "FWM 7", for messages. */
NFLB_HIDDEN void nflb_svc_name(char *buf, size_t len,
			       const struct nflb_service *s);

/* apply_sni.c */
NFLB_HIDDEN int nflb_apply_want_rules(struct nflb_apply_ctx *c,
				      struct nflb_wsvc *w,
				      const struct nflb_apply_service *as);
NFLB_HIDDEN int nflb_apply_load_rules(struct nflb_apply_ctx *c);
NFLB_HIDDEN int nflb_apply_plan_unmode(struct nflb_apply_ctx *c,
				       unsigned int flags);
NFLB_HIDDEN int nflb_apply_plan_rules(struct nflb_apply_ctx *c,
				      const struct nflb_wsvc *w,
				      unsigned int flags);
NFLB_HIDDEN void nflb_xrules_free(struct nflb_xrule *v, size_t n);

#endif /* LIBNFLB_APPLY_H */
