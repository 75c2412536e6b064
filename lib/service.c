// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnflb: services, real servers, counters and configuration.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>

#include "internal.h"

static size_t nflb_addr_len(uint16_t af)
{
	return af == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

/* The whole list, an empty nest when there is none (which clears it). */
static int nflb_put_src_ranges(struct nl_msg *msg,
			       const struct nflb_service *svc)
{
	struct nlattr *nest = nla_nest_start(msg, NFLB_SVC_A_SOURCE_RANGES);
	unsigned int i;

	if (!nest || svc->nsrc_ranges > NFLB_MAX_SOURCE_RANGES)
		return -ENOMEM;
	for (i = 0; i < svc->nsrc_ranges; i++) {
		struct nlattr *p = nla_nest_start(msg, NFLB_SRC_RANGE_A_PREFIX);

		if (!p ||
		    nla_put(msg, NFLB_PREFIX_A_ADDR, nflb_addr_len(svc->af),
			    &svc->src_ranges[i].addr) ||
		    nla_put_u8(msg, NFLB_PREFIX_A_LEN, svc->src_ranges[i].len))
			return -ENOMEM;
		nla_nest_end(msg, p);
	}
	/* nla_nest_end() would drop an empty nest: the list would stay */
	nla_nest_end_keep_empty(msg, nest);
	return 0;
}

int nflb_put_svc(struct nl_msg *msg, const struct nflb_service *svc,
		 uint32_t set)
{
	struct nlattr *nest = nla_nest_start(msg, NFLB_ATTR_SERVICE);

	if (!nest)
		return -ENOMEM;
	if (nla_put_u16(msg, NFLB_SVC_A_AF, svc->af))
		return -ENOMEM;
	if (svc->fwmark) {
		if (nla_put_u32(msg, NFLB_SVC_A_FWMARK, svc->fwmark))
			return -ENOMEM;
	} else if (nla_put_u8(msg, NFLB_SVC_A_PROTOCOL, svc->protocol) ||
		   nla_put(msg, NFLB_SVC_A_ADDR, nflb_addr_len(svc->af),
			   &svc->addr) ||
		   nla_put_u16(msg, NFLB_SVC_A_PORT, htons(svc->port))) {
		return -ENOMEM;
	}
	if ((set & NFLB_SVC_SET_SCHED) && svc->sched[0] &&
	    nla_put_string(msg, NFLB_SVC_A_SCHED_NAME, svc->sched))
		return -ENOMEM;
	if (set & (NFLB_SVC_SET_FLAGS | NFLB_SVC_SET_SNI)) {
		struct nla_bitfield32 bf = { .value = svc->flags };

		if (set & NFLB_SVC_SET_FLAGS)
			bf.selector |= NFLB_SVC_F_ALL & ~NFLB_SVC_F_SNI;
		if (set & NFLB_SVC_SET_SNI)
			bf.selector |= NFLB_SVC_F_SNI;
		bf.value &= bf.selector;
		if (nla_put(msg, NFLB_SVC_A_FLAGS, sizeof(bf), &bf))
			return -ENOMEM;
	}
	if ((set & NFLB_SVC_SET_SNI_DEFAULT) &&
	    nla_put_u8(msg, NFLB_SVC_A_SNI_DEFAULT, svc->sni_default))
		return -ENOMEM;
	if ((set & NFLB_SVC_SET_TIMEOUT) && svc->timeout &&
	    nla_put_u32(msg, NFLB_SVC_A_TIMEOUT, svc->timeout))
		return -ENOMEM;
	if ((set & NFLB_SVC_SET_NETMASK) &&
	    nla_put_u8(msg, NFLB_SVC_A_NETMASK, svc->netmask))
		return -ENOMEM;
	if ((set & NFLB_SVC_SET_SRC_RANGES) && nflb_put_src_ranges(msg, svc))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

int nflb_put_dest(struct nl_msg *msg, uint16_t af,
		  const struct nflb_dest *dest, uint32_t set)
{
	struct nlattr *nest = nla_nest_start(msg, NFLB_ATTR_DEST);

	if (!nest ||
	    nla_put(msg, NFLB_DEST_A_ADDR, nflb_addr_len(af), &dest->addr) ||
	    nla_put_u16(msg, NFLB_DEST_A_PORT, htons(dest->port)))
		return -ENOMEM;
	if ((set & NFLB_DEST_SET_FWD) &&
	    nla_put_u8(msg, NFLB_DEST_A_FWD_METHOD, dest->fwd))
		return -ENOMEM;
	if ((set & NFLB_DEST_SET_TUN_TYPE) &&
	    nla_put_u8(msg, NFLB_DEST_A_TUN_TYPE, dest->tun_type))
		return -ENOMEM;
	if ((set & NFLB_DEST_SET_WEIGHT) &&
	    nla_put_u32(msg, NFLB_DEST_A_WEIGHT, dest->weight))
		return -ENOMEM;
	if ((set & NFLB_DEST_SET_U_THRESH) &&
	    nla_put_u32(msg, NFLB_DEST_A_U_THRESH, dest->u_thresh))
		return -ENOMEM;
	if ((set & NFLB_DEST_SET_L_THRESH) &&
	    nla_put_u32(msg, NFLB_DEST_A_L_THRESH, dest->l_thresh))
		return -ENOMEM;
	if ((set & NFLB_DEST_SET_HEALTH) &&
	    (nla_put_u8(msg, NFLB_DEST_A_HEALTH, dest->health) ||
	     (dest->health_by[0] &&
	      nla_put_string(msg, NFLB_DEST_A_HEALTH_BY, dest->health_by))))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

/* Build a request with @svc (and @dest) and run it for an ACK. */
static int nflb_svc_cmd(struct nflb *h, uint8_t cmd,
			const struct nflb_service *svc, uint32_t svc_set,
			const struct nflb_dest *dest, uint32_t dest_set)
{
	struct nl_msg *msg = nflb_msg(h, cmd, 0);
	int ret;

	if (!msg)
		return -ENOMEM;
	if ((svc && nflb_put_svc(msg, svc, svc_set)) ||
	    (dest && nflb_put_dest(msg, svc->af, dest, dest_set))) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = nflb_transact(h, msg, NULL, NULL, NULL);
	if (ret && svc && (svc_set & NFLB_SVC_SET_SCHED))
		nflb_errmsg_sched(h, svc->sched);
	return ret;
}

#define NFLB_SVC_SET_ALL (NFLB_SVC_SET_SCHED | NFLB_SVC_SET_FLAGS | \
			  NFLB_SVC_SET_TIMEOUT | NFLB_SVC_SET_NETMASK)
#define NFLB_DEST_SET_ALL (NFLB_DEST_SET_FWD | NFLB_DEST_SET_WEIGHT | \
			   NFLB_DEST_SET_U_THRESH | NFLB_DEST_SET_L_THRESH)

uint32_t nflb_svc_add_set(const struct nflb_service *svc)
{
	uint32_t set = NFLB_SVC_SET_ALL;

	/* Leave the kernel's defaults where the caller gave none. */
	if (!(svc->flags & NFLB_SVC_F_PERSISTENT))
		set &= ~(NFLB_SVC_SET_TIMEOUT | NFLB_SVC_SET_NETMASK);
	if (svc->flags & NFLB_SVC_F_SNI)
		set |= NFLB_SVC_SET_SNI | NFLB_SVC_SET_SNI_DEFAULT;
	if (svc->nsrc_ranges)
		set |= NFLB_SVC_SET_SRC_RANGES;
	return set;
}

uint32_t nflb_dest_add_set(const struct nflb_dest *dest)
{
	uint32_t set = NFLB_DEST_SET_ALL;

	if (dest->fwd == NFLB_FWD_TUN)
		set |= NFLB_DEST_SET_TUN_TYPE;
	if (dest->health != NFLB_HEALTH_UP)
		set |= NFLB_DEST_SET_HEALTH;
	return set;
}

int nflb_service_add(struct nflb *h, const struct nflb_service *svc)
{
	return nflb_svc_cmd(h, NFLB_CMD_NEW_SERVICE, svc, nflb_svc_add_set(svc),
			    NULL, 0);
}

int nflb_service_set(struct nflb *h, const struct nflb_service *svc)
{
	return nflb_svc_cmd(h, NFLB_CMD_SET_SERVICE, svc, svc->set, NULL, 0);
}

int nflb_service_del(struct nflb *h, const struct nflb_service *svc)
{
	return nflb_svc_cmd(h, NFLB_CMD_DEL_SERVICE, svc, 0, NULL, 0);
}

int nflb_dest_add(struct nflb *h, const struct nflb_service *svc,
		  const struct nflb_dest *dest)
{
	return nflb_svc_cmd(h, NFLB_CMD_NEW_DEST, svc, 0, dest,
			    nflb_dest_add_set(dest));
}

int nflb_dest_set(struct nflb *h, const struct nflb_service *svc,
		  const struct nflb_dest *dest)
{
	return nflb_svc_cmd(h, NFLB_CMD_SET_DEST, svc, 0, dest, dest->set);
}

int nflb_dest_del(struct nflb *h, const struct nflb_service *svc,
		  const struct nflb_dest *dest)
{
	return nflb_svc_cmd(h, NFLB_CMD_DEL_DEST, svc, 0, dest, 0);
}

int nflb_flush(struct nflb *h)
{
	return nflb_svc_cmd(h, NFLB_CMD_FLUSH, NULL, 0, NULL, 0);
}

int nflb_zero(struct nflb *h, const struct nflb_service *svc)
{
	return nflb_svc_cmd(h, NFLB_CMD_ZERO, svc, 0, NULL, 0);
}

void nflb_get_stats(struct nlattr *nest, struct nflb_stats *st)
{
	struct nlattr *tb[NFLB_STATS_A_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (!nest || nla_parse_nested(tb, NFLB_STATS_A_MAX, nest, NULL))
		return;
#define GET(a, f) do { if (tb[a]) st->f = nla_get_u64(tb[a]); } while (0)
	GET(NFLB_STATS_A_CONNS, conns);
	GET(NFLB_STATS_A_PKTS_IN, pkts_in);
	GET(NFLB_STATS_A_PKTS_OUT, pkts_out);
	GET(NFLB_STATS_A_BYTES_IN, bytes_in);
	GET(NFLB_STATS_A_BYTES_OUT, bytes_out);
	GET(NFLB_STATS_A_CPS, cps);
	GET(NFLB_STATS_A_PPS_IN, pps_in);
	GET(NFLB_STATS_A_PPS_OUT, pps_out);
	GET(NFLB_STATS_A_BPS_IN, bps_in);
	GET(NFLB_STATS_A_BPS_OUT, bps_out);
#undef GET
}

static void nflb_get_addr(struct nlattr *a, union nflb_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (a && nla_len(a) <= (int)sizeof(*addr))
		memcpy(addr, nla_data(a), nla_len(a));
}

/* The prefixes of a SOURCE_RANGES nest; those past the maximum ignored. */
static void nflb_get_src_ranges(struct nlattr *nest, struct nflb_service *svc)
{
	struct nlattr *tb[NFLB_PREFIX_A_MAX + 1], *a;
	int rem;

	if (!nest)
		return;
	nla_for_each_nested(a, nest, rem) {
		struct nflb_prefix *p = &svc->src_ranges[svc->nsrc_ranges];

		if (svc->nsrc_ranges >= NFLB_MAX_SOURCE_RANGES)
			break;
		if (nla_type(a) != NFLB_SRC_RANGE_A_PREFIX ||
		    nla_parse_nested(tb, NFLB_PREFIX_A_MAX, a, NULL) ||
		    !tb[NFLB_PREFIX_A_ADDR] || !tb[NFLB_PREFIX_A_LEN])
			continue;
		nflb_get_addr(tb[NFLB_PREFIX_A_ADDR], &p->addr);
		p->len = nla_get_u8(tb[NFLB_PREFIX_A_LEN]);
		svc->nsrc_ranges++;
	}
}

int nflb_parse_svc(struct nlattr *nest, struct nflb_service *svc)
{
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];

	memset(svc, 0, sizeof(*svc));
	if (!nest || nla_parse_nested(tb, NFLB_SVC_A_MAX, nest, NULL) ||
	    !tb[NFLB_SVC_A_AF])
		return -EPROTO;
	svc->af = nla_get_u16(tb[NFLB_SVC_A_AF]);
	if (tb[NFLB_SVC_A_FWMARK])
		svc->fwmark = nla_get_u32(tb[NFLB_SVC_A_FWMARK]);
	if (tb[NFLB_SVC_A_PROTOCOL])
		svc->protocol = nla_get_u8(tb[NFLB_SVC_A_PROTOCOL]);
	nflb_get_addr(tb[NFLB_SVC_A_ADDR], &svc->addr);
	if (tb[NFLB_SVC_A_PORT])
		svc->port = ntohs(nla_get_u16(tb[NFLB_SVC_A_PORT]));
	if (tb[NFLB_SVC_A_SCHED_NAME])
		strncpy(svc->sched, nla_get_string(tb[NFLB_SVC_A_SCHED_NAME]),
			sizeof(svc->sched) - 1);
	if (tb[NFLB_SVC_A_FLAGS]) {
		struct nla_bitfield32 bf;

		memcpy(&bf, nla_data(tb[NFLB_SVC_A_FLAGS]), sizeof(bf));
		svc->flags = bf.value;
	}
	if (tb[NFLB_SVC_A_TIMEOUT])
		svc->timeout = nla_get_u32(tb[NFLB_SVC_A_TIMEOUT]);
	if (tb[NFLB_SVC_A_NETMASK])
		svc->netmask = nla_get_u8(tb[NFLB_SVC_A_NETMASK]);
	if (tb[NFLB_SVC_A_SNI_DEFAULT])
		svc->sni_default = nla_get_u8(tb[NFLB_SVC_A_SNI_DEFAULT]);
	if (tb[NFLB_SVC_A_NUM_DESTS])
		svc->num_dests = nla_get_u32(tb[NFLB_SVC_A_NUM_DESTS]);
	nflb_get_src_ranges(tb[NFLB_SVC_A_SOURCE_RANGES], svc);
	nflb_get_stats(tb[NFLB_SVC_A_STATS], &svc->stats);
	return 0;
}

int nflb_parse_dest(struct nlattr *nest, struct nflb_dest *dest)
{
	struct nlattr *tb[NFLB_DEST_A_MAX + 1];

	memset(dest, 0, sizeof(*dest));
	if (!nest || nla_parse_nested(tb, NFLB_DEST_A_MAX, nest, NULL))
		return -EPROTO;
	nflb_get_addr(tb[NFLB_DEST_A_ADDR], &dest->addr);
#define GET(a, f, get) do { if (tb[a]) dest->f = get(tb[a]); } while (0)
	GET(NFLB_DEST_A_FWD_METHOD, fwd, nla_get_u8);
	GET(NFLB_DEST_A_TUN_TYPE, tun_type, nla_get_u8);
	GET(NFLB_DEST_A_WEIGHT, weight, nla_get_u32);
	GET(NFLB_DEST_A_U_THRESH, u_thresh, nla_get_u32);
	GET(NFLB_DEST_A_L_THRESH, l_thresh, nla_get_u32);
	GET(NFLB_DEST_A_ACTIVE_CONNS, active_conns, nla_get_u32);
	GET(NFLB_DEST_A_INACT_CONNS, inact_conns, nla_get_u32);
	GET(NFLB_DEST_A_PERSIST_CONNS, persist_conns, nla_get_u32);
	GET(NFLB_DEST_A_HEALTH, health, nla_get_u8);
	GET(NFLB_DEST_A_HEALTH_AGE, health_age, nla_get_u32);
	if (tb[NFLB_DEST_A_HEALTH_BY])
		nla_strlcpy(dest->health_by, tb[NFLB_DEST_A_HEALTH_BY],
			    sizeof(dest->health_by));
#undef GET
	if (tb[NFLB_DEST_A_PORT])
		dest->port = ntohs(nla_get_u16(tb[NFLB_DEST_A_PORT]));
	nflb_get_stats(tb[NFLB_DEST_A_STATS], &dest->stats);
	return 0;
}

void *nflb_vec_push(struct nflb_vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		void *items = realloc(v->items, cap * v->size);

		if (!items)
			return NULL;
		v->items = items;
		v->cap = cap;
	}
	return (char *)v->items + v->n++ * v->size;
}

static int nflb_parse_svc_reply(struct nlattr **tb, void *arg)
{
	struct nflb_service *svc = nflb_vec_push(arg);

	return svc ? nflb_parse_svc(tb[NFLB_ATTR_SERVICE], svc) : -ENOMEM;
}

static int nflb_parse_dest_reply(struct nlattr **tb, void *arg)
{
	struct nflb_dest *dest = nflb_vec_push(arg);

	return dest ? nflb_parse_dest(tb[NFLB_ATTR_DEST], dest) : -ENOMEM;
}

int nflb_dump_fn(struct nflb *h, uint8_t cmd, const struct nflb_service *svc,
		 nflb_parse_fn parse, void *arg, void (*reset)(void *arg))
{
	int attempt, intr, ret;

	for (attempt = 0; attempt < NFLB_DUMP_RETRIES; attempt++) {
		struct nl_msg *msg = nflb_msg(h, cmd, NLM_F_DUMP);

		if (!msg)
			return -ENOMEM;
		if (svc && nflb_put_svc(msg, svc, 0)) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		reset(arg);
		ret = nflb_transact(h, msg, parse, arg, &intr);
		if (ret || !intr)
			return ret;
	}
	return -EAGAIN;
}

static void nflb_vec_reset(void *arg)
{
	((struct nflb_vec *)arg)->n = 0;
}

int nflb_dump(struct nflb *h, uint8_t cmd, const struct nflb_service *svc,
	      nflb_parse_fn parse, struct nflb_vec *v)
{
	return nflb_dump_fn(h, cmd, svc, parse, v, nflb_vec_reset);
}

int nflb_service_list(struct nflb *h, nflb_service_cb cb, void *arg)
{
	struct nflb_vec v = { .size = sizeof(struct nflb_service) };
	size_t i;
	int ret;

	ret = nflb_dump(h, NFLB_CMD_GET_SERVICE, NULL, nflb_parse_svc_reply, &v);
	for (i = 0; !ret && i < v.n; i++)
		ret = cb((struct nflb_service *)v.items + i, arg);
	free(v.items);
	return ret;
}

int nflb_dest_list(struct nflb *h, const struct nflb_service *svc,
		   nflb_dest_cb cb, void *arg)
{
	struct nflb_vec v = { .size = sizeof(struct nflb_dest) };
	size_t i;
	int ret;

	ret = nflb_dump(h, NFLB_CMD_GET_DEST, svc, nflb_parse_dest_reply, &v);
	for (i = 0; !ret && i < v.n; i++)
		ret = cb((struct nflb_dest *)v.items + i, arg);
	free(v.items);
	return ret;
}

/* A real server of an all-services listing, with its service's identity. */
struct nflb_svc_dest {
	struct nflb_dest dest;
	union nflb_addr addr;
	uint32_t fwmark;
	uint16_t af, port;
	uint8_t protocol;
};

static int nflb_parse_svc_dest(struct nlattr **tb, void *arg)
{
	struct nflb_svc_dest *sd = nflb_vec_push(arg);
	struct nflb_service svc;
	int ret;

	if (!sd)
		return -ENOMEM;
	ret = nflb_parse_svc(tb[NFLB_ATTR_SERVICE], &svc);
	if (!ret)
		ret = nflb_parse_dest(tb[NFLB_ATTR_DEST], &sd->dest);
	sd->addr = svc.addr;
	sd->fwmark = svc.fwmark;
	sd->af = svc.af;
	sd->port = svc.port;
	sd->protocol = svc.protocol;
	return ret;
}

int nflb_dump_dests_unsupported(int err)
{
	/* Modules before the all-services GET_DEST dump want a SERVICE. */
	return err == -EINVAL || err == -EOPNOTSUPP;
}

struct nflb_list_each {
	struct nflb *h;
	nflb_svc_dest_cb cb;
	void *arg;
	const struct nflb_service *svc;
};

static int nflb_list_each_dest(const struct nflb_dest *dest, void *arg)
{
	struct nflb_list_each *e = arg;

	return e->cb(e->svc, dest, e->arg);
}

static int nflb_list_each_svc(const struct nflb_service *svc, void *arg)
{
	struct nflb_list_each *e = arg;
	int ret;

	e->svc = svc;
	ret = nflb_dest_list(e->h, svc, nflb_list_each_dest, e);
	/* Deleted meanwhile by someone else: it has none. */
	if (ret == -ENOENT) {
		e->h->errmsg[0] = '\0';
		ret = 0;
	}
	return ret;
}

int nflb_dest_list_all(struct nflb *h, nflb_svc_dest_cb cb, void *arg)
{
	struct nflb_vec v = { .size = sizeof(struct nflb_svc_dest) };
	struct nflb_list_each e = { .h = h, .cb = cb, .arg = arg };
	struct nflb_service svc;
	size_t i;
	int ret;

	ret = nflb_dump(h, NFLB_CMD_GET_DEST, NULL, nflb_parse_svc_dest, &v);
	if (nflb_dump_dests_unsupported(ret)) {
		free(v.items);
		h->errmsg[0] = '\0';
		return nflb_service_list(h, nflb_list_each_svc, &e);
	}
	memset(&svc, 0, sizeof(svc));
	for (i = 0; !ret && i < v.n; i++) {
		const struct nflb_svc_dest *sd = (struct nflb_svc_dest *)v.items + i;

		svc.af = sd->af;
		svc.protocol = sd->protocol;
		svc.addr = sd->addr;
		svc.port = sd->port;
		svc.fwmark = sd->fwmark;
		ret = cb(&svc, &sd->dest, arg);
	}
	free(v.items);
	return ret;
}

static int nflb_parse_one_svc(struct nlattr **tb, void *arg)
{
	return nflb_parse_svc(tb[NFLB_ATTR_SERVICE], arg);
}

int nflb_service_get(struct nflb *h, struct nflb_service *svc)
{
	struct nl_msg *msg = nflb_msg(h, NFLB_CMD_GET_SERVICE, 0);
	struct nflb_service key = *svc;

	if (!msg)
		return -ENOMEM;
	if (nflb_put_svc(msg, &key, 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return nflb_transact(h, msg, nflb_parse_one_svc, svc, NULL);
}

static int nflb_parse_config(struct nlattr **tb, void *arg)
{
	struct nlattr *ct[NFLB_CONFIG_A_MAX + 1];
	struct nflb_config *cfg = arg;
	unsigned int a;

	if (!tb[NFLB_ATTR_CONFIG] ||
	    nla_parse_nested(ct, NFLB_CONFIG_A_MAX, tb[NFLB_ATTR_CONFIG], NULL))
		return -EPROTO;
	for (a = 1; a <= NFLB_CONFIG_A_MAX && a < NFLB_CONFIG_SLOTS; a++) {
		if (!ct[a] || nla_len(ct[a]) < (int)sizeof(uint32_t))
			continue;
		cfg->val[a] = nla_get_u32(ct[a]);
		cfg->have |= NFLB_CONFIG_BIT(a);
	}
	return 0;
}

int nflb_config_get(struct nflb *h, struct nflb_config *cfg)
{
	struct nl_msg *msg = nflb_msg(h, NFLB_CMD_GET_CONFIG, 0);

	if (!msg)
		return -ENOMEM;
	memset(cfg, 0, sizeof(*cfg));
	return nflb_transact(h, msg, nflb_parse_config, cfg, NULL);
}

int nflb_put_config(struct nl_msg *msg, const struct nflb_config *cfg,
		    uint32_t set)
{
	struct nlattr *nest = nla_nest_start(msg, NFLB_ATTR_CONFIG);
	unsigned int a;

	if (!nest)
		return -ENOMEM;
	for (a = 1; a < NFLB_CONFIG_SLOTS; a++)
		if ((set & NFLB_CONFIG_BIT(a)) &&
		    nla_put_u32(msg, (int)a, cfg->val[a]))
			return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

int nflb_config_set(struct nflb *h, const struct nflb_config *cfg)
{
	struct nl_msg *msg;

	h->errmsg[0] = '\0';
	/* Nothing to change (ipvsadm --set 0 0 0): the kernel wants some. */
	if (!(cfg->have & ~1U))
		return 0;
	msg = nflb_msg(h, NFLB_CMD_SET_CONFIG, 0);
	if (!msg)
		return -ENOMEM;
	if (nflb_put_config(msg, cfg, cfg->have)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return nflb_transact(h, msg, NULL, NULL, NULL);
}
