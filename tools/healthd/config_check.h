/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config_check.h: config.c's use of config_check.c; not for other files. */
#ifndef NFLB_HEALTHD_CONFIG_CHECK_H
#define NFLB_HEALTHD_CONFIG_CHECK_H

#include <json-c/json.h>

#include "../common/jsonread.h"
#include "config.h"

/* The readers' context: config.c's, with the config being filled. */
struct ctx {
	struct jr_ctx jr;	/* first: the readers are given &ctx->jr */
	struct hd_config *cfg;
};

/* Zeroed memory that lives as long as the config (@c is a struct ctx's). */
void *hd_cfg_alloc(struct jr_ctx *c, size_t n, size_t size);
/* A check's defaults: TCP, every second, rise 2, fall 3, up at first. */
void hd_check_defaults(struct hd_check *chk);
/*
 * A "check" object at @path over @base: the keys it has replace @base's.
 * Changing the type drops @base's type-specific settings.
 */
int hd_parse_check(struct jr_ctx *c, const char *path, json_object *o,
		   const struct hd_check *base, struct hd_check *chk);
/* What a check used as such (not a mere default) must have. */
int hd_check_complete(struct jr_ctx *c, const char *path,
		      const struct hd_check *chk,
		      const struct nflb_service *svc);

#endif /* NFLB_HEALTHD_CONFIG_CHECK_H */
