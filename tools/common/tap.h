/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tap.h: TAP output of the host unit tests (tools/nflbadm/test_*.c,
 * tools/healthd/test_config.c): one "ok N - what" or "not ok N - what"
 * line a test, the plan "1..N" last.
 */
#ifndef NFLB_TOOLS_TAP_H
#define NFLB_TOOLS_TAP_H

#include <stdbool.h>

/* One test's line; control characters in it are made '?'. */
void tap_result(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Show a multi-line text as diagnostics, ends of lines marked. */
void tap_diag(const char *what, const char *text);

/* Print the plan (and how many failed): the exit status, 1 on a failure. */
int tap_done(void);

#endif /* NFLB_TOOLS_TAP_H */
