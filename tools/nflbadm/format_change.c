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

static void json_svc_settings(FILE *f, const struct nflb_service *svc)
{
	char flags[32];
	const char *p, *sep = "";

	fputs(",\"scheduler\":", f);
	fmt_json_str(f, fmt_sched_name(svc));
	fputs(",\"sched_flags\":[", f);
	fmt_sched_flags_str(flags, sizeof(flags), svc);
	for (p = flags; *p;) {
		size_t n = strcspn(p, ",");

		fprintf(f, "%s\"%.*s\"", sep, (int)n, p);
		sep = ",";
		p += n + (p[n] == ',');
	}
	fprintf(f, "],\"persistent\":%s,\"timeout\":%" PRIu32
		",\"netmask\":%u,\"one_packet\":%s",
		svc->flags & NFLB_SVC_F_PERSISTENT ? "true" : "false",
		svc->timeout, svc->netmask,
		svc->flags & NFLB_SVC_F_ONEPACKET ? "true" : "false");
}

static void json_changed(FILE *f, bool dest, uint32_t set)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} svc_names[] = {
		{ NFLB_SVC_SET_SCHED, "scheduler" },
		{ NFLB_SVC_SET_FLAGS, "flags" },
		{ NFLB_SVC_SET_TIMEOUT, "timeout" },
		{ NFLB_SVC_SET_NETMASK, "netmask" },
	}, dest_names[] = {
		{ NFLB_DEST_SET_FWD, "forward" },
		{ NFLB_DEST_SET_WEIGHT, "weight" },
		{ NFLB_DEST_SET_U_THRESH, "u_threshold" },
		{ NFLB_DEST_SET_L_THRESH, "l_threshold" },
		{ NFLB_DEST_SET_TUN_TYPE, "tun_type" },
	};
	const char *sep = "";
	size_t i, n = dest ? ARRAY_SIZE(dest_names) : ARRAY_SIZE(svc_names);

	fputs(",\"changed\":[", f);
	for (i = 0; i < n; i++) {
		const char *name = dest ? dest_names[i].name : svc_names[i].name;
		uint32_t bit = dest ? dest_names[i].bit : svc_names[i].bit;

		if (!(set & bit))
			continue;
		fprintf(f, "%s\"%s\"", sep, name);
		sep = ",";
	}
	fputc(']', f);
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
	char name[SVC_NAME_LEN], ap[ADDRPORT_LEN];
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
	fprintf(f, "{\"op\":\"%c\",\"type\":\"%s\",\"service\":", op,
		dest ? "dest" : rule ? "sni" : "service");
	fmt_json_svc_id(f, svc);
	if (!dest && !rule && settings)
		json_svc_settings(f, svc);
	fputc('}', f);
	if (rule) {
		fputs(",\"sni\":{\"name\":", f);
		fmt_json_str(f, rule->name);
		if (!dest && settings)
			json_svc_settings(f, svc);
		fputc('}', f);
	}
	if (dest) {
		fputs(",\"dest\":{\"address\":", f);
		fmt_json_addr(f, svc->af, &dest->addr);
		fprintf(f, ",\"port\":%u", dest->port);
		if (settings) {
			fprintf(f, ",\"forward\":\"%s\"", fmt_fwd_word(dest->fwd));
			if (dest->fwd == NFLB_FWD_TUN)
				fprintf(f, ",\"tun_type\":\"%s\"",
					fmt_tun_name(dest->tun_type));
			fprintf(f, ",\"weight\":%" PRIu32 ",\"u_threshold\":%"
				PRIu32 ",\"l_threshold\":%" PRIu32,
				dest->weight, dest->u_thresh, dest->l_thresh);
		}
		fputc('}', f);
	}
	if (op == '~' && set)
		json_changed(f, dest != NULL, set);
	fputc('}', f);
}

void nflbadm_print_config_change(FILE *f, bool json,
				 const struct nflb_config *cfg, uint32_t set)
{
	const char *sep = "";
	unsigned int a;

	fputs(json ? "{\"op\":\"~\",\"type\":\"config\",\"config\":{" :
	      "~config", f);
	for (a = 0; a < NFLB_CONFIG_SLOTS; a++) {
		const char *name = nflb_config_name(a);

		if (!(set & NFLB_CONFIG_BIT(a)) || !name)
			continue;
		fprintf(f, json ? "%s\"%s\":%" PRIu32 : " %s%s %" PRIu32,
			sep, name, cfg->val[a]);
		if (json)
			sep = ",";
	}
	if (!json) {
		fputc('\n', f);
		return;
	}
	fputs("},\"changed\":[", f);
	sep = "";
	for (a = 0; a < NFLB_CONFIG_SLOTS; a++) {
		if (!(set & NFLB_CONFIG_BIT(a)) || !nflb_config_name(a))
			continue;
		fprintf(f, "%s\"%s\"", sep, nflb_config_name(a));
		sep = ",";
	}
	fputs("]}", f);
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
