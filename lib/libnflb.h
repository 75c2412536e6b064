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
	/* Filled by get/list: */
	uint32_t num_dests;
	struct nflb_stats stats;
	/* nflb_service_set(): which settings to change, NFLB_SVC_SET_*. */
	uint32_t set;
};

#define NFLB_SVC_SET_SCHED	(1U << 0)
#define NFLB_SVC_SET_FLAGS	(1U << 1)
#define NFLB_SVC_SET_TIMEOUT	(1U << 2)
#define NFLB_SVC_SET_NETMASK	(1U << 3)

/* A real server of a service.  Identity: addr + port. */
struct nflb_dest {
	union nflb_addr addr;		/* same family as the service */
	uint16_t port;			/* host byte order */
	uint8_t fwd;			/* NFLB_FWD_* */
	uint8_t tun_type;		/* NFLB_TUN_*, for NFLB_FWD_TUN */
	uint32_t weight;		/* 0..65535 */
	uint32_t u_thresh, l_thresh;	/* 0: no threshold */
	/* Filled by list: */
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

/* Remove every service (and so every real server) of the namespace. */
int nflb_flush(struct nflb *h);
/* Zero the counters of @svc and its real servers, or of all when NULL. */
int nflb_zero(struct nflb *h, const struct nflb_service *svc);

int nflb_config_get(struct nflb *h, struct nflb_config *cfg);
int nflb_config_set(struct nflb *h, const struct nflb_config *cfg);

/* Version of the library itself. */
const char *nflb_lib_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBNFLB_H */
