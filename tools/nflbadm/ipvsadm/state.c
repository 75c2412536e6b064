// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipvsadm/state.c: the ipvsadm parser's state, read and reported on by its
 * files alike (ipvsadm/parse.c, ipvsadm/sni.c), below both.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

/* Report an error: one line, whatever the tokens quoted in it contain. */
int nflbadm_fail(struct pstate *st, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (!st->err || !st->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(st->err, st->errlen, fmt, ap);
	va_end(ap);
	for (p = st->err; *p; p++)
		if (iscntrl((unsigned char)*p))
			*p = '?';
	return -1;
}

/* The present option of @mask that came first on the line, or -1. */
int nflbadm_first_of(const struct pstate *st, unsigned int mask)
{
	int slot, best = -1;

	for (slot = 0; slot < S_NR; slot++) {
		if (!(st->present & mask & B(slot)))
			continue;
		if (best < 0 || st->s[slot].pos < st->s[best].pos)
			best = slot;
	}
	return best;
}
