// SPDX-License-Identifier: GPL-2.0
/*
 * The server name of a TLS ClientHello, read from the first bytes of a TCP
 * stream, and the host rules that route by it (Documentation/sni.rst).
 *
 * The parser works on whatever prefix of the stream it is given: the
 * ClientHello may be spread over several TLS records and several TCP
 * segments, and until the server name (or the end of the ClientHello) is
 * in the prefix it answers NFLB_SNI_INCOMPLETE.  Every length is checked
 * against the length that encloses it before anything it covers is read,
 * and every read against the end of the prefix, so no input makes it read
 * outside [data, data + len), and a truncated ClientHello is never taken
 * for a malformed one.
 *
 * No kernel-only dependency (no helpers, no allocation, no locks): the
 * same source builds in userspace for tools/fuzz/fuzz_sni.c.
 */
#include "sni.h"

#define TLS_REC_HDR		5	/* type, version, length */
#define TLS_REC_MAX		16384	/* a plaintext record's largest fragment */
#define TLS_CT_HANDSHAKE	22
#define TLS_HS_HDR		4	/* msg_type, uint24 length */
#define TLS_HS_CLIENT_HELLO	1
#define TLS_RANDOM		32
#define TLS_SESSION_ID_MAX	32
#define TLS_EXT_SERVER_NAME	0
#define TLS_SNI_HOST_NAME	0
#define SNI_LABEL_MAX		63

/*
 * A reader of the handshake stream: the bytes of the records' fragments,
 * one after the other, with the record headers taken out.
 */
struct sni_rd {
	const u8 *data;
	size_t len;		/* of the prefix */
	size_t pos;		/* next byte of data to read */
	size_t rec_left;	/* bytes of the current record not read yet */
	size_t off;		/* offset in the handshake stream */
};

static size_t sni_min(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* A record after the first: one more piece of the handshake. */
static enum nflb_sni_result sni_next_record(struct sni_rd *rd)
{
	const u8 *h = rd->data + rd->pos;
	size_t n;

	if (rd->len - rd->pos < TLS_REC_HDR)
		return NFLB_SNI_INCOMPLETE;
	n = (size_t)h[3] << 8 | h[4];
	/* No other record type may come in the middle of a handshake message. */
	if (h[0] != TLS_CT_HANDSHAKE || h[1] != 3 || !n || n > TLS_REC_MAX)
		return NFLB_SNI_MALFORMED;
	rd->pos += TLS_REC_HDR;
	rd->rec_left = n;
	return 0;
}

/* How many handshake bytes can be read at rd->pos at once (at least one). */
static enum nflb_sni_result sni_avail(struct sni_rd *rd, size_t *n)
{
	enum nflb_sni_result ret;

	if (!rd->rec_left) {
		ret = sni_next_record(rd);
		if (ret)
			return ret;
	}
	if (rd->pos == rd->len)
		return NFLB_SNI_INCOMPLETE;
	*n = sni_min(rd->rec_left, rd->len - rd->pos);
	return 0;
}

/* Skip @n bytes of the handshake stream, all of them before @end. */
static enum nflb_sni_result sni_skip(struct sni_rd *rd, size_t end, size_t n)
{
	enum nflb_sni_result ret;
	size_t avail;

	if (n > end - rd->off)
		return NFLB_SNI_MALFORMED;
	while (n) {
		ret = sni_avail(rd, &avail);
		if (ret)
			return ret;
		avail = sni_min(avail, n);
		rd->pos += avail;
		rd->rec_left -= avail;
		rd->off += avail;
		n -= avail;
	}
	return 0;
}

/* Read a big-endian integer of @n (1..3) bytes, all of them before @end. */
static enum nflb_sni_result sni_get(struct sni_rd *rd, size_t end,
				    unsigned int n, size_t *val)
{
	enum nflb_sni_result ret;
	size_t avail;

	if (n > end - rd->off)
		return NFLB_SNI_MALFORMED;
	*val = 0;
	while (n--) {
		ret = sni_avail(rd, &avail);
		if (ret)
			return ret;
		*val = *val << 8 | rd->data[rd->pos];
		rd->pos++;
		rd->rec_left--;
		rd->off++;
	}
	return 0;
}

static char sni_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool sni_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/*
 * Check a host name of @n characters in @name, in place: lowercase it, drop
 * one trailing dot and terminate it.  Labels of 1..63 letters, digits,
 * hyphens and underscores (some service names have them), 253 characters
 * in all: what a DNS name can be, so nothing routable is refused.
 */
static bool sni_check_name(char *name, size_t n)
{
	size_t i, label = 0;

	if (n && name[n - 1] == '.')
		n--;
	if (!n || n > NFLB_SNI_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		name[i] = sni_lower(name[i]);
		if (name[i] == '.') {
			if (!label)
				return false;
			label = 0;
		} else if (!sni_name_char(name[i]) || ++label > SNI_LABEL_MAX) {
			return false;
		}
	}
	if (!label)
		return false;
	name[n] = '\0';
	return true;
}

/* The server_name extension (RFC 6066 section 3), of @n bytes. */
static enum nflb_sni_result sni_server_name(struct sni_rd *rd, size_t n,
					    char *name, size_t name_size)
{
	size_t end = rd->off + n, list, type, nlen, i, c;
	enum nflb_sni_result ret;

	ret = sni_get(rd, end, 2, &list);
	if (ret)
		return ret;
	if (!list || list != end - rd->off)
		return NFLB_SNI_MALFORMED;
	while (rd->off < end) {
		ret = sni_get(rd, end, 1, &type);
		if (!ret)
			ret = sni_get(rd, end, 2, &nlen);
		if (ret)
			return ret;
		if (!nlen)
			return NFLB_SNI_MALFORMED;
		if (type != TLS_SNI_HOST_NAME) {
			ret = sni_skip(rd, end, nlen);
			if (ret)
				return ret;
			continue;
		}
		/* The first host name is the one (there may be only one). */
		if (nlen > end - rd->off)
			return NFLB_SNI_MALFORMED;
		if (nlen > NFLB_SNI_NAME_MAX + 1 || nlen >= name_size)
			return NFLB_SNI_BAD_NAME;
		for (i = 0; i < nlen; i++) {
			ret = sni_get(rd, end, 1, &c);
			if (ret)
				return ret;
			name[i] = (char)c;
		}
		return sni_check_name(name, nlen) ? NFLB_SNI_FOUND :
						   NFLB_SNI_BAD_NAME;
	}
	return 0;
}

/*
 * The ClientHello (RFC 8446 section 4.1.2; RFC 5246 7.4.1.2 is the same
 * up to the extensions), its header read.  Extensions in any order; all
 * but server_name are skipped unread, so GREASE values (RFC 8701) and
 * encrypted_client_hello (whose outer ClientHello's server_name is the
 * public name, what we route on) need no special case.
 */
static enum nflb_sni_result sni_client_hello(struct sni_rd *rd, size_t end,
					     char *name, size_t name_size)
{
	enum nflb_sni_result ret;
	size_t v, type, n;

	ret = sni_get(rd, end, 2, &v);	/* legacy_version */
	if (ret)
		return ret;
	if (v >> 8 != 3)
		return NFLB_SNI_MALFORMED;
	ret = sni_skip(rd, end, TLS_RANDOM);
	if (!ret)
		ret = sni_get(rd, end, 1, &n);	/* legacy_session_id */
	if (ret)
		return ret;
	if (n > TLS_SESSION_ID_MAX)
		return NFLB_SNI_MALFORMED;
	ret = sni_skip(rd, end, n);
	if (!ret)
		ret = sni_get(rd, end, 2, &n);	/* cipher_suites */
	if (ret)
		return ret;
	if (!n || n % 2)
		return NFLB_SNI_MALFORMED;
	ret = sni_skip(rd, end, n);
	if (!ret)
		ret = sni_get(rd, end, 1, &n);	/* compression_methods */
	if (ret)
		return ret;
	if (!n)
		return NFLB_SNI_MALFORMED;
	ret = sni_skip(rd, end, n);
	if (ret)
		return ret;
	if (rd->off == end)		/* no extensions (before TLS 1.2) */
		return NFLB_SNI_NONE;
	ret = sni_get(rd, end, 2, &n);
	if (ret)
		return ret;
	if (n != end - rd->off)
		return NFLB_SNI_MALFORMED;
	while (rd->off < end) {
		ret = sni_get(rd, end, 2, &type);
		if (!ret)
			ret = sni_get(rd, end, 2, &n);
		if (ret)
			return ret;
		if (n > end - rd->off)
			return NFLB_SNI_MALFORMED;
		if (type == TLS_EXT_SERVER_NAME)
			ret = sni_server_name(rd, n, name, name_size);
		else
			ret = sni_skip(rd, end, n);
		if (ret)
			return ret;
	}
	return NFLB_SNI_NONE;
}

/**
 * nflb_sni_parse - the server name of the ClientHello a stream starts with
 * @data: the first bytes the client sent, in order (a prefix of the stream)
 * @len: how many
 * @name: where to put the name: lowercase, no trailing dot, NUL-terminated
 * @name_size: its size, NFLB_SNI_NAME_SIZE to take every valid name
 *
 * Return: NFLB_SNI_FOUND as soon as the prefix holds the host name;
 * NFLB_SNI_INCOMPLETE while it holds a valid start of a ClientHello and
 * neither the name nor the ClientHello's end; NFLB_SNI_NONE for a whole
 * ClientHello without a host name; NFLB_SNI_NOT_TLS when the first record
 * header is not a TLS handshake's; NFLB_SNI_MALFORMED for anything else
 * that breaks the format; NFLB_SNI_BAD_NAME for a name that is not a host
 * name (or does not fit in @name).  @name is written only on FOUND and
 * BAD_NAME.  Bytes after the ClientHello are not looked at.
 */
enum nflb_sni_result nflb_sni_parse(const u8 *data, size_t len, char *name,
				    size_t name_size)
{
	struct sni_rd rd = { .data = data, .len = len };
	enum nflb_sni_result ret;
	size_t type, n;

	/* Handshake, version 3.x (SSL 3.0 = 3.0, TLS 1.0..1.3 = 3.1..3.4). */
	if ((len > 0 && data[0] != TLS_CT_HANDSHAKE) ||
	    (len > 1 && data[1] != 3) || (len > 2 && data[2] > 4))
		return NFLB_SNI_NOT_TLS;
	ret = sni_get(&rd, TLS_HS_HDR, 1, &type);
	if (!ret)
		ret = sni_get(&rd, TLS_HS_HDR, 3, &n);
	if (ret)
		return ret;
	if (type != TLS_HS_CLIENT_HELLO)
		return NFLB_SNI_MALFORMED;
	return sni_client_hello(&rd, TLS_HS_HDR + n, name, name_size);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_parse);

/* The length of @s without one trailing dot. */
static size_t sni_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n && s[n - 1] == '.' ? n - 1 : n;
}

static bool sni_equal(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sni_lower(a[i]) != sni_lower(b[i]))
			return false;
	return true;
}

/**
 * nflb_sni_match - how a host rule matches a server name
 * @rule: "www.example.com" (exact) or "*.example.com" (any one label)
 * @name: the server name
 *
 * Both are compared without regard to case and to one trailing dot.  The
 * wildcard stands for exactly one whole label: "*.example.com" matches
 * "a.example.com", not "example.com" nor "a.b.example.com".
 *
 * Return: NFLB_SNI_MATCH_EXACT, _WILDCARD or _NONE.
 */
enum nflb_sni_match nflb_sni_match(const char *rule, const char *name)
{
	size_t rl = sni_len(rule), nl = sni_len(name), first;

	if (!rl || !nl)
		return NFLB_SNI_MATCH_NONE;
	if (rl > 2 && rule[0] == '*' && rule[1] == '.') {
		for (first = 0; first < nl && name[first] != '.'; first++)
			;
		/* ".example.com" after a label of at least one character */
		if (!first || nl - first != rl - 1 ||
		    !sni_equal(name + first, rule + 1, rl - 1))
			return NFLB_SNI_MATCH_NONE;
		return NFLB_SNI_MATCH_WILDCARD;
	}
	if (rl != nl || !sni_equal(rule, name, rl))
		return NFLB_SNI_MATCH_NONE;
	return NFLB_SNI_MATCH_EXACT;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_match);

/**
 * nflb_sni_rule_normalize - check a host rule and write it as it is kept
 * @rule: a host name, or "*." and a host name
 * @out: the rule lowercased, without a trailing dot, NUL-terminated
 * @out_size: its size; NFLB_SNI_NAME_SIZE takes every valid rule as sent
 *
 * A rule is kept normalized so that looking it up is comparing bytes: an
 * exact rule under its name, a wildcard under the name that follows "*."
 * (the key nflb_sni_parent() gives for a server name).
 *
 * Return: whether @rule is valid (and fits); @out is undefined if not.
 */
bool nflb_sni_rule_normalize(const char *rule, char *out, size_t out_size)
{
	size_t n = 0;

	while (rule[n] && n < out_size)
		n++;
	if (n == out_size)
		return false;
	for (n = 0; rule[n]; n++)
		out[n] = rule[n];
	if (n > 2 && out[0] == '*' && out[1] == '.')
		return sni_check_name(out + 2, n - 2) &&
		       sni_len(out) <= NFLB_SNI_NAME_MAX;
	return sni_check_name(out, n);
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_rule_normalize);

/**
 * nflb_sni_parent - where the wildcard rules for a name are kept
 * @name: a normalized server name
 *
 * Return: @name after its first label and dot ("example.com" for
 * "www.example.com", the key of "*.example.com"), or NULL if @name has a
 * single label and no wildcard can match it.
 */
const char *nflb_sni_parent(const char *name)
{
	const char *p;

	for (p = name; *p; p++)
		if (*p == '.')
			return p != name && p[1] ? p + 1 : NULL;
	return NULL;
}
EXPORT_SYMBOL_FOR_NFLB_KUNIT(nflb_sni_parent);
