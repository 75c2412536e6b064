// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * format_change.c: the changes `nflbadm apply` makes and the events
 * `nflbadm monitor` shows, one line each, as text or JSON.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "change.h"
#include "format.h"

/* "TCP 192.0.2.1:80", "FWM 7", "FWM 7 IPv6" */
static void svc_change_name(char *buf, size_t len,
			    const struct nflb_service *svc)
{
	char ap[ADDRPORT_LEN];

	if (svc->fwmark) {
		snprintf(buf, len, "FWM %" PRIu32 "%s", svc->fwmark,
			 svc->af == AF_INET6 ? " IPv6" : "");
		return;
	}
	fmt_addrport(ap, sizeof(ap), svc->af, &svc->addr, svc->port);
	/* "TCP " + the address: strcpy, not snprintf (see fmt_addrport()) */
	if (len < 5 + strlen(ap)) {
		snprintf(buf, len, "%s %s", fmt_proto_name(svc->protocol), ap);
		return;
	}
	strcpy(buf, fmt_proto_name(svc->protocol));
	strcat(buf, " ");
	strcat(buf, ap);
}

static void text_dest_settings(FILE *f, const struct nflb_dest *d)
{
	fputc(' ', f);
	fputs(fmt_fwd_word(d->fwd), f);
	fputs(" weight ", f);
	fmt_fput_uint(f, d->weight);
	if (d->u_thresh) {
		fputs(" uthreshold ", f);
		fmt_fput_uint(f, d->u_thresh);
	}
	if (d->l_thresh) {
		fputs(" lthreshold ", f);
		fmt_fput_uint(f, d->l_thresh);
	}
}

static void json_changed(struct json_object *o, bool dest, uint32_t set)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} svc_names[] = {
		{ NFLB_SVC_SET_SCHED, "scheduler" },
		{ NFLB_SVC_SET_FLAGS, "flags" },
		{ NFLB_SVC_SET_TIMEOUT, "persistent" },
		{ NFLB_SVC_SET_NETMASK, "netmask" },
		{ NFLB_SVC_SET_SRC_RANGES, "source_ranges" },
	}, dest_names[] = {
		{ NFLB_DEST_SET_FWD, "forward" },
		{ NFLB_DEST_SET_WEIGHT, "weight" },
		{ NFLB_DEST_SET_U_THRESH, "u_threshold" },
		{ NFLB_DEST_SET_L_THRESH, "l_threshold" },
		{ NFLB_DEST_SET_TUN_TYPE, "tun_type" },
	};
	struct json_object *a = json_object_new_array();
	size_t i, n = dest ? ARRAY_SIZE(dest_names) : ARRAY_SIZE(svc_names);

	for (i = 0; i < n; i++)
		if (set & (dest ? dest_names[i].bit : svc_names[i].bit))
			json_object_array_add(a, fj_str(dest ? dest_names[i].name :
							svc_names[i].name));
	fj_add(o, "changed", a);
}

void nflbadm_print_change(FILE *f, bool json, char op,
			  const struct nflb_service *svc,
			  const struct nflb_dest *dest, uint32_t set)
{
	nflbadm_print_rule_change(f, json, op, svc, NULL, dest, set);
}

void nflbadm_print_rule_change(FILE *f, bool json, char op,
			       const struct nflb_service *svc,
			       const struct nflb_sni_rule *rule,
			       const struct nflb_dest *dest, uint32_t set)
{
	char name[SVC_NAME_LEN], ap[ADDRPORT_LEN], opstr[2] = "";
	struct json_object *o, *so, *ro;
	bool settings = op != '-';
	struct nflb_service r;

	/* A rule's own change: its settings in a service's struct. */
	if (rule && !dest) {
		fmt_rule_view(svc, rule, &r);
		svc = &r;
	}
	if (!json) {
		svc_change_name(name, sizeof(name), svc);
		fputc(op, f);
		fputs(dest ? "dest " : rule ? "sni " : "service ", f);
		fputs(name, f);
		if (rule) {
			fputs(dest ? " sni " : " ", f);
			fputs(rule->name, f);
		}
		if (dest) {
			fmt_addrport(ap, sizeof(ap), svc->af, &dest->addr,
				 dest->port);
			fputc(' ', f);
			fputs(ap, f);
			if (settings)
				text_dest_settings(f, dest);
		} else if (settings) {
			fmt_svc_settings(f, svc);
		}
		fputc('\n', f);
		return;
	}
	o = json_object_new_object();
	opstr[0] = op;
	fj_add(o, "op", fj_str(opstr));
	fj_add(o, "type", fj_str(dest ? "dest" : rule ? "sni" : "service"));
	so = fj_service_id(svc);
	if (!dest && !rule && settings)
		fj_settings(so, svc, false, FJ_ALL);
	fj_add(o, "service", so);
	if (rule) {
		ro = json_object_new_object();
		fj_add(ro, "name", fj_str(rule->name));
		if (!dest && settings)
			fj_settings(ro, svc, true, FJ_ALL);
		fj_add(o, "sni", ro);
	}
	if (dest)
		fj_add(o, "dest", fj_real_server(svc, dest,
						 settings ? FJ_ALL : FJ_ID));
	if (op == '~' && set)
		json_changed(o, dest != NULL, set);
	out_print(f, o);
}

void nflbadm_print_config_change(FILE *f, bool json,
				 const struct nflb_config *cfg, uint32_t set)
{
	struct json_object *o, *c, *a;
	unsigned int i;

	if (!json) {
		fputs("~config", f);
		for (i = 0; i < NFLB_CONFIG_SLOTS; i++)
			if ((set & NFLB_CONFIG_BIT(i)) && nflb_config_name(i))
				fprintf(f, " %s %" PRIu32, nflb_config_name(i),
					cfg->val[i]);
		fputc('\n', f);
		return;
	}
	o = json_object_new_object();
	c = json_object_new_object();
	a = json_object_new_array();
	fj_add(o, "op", fj_str("~"));
	fj_add(o, "type", fj_str("config"));
	for (i = 0; i < NFLB_CONFIG_SLOTS; i++) {
		if (!(set & NFLB_CONFIG_BIT(i)) || !nflb_config_name(i))
			continue;
		fj_add(c, nflb_config_name(i), fj_uint(cfg->val[i]));
		json_object_array_add(a, fj_str(nflb_config_name(i)));
	}
	fj_add(o, "config", c);
	fj_add(o, "changed", a);
	out_print(f, o);
}

void nflbadm_print_apply_change(FILE *f, bool json,
				const struct nflb_change *ch)
{
	if (ch->config)
		nflbadm_print_config_change(f, json, ch->config, ch->set);
	else
		nflbadm_print_rule_change(f, json, ch->op, ch->svc, ch->rule,
					  ch->dest, ch->set);
}

int nflbadm_print_event(FILE *f, bool json, const struct nflb_event *ev)
{
	char op;

	switch (ev->cmd) {
	case NFLB_CMD_NEW_SERVICE:
	case NFLB_CMD_NEW_DEST:
	case NFLB_CMD_NEW_SNI_RULE:
		op = '+';
		break;
	case NFLB_CMD_SET_SERVICE:
	case NFLB_CMD_SET_DEST:
	case NFLB_CMD_SET_SNI_RULE:
		op = '~';
		break;
	case NFLB_CMD_DEL_SERVICE:
	case NFLB_CMD_DEL_DEST:
	case NFLB_CMD_DEL_SNI_RULE:
		op = '-';
		break;
	case NFLB_CMD_FLUSH:
		fputs(json ? "{\"op\":\"-\",\"type\":\"all\"}\n" : "-all\n", f);
		return 0;
	case NFLB_CMD_SET_CONFIG:
		fputs(json ? "{\"op\":\"~\",\"type\":\"config\"}\n" :
		      "~config\n", f);
		return 0;
	case NFLB_EVENT_MODULE_GONE:
		fputs(json ? "{\"op\":\"-\",\"type\":\"module\"}\n" :
		      "-module\n", f);
		return 0;
	case NFLB_EVENT_MODULE_BACK:
		fputs(json ? "{\"op\":\"+\",\"type\":\"module\"}\n" :
		      "+module\n", f);
		return 0;
	default:
		return -1;
	}
	nflbadm_print_rule_change(f, json, op, &ev->svc,
				  ev->rule.name[0] ? &ev->rule : NULL,
				  ev->cmd == NFLB_CMD_NEW_DEST ||
				  ev->cmd == NFLB_CMD_SET_DEST ||
				  ev->cmd == NFLB_CMD_DEL_DEST ? &ev->dest : NULL,
				  0);
	if (json)
		fputc('\n', f);
	return 0;
}

/* --- connections (-L -c) ------------------------------------------------- */
