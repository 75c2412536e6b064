// SPDX-License-Identifier: GPL-2.0
/*
 * nl_fuzz: a structure-aware fuzzer of the nflb generic netlink family,
 * over raw AF_NETLINK sockets (no libnl: every byte can be wrong).
 *
 *   nl_fuzz [-s SEED] [-n COUNT] [-U] [-P N] [-E] [-D] [-v]
 *
 *   -s SEED   the PRNG's seed (default 1): the same seed sends the same
 *             messages (answers may differ where a second process races)
 *   -n COUNT  messages to send (default 10000)
 *   -U        unprivileged: no CAP_NET_ADMIN over the namespace, so every
 *             request must be refused; one that succeeds is a violation
 *   -P N      services the dump phases populate (default 40; 0: no dump
 *             phases)
 *   -E        no exceptions: the genl core's refusals without a message
 *             (below) count as violations too; shows the check can fail
 *   -D        dry run: build the messages, send none (the generator's
 *             own test, on any machine)
 *   -v        print every message and its answer
 *
 * Each message is a valid request for a random command, built from the
 * tables below (which mirror include/uapi/linux/nflb.h: keep them in
 * step), then mutated 0..3 times: attributes dropped, duplicated,
 * retyped, resized, given unknown types (above the nest's MAX), nested
 * where they are leaves and flat where they nest, NLA_F_NESTED toggled,
 * huge and empty strings, values out of range, wrong address families,
 * nla_len and nlmsg_len off, stray flags, other commands.  Between
 * them: FLUSH and the configuration restored every 500 messages; every
 * 1000, a dump phase: services populated, dumps started and abandoned
 * (one part read, or none, then the socket closed), and dumps read to
 * the end while a forked child deletes those services one by one and
 * flushes.
 *
 * The assertion: every error answer -- NLMSG_ERROR with error != 0, or
 * a dump's NLMSG_DONE with a negative status -- carries an extended-ack
 * message (NLMSGERR_ATTR_MSG).  The exceptions are the refusals that the
 * generic netlink core (net/netlink/genetlink.c, 6.1 to 6.12) makes
 * before the family sees the message, without a message:
 *
 *   -EOPNOTSUPP  an unknown command, a dump of a command without dumpit
 *                or a "do" of a dump-only command (genl_get_cmd(),
 *                genl_family_rcv_msg_{dumpit,doit}());
 *   -EPERM       no CAP_NET_ADMIN over the namespace (GENL_UNS_ADMIN_PERM
 *                in genl_family_rcv_msg()), only expected with -U;
 *   -EINVAL      nlmsg_len shorter than the generic netlink header
 *                (genl_family_rcv_msg()).
 *
 * The core's policy rejections (unknown attributes, lengths, ranges,
 * NLA_F_NESTED, trailing bytes, reserved header bits and flags) carry
 * messages on these kernels and are asserted like the family's own.
 * Violations are printed with the message's number, command and
 * mutations; the exit status is 1 if there is any, 2 on a setup error.
 * The last line is the summary: messages sent, ok, rejected, time.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nflb.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#ifndef NLA_F_NESTED
#define NLA_F_NESTED (1 << 15)
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- PRNG (splitmix64): deterministic for a seed ---- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 0 .. n-1 */
static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

/* true with probability pct % */
static int chance(unsigned int pct)
{
	return rnd(100) < pct;
}

/* ---- the protocol, as tables (include/uapi/linux/nflb.h) ---- */

enum kind {
	K_U8, K_U16, K_U32, K_U64, K_BE16, K_ADDR, K_STR, K_BF32, K_NEST,
	K_AF, K_PROTO,
};

struct nest_desc;

struct attr_desc {
	uint16_t type;
	const char *name;
	enum kind kind;
	uint32_t min, max;	/* ints: range; K_STR: size with NUL; K_BF32: mask */
	const struct nest_desc *nest;
	int reply_only;
};

struct nest_desc {
	const char *name;
	uint16_t max;		/* the nest's X_MAX */
	const struct attr_desc *a;
	unsigned int n;
};

#define ATTR(t, k, lo, hi) { t, #t, k, lo, hi, NULL, 0 }
#define REPLY(t, k) { t, #t, k, 0, 0, NULL, 1 }

static const struct attr_desc stats_attrs[] = {
	REPLY(NFLB_STATS_A_CONNS, K_U64),
	REPLY(NFLB_STATS_A_PKTS_IN, K_U64),
	REPLY(NFLB_STATS_A_BPS_OUT, K_U64),
};

static const struct nest_desc stats_nest = {
	"STATS", NFLB_STATS_A_MAX, stats_attrs, ARRAY_SIZE(stats_attrs),
};

static const struct attr_desc prefix_attrs[] = {
	ATTR(NFLB_PREFIX_A_ADDR, K_ADDR, 0, 0),
	ATTR(NFLB_PREFIX_A_LEN, K_U8, 0, 128),
};

static const struct nest_desc prefix_nest = {
	"PREFIX", NFLB_PREFIX_A_MAX, prefix_attrs, ARRAY_SIZE(prefix_attrs),
};

static const struct attr_desc src_range_attrs[] = {
	{ NFLB_SRC_RANGE_A_PREFIX, "NFLB_SRC_RANGE_A_PREFIX", K_NEST, 0, 0,
	  &prefix_nest, 0 },
};

static const struct nest_desc src_range_nest = {
	"SOURCE_RANGES", NFLB_SRC_RANGE_A_MAX, src_range_attrs,
	ARRAY_SIZE(src_range_attrs),
};

static const struct attr_desc svc_attrs[] = {
	ATTR(NFLB_SVC_A_AF, K_AF, 0, 0),
	ATTR(NFLB_SVC_A_PROTOCOL, K_PROTO, 0, 0),
	ATTR(NFLB_SVC_A_ADDR, K_ADDR, 0, 0),
	ATTR(NFLB_SVC_A_PORT, K_BE16, 1, 65535),
	ATTR(NFLB_SVC_A_FWMARK, K_U32, 1, UINT32_MAX),
	ATTR(NFLB_SVC_A_SCHED_NAME, K_STR, 1, NFLB_SCHED_NAME_MAX),
	ATTR(NFLB_SVC_A_FLAGS, K_BF32, 0, NFLB_SVC_F_ALL),
	ATTR(NFLB_SVC_A_TIMEOUT, K_U32, 1, UINT32_MAX),
	ATTR(NFLB_SVC_A_NETMASK, K_U8, 0, 128),
	{ NFLB_SVC_A_STATS, "NFLB_SVC_A_STATS", K_NEST, 0, 0, &stats_nest, 1 },
	REPLY(NFLB_SVC_A_NUM_DESTS, K_U32),
	REPLY(NFLB_SVC_A_PAD, K_U32),
	ATTR(NFLB_SVC_A_SNI_DEFAULT, K_U8, 0, NFLB_SNI_DEFAULT_MAX),
	{ NFLB_SVC_A_SOURCE_RANGES, "NFLB_SVC_A_SOURCE_RANGES", K_NEST, 0, 0,
	  &src_range_nest, 0 },
};

static const struct attr_desc dest_attrs[] = {
	ATTR(NFLB_DEST_A_ADDR, K_ADDR, 0, 0),
	ATTR(NFLB_DEST_A_PORT, K_BE16, 0, 65535),
	ATTR(NFLB_DEST_A_FWD_METHOD, K_U8, 0, NFLB_FWD_MAX),
	ATTR(NFLB_DEST_A_TUN_TYPE, K_U8, 0, NFLB_TUN_MAX),
	ATTR(NFLB_DEST_A_WEIGHT, K_U32, 0, 65535),
	ATTR(NFLB_DEST_A_U_THRESH, K_U32, 0, UINT32_MAX),
	ATTR(NFLB_DEST_A_L_THRESH, K_U32, 0, UINT32_MAX),
	REPLY(NFLB_DEST_A_ACTIVE_CONNS, K_U32),
	REPLY(NFLB_DEST_A_INACT_CONNS, K_U32),
	REPLY(NFLB_DEST_A_PERSIST_CONNS, K_U32),
	{ NFLB_DEST_A_STATS, "NFLB_DEST_A_STATS", K_NEST, 0, 0, &stats_nest, 1 },
	REPLY(NFLB_DEST_A_PAD, K_U32),
	ATTR(NFLB_DEST_A_HEALTH, K_U8, 0, NFLB_HEALTH_MAX),
	ATTR(NFLB_DEST_A_HEALTH_BY, K_STR, 1, NFLB_HEALTH_BY_LEN),
	REPLY(NFLB_DEST_A_HEALTH_AGE, K_U32),
};

static const struct attr_desc rule_attrs[] = {
	ATTR(NFLB_SNI_RULE_A_NAME, K_STR, 1, NFLB_SNI_RULE_NAME_SIZE),
	ATTR(NFLB_SNI_RULE_A_SCHED_NAME, K_STR, 1, NFLB_SCHED_NAME_MAX),
	ATTR(NFLB_SNI_RULE_A_FLAGS, K_BF32, 0, NFLB_SNI_RULE_F_ALL),
	ATTR(NFLB_SNI_RULE_A_TIMEOUT, K_U32, 1, UINT32_MAX),
	ATTR(NFLB_SNI_RULE_A_NETMASK, K_U8, 0, 128),
	{ NFLB_SNI_RULE_A_STATS, "NFLB_SNI_RULE_A_STATS", K_NEST, 0, 0,
	  &stats_nest, 1 },
	REPLY(NFLB_SNI_RULE_A_NUM_DESTS, K_U32),
	REPLY(NFLB_SNI_RULE_A_PAD, K_U32),
};

static const struct attr_desc config_attrs[] = {
	ATTR(NFLB_CONFIG_A_TCP_TIMEOUT, K_U32, 1, UINT32_MAX),
	ATTR(NFLB_CONFIG_A_TCPFIN_TIMEOUT, K_U32, 1, UINT32_MAX),
	ATTR(NFLB_CONFIG_A_UDP_TIMEOUT, K_U32, 1, UINT32_MAX),
	ATTR(NFLB_CONFIG_A_MAX_SERVICES, K_U32, 1, UINT32_MAX),
	ATTR(NFLB_CONFIG_A_MAX_DESTS, K_U32, 1, UINT32_MAX),
	ATTR(NFLB_CONFIG_A_MAX_CONNS, K_U32, 1, UINT32_MAX),
	ATTR(NFLB_CONFIG_A_SNI_PEEK_BYTES, K_U32, 512, 65535),
	ATTR(NFLB_CONFIG_A_SNI_TIMEOUT_MS, K_U32, 100, 30000),
	ATTR(NFLB_CONFIG_A_SNI_MAX_PENDING, K_U32, 1, UINT32_MAX),
	REPLY(NFLB_CONFIG_A_MAX_SERVICES_CEILING, K_U32),
	REPLY(NFLB_CONFIG_A_MAX_DESTS_CEILING, K_U32),
	REPLY(NFLB_CONFIG_A_MAX_CONNS_CEILING, K_U32),
	REPLY(NFLB_CONFIG_A_SNI_MAX_PENDING_CEILING, K_U32),
};

static const struct nest_desc svc_nest = {
	"SERVICE", NFLB_SVC_A_MAX, svc_attrs, ARRAY_SIZE(svc_attrs),
};

static const struct nest_desc dest_nest = {
	"DEST", NFLB_DEST_A_MAX, dest_attrs, ARRAY_SIZE(dest_attrs),
};

static const struct nest_desc rule_nest = {
	"SNI_RULE", NFLB_SNI_RULE_A_MAX, rule_attrs, ARRAY_SIZE(rule_attrs),
};

static const struct nest_desc config_nest = {
	"CONFIG", NFLB_CONFIG_A_MAX, config_attrs, ARRAY_SIZE(config_attrs),
};

static const struct attr_desc top_attrs[] = {
	REPLY(NFLB_ATTR_VERSION, K_STR),
	REPLY(NFLB_ATTR_GENL_VERSION, K_U32),
	{ NFLB_ATTR_SERVICE, "SERVICE", K_NEST, 0, 0, &svc_nest, 0 },
	{ NFLB_ATTR_DEST, "DEST", K_NEST, 0, 0, &dest_nest, 0 },
	{ NFLB_ATTR_CONFIG, "CONFIG", K_NEST, 0, 0, &config_nest, 0 },
	{ NFLB_ATTR_INFO, "INFO", K_NEST, 0, 0, &stats_nest, 1 },
	{ NFLB_ATTR_CONN, "CONN", K_NEST, 0, 0, &stats_nest, 1 },
	{ NFLB_ATTR_SNI_RULE, "SNI_RULE", K_NEST, 0, 0, &rule_nest, 0 },
};

/* What a mutation made a nest of: no attribute known in it. */
static const struct nest_desc junk_nest = { "junk", 4, NULL, 0 };

static const struct nest_desc top_nest = {
	"top", NFLB_ATTR_MAX, top_attrs, ARRAY_SIZE(top_attrs),
};

/* What a command's request holds: required identities, optional parts. */
enum {
	P_SVC		= 1 << 0,	/* SERVICE{identity}, required */
	P_SVC_OPT	= 1 << 1,	/* SERVICE{identity}, optional */
	P_SVC_CONF	= 1 << 2,	/* SERVICE{settings} */
	P_DEST		= 1 << 3,	/* DEST{ADDR, PORT}, required */
	P_DEST_CONF	= 1 << 4,	/* DEST{settings} */
	P_RULE		= 1 << 5,	/* SNI_RULE{NAME}, required */
	P_RULE_OPT	= 1 << 6,	/* SNI_RULE{NAME}, optional */
	P_RULE_CONF	= 1 << 7,	/* SNI_RULE{settings} */
	P_CONFIG	= 1 << 8,	/* CONFIG{settings} */
};

#define NO_OP 0xffff

struct cmd_desc {
	uint8_t cmd;
	const char *name;
	uint16_t doit;		/* parts of the "do" request, NO_OP: none */
	uint16_t dumpit;	/* parts of the dump request, NO_OP: none */
	unsigned int weight;	/* how often it is picked */
};

static const struct cmd_desc cmds[] = {
	{ NFLB_CMD_GET_INFO, "GET_INFO", 0, NO_OP, 2 },
	{ NFLB_CMD_NEW_SERVICE, "NEW_SERVICE", P_SVC | P_SVC_CONF, NO_OP, 12 },
	{ NFLB_CMD_SET_SERVICE, "SET_SERVICE", P_SVC | P_SVC_CONF, NO_OP, 8 },
	{ NFLB_CMD_DEL_SERVICE, "DEL_SERVICE", P_SVC, NO_OP, 4 },
	{ NFLB_CMD_GET_SERVICE, "GET_SERVICE", P_SVC, 0, 5 },
	{ NFLB_CMD_NEW_DEST, "NEW_DEST", P_SVC | P_DEST | P_DEST_CONF | P_RULE_OPT,
	  NO_OP, 12 },
	{ NFLB_CMD_SET_DEST, "SET_DEST", P_SVC | P_DEST | P_DEST_CONF | P_RULE_OPT,
	  NO_OP, 8 },
	{ NFLB_CMD_DEL_DEST, "DEL_DEST", P_SVC | P_DEST | P_RULE_OPT, NO_OP, 4 },
	{ NFLB_CMD_GET_DEST, "GET_DEST", NO_OP, P_SVC_OPT | P_RULE_OPT, 5 },
	{ NFLB_CMD_FLUSH, "FLUSH", 0, NO_OP, 1 },
	{ NFLB_CMD_ZERO, "ZERO", P_SVC_OPT, NO_OP, 2 },
	{ NFLB_CMD_GET_CONFIG, "GET_CONFIG", 0, NO_OP, 2 },
	{ NFLB_CMD_SET_CONFIG, "SET_CONFIG", P_CONFIG, NO_OP, 4 },
	{ NFLB_CMD_GET_CONN, "GET_CONN", NO_OP, P_SVC_OPT, 3 },
	{ NFLB_CMD_NEW_SNI_RULE, "NEW_SNI_RULE", P_SVC | P_RULE | P_RULE_CONF,
	  NO_OP, 10 },
	{ NFLB_CMD_SET_SNI_RULE, "SET_SNI_RULE", P_SVC | P_RULE | P_RULE_CONF,
	  NO_OP, 6 },
	{ NFLB_CMD_DEL_SNI_RULE, "DEL_SNI_RULE", P_SVC | P_RULE, NO_OP, 3 },
	{ NFLB_CMD_GET_SNI_RULE, "GET_SNI_RULE", P_SVC | P_RULE, P_SVC, 4 },
};

static const struct cmd_desc *cmd_find(uint8_t cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (cmds[i].cmd == cmd)
			return &cmds[i];
	return NULL;
}

static const char *cmd_name(uint8_t cmd)
{
	const struct cmd_desc *c = cmd_find(cmd);

	return c ? c->name : "unknown-cmd";
}

/* Valid values: small pools, so that requests meet each other's objects. */
struct svc_id {
	uint16_t af;
	uint8_t proto;
	const char *addr;
	uint16_t port;
	uint32_t fwmark;
};

static const struct svc_id svc_pool[] = {
	{ AF_INET, IPPROTO_TCP, "192.0.2.1", 443, 0 },
	{ AF_INET, IPPROTO_TCP, "192.0.2.1", 80, 0 },
	{ AF_INET, IPPROTO_UDP, "192.0.2.1", 53, 0 },
	{ AF_INET6, IPPROTO_TCP, "2001:db8::1", 443, 0 },
	{ AF_INET6, IPPROTO_UDP, "2001:db8::2", 53, 0 },
	{ AF_INET, 0, NULL, 0, 7 },
	{ AF_INET6, 0, NULL, 0, 8 },
};

static const char *const dest4_pool[] = {
	"198.51.100.1", "198.51.100.2", "198.51.100.3",
};

static const char *const dest6_pool[] = {
	"2001:db8:1::1", "2001:db8:1::2", "2001:db8:1::3",
};

static const char *const sched_pool[] = {
	"rr", "wrr", "lc", "wlc", "sh", "mh", "RR", "nosuch", "",
};

static const char *const rule_pool[] = {
	"www.example.com", "*.example.com", "API.Example.COM.",
	"a.b.example.net", "x.example.org", "bad..name", "*", "*.*.example",
	"-x.example.com", "",
};

/* ---- a request as a tree of attributes, then bytes ---- */

#define MAX_NODES 512
#define POOL_SIZE (256 * 1024)
#define MSG_MAX (128 * 1024)

struct node {
	uint16_t type;		/* with NLA_F_* */
	const struct nest_desc *in;	/* the nest it is in */
	int first, next;	/* children (when nested), siblings; -1: none */
	int nested;		/* its payload is its children */
	const uint8_t *data;
	int len;
	int len_delta;		/* added to nla_len when written */
};

static struct node nodes[MAX_NODES];
static int nnodes;
static uint8_t pool[POOL_SIZE];
static size_t pool_used;

struct req {
	uint8_t cmd;
	int dump;
	uint16_t nlmsg_flags;
	uint8_t version, reserved;
	int root;		/* first top-level node, -1: none */
	int trunc;		/* send only this many bytes (0: all) */
	int trailing;		/* junk bytes after the attributes */
	char what[512];		/* the mutations, for the report */
};

static void req_reset(struct req *r)
{
	memset(r, 0, sizeof(*r));
	r->root = -1;
	r->version = NFLB_GENL_VERSION;
	nnodes = 0;
	pool_used = 0;
}

static void note(struct req *r, const char *fmt, ...)
{
	size_t len = strlen(r->what);
	va_list ap;

	if (len + 2 >= sizeof(r->what))
		return;
	if (len)
		r->what[len++] = ' ';
	va_start(ap, fmt);
	vsnprintf(r->what + len, sizeof(r->what) - len, fmt, ap);
	va_end(ap);
}

static const uint8_t *pool_copy(const void *data, int len)
{
	uint8_t *p;

	if (len < 0 || pool_used + len > POOL_SIZE)
		return NULL;
	p = pool + pool_used;
	memcpy(p, data, len);
	pool_used += (len + 3) & ~3;
	return p;
}

/* A new node, appended to @parent's children (or the top level). */
static int node_add(struct req *r, int parent, const struct nest_desc *in,
		    uint16_t type, const void *data, int len)
{
	int i, *link;

	if (nnodes >= MAX_NODES)
		return -1;
	i = nnodes++;
	nodes[i] = (struct node) {
		.type = type, .in = in, .first = -1, .next = -1,
		.data = len ? pool_copy(data, len) : NULL, .len = len,
	};
	if (len && !nodes[i].data)
		nodes[i].len = 0;
	link = parent < 0 ? &r->root : &nodes[parent].first;
	while (*link >= 0)
		link = &nodes[*link].next;
	*link = i;
	return i;
}

static int nest_add(struct req *r, int parent, const struct nest_desc *in,
		    uint16_t type)
{
	int i = node_add(r, parent, in, type | NLA_F_NESTED, NULL, 0);

	if (i >= 0)
		nodes[i].nested = 1;
	return i;
}

static void put_u8(struct req *r, int p, const struct nest_desc *in,
		   uint16_t t, uint8_t v)
{
	node_add(r, p, in, t, &v, 1);
}

static void put_u16(struct req *r, int p, const struct nest_desc *in,
		    uint16_t t, uint16_t v)
{
	node_add(r, p, in, t, &v, 2);
}

static void put_u32(struct req *r, int p, const struct nest_desc *in,
		    uint16_t t, uint32_t v)
{
	node_add(r, p, in, t, &v, 4);
}

static void put_str(struct req *r, int p, const struct nest_desc *in,
		    uint16_t t, const char *s)
{
	node_add(r, p, in, t, s, strlen(s) + 1);
}

static void put_addr(struct req *r, int p, const struct nest_desc *in,
		     uint16_t t, uint16_t af, const char *s)
{
	uint8_t a[16];

	inet_pton(af, s, a);
	node_add(r, p, in, t, a, af == AF_INET ? 4 : 16);
}

static void put_bf32(struct req *r, int p, const struct nest_desc *in,
		     uint16_t t, uint32_t value, uint32_t selector)
{
	uint32_t bf[2] = { value, selector };

	node_add(r, p, in, t, bf, sizeof(bf));
}

/* ---- valid requests ---- */

static const struct svc_id *cur_svc;

static void gen_svc_id(struct req *r, int nest, const struct svc_id *s)
{
	put_u16(r, nest, &svc_nest, NFLB_SVC_A_AF, s->af);
	if (s->fwmark) {
		put_u32(r, nest, &svc_nest, NFLB_SVC_A_FWMARK, s->fwmark);
		return;
	}
	put_u8(r, nest, &svc_nest, NFLB_SVC_A_PROTOCOL, s->proto);
	put_addr(r, nest, &svc_nest, NFLB_SVC_A_ADDR, s->af, s->addr);
	put_u16(r, nest, &svc_nest, NFLB_SVC_A_PORT, htons(s->port));
}

/*
 * A service's source ranges: a few prefixes of its family, now and then
 * too many, of the other family, too long, with host bits or twice.
 */
static void gen_src_ranges(struct req *r, int parent,
			   const struct nest_desc *in, const struct svc_id *s)
{
	int nest = nest_add(r, parent, in, NFLB_SVC_A_SOURCE_RANGES);
	unsigned int i, n = chance(5) ? 60 + rnd(10) : rnd(4);

	for (i = 0; i < n; i++) {
		int p = nest_add(r, nest, &src_range_nest,
				 NFLB_SRC_RANGE_A_PREFIX);
		uint16_t af = chance(90) ? s->af :
			      s->af == AF_INET ? AF_INET6 : AF_INET;
		unsigned int max = af == AF_INET ? 32 : 128;
		const char *a = af == AF_INET ? dest4_pool[rnd(3)] :
						dest6_pool[rnd(3)];

		put_addr(r, p, &prefix_nest, NFLB_PREFIX_A_ADDR, af,
			 chance(70) ? (af == AF_INET ? "0.0.0.0" : "::") : a);
		put_u8(r, p, &prefix_nest, NFLB_PREFIX_A_LEN,
		       chance(90) ? rnd(max + 1) : rnd(256));
	}
}

/* Settings of a service or rule: flags, scheduler, persistence. */
static void gen_conf(struct req *r, int nest, const struct nest_desc *in,
		     const struct svc_id *s, int rule)
{
	uint16_t t_sched = rule ? NFLB_SNI_RULE_A_SCHED_NAME : NFLB_SVC_A_SCHED_NAME;
	uint16_t t_flags = rule ? NFLB_SNI_RULE_A_FLAGS : NFLB_SVC_A_FLAGS;
	uint16_t t_timeout = rule ? NFLB_SNI_RULE_A_TIMEOUT : NFLB_SVC_A_TIMEOUT;
	uint16_t t_netmask = rule ? NFLB_SNI_RULE_A_NETMASK : NFLB_SVC_A_NETMASK;
	uint32_t mask = rule ? NFLB_SNI_RULE_F_ALL : NFLB_SVC_F_ALL;
	uint32_t value = 0;
	int persistent = chance(30);

	if (chance(60))
		put_str(r, nest, in, t_sched,
			sched_pool[rnd(chance(90) ? 6 : ARRAY_SIZE(sched_pool))]);
	if (persistent)
		value |= NFLB_SVC_F_PERSISTENT;
	/* SNI mode on TCP address services, often: rules need it */
	if (!rule && s->proto == IPPROTO_TCP && chance(50))
		value |= NFLB_SVC_F_SNI;
	if (chance(10))
		value |= rnd64() & mask;
	if (value || chance(30))
		put_bf32(r, nest, in, t_flags, value & mask,
			 chance(80) ? mask : (uint32_t)rnd64() & mask);
	if (persistent && chance(50))
		put_u32(r, nest, in, t_timeout, 1 + rnd(3600));
	if (persistent && chance(40))
		put_u8(r, nest, in, t_netmask,
		       rnd(s->af == AF_INET ? 33 : 129));
	if (!rule && (value & NFLB_SVC_F_SNI) && chance(50))
		put_u8(r, nest, in, NFLB_SVC_A_SNI_DEFAULT,
		       rnd(NFLB_SNI_DEFAULT_MAX + 1));
	if (!rule && chance(25))
		gen_src_ranges(r, nest, in, s);
}

static void gen_dest(struct req *r, int conf, const struct svc_id *s)
{
	int nest = nest_add(r, -1, &top_nest, NFLB_ATTR_DEST);
	const char *addr = s->af == AF_INET ? dest4_pool[rnd(3)] :
					      dest6_pool[rnd(3)];
	uint8_t fwd;

	put_addr(r, nest, &dest_nest, NFLB_DEST_A_ADDR, s->af, addr);
	if (chance(70))
		put_u16(r, nest, &dest_nest, NFLB_DEST_A_PORT,
			htons(chance(70) ? s->port : 8080));
	if (!conf)
		return;
	fwd = chance(60) ? NFLB_FWD_NAT : rnd(NFLB_FWD_MAX + 1);
	if (chance(70))
		put_u8(r, nest, &dest_nest, NFLB_DEST_A_FWD_METHOD, fwd);
	if (fwd == NFLB_FWD_TUN && chance(50))
		put_u8(r, nest, &dest_nest, NFLB_DEST_A_TUN_TYPE, NFLB_TUN_IPIP);
	if (chance(60))
		put_u32(r, nest, &dest_nest, NFLB_DEST_A_WEIGHT, rnd(65536));
	if (chance(20))
		put_u32(r, nest, &dest_nest, NFLB_DEST_A_U_THRESH, rnd(1000));
	if (chance(20))
		put_u32(r, nest, &dest_nest, NFLB_DEST_A_L_THRESH, rnd(1000));
	if (chance(20)) {
		put_u8(r, nest, &dest_nest, NFLB_DEST_A_HEALTH,
		       rnd(NFLB_HEALTH_MAX + 1));
		if (chance(50))
			put_str(r, nest, &dest_nest, NFLB_DEST_A_HEALTH_BY,
				"nl_fuzz");
	}
}

static void gen_rule(struct req *r, int conf, const struct svc_id *s)
{
	int nest = nest_add(r, -1, &top_nest, NFLB_ATTR_SNI_RULE);

	put_str(r, nest, &rule_nest, NFLB_SNI_RULE_A_NAME,
		rule_pool[rnd(chance(85) ? 5 : ARRAY_SIZE(rule_pool))]);
	if (conf)
		gen_conf(r, nest, &rule_nest, s, 1);
}

/* The limits found at start, restored by housekeeping. */
static uint32_t cfg_max_services, cfg_max_dests;

static void gen_config(struct req *r)
{
	int nest = nest_add(r, -1, &top_nest, NFLB_ATTR_CONFIG);
	static const uint32_t small[] = { 1, 2, 5, 50 };

	if (chance(30))
		put_u32(r, nest, &config_nest, NFLB_CONFIG_A_TCP_TIMEOUT,
			1 + rnd(10000));
	if (chance(30))
		put_u32(r, nest, &config_nest, NFLB_CONFIG_A_TCPFIN_TIMEOUT,
			1 + rnd(1000));
	if (chance(30))
		put_u32(r, nest, &config_nest, NFLB_CONFIG_A_UDP_TIMEOUT,
			1 + rnd(1000));
	if (chance(20))
		put_u32(r, nest, &config_nest, NFLB_CONFIG_A_MAX_SERVICES,
			chance(50) ? cfg_max_services : small[rnd(4)]);
	if (chance(20))
		put_u32(r, nest, &config_nest, NFLB_CONFIG_A_MAX_DESTS,
			chance(50) ? cfg_max_dests : small[rnd(4)]);
	if (chance(15))
		put_u32(r, nest, &config_nest, NFLB_CONFIG_A_MAX_CONNS,
			1 + rnd(1 << 21));
	if (chance(20))
		put_u32(r, nest, &config_nest, NFLB_CONFIG_A_SNI_PEEK_BYTES,
			512 + rnd(65535 - 512 + 1));
	if (chance(20))
		put_u32(r, nest, &config_nest, NFLB_CONFIG_A_SNI_TIMEOUT_MS,
			100 + rnd(30000 - 100 + 1));
	if (chance(15))
		put_u32(r, nest, &config_nest, NFLB_CONFIG_A_SNI_MAX_PENDING,
			1 + rnd(100000));
}

/* A valid request of @c's "do" (or dump) for @s. */
static void gen_parts(struct req *r, uint16_t parts, const struct svc_id *s)
{
	int nest;

	if ((parts & P_SVC) || ((parts & P_SVC_OPT) && chance(60))) {
		nest = nest_add(r, -1, &top_nest, NFLB_ATTR_SERVICE);
		gen_svc_id(r, nest, s);
		if (parts & P_SVC_CONF)
			gen_conf(r, nest, &svc_nest, s, 0);
	}
	if (parts & P_DEST)
		gen_dest(r, !!(parts & P_DEST_CONF), s);
	if ((parts & P_RULE) || ((parts & P_RULE_OPT) && s->proto == IPPROTO_TCP &&
				 !s->fwmark && chance(30)))
		gen_rule(r, !!(parts & P_RULE_CONF), s);
	if (parts & P_CONFIG)
		gen_config(r);
}

static const struct cmd_desc *pick_cmd(void)
{
	unsigned int i, total = 0, x;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		total += cmds[i].weight;
	x = rnd(total);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (x < cmds[i].weight)
			return &cmds[i];
		x -= cmds[i].weight;
	}
	return &cmds[0];
}

static void gen_valid(struct req *r)
{
	const struct cmd_desc *c = pick_cmd();
	uint16_t parts;

	cur_svc = &svc_pool[rnd(ARRAY_SIZE(svc_pool))];
	r->cmd = c->cmd;
	if (c->doit == NO_OP)
		r->dump = 1;
	else if (c->dumpit != NO_OP)
		r->dump = chance(40);
	parts = r->dump ? c->dumpit : c->doit;
	r->nlmsg_flags = NLM_F_REQUEST | (r->dump ? NLM_F_DUMP : NLM_F_ACK);
	gen_parts(r, parts, cur_svc);
}

/* ---- mutations ---- */

/* A random live node, or -1; with @nests only nested ones. */
static int pick_node(int nests)
{
	int tries, i;

	if (!nnodes)
		return -1;
	for (tries = 0; tries < 8; tries++) {
		i = rnd(nnodes);
		if (!nests || nodes[i].nested)
			return i;
	}
	return -1;
}

static const char *node_name(int i)
{
	const struct nest_desc *in = nodes[i].in;
	uint16_t t = nodes[i].type & NLA_TYPE_MASK;
	static char buf[64];
	unsigned int k;

	for (k = 0; in && k < in->n; k++)
		if (in->a[k].type == t) {
			snprintf(buf, sizeof(buf), "%s.%s", in->name,
				 in->a[k].name);
			return buf;
		}
	snprintf(buf, sizeof(buf), "%s.%u", in ? in->name : "?", t);
	return buf;
}

static const struct attr_desc *node_desc(int i)
{
	const struct nest_desc *in = nodes[i].in;
	uint16_t t = nodes[i].type & NLA_TYPE_MASK;
	unsigned int k;

	for (k = 0; in && k < in->n; k++)
		if (in->a[k].type == t)
			return &in->a[k];
	return NULL;
}

/* Unlink node @i from wherever it hangs. */
static void node_unlink(struct req *r, int i)
{
	int j, *link;

	if (r->root == i) {
		r->root = nodes[i].next;
		return;
	}
	for (j = 0; j < nnodes; j++) {
		link = &nodes[j].first;
		if (*link == i) {
			*link = nodes[i].next;
			return;
		}
		link = &nodes[j].next;
		if (*link == i) {
			*link = nodes[i].next;
			return;
		}
	}
}

/* A copy of @i (and its children) inserted after it. */
static int node_dup(int i)
{
	int c, k, prev = -1;

	if (nnodes >= MAX_NODES)
		return -1;
	c = nnodes++;
	nodes[c] = nodes[i];
	nodes[c].first = -1;
	for (k = nodes[i].first; k >= 0; k = nodes[k].next) {
		int d = node_dup(k);

		if (d < 0)
			break;
		/* node_dup() linked d after k: take it out, hang it on c */
		nodes[k].next = nodes[d].next;
		nodes[d].next = -1;
		if (prev < 0)
			nodes[c].first = d;
		else
			nodes[prev].next = d;
		prev = d;
	}
	nodes[c].next = nodes[i].next;
	nodes[i].next = c;
	return c;
}

static void set_payload(int i, const void *data, int len)
{
	nodes[i].data = len ? pool_copy(data, len) : NULL;
	nodes[i].len = nodes[i].data ? len : 0;
	nodes[i].nested = 0;
	nodes[i].first = -1;
}

/* A value outside the attribute's range, or of the wrong family. */
static void mutate_range(struct req *r, int i)
{
	const struct attr_desc *d = node_desc(i);
	uint32_t v, bf[2];
	uint16_t v16;
	uint8_t v8;

	if (!d || nodes[i].nested)
		return;
	switch (d->kind) {
	case K_AF: {
		static const uint16_t afs[] = {
			AF_UNSPEC, AF_UNIX, AF_INET, AF_INET6, AF_PACKET, 0xffff,
		};

		v16 = afs[rnd(ARRAY_SIZE(afs))];
		set_payload(i, &v16, 2);
		note(r, "af(%s=%u)", node_name(i), v16);
		return;
	}
	case K_PROTO: {
		static const uint8_t protos[] = { 0, IPPROTO_ICMP, IPPROTO_SCTP, 255 };

		v8 = protos[rnd(ARRAY_SIZE(protos))];
		set_payload(i, &v8, 1);
		note(r, "proto(%s=%u)", node_name(i), v8);
		return;
	}
	case K_BF32:
		bf[0] = (uint32_t)rnd64();
		bf[1] = chance(50) ? ~d->max : (uint32_t)rnd64();
		set_payload(i, bf, 8);
		note(r, "bits(%s=%#x/%#x)", node_name(i), bf[0], bf[1]);
		return;
	case K_ADDR: {
		uint8_t a[16];
		int len = chance(50) ? 4 : 16;

		memset(a, rnd(2) ? 0 : 0xff, sizeof(a));
		set_payload(i, a, len);
		note(r, "addr(%s,%d bytes)", node_name(i), len);
		return;
	}
	case K_STR:
		return;
	default:
		break;
	}
	switch (rnd(4)) {
	case 0:
		v = d->max + 1;
		break;
	case 1:
		v = d->min ? d->min - 1 : 0;
		break;
	case 2:
		v = UINT32_MAX;
		break;
	default:
		v = 0x80000000U + rnd(256);
		break;
	}
	if (d->kind == K_U8) {
		v8 = v;
		set_payload(i, &v8, 1);
	} else if (d->kind == K_U16 || d->kind == K_BE16) {
		v16 = d->kind == K_BE16 ? htons(v) : v;
		set_payload(i, &v16, 2);
	} else {
		set_payload(i, &v, 4);
	}
	note(r, "range(%s=%u)", node_name(i), v);
}

/* A different attribute type of the same nest, the payload unchanged. */
static void mutate_type(struct req *r, int i)
{
	const struct nest_desc *in = nodes[i].in;
	uint16_t t;

	if (!in)
		return;
	t = 1 + rnd(in->max);
	nodes[i].type = (nodes[i].type & ~NLA_TYPE_MASK) | t;
	note(r, "retype(%s)", node_name(i));
}

static void mutate_one(struct req *r)
{
	static const char junk[] = "\xff\x00\x01\x7f\x80garbage";
	char big[5000];
	int i, j, len;
	uint32_t v;

	switch (rnd(19)) {
	case 18:	/* a reply-only attribute in a request */
		i = pick_node(1);
		{
			const struct attr_desc *d = i >= 0 ? node_desc(i) : NULL;
			const struct nest_desc *in = d && d->nest ? d->nest : &top_nest;
			const struct attr_desc *ro = &in->a[rnd(in->n)];
			uint64_t v64 = rnd64();

			if (!ro->reply_only)
				break;
			if (ro->kind == K_NEST) {
				j = nest_add(r, d && d->nest ? i : -1, in, ro->type);
				if (j >= 0)
					node_add(r, j, ro->nest, 1, &v64, 8);
			} else {
				node_add(r, d && d->nest ? i : -1, in, ro->type, &v64,
					 ro->kind == K_U64 ? 8 : ro->kind == K_U8 ? 1 : 4);
			}
			note(r, "replyonly(%s.%s)", in->name, ro->name);
		}
		break;
	case 0:		/* drop an attribute: required ones go missing */
		i = pick_node(0);
		if (i >= 0) {
			note(r, "drop(%s)", node_name(i));
			node_unlink(r, i);
		}
		break;
	case 1:		/* duplicate one */
		i = pick_node(0);
		if (i >= 0 && node_dup(i) >= 0)
			note(r, "dup(%s)", node_name(i));
		break;
	case 2:		/* an unknown type, above the nest's MAX (or 0) */
		i = pick_node(1);
		v = (uint32_t)rnd64();
		{
			const struct nest_desc *in = i < 0 ? &top_nest :
						     nodes[i].in ?: &junk_nest;
			const struct attr_desc *d = i >= 0 ? node_desc(i) : NULL;
			const struct nest_desc *inner = d && d->nest ? d->nest : in;
			uint16_t t = chance(20) ? 0 :
				     chance(80) ? inner->max + 1 + rnd(20) :
						  (uint16_t)NLA_TYPE_MASK;

			node_add(r, i, inner, t, &v, 4);
			note(r, "unknown(%s.%u)", i >= 0 ? inner->name : "top", t);
		}
		break;
	case 3:
		i = pick_node(0);
		if (i >= 0)
			mutate_type(r, i);
		break;
	case 4:		/* payload truncated or extended */
		i = pick_node(0);
		if (i < 0 || nodes[i].nested)
			break;
		len = chance(50) && nodes[i].len ? (int)rnd(nodes[i].len) :
						  nodes[i].len + 1 + (int)rnd(8);
		if (len > (int)sizeof(big))
			len = sizeof(big);
		memset(big, 0x41, len);
		if (nodes[i].len)
			memcpy(big, nodes[i].data,
			       nodes[i].len < len ? nodes[i].len : len);
		note(r, "resize(%s,%d->%d)", node_name(i), nodes[i].len, len);
		set_payload(i, big, len);
		break;
	case 5:		/* NLA_F_NESTED toggled */
		i = pick_node(0);
		if (i >= 0) {
			nodes[i].type ^= NLA_F_NESTED;
			note(r, "nestedflag(%s)", node_name(i));
		}
		break;
	case 6:		/* a leaf that holds attributes */
		i = pick_node(0);
		if (i < 0 || nodes[i].nested)
			break;
		nodes[i].nested = 1;
		nodes[i].len = 0;
		if (chance(50))
			nodes[i].type |= NLA_F_NESTED;
		v = 1;
		node_add(r, i, &junk_nest, 1 + rnd(4), &v, 4);
		note(r, "nestinleaf(%s)", node_name(i));
		break;
	case 7:		/* a nest flattened into bytes */
		i = pick_node(1);
		if (i < 0)
			break;
		len = rnd(sizeof(junk));
		set_payload(i, junk, len);
		note(r, "flatnest(%s,%d)", node_name(i), len);
		break;
	case 8:		/* a huge string, terminated or not */
		i = pick_node(0);
		if (i < 0 || nodes[i].nested)
			break;
		len = 17 + rnd(sizeof(big) - 17);
		memset(big, 'a' + rnd(26), len);
		if (chance(70))
			big[len - 1] = '\0';
		set_payload(i, big, len);
		note(r, "huge(%s,%d)", node_name(i), len);
		break;
	case 9:		/* empty payload */
		i = pick_node(0);
		if (i >= 0) {
			note(r, "empty(%s)", node_name(i));
			set_payload(i, NULL, 0);
		}
		break;
	case 10:
	case 11:
		i = pick_node(0);
		if (i >= 0)
			mutate_range(r, i);
		break;
	case 12:	/* nla_len off */
		i = pick_node(0);
		if (i < 0)
			break;
		{
			static const int deltas[] = { -4, -3, -1, 1, 2, 4, 64, 4096 };

			nodes[i].len_delta = deltas[rnd(ARRAY_SIZE(deltas))];
			note(r, "nla_len(%s,%+d)", node_name(i), nodes[i].len_delta);
		}
		break;
	case 13:	/* nlmsg_len short: the message cut */
		r->trunc = NLMSG_HDRLEN + rnd(GENL_HDRLEN + 24);
		note(r, "cut(%d)", r->trunc);
		break;
	case 14:	/* stray nlmsg flags, header fields */
		switch (rnd(4)) {
		case 0:
			r->nlmsg_flags ^= NLM_F_DUMP;
			r->dump = (r->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
			if (!r->dump)
				r->nlmsg_flags |= NLM_F_ACK;
			note(r, "dumpflag(%d)", r->dump);
			break;
		case 1:
			r->nlmsg_flags |= (uint16_t)(1u << (4 + rnd(8)));
			r->dump = (r->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
			note(r, "flags(%#x)", r->nlmsg_flags);
			break;
		case 2:
			r->reserved = 1 + rnd(255);
			note(r, "reserved(%u)", r->reserved);
			break;
		default:
			r->version = rnd(256);
			note(r, "version(%u)", r->version);
			break;
		}
		break;
	case 15:	/* another command, unknown ones included */
		r->cmd = chance(30) ? (chance(50) ? 0 : NFLB_CMD_MAX + 1 + rnd(200)) :
				      cmds[rnd(ARRAY_SIZE(cmds))].cmd;
		note(r, "cmd(%u)", r->cmd);
		break;
	case 16:	/* junk after the attributes */
		r->trailing = 1 + rnd(3);
		note(r, "trailing(%d)", r->trailing);
		break;
	default:	/* a deep nest of nests */
		i = pick_node(1);
		len = 2 + rnd(40);
		for (j = 0; j < len; j++) {
			int n = nest_add(r, i, &junk_nest, 1 + rnd(4));

			if (n < 0)
				break;
			i = n;
		}
		note(r, "deep(%d)", len);
		break;
	}
}

/* ---- bytes ---- */

static uint8_t msgbuf[MSG_MAX];

/* Write node list @i at @p; returns the bytes written. */
static int write_nodes(int i, uint8_t *p, uint8_t *end)
{
	uint8_t *start = p;

	for (; i >= 0; i = nodes[i].next) {
		struct nlattr *nla = (struct nlattr *)p;
		int len, nla_len;

		if (end - p < NLA_HDRLEN)
			break;
		p += NLA_HDRLEN;
		if (nodes[i].nested) {
			len = write_nodes(nodes[i].first, p, end);
		} else {
			len = nodes[i].len;
			if (len > end - p)
				len = end - p;
			if (len)
				memcpy(p, nodes[i].data, len);
		}
		nla_len = NLA_HDRLEN + len + nodes[i].len_delta;
		if (nla_len < 0)
			nla_len = 0;
		if (nla_len > 0xffff)
			nla_len = 0xffff;
		nla->nla_len = nla_len;
		nla->nla_type = nodes[i].type;
		p += len;
		while ((p - start) & 3 && p < end)
			*p++ = 0;
	}
	return p - start;
}

static int build(struct req *r, uint16_t family, uint32_t seq)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)msgbuf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	uint8_t *p = msgbuf + NLMSG_HDRLEN + GENL_HDRLEN;
	int len;

	memset(msgbuf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	len = write_nodes(r->root, p, msgbuf + MSG_MAX - 8);
	memset(p + len, 0xa5, r->trailing);
	len += NLMSG_HDRLEN + GENL_HDRLEN + r->trailing;
	if (r->trunc && r->trunc < len)
		len = r->trunc;
	nlh->nlmsg_len = len;
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = r->nlmsg_flags;
	nlh->nlmsg_seq = seq;
	g->cmd = r->cmd;
	g->version = r->version;
	g->reserved = r->reserved;
	return len;
}

/* ---- sockets and answers ---- */

struct answer {
	int err;		/* 0, or the -errno of the error or DONE */
	int has_msg;
	char msg[160];
	int parts;		/* dump: recv() calls it took */
	int nmsgs;		/* replies before the end */
	int intr;		/* NLM_F_DUMP_INTR seen */
	int timeout;		/* no end of the answer came */
};

static uint16_t family_id;
static int rcv_timeout_s = 60;
static int dry;			/* -D: no kernel */

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = rcv_timeout_s };
	int fd, one = 1;

	if (dry)
		return dup(STDIN_FILENO);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The extack message among the TLVs at @p. */
static void ext_msg(const uint8_t *p, int len, struct answer *a)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *nla = (const struct nlattr *)p;
		int alen = nla->nla_len;

		if (alen < NLA_HDRLEN || alen > len)
			return;
		if ((nla->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG &&
		    alen > NLA_HDRLEN) {
			int n = alen - NLA_HDRLEN;

			if (n >= (int)sizeof(a->msg))
				n = sizeof(a->msg) - 1;
			memcpy(a->msg, p + NLA_HDRLEN, n);
			a->msg[n] = '\0';
			a->has_msg = a->msg[0] != '\0';
		}
		len -= NLA_ALIGN(alen);
		p += NLA_ALIGN(alen);
	}
}

static uint8_t rxbuf[96 * 1024];

/*
 * Read the answer to request @seq: its replies up to the ACK or error
 * (a "do"), or NLMSG_DONE (a dump).  @bufsize bounds each recv().
 */
static void read_answer(int fd, uint32_t seq, struct answer *a, size_t bufsize)
{
	memset(a, 0, sizeof(*a));
	for (;;) {
		int len = recv(fd, rxbuf, bufsize, 0);
		struct nlmsghdr *nlh;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				a->timeout = 1;
			a->err = -errno;
			return;
		}
		a->parts++;
		for (nlh = (struct nlmsghdr *)rxbuf; NLMSG_OK(nlh, (unsigned int)len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				a->intr = 1;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);
				int hl = NLMSG_HDRLEN + sizeof(*e);

				a->err = e->error;
				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					hl += e->msg.nlmsg_len - NLMSG_HDRLEN;
				if (nlh->nlmsg_flags & NLM_F_ACK_TLVS &&
				    (int)nlh->nlmsg_len > hl)
					ext_msg((uint8_t *)nlh + hl,
						nlh->nlmsg_len - hl, a);
				return;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int hl = NLMSG_HDRLEN + sizeof(int);

				if (nlh->nlmsg_len >= (unsigned int)hl)
					a->err = *(int *)NLMSG_DATA(nlh);
				if (nlh->nlmsg_flags & NLM_F_ACK_TLVS &&
				    (int)nlh->nlmsg_len > hl)
					ext_msg((uint8_t *)nlh + hl,
						nlh->nlmsg_len - hl, a);
				return;
			}
			a->nmsgs++;
		}
	}
}

/* ---- the run ---- */

struct counters {
	unsigned long sent, ok, rejected, violations, exempt, intr;
	unsigned long valid_sent, valid_ok;	/* unmutated random requests */
	unsigned long cmd_sent[256], cmd_ok[256];
};

/* In shared memory: the child of the concurrent phase counts here too. */
static struct counters *cnt;
static int unpriv, verbose, no_exempt;
static uint32_t seq_next = 1;
static unsigned long msg_no;
static unsigned int violations_printed;

static void violation(const struct req *r, const struct answer *a,
		      const char *why)
{
	__atomic_add_fetch(&cnt->violations, 1, __ATOMIC_RELAXED);
	if (violations_printed++ >= 50)
		return;
	printf("VIOLATION msg %lu: %s %s%s [%s] -> %d (%s)%s%s\n", msg_no,
	       cmd_name(r->cmd), r->dump ? "dump" : "do",
	       r->trunc ? " cut" : "", r->what[0] ? r->what : "no mutation",
	       a->err, a->err ? strerror(-a->err) : "ok", a->has_msg ? ": " : "",
	       a->has_msg ? a->msg : "");
	printf("  %s\n", why);
}

/* The generic netlink core's refusals before the family (see the top). */
static const char *core_exempt(const struct req *r, int err, int len)
{
	const struct cmd_desc *c = cmd_find(r->cmd);
	int dump = (r->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;

	if (err == -EINVAL && len < (int)(NLMSG_HDRLEN + GENL_HDRLEN))
		return "shorter than the genl header";
	if (err == -EOPNOTSUPP &&
	    (!c || (dump && c->dumpit == NO_OP) || (!dump && c->doit == NO_OP)))
		return "no such operation";
	if (err == -EPERM && unpriv)
		return "no CAP_NET_ADMIN";
	return NULL;
}

#define COUNT(field) __atomic_add_fetch(&(cnt->field), 1, __ATOMIC_RELAXED)

static void judge(const struct req *r, const struct answer *a, int len)
{
	COUNT(sent);
	COUNT(cmd_sent[r->cmd]);
	if (!r->what[0])
		COUNT(valid_sent);
	if (a->intr)
		COUNT(intr);
	if (verbose)
		printf("msg %lu: %s %s [%s] -> %d%s%s\n", msg_no, cmd_name(r->cmd),
		       r->dump ? "dump" : "do", r->what, a->err,
		       a->has_msg ? " " : "", a->has_msg ? a->msg : "");
	if (a->timeout) {
		violation(r, a, "no answer (timed out)");
		return;
	}
	if (!a->err) {
		COUNT(ok);
		COUNT(cmd_ok[r->cmd]);
		if (!r->what[0])
			COUNT(valid_ok);
		/* without NLM_F_REQUEST the core acks, the family never sees it */
		if (unpriv && (r->nlmsg_flags & NLM_F_REQUEST))
			violation(r, a, "an unprivileged request succeeded");
		return;
	}
	COUNT(rejected);
	if (a->has_msg)
		return;
	if (!no_exempt && core_exempt(r, a->err, len)) {
		COUNT(exempt);
		return;
	}
	violation(r, a, "rejected without an extack message");
}

/* Send @r on @fd and judge the answer. */
static void transact(int fd, struct req *r, size_t bufsize)
{
	uint32_t seq = seq_next++;
	struct answer a;
	int len = build(r, family_id, seq);

	msg_no++;
	if (dry) {		/* -D: the generator alone, no kernel */
		memset(&a, 0, sizeof(a));
		judge(r, &a, len);
		return;
	}
	if (send(fd, msgbuf, len, 0) != len) {
		memset(&a, 0, sizeof(a));
		a.err = -errno;
		violation(r, &a, "send() failed");
		return;
	}
	read_answer(fd, seq, &a, bufsize);
	judge(r, &a, len);
}

static void simple(int fd, uint8_t cmd, const char *what)
{
	struct req r;

	req_reset(&r);
	r.cmd = cmd;
	r.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	snprintf(r.what, sizeof(r.what), "%s", what);
	transact(fd, &r, sizeof(rxbuf));
}

static int resolve_family(int fd)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		uint8_t attrs[64];
	} m = { 0 };
	struct nlattr *nla = (struct nlattr *)m.attrs;
	int len;

	m.n.nlmsg_type = GENL_ID_CTRL;
	m.n.nlmsg_flags = NLM_F_REQUEST;
	m.n.nlmsg_seq = seq_next++;
	m.g.cmd = CTRL_CMD_GETFAMILY;
	m.g.version = 1;
	nla->nla_type = CTRL_ATTR_FAMILY_NAME;
	nla->nla_len = NLA_HDRLEN + sizeof(NFLB_GENL_NAME);
	memcpy(m.attrs + NLA_HDRLEN, NFLB_GENL_NAME, sizeof(NFLB_GENL_NAME));
	m.n.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + NLA_ALIGN(nla->nla_len);
	if (send(fd, &m, m.n.nlmsg_len, 0) < 0)
		return -1;
	len = recv(fd, rxbuf, sizeof(rxbuf), 0);
	if (len < 0)
		return -1;
	{
		struct nlmsghdr *nlh = (struct nlmsghdr *)rxbuf;
		uint8_t *p;
		int rem;

		if (!NLMSG_OK(nlh, (unsigned int)len) ||
		    nlh->nlmsg_type != GENL_ID_CTRL)
			return -1;
		p = (uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN;
		rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
		while (rem >= NLA_HDRLEN) {
			nla = (struct nlattr *)p;
			if (nla->nla_len < NLA_HDRLEN || nla->nla_len > rem)
				break;
			if ((nla->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID) {
				memcpy(&family_id, p + NLA_HDRLEN, 2);
				return 0;
			}
			rem -= NLA_ALIGN(nla->nla_len);
			p += NLA_ALIGN(nla->nla_len);
		}
	}
	return -1;
}

/* GET_CONFIG: the limits to restore (they differ in a capped namespace). */
static void read_limits(int fd)
{
	struct req r;
	uint32_t seq = seq_next++;
	struct nlmsghdr *nlh;
	int len;

	cfg_max_services = 1048576;
	cfg_max_dests = 65536;
	req_reset(&r);
	r.cmd = NFLB_CMD_GET_CONFIG;
	r.nlmsg_flags = NLM_F_REQUEST;
	len = build(&r, family_id, seq);
	if (send(fd, msgbuf, len, 0) != len)
		return;
	len = recv(fd, rxbuf, sizeof(rxbuf), 0);
	nlh = (struct nlmsghdr *)rxbuf;
	if (len < 0 || !NLMSG_OK(nlh, (unsigned int)len) ||
	    nlh->nlmsg_type != family_id)
		return;
	{
		uint8_t *p = (uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN;
		int rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
		struct nlattr *nla = (struct nlattr *)p;

		if (rem < NLA_HDRLEN || (nla->nla_type & NLA_TYPE_MASK) != NFLB_ATTR_CONFIG)
			return;
		rem = nla->nla_len - NLA_HDRLEN;
		p += NLA_HDRLEN;
		while (rem >= NLA_HDRLEN) {
			nla = (struct nlattr *)p;
			if (nla->nla_len < NLA_HDRLEN || nla->nla_len > rem)
				break;
			if (nla->nla_type == NFLB_CONFIG_A_MAX_SERVICES)
				memcpy(&cfg_max_services, p + NLA_HDRLEN, 4);
			if (nla->nla_type == NFLB_CONFIG_A_MAX_DESTS)
				memcpy(&cfg_max_dests, p + NLA_HDRLEN, 4);
			rem -= NLA_ALIGN(nla->nla_len);
			p += NLA_ALIGN(nla->nla_len);
		}
	}
}

/* FLUSH, and the limits as they were. */
static void housekeeping(int fd)
{
	struct req r;
	int nest;

	simple(fd, NFLB_CMD_FLUSH, "housekeeping");
	req_reset(&r);
	r.cmd = NFLB_CMD_SET_CONFIG;
	r.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	snprintf(r.what, sizeof(r.what), "housekeeping");
	nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_CONFIG);
	put_u32(&r, nest, &config_nest, NFLB_CONFIG_A_MAX_SERVICES, cfg_max_services);
	put_u32(&r, nest, &config_nest, NFLB_CONFIG_A_MAX_DESTS, cfg_max_dests);
	transact(fd, &r, sizeof(rxbuf));
}

/* Dump-phase services: 203.0.113.N:1000+i, TCP, SNI mode every 4th. */
static void phase_svc(struct svc_id *s, char *buf, int i)
{
	snprintf(buf, 32, "203.0.113.%d", 1 + i % 250);
	*s = (struct svc_id) { AF_INET, IPPROTO_TCP, buf, 1000 + i, 0 };
}

static void populate(int fd, int n)
{
	char ab[32];
	struct svc_id s;
	struct req r;
	int i, nest;

	for (i = 0; i < n; i++) {
		phase_svc(&s, ab, i);
		req_reset(&r);
		r.cmd = NFLB_CMD_NEW_SERVICE;
		r.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		snprintf(r.what, sizeof(r.what), "populate");
		nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_SERVICE);
		gen_svc_id(&r, nest, &s);
		if (i % 4 == 0)
			put_bf32(&r, nest, &svc_nest, NFLB_SVC_A_FLAGS,
				 NFLB_SVC_F_SNI, NFLB_SVC_F_SNI);
		transact(fd, &r, sizeof(rxbuf));
		r.cmd = NFLB_CMD_NEW_DEST;
		r.root = -1;
		nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_SERVICE);
		gen_svc_id(&r, nest, &s);
		nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_DEST);
		put_addr(&r, nest, &dest_nest, NFLB_DEST_A_ADDR, AF_INET,
			 dest4_pool[i % 3]);
		put_u8(&r, nest, &dest_nest, NFLB_DEST_A_FWD_METHOD, NFLB_FWD_NAT);
		transact(fd, &r, sizeof(rxbuf));
		if (i % 4 == 0) {
			r.cmd = NFLB_CMD_NEW_SNI_RULE;
			r.root = -1;
			nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_SERVICE);
			gen_svc_id(&r, nest, &s);
			nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_SNI_RULE);
			put_str(&r, nest, &rule_nest, NFLB_SNI_RULE_A_NAME,
				rule_pool[i % 5]);
			transact(fd, &r, sizeof(rxbuf));
		}
	}
}

/* A dump request of @cmd: GET_DEST of every service, or of service 0. */
static void dump_req(struct req *r, uint8_t cmd, int one)
{
	char ab[32];
	struct svc_id s;
	int nest;

	req_reset(r);
	r->cmd = cmd;
	r->dump = 1;
	r->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	snprintf(r->what, sizeof(r->what), "phase-dump");
	if (one || cmd == NFLB_CMD_GET_SNI_RULE) {
		phase_svc(&s, ab, 0);
		nest = nest_add(r, -1, &top_nest, NFLB_ATTR_SERVICE);
		gen_svc_id(r, nest, &s);
	}
}

static const uint8_t dump_cmds[] = {
	NFLB_CMD_GET_SERVICE, NFLB_CMD_GET_DEST, NFLB_CMD_GET_SNI_RULE,
	NFLB_CMD_GET_CONN,
};

/* Dumps started and abandoned: one part read, or none; socket closed. */
static void abandoned_dumps(void)
{
	struct req r;
	unsigned int i;
	int fd, len;

	for (i = 0; i < 2 * ARRAY_SIZE(dump_cmds); i++) {
		fd = nl_open();
		if (fd < 0)
			return;
		dump_req(&r, dump_cmds[i % ARRAY_SIZE(dump_cmds)], 0);
		len = build(&r, family_id, seq_next++);
		msg_no++;
		if (send(fd, msgbuf, len, 0) == len) {
			__atomic_add_fetch(&cnt->sent, 1, __ATOMIC_RELAXED);
			if (i >= ARRAY_SIZE(dump_cmds))
				(void)recv(fd, rxbuf, 4096, 0);
		}
		close(fd);
	}
}

/*
 * Dumps read to the end, slowly, while a child deletes the services they
 * walk, one by one, then flushes.
 */
static void concurrent_deletes(int fd, int n)
{
	char ab[32];
	struct svc_id s;
	struct req r;
	pid_t pid;
	int i, nest, status, cfd;
	unsigned int k = 0;

	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		cfd = nl_open();
		if (cfd < 0)
			_exit(2);
		for (i = n - 1; i >= 0; i--) {
			phase_svc(&s, ab, (i * 7) % n);
			req_reset(&r);
			r.cmd = i % 2 ? NFLB_CMD_DEL_DEST : NFLB_CMD_DEL_SNI_RULE;
			r.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
			snprintf(r.what, sizeof(r.what), "concurrent-delete");
			nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_SERVICE);
			gen_svc_id(&r, nest, &s);
			if (i % 2) {
				nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_DEST);
				put_addr(&r, nest, &dest_nest, NFLB_DEST_A_ADDR,
					 AF_INET, dest4_pool[((i * 7) % n) % 3]);
			} else {
				nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_SNI_RULE);
				put_str(&r, nest, &rule_nest, NFLB_SNI_RULE_A_NAME,
					rule_pool[((i * 7) % n) % 5]);
			}
			transact(cfd, &r, sizeof(rxbuf));
			req_reset(&r);
			r.cmd = NFLB_CMD_DEL_SERVICE;
			r.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
			snprintf(r.what, sizeof(r.what), "concurrent-delete");
			nest = nest_add(&r, -1, &top_nest, NFLB_ATTR_SERVICE);
			gen_svc_id(&r, nest, &s);
			transact(cfd, &r, sizeof(rxbuf));
		}
		simple(cfd, NFLB_CMD_FLUSH, "concurrent-flush");
		close(cfd);
		_exit(0);
	}
	/* the parent dumps until the child is done */
	for (;;) {
		dump_req(&r, dump_cmds[k % ARRAY_SIZE(dump_cmds)], k % 5 == 4);
		k++;
		transact(fd, &r, sizeof(rxbuf));
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		struct answer a = { .err = -ECHILD };

		violation(&r, &a, "the concurrent child failed");
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: nl_fuzz [-s SEED] [-n COUNT] [-U] [-P N] [-E] [-D] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long count = 10000, seed = 1;
	struct timespec t0, t1;
	int opt, fd, populate_n = 40, k;
	unsigned long iter = 0, unknown_sent = 0, unknown_ok = 0;
	double secs;
	struct req r;

	while ((opt = getopt(argc, argv, "s:n:UP:EDv")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'U':
			unpriv = 1;
			break;
		case 'P':
			populate_n = atoi(optarg);
			break;
		case 'E':
			no_exempt = 1;
			break;
		case 'D':
			dry = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	cnt = mmap(NULL, sizeof(*cnt), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cnt == MAP_FAILED)
		return 2;
	memset(cnt, 0, sizeof(*cnt));
	rng_state = seed;
	fd = nl_open();
	if (fd < 0 || (!dry && resolve_family(fd))) {
		fprintf(stderr, "nl_fuzz: no generic netlink family %s\n",
			NFLB_GENL_NAME);
		return 2;
	}
	if (!dry)
		read_limits(fd);
	/* unprivileged: no phases, every request alike must be refused */
	if (unpriv)
		populate_n = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (cnt->sent < count) {
		iter++;
		if (!unpriv && iter % 500 == 0)
			housekeeping(fd);
		if (populate_n && iter % 1000 == 250) {
			housekeeping(fd);
			populate(fd, populate_n);
			abandoned_dumps();
			concurrent_deletes(fd, populate_n);
		}
		req_reset(&r);
		gen_valid(&r);
		if (!chance(15))
			for (k = 1 + rnd(3); k > 0; k--)
				mutate_one(&r);
		transact(fd, &r, sizeof(rxbuf));
	}
	if (!unpriv)
		simple(fd, NFLB_CMD_FLUSH, "final");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (k = 0; k < 256; k++) {
		if (!cmd_find(k)) {
			unknown_sent += cnt->cmd_sent[k];
			unknown_ok += cnt->cmd_ok[k];
			continue;
		}
		printf("  %-13s %8lu sent %8lu ok\n", cmd_name(k),
		       cnt->cmd_sent[k], cnt->cmd_ok[k]);
	}
	printf("  %-13s %8lu sent %8lu ok\n", "unknown cmds", unknown_sent,
	       unknown_ok);
	printf("  unmutated requests: %lu sent, %lu ok\n", cnt->valid_sent,
	       cnt->valid_ok);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* guest/nl_fuzz.sh reads this line */
	printf("nl_fuzz: seed %lu%s: %lu messages, %lu ok, %lu rejected "
	       "(%lu by the genl core without a message, allowed), "
	       "%lu dumps interrupted, %lu violations, %.1f s (%.0f/s)\n",
	       seed, unpriv ? " unprivileged" : "", cnt->sent, cnt->ok,
	       cnt->rejected, cnt->exempt, cnt->intr, cnt->violations, secs,
	       secs > 0 ? cnt->sent / secs : 0.0);
	close(fd);
	return cnt->violations ? 1 : 0;
}
