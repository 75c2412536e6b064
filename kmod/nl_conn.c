// SPDX-License-Identifier: GPL-2.0
/*
 * NFLB_CMD_GET_CONN: dump the connection table (ipvsadm -Lc).  The table
 * changes with every packet, so this is a walk, not a snapshot: resumable
 * by bucket and position, entries added or removed meanwhile may be missed.
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/nflb.h>

#include "compat.h"
#include "conn.h"
#include "netlink.h"
#include "netns.h"
#include "nl_msg.h"
#include "nl_parse.h"
#include "service.h"

struct nflb_conn_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct nflb_service *svc;	/* only this one's and its SNI
					 * rules', if set
					 */
};

static int nflb_nl_put_conn(struct nflb_conn *cp, void *arg)
{
	struct nflb_conn_dump *d = arg;
	const struct nflb_service *svc = cp->dest->svc;
	struct sk_buff *skb = d->skb;
	long left = READ_ONCE(cp->expires) - jiffies;
	struct nlattr *nest;
	void *hdr;

	/* a live entry's rule is in its service's table: parent is valid */
	if (d->svc && svc != d->svc && svc->parent != d->svc)
		return 0;
	hdr = genlmsg_put(skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &nflb_genl_family, NLM_F_MULTI,
			  NFLB_CMD_GET_CONN);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, NFLB_ATTR_CONN);
	if (!nest ||
	    nla_put_u16(skb, NFLB_CONN_A_AF, cp->af) ||
	    nla_put_u8(skb, NFLB_CONN_A_PROTOCOL, cp->proto) ||
	    nflb_put_addr(skb, NFLB_CONN_A_CADDR, cp->af, &cp->caddr) ||
	    nla_put_be16(skb, NFLB_CONN_A_CPORT, cp->cport) ||
	    nflb_put_addr(skb, NFLB_CONN_A_VADDR, cp->af, &cp->vaddr) ||
	    nla_put_be16(skb, NFLB_CONN_A_VPORT, cp->vport) ||
	    nflb_put_addr(skb, NFLB_CONN_A_DADDR, cp->af, &cp->daddr) ||
	    nla_put_be16(skb, NFLB_CONN_A_DPORT, cp->dport) ||
	    nla_put_u8(skb, NFLB_CONN_A_FWD_METHOD, cp->fwd) ||
	    nla_put_u8(skb, NFLB_CONN_A_STATE, READ_ONCE(cp->state)) ||
	    nla_put_u32(skb, NFLB_CONN_A_EXPIRES,
			left > 0 ? jiffies_to_msecs(left) : 0) ||
	    nla_put_u32(skb, NFLB_CONN_A_FLAGS, READ_ONCE(cp->flags) &
			(NFLB_CONN_F_TEMPLATE | NFLB_CONN_F_ONEPACKET |
			 NFLB_CONN_F_SNI)) ||
	    (svc->key.fwmark &&
	     nla_put_u32(skb, NFLB_CONN_A_FWMARK, svc->key.fwmark))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

int nflb_nl_dump_conn(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nflb_net *nn = nflb_net(sock_net(skb->sk));
	struct nlattr **attrs = nflb_dump_attrs(cb);
	struct nflb_conn_dump d = { .skb = skb, .cb = cb };
	u32 bucket = cb->args[0], skip = cb->args[1];
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_svc_key key;
	int ret;

	rcu_read_lock();
	if (attrs[NFLB_ATTR_SERVICE]) {
		ret = nflb_parse_svc(attrs[NFLB_ATTR_SERVICE], tb, &key,
				     cb->extack);
		if (ret)
			goto out;
		d.svc = nflb_svc_lookup(nn, &key);
		if (!d.svc) {
			NL_SET_ERR_MSG(cb->extack, "service does not exist");
			ret = -ENOENT;
			goto out;
		}
	}
	ret = nflb_conn_walk(nn, &bucket, &skip, nflb_nl_put_conn, &d);
	cb->args[0] = bucket;
	cb->args[1] = skip;
	/* a full message is no error: the next call goes on from there */
	ret = (ret && !skb->len) ? ret : skb->len;
out:
	rcu_read_unlock();
	return ret;
}
