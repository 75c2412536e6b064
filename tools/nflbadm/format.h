/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * format.h: the pieces nflbadm's printers share (format.c), for
 * ipvsadm/print.c and format_change.c; the printers themselves are
 * declared in ipvsadm.h.
 */
#ifndef NFLBADM_FORMAT_H
#define NFLBADM_FORMAT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

#include "libnflb.h"
#include "out.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ADDRPORT_LEN	(INET6_ADDRSTRLEN + 8)
#define SVC_NAME_LEN	(ADDRPORT_LEN + 24)

/* The scheduler's name, "wlc" when the kernel reported none. */
const char *fmt_sched_name(const struct nflb_service *svc);
/* "10.0.0.1:80", "[2001:db8::1]:80" into @buf (ADDRPORT_LEN). */
void fmt_addrport(char *buf, size_t len, unsigned int af,
		  const union nflb_addr *addr, unsigned int port);
void fmt_fput_uint(FILE *f, unsigned long v);
const char *fmt_proto_name(unsigned int proto);
/* The persistence netmask as ipvsadm writes it (a prefix for IPv6). */
const char *fmt_mask_str(char *buf, size_t len, const struct nflb_service *svc);
/* "mh-fallback,mh-port", or "" */
const char *fmt_sched_flags_str(char *buf, size_t len,
				const struct nflb_service *svc);
/* An SNI rule seen as a service (its settings in *@r). */
void fmt_rule_view(const struct nflb_service *svc,
		   const struct nflb_sni_rule *rule, struct nflb_service *r);
const char *fmt_sni_default_name(const struct nflb_service *svc);
const char *fmt_tun_name(unsigned int type);
const char *fmt_fwd_word(unsigned int fwd);
/*
 * A service's scheduler, persistence and source ranges as -L and apply's
 * changes show them.
 */
void fmt_svc_settings(FILE *f, const struct nflb_service *svc);
/* "192.0.2.0/24,2001:db8::/32": the source ranges as -S and -L write them. */
void fmt_src_ranges(FILE *f, const struct nflb_service *svc);

/*
 * JSON, built with json-c and printed by out.h's out_print(): a string, a
 * number, a member; an address; counters; a service's identity ("family",
 * and "fwmark" or "protocol", "address", "port"); and "scheduler",
 * "flags", "timeout", "netmask", "stats", "dests" added to @o.
 */
struct json_object *fj_str(const char *s);
struct json_object *fj_uint(uint64_t v);
void fj_add(struct json_object *o, const char *key, struct json_object *v);
struct json_object *fj_addr(unsigned int af, const union nflb_addr *addr);
struct json_object *fj_stats(const struct nflb_stats *s);
struct json_object *fj_src_ranges(const struct nflb_service *svc);

/*
 * vocab.c: services, real servers and SNI rules in the state file's
 * vocabulary.  FJ_ALL: every setting, its default too (listings and
 * changes; export leaves defaults out); FJ_LIVE: and the kernel's figures
 * (counters, connection counts, health), which apply ignores; FJ_ID: a
 * real server's identity only (deletions).
 */
#define FJ_ALL		(1U << 0)
#define FJ_LIVE		(1U << 1)
#define FJ_ID		(1U << 2)
struct json_object *fj_service_id(const struct nflb_service *svc);
void fj_settings(struct json_object *o, const struct nflb_service *svc,
		 bool rule, unsigned int flags);
struct json_object *fj_real_server(const struct nflb_service *svc,
				   const struct nflb_dest *d, unsigned int flags);
struct json_object *fj_service(const struct nflb_service *svc,
			       const struct nflb_dest *dests, size_t ndests,
			       const struct nflb_apply_rule *rules,
			       size_t nrules, unsigned int flags);

#endif /* NFLBADM_FORMAT_H */
