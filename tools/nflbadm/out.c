// SPDX-License-Identifier: GPL-2.0-or-later
/* out.c: text or JSON from the same calls (out.h). */
#include <stdio.h>
#include <json-c/json.h>

#include "out.h"

static struct json_object *stack[OUT_DEPTH];
static int depth = -1;		/* -1: text */
static int json_flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;

void out_set_pretty(bool pretty)
{
	json_flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		     (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
		      JSON_C_TO_STRING_PLAIN);
}

void out_print(FILE *f, struct json_object *o)
{
	fputs(json_object_to_json_string_ext(o, json_flags), f);
	json_object_put(o);
}

void out_start(bool json)
{
	depth = -1;
	if (json) {
		stack[0] = json_object_new_object();
		depth = 0;
	}
}

bool out_json(void)
{
	return depth >= 0;
}

void out_open(const char *key)
{
	struct json_object *o;

	if (depth < 0)
		return;
	o = json_object_new_object();
	json_object_object_add(stack[depth], key, o);
	if (depth + 1 < OUT_DEPTH)
		stack[++depth] = o;
}

void out_close(void)
{
	if (depth > 0)
		depth--;
}

static void out_add(const char *key, struct json_object *v)
{
	if (key)
		json_object_object_add(stack[depth], key, v);
	else
		json_object_put(v);
}

/*
 * The text formats are literals at the call sites, where format(printf)
 * in out.h checks them; each takes exactly the one value passed here.
 */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void out_uint(const char *key, const char *fmt, uint64_t v)
{
	if (depth >= 0)
		/* json-c keeps int64; counters stay below 2^63. */
		out_add(key, json_object_new_int64((int64_t)v));
	else if (fmt)
		printf(fmt, v);
}

void out_str(const char *key, const char *fmt, const char *s)
{
	if (depth >= 0)
		out_add(key, json_object_new_string(s));
	else if (fmt)
		printf(fmt, s);
}

void out_end(void)
{
	if (depth < 0)
		return;
	out_print(stdout, stack[0]);
	putchar('\n');
	depth = -1;
}
