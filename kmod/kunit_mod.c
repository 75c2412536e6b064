// SPDX-License-Identifier: GPL-2.0
/*
 * nflb_kunit.ko: nflb's KUnit suites (*_kunit.c), run when this module
 * loads.  It needs nflb.ko loaded first (modprobe resolves that through
 * the symbols it uses).
 */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The nflb developers");
MODULE_DESCRIPTION("KUnit suites of the nflb load balancer");
