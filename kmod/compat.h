/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels nflb builds for (6.1 .. 6.12), in one
 * place.  Each is detected by what the kernel's headers provide: a macro
 * they define, or a probe in Kbuild (NFLB_HAVE_*), never by version number.
 */
#ifndef _NFLB_COMPAT_H
#define _NFLB_COMPAT_H

#include <linux/export.h>
#include <linux/netlink.h>
#include <net/genetlink.h>

/*
 * Formatted extack messages arrived in 6.2.  Before, the message must be
 * a constant: @fallback says the same without the values.
 */
#ifdef NL_SET_ERR_MSG_FMT_MOD
#define NFLB_ERR_FMT(extack, fallback, fmt, args...) \
	NL_SET_ERR_MSG_FMT(extack, fmt, ##args)
#else
#define NFLB_ERR_FMT(extack, fallback, fmt, args...) \
	NL_SET_ERR_MSG(extack, fallback)
#endif

/* The parsed request attributes of a dump (6.1: in genl_dumpit_info). */
static inline struct nlattr **nflb_dump_attrs(struct netlink_callback *cb)
{
#ifdef NFLB_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* skb_gso_validate_network_len() moved to <net/gso.h> in 6.5. */
#ifdef NFLB_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/* <asm/unaligned.h> became <linux/unaligned.h> in 6.12. */
#ifdef NFLB_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * The KUnit suites are a module of their own (nflb_kunit.ko, built only
 * when the kernel has KUnit) and call into nflb through these exports,
 * which exist only then.  (<kunit/visibility.h> has the same idea from 6.2
 * on, with a symbol namespace whose spelling changed in 6.13.)  The name
 * starts with EXPORT_SYMBOL so that checkpatch knows what it is.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define EXPORT_SYMBOL_FOR_NFLB_KUNIT(sym) EXPORT_SYMBOL_GPL(sym)
#else
#define EXPORT_SYMBOL_FOR_NFLB_KUNIT(sym)
#endif

#endif /* _NFLB_COMPAT_H */
