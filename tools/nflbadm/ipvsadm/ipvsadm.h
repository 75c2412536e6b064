/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipvsadm.h: ipvsadm's command-line syntax and output formats for nflbadm.
 *
 * The parser turns an ipvsadm command line (or one line of an ipvsadm save
 * file) into libnflb structs; the printers write ipvsadm's save (-S) and
 * listing (-L -n) formats from them.  Neither talks to the kernel, resolves
 * names or keeps state: both are re-entrant, and are unit-tested on the
 * host (tools/nflbadm/ipvsadm/test_ipvsadm.c).
 *
 * Parsing, compared with ipvsadm 1.31:
 *  - Short options cluster ("-Ln", "-At 10.0.0.1:80"), take attached
 *    arguments ("-w5"), and long options take "--weight 5" or
 *    "--weight=5".  -p's timeout is optional: "-p", "-p 600", "-p600".
 *  - The command may be anywhere on the line; exactly one is allowed.  With
 *    no arguments at all (argc <= 1) the command is -L, as in ipvsadm.
 *  - Options that do not belong to the command are errors, as in ipvsadm
 *    (e.g. -w with -A).  Options nflb lacks (--sctp-service, --pe,
 *    --tun-port, --tun-[no|rem]csum, --tun-type gue|gre, the sync daemon's)
 *    are refused with a reason.
 *  - Addresses are numeric only: "a.b.c.d:port", "[v6addr]:port" (a bare
 *    v6addr without port is accepted where the port may be omitted).  Host
 *    names and service names are never resolved; they are refused.
 *  - A service port must be 1-65535: nflb has no port-0 (wildcard) services.
 *    A real server's port may be omitted: it is then the service's port
 *    (0 for fwmark services, meaning "the packet's port").  As in ipvsadm,
 *    for -a/-e with direct routing or tunnelling on a -t/-u service the
 *    real server's port is forced to the service's: those methods cannot
 *    change the port.
 *  - -p without a timeout means 360 s (ipvsadm's IPVS_SVC_PERSISTENT_TIMEOUT;
 *    its man page says 300, its code 360).  -M takes a dotted IPv4 mask
 *    (contiguous) or, for either family, a prefix length; it is stored as a
 *    prefix length, default 32 (IPv4) or 128 (IPv6).
 *  - -b takes sh-fallback, sh-port, mh-fallback, mh-port (-> the
 *    NFLB_SVC_F_SCHED_* flags); flag-1..3 are refused.  A flag must match
 *    the scheduler (-s, or wlc for -A without -s).
 *  - -s is stored as given (kernel validates the name); "" means the kernel
 *    default (wlc).
 *  - Thresholds (-x, -y) are 0-2147483647, weight 0-65535 (as ipvsadm); a
 *    lower threshold above a non-zero upper one is refused when both are
 *    given.  --tun-type (ipip) needs -i.  -6 needs -f, before or after it.
 *  - --set takes 3 timeouts 0-2678400; 0 keeps the current value, so only
 *    the non-zero ones are marked in cfg.set.
 *
 * Edits (-E, -e) change only what is given; svc.set / dest.set say what
 * (ipvsadm instead resets everything not given to its default).  The
 * service flags are one setting: when any of -p, -o, -b is given the flags
 * become exactly those given.  "-E ... -p 0" makes a service non-persistent
 * (an nflb extension; ipvsadm has no way but -E without -p).  For -A and -a,
 * .set also lists what was given, and the other fields hold the defaults:
 * sched "", netmask /32 or /128, forwarding DR, weight 1, tunnel ipip.
 * SNI services and rules masquerade only, so there -a defaults to NAT:
 * with --sni (a rule's real server) dest.fwd is NAT; without, the parser
 * cannot know the service's mode and sets req.fwd_default instead.
 *
 * Errors: -1 and one line in @err (no newline) that names the bad token,
 * e.g. "invalid port '70000' in '10.0.0.1:70000' (1-65535)".  On error the
 * contents of *req are unspecified.
 */
#ifndef NFLBADM_IPVSADM_H
#define NFLBADM_IPVSADM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "libnflb.h"

enum nflbadm_op {
	NFLBADM_OP_NONE,	/* a blank or comment line (parse_line only) */
	NFLBADM_OP_ADD_SVC,	/* -A, --add-service */
	NFLBADM_OP_EDIT_SVC,	/* -E, --edit-service */
	NFLBADM_OP_DEL_SVC,	/* -D, --delete-service */
	NFLBADM_OP_CLEAR,	/* -C, --clear */
	NFLBADM_OP_RESTORE,	/* -R, --restore */
	NFLBADM_OP_SAVE,	/* -S, --save */
	NFLBADM_OP_ADD_DEST,	/* -a, --add-server */
	NFLBADM_OP_EDIT_DEST,	/* -e, --edit-server */
	NFLBADM_OP_DEL_DEST,	/* -d, --delete-server */
	NFLBADM_OP_LIST,	/* -L, -l, --list */
	NFLBADM_OP_ZERO,	/* -Z, --zero */
	NFLBADM_OP_SET,		/* --set tcp tcpfin udp */
	NFLBADM_OP_VERSION,	/* -v, --version */
	NFLBADM_OP_HELP,	/* -h, --help */
};

/* Listing options (req.list), also the printers' @list argument. */
#define NFLBADM_LIST_NUMERIC	(1U << 0)	/* -n: always numeric anyway */
#define NFLBADM_LIST_CONNS	(1U << 1)	/* -c, --connection */
#define NFLBADM_LIST_STATS	(1U << 2)	/* --stats */
#define NFLBADM_LIST_RATE	(1U << 3)	/* --rate */
#define NFLBADM_LIST_EXACT	(1U << 4)	/* -X, --exact */
#define NFLBADM_LIST_THRESHOLDS	(1U << 5)	/* --thresholds */
#define NFLBADM_LIST_PERSISTENT	(1U << 6)	/* --persistent-conn */
#define NFLBADM_LIST_TIMEOUT	(1U << 7)	/* --timeout */
#define NFLBADM_LIST_SORT	(1U << 8)	/* --sort: ipvsadm's default */
#define NFLBADM_LIST_JSON	(1U << 9)	/* -j, --json */
#define NFLBADM_LIST_NOSORT	(1U << 10)	/* --nosort: kernel order */
#define NFLBADM_LIST_TUNINFO	(1U << 11)	/* --tun-info */

struct nflbadm_req {
	enum nflbadm_op op;
	/*
	 * -t/-u/-f, -6, -s, -p, -M, -b, -o, --sni-mode, --sni-default,
	 * --source-ranges (one option, a comma-separated list that replaces
	 * the service's, or "any" for none: svc.set has
	 * NFLB_SVC_SET_SRC_RANGES)
	 */
	bool have_svc;
	struct nflb_service svc;
	/*
	 * --sni NAME: -A/-E/-D act on that SNI rule of the service (the
	 * settings -s -p -M -b go to the rule, rule.set says which were
	 * given), -a/-e/-d on its real servers.
	 */
	bool have_rule;
	struct nflb_sni_rule rule;
	/* -r, -g/-i/-m, -w, -x, -y, --tun-type */
	bool have_dest;
	struct nflb_dest dest;
	/*
	 * -a without -g/-i/-m: dest.fwd is the default, DR (NAT for an SNI
	 * rule's real server).  A service in SNI mode refuses DR, so before
	 * adding, nflbadm asks the kernel whether the service is in SNI mode
	 * and then masquerades to dest_port (the port as given, or the
	 * service's), which DR had replaced by the service's port.
	 */
	bool fwd_default;
	uint16_t dest_port;
	/* --set tcp tcpfin udp; cfg.have marks the non-zero ones */
	struct nflb_config cfg;
	/* NFLBADM_LIST_* */
	unsigned int list;
};

/*
 * Parse an ipvsadm command line; argv[0] is the program name and is not
 * looked at.  Returns 0 and fills *req, or -1 with the reason in @err.
 */
int nflbadm_parse(int argc, char **argv, struct nflbadm_req *req,
		  char *err, size_t errlen);

/*
 * Parse one line of an ipvsadm save file (what -R reads): words separated
 * by blanks, an optional leading "ipvsadm" (or "nflbadm") word; a '#' and
 * what follows it on the line are ignored.  A blank or comment-only line gives op NFLBADM_OP_NONE.  -R
 * itself is refused.  Same error contract as nflbadm_parse().
 */
int nflbadm_parse_line(const char *line, struct nflbadm_req *req,
		       char *err, size_t errlen);

/*
 * ipvsadm -S -n lines, each ending in '\n':
 *   -A -t 10.0.0.1:80 -s wlc -p 360 -M 255.255.255.0
 *   -a -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 1
 * An empty scheduler is printed as "wlc".  Unlike ipvsadm, non-zero
 * thresholds are saved too (" -x U -y L" after -w) so that a restore gives
 * back the same real server; lines without thresholds are ipvsadm's.
 */
void nflbadm_print_save_service(FILE *f, const struct nflb_service *svc);
void nflbadm_print_save_dest(FILE *f, const struct nflb_service *svc,
			     const struct nflb_dest *dest);
/*
 * SNI mode and rules (nflb's own; Documentation/sni.rst):
 *   -A -t 192.0.2.1:443 -s rr --sni-mode [--sni-default reset]
 *   -A -t 192.0.2.1:80 -s wlc --source-ranges 192.0.2.0/24,198.51.100.7/32
 *   -A -t 192.0.2.1:443 --sni www.example.com -s wrr
 *   -a -t 192.0.2.1:443 --sni www.example.com -r 198.51.100.1:443 -m -w 2
 * @rule NULL: the service's own real server.
 */
void nflbadm_print_save_rule(FILE *f, const struct nflb_service *svc,
			     const struct nflb_sni_rule *rule);
void nflbadm_print_save_rule_dest(FILE *f, const struct nflb_service *svc,
				  const char *rule,
				  const struct nflb_dest *dest);

/*
 * ipvsadm -L -n: the header is "IP Virtual Server version <version>
 * (size=<table_size>)" and the column titles for @list; with @version NULL
 * only the titles (what ipvsadm prints for -L -t <service>).  Then one
 * service line and its real servers' lines.  @list selects the columns as
 * ipvsadm does, first match wins: STATS, RATE, THRESHOLDS, PERSISTENT,
 * TUNINFO, else the default; EXACT expands the counters.
 */
void nflbadm_print_list_header(FILE *f, unsigned int list, const char *version,
			       unsigned int table_size);
void nflbadm_print_list_service(FILE *f, unsigned int list,
				const struct nflb_service *svc);
void nflbadm_print_list_dest(FILE *f, unsigned int list,
			     const struct nflb_service *svc,
			     const struct nflb_dest *dest);
/*
 * An SNI service's line ends in " sni default servers" (or reset); its
 * rules follow its real servers, each as "  SNI  www.example.com wrr"
 * (the service line's settings after the name; with --stats or --rate
 * its counters) followed by its real servers' lines.
 */
void nflbadm_print_list_rule(FILE *f, unsigned int list,
			     const struct nflb_service *svc,
			     const struct nflb_sni_rule *rule);

/* "Timeout (tcp tcpfin udp): 900 120 300" and a newline (-L --timeout). */
void nflbadm_print_timeout(FILE *f, const struct nflb_config *cfg);

/*
 * -L -j: one service as a JSON object with its real servers in "dests",
 * no trailing newline; the caller writes the enclosing "[", "," and "]".
 */
void nflbadm_print_json_service(FILE *f, const struct nflb_service *svc,
				const struct nflb_dest *dests, size_t ndests);

/*
 * The same with, for a service in SNI mode, "sni": {"default": "servers",
 * "rules": [{"name": ..., "scheduler": ..., "flags": [...], "timeout",
 * "netmask", "stats", "dests": [...]}, ...]}.
 */
void nflbadm_print_json_service_sni(FILE *f, const struct nflb_service *svc,
				    const struct nflb_dest *dests,
				    size_t ndests,
				    const struct nflb_apply_rule *rules,
				    size_t nrules);

/*
 * ipvsadm -L -c -n: the header ("IPVS connection entries" and the column
 * titles) and one line per connection:
 *   TCP 14:59  ESTABLISHED 192.0.2.100:40000  192.0.2.1:80       198.51.100.1:80
 * expiry as mm:ss (whole seconds, rounded down), state names as IPVS's.
 * JSON: one object per connection, no trailing newline.
 */
void nflbadm_print_conn_header(FILE *f);
void nflbadm_print_conn(FILE *f, const struct nflb_conn *c);
void nflbadm_print_json_conn(FILE *f, const struct nflb_conn *c);

/* The -h text: the syntax this parser accepts. */
void nflbadm_print_usage(FILE *f, const char *prog);

#endif /* NFLBADM_IPVSADM_H */
