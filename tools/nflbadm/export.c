// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm export: the namespace's whole state -- settings, services, real
 * servers, SNI rules -- as the state file `nflbadm apply` reads
 * (Documentation/nflbadm-apply.rst), indented, built with json-c from
 * libnflb's nflb_state_read().  `nflbadm export | nflbadm apply --dry-run
 * -f -` prints nothing.  Counters and health are not state: left out.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <json-c/json.h>

#include "format.h"
#include "nflbadm.h"

/* "scheduler", "sched_flags", "persistent", "netmask", "one_packet". */
static void export_settings(struct json_object *o,
			    const struct nflb_service *svc)
{
	struct json_object *a;
	char flags[32];
	const char *p;

	fj_add(o, "scheduler", fj_str(fmt_sched_name(svc)));
	if (*fmt_sched_flags_str(flags, sizeof(flags), svc)) {
		a = json_object_new_array();
		for (p = flags; *p;) {
			size_t n = strcspn(p, ",");

			json_object_array_add(a, json_object_new_string_len(p, (int)n));
			p += n + (p[n] == ',');
		}
		fj_add(o, "sched_flags", a);
	}
	if (svc->flags & NFLB_SVC_F_PERSISTENT) {
		fj_add(o, "persistent", fj_uint(svc->timeout));
		fj_add(o, "netmask", fj_uint(svc->netmask));
	}
	if (svc->flags & NFLB_SVC_F_ONEPACKET)
		fj_add(o, "one_packet", json_object_new_boolean(1));
}

static struct json_object *export_dests(const struct nflb_service *svc,
					const struct nflb_dest *d, size_t n)
{
	struct json_object *a = json_object_new_array(), *o;
	size_t i;

	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		fj_add(o, "address", fj_addr(svc->af, &d[i].addr));
		fj_add(o, "port", fj_uint(d[i].port));
		fj_add(o, "forward", fj_str(fmt_fwd_word(d[i].fwd)));
		if (d[i].fwd == NFLB_FWD_TUN)
			fj_add(o, "tun_type", fj_str(fmt_tun_name(d[i].tun_type)));
		fj_add(o, "weight", fj_uint(d[i].weight));
		if (d[i].u_thresh)
			fj_add(o, "u_threshold", fj_uint(d[i].u_thresh));
		if (d[i].l_thresh)
			fj_add(o, "l_threshold", fj_uint(d[i].l_thresh));
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *export_service(const struct nflb_apply_service *as)
{
	const struct nflb_service *svc = &as->svc;
	struct json_object *o = json_object_new_object(), *sni, *rules, *r;
	struct nflb_service view;
	size_t i;

	if (svc->fwmark) {
		fj_add(o, "fwmark", fj_uint(svc->fwmark));
		if (svc->af == AF_INET6)
			fj_add(o, "family", fj_str("inet6"));
	} else {
		fj_add(o, "protocol",
		       fj_str(svc->protocol == IPPROTO_UDP ? "udp" : "tcp"));
		fj_add(o, "address", fj_addr(svc->af, &svc->addr));
		fj_add(o, "port", fj_uint(svc->port));
	}
	export_settings(o, svc);
	if (svc->nsrc_ranges)
		fj_add(o, "source_ranges", fj_src_ranges(svc));
	fj_add(o, "real_servers", export_dests(svc, as->dests, as->ndests));
	if (!(svc->flags & NFLB_SVC_F_SNI))
		return o;
	sni = json_object_new_object();
	fj_add(sni, "default", fj_str(fmt_sni_default_name(svc)));
	rules = json_object_new_array();
	for (i = 0; i < as->nrules; i++) {
		fmt_rule_view(svc, &as->rules[i].rule, &view);
		r = json_object_new_object();
		fj_add(r, "name", fj_str(as->rules[i].rule.name));
		export_settings(r, &view);
		fj_add(r, "real_servers", export_dests(svc, as->rules[i].dests,
						       as->rules[i].ndests));
		json_object_array_add(rules, r);
	}
	fj_add(sni, "rules", rules);
	fj_add(o, "sni", sni);
	return o;
}

int nflbadm_cmd_export(const struct nflbadm_opts *o, int argc, char **argv)
{
	struct json_object *root, *cfg, *svcs;
	struct nflb_state st;
	struct nflb *h;
	unsigned int a;
	size_t i;
	int ret;

	(void)o;
	if (argc > 1)
		return nflbadm_err("export: unexpected argument '%s' (usage: nflbadm export)",
				   argv[1]) + 1;
	h = nflbadm_open();
	if (!h)
		return 1;
	ret = nflb_state_read(h, &st);
	if (ret) {
		nflbadm_err("export: %s", nflb_strerror(h, ret));
		nflb_close(h);
		return 1;
	}
	nflb_close(h);
	root = json_object_new_object();
	cfg = json_object_new_object();
	for (a = 0; a < NFLB_CONFIG_SLOTS; a++)
		if (st.config->have & NFLB_CONFIG_BIT(a))
			fj_add(cfg, nflb_config_name(a), fj_uint(st.config->val[a]));
	fj_add(root, "config", cfg);
	svcs = json_object_new_array();
	for (i = 0; i < st.nsvcs; i++)
		json_object_array_add(svcs, export_service(&st.svcs[i]));
	fj_add(root, "services", svcs);
	nflb_state_free(&st);
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return 0;
}
