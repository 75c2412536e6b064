/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.h: nflb-healthd's configuration, a JSON document
 * (Documentation/healthd.rst has the schema), parsed with json-c and
 * validated whole.  No kernel, no libnl, no libcurl: unit-tested on the
 * host (test_config.c).
 */
#ifndef HEALTHD_CONFIG_H
#define HEALTHD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libnflb.h"

enum hd_type {
	HD_TCP,
	HD_HTTP,
	HD_HTTPS,
	HD_EXEC,
};

#define HD_MAX_RANGES	16

struct hd_range {
	uint16_t lo, hi;
};

/* One check, every default filled in.  Strings belong to the config. */
struct hd_check {
	enum hd_type type;
	uint32_t interval_ms, timeout_ms, jitter_ms;
	uint32_t fast_interval_ms;	/* while a change of state is pending */
	uint32_t rise, fall;
	bool timeout_set, jitter_set, fast_set; /* given, not derived */
	uint8_t initial;		/* NFLB_HEALTH_UP or _DOWN */
	bool has_addr;			/* connect to addr, not the server's */
	uint16_t af;			/* of addr */
	union nflb_addr addr;
	uint16_t port;			/* 0: the real server's port */
	/* http, https */
	const char *method;		/* "GET", "HEAD", "OPTIONS" */
	const char *path;		/* starts with '/' */
	const char *host;		/* Host header; NULL: curl's default */
	const char *body;		/* substring the body must hold, or NULL */
	struct hd_range status[HD_MAX_RANGES];
	size_t nstatus;
	/* https */
	const char *server_name;	/* SNI (and Host) name, or NULL */
	const char *ca_file;		/* NULL: the system's CAs */
	bool verify;			/* verify the certificate and name */
	/* exec */
	char **argv;			/* NULL-terminated */
};

/* A real server's own check: its service's with some keys replaced. */
struct hd_override {
	union nflb_addr addr;
	uint16_t port;
	struct hd_check check;
};

struct hd_service {
	struct nflb_service svc;	/* identity only */
	struct hd_check check;
	struct hd_override *ovr;
	size_t novr;
};

struct hd_config {
	struct hd_service *svcs;
	size_t nsvcs;
	/* Private: the parsed document (it holds the strings), allocations. */
	void *root;
	void **mem;
	size_t nmem;
};

/*
 * Parse and validate the @len bytes at @text.  Returns 0 and fills *@cfg
 * (free it with hd_config_free()), or -1 with one line in @err naming
 * where and what, e.g.
 *   services[0].check.interval: must be 0.1..3600 (seconds)
 *   line 4, column 7: JSON syntax error: unexpected character
 */
int hd_config_parse(const char *text, size_t len, struct hd_config *cfg,
		    char *err, size_t errlen);
/* Read @file and parse it; @err is then "FILE: PATH: reason". */
int hd_config_load(const char *file, struct hd_config *cfg, char *err,
		   size_t errlen);
void hd_config_free(struct hd_config *cfg);

/* The check for real server @dest of service @svc, or NULL: unchecked. */
const struct hd_check *hd_config_lookup(const struct hd_config *cfg,
					const struct nflb_service *svc,
					const struct nflb_dest *dest);

/* Same check (every setting equal). */
bool hd_check_equal(const struct hd_check *a, const struct hd_check *b);

/* "tcp", "http", "https", "exec" */
const char *hd_type_name(enum hd_type type);

#endif /* HEALTHD_CONFIG_H */
