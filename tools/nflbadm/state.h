/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * state.h: the desired state that `nflbadm apply` reads, a JSON document
 * (Documentation/nflbadm-apply.rst has the schema), parsed with json-c and
 * validated whole into libnflb's nflb_apply() input.  No kernel, no libnl:
 * unit-tested on the host (test_state.c) and fuzzed (fuzz_state.c).
 */
#ifndef NFLBADM_STATE_H
#define NFLBADM_STATE_H

#include <stddef.h>

#include "libnflb.h"

/*
 * The file's services, each with its real servers and (with an "sni"
 * block: NFLB_SVC_F_SNI, "default" in sni_default) its SNI rules, names
 * normalized, in the file's order; and the settings of its "config"
 * (config.have: those it gives).
 */
struct nflbadm_state {
	struct nflb_apply_service *svcs;
	size_t nsvcs;
	struct nflb_config config;
};

/*
 * Parse and validate the @len bytes at @text.  Returns 0 and fills *@st
 * (free it with nflbadm_state_free()), or -1 with one line in @err naming
 * where and what, e.g.
 *   services[3].real_servers[0].weight: must be 0..65535
 *   line 4, column 7: JSON syntax error: unexpected character
 * On error *@st is empty.  Defaults are filled in: scheduler "wlc",
 * persistence timeout 360 s, netmask /32 or /128, a real server's port the
 * service's, forwarding "route" (direct routing; "masq" in SNI services,
 * which take nothing else), weight 1.
 */
int nflbadm_state_parse(const char *text, size_t len, struct nflbadm_state *st,
			char *err, size_t errlen);
void nflbadm_state_free(struct nflbadm_state *st);

#endif /* NFLBADM_STATE_H */
