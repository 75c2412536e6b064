// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipvsadm/parse.c: parse ipvsadm's command-line syntax into libnflb structs.
 *
 * Two passes.  The first, here, walks argv (hand-rolled, so it is
 * re-entrant for -R) and records, per setting ("slot"), the option as
 * typed and its argument.  The second (ipvsadm/convert.c) checks which
 * options the command allows and converts the arguments, when the whole
 * line is known: -M depends on the address family, -b on the scheduler,
 * -r on the service.  See ipvsadm.h for the syntax and the choices made.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <string.h>

#include "internal.h"

#define LINE_MAX_CHARS		4096
#define LINE_MAX_WORDS		128

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum arg_kind { ARG_NONE, ARG_REQUIRED, ARG_OPTIONAL };

struct opt {
	const char *sname;	/* "-A", or NULL */
	const char *lname;	/* "--add-service", or NULL */
	enum arg_kind arg;
	enum nflbadm_op op;	/* a command, or NFLBADM_OP_NONE */
	int slot;		/* for an option: S_*; -1 otherwise */
	int value;		/* protocol of -t/-u, method of -g/-i/-m */
	const char *refused;	/* why nflb lacks it (refused as soon as seen) */
};

#define CMD(s, l, o)		{ s, l, ARG_NONE, o, -1, 0, NULL }
#define OPT(s, l, a, sl, v)	{ s, l, a, NFLBADM_OP_NONE, sl, v, NULL }
#define NOPE(l, why)		{ NULL, l, ARG_NONE, NFLBADM_OP_NONE, -1, 0, why }

static const struct opt opts[] = {
	CMD("-A", "--add-service", NFLBADM_OP_ADD_SVC),
	CMD("-E", "--edit-service", NFLBADM_OP_EDIT_SVC),
	CMD("-D", "--delete-service", NFLBADM_OP_DEL_SVC),
	CMD("-C", "--clear", NFLBADM_OP_CLEAR),
	CMD("-R", "--restore", NFLBADM_OP_RESTORE),
	CMD("-S", "--save", NFLBADM_OP_SAVE),
	CMD("-a", "--add-server", NFLBADM_OP_ADD_DEST),
	CMD("-e", "--edit-server", NFLBADM_OP_EDIT_DEST),
	CMD("-d", "--delete-server", NFLBADM_OP_DEL_DEST),
	CMD("-L", "--list", NFLBADM_OP_LIST),
	CMD("-l", NULL, NFLBADM_OP_LIST),
	CMD("-Z", "--zero", NFLBADM_OP_ZERO),
	CMD(NULL, "--set", NFLBADM_OP_SET),
	CMD("-v", "--version", NFLBADM_OP_VERSION),
	CMD("-h", "--help", NFLBADM_OP_HELP),
	OPT("-t", "--tcp-service", ARG_REQUIRED, S_SERVICE, IPPROTO_TCP),
	OPT("-u", "--udp-service", ARG_REQUIRED, S_SERVICE, IPPROTO_UDP),
	OPT("-f", "--fwmark-service", ARG_REQUIRED, S_SERVICE, 0),
	OPT("-6", "--ipv6", ARG_NONE, S_IPV6, 0),
	OPT("-s", "--scheduler", ARG_REQUIRED, S_SCHED, 0),
	OPT("-p", "--persistent", ARG_OPTIONAL, S_PERSIST, 0),
	OPT("-M", "--netmask", ARG_REQUIRED, S_NETMASK, 0),
	OPT("-b", "--sched-flags", ARG_REQUIRED, S_SCHED_FLAGS, 0),
	OPT("-o", "--ops", ARG_NONE, S_OPS, 0),
	OPT("-r", "--real-server", ARG_REQUIRED, S_REAL, 0),
	OPT("-g", "--gatewaying", ARG_NONE, S_FWD, NFLB_FWD_DR),
	OPT("-i", "--ipip", ARG_NONE, S_FWD, NFLB_FWD_TUN),
	OPT("-m", "--masquerading", ARG_NONE, S_FWD, NFLB_FWD_NAT),
	OPT("-w", "--weight", ARG_REQUIRED, S_WEIGHT, 0),
	OPT("-x", "--u-threshold", ARG_REQUIRED, S_UTHRESH, 0),
	OPT("-y", "--l-threshold", ARG_REQUIRED, S_LTHRESH, 0),
	OPT(NULL, "--tun-type", ARG_REQUIRED, S_TUN_TYPE, 0),
	OPT(NULL, "--health", ARG_REQUIRED, S_HEALTH, 0),
	OPT(NULL, "--sni", ARG_REQUIRED, S_SNI, 0),
	OPT(NULL, "--sni-mode", ARG_OPTIONAL, S_SNI_MODE, 0),
	OPT(NULL, "--sni-default", ARG_REQUIRED, S_SNI_DEFAULT, 0),
	OPT(NULL, "--source-ranges", ARG_REQUIRED, S_SRC_RANGES, 0),
	OPT("-n", "--numeric", ARG_NONE, S_NUMERIC, 0),
	OPT("-c", "--connection", ARG_NONE, S_CONN, 0),
	OPT(NULL, "--stats", ARG_NONE, S_STATS, 0),
	OPT(NULL, "--rate", ARG_NONE, S_RATE, 0),
	OPT("-X", "--exact", ARG_NONE, S_EXACT, 0),
	OPT(NULL, "--thresholds", ARG_NONE, S_THRESHOLDS, 0),
	OPT(NULL, "--persistent-conn", ARG_NONE, S_PCONN, 0),
	OPT(NULL, "--timeout", ARG_NONE, S_TIMEOUT, 0),
	OPT(NULL, "--sort", ARG_NONE, S_SORT, 0),
	OPT(NULL, "--nosort", ARG_NONE, S_NOSORT, 0),
	OPT(NULL, "--tun-info", ARG_NONE, S_TUNINFO, 0),
	OPT("-j", "--json", ARG_NONE, S_JSON, 0),
	NOPE("--sctp-service", "no SCTP services"),
	NOPE("--pe", "no persistence engines"),
	NOPE("--tun-port", "only ipip tunnels"),
	NOPE("--tun-nocsum", "only ipip tunnels"),
	NOPE("--tun-csum", "only ipip tunnels"),
	NOPE("--tun-remcsum", "only ipip tunnels"),
	NOPE("--start-daemon", "no connection synchronisation"),
	NOPE("--stop-daemon", "no connection synchronisation"),
	NOPE("--daemon", "no connection synchronisation"),
	NOPE("--syncid", "no connection synchronisation"),
	NOPE("--sync-maxlen", "no connection synchronisation"),
	NOPE("--mcast-interface", "no connection synchronisation"),
	NOPE("--mcast-group", "no connection synchronisation"),
	NOPE("--mcast-port", "no connection synchronisation"),
	NOPE("--mcast-ttl", "no connection synchronisation"),
};

/* --- pass 1: walk argv ------------------------------------------------ */

static int record(struct pstate *st, const struct opt *o, const char *spell,
		  const char *arg, int pos)
{
	struct seen *sn;

	if (o->refused)
		return nflbadm_fail(st, "option '%s' is not supported by nflb (%s)",
			    spell, o->refused);
	if (o->op != NFLBADM_OP_NONE) {
		if (st->op != NFLBADM_OP_NONE)
			return nflbadm_fail(st, "more than one command: '%s' and '%s'",
				    st->op_spell, spell);
		st->op = o->op;
		st->op_spell = spell;
		return 0;
	}
	sn = &st->s[o->slot];
	if (st->present & B(o->slot)) {
		if (o->slot == S_SERVICE)
			return nflbadm_fail(st, "more than one service: '%s' and '%s'",
				    sn->spell, spell);
		if (o->slot == S_FWD)
			return nflbadm_fail(st, "more than one forwarding method: '%s' and '%s'",
				    sn->spell, spell);
		return nflbadm_fail(st, "option '%s' given twice", spell);
	}
	st->present |= B(o->slot);
	sn->spell = spell;
	sn->arg = arg;
	sn->value = o->value;
	sn->pos = pos;
	return 0;
}

static const struct opt *find_long(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts); i++)
		if (opts[i].lname && strlen(opts[i].lname) == len + 2 &&
		    !strncmp(opts[i].lname + 2, name, len))
			return &opts[i];
	return NULL;
}

static const struct opt *find_short(char c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts); i++)
		if (opts[i].sname && opts[i].sname[1] == c)
			return &opts[i];
	return NULL;
}

static int walk_long(struct pstate *st, int argc, char **argv, int *i)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct opt *o = find_long(name, len);
	const char *arg = NULL;
	int pos = *i;

	if (!o)
		return nflbadm_fail(st, "unknown option '--%.*s'", (int)len, name);
	if (o->refused)
		return record(st, o, o->lname, NULL, pos);
	if (eq) {
		if (o->arg == ARG_NONE)
			return nflbadm_fail(st, "option '%s' takes no argument",
				    o->lname);
		arg = eq + 1;
	} else if (o->arg == ARG_REQUIRED) {
		if (*i + 1 >= argc)
			return nflbadm_fail(st, "option '%s' needs an argument",
				    o->lname);
		arg = argv[++*i];
	} else if (o->arg == ARG_OPTIONAL && *i + 1 < argc &&
		   argv[*i + 1][0] != '-') {
		arg = argv[++*i];
	}
	return record(st, o, o->lname, arg, pos);
}

/* "-Ln", "-At 10.0.0.1:80", "-w5", "-p" ["600"]. */
static int walk_short(struct pstate *st, int argc, char **argv, int *i)
{
	const char *word = argv[*i], *p;
	int pos = *i;

	for (p = word + 1; *p; p++) {
		const struct opt *o = find_short(*p);
		const char *arg = NULL;

		if (!o) {
			if (strlen(word) > 2)
				return nflbadm_fail(st, "unknown option '-%c' in '%s'",
					    *p, word);
			return nflbadm_fail(st, "unknown option '%s'", word);
		}
		if (o->arg == ARG_NONE) {
			if (record(st, o, o->sname, NULL, pos))
				return -1;
			continue;
		}
		if (p[1]) {
			arg = p + 1;
		} else if (o->arg == ARG_REQUIRED) {
			if (*i + 1 >= argc)
				return nflbadm_fail(st, "option '%s' needs an argument",
					    o->sname);
			arg = argv[++*i];
		} else if (*i + 1 < argc && argv[*i + 1][0] != '-') {
			arg = argv[++*i];
		}
		return record(st, o, o->sname, arg, pos);
	}
	return 0;
}

static int walk(struct pstate *st, int argc, char **argv)
{
	bool options_done = false;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options_done || a[0] != '-' || !a[1]) {
			if (st->npositional < MAX_POSITIONAL)
				st->positional[st->npositional++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			options_done = true;
			continue;
		}
		if (a[1] == '-')
			ret = walk_long(st, argc, argv, &i);
		else
			ret = walk_short(st, argc, argv, &i);
		if (ret)
			return ret;
	}
	return 0;
}

int nflbadm_parse(int argc, char **argv, struct nflbadm_req *req,
		  char *err, size_t errlen)
{
	struct pstate st = { .err = err, .errlen = errlen };

	memset(req, 0, sizeof(*req));
	if (err && errlen)
		err[0] = '\0';
	if (argc <= 1) {
		req->op = NFLBADM_OP_LIST;
		return 0;
	}
	if (walk(&st, argc, argv))
		return -1;
	if (st.op == NFLBADM_OP_NONE)
		return nflbadm_fail(&st, "no command given (one of -A -E -D -C -R -S -a -e -d -L -Z --set -h -v)");
	req->op = st.op;
	return nflbadm_convert(&st, req);
}

int nflbadm_parse_line(const char *line, struct nflbadm_req *req,
		       char *err, size_t errlen)
{
	char buf[LINE_MAX_CHARS];
	char *argv[LINE_MAX_WORDS + 2];
	char prog[] = "nflbadm";
	int argc = 1, first;
	size_t len = strlen(line);
	char *p;

	memset(req, 0, sizeof(*req));
	if (err && errlen)
		err[0] = '\0';
	if (len >= sizeof(buf)) {
		if (err && errlen)
			snprintf(err, errlen, "line too long (at most %zu characters)",
				 sizeof(buf) - 1);
		return -1;
	}
	memcpy(buf, line, len + 1);
	buf[strcspn(buf, "#")] = '\0';		/* as ipvsadm: '#' to the end */
	argv[0] = prog;
	for (p = buf; *p;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (argc > LINE_MAX_WORDS) {
			if (err && errlen)
				snprintf(err, errlen, "too many words in line (at most %d)",
					 LINE_MAX_WORDS);
			return -1;
		}
		argv[argc++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	argv[argc] = NULL;
	first = 1;
	if (argc > 1 && (!strcmp(argv[1], "ipvsadm") ||
			 !strcmp(argv[1], "nflbadm")))
		first = 2;
	if (argc <= first) {
		req->op = NFLBADM_OP_NONE;
		return 0;
	}
	/* Keep argv[0] as the program name: shift the words over the prefix. */
	argv[first - 1] = prog;
	if (nflbadm_parse(argc - first + 1, argv + first - 1, req, err, errlen))
		return -1;
	if (req->op == NFLBADM_OP_RESTORE) {
		if (err && errlen)
			snprintf(err, errlen,
				 "'-R' (--restore) cannot be used in a restore file");
		return -1;
	}
	return 0;
}
