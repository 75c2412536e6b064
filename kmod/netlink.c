// SPDX-License-Identifier: GPL-2.0
/*
 * The "nflb" generic netlink family: the only control interface.
 * The protocol is documented in include/uapi/linux/nflb.h.
 */
#include <net/genetlink.h>
#include <linux/nflb.h>

#include "nflb.h"
#include "netlink.h"

static const struct nla_policy nflb_attr_policy[NFLB_ATTR_MAX + 1] = {
	[NFLB_ATTR_VERSION] = {
		.type = NLA_REJECT,
		.reject_message = "version is reply-only",
	},
	[NFLB_ATTR_GENL_VERSION] = {
		.type = NLA_REJECT,
		.reject_message = "genl version is reply-only",
	},
};

static struct genl_family nflb_genl_family;

static int nflb_get_info_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &nflb_genl_family, 0,
				NFLB_CMD_GET_INFO);
	if (!hdr)
		goto err_free;

	if (nla_put_string(msg, NFLB_ATTR_VERSION, NFLB_VERSION) ||
	    nla_put_u32(msg, NFLB_ATTR_GENL_VERSION, NFLB_GENL_VERSION))
		goto err_cancel;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_cancel:
	genlmsg_cancel(msg, hdr);
err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_ops nflb_genl_ops[] = {
	{
		.cmd	= NFLB_CMD_GET_INFO,
		.doit	= nflb_get_info_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family nflb_genl_family __ro_after_init = {
	.name		= NFLB_GENL_NAME,
	.version	= NFLB_GENL_VERSION,
	.maxattr	= NFLB_ATTR_MAX,
	.policy		= nflb_attr_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= nflb_genl_ops,
	.n_ops		= ARRAY_SIZE(nflb_genl_ops),
	.resv_start_op	= 0,
};

int __init nflb_genl_init(void)
{
	return genl_register_family(&nflb_genl_family);
}

void nflb_genl_exit(void)
{
	genl_unregister_family(&nflb_genl_family);
}
