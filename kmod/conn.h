/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_CONN_H
#define _NFLB_CONN_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/netfilter.h>

struct nflb_net;
struct nflb_dest;
struct nflb_service;

/*
 * A tracked flow, or a persistence template (NFLB_CONN_F_TEMPLATE).  See
 * Documentation/datapath.rst for the layout and its size.  Fields other
 * than state, expires and the flag bits are fixed once it is hashed.
 */
struct nflb_conn {
	struct hlist_node node;		/* in a bucket, RCU */
	union nf_inet_addr caddr;	/* client */
	union nf_inet_addr vaddr;	/* what the client addressed */
	union nf_inet_addr daddr;	/* real server */
	__be16 cport;
	__be16 vport;
	__be16 dport;
	u8 af;
	u8 proto;
	u8 state;			/* NFLB_CONN_S_* */
	u8 flags;			/* NFLB_CONN_F_* and the internal ones */
	u8 fwd;				/* NFLB_FWD_*, the dest's at creation */
	s8 sni_wshift;			/* NFLB_CONN_F_SNI, once bound; below
					 * -7: -8 - the client's window scale,
					 * the server declined scaling
					 */
	spinlock_t lock;		/* state changes */
	unsigned long expires;		/* jiffies */
	struct nflb_dest *dest;		/* holds a reference */
	union {
		/*
		 * The persistence template that chose dest, or NULL; holds
		 * a reference, dropped when the entry is unlinked, before
		 * rcu is used.
		 */
		struct nflb_conn *control;
		struct rcu_head rcu;
	};
	u32 sni_seq_delta;		/* the rest of struct nflb_sni_xlate */
	u32 sni_ts_off;
	union {
		/* TCP, under lock: what each side (0: the client) may send */
		struct {
			u32 td_end[2];	/* after the highest sequence seen */
			u16 td_win[2];	/* the largest window, unscaled */
			u8 td_wscale;	/* window shifts: client's low nibble */
			u8 td_flags;	/* NFLB_TD_* */
		};
		/*
		 * A template: one for the table, one per entry it controls;
		 * it lives while it controls one (Documentation/datapath.rst,
		 * "Persistence templates").
		 */
		refcount_t users;
	};
};

#define NFLB_TD_INIT(dir)	BIT(dir)	/* td_end[dir] is known */
#define NFLB_TD_SYN		BIT(2)		/* began with the client's SYN */

/* Internal flag bits, above the uapi NFLB_CONN_F_* ones. */
#define NFLB_CONN_F_BOUND	BIT(5)	/* SNI: sni set, packets translated */
#define NFLB_CONN_F_ACTIVE	BIT(6)	/* counted in active_conns */
#define NFLB_CONN_F_UNLINKED	BIT(7)	/* out of the table */

#define NFLB_CONN_LOCKS		256

struct nflb_conn_tab {
	struct hlist_head *buckets;
	u32 mask;
	u32 seed;
	atomic_t count;
	atomic64_t drops;		/* table full */
	atomic64_t no_conn_drops;	/* TCP, not a SYN, no entry */
	atomic64_t tcp_invalid;		/* TCP, outside what the entry allows */
	atomic64_t early_drops;		/* half-open entries evicted, full */
	atomic64_t orphan_drops;	/* from a NAT real server, no entry */
	spinlock_t locks[NFLB_CONN_LOCKS];
	struct delayed_work gc;
	u32 gc_next;			/* next bucket the worker looks at */
};

/* The identity of a flow as the client sees it. */
struct nflb_flow {
	union nf_inet_addr caddr;
	union nf_inet_addr vaddr;
	__be16 cport;
	__be16 vport;
	u8 af;
	u8 proto;
};

int nflb_conn_module_init(void);
void nflb_conn_module_exit(void);
int nflb_conn_init(struct nflb_net *nn);
u32 nflb_conn_tab_size(const struct nflb_net *nn);
void nflb_conn_exit(struct nflb_net *nn);

/* Lookups, under rcu_read_lock(). */
struct nflb_conn *nflb_conn_lookup_in(struct nflb_net *nn,
				      const struct nflb_flow *flow);
struct nflb_conn *nflb_conn_lookup_reply(struct nflb_net *nn, u8 af, u8 proto,
					 const union nf_inet_addr *saddr,
					 __be16 sport,
					 const union nf_inet_addr *daddr,
					 __be16 dport);
struct nflb_conn *nflb_conn_lookup_tmpl(struct nflb_net *nn,
					struct nflb_service *svc,
					const union nf_inet_addr *caddr);

/*
 * A new entry for @flow to @dest, chosen by the template @control (or
 * NULL), or ERR_PTR (-ENOSPC: table full), or NULL (no memory).  Another
 * CPU may have made the same entry first: it is returned and @made is
 * false.
 */
struct nflb_conn *nflb_conn_new(struct nflb_net *nn,
				const struct nflb_flow *flow,
				struct nflb_dest *dest, struct nflb_conn *control,
				u8 flags, bool *made);
void nflb_conn_unlink(struct nflb_net *nn, struct nflb_conn *cp);
void nflb_conn_gc_now(struct nflb_net *nn);

/* What the TCP state tracking reads of a segment (kmod/conn_tcp.c). */
struct nflb_tcp_seg {
	u32 seq;
	u32 ack;
	u32 end;			/* seq + payload + SYN + FIN */
	u16 win;			/* as sent, unscaled */
	u8 flags;			/* NFLB_TCP_* */
	s8 wscale;			/* a SYN's window-scale option; -1: none */
};

struct nflb_pkt;
struct sk_buff;
int nflb_tcp_seg_of(const struct sk_buff *skb, const struct nflb_pkt *p,
		    struct nflb_tcp_seg *seg);

/*
 * Packet path: a segment seen on the way in (@in) or out.  False: it lies
 * outside what the entry allows (nothing changed, counted).
 */
bool nflb_conn_tcp_update(struct nflb_net *nn, struct nflb_conn *cp, bool in,
			  const struct nflb_tcp_seg *seg);
/* SNI: the server's SYN-ACK bound @cp; window shifts as each side uses them. */
void nflb_conn_tcp_bound(struct nflb_net *nn, struct nflb_conn *cp,
			 u32 client_isn, int client_wscale,
			 const struct nflb_tcp_seg *synack, int server_wscale);
void nflb_conn_touch(struct nflb_net *nn, struct nflb_conn *cp);
void nflb_conn_set_timeout(struct nflb_conn *cp, unsigned int secs);

/* Is @cp usable: not expired, real server still there. */
bool nflb_conn_alive(const struct nflb_conn *cp);

/* Dump cursor helpers for NFLB_CMD_GET_CONN. */
typedef int (*nflb_conn_visit_t)(struct nflb_conn *cp, void *arg);
int nflb_conn_walk(struct nflb_net *nn, u32 *bucket, u32 *skip,
		   nflb_conn_visit_t visit, void *arg);

unsigned int nflb_conn_state_timeout(struct nflb_net *nn, u8 proto, u8 state);

#endif /* _NFLB_CONN_H */
