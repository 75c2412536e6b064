// SPDX-License-Identifier: GPL-2.0
/*
 * The host's ceilings on what a namespace it does not own may set its
 * limits to.  The root of a user namespace manages nflb in its network
 * namespaces (GENL_UNS_ADMIN_PERM), so its own settings cannot be what
 * bounds it: these parameters, 0644 in /sys/module/nflb/parameters, only
 * root of the initial namespaces writes (Documentation/security.rst).
 */
#include <linux/module.h>

#include "compat.h"
#include "limits.h"
#include "service.h"

unsigned int nflb_ceiling[NFLB_LIMIT_N] = {
	[NFLB_LIMIT_SERVICES]		= NFLB_DEFAULT_MAX_SERVICES_CEILING,
	[NFLB_LIMIT_DESTS]		= NFLB_DEFAULT_MAX_DESTS_CEILING,
	[NFLB_LIMIT_CONNS]		= NFLB_DEFAULT_MAX_CONNS_CEILING,
	[NFLB_LIMIT_SNI_PENDING]	= NFLB_DEFAULT_SNI_MAX_PENDING_CEILING,
};
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_ceiling);

/* A namespace of another user namespace than the initial one: "capped". */
module_param_named(max_services_ceiling, nflb_ceiling[NFLB_LIMIT_SERVICES],
		   uint, 0644);
MODULE_PARM_DESC(max_services_ceiling,
		 "services and SNI rules of a capped namespace (of another user namespace), at most (default 65536)");
module_param_named(max_dests_ceiling, nflb_ceiling[NFLB_LIMIT_DESTS],
		   uint, 0644);
MODULE_PARM_DESC(max_dests_ceiling,
		 "real servers per service in a capped namespace, at most (default 65536)");
module_param_named(max_conns_ceiling, nflb_ceiling[NFLB_LIMIT_CONNS],
		   uint, 0644);
MODULE_PARM_DESC(max_conns_ceiling,
		 "connection entries of a capped namespace, at most (default 262144)");
module_param_named(sni_max_pending_ceiling,
		   nflb_ceiling[NFLB_LIMIT_SNI_PENDING], uint, 0644);
MODULE_PARM_DESC(sni_max_pending_ceiling,
		 "SNI connections pending in a capped namespace, at most (default 16384)");
