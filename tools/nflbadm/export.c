// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm export: the namespace's whole state -- settings, services, real
 * servers, SNI rules -- as the state file `nflbadm apply` reads
 * (Documentation/nflbadm-apply.rst), indented, built with json-c from
 * libnflb's nflb_state_read().  `nflbadm export | nflbadm apply --dry-run
 * -f -` prints nothing.  Counters and health are not state: left out.
 */
#include <stdio.h>
#include <json-c/json.h>

#include "format.h"
#include "nflbadm.h"

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
		json_object_array_add(svcs, fj_service(&st.svcs[i].svc,
						       st.svcs[i].dests,
						       st.svcs[i].ndests,
						       st.svcs[i].rules,
						       st.svcs[i].nrules, 0));
	fj_add(root, "services", svcs);
	nflb_state_free(&st);
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return 0;
}
