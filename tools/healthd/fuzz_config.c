// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness for nflb-healthd's configuration reader: any input
 * must parse or be refused with one line (no newline, no control
 * character), and whatever parses must answer lookups and compare.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Iinclude/uapi -Ilib \
 *	$(pkg-config --cflags json-c) tools/healthd/{fuzz_config,config}.c \
 *	tools/common/jsonread.c $(pkg-config --libs json-c) -o fuzz_config
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct hd_check *chk;
	struct hd_config cfg;
	struct nflb_dest dest;
	char err[512];
	const char *p;
	size_t i, j;

	if (hd_config_parse((const char *)data, size, &cfg, err, sizeof(err))) {
		if (!err[0] || cfg.svcs || cfg.nsvcs)
			abort();
		for (p = err; *p; p++)
			if ((unsigned char)*p < 0x20)
				abort();
		return 0;
	}
	for (i = 0; i < cfg.nsvcs; i++) {
		memset(&dest, 0, sizeof(dest));
		chk = hd_config_lookup(&cfg, &cfg.svcs[i].svc, &dest);
		if (!chk || !hd_check_equal(chk, chk))
			abort();
		for (j = 0; j < cfg.svcs[i].novr; j++) {
			dest.addr = cfg.svcs[i].ovr[j].addr;
			dest.port = cfg.svcs[i].ovr[j].port;
			chk = hd_config_lookup(&cfg, &cfg.svcs[i].svc, &dest);
			if (!chk || (chk->type == HD_EXEC && !chk->argv))
				abort();
		}
	}
	hd_config_free(&cfg);
	return 0;
}
