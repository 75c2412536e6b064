// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness for the ipvsadm parser and printers: any line must
 * parse or be refused with a one-line reason, and whatever parses must
 * print and parse back to the same request.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Iinclude/uapi -Ilib \
 *	tools/nflbadm/{fuzz_ipvsadm,ipvsadm,format}.c -o fuzz_ipvsadm
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipvsadm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nflbadm_req req, again;
	char line[1024], out[1024], err[256];
	FILE *f;

	if (size >= sizeof(line))
		size = sizeof(line) - 1;
	memcpy(line, data, size);
	line[size] = '\0';

	if (nflbadm_parse_line(line, &req, err, sizeof(err))) {
		if (!err[0] || strchr(err, '\n'))
			abort();	/* a reason, on one line */
		return 0;
	}
	if (req.op != NFLBADM_OP_ADD_SVC && req.op != NFLBADM_OP_ADD_DEST)
		return 0;

	f = fmemopen(out, sizeof(out), "w");
	if (!f)
		return 0;
	if (req.op == NFLBADM_OP_ADD_SVC)
		nflbadm_print_save_service(f, &req.svc);
	else
		nflbadm_print_save_dest(f, &req.svc, &req.dest);
	fclose(f);
	/* What we print, we read back. */
	if (nflbadm_parse_line(out, &again, err, sizeof(err)) ||
	    again.op != req.op)
		abort();
	return 0;
}
