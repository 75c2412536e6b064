/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * out.h: nflbadm's output layer, in the manner of iproute2's json_print:
 * a command prints each value once, with its JSON key and its text form,
 * and out_*() either writes the text or builds the JSON document (with
 * json-c), which out_end() prints on one line.
 *
 *	out_start(json);
 *	out_uint("count", "connections: %" PRIu64 "\n", n);
 *	out_open("sni");
 *	out_uint("held_bytes", "SNI bytes held: %" PRIu64, held);
 *	out_close();
 *	out_end();
 *
 * A NULL text format prints nothing in text; a NULL key adds nothing to
 * the JSON.  Objects nest up to OUT_DEPTH deep.
 */
#ifndef NFLBADM_OUT_H
#define NFLBADM_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define OUT_DEPTH 8

void out_start(bool json);
bool out_json(void);
/* A nested object under @key (JSON only). */
void out_open(const char *key);
void out_close(void);
void out_uint(const char *key, const char *fmt, uint64_t v)
	__attribute__((format(printf, 2, 0)));
void out_str(const char *key, const char *fmt, const char *s)
	__attribute__((format(printf, 2, 0)));
/* Print the JSON document and free it (JSON); nothing in text. */
void out_end(void);

struct json_object;
/* -p: JSON indented over lines rather than one line. */
void out_set_pretty(bool pretty);
/* Print @o on @f as the document's JSON is (no newline), and free it. */
void out_print(FILE *f, struct json_object *o);

#endif /* NFLBADM_OUT_H */
