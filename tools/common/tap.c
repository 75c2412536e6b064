// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tap.c: TAP output of the host unit tests (tap.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static int ntests, nfailed;

void tap_result(bool ok, const char *fmt, ...)
{
	char desc[512], *p;
	va_list ap;

	ntests++;
	if (!ok)
		nfailed++;
	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	for (p = desc; *p; p++)		/* one TAP line, whatever it quotes */
		if ((unsigned char)*p < 0x20)
			*p = '?';
	printf("%sok %d - %s\n", ok ? "" : "not ", ntests, desc);
}

void tap_diag(const char *what, const char *text)
{
	const char *p = text, *nl;

	printf("#   %s:\n", what);
	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		printf("#     |%.*s$\n", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

int tap_done(void)
{
	printf("1..%d\n", ntests);
	if (nfailed)
		printf("# %d of %d failed\n", nfailed, ntests);
	return nfailed ? 1 : 0;
}
