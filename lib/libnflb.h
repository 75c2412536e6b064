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
 *
 * API and ABI.  The calls declared here are the whole interface: the
 * shared library exports them and nothing else, each with the symbol
 * version LIBNFLB_0 (lib/libnflb.map), under the soname libnflb.so.0.
 * Within one soname calls are only added, and a call whose behaviour must
 * change gets a new symbol version while the old one keeps its meaning.
 * Callers allocate every struct here, often in arrays, so a struct changes
 * size or layout only with a new soname; struct nflb_config keeps free
 * slots so that new settings need none.  Values of include/uapi's enums
 * that a newer module adds reach callers unchanged; callers ignore what
 * they do not know.
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
 * A client prefix (a service's source range): an address of the
 * service's family with no bit set past @len (0..32 or 0..128).
 */
struct nflb_prefix {
	union nflb_addr addr;
	uint8_t len;
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
	/*
	 * The clients it takes new flows from (Documentation/datapath.rst,
	 * "Source ranges"); none: every client.  Distinct prefixes.
	 */
	uint8_t nsrc_ranges;		/* 0..NFLB_MAX_SOURCE_RANGES */
	struct nflb_prefix src_ranges[NFLB_MAX_SOURCE_RANGES];
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
#define NFLB_SVC_SET_SRC_RANGES	(1U << 6)	/* the whole list; none clears it */

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

/*
 * The namespace's settings (NFLB_CMD_GET_CONFIG, _SET_CONFIG): timeouts in
 * seconds, limits, SNI settings, and the host's ceilings on the limits
 * (NFLB_CONFIG_A_*_CEILING, read only).  val[] is indexed by
 * NFLB_CONFIG_A_*; a setting counts when its NFLB_CONFIG_BIT() is in
 * @have: nflb_config_get() sets the bits of the settings the module
 * reports, nflb_config_set() sends those whose bits are set.  Settings
 * that later modules add take free slots, so the struct keeps its size.
 */
#define NFLB_CONFIG_SLOTS	32
#define NFLB_CONFIG_BIT(attr)	(1U << (attr))

struct nflb_config {
	uint32_t val[NFLB_CONFIG_SLOTS];
	uint32_t have;
};

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
/*
 * Change the settings in cfg->have, in one request: all change, or none
 * and the kernel's message says which value it refused.  None: nothing to
 * do, returns 0.
 */
int nflb_config_set(struct nflb *h, const struct nflb_config *cfg);

/*
 * A setting's name, as state files and `nflbadm config -j` spell it
 * ("tcp_timeout", "max_conns"; NULL for an unknown @attr), and back from
 * that name or its dashed form ("tcp-timeout"): NFLB_CONFIG_A_*, or -1.
 * nflb_config_max() is the largest value the setting takes (the least is
 * 1), or 0 for the host's ceilings, which no namespace sets.
 */
const char *nflb_config_name(unsigned int attr);
int nflb_config_attr(const char *name);
uint32_t nflb_config_max(unsigned int attr);

/* The connection table's figures (Documentation/datapath.rst). */
struct nflb_conn_stats {
	uint32_t num_conns;		/* tracked connections now */
	uint32_t table_size;		/* buckets of the connection hash */
	uint32_t conn_size;		/* bytes per connection entry */
	uint64_t drops;			/* new flows dropped, table full */
	uint64_t no_conn_drops;		/* non-SYN TCP without an entry */
	uint64_t tcp_invalid;		/* TCP outside its entry's window */
	uint64_t early_drops;		/* half-open entries evicted, full */
	uint64_t orphan_drops;		/* from a NAT real server, no entry */
	uint64_t src_range_drops;	/* new flows from outside a service's
					 * source ranges
					 */
};

/* SNI mode's figures (Documentation/sni.rst). */
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

/*
 * What the module reports about itself and its namespace
 * (NFLB_CMD_GET_INFO).  have_conns and have_sni are false with modules
 * that predate the connection table or SNI routing's data path; their
 * figures are zero then.
 */
struct nflb_info {
	char version[32];		/* module version, "0.1.0" */
	uint32_t genl_version;		/* NFLB_GENL_VERSION of the module */
	uint32_t num_services;		/* in this namespace */
	uint32_t num_dests;
	uint32_t svc_table_size;	/* buckets of the service hash */
	bool have_conns, have_sni;
	struct nflb_conn_stats conns;
	struct nflb_sni_stats sni;
};

int nflb_get_info(struct nflb *h, struct nflb_info *info);

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
 *   NFLB_EVENT_MODULE_GONE              the module was unloaded: the
 *                                        namespace's state is gone; the
 *                                        request handles are stale (close
 *                                        them)
 *   NFLB_EVENT_MODULE_BACK              it was loaded again: open request
 *                                        handles anew and list the state;
 *                                        this handle goes on receiving
 * A real server's event of an SNI rule has the rule's name in rule.name
 * ("" for the service's own real servers).  Fields not listed are zero.
 * Nothing in the library loads the module once it is gone; nflb_open()
 * does (the kernel's autoloader), so wait for NFLB_EVENT_MODULE_BACK.
 *
 * When events arrive faster than they are read, the kernel drops some:
 * the dispatch then returns -ENOBUFS (once; the handle stays usable) and
 * the caller should list the state again.
 */
/* The library's own events, past every NFLB_CMD_*. */
#define NFLB_EVENT_MODULE_GONE	0xfe
#define NFLB_EVENT_MODULE_BACK	0xff

struct nflb_event {
	uint8_t cmd;			/* NFLB_CMD_* or NFLB_EVENT_* */
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
 * Apply a desired state: make the namespace's services, their real
 * servers and SNI rules, and its settings those of @st, changing only what
 * differs.
 *
 * st->svcs lists each service once (identity and settings, as for
 * nflb_service_add(): sched "" means wlc; timeout and netmask count only
 * when the service is persistent) with all its real servers (as for
 * nflb_dest_add(); tun_type counts only for NFLB_FWD_TUN) and, in SNI mode
 * (NFLB_SVC_F_SNI), its SNI rules with theirs.  A rule's name may be
 * spelled in any case and with a trailing dot, as the kernel takes it.
 * st->config, when not NULL, has the settings to make so in its @have
 * (the host's ceilings cannot be among them).
 *
 * The kernel's state is read once, compared with @st, and the differences
 * are sent on @h's socket, many requests per system call, in this order:
 * with NFLB_APPLY_PRUNE, the SNI rules of services that leave SNI mode and
 * the services that @st lacks are deleted first; then the settings that
 * differ are changed in one request; then, per service of st->svcs in its
 * order, the service is added ('+') or its settings changed ('~'), its
 * real servers that @st lacks are deleted ('-', with NFLB_APPLY_PRUNE),
 * changed ('~') and added ('+'), and in SNI mode its rules likewise, each
 * followed by its real servers.  Without NFLB_APPLY_PRUNE, objects that
 * @st lacks are left alone; settings that st->config lacks always are.
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
 * Returns 0, or -EINVAL (nflb_strerror() says which) when @st names a
 * service twice, a real server twice within a service or rule, a rule
 * twice within a service, a rule of a service not in SNI mode, an invalid
 * rule name or a read-only setting, before anything is changed; or
 * another negative errno.
 */
struct nflb_apply_rule {
	struct nflb_sni_rule rule;
	const struct nflb_dest *dests;
	size_t ndests;
};

struct nflb_apply_service {
	struct nflb_service svc;
	const struct nflb_dest *dests;
	size_t ndests;
	const struct nflb_apply_rule *rules;	/* in SNI mode */
	size_t nrules;
};

struct nflb_state {
	const struct nflb_apply_service *svcs;
	size_t nsvcs;
	const struct nflb_config *config;	/* NULL: settings left alone */
};

/*
 * One change.  The object changed is the last of svc, rule and dest that
 * is not NULL (a rule's real server has all three), or the settings when
 * @config is not NULL (svc, rule and dest are NULL then).
 */
struct nflb_change {
	char op;			/* '+' add, '-' delete, '~' change */
	const struct nflb_service *svc;
	const struct nflb_sni_rule *rule;
	const struct nflb_dest *dest;
	/* The settings as they will be; those that change are in @set. */
	const struct nflb_config *config;
	/*
	 * '~': what differs: NFLB_SVC_SET_* (service, rule), NFLB_DEST_SET_*
	 * (real server) or NFLB_CONFIG_BIT()s (settings).
	 */
	uint32_t set;
	int err;			/* 0, or why the kernel refused it */
};

typedef int (*nflb_change_cb)(const struct nflb_change *ch, void *arg);

#define NFLB_APPLY_DRY_RUN	(1U << 0)	/* report, change nothing */
#define NFLB_APPLY_PRUNE	(1U << 1)	/* delete what @st lacks */

int nflb_apply(struct nflb *h, const struct nflb_state *st, unsigned int flags,
	       nflb_change_cb cb, void *arg);

/*
 * The namespace's whole state as nflb_apply() takes it: every service in
 * identity order with its real servers and, in SNI mode, its rules with
 * theirs, and every setting a namespace sets (config->have; not the
 * host's ceilings).  Applying it to the same namespace changes nothing.
 * nflb_state_free() frees what nflb_state_read() allocated; on error
 * there is nothing to free.
 */
int nflb_state_read(struct nflb *h, struct nflb_state *st);
void nflb_state_free(struct nflb_state *st);

/*
 * What nflb_apply() would change in the service or real server @have to
 * make it @want: NFLB_SVC_SET_* or NFLB_DEST_SET_* of the settings that
 * differ (a real server's health aside).
 */
uint32_t nflb_service_changes(const struct nflb_service *want,
			      const struct nflb_service *have);
uint32_t nflb_dest_changes(const struct nflb_dest *want,
			   const struct nflb_dest *have);

/*
 * An SNI rule's name as the kernel keeps it: lowercase, without a trailing
 * dot; "*." only as the first label.  Writes it to @out (@size bytes) and
 * returns true, or false when @name is not a valid rule (the kernel would
 * refuse it).
 */
bool nflb_sni_rule_normalize(const char *name, char *out, size_t size);

/*
 * Names and identities, the same for every tool (names.c): a forwarding
 * method's name in JSON and apply files ("masq", "route", "tunnel"; NULL
 * if unknown) and back (NFLB_FWD_*, or -1); whether two services are the
 * same one (family, protocol, address and port; or family and fwmark),
 * and two addresses of family @af.
 */
const char *nflb_fwd_name(unsigned int fwd);
/*
 * The schedulers (nflb_sched_name(0) ... until NULL: "rr", "wrr", "lc",
 * "wlc", "sh", "mh"), whether @name is one, and the names of their flags:
 * NFLB_SVC_F_SCHED_FALLBACK of "sh" is "sh-fallback" (NULL when the
 * scheduler takes none), and back from the @len bytes at @name: the flag,
 * *@sched its scheduler; 0 if unknown.
 */
const char *nflb_sched_name(unsigned int i);
bool nflb_sched_known(const char *name);
const char *nflb_sched_flag_name(const char *sched, uint32_t flag);
uint32_t nflb_sched_flag_parse(const char *name, size_t len,
			       const char **sched);
int nflb_fwd_parse(const char *name);
bool nflb_service_same(const struct nflb_service *a,
		       const struct nflb_service *b);
bool nflb_addr_same(uint16_t af, const union nflb_addr *a,
		    const union nflb_addr *b);

/*
 * A source range as text, "192.0.2.0/24" or "2001:db8::/32" (an address
 * alone is its own /32 or /128).  nflb_prefix_parse() sets *@af and *@p
 * and returns NULL, or returns why @s is none: "not an address or
 * prefix", "prefix length out of range", "address bits set past the
 * prefix length".  nflb_prefix_format() writes @p of family @af to @buf
 * (INET6_ADDRSTRLEN + 4 bytes are enough).  nflb_src_ranges_same(): the
 * same prefixes, in any order.
 */
#define NFLB_PREFIX_STRLEN	(INET6_ADDRSTRLEN + 4)
const char *nflb_prefix_parse(const char *s, uint16_t *af,
			      struct nflb_prefix *p);
void nflb_prefix_format(uint16_t af, const struct nflb_prefix *p, char *buf,
			size_t len);
bool nflb_src_ranges_same(const struct nflb_service *a,
			  const struct nflb_service *b);

/* Version of the library itself. */
const char *nflb_lib_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBNFLB_H */
