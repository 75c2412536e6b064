// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vocab.c: the JSON of services, real servers and SNI rules, in the state
 * file's vocabulary (Documentation/nflbadm-apply.rst), for every JSON
 * nflbadm prints: export, -L -j, apply -j and monitor -j.  What one of
 * them prints of an object, apply takes back: the keys are the file's,
 * and the kernel's figures that -L -j adds (FJ_LIVE) are keys apply
 * ignores.
 */
#include <string.h>
#include <sys/socket.h>

#include "format.h"

/* "family" only where the address does not tell it: fwmark services. */
struct json_object *fj_service_id(const struct nflb_service *svc)
{
	struct json_object *o = json_object_new_object();

	if (svc->fwmark) {
		fj_add(o, "fwmark", fj_uint(svc->fwmark));
		if (svc->af == AF_INET6)
			fj_add(o, "family", fj_str("inet6"));
		return o;
	}
	fj_add(o, "protocol",
	       fj_str(svc->protocol == IPPROTO_UDP ? "udp" : "tcp"));
	fj_add(o, "address", fj_addr(svc->af, &svc->addr));
	fj_add(o, "port", fj_uint(svc->port));
	return o;
}

/*
 * "scheduler", "sched_flags", "persistent" (its timeout, or false),
 * "netmask" (persistent only), and for a service (@rule false)
 * "one_packet" and "source_ranges".  Without FJ_ALL, settings at their
 * defaults are left out.
 */
void fj_settings(struct json_object *o, const struct nflb_service *svc,
		 bool rule, unsigned int flags)
{
	struct json_object *a = json_object_new_array();
	bool all = flags & FJ_ALL;
	char sf[32];
	const char *p;

	fj_add(o, "scheduler", fj_str(fmt_sched_name(svc)));
	for (p = fmt_sched_flags_str(sf, sizeof(sf), svc); *p;) {
		size_t n = strcspn(p, ",");

		json_object_array_add(a, json_object_new_string_len(p, (int)n));
		p += n + (p[n] == ',');
	}
	if (all || json_object_array_length(a))
		fj_add(o, "sched_flags", a);
	else
		json_object_put(a);
	if (svc->flags & NFLB_SVC_F_PERSISTENT) {
		fj_add(o, "persistent", fj_uint(svc->timeout));
		fj_add(o, "netmask", fj_uint(svc->netmask));
	} else if (all) {
		fj_add(o, "persistent", json_object_new_boolean(0));
	}
	if (rule)
		return;
	if (all || (svc->flags & NFLB_SVC_F_ONEPACKET))
		fj_add(o, "one_packet", json_object_new_boolean(
			       !!(svc->flags & NFLB_SVC_F_ONEPACKET)));
	if (all || svc->nsrc_ranges)
		fj_add(o, "source_ranges", fj_src_ranges(svc));
}

struct json_object *fj_real_server(const struct nflb_service *svc,
				   const struct nflb_dest *d, unsigned int flags)
{
	struct json_object *o = json_object_new_object();
	bool all = flags & FJ_ALL;

	fj_add(o, "address", fj_addr(svc->af, &d->addr));
	fj_add(o, "port", fj_uint(d->port));
	if (flags & FJ_ID)
		return o;
	fj_add(o, "forward", fj_str(fmt_fwd_word(d->fwd)));
	if (d->fwd == NFLB_FWD_TUN)
		fj_add(o, "tun_type", fj_str(fmt_tun_name(d->tun_type)));
	fj_add(o, "weight", fj_uint(d->weight));
	if (all || d->u_thresh)
		fj_add(o, "u_threshold", fj_uint(d->u_thresh));
	if (all || d->l_thresh)
		fj_add(o, "l_threshold", fj_uint(d->l_thresh));
	if (!(flags & FJ_LIVE))
		return o;
	fj_add(o, "active_conns", fj_uint(d->active_conns));
	fj_add(o, "inactive_conns", fj_uint(d->inact_conns));
	fj_add(o, "persistent_conns", fj_uint(d->persist_conns));
	fj_add(o, "health",
	       fj_str(d->health == NFLB_HEALTH_DOWN ? "down" : "up"));
	fj_add(o, "health_by", fj_str(d->health_by));
	fj_add(o, "health_age", fj_uint(d->health_age));
	fj_add(o, "stats", fj_stats(&d->stats));
	return o;
}

static struct json_object *fj_real_servers(const struct nflb_service *svc,
					   const struct nflb_dest *d, size_t n,
					   unsigned int flags)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, fj_real_server(svc, &d[i], flags));
	return a;
}

struct json_object *fj_service(const struct nflb_service *svc,
			       const struct nflb_dest *dests, size_t ndests,
			       const struct nflb_apply_rule *rules,
			       size_t nrules, unsigned int flags)
{
	struct json_object *o = fj_service_id(svc), *sni, *a, *r;
	struct nflb_service view;
	size_t i;

	fj_settings(o, svc, false, flags);
	if (flags & FJ_LIVE)
		fj_add(o, "stats", fj_stats(&svc->stats));
	fj_add(o, "real_servers", fj_real_servers(svc, dests, ndests, flags));
	if (!(svc->flags & NFLB_SVC_F_SNI))
		return o;
	sni = json_object_new_object();
	fj_add(sni, "default", fj_str(fmt_sni_default_name(svc)));
	a = json_object_new_array();
	for (i = 0; i < nrules; i++) {
		fmt_rule_view(svc, &rules[i].rule, &view);
		r = json_object_new_object();
		fj_add(r, "name", fj_str(rules[i].rule.name));
		fj_settings(r, &view, true, flags);
		if (flags & FJ_LIVE)
			fj_add(r, "stats", fj_stats(&rules[i].rule.stats));
		fj_add(r, "real_servers", fj_real_servers(svc, rules[i].dests,
							  rules[i].ndests,
							  flags));
		json_object_array_add(a, r);
	}
	fj_add(sni, "rules", a);
	fj_add(o, "sni", sni);
	return o;
}
