// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the ClientHello parser and the host rule matcher
 * of kmod/sni.c, built in userspace as it is (sni_user.h gives it the
 * kernel's types).  Beyond "no crash, no out-of-bounds read" (each prefix
 * is copied to a buffer of its exact size, so ASan sees any overread):
 *
 *  - a name found is a valid, normalized host name that matches itself;
 *  - a prefix says INCOMPLETE or what the whole input says (a decision
 *    never depends on bytes not yet seen);
 *  - splitting the first record in two changes nothing;
 *  - the matcher agrees with the lookup by key the data path will use.
 *
 *   clang -fsanitize=fuzzer,address,undefined -Itools/fuzz \
 *	tools/fuzz/fuzz_sni.c kmod/sni.c -o fuzz_sni
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../kmod/sni.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum nflb_sni_result parse_copy(const uint8_t *data, size_t len,
				       char *name)
{
	uint8_t *buf = malloc(len ? len : 1);
	enum nflb_sni_result ret;

	if (!buf)
		abort();
	memcpy(buf, data, len);
	memset(name, 'X', NFLB_SNI_NAME_SIZE);
	ret = nflb_sni_parse(buf, len, name, NFLB_SNI_NAME_SIZE);
	free(buf);
	if (ret < NFLB_SNI_FOUND || ret > NFLB_SNI_BAD_NAME)
		abort();
	return ret;
}

static void check_name(const char *name)
{
	char norm[NFLB_SNI_NAME_SIZE];
	size_t n = strnlen(name, NFLB_SNI_NAME_SIZE);

	if (!n || n > NFLB_SNI_NAME_MAX || name[n - 1] == '.' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_.") != n ||
	    strstr(name, "..") || name[0] == '.')
		abort();
	if (!nflb_sni_rule_normalize(name, norm, sizeof(norm)) ||
	    strcmp(norm, name) ||
	    nflb_sni_match(name, name) != NFLB_SNI_MATCH_EXACT)
		abort();
}

/* The prefix @p of the input decides nothing, or what the whole does. */
static void check_prefix(const uint8_t *data, size_t p,
			 enum nflb_sni_result whole, const char *name)
{
	char pname[NFLB_SNI_NAME_SIZE];
	enum nflb_sni_result ret = parse_copy(data, p, pname);

	if (ret == NFLB_SNI_INCOMPLETE)
		return;
	if (ret != whole || (ret == NFLB_SNI_FOUND && strcmp(pname, name)))
		abort();
}

/* The first record split in two at @k: the same result. */
static void check_split(const uint8_t *data, size_t size, size_t k,
			enum nflb_sni_result whole, const char *name)
{
	size_t rec = (size_t)data[3] << 8 | data[4];
	char sname[NFLB_SNI_NAME_SIZE];
	enum nflb_sni_result ret;
	uint8_t *buf;

	if (rec < 2 || rec > 16384 || 5 + rec > size)
		return;
	k = 1 + k % (rec - 1);
	buf = malloc(size + 5);
	if (!buf)
		abort();
	memcpy(buf, data, 5 + k);
	memcpy(buf + 5 + k, data, 5);
	memcpy(buf + 10 + k, data + 5 + k, size - 5 - k);
	buf[3] = k >> 8;
	buf[4] = k & 0xff;
	buf[5 + k + 3] = (rec - k) >> 8;
	buf[5 + k + 4] = (rec - k) & 0xff;
	memset(sname, 'X', sizeof(sname));
	ret = nflb_sni_parse(buf, size + 5, sname, sizeof(sname));
	free(buf);
	if (ret != whole || (ret == NFLB_SNI_FOUND && strcmp(sname, name)))
		abort();
}

/* Rule NUL name: nflb_sni_match() against the lookup by normalized keys. */
static void check_match(const uint8_t *data, size_t size)
{
	char rule[NFLB_SNI_NAME_SIZE], name[NFLB_SNI_NAME_SIZE];
	char nrule[NFLB_SNI_NAME_SIZE], nname[NFLB_SNI_NAME_SIZE];
	const uint8_t *nul = memchr(data, 0, size);
	enum nflb_sni_match m, keyed = NFLB_SNI_MATCH_NONE;
	size_t rl, nl;
	const char *parent;

	if (!nul)
		return;
	rl = nul - data;
	nl = size - rl - 1;
	if (rl >= sizeof(rule) || nl >= sizeof(name))
		return;
	memcpy(rule, data, rl);
	rule[rl] = '\0';
	memcpy(name, nul + 1, nl);
	name[nl] = '\0';
	m = nflb_sni_match(rule, name);
	if (m > NFLB_SNI_MATCH_EXACT)
		abort();
	if (!nflb_sni_rule_normalize(rule, nrule, sizeof(nrule)) ||
	    !nflb_sni_rule_normalize(name, nname, sizeof(nname)) ||
	    nname[0] == '*')
		return;
	parent = nflb_sni_parent(nname);
	if (!strcmp(nrule, nname))
		keyed = NFLB_SNI_MATCH_EXACT;
	else if (nrule[0] == '*' && parent && !strcmp(nrule + 2, parent))
		keyed = NFLB_SNI_MATCH_WILDCARD;
	if (m != keyed)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[NFLB_SNI_NAME_SIZE];
	enum nflb_sni_result whole;

	whole = parse_copy(data, size, name);
	if (whole == NFLB_SNI_FOUND)
		check_name(name);
	if (size) {
		check_prefix(data, size - 1, whole, name);
		check_prefix(data, size / 2, whole, name);
		check_prefix(data, data[size - 1] % size, whole, name);
	}
	if (size > 5)
		check_split(data, size, data[size / 2], whole, name);
	check_match(data, size);
	return 0;
}
