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
#include <linux/nflb.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nflb;

/* What the module reports about itself (NFLB_CMD_GET_INFO). */
struct nflb_info {
	char version[32];		/* module version, "0.1.0" */
	uint32_t genl_version;		/* NFLB_GENL_VERSION of the module */
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

int nflb_get_info(struct nflb *h, struct nflb_info *info);

/* Version of the library itself. */
const char *nflb_lib_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBNFLB_H */
