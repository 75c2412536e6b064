// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipvsadm/print.c: ipvsadm's output formats, printed from libnflb structs.
 *
 * The save (-S) and listing (-L -n) formats are ipvsadm 1.31's, column for
 * column (trailing blanks included), so scripts that read ipvsadm's output
 * read ours.  Addresses and ports are always numeric.  Also the listings'
 * JSON (-L -j) and the connection table (-L -c).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "../format.h"
#include "ipvsadm.h"

/* The service as a save file names it: "-t 10.0.0.1:80", "-f 7 -6". */
static void svc_rule_name(char *buf, size_t len, const struct nflb_service *svc)
{
	char ap[ADDRPORT_LEN];

	if (svc->fwmark) {
		snprintf(buf, len, "-f %" PRIu32 "%s", svc->fwmark,
			 svc->af == AF_INET6 ? " -6" : "");
		return;
	}
	fmt_addrport(ap, sizeof(ap), svc->af, &svc->addr, svc->port);
	snprintf(buf, len, "%s %s", svc->protocol == IPPROTO_UDP ? "-u" : "-t",
		 ap);
}

/* The service as a listing names it: "TCP  10.0.0.1:80", "FWM  7 IPv6". */
static void svc_list_name(char *buf, size_t len, const struct nflb_service *svc)
{
	char ap[ADDRPORT_LEN];

	if (svc->fwmark) {
		snprintf(buf, len, "FWM  %" PRIu32 "%s", svc->fwmark,
			 svc->af == AF_INET6 ? " IPv6" : "");
		return;
	}
	fmt_addrport(ap, sizeof(ap), svc->af, &svc->addr, svc->port);
	snprintf(buf, len, "%-4s %s", fmt_proto_name(svc->protocol), ap);
	if (svc->af != AF_INET6 && len > 33)
		buf[33] = '\0';
}

/* -A, of a service or with @rule of one of its SNI rules. */
static void save_service(FILE *f, const struct nflb_service *svc,
			 const char *rule)
{
	char name[SVC_NAME_LEN], mask[INET_ADDRSTRLEN], flags[32];

	svc_rule_name(name, sizeof(name), svc);
	fprintf(f, "-A %s%s%s -s %s", name, rule ? " --sni " : "",
		rule ? rule : "", fmt_sched_name(svc));
	if (svc->flags & NFLB_SVC_F_PERSISTENT) {
		fprintf(f, " -p %" PRIu32, svc->timeout);
		if (fmt_mask_str(mask, sizeof(mask), svc))
			fprintf(f, " -M %s", mask);
	}
	if (svc->flags & NFLB_SVC_F_ONEPACKET)
		fputs(" -o", f);
	if (*fmt_sched_flags_str(flags, sizeof(flags), svc))
		fprintf(f, " -b %s", flags);
	if (!rule && (svc->flags & NFLB_SVC_F_SNI)) {
		fputs(" --sni-mode", f);
		if (svc->sni_default != NFLB_SNI_DEFAULT_SERVERS)
			fprintf(f, " --sni-default %s", fmt_sni_default_name(svc));
	}
	if (!rule && svc->nsrc_ranges) {
		fputs(" --source-ranges ", f);
		fmt_src_ranges(f, svc);
	}
	fputc('\n', f);
}

void nflbadm_print_save_service(FILE *f, const struct nflb_service *svc)
{
	save_service(f, svc, NULL);
}

void nflbadm_print_save_rule(FILE *f, const struct nflb_service *svc,
			     const struct nflb_sni_rule *rule)
{
	struct nflb_service r;

	fmt_rule_view(svc, rule, &r);
	save_service(f, &r, rule->name);
}

static const char *fwd_switch(unsigned int fwd)
{
	switch (fwd) {
	case NFLB_FWD_NAT:
		return "-m";
	case NFLB_FWD_TUN:
		return "-i";
	default:
		return "-g";
	}
}

static const char *fwd_name(unsigned int fwd)
{
	switch (fwd) {
	case NFLB_FWD_NAT:
		return "Masq";
	case NFLB_FWD_TUN:
		return "Tunnel";
	case NFLB_FWD_DR:
		return "Route";
	default:
		return "?";
	}
}

void nflbadm_print_save_rule_dest(FILE *f, const struct nflb_service *svc,
				  const char *rule,
				  const struct nflb_dest *dest)
{
	char name[SVC_NAME_LEN], ap[ADDRPORT_LEN];

	svc_rule_name(name, sizeof(name), svc);
	fmt_addrport(ap, sizeof(ap), svc->af, &dest->addr, dest->port);
	fprintf(f, "-a %s%s%s -r %s %s -w %" PRIu32, name,
		rule ? " --sni " : "", rule ? rule : "", ap,
		fwd_switch(dest->fwd), dest->weight);
	if (dest->u_thresh)
		fprintf(f, " -x %" PRIu32, dest->u_thresh);
	if (dest->l_thresh)
		fprintf(f, " -y %" PRIu32, dest->l_thresh);
	if (dest->fwd == NFLB_FWD_TUN)
		fprintf(f, " --tun-type %s", fmt_tun_name(dest->tun_type));
	fputc('\n', f);
}

void nflbadm_print_save_dest(FILE *f, const struct nflb_service *svc,
			     const struct nflb_dest *dest)
{
	nflbadm_print_save_rule_dest(f, svc, NULL, dest);
}

/* ipvsadm's counters: 9 columns, K/M/G/T above 100 million unless exact. */
static void largenum(FILE *f, unsigned int list, uint64_t v)
{
	unsigned long long i = v;

	if (list & NFLBADM_LIST_EXACT) {
		char tmp[32];
		int len = snprintf(tmp, sizeof(tmp), "%llu", i);

		fprintf(f, "%*llu", len <= 8 ? 9 : len + 1, i);
	} else if (i < 100000000ULL) {
		fprintf(f, "%9llu", i);
	} else if (i < 1000000000ULL) {
		fprintf(f, "%8lluK", i / 1000);
	} else if (i < 100000000000ULL) {
		fprintf(f, "%8lluM", i / 1000000);
	} else if (i < 100000000000000ULL) {
		fprintf(f, "%8lluG", i / 1000000000ULL);
	} else {
		fprintf(f, "%8lluT", i / 1000000000000ULL);
	}
}

void nflbadm_print_list_header(FILE *f, unsigned int list, const char *version,
			       unsigned int table_size)
{
	static const char prot[] = "Prot LocalAddress:Port";
	static const char remote[] = "  -> RemoteAddress:Port\n";

	if (version)
		fprintf(f, "IP Virtual Server version %s (size=%u)\n", version,
			table_size);
	if (list & NFLBADM_LIST_STATS)
		fprintf(f, "%-33s %8s %8s %8s %8s %8s\n%s", prot, "Conns",
			"InPkts", "OutPkts", "InBytes", "OutBytes", remote);
	else if (list & NFLBADM_LIST_RATE)
		fprintf(f, "%-33s %8s %8s %8s %8s %8s\n%s", prot, "CPS",
			"InPPS", "OutPPS", "InBPS", "OutBPS", remote);
	else if (list & NFLBADM_LIST_THRESHOLDS)
		fprintf(f, "%-33s %-10s %-10s %-10s %-10s\n%s", prot,
			"Uthreshold", "Lthreshold", "ActiveConn", "InActConn",
			remote);
	else if (list & NFLBADM_LIST_PERSISTENT)
		fprintf(f, "%-33s %-9s %-11s %-10s %-10s\n%s", prot, "Weight",
			"PersistConn", "ActiveConn", "InActConn", remote);
	else if (list & NFLBADM_LIST_TUNINFO)
		fputs("Prot LocalAddress:Port Scheduler Flags\n"
		      "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n",
		      f);
	else
		fputs("Prot LocalAddress:Port Scheduler Flags\n"
		      "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n",
		      f);
}

static void stats5(FILE *f, unsigned int list, const struct nflb_stats *s)
{
	if (list & NFLBADM_LIST_STATS) {
		largenum(f, list, s->conns);
		largenum(f, list, s->pkts_in);
		largenum(f, list, s->pkts_out);
		largenum(f, list, s->bytes_in);
		largenum(f, list, s->bytes_out);
	} else {
		largenum(f, list, s->cps);
		largenum(f, list, s->pps_in);
		largenum(f, list, s->pps_out);
		largenum(f, list, s->bps_in);
		largenum(f, list, s->bps_out);
	}
}

/* A service's or SNI rule's line, @name its first column. */
static void list_line(FILE *f, unsigned int list, const char *name,
		      const struct nflb_service *svc, bool rule)
{
	if (list & (NFLBADM_LIST_STATS | NFLBADM_LIST_RATE)) {
		fprintf(f, "%-33s", name);
		stats5(f, list, &svc->stats);
		fputc('\n', f);
		return;
	}
	fputs(name, f);
	fmt_svc_settings(f, svc);
	if (!rule && (svc->flags & NFLB_SVC_F_SNI))
		fprintf(f, " sni default %s", fmt_sni_default_name(svc));
	fputc('\n', f);
}

void nflbadm_print_list_service(FILE *f, unsigned int list,
				const struct nflb_service *svc)
{
	char name[SVC_NAME_LEN];

	svc_list_name(name, sizeof(name), svc);
	list_line(f, list, name, svc, false);
}

void nflbadm_print_list_rule(FILE *f, unsigned int list,
			     const struct nflb_service *svc,
			     const struct nflb_sni_rule *rule)
{
	char name[NFLB_SNI_RULE_NAME_SIZE + 8];
	struct nflb_service r;

	fmt_rule_view(svc, rule, &r);
	snprintf(name, sizeof(name), "  SNI  %s", rule->name);
	list_line(f, list, name, &r, true);
}

void nflbadm_print_list_dest(FILE *f, unsigned int list,
			     const struct nflb_service *svc,
			     const struct nflb_dest *dest)
{
	char name[ADDRPORT_LEN];
	const struct nflb_stats *s = &dest->stats;

	fmt_addrport(name, sizeof(name), svc->af, &dest->addr, dest->port);
	if (svc->af != AF_INET6)
		name[28] = '\0';
	fprintf(f, "  -> %-28s", name);
	if (list & NFLBADM_LIST_STATS) {
		stats5(f, list, s);
	} else if (list & NFLBADM_LIST_RATE) {
		fprintf(f, " %8" PRIu64 " %8" PRIu64 " %8" PRIu64, s->cps,
			s->pps_in, s->pps_out);
		largenum(f, list, s->bps_in);
		largenum(f, list, s->bps_out);
	} else if (list & NFLBADM_LIST_THRESHOLDS) {
		fprintf(f, " %-10" PRIu32 " %-10" PRIu32 " %-10" PRIu32
			" %-10" PRIu32, dest->u_thresh, dest->l_thresh,
			dest->active_conns, dest->inact_conns);
	} else if (list & NFLBADM_LIST_PERSISTENT) {
		fprintf(f, " %-9" PRIu32 " %-11" PRIu32 " %-10" PRIu32
			" %-10" PRIu32, dest->weight, dest->persist_conns,
			dest->active_conns, dest->inact_conns);
	} else if (list & NFLBADM_LIST_TUNINFO) {
		fprintf(f, " %-7s %-13s %-6" PRIu32 " %-10" PRIu32 " %-10"
			PRIu32, fwd_name(dest->fwd),
			dest->fwd == NFLB_FWD_TUN ? fmt_tun_name(dest->tun_type) :
			"n/a", dest->weight, dest->active_conns,
			dest->inact_conns);
	} else {
		fprintf(f, " %-7s %-6" PRIu32 " %-10" PRIu32 " %-10" PRIu32,
			fwd_name(dest->fwd), dest->weight,
			dest->active_conns, dest->inact_conns);
	}
	/* ipvsadm has no health: the line changes only for a down server. */
	if (dest->health == NFLB_HEALTH_DOWN)
		fprintf(f, " down%s%s", dest->health_by[0] ? " by " : "",
			dest->health_by);
	fputc('\n', f);
}

void nflbadm_print_timeout(FILE *f, const struct nflb_config *cfg)
{
	fprintf(f, "Timeout (tcp tcpfin udp): %" PRIu32 " %" PRIu32 " %"
		PRIu32 "\n", cfg->val[NFLB_CONFIG_A_TCP_TIMEOUT],
		cfg->val[NFLB_CONFIG_A_TCPFIN_TIMEOUT],
		cfg->val[NFLB_CONFIG_A_UDP_TIMEOUT]);
}

/* --- JSON ---------------------------------------------------------------- */

void nflbadm_print_json_service(FILE *f, const struct nflb_service *svc,
				const struct nflb_dest *dests, size_t ndests)
{
	nflbadm_print_json_service_sni(f, svc, dests, ndests, NULL, 0);
}

void nflbadm_print_json_service_sni(FILE *f, const struct nflb_service *svc,
				    const struct nflb_dest *dests,
				    size_t ndests,
				    const struct nflb_apply_rule *rules,
				    size_t nrules)
{
	out_print(f, fj_service(svc, dests, ndests, rules, nrules,
				FJ_ALL | FJ_LIVE));
}

/* --- changes and events (apply, monitor) ------------------------------- */

/* As /proc/net/ip_vs_conn names it: a fwmark template's protocol is IP. */
static const char *conn_proto(const struct nflb_conn *c)
{
	if (c->protocol == IPPROTO_TCP || c->protocol == IPPROTO_UDP)
		return fmt_proto_name(c->protocol);
	return "IP";
}

void nflbadm_print_conn_header(FILE *f)
{
	fprintf(f, "IPVS connection entries\n"
		"pro expire %-11s %-18s %-18s %s\n", "state", "source",
		"virtual", "destination");
}

void nflbadm_print_conn(FILE *f, const struct nflb_conn *c)
{
	char cn[ADDRPORT_LEN], vn[ADDRPORT_LEN], dn[ADDRPORT_LEN], exp[24];
	unsigned int secs = c->expires_ms / 1000;

	fmt_addrport(cn, sizeof(cn), c->af, &c->caddr, c->cport);
	fmt_addrport(vn, sizeof(vn), c->af, &c->vaddr, c->vport);
	fmt_addrport(dn, sizeof(dn), c->af, &c->daddr, c->dport);
	/* ipvsadm 1.31's print_conn() */
	snprintf(exp, sizeof(exp), "%02u:%02u", secs / 60, secs % 60);
	fprintf(f, "%-3s %-6s %-11s %-18s %-18s %s\n", conn_proto(c), exp,
		nflb_conn_state_name(c->state), cn, vn, dn);
}

void nflbadm_print_json_conn(FILE *f, const struct nflb_conn *c)
{
	struct json_object *o = json_object_new_object();

	fj_add(o, "family", fj_str(c->af == AF_INET6 ? "inet6" : "inet"));
	fj_add(o, "protocol", fj_str(c->protocol == IPPROTO_UDP ? "udp" :
				      c->protocol == IPPROTO_TCP ? "tcp" : "ip"));
	fj_add(o, "client", fj_addr(c->af, &c->caddr));
	fj_add(o, "client_port", fj_uint(c->cport));
	fj_add(o, "virtual", fj_addr(c->af, &c->vaddr));
	fj_add(o, "virtual_port", fj_uint(c->vport));
	fj_add(o, "destination", fj_addr(c->af, &c->daddr));
	fj_add(o, "destination_port", fj_uint(c->dport));
	fj_add(o, "forward", fj_str(fmt_fwd_word(c->fwd)));
	fj_add(o, "state", fj_str(nflb_conn_state_name(c->state)));
	fj_add(o, "expires_ms", fj_uint(c->expires_ms));
	fj_add(o, "template",
	       json_object_new_boolean(!!(c->flags & NFLB_CONN_F_TEMPLATE)));
	if (c->fwmark)
		fj_add(o, "fwmark", fj_uint(c->fwmark));
	out_print(f, o);
}
