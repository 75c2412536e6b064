// SPDX-License-Identifier: GPL-2.0
/*
 * nflb: a netfilter-hooked Layer-4 load balancer.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/nflb.h>

#include "conn.h"
#include "nflb.h"
#include "netns.h"
#include "netlink.h"
#include "sni_rule.h"

static int __init nflb_init(void)
{
	int ret;

	ret = nflb_sni_rule_module_init();
	if (ret)
		goto err_sni;

	ret = nflb_conn_module_init();
	if (ret)
		goto err_conn;

	ret = nflb_netns_init();
	if (ret)
		goto err_netns;

	ret = nflb_genl_init();
	if (ret)
		goto err_genl;

	pr_info("nflb %s loaded\n", NFLB_VERSION);
	return 0;

err_genl:
	nflb_netns_exit();
err_netns:
	nflb_conn_module_exit();
err_conn:
	nflb_sni_rule_module_exit();
err_sni:
	return ret;
}

static void __exit nflb_exit(void)
{
	nflb_genl_exit();
	nflb_netns_exit();
	nflb_conn_module_exit();
	nflb_sni_rule_module_exit();
}

module_init(nflb_init);
module_exit(nflb_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("The nflb developers");
MODULE_DESCRIPTION("Layer-4 load balancer: NAT, DR and IP-in-IP with SNI routing");
MODULE_VERSION(NFLB_VERSION);
MODULE_ALIAS_GENL_FAMILY(NFLB_GENL_NAME);
