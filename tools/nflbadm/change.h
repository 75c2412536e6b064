/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * change.h: the changes `nflbadm apply` makes and the events `nflbadm
 * monitor` shows, one line each, as text or JSON (format_change.c).
 */
#ifndef NFLBADM_CHANGE_H
#define NFLBADM_CHANGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "libnflb.h"

/*
 * One change of the configuration, as `nflbadm apply` reports it and
 * `nflbadm monitor` prints it: @op is '+', '-' or '~'; @dest NULL for a
 * service.  Text, one line:
 *   +service TCP 192.0.2.1:80 wlc persistent 360 mask 255.255.255.0
 *   ~dest TCP 192.0.2.1:80 198.51.100.1:8080 masq weight 3
 *   -dest TCP 192.0.2.1:80 198.51.100.1:8080      (deletions: identity)
 * or a JSON object without a newline: {"op":"+","type":"service",
 * "service":{...},"dest":{...},"changed":[...]} ("changed": the settings
 * that differ, from @set, for '~' with @set non-zero).
 */
void nflbadm_print_change(FILE *f, bool json, char op,
			  const struct nflb_service *svc,
			  const struct nflb_dest *dest, uint32_t set);
/*
 * The same for an SNI rule (@rule; @set NFLB_SVC_SET_* of its settings)
 * or a real server of one (@rule's name and @dest):
 *   +sni TCP 192.0.2.1:443 www.example.com wrr
 *   -sni TCP 192.0.2.1:443 www.example.com
 *   +dest TCP 192.0.2.1:443 sni www.example.com 198.51.100.1:443 masq weight 2
 * JSON: {"op":"+","type":"sni","service":{identity},"sni":{"name":...,
 * settings}} or "type":"dest" with "sni":{"name":...} and "dest".
 * @rule NULL: nflbadm_print_change().
 */
void nflbadm_print_rule_change(FILE *f, bool json, char op,
			       const struct nflb_service *svc,
			       const struct nflb_sni_rule *rule,
			       const struct nflb_dest *dest, uint32_t set);

/*
 * A change of the namespace's settings, those in @set (NFLB_CONFIG_BIT()s)
 * with their new values: "~config tcp_timeout 1000 udp_timeout 60", or
 * {"op":"~","type":"config","config":{"tcp_timeout":1000,...},
 * "changed":["tcp_timeout",...]} without a newline.
 */
void nflbadm_print_config_change(FILE *f, bool json,
				 const struct nflb_config *cfg, uint32_t set);
/* One of nflb_apply()'s changes, by the printers above. */
void nflbadm_print_apply_change(FILE *f, bool json,
				const struct nflb_change *ch);

/*
 * One event as a line: a change as above, "-all" for a flush, "~config"
 * for a configuration change, "-module" and "+module" when the module is
 * unloaded and loaded again (JSON: {"op":"-","type":"all"},
 * {"op":"~","type":"config"}, {"op":"-","type":"module"}), each followed
 * by a newline.  Returns -1
 * (nothing printed) for an event it does not know.
 */
int nflbadm_print_event(FILE *f, bool json, const struct nflb_event *ev);

#endif /* NFLBADM_CHANGE_H */
