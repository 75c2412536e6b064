/* SPDX-License-Identifier: GPL-2.0 */
/* Balancing a new flow: its service and its connection (balance.c). */
#ifndef _NFLB_BALANCE_H
#define _NFLB_BALANCE_H

#include <linux/types.h>

struct nflb_conn;
struct nflb_flow;
struct nflb_net;
struct nflb_service;

/*
 * The service of a new flow: by VIP and port, else (@mark) by fwmark;
 * by fwmark only if @mark_only.  RCU.
 */
struct nflb_service *nflb_flow_service(struct nflb_net *nn,
				       const struct nflb_flow *flow,
				       u32 mark, bool mark_only);
/*
 * A new flow of @svc: pick a real server and make its entry (@cflags: TCP
 * only).  A UDP one-packet flow to a DR or TUN server gets no entry: *@tmp
 * is filled in and returned.  NULL: no server, or no entry.  BH disabled.
 */
struct nflb_conn *nflb_new_conn(struct nflb_net *nn, struct nflb_service *svc,
				const struct nflb_flow *flow, struct nflb_conn *tmp,
				u8 cflags);

#endif /* _NFLB_BALANCE_H */
