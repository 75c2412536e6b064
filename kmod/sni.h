/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TLS ClientHello server name (SNI) parser and the host rule matcher
 * of SNI routing (Documentation/sni.rst).  Pure C: the same source builds
 * in userspace for the libFuzzer harness (tools/fuzz/), whose build
 * supplies the kernel's types first (-include tools/fuzz/sni_user.h).
 */
#ifndef _NFLB_SNI_H
#define _NFLB_SNI_H

#ifdef __KERNEL__
#include <linux/types.h>
#include "compat.h"
#endif

/* A host name: at most 253 characters (255 octets in DNS wire form). */
#define NFLB_SNI_NAME_MAX	253
/* A buffer for one as it may be sent (a trailing dot), and the NUL. */
#define NFLB_SNI_NAME_SIZE	256

/* What nflb_sni_parse() found in a stream prefix.  Never 0. */
enum nflb_sni_result {
	NFLB_SNI_FOUND = 1,	/* the name is in @name */
	NFLB_SNI_INCOMPLETE,	/* a ClientHello so far: call again with more */
	NFLB_SNI_NONE,		/* a whole ClientHello with no host name */
	NFLB_SNI_NOT_TLS,	/* the stream does not start a TLS handshake */
	NFLB_SNI_MALFORMED,	/* TLS, but no well-formed ClientHello */
	NFLB_SNI_BAD_NAME,	/* the server name is not a valid host name */
};

enum nflb_sni_result nflb_sni_parse(const u8 *data, size_t len, char *name,
				    size_t name_size);

/* How a host rule matches a name; a better match is a larger value. */
enum nflb_sni_match {
	NFLB_SNI_MATCH_NONE,
	NFLB_SNI_MATCH_WILDCARD,	/* "*.example.com" */
	NFLB_SNI_MATCH_EXACT,		/* "www.example.com" */
};

enum nflb_sni_match nflb_sni_match(const char *rule, const char *name);
bool nflb_sni_rule_normalize(const char *rule, char *out, size_t out_size);
const char *nflb_sni_parent(const char *name);

#endif /* _NFLB_SNI_H */
