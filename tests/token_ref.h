/* The version 2 route-restore token as docs/policies.md specifies it, one
 * byte at a time and written out independently of token.c: the reference
 * tests/test_token.c and fuzz/fuzz_token.c hold sw_route_token_encode and
 * sw_route_token_decode to. Version 2: '2', paramchar bytes as themselves,
 * every other byte as uppercase %XX, then SipHash-2-4 of 'R' 2 text as 16
 * uppercase hex digits, byte 0 first. */
#ifndef SIPWIRE_TESTS_TOKEN_REF_H
#define SIPWIRE_TESTS_TOKEN_REF_H

#include <stdint.h>
#include <string.h>

#include "sipwire/status.h"
#include "sipwire/token.h"

/* 1 when byte c stands for itself in a token: RFC 3261 §25 paramchar
 * without '%' (unreserved and param-unreserved). */
static inline int
tr_lit(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c != 0 && strchr("-_.!~*'()[]/:&+$", (int)c) != NULL);
}

/* Value of an uppercase hex digit, -1 for any other byte. */
static inline int
tr_hex(unsigned char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The token of text[0..n) (n <= SW_ROUTE_TEXT_MAX) into tok (room for
 * SW_ROUTE_TOKEN_LEN_MAX(n)); returns its length. */
static inline size_t
tr_encode(const uint8_t key[SW_TOKEN_KEY_LEN], const uint8_t *text, size_t n, char *tok)
{
	static const char up[] = "0123456789ABCDEF";
	uint8_t b[2 + SW_ROUTE_TEXT_MAX];
	size_t o = 0;
	uint64_t h;

	b[0] = 'R';
	b[1] = 2;
	memcpy(b + 2, text, n);
	h = sw_siphash24(key, b, n + 2);
	tok[o++] = '2';
	for (size_t i = 0; i < n; i++) {
		if (tr_lit(text[i])) {
			tok[o++] = (char)text[i];
			continue;
		}
		tok[o++] = '%';
		tok[o++] = up[text[i] >> 4];
		tok[o++] = up[text[i] & 15];
	}
	for (int k = 0; k < 8; k++) {
		tok[o++] = up[(h >> (8 * k + 4)) & 15];
		tok[o++] = up[(h >> (8 * k)) & 15];
	}
	return o;
}

/* Decode tok[0..len): what sw_route_token_decode must return. b (2 +
 * SW_ROUTE_TEXT_MAX bytes) gets 'R' 2 text and *t its length once the
 * text part is read, so on SW_E_AUTH the caller has the text too (to MAC
 * it right). Only canonical tokens: an escape of a byte that stands for
 * itself, lowercase hex or more than SW_ROUTE_TEXT_MAX bytes of text is
 * SW_E_MALFORMED. */
static inline int
tr_decode(const uint8_t key[SW_TOKEN_KEY_LEN], const char *tok, size_t len, uint8_t *b,
	  size_t *t)
{
	size_t n = 2, i = 1, end;
	uint64_t h;
	int v[2];

	if (len < 17 || len > SW_ROUTE_TOKEN_MAX || tok[0] != '2')
		return SW_E_MALFORMED;
	end = len - 16;
	while (i < end) {
		unsigned c = (unsigned char)tok[i];

		if (n == 2 + SW_ROUTE_TEXT_MAX)
			return SW_E_MALFORMED;
		if (tr_lit(c)) {
			b[n++] = (uint8_t)c;
			i++;
			continue;
		}
		if (c != '%' || end - i < 3 || (v[0] = tr_hex((unsigned char)tok[i + 1])) < 0 ||
		    (v[1] = tr_hex((unsigned char)tok[i + 2])) < 0 || tr_lit((unsigned)(v[0] << 4 | v[1])))
			return SW_E_MALFORMED;
		b[n++] = (uint8_t)(v[0] << 4 | v[1]);
		i += 3;
	}
	b[0] = 'R';
	b[1] = 2;
	*t = n;
	for (size_t k = 0; k < 16; k++)
		if (tr_hex((unsigned char)tok[end + k]) < 0)
			return SW_E_MALFORMED;
	h = sw_siphash24(key, b, n);
	for (size_t k = 0; k < 8; k++)
		if ((tr_hex((unsigned char)tok[end + 2 * k]) << 4 | tr_hex((unsigned char)tok[end + 2 * k + 1])) !=
		    (int)((h >> (8 * k)) & 255))
			return SW_E_AUTH;
	return SW_OK;
}

#endif
