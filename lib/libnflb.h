/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnflb: the C library that drives the nflb load balancer.
 *
 * It hides generic netlink: callers open a handle, call functions that take
 * and fill plain structs, and close the handle.  Every function returns 0 or
 * a negative errno; nflb_strerror() then gives the reason, which is the
 * kernel's own extended-ack message when the kernel sent one.
 *
 * A handle is bound to the network namespace the calling thread is in when
 * nflb_open() runs.  Handles are not thread-safe; use one per thread.
 */
#ifndef LIBNFLB_H
#define LIBNFLB_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/nflb.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nflb;

/* What the module reports about itself (NFLB_CMD_GET_INFO). */
struct nflb_info {
	char version[32];		/* module version, "0.1.0" */
	uint32_t genl_version;		/* NFLB_GENL_VERSION of the module */
	uint32_t num_services;		/* in this namespace */
	uint32_t num_dests;
	uint32_t svc_table_size;	/* buckets of the service hash */
};

union nflb_addr {
	struct in_addr in;
	struct in6_addr in6;
	uint8_t raw[16];
};

/* Counters and rates (per second, averaged over 2 s). */
struct nflb_stats {
	uint64_t conns, pkts_in, pkts_out, bytes_in, bytes_out;
	uint64_t cps, pps_in, pps_out, bps_in, bps_out;
};

/*
 * A virtual service.  Identity: af + fwmark when fwmark != 0, else
 * af + protocol + addr + port.  Ports are in host byte order here.
 */
struct nflb_service {
	uint16_t af;			/* AF_INET or AF_INET6 */
	uint8_t protocol;		/* IPPROTO_TCP, IPPROTO_UDP; 0: fwmark */
	union nflb_addr addr;
	uint16_t port;
	uint32_t fwmark;
	char sched[NFLB_SCHED_NAME_MAX];	/* "" means the default (wlc) */
	uint32_t flags;			/* NFLB_SVC_F_* */
	uint32_t timeout;		/* persistence timeout, seconds */
	uint8_t netmask;		/* persistence prefix length */
	uint8_t sni_default;		/* NFLB_SNI_DEFAULT_*, in SNI mode */
	/* Filled by get/list: */
	uint32_t num_dests;
	struct nflb_stats stats;
	/* nflb_service_set(): which settings to change, NFLB_SVC_SET_*. */
	uint32_t set;
};

/*
 * NFLB_SVC_SET_FLAGS changes every flag but NFLB_SVC_F_SNI, which only
 * NFLB_SVC_SET_SNI changes (so that editing a service's other flags never
 * takes it out of SNI mode).  nflb_service_add() sends both.
 */
#define NFLB_SVC_SET_SCHED	(1U << 0)
#define NFLB_SVC_SET_FLAGS	(1U << 1)
#define NFLB_SVC_SET_TIMEOUT	(1U << 2)
#define NFLB_SVC_SET_NETMASK	(1U << 3)
#define NFLB_SVC_SET_SNI	(1U << 4)	/* the NFLB_SVC_F_SNI flag */
#define NFLB_SVC_SET_SNI_DEFAULT (1U << 5)	/* sni_default */

/* A real server of a service.  Identity: addr + port. */
struct nflb_dest {
	union nflb_addr addr;		/* same family as the service */
	uint16_t port;			/* host byte order */
	uint8_t fwd;			/* NFLB_FWD_* */
	uint8_t tun_type;		/* NFLB_TUN_*, for NFLB_FWD_TUN */
	uint32_t weight;		/* 0..65535 */
	uint32_t u_thresh, l_thresh;	/* 0: no threshold */
	uint8_t health;			/* NFLB_HEALTH_UP or _DOWN */
	char health_by[NFLB_HEALTH_BY_LEN]; /* who set health ("" = nobody) */
	/* Filled by list: */
	uint32_t health_age;		/* seconds since health changed */
	uint32_t active_conns, inact_conns, persist_conns;
	struct nflb_stats stats;
	/* nflb_dest_set(): which settings to change, NFLB_DEST_SET_*. */
	uint32_t set;
};

#define NFLB_DEST_SET_FWD	(1U << 0)
#define NFLB_DEST_SET_WEIGHT	(1U << 1)
#define NFLB_DEST_SET_U_THRESH	(1U << 2)
#define NFLB_DEST_SET_L_THRESH	(1U << 3)
#define NFLB_DEST_SET_TUN_TYPE	(1U << 4)
#define NFLB_DEST_SET_HEALTH	(1U << 5)	/* health and health_by */

/*
 * An SNI rule of a service in SNI mode (Documentation/sni.rst): a
 * sub-service with its own scheduler, persistence and real servers.
 * Identity: its service plus its name, "www.example.com" or
 * "*.example.com"; the kernel keeps and lists it lowercase without a
 * trailing dot, and takes any spelling of it.
 */
struct nflb_sni_rule {
	char name[NFLB_SNI_RULE_NAME_SIZE];
	char sched[NFLB_SCHED_NAME_MAX];	/* "" means the default (wlc) */
	uint32_t flags;			/* NFLB_SNI_RULE_F_ALL bits */
	uint32_t timeout;		/* persistence timeout, seconds */
	uint8_t netmask;		/* persistence prefix length */
	/* Filled by get/list: */
	uint32_t num_dests;
	struct nflb_stats stats;
	/* nflb_sni_rule_set(): NFLB_SVC_SET_SCHED, _FLAGS, _TIMEOUT, _NETMASK. */
	uint32_t set;
};

/* Timeouts (seconds) and per-namespace limits. */
struct nflb_config {
	uint32_t tcp_timeout, tcpfin_timeout, udp_timeout;
	uint32_t max_services, max_dests;
	/* nflb_config_set(): which to change, NFLB_CONFIG_SET_*. */
	uint32_t set;
};

#define NFLB_CONFIG_SET_TCP		(1U << 0)
#define NFLB_CONFIG_SET_TCPFIN		(1U << 1)
#define NFLB_CONFIG_SET_UDP		(1U << 2)
#define NFLB_CONFIG_SET_MAX_SERVICES	(1U << 3)
#define NFLB_CONFIG_SET_MAX_DESTS	(1U << 4)

/*
 * Open a handle.  Returns 0 and sets *hp, or a negative errno: -ENOENT when
 * the nflb module is not loaded and cannot be autoloaded.
 */
int nflb_open(struct nflb **hp);
void nflb_close(struct nflb *h);

/*
 * Why the last call on @h failed with @err: the kernel's extended-ack
 * message if there was one, else a description of @err.  @h may be NULL
 * (for a failed nflb_open()).  The string lives until the next call on @h.
 */
const char *nflb_strerror(struct nflb *h, int err);

int nflb_get_info(struct nflb *h, struct nflb_info *info);

int nflb_service_add(struct nflb *h, const struct nflb_service *svc);
int nflb_service_set(struct nflb *h, const struct nflb_service *svc);
int nflb_service_del(struct nflb *h, const struct nflb_service *svc);
/* Look up @svc by its identity and fill in the rest. */
int nflb_service_get(struct nflb *h, struct nflb_service *svc);

int nflb_dest_add(struct nflb *h, const struct nflb_service *svc,
		  const struct nflb_dest *dest);
int nflb_dest_set(struct nflb *h, const struct nflb_service *svc,
		  const struct nflb_dest *dest);
int nflb_dest_del(struct nflb *h, const struct nflb_service *svc,
		  const struct nflb_dest *dest);

/*
 * Listings call @cb once per object, in the kernel's order; a non-zero
 * return from @cb stops the listing and is returned.  A listing that the
 * kernel reports as inconsistent (the table changed under it) is restarted
 * transparently, up to a few times, then fails with -EAGAIN.  Objects are
 * passed to @cb only once the whole listing is known to be consistent.
 */
typedef int (*nflb_service_cb)(const struct nflb_service *svc, void *arg);
typedef int (*nflb_dest_cb)(const struct nflb_dest *dest, void *arg);
int nflb_service_list(struct nflb *h, nflb_service_cb cb, void *arg);
int nflb_dest_list(struct nflb *h, const struct nflb_service *svc,
		   nflb_dest_cb cb, void *arg);
/*
 * Every real server of the namespace in one listing, service by service in
 * the kernel's order (that of nflb_service_list()); @svc carries only the
 * service's identity.  With a module that cannot list them all at once it
 * lists them service by service instead (not one consistent listing then).
 */
typedef int (*nflb_svc_dest_cb)(const struct nflb_service *svc,
				const struct nflb_dest *dest, void *arg);
int nflb_dest_list_all(struct nflb *h, nflb_svc_dest_cb cb, void *arg);

/*
 * SNI rules of the service @svc (its identity; it must be in SNI mode to
 * add one).  Deleting a rule deletes its real servers.  _get looks @rule
 * up by its name and fills in the rest.  The listing is in creation order,
 * with the contract of the listings above.
 */
int nflb_sni_rule_add(struct nflb *h, const struct nflb_service *svc,
		      const struct nflb_sni_rule *rule);
int nflb_sni_rule_set(struct nflb *h, const struct nflb_service *svc,
		      const struct nflb_sni_rule *rule);
int nflb_sni_rule_del(struct nflb *h, const struct nflb_service *svc,
		      const struct nflb_sni_rule *rule);
int nflb_sni_rule_get(struct nflb *h, const struct nflb_service *svc,
		      struct nflb_sni_rule *rule);
typedef int (*nflb_sni_rule_cb)(const struct nflb_sni_rule *rule, void *arg);
int nflb_sni_rule_list(struct nflb *h, const struct nflb_service *svc,
		       nflb_sni_rule_cb cb, void *arg);

/*
 * Real servers of the SNI rule named @rule of @svc, as nflb_dest_add(),
 * _set(), _del() and _list(); @rule NULL means the service's own real
 * servers (its default rule).
 */
int nflb_sni_dest_add(struct nflb *h, const struct nflb_service *svc,
		      const char *rule, const struct nflb_dest *dest);
int nflb_sni_dest_set(struct nflb *h, const struct nflb_service *svc,
		      const char *rule, const struct nflb_dest *dest);
int nflb_sni_dest_del(struct nflb *h, const struct nflb_service *svc,
		      const char *rule, const struct nflb_dest *dest);
int nflb_sni_dest_list(struct nflb *h, const struct nflb_service *svc,
		       const char *rule, nflb_dest_cb cb, void *arg);

/* Remove every service (and so every real server) of the namespace. */
int nflb_flush(struct nflb *h);
/* Zero the counters of @svc and its real servers, or of all when NULL. */
int nflb_zero(struct nflb *h, const struct nflb_service *svc);

int nflb_config_get(struct nflb *h, struct nflb_config *cfg);
/* Change the settings in cfg->set; none set: nothing to do, returns 0. */
int nflb_config_set(struct nflb *h, const struct nflb_config *cfg);

/*
 * Connection table figures (NFLB_CMD_GET_INFO).  Returns -EOPNOTSUPP when
 * the module reports no connection table (modules before the data path).
 */
struct nflb_conn_stats {
	uint32_t num_conns;		/* tracked connections now */
	uint32_t table_size;		/* buckets of the connection hash */
	uint32_t conn_size;		/* bytes per connection entry */
	uint64_t drops;			/* new flows dropped, table full */
	uint64_t no_conn_drops;		/* non-SYN TCP without an entry */
	uint64_t tcp_invalid;		/* TCP outside its entry's window */
	uint64_t early_drops;		/* half-open entries evicted, full */
	uint64_t orphan_drops;		/* from a NAT real server, no entry */
};

int nflb_get_conn_stats(struct nflb *h, struct nflb_conn_stats *cs);

/*
 * SNI mode's figures (NFLB_CMD_GET_INFO; Documentation/sni.rst).  Returns
 * -EOPNOTSUPP when the module reports none (modules before its data path).
 */
struct nflb_sni_stats {
	uint32_t pending;		/* waiting for a name or a server now */
	uint64_t cookie_fails;		/* ACKs without a valid cookie */
	uint64_t pending_drops;		/* sni-max-pending reached */
	uint64_t peek_overflows;	/* sni-peek-bytes without a decision */
	uint64_t timeouts;		/* no decision or no server in time */
	uint64_t resets;		/* clients refused with a RST */
	uint64_t bound;			/* connections bound to a server */
	uint64_t held_bytes;		/* held for pending connections now */
	uint64_t held_limit;		/* the host's ceiling on held_bytes */
	uint64_t held_drops;		/* packets dropped at that ceiling */
	uint64_t source_drops;		/* one source's pending limit reached */
};

int nflb_get_sni_stats(struct nflb *h, struct nflb_sni_stats *st);

/*
 * One setting of the namespace's configuration by its attribute,
 * NFLB_CONFIG_A_* (all are u32): settings added after struct nflb_config,
 * such as NFLB_CONFIG_A_MAX_CONNS.  _get returns -ENOENT when the module
 * does not report @attr.
 */
int nflb_config_get_attr(struct nflb *h, unsigned int attr, uint32_t *val);
int nflb_config_set_attr(struct nflb *h, unsigned int attr, uint32_t val);
/*
 * Several settings in one request: all change, or none (the kernel's
 * message says which value it refused).  @n 0: nothing to do.
 */
int nflb_config_set_attrs(struct nflb *h, const unsigned int *attrs,
			  const uint32_t *vals, size_t n);

/*
 * Tracked connections and persistence templates (NFLB_CMD_GET_CONN).
 * Addresses have family @af; ports are in host byte order.
 */
struct nflb_conn {
	uint16_t af;
	uint8_t protocol;		/* IPPROTO_TCP, IPPROTO_UDP */
	uint8_t fwd;			/* NFLB_FWD_* */
	uint8_t state;			/* NFLB_CONN_S_* */
	union nflb_addr caddr;		/* client */
	union nflb_addr vaddr;		/* virtual service */
	union nflb_addr daddr;		/* real server */
	uint16_t cport, vport, dport;
	uint32_t expires_ms;		/* until it expires */
	uint32_t flags;			/* NFLB_CONN_F_* */
	uint32_t fwmark;		/* firewall-mark services only */
};

/*
 * Call @cb for each connection, of the service @svc (its identity) or of
 * all when @svc is NULL.  Connections are passed as they arrive: the
 * listing is not a snapshot of one instant.  A non-zero return from @cb
 * stops it and is returned.  Returns -EOPNOTSUPP when the module has no
 * connection table.
 */
typedef int (*nflb_conn_cb)(const struct nflb_conn *conn, void *arg);
int nflb_conn_list(struct nflb *h, const struct nflb_service *svc,
		   nflb_conn_cb cb, void *arg);

/* Name of an NFLB_CONN_S_* state as ipvsadm -Lc prints it ("ESTABLISHED"). */
const char *nflb_conn_state_name(unsigned int state);

/*
 * Events: every change to the namespace's services, real servers and
 * configuration, as it happens (the multicast group NFLB_MCGRP_EVENTS).
 *
 * nflb_event_open() opens a handle that receives them; use it only with
 * the nflb_event_* calls and nflb_close() (open another handle for
 * requests).  From an event loop, poll nflb_event_fd() for input and call
 * nflb_event_dispatch(), which never blocks; or call nflb_event_loop(),
 * which blocks.  Either calls @cb once per event, in the order the kernel
 * made the changes.
 *
 * struct nflb_event, per cmd:
 *   NFLB_CMD_NEW_SERVICE, _SET_SERVICE   svc: identity and settings
 *   NFLB_CMD_DEL_SERVICE                 svc: identity (its real servers
 *                                        are gone too, without events)
 *   NFLB_CMD_NEW_DEST, _SET_DEST         svc: identity; dest: all settings
 *   NFLB_CMD_DEL_DEST                    svc: identity; dest: addr, port
 *   NFLB_CMD_FLUSH                       every service was removed
 *   NFLB_CMD_SET_CONFIG                  the configuration changed
 *   NFLB_CMD_NEW_SNI_RULE, _SET_SNI_RULE svc: identity; rule: all settings
 *   NFLB_CMD_DEL_SNI_RULE                svc: identity; rule: name (its
 *                                        real servers are gone too)
 * A real server's event of an SNI rule has the rule's name in rule.name
 * ("" for the service's own real servers).  Fields not listed are zero.
 *
 * When events arrive faster than they are read, the kernel drops some:
 * the dispatch then returns -ENOBUFS (once; the handle stays usable) and
 * the caller should list the state again.
 */
struct nflb_event {
	uint8_t cmd;			/* NFLB_CMD_* that made the change */
	struct nflb_service svc;
	struct nflb_dest dest;
	struct nflb_sni_rule rule;
};

typedef int (*nflb_event_cb)(const struct nflb_event *ev, void *arg);

int nflb_event_open(struct nflb **hp);
/* The descriptor to poll for input (POLLIN). */
int nflb_event_fd(struct nflb *h);
/*
 * Deliver the events already received, without blocking.  Returns 0 when
 * none is left, @cb's non-zero return value when @cb stopped it (the
 * events after that one stay queued), or a negative errno.
 */
int nflb_event_dispatch(struct nflb *h, nflb_event_cb cb, void *arg);
/*
 * Wait for events and deliver them until @cb returns non-zero (that value
 * is returned) or an error: -ENOBUFS (events lost, see above), -EINTR (a
 * signal arrived), other negative errnos.
 */
int nflb_event_loop(struct nflb *h, nflb_event_cb cb, void *arg);

/*
 * Apply a desired state: make the kernel's services and real servers
 * those of @svcs, changing only what differs.
 *
 * @svcs lists each service once (identity and settings, as for
 * nflb_service_add(): sched "" means wlc; timeout and netmask count only
 * when the service is persistent) with all its real servers (as for
 * nflb_dest_add(); tun_type counts only for NFLB_FWD_TUN).  The kernel's
 * state is read once (services, then real servers), compared with @svcs,
 * and the differences are sent on @h's socket, many requests per system
 * call, in this order: with NFLB_APPLY_PRUNE, services that @svcs lacks
 * are deleted first; then, per service of @svcs in its order, the service
 * is added ('+') or its settings changed ('~'), real servers that @svcs
 * lacks are deleted ('-', with NFLB_APPLY_PRUNE), changed ('~') and
 * added ('+').  Without NFLB_APPLY_PRUNE, services and real servers that
 * @svcs lacks are left alone.
 *
 * @cb (may be NULL) is called once per change when the kernel has
 * answered it (with NFLB_APPLY_DRY_RUN, once per change that would be
 * made, and none is).  A change that failed has ch->err < 0 and
 * nflb_strerror(h, ch->err) says why, during the callback.  The changes
 * already sent with it are reported too, then nflb_apply() returns the
 * first failure's error: the kernel is left part-way (changes are not
 * transactional; apply again once the cause is fixed).  A non-zero return
 * from @cb stops nflb_apply() likewise, once the changes in flight are
 * answered, and is returned.
 *
 * Returns 0, or -EINVAL (nflb_strerror() says which) when @svcs names a
 * service twice or a real server twice within a service, before anything
 * is changed, or another negative errno.
 */
struct nflb_apply_service {
	struct nflb_service svc;
	const struct nflb_dest *dests;
	size_t ndests;
};

struct nflb_change {
	char op;			/* '+' add, '-' delete, '~' change */
	/* The service; for a real server's change, its service. */
	const struct nflb_service *svc;
	/* The real server, or NULL when the change is to the service. */
	const struct nflb_dest *dest;
	/* '~': what differs, NFLB_SVC_SET_* or NFLB_DEST_SET_* (dest). */
	uint32_t set;
	int err;			/* 0, or why the kernel refused it */
};

typedef int (*nflb_change_cb)(const struct nflb_change *ch, void *arg);

#define NFLB_APPLY_DRY_RUN	(1U << 0)	/* report, change nothing */
#define NFLB_APPLY_PRUNE	(1U << 1)	/* delete what @svcs lacks */

int nflb_apply(struct nflb *h, const struct nflb_apply_service *svcs,
	       size_t nsvcs, unsigned int flags, nflb_change_cb cb, void *arg);

/*
 * What nflb_apply() would change in the service or real server @have to
 * make it @want: NFLB_SVC_SET_* or NFLB_DEST_SET_* of the settings that
 * differ (a real server's health aside).  nflb_apply() leaves SNI rules
 * alone (Documentation/sni.rst): a caller applies them with the
 * nflb_sni_*() calls and these (a rule's settings in a service's struct).
 */
uint32_t nflb_service_changes(const struct nflb_service *want,
			      const struct nflb_service *have);
uint32_t nflb_dest_changes(const struct nflb_dest *want,
			   const struct nflb_dest *have);

/*
 * Names and identities, the same for every tool (names.c): a forwarding
 * method's name in JSON and apply files ("masq", "route", "tunnel"; NULL
 * if unknown) and back (NFLB_FWD_*, or -1); whether two services are the
 * same one (family, protocol, address and port; or family and fwmark),
 * and two addresses of family @af.
 */
const char *nflb_fwd_name(unsigned int fwd);
int nflb_fwd_parse(const char *name);
bool nflb_service_same(const struct nflb_service *a,
		       const struct nflb_service *b);
bool nflb_addr_same(uint16_t af, const union nflb_addr *a,
		    const union nflb_addr *b);

/* Version of the library itself. */
const char *nflb_lib_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBNFLB_H */
