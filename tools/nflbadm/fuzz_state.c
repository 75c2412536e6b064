// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness for the desired-state reader of `nflbadm apply`: any
 * input must parse or be refused with one line (no newline, no control
 * character), and whatever parses must print.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Iinclude/uapi -Ilib \
 *	$(pkg-config --cflags json-c) tools/nflbadm/{fuzz_state,state,format}.c \
 *	tools/common/jsonread.c $(pkg-config --libs json-c) -o fuzz_state
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nflbadm_state st;
	char err[512];
	const char *p;
	size_t i, j;
	FILE *f;

	if (nflbadm_state_parse((const char *)data, size, &st, err,
				sizeof(err))) {
		if (!err[0] || st.svcs || st.nsvcs)
			abort();
		for (p = err; *p; p++)
			if ((unsigned char)*p < 0x20)
				abort();
		return 0;
	}
	f = fopen("/dev/null", "w");
	for (i = 0; f && i < st.nsvcs; i++) {
		nflbadm_print_change(f, i & 1, '+', &st.svcs[i].svc, NULL, 0);
		for (j = 0; j < st.svcs[i].ndests; j++)
			nflbadm_print_change(f, j & 1, '~', &st.svcs[i].svc,
					     &st.svcs[i].dests[j], 0xff);
	}
	if (f)
		fclose(f);
	nflbadm_state_free(&st);
	return 0;
}
