// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ClientHello parser and the host rule matcher
 * (sni.c): real ClientHellos captured from openssl s_client and curl,
 * whole, cut at every length, and re-split into TLS records at every
 * point; ClientHellos built here with GREASE, ECH, huge extensions,
 * one-byte records, bad names and corrupted lengths; other first bytes;
 * the matcher and rule checks, and a differential test of the lookup by
 * key against a naive label-by-label model.  Every input is parsed from
 * a buffer of exactly its length, so KASAN catches any overread.
 */
#include <kunit/test.h>
#include <linux/ctype.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sni.h"

/*
 * Captured on Debian 12 (OpenSSL 3.0, curl 7.88) by pointing the client
 * at `socat -u TCP-LISTEN:PORT OPEN:hello.bin,creat`; also the seeds of
 * the fuzzer (selftests/data/fuzz-sni/).
 */
/* openssl s_client -tls1_3 -servername x.example.com: 247 bytes */
static const u8 hello_ossl13_sni[] =
	"\x16\x03\x01\x00\xf2\x01\x00\x00\xee\x03\x03\x27\x8e\xbe\x8a\x03\x6f\xf3\xf1\xe3\x8f\xbd"
	"\x9c\x4b\x12\x35\xe7\x8a\x6a\x14\xe2\x71\xb0\xdc\x50\x37\xab\x50\x0a\xdc\xad\xb1\xf1\x20"
	"\x93\xbb\xa0\x54\x26\x66\xb6\x40\x59\x36\xdc\xbe\x35\xf5\x77\x01\xa7\x5a\x68\x1f\x7a\x33"
	"\x7b\xc4\xb7\xde\x8f\x94\xac\x3e\x56\x9c\x00\x08\x13\x02\x13\x03\x13\x01\x00\xff\x01\x00"
	"\x00\x9d\x00\x00\x00\x12\x00\x10\x00\x00\x0d\x78\x2e\x65\x78\x61\x6d\x70\x6c\x65\x2e\x63"
	"\x6f\x6d\x00\x0b\x00\x04\x03\x00\x01\x02\x00\x0a\x00\x16\x00\x14\x00\x1d\x00\x17\x00\x1e"
	"\x00\x19\x00\x18\x01\x00\x01\x01\x01\x02\x01\x03\x01\x04\x00\x23\x00\x00\x00\x16\x00\x00"
	"\x00\x17\x00\x00\x00\x0d\x00\x1e\x00\x1c\x04\x03\x05\x03\x06\x03\x08\x07\x08\x08\x08\x09"
	"\x08\x0a\x08\x0b\x08\x04\x08\x05\x08\x06\x04\x01\x05\x01\x06\x01\x00\x2b\x00\x03\x02\x03"
	"\x04\x00\x2d\x00\x02\x01\x01\x00\x33\x00\x26\x00\x24\x00\x1d\x00\x20\xab\x95\x3d\x82\xaf"
	"\x9e\x58\xec\xfa\xcb\xa6\xca\x3e\xef\x24\x2c\x0d\x74\x40\x3b\x44\x0f\x3b\xc2\x3e\x52\x36"
	"\x5d\x3c\x4e\xcb\x3c";

/* openssl s_client -tls1_3 -noservername: 225 bytes */
static const u8 hello_ossl13_nosni[] =
	"\x16\x03\x01\x00\xdc\x01\x00\x00\xd8\x03\x03\x9f\x8e\x13\xc3\xc5\x15\x59\xac\x61\x99\xf1"
	"\x95\x9c\x4b\x1b\x6a\x42\xbf\xa7\x1a\x4b\xd9\x8c\x94\xba\x4c\x7e\x54\xbb\xe7\x5f\x61\x20"
	"\x4e\x03\x9f\x16\x90\x0d\xa5\x70\x0f\xc6\x20\x25\x24\x92\x54\xda\x0b\x36\xf0\xee\xaa\xf1"
	"\xcf\xe4\x39\xb1\x7a\xbe\xf9\x37\xa7\xcb\x00\x08\x13\x02\x13\x03\x13\x01\x00\xff\x01\x00"
	"\x00\x87\x00\x0b\x00\x04\x03\x00\x01\x02\x00\x0a\x00\x16\x00\x14\x00\x1d\x00\x17\x00\x1e"
	"\x00\x19\x00\x18\x01\x00\x01\x01\x01\x02\x01\x03\x01\x04\x00\x23\x00\x00\x00\x16\x00\x00"
	"\x00\x17\x00\x00\x00\x0d\x00\x1e\x00\x1c\x04\x03\x05\x03\x06\x03\x08\x07\x08\x08\x08\x09"
	"\x08\x0a\x08\x0b\x08\x04\x08\x05\x08\x06\x04\x01\x05\x01\x06\x01\x00\x2b\x00\x03\x02\x03"
	"\x04\x00\x2d\x00\x02\x01\x01\x00\x33\x00\x26\x00\x24\x00\x1d\x00\x20\x8e\xce\x1e\x62\xf5"
	"\x1e\xc9\xa0\xc9\x7a\x47\x4a\xda\xfa\x84\x04\xdf\xa5\x32\xc8\xb6\x5f\x95\xf1\x28\x68\xd0"
	"\x61\xb7\x0f\x81\x17";

/* openssl s_client -tls1_2 -servername x.example.com: 210 bytes */
static const u8 hello_ossl12_sni[] =
	"\x16\x03\x01\x00\xcd\x01\x00\x00\xc9\x03\x03\x2c\x7f\x07\x79\xef\x12\xe9\x71\x17\x17\x7d"
	"\xe2\x6d\x86\xc4\x6a\xed\x34\x7e\x7e\x02\xa7\x60\xe6\x3b\x1c\x7c\x1f\xa3\xcf\x29\x46\x00"
	"\x00\x38\xc0\x2c\xc0\x30\x00\x9f\xcc\xa9\xcc\xa8\xcc\xaa\xc0\x2b\xc0\x2f\x00\x9e\xc0\x24"
	"\xc0\x28\x00\x6b\xc0\x23\xc0\x27\x00\x67\xc0\x0a\xc0\x14\x00\x39\xc0\x09\xc0\x13\x00\x33"
	"\x00\x9d\x00\x9c\x00\x3d\x00\x3c\x00\x35\x00\x2f\x00\xff\x01\x00\x00\x68\x00\x00\x00\x12"
	"\x00\x10\x00\x00\x0d\x78\x2e\x65\x78\x61\x6d\x70\x6c\x65\x2e\x63\x6f\x6d\x00\x0b\x00\x04"
	"\x03\x00\x01\x02\x00\x0a\x00\x0c\x00\x0a\x00\x1d\x00\x17\x00\x1e\x00\x19\x00\x18\x00\x23"
	"\x00\x00\x00\x16\x00\x00\x00\x17\x00\x00\x00\x0d\x00\x2a\x00\x28\x04\x03\x05\x03\x06\x03"
	"\x08\x07\x08\x08\x08\x09\x08\x0a\x08\x0b\x08\x04\x08\x05\x08\x06\x04\x01\x05\x01\x06\x01"
	"\x03\x03\x03\x01\x03\x02\x04\x02\x05\x02\x06\x02";

/* openssl s_client -tls1_2 -noservername: 188 bytes */
static const u8 hello_ossl12_nosni[] =
	"\x16\x03\x01\x00\xb7\x01\x00\x00\xb3\x03\x03\xe5\x22\x00\xd4\xef\x04\x50\x05\xe4\x14\x5a"
	"\x6f\x76\x96\xb6\xa5\x6b\x96\x13\x07\xcf\x4b\xd4\x4e\xc1\xd8\x7b\x57\xb3\xe0\x73\xe0\x00"
	"\x00\x38\xc0\x2c\xc0\x30\x00\x9f\xcc\xa9\xcc\xa8\xcc\xaa\xc0\x2b\xc0\x2f\x00\x9e\xc0\x24"
	"\xc0\x28\x00\x6b\xc0\x23\xc0\x27\x00\x67\xc0\x0a\xc0\x14\x00\x39\xc0\x09\xc0\x13\x00\x33"
	"\x00\x9d\x00\x9c\x00\x3d\x00\x3c\x00\x35\x00\x2f\x00\xff\x01\x00\x00\x52\x00\x0b\x00\x04"
	"\x03\x00\x01\x02\x00\x0a\x00\x0c\x00\x0a\x00\x1d\x00\x17\x00\x1e\x00\x19\x00\x18\x00\x23"
	"\x00\x00\x00\x16\x00\x00\x00\x17\x00\x00\x00\x0d\x00\x2a\x00\x28\x04\x03\x05\x03\x06\x03"
	"\x08\x07\x08\x08\x08\x09\x08\x0a\x08\x0b\x08\x04\x08\x05\x08\x06\x04\x01\x05\x01\x06\x01"
	"\x03\x03\x03\x01\x03\x02\x04\x02\x05\x02\x06\x02";

/* openssl s_client -tls1 -servername legacy.example.org: 131 bytes */
static const u8 hello_ossl10_sni[] =
	"\x16\x03\x01\x00\x7e\x01\x00\x00\x7a\x03\x01\x6a\xc8\x76\x1d\xc9\x9d\xb6\x48\x7e\x4f\x06"
	"\xff\x64\xb6\x32\x09\x08\xd7\x95\x7d\x3a\x4d\x82\xbe\x50\x5c\x51\x26\x4f\xd7\xd6\x33\x00"
	"\x00\x12\xc0\x0a\xc0\x14\x00\x39\xc0\x09\xc0\x13\x00\x33\x00\x35\x00\x2f\x00\xff\x01\x00"
	"\x00\x3f\x00\x00\x00\x17\x00\x15\x00\x00\x12\x6c\x65\x67\x61\x63\x79\x2e\x65\x78\x61\x6d"
	"\x70\x6c\x65\x2e\x6f\x72\x67\x00\x0b\x00\x04\x03\x00\x01\x02\x00\x0a\x00\x0c\x00\x0a\x00"
	"\x1d\x00\x17\x00\x1e\x00\x19\x00\x18\x00\x23\x00\x00\x00\x16\x00\x00\x00\x17\x00\x00";

/* curl https://www.example.com/ (TLS 1.3, ALPN, padded to 512): 517 bytes */
static const u8 hello_curl[] =
	"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xa6\x0f\xe5\xd6\x23\x7e\xa4\xfa\x7f\xf0\xd9"
	"\x25\xad\xa8\xb0\xf8\x93\x19\x70\x18\x40\xb0\x75\xa8\x33\xe3\x8a\x0c\x7d\x37\xdb\x9c\x20"
	"\xa9\xbb\x49\x98\xe8\x64\x50\x1c\xcf\x5c\x35\x56\xea\xa6\xa3\x50\x1b\x0e\x98\x71\x8c\x14"
	"\x2e\x49\x87\xeb\x5f\x7b\x5e\x54\xb7\x32\x00\x3e\x13\x02\x13\x03\x13\x01\xc0\x2c\xc0\x30"
	"\x00\x9f\xcc\xa9\xcc\xa8\xcc\xaa\xc0\x2b\xc0\x2f\x00\x9e\xc0\x24\xc0\x28\x00\x6b\xc0\x23"
	"\xc0\x27\x00\x67\xc0\x0a\xc0\x14\x00\x39\xc0\x09\xc0\x13\x00\x33\x00\x9d\x00\x9c\x00\x3d"
	"\x00\x3c\x00\x35\x00\x2f\x00\xff\x01\x00\x01\x75\x00\x00\x00\x14\x00\x12\x00\x00\x0f\x77"
	"\x77\x77\x2e\x65\x78\x61\x6d\x70\x6c\x65\x2e\x63\x6f\x6d\x00\x0b\x00\x04\x03\x00\x01\x02"
	"\x00\x0a\x00\x16\x00\x14\x00\x1d\x00\x17\x00\x1e\x00\x19\x00\x18\x01\x00\x01\x01\x01\x02"
	"\x01\x03\x01\x04\x00\x10\x00\x0e\x00\x0c\x02\x68\x32\x08\x68\x74\x74\x70\x2f\x31\x2e\x31"
	"\x00\x16\x00\x00\x00\x17\x00\x00\x00\x31\x00\x00\x00\x0d\x00\x2a\x00\x28\x04\x03\x05\x03"
	"\x06\x03\x08\x07\x08\x08\x08\x09\x08\x0a\x08\x0b\x08\x04\x08\x05\x08\x06\x04\x01\x05\x01"
	"\x06\x01\x03\x03\x03\x01\x03\x02\x04\x02\x05\x02\x06\x02\x00\x2b\x00\x09\x08\x03\x04\x03"
	"\x03\x03\x02\x03\x01\x00\x2d\x00\x02\x01\x01\x00\x33\x00\x26\x00\x24\x00\x1d\x00\x20\xfc"
	"\xea\x66\x20\xda\x6f\xda\x63\xba\x5d\xce\x7f\x90\x68\x8c\xb1\x77\xb2\x3f\xab\xcb\x83\xee"
	"\x1a\x59\x1a\xc3\x67\x1d\xc5\xa9\x4e\x00\x15\x00\xae\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";

/* Bytes given as a string literal, which may hold NULs. */
struct sni_bytes {
	const char *p;
	size_t n;
};

#define B(s)	{ .p = (s), .n = sizeof(s) - 1 }

/* Parse @n bytes of @data from a buffer of exactly that size. */
static enum nflb_sni_result parse(struct kunit *test, const void *data,
				  size_t n, char *name)
{
	enum nflb_sni_result ret;
	u8 *buf = kmemdup(data, n, GFP_KERNEL);

	KUNIT_ASSERT_TRUE(test, !n || buf);
	memset(name, 'X', NFLB_SNI_NAME_SIZE);
	ret = nflb_sni_parse(buf, n, name, NFLB_SNI_NAME_SIZE);
	kfree(buf);
	return ret;
}

/*
 * Every prefix of @data (every @step-th, and the last ones) says
 * INCOMPLETE or what the whole says: an answer never depends on bytes not
 * yet received, and a ClientHello cut short is never malformed.
 */
static void check_prefixes(struct kunit *test, const u8 *data, size_t len,
			   size_t step, enum nflb_sni_result whole,
			   const char *want)
{
	char name[NFLB_SNI_NAME_SIZE];
	enum nflb_sni_result ret;
	size_t p;

	for (p = 0; p < len; p += p + 64 >= len ? 1 : step) {
		ret = parse(test, data, p, name);
		if (ret == NFLB_SNI_INCOMPLETE)
			continue;
		KUNIT_ASSERT_EQ_MSG(test, ret, whole, "prefix of %zu bytes", p);
		if (ret == NFLB_SNI_FOUND)
			KUNIT_ASSERT_STREQ_MSG(test, name, want,
					       "prefix of %zu bytes", p);
	}
}

struct sni_capture {
	const char *desc;
	const u8 *data;
	size_t len;
	enum nflb_sni_result result;
	const char *name;
};

#define CAPTURE(d, a, r, nm) \
	{ .desc = (d), .data = (a), .len = sizeof(a) - 1, .result = (r), .name = (nm) }

static const struct sni_capture sni_captures[] = {
	CAPTURE("openssl tls1.3 sni", hello_ossl13_sni, NFLB_SNI_FOUND, "x.example.com"),
	CAPTURE("openssl tls1.3 no sni", hello_ossl13_nosni, NFLB_SNI_NONE, NULL),
	CAPTURE("openssl tls1.2 sni", hello_ossl12_sni, NFLB_SNI_FOUND, "x.example.com"),
	CAPTURE("openssl tls1.2 no sni", hello_ossl12_nosni, NFLB_SNI_NONE, NULL),
	CAPTURE("openssl tls1.0 sni", hello_ossl10_sni, NFLB_SNI_FOUND,
		"legacy.example.org"),
	CAPTURE("curl tls1.3 sni", hello_curl, NFLB_SNI_FOUND, "www.example.com"),
};

static void sni_capture_desc(const struct sni_capture *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sni_capture, sni_captures, sni_capture_desc);

static void expect_result(struct kunit *test, enum nflb_sni_result ret,
			  const char *name, enum nflb_sni_result want,
			  const char *want_name)
{
	KUNIT_EXPECT_EQ(test, ret, want);
	if (ret == NFLB_SNI_FOUND && want == NFLB_SNI_FOUND)
		KUNIT_EXPECT_STREQ(test, name, want_name);
}

/* The whole capture, and the name buffer untouched past the name. */
static void nflb_sni_captures(struct kunit *test)
{
	const struct sni_capture *c = test->param_value;
	char name[NFLB_SNI_NAME_SIZE];
	enum nflb_sni_result ret;
	u8 *more;

	ret = parse(test, c->data, c->len, name);
	expect_result(test, ret, name, c->result, c->name);
	if (ret == NFLB_SNI_FOUND)
		KUNIT_EXPECT_EQ(test, name[strlen(name) + 1], 'X');
	if (ret != NFLB_SNI_FOUND)
		KUNIT_EXPECT_EQ(test, name[0], 'X');
	/* Bytes after the ClientHello (early data, say) change nothing. */
	more = kunit_kmalloc(test, 2 * c->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, more);
	memcpy(more, c->data, c->len);
	memcpy(more + c->len, c->data, c->len);
	ret = parse(test, more, 2 * c->len, name);
	expect_result(test, ret, name, c->result, c->name);
}

/* Cut at every length, as TCP segments would deliver it. */
static void nflb_sni_capture_prefixes(struct kunit *test)
{
	const struct sni_capture *c = test->param_value;
	char name[NFLB_SNI_NAME_SIZE];
	size_t p;

	for (p = 0; p < c->len; p++) {
		enum nflb_sni_result ret = parse(test, c->data, p, name);

		if (c->result != NFLB_SNI_FOUND || ret == NFLB_SNI_INCOMPLETE) {
			KUNIT_ASSERT_EQ_MSG(test, ret, NFLB_SNI_INCOMPLETE,
					    "prefix of %zu bytes", p);
			continue;
		}
		/* Found once the name is in, whatever follows. */
		KUNIT_ASSERT_EQ_MSG(test, ret, NFLB_SNI_FOUND, "prefix of %zu bytes", p);
		KUNIT_ASSERT_STREQ(test, name, c->name);
	}
}

/* Wrap the handshake bytes @hs in records of at most @rec bytes. */
static size_t wrap(u8 *out, const u8 *hs, size_t len, const size_t *cuts,
		   int ncuts, u8 minor)
{
	size_t o = 0, from = 0, to;
	int i;

	for (i = 0; i <= ncuts; i++) {
		to = i < ncuts ? cuts[i] : len;
		out[o++] = 22;
		out[o++] = 3;
		out[o++] = minor;
		out[o++] = (to - from) >> 8;
		out[o++] = (to - from) & 0xff;
		memcpy(out + o, hs + from, to - from);
		o += to - from;
		from = to;
	}
	return o;
}

/*
 * The handshake message re-split into two records at every point, and
 * into three with a one-byte record at every point: the same answer, and
 * for some splits every prefix too.
 */
static void nflb_sni_capture_records(struct kunit *test)
{
	const struct sni_capture *c = test->param_value;
	size_t hs_len = c->len - 5, k, cuts[2], n;
	char name[NFLB_SNI_NAME_SIZE];
	enum nflb_sni_result ret;
	u8 *buf;

	KUNIT_ASSERT_EQ(test, (size_t)(c->data[3] << 8 | c->data[4]), hs_len);
	buf = kunit_kmalloc(test, c->len + 10, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (k = 1; k < hs_len; k++) {
		cuts[0] = k;
		n = wrap(buf, c->data + 5, hs_len, cuts, 1, c->data[2]);
		ret = parse(test, buf, n, name);
		expect_result(test, ret, name, c->result, c->name);
		if (k % 37 == 1)
			check_prefixes(test, buf, n, 1, c->result, c->name);
		if (k + 1 >= hs_len)
			continue;
		cuts[1] = k + 1;
		n = wrap(buf, c->data + 5, hs_len, cuts, 2, c->data[2]);
		ret = parse(test, buf, n, name);
		expect_result(test, ret, name, c->result, c->name);
	}
}

struct sni_version {
	const char *desc;
	u8 rec[2];		/* record version */
	u8 hello[2];		/* ClientHello legacy_version */
	enum nflb_sni_result result;
};

static const struct sni_version sni_versions[] = {
	{ "record ssl3.0", { 3, 0 }, { 3, 3 }, NFLB_SNI_FOUND },
	{ "record tls1.0", { 3, 1 }, { 3, 3 }, NFLB_SNI_FOUND },
	{ "record tls1.1", { 3, 2 }, { 3, 3 }, NFLB_SNI_FOUND },
	{ "record tls1.2", { 3, 3 }, { 3, 3 }, NFLB_SNI_FOUND },
	{ "record tls1.3", { 3, 4 }, { 3, 3 }, NFLB_SNI_FOUND },
	{ "hello tls1.0", { 3, 1 }, { 3, 1 }, NFLB_SNI_FOUND },
	{ "hello tls1.1", { 3, 1 }, { 3, 2 }, NFLB_SNI_FOUND },
	{ "record 3.5", { 3, 5 }, { 3, 3 }, NFLB_SNI_NOT_TLS },
	{ "record 2.0", { 2, 0 }, { 3, 3 }, NFLB_SNI_NOT_TLS },
	{ "record 4.1", { 4, 1 }, { 3, 3 }, NFLB_SNI_NOT_TLS },
	{ "hello 2.0", { 3, 1 }, { 2, 0 }, NFLB_SNI_MALFORMED },
	{ "hello 254.253 (dtls)", { 3, 1 }, { 254, 253 }, NFLB_SNI_MALFORMED },
};

static void sni_version_desc(const struct sni_version *v, char *desc)
{
	strscpy(desc, v->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sni_version, sni_versions, sni_version_desc);

/* Record and ClientHello versions, on the openssl TLS 1.2 capture. */
static void nflb_sni_versions(struct kunit *test)
{
	const struct sni_version *v = test->param_value;
	u8 buf[sizeof(hello_ossl12_sni) - 1];
	char name[NFLB_SNI_NAME_SIZE];

	memcpy(buf, hello_ossl12_sni, sizeof(buf));
	memcpy(buf + 1, v->rec, 2);
	memcpy(buf + 9, v->hello, 2);
	expect_result(test, parse(test, buf, sizeof(buf), name), name,
		      v->result, "x.example.com");
}

/*
 * A ClientHello built here: a fixed start (no session id, one cipher
 * suite, null compression), then extensions: @before, a server_name with
 * @sni (if any), @after.  @pad makes a filler extension of that many bytes
 * first (a post-quantum key share, say); @rec cuts the records (default
 * 16384); @patch changes bytes of the result, offsets fixed by the layout:
 *
 *   0 record type, 1-2 version, 3-4 length   5 handshake type, 6-8 length
 *   9-10 client version, 11-42 random         43 session id length
 *   44-45 cipher suites length, 46-47 suite   48 compression length, 49
 *   50-51 extensions length, then extensions  (all in the first record
 *                                              when @rec >= 52)
 */
struct sni_built {
	const char *desc;
	struct sni_bytes before, sni, after;
	bool no_exts;
	unsigned int pad;
	unsigned int rec;
	struct { u16 at; u8 val; } patch[2];
	unsigned int npatch;
	enum nflb_sni_result result;
	const char *name;
};

#define L61 "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxy"
#define L63 L61 "za"
#define GREASE_A "\x0a\x0a\x00\x00"
#define GREASE_B "\x1a\x1a\x00\x01\x00"
#define GREASE_C "\xfa\xfa\x00\x00"
/* encrypted_client_hello (outer): type, cipher suite, config id, enc, payload */
#define ECH "\xfe\x0d\x00\x0f\x00\x00\x01\x00\x01\x2a\x00\x02\xab\xcd\x00\x03\x01\x02\x03"
#define ALPN_H2 "\x00\x10\x00\x05\x00\x03\x02h2"

static const struct sni_built sni_builts[] = {
	{ "sni only", .sni = B("x.example.com"),
	  .result = NFLB_SNI_FOUND, .name = "x.example.com" },
	{ "grease around sni", .before = B(GREASE_A GREASE_B), .sni = B("a.example"),
	  .after = B(GREASE_C), .result = NFLB_SNI_FOUND, .name = "a.example" },
	{ "ech outer sni", .before = B(ECH), .sni = B("public.example.net"),
	  .result = NFLB_SNI_FOUND, .name = "public.example.net" },
	{ "ech no sni", .before = B(ECH ALPN_H2), .result = NFLB_SNI_NONE },
	{ "sni last after 3 KiB key share", .pad = 3000, .rec = 1400,
	  .before = B(ALPN_H2 GREASE_A), .sni = B("pq.example.com"),
	  .result = NFLB_SNI_FOUND, .name = "pq.example.com" },
	{ "sni after 12 KiB, 1 KiB records", .pad = 12000, .rec = 1024,
	  .sni = B("big.example.com"), .result = NFLB_SNI_FOUND,
	  .name = "big.example.com" },
	{ "16 KiB in one record", .pad = 16300, .sni = B("max.example"),
	  .result = NFLB_SNI_FOUND, .name = "max.example" },
	{ "one-byte records", .rec = 1, .before = B(GREASE_B), .sni = B("a.b"),
	  .after = B(ALPN_H2), .result = NFLB_SNI_FOUND, .name = "a.b" },
	{ "uppercase, trailing dot", .sni = B("WWW.Example.COM."),
	  .result = NFLB_SNI_FOUND, .name = "www.example.com" },
	{ "service labels", .sni = B("_sip._tcp.example.com"),
	  .result = NFLB_SNI_FOUND, .name = "_sip._tcp.example.com" },
	{ "idn a-label", .sni = B("xn--bcher-kva.example"),
	  .result = NFLB_SNI_FOUND, .name = "xn--bcher-kva.example" },
	{ "address literal", .sni = B("192.0.2.1"),
	  .result = NFLB_SNI_FOUND, .name = "192.0.2.1" },
	{ "label of 63", .sni = B(L63 ".example"),
	  .result = NFLB_SNI_FOUND, .name = L63 ".example" },
	{ "name of 253", .sni = B(L63 "." L63 "." L63 "." L61),
	  .result = NFLB_SNI_FOUND, .name = L63 "." L63 "." L63 "." L61 },
	{ "name of 253 and a dot", .sni = B(L63 "." L63 "." L63 "." L61 "."),
	  .result = NFLB_SNI_FOUND, .name = L63 "." L63 "." L63 "." L61 },
	{ "label of 64", .sni = B(L63 "b.example"), .result = NFLB_SNI_BAD_NAME },
	{ "name of 254", .sni = B(L63 "." L63 "." L63 "." L61 "z"),
	  .result = NFLB_SNI_BAD_NAME },
	{ "empty label", .sni = B("a..example"), .result = NFLB_SNI_BAD_NAME },
	{ "leading dot", .sni = B(".example"), .result = NFLB_SNI_BAD_NAME },
	{ "only a dot", .sni = B("."), .result = NFLB_SNI_BAD_NAME },
	{ "two trailing dots", .sni = B("a.example.."), .result = NFLB_SNI_BAD_NAME },
	{ "space", .sni = B("a b.example"), .result = NFLB_SNI_BAD_NAME },
	{ "asterisk", .sni = B("*.example.com"), .result = NFLB_SNI_BAD_NAME },
	{ "nul inside", .sni = B("a\0.example"), .result = NFLB_SNI_BAD_NAME },
	{ "slash", .sni = B("a/b.example"), .result = NFLB_SNI_BAD_NAME },
	{ "utf-8", .sni = B("b\xc3\xbc\x63her.example"), .result = NFLB_SNI_BAD_NAME },
	{ "unknown name type first",
	  .before = B("\x00\x00\x00\x0e\x00\x0c\x01\x00\x03\x61\x62\x63\x00\x00\x03\x61\x2e\x62"),
	  .result = NFLB_SNI_FOUND, .name = "a.b" },
	{ "two host names: the first",
	  .before = B("\x00\x00\x00\x0e\x00\x0c\x00\x00\x03\x61\x2e\x62\x00\x00\x03\x63\x2e\x64"),
	  .result = NFLB_SNI_FOUND, .name = "a.b" },
	{ "only an unknown name type",
	  .before = B("\x00\x00\x00\x08\x00\x06\x07\x00\x03\x61\x62\x63"),
	  .result = NFLB_SNI_NONE },
	{ "no extensions", .no_exts = true, .result = NFLB_SNI_NONE },
	{ "empty extensions", .result = NFLB_SNI_NONE },
	{ "empty server_name", .before = B("\x00\x00\x00\x00"),
	  .result = NFLB_SNI_MALFORMED },
	{ "empty name list", .before = B("\x00\x00\x00\x02\x00\x00"),
	  .result = NFLB_SNI_MALFORMED },
	{ "list longer than extension",
	  .before = B("\x00\x00\x00\x08\x00\x07\x00\x00\x03\x61\x2e\x62"),
	  .result = NFLB_SNI_MALFORMED },
	{ "list shorter than extension",
	  .before = B("\x00\x00\x00\x08\x00\x05\x00\x00\x03\x61\x2e\x62"),
	  .result = NFLB_SNI_MALFORMED },
	{ "name past list", .before = B("\x00\x00\x00\x08\x00\x06\x00\x00\x04\x61\x2e\x62"),
	  .result = NFLB_SNI_MALFORMED },
	{ "empty host name", .before = B("\x00\x00\x00\x05\x00\x03\x00\x00\x00"),
	  .result = NFLB_SNI_MALFORMED },
	{ "extension past the block", .before = B("\x00\x15\x00\x10\x00\x00\x00\x00"),
	  .result = NFLB_SNI_MALFORMED },
	{ "half an extension header", .before = B(GREASE_A "\x00\x15\x00"),
	  .result = NFLB_SNI_MALFORMED },
	{ "extensions length short", .sni = B("a.b"),
	  .patch = { { 51, 11 } }, .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "extensions length long", .sni = B("a.b"),
	  .patch = { { 51, 13 } }, .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "handshake length long", .sni = B("a.b"),
	  .patch = { { 8, 62 } }, .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "handshake length short", .sni = B("a.b"),
	  .patch = { { 8, 40 } }, .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "handshake length 16M", .sni = B("a.b"), .patch = { { 6, 0xff } },
	  .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "session id of 33", .sni = B("a.b"), .patch = { { 43, 33 } },
	  .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "odd cipher suites", .sni = B("a.b"), .patch = { { 45, 3 } },
	  .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "no cipher suites", .sni = B("a.b"), .patch = { { 45, 0 } },
	  .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "no compression", .sni = B("a.b"), .patch = { { 48, 0 } },
	  .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "server hello", .sni = B("a.b"), .patch = { { 5, 2 } },
	  .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "record of 0", .sni = B("a.b"), .patch = { { 3, 0 }, { 4, 0 } },
	  .npatch = 2, .result = NFLB_SNI_MALFORMED },
	{ "record of 16385", .sni = B("a.b"), .patch = { { 3, 0x40 }, { 4, 1 } },
	  .npatch = 2, .result = NFLB_SNI_MALFORMED },
	{ "alert record inside", .rec = 60, .sni = B("a.example.com"),
	  .patch = { { 65, 21 } }, .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "second record 2.0", .rec = 60, .sni = B("a.example.com"),
	  .patch = { { 66, 2 } }, .npatch = 1, .result = NFLB_SNI_MALFORMED },
	{ "second record of 0", .rec = 60, .sni = B("a.example.com"),
	  .patch = { { 69, 0 } }, .npatch = 1, .result = NFLB_SNI_MALFORMED },
};

static void sni_built_desc(const struct sni_built *b, char *desc)
{
	strscpy(desc, b->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sni_built, sni_builts, sni_built_desc);

static u8 *put16(u8 *p, size_t v)
{
	*p++ = v >> 8;
	*p++ = v & 0xff;
	return p;
}

static u8 *put(u8 *p, const struct sni_bytes *b)
{
	if (b->n)
		memcpy(p, b->p, b->n);
	return p + b->n;
}

/* The ClientHello of @b, in records; its length in @len. */
static u8 *build(struct kunit *test, const struct sni_built *b, size_t *len)
{
	size_t exts = b->before.n + b->after.n, hs_len, i, cuts[64];
	size_t rec = b->rec ?: 16384;
	u8 *hs, *p, *out;
	int ncuts = 0;

	if (b->sni.p)
		exts += 9 + b->sni.n;
	if (b->pad)
		exts += 4 + b->pad;
	hs_len = 4 + 2 + 32 + 1 + 4 + 2 + (b->no_exts ? 0 : 2 + exts);
	hs = kunit_kzalloc(test, hs_len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, hs);
	p = hs;
	*p++ = 1;
	*p++ = (hs_len - 4) >> 16;
	p = put16(p, hs_len - 4);
	p = put16(p, 0x0303);
	for (i = 0; i < 32; i++)
		*p++ = 0xa0 + i;
	*p++ = 0;				/* session id */
	p = put16(p, 2);
	p = put16(p, 0x1301);			/* TLS_AES_128_GCM_SHA256 */
	*p++ = 1;
	*p++ = 0;				/* null compression */
	if (!b->no_exts) {
		p = put16(p, exts);
		if (b->pad) {
			p = put16(p, 0x0033);	/* key_share, its content zeros */
			p = put16(p, b->pad);
			p += b->pad;
		}
		p = put(p, &b->before);
		if (b->sni.p) {
			p = put16(p, 0);
			p = put16(p, b->sni.n + 5);
			p = put16(p, b->sni.n + 3);
			*p++ = 0;
			p = put16(p, b->sni.n);
			p = put(p, &b->sni);
		}
		p = put(p, &b->after);
	}
	KUNIT_ASSERT_EQ(test, (size_t)(p - hs), hs_len);
	if (rec < hs_len && hs_len / rec >= ARRAY_SIZE(cuts)) {
		/* Many tiny records: wrap() one piece at a time. */
		out = kunit_kmalloc(test, hs_len * 6, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, out);
		for (i = 0, p = out; i < hs_len; i += rec)
			p += wrap(p, hs + i, min(rec, hs_len - i), NULL, 0, 1);
		*len = p - out;
	} else {
		for (i = rec; i < hs_len; i += rec)
			cuts[ncuts++] = i;
		out = kunit_kmalloc(test, hs_len + 5 * (ncuts + 1), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, out);
		*len = wrap(out, hs, hs_len, cuts, ncuts, 1);
	}
	for (i = 0; i < b->npatch; i++) {
		KUNIT_ASSERT_LT(test, (size_t)b->patch[i].at, *len);
		out[b->patch[i].at] = b->patch[i].val;
	}
	return out;
}

static void nflb_sni_built(struct kunit *test)
{
	const struct sni_built *b = test->param_value;
	char name[NFLB_SNI_NAME_SIZE];
	enum nflb_sni_result ret;
	size_t len;
	u8 *data;

	data = build(test, b, &len);
	ret = parse(test, data, len, name);
	expect_result(test, ret, name, b->result, b->name);
	check_prefixes(test, data, len, len / 300 + 1, ret, name);
}

/* First bytes that are not (or not yet) a ClientHello. */
struct sni_raw {
	const char *desc;
	struct sni_bytes in;
	enum nflb_sni_result result;
};

static const struct sni_raw sni_raws[] = {
	{ "nothing", B(""), NFLB_SNI_INCOMPLETE },
	{ "one byte", B("\x16"), NFLB_SNI_INCOMPLETE },
	{ "two bytes", B("\x16\x03"), NFLB_SNI_INCOMPLETE },
	{ "four bytes", B("\x16\x03\x01\x02"), NFLB_SNI_INCOMPLETE },
	{ "record header", B("\x16\x03\x01\x02\x00"), NFLB_SNI_INCOMPLETE },
	{ "handshake type", B("\x16\x03\x01\x00\x01\x01"), NFLB_SNI_INCOMPLETE },
	{ "handshake header", B("\x16\x03\x03\x00\x04\x01\x00\x00\x26"),
	  NFLB_SNI_INCOMPLETE },
	{ "http get", B("GET / HTTP/1.1\r\nHost: a.example\r\n\r\n"), NFLB_SNI_NOT_TLS },
	{ "http G", B("G"), NFLB_SNI_NOT_TLS },
	{ "ssh banner", B("SSH-2.0-OpenSSH_9.2\r\n"), NFLB_SNI_NOT_TLS },
	{ "sslv2 hello", B("\x80\x2e\x01\x03\x01\x00\x15"), NFLB_SNI_NOT_TLS },
	{ "alert", B("\x15\x03\x01\x00\x02\x02\x28"), NFLB_SNI_NOT_TLS },
	{ "application data", B("\x17\x03\x03\x00\x05hello"), NFLB_SNI_NOT_TLS },
	{ "handshake 2.0", B("\x16\x02\x00"), NFLB_SNI_NOT_TLS },
	{ "handshake 3.5", B("\x16\x03\x05"), NFLB_SNI_NOT_TLS },
	{ "record of 0", B("\x16\x03\x01\x00\x00"), NFLB_SNI_MALFORMED },
	{ "record of 16385", B("\x16\x03\x01\x40\x01\x01"), NFLB_SNI_MALFORMED },
	{ "server hello", B("\x16\x03\x01\x00\x04\x02\x00\x00\x00"), NFLB_SNI_MALFORMED },
	{ "empty client hello", B("\x16\x03\x01\x00\x04\x01\x00\x00\x00"),
	  NFLB_SNI_MALFORMED },
	{ "then application data", B("\x16\x03\x01\x00\x01\x01\x17\x03\x01\x00\x01\x00"),
	  NFLB_SNI_MALFORMED },
	{ "then empty record", B("\x16\x03\x01\x00\x01\x01\x16\x03\x01\x00\x00"),
	  NFLB_SNI_MALFORMED },
};

static void sni_raw_desc(const struct sni_raw *r, char *desc)
{
	strscpy(desc, r->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sni_raw, sni_raws, sni_raw_desc);

static void nflb_sni_raw(struct kunit *test)
{
	const struct sni_raw *r = test->param_value;
	char name[NFLB_SNI_NAME_SIZE];

	KUNIT_EXPECT_EQ(test, parse(test, r->in.p, r->in.n, name), r->result);
	KUNIT_EXPECT_EQ(test, name[0], 'X');
}

/* A name that does not fit the caller's buffer is refused, not cut. */
static void nflb_sni_name_size(struct kunit *test)
{
	char name[16];

	memset(name, 'X', sizeof(name));
	KUNIT_EXPECT_EQ(test, nflb_sni_parse(hello_ossl13_sni,
					     sizeof(hello_ossl13_sni) - 1,
					     name, 13),
			NFLB_SNI_BAD_NAME);
	KUNIT_EXPECT_EQ(test, name[13], 'X');
	KUNIT_EXPECT_EQ(test, nflb_sni_parse(hello_ossl13_sni,
					     sizeof(hello_ossl13_sni) - 1,
					     name, 14),
			NFLB_SNI_FOUND);
	KUNIT_EXPECT_STREQ(test, name, "x.example.com");
}

struct sni_match_case {
	const char *rule, *name;
	enum nflb_sni_match match;
};

static const struct sni_match_case sni_match_cases[] = {
	{ "www.example.com", "www.example.com", NFLB_SNI_MATCH_EXACT },
	{ "www.example.com", "WWW.Example.Com", NFLB_SNI_MATCH_EXACT },
	{ "WWW.EXAMPLE.COM", "www.example.com", NFLB_SNI_MATCH_EXACT },
	{ "www.example.com.", "www.example.com", NFLB_SNI_MATCH_EXACT },
	{ "www.example.com", "www.example.com.", NFLB_SNI_MATCH_EXACT },
	{ "www.example.com", "example.com", NFLB_SNI_MATCH_NONE },
	{ "www.example.com", "www.example.com.evil", NFLB_SNI_MATCH_NONE },
	{ "www.example.com", "xwww.example.com", NFLB_SNI_MATCH_NONE },
	{ "www.example.com", "www.example.com..", NFLB_SNI_MATCH_NONE },
	{ "*.example.com", "a.example.com", NFLB_SNI_MATCH_WILDCARD },
	{ "*.example.com", "A.EXAMPLE.COM.", NFLB_SNI_MATCH_WILDCARD },
	{ "*.Example.COM", "www.example.com", NFLB_SNI_MATCH_WILDCARD },
	{ "*.example.com.", "www.example.com", NFLB_SNI_MATCH_WILDCARD },
	{ "*.example.com", "example.com", NFLB_SNI_MATCH_NONE },
	{ "*.example.com", "a.b.example.com", NFLB_SNI_MATCH_NONE },
	{ "*.example.com", ".example.com", NFLB_SNI_MATCH_NONE },
	{ "*.example.com", "aexample.com", NFLB_SNI_MATCH_NONE },
	{ "*.example.com", "a.example.co", NFLB_SNI_MATCH_NONE },
	{ "*.example.com", "a.example.com.x", NFLB_SNI_MATCH_NONE },
	{ "*.example.com", "a.xexample.com", NFLB_SNI_MATCH_NONE },
	{ "*.com", "example.com", NFLB_SNI_MATCH_WILDCARD },
	{ "*.com", "com", NFLB_SNI_MATCH_NONE },
	{ "a.*.com", "a.b.com", NFLB_SNI_MATCH_NONE },
	{ "*", "a", NFLB_SNI_MATCH_NONE },
	{ "*.", "a", NFLB_SNI_MATCH_NONE },
	{ "", "a", NFLB_SNI_MATCH_NONE },
	{ "a", "", NFLB_SNI_MATCH_NONE },
	{ ".", ".", NFLB_SNI_MATCH_NONE },
	{ "", "", NFLB_SNI_MATCH_NONE },
};

static void sni_match_desc(const struct sni_match_case *m, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s vs %s", m->rule, m->name);
}

KUNIT_ARRAY_PARAM(sni_match, sni_match_cases, sni_match_desc);

static void nflb_sni_match_rules(struct kunit *test)
{
	const struct sni_match_case *m = test->param_value;

	KUNIT_EXPECT_EQ(test, nflb_sni_match(m->rule, m->name), m->match);
}

struct sni_rule_case {
	const char *rule;
	const char *norm;	/* NULL: refused */
	const char *parent;	/* nflb_sni_parent() of norm (not a wildcard) */
};

static const struct sni_rule_case sni_rule_cases[] = {
	{ "www.Example.com.", "www.example.com", "example.com" },
	{ "*.Example.COM", "*.example.com", NULL },
	{ "*.com", "*.com", NULL },
	{ "localhost", "localhost", NULL },
	{ "a_b.c-d.example", "a_b.c-d.example", "c-d.example" },
	{ L63 "." L63 "." L63 "." L61, L63 "." L63 "." L63 "." L61, L63 "." L63 "." L61 },
	{ "*." L63 "." L63 "." L61 "." L61, "*." L63 "." L63 "." L61 "." L61, NULL },
	{ "*." L63 "." L63 "." L61 "." L61 "z", NULL, NULL },
	{ "*." L63 "." L63 "." L63 "." L61 "z", NULL, NULL },
	{ L63 "." L63 "." L63 "." L61 "z", NULL, NULL },
	{ L63 "b.example", NULL, NULL },
	{ "*", NULL, NULL },
	{ "*.", NULL, NULL },
	{ "*.*.com", NULL, NULL },
	{ "a.*.com", NULL, NULL },
	{ "w*.example.com", NULL, NULL },
	{ "**.example.com", NULL, NULL },
	{ "", NULL, NULL },
	{ ".", NULL, NULL },
	{ "a..b", NULL, NULL },
	{ ".a", NULL, NULL },
	{ "a b", NULL, NULL },
	{ "a/b", NULL, NULL },
};

static void sni_rule_desc(const struct sni_rule_case *r, char *desc)
{
	size_t n = strlen(r->rule);

	if (n > 40)
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%.32s...\" (%zu)", r->rule, n);
	else
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\"", r->rule);
}

KUNIT_ARRAY_PARAM(sni_rule, sni_rule_cases, sni_rule_desc);

static void nflb_sni_rule_check(struct kunit *test)
{
	const struct sni_rule_case *r = test->param_value;
	char out[NFLB_SNI_NAME_SIZE];
	bool ok = nflb_sni_rule_normalize(r->rule, out, sizeof(out));

	KUNIT_EXPECT_EQ(test, ok, !!r->norm);
	if (!ok || !r->norm)
		return;
	KUNIT_EXPECT_STREQ(test, out, r->norm);
	KUNIT_EXPECT_EQ(test, nflb_sni_match(r->rule, r->norm),
			r->norm[0] == '*' ? NFLB_SNI_MATCH_WILDCARD :
					    NFLB_SNI_MATCH_EXACT);
	if (r->norm[0] == '*')
		return;
	if (r->parent)
		KUNIT_EXPECT_STREQ(test, nflb_sni_parent(out), r->parent);
	else
		KUNIT_EXPECT_NULL(test, nflb_sni_parent(out));
	/* Too small a buffer refuses the rule. */
	KUNIT_EXPECT_FALSE(test, nflb_sni_rule_normalize(r->rule, out,
							 strlen(r->rule)));
}

/* The naive model: names as arrays of lowercase labels. */
#define NAIVE_LABELS	8
#define NAIVE_LABEL	16

struct naive_name {
	int n;
	char label[NAIVE_LABELS][NAIVE_LABEL];
};

static void naive_split(const char *s, struct naive_name *nn)
{
	size_t i, len = strlen(s), k = 0;

	if (len && s[len - 1] == '.')
		len--;
	memset(nn, 0, sizeof(*nn));
	for (i = 0; i < len && nn->n < NAIVE_LABELS; i++) {
		if (s[i] == '.') {
			nn->n++;
			k = 0;
		} else if (k < NAIVE_LABEL - 1) {
			nn->label[nn->n][k++] = tolower(s[i]);
		}
	}
	nn->n++;
}

static enum nflb_sni_match naive_match(const char *rule, const char *name)
{
	struct naive_name r, n;
	int i;

	naive_split(rule, &r);
	naive_split(name, &n);
	if (r.n != n.n)
		return NFLB_SNI_MATCH_NONE;
	for (i = 1; i < r.n; i++)
		if (strcmp(r.label[i], n.label[i]))
			return NFLB_SNI_MATCH_NONE;
	if (!strcmp(r.label[0], n.label[0]))
		return NFLB_SNI_MATCH_EXACT;
	return r.n > 1 && !strcmp(r.label[0], "*") ? NFLB_SNI_MATCH_WILDCARD :
						     NFLB_SNI_MATCH_NONE;
}

static const char *const naive_labels[] = {
	"a", "B", "www", "Example", "com", "org", "xn--bcher-kva", "x-y",
};

static void random_name(struct rnd_state *rnd, char *out, int max_labels,
			bool wildcard)
{
	int i, n = 1 + prandom_u32_state(rnd) % max_labels;

	out[0] = '\0';
	if (wildcard)
		strcat(out, "*.");
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, ".");
		strcat(out, naive_labels[prandom_u32_state(rnd) %
					 ARRAY_SIZE(naive_labels)]);
	}
	if (prandom_u32_state(rnd) % 4 == 0)
		strcat(out, ".");
}

#define DIFF_ROUNDS	3000
#define DIFF_RULES	8

/*
 * The data path will look a name up by key: first the exact rules under
 * the name, then the wildcard rules under nflb_sni_parent(name).  Against
 * the naive model over every rule (best match wins, first rule on a tie),
 * for random names and rule sets; and nflb_sni_match() against the model
 * on every pair.
 */
struct sni_diff {
	char rules[DIFF_RULES][128], norm[DIFF_RULES][NFLB_SNI_NAME_SIZE];
	char name[128], nname[NFLB_SNI_NAME_SIZE];
};

static void nflb_sni_differential(struct kunit *test)
{
	struct sni_diff *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	unsigned int round, mismatches = 0, found = 0, wild = 0;
	char (*rules)[128], (*norm)[NFLB_SNI_NAME_SIZE], *name, *nname;
	struct rnd_state rnd;

	KUNIT_ASSERT_NOT_NULL(test, d);
	rules = d->rules;
	norm = d->norm;
	name = d->name;
	nname = d->nname;
	prandom_seed_state(&rnd, 0x5e1);
	for (round = 0; round < DIFF_ROUNDS; round++) {
		enum nflb_sni_match keyed = NFLB_SNI_MATCH_NONE, best = 0, m;
		int i, nrules = 1 + prandom_u32_state(&rnd) % DIFF_RULES;
		int keyed_i = -1, best_i = -1;
		const char *parent;

		random_name(&rnd, name, 4, false);
		KUNIT_ASSERT_TRUE(test, nflb_sni_rule_normalize(name, nname,
								NFLB_SNI_NAME_SIZE));
		for (i = 0; i < nrules; i++) {
			random_name(&rnd, rules[i], 3,
				    prandom_u32_state(&rnd) % 2);
			KUNIT_ASSERT_TRUE(test,
					  nflb_sni_rule_normalize(rules[i], norm[i],
								  NFLB_SNI_NAME_SIZE));
			m = nflb_sni_match(rules[i], name);
			mismatches += m != naive_match(rules[i], name);
			if (m > best) {
				best = m;
				best_i = i;
			}
		}
		for (i = 0; i < nrules && keyed_i < 0; i++)
			if (norm[i][0] != '*' && !strcmp(norm[i], nname))
				keyed_i = i;
		parent = nflb_sni_parent(nname);
		for (i = 0; i < nrules && keyed_i < 0 && parent; i++)
			if (norm[i][0] == '*' && !strcmp(norm[i] + 2, parent))
				keyed_i = i;
		if (keyed_i >= 0)
			keyed = norm[keyed_i][0] == '*' ? NFLB_SNI_MATCH_WILDCARD :
							  NFLB_SNI_MATCH_EXACT;
		if (keyed != best || keyed_i != best_i) {
			mismatches++;
			kunit_info(test, "%s: keyed %d (rule %d), naive %d (rule %d)",
				   name, keyed, keyed_i, best, best_i);
		}
		found += best != NFLB_SNI_MATCH_NONE;
		wild += best == NFLB_SNI_MATCH_WILDCARD;
	}
	KUNIT_EXPECT_EQ(test, mismatches, 0U);
	/* The random sets must exercise every outcome. */
	KUNIT_EXPECT_GT(test, wild, DIFF_ROUNDS / 50);
	KUNIT_EXPECT_GT(test, found - wild, DIFF_ROUNDS / 50);
	KUNIT_EXPECT_GT(test, DIFF_ROUNDS - found, DIFF_ROUNDS / 50);
}

static struct kunit_case nflb_sni_cases[] = {
	KUNIT_CASE_PARAM(nflb_sni_captures, sni_capture_gen_params),
	KUNIT_CASE_PARAM(nflb_sni_capture_prefixes, sni_capture_gen_params),
	KUNIT_CASE_PARAM(nflb_sni_capture_records, sni_capture_gen_params),
	KUNIT_CASE_PARAM(nflb_sni_versions, sni_version_gen_params),
	KUNIT_CASE_PARAM(nflb_sni_built, sni_built_gen_params),
	KUNIT_CASE_PARAM(nflb_sni_raw, sni_raw_gen_params),
	KUNIT_CASE(nflb_sni_name_size),
	KUNIT_CASE_PARAM(nflb_sni_match_rules, sni_match_gen_params),
	KUNIT_CASE_PARAM(nflb_sni_rule_check, sni_rule_gen_params),
	KUNIT_CASE(nflb_sni_differential),
	{}
};

static struct kunit_suite nflb_sni_suite = {
	.name = "nflb_sni",
	.test_cases = nflb_sni_cases,
};

kunit_test_suite(nflb_sni_suite);
