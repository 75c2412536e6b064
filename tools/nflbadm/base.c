// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every nflbadm command uses, below them all: the error line and the
 * handle on the kernel.
 */
#include <stdarg.h>
#include <stdio.h>

#include "nflbadm.h"

int nflbadm_err(const char *fmt, ...)
{
	va_list ap;

	fputs("nflbadm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

struct nflb *nflbadm_open(void)
{
	struct nflb *h;
	int ret;

	ret = nflb_open(&h);
	if (ret < 0) {
		nflbadm_err("%s", nflb_strerror(NULL, ret));
		return NULL;
	}
	return h;
}
