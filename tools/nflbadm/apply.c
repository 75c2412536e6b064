// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nflbadm apply -f STATE.json [--dry-run] [--prune] [-j]: make the
 * configuration that of a file (Documentation/nflbadm-apply.rst).  The
 * whole file is read and validated (state.c) before anything is changed;
 * then libnflb's nflb_apply() changes what differs (services, real
 * servers, SNI rules and settings) and each change is printed as a "+",
 * "-" or "~" line (format_change.c), or as JSON with -j.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "nflbadm.h"
#include "state.h"

struct apply_out {
	bool json;
	size_t n;		/* changes printed */
	/* The first refused change, for the error line. */
	bool failed;
	char what[192];
};

/* A change as it is made, or the first refused one for the error line. */
static int print_change(const struct nflb_change *ch, void *arg)
{
	struct apply_out *o = arg;
	FILE *m;

	if (ch->err) {
		if (o->failed)
			return 0;
		o->failed = true;
		m = fmemopen(o->what, sizeof(o->what) - 1, "w");
		if (m) {
			nflbadm_print_apply_change(m, false, ch);
			fclose(m);
		}
		o->what[strcspn(o->what, "\n")] = '\0';
		return 0;
	}
	if (o->json)
		fputs(o->n ? ",\n" : "\n", stdout);
	nflbadm_print_apply_change(stdout, o->json, ch);
	o->n++;
	return 0;
}

/* The whole of @path ("-": stdin) in a NUL-terminated buffer. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t cap = 65536, n = 0;
	char *buf, *p;

	if (!f)
		return NULL;
	buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n - 1, f);
		if (ferror(f) || feof(f))
			break;
		if (n + 1 >= cap) {
			cap *= 2;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				buf = NULL;
				errno = ENOMEM;
				break;
			}
			buf = p;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static int usage_err(const char *why)
{
	nflbadm_err("apply: %s (usage: nflbadm apply -f STATE.json [--dry-run] [--prune] [-j])",
		    why);
	return 2;
}

int nflbadm_cmd_apply(const struct nflbadm_opts *o, int argc, char **argv)
{
	struct apply_out out = { .json = o->json };
	const char *file = NULL;
	unsigned int flags = 0;
	struct nflbadm_state st;
	char err[512];
	struct nflb *h;
	size_t len;
	char *text;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-f") || !strcmp(a, "--file")) {
			if (++i >= argc)
				return usage_err("option '-f' needs a file name");
			if (file)
				return usage_err("option '-f' given twice");
			file = argv[i];
		} else if (!strncmp(a, "--file=", 7)) {
			if (file)
				return usage_err("option '-f' given twice");
			file = a + 7;
		} else if (!strcmp(a, "--dry-run") || !strcmp(a, "-n")) {
			flags |= NFLB_APPLY_DRY_RUN;
		} else if (!strcmp(a, "--prune")) {
			flags |= NFLB_APPLY_PRUNE;
		} else {
			snprintf(err, sizeof(err), "unexpected argument '%s'", a);
			return usage_err(err);
		}
	}
	if (!file)
		return usage_err("no state file: -f STATE.json");

	text = read_all(file, &len);
	if (!text)
		return nflbadm_err("apply: %s: %s", file, strerror(errno));
	ret = nflbadm_state_parse(text, len, &st, err, sizeof(err));
	free(text);
	if (ret)
		return nflbadm_err("apply: %s: %s", file, err);

	h = nflbadm_open();
	if (!h) {
		nflbadm_state_free(&st);
		return 1;
	}
	if (out.json)
		putchar('[');
	ret = nflb_apply(h, &(struct nflb_state){
				.svcs = st.svcs, .nsvcs = st.nsvcs,
				.config = &st.config,
			 }, flags, print_change, &out);
	if (out.json)
		puts(out.n ? "\n]" : "]");
	fflush(stdout);
	if (ret) {
		if (out.failed)
			nflbadm_err("apply: %s: %s", out.what,
				    nflb_strerror(h, ret));
		else
			nflbadm_err("apply: %s", nflb_strerror(h, ret));
		ret = 1;
	}
	nflb_close(h);
	nflbadm_state_free(&st);
	return ret;
}
