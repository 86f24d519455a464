/* Internal: the general URI parser on its own (uri.c), so tests and the
 * fuzzer can hold sw_uri_parse's sip/sips fast path (uri_fast.c) against
 * the code it falls back to, and the helpers both share. Not installed,
 * not part of the public API. */
#ifndef SIPWIRE_URI_INT_H
#define SIPWIRE_URI_INT_H

#include <stdint.h>

#include "sipwire/uri.h"

/* sw_uri_parse (same contract: reads base[s.off, s.off + s.len), fills
 * *out, sets *err on failure, returns SW_OK or an error status) with the
 * grammar as written for every scheme, never the sip/sips fast path. */
int sw_uri_parse_general(const void *base, struct sw_slice s, struct sw_uri *out,
			 struct sw_err *err);

/* Helpers both parsers share (uri.c and uri_fast.c); inline, since they
 * run for every URI. */

/* b[p..p+n) equals the lowercase-letter literal `lit` of length litlen,
 * ignoring case. `| 0x20` maps only 'A'-'Z' onto 'a'-'z' (it moves
 * 0x40-0x5F to 0x60-0x7F, where no other byte lands on a letter), so it is
 * exact for literals made of letters. */
static inline int
sw_uri_ieq(const unsigned char *b, uint32_t p, uint32_t n, const char *lit, uint32_t litlen)
{
	if (n != litlen)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		if ((b[p + i] | 0x20) != (unsigned char)lit[i])
			return 0;
	return 1;
}

/* dec-octet "." dec-octet "." dec-octet "." dec-octet, exactly b[p..end):
 * one pass, 1-3 digits per part, each part at most 255. */
static inline int
sw_uri_ipv4_ok(const unsigned char *b, uint32_t p, uint32_t end)
{
	const unsigned char *q = b + p, *e = b + end;

	for (int part = 0; part < 4; part++) {
		const unsigned char *s = q;
		unsigned v = 0;

		while (q < e && q - s < 3 && (unsigned)(*q - '0') <= 9)
			v = v * 10 + (unsigned)(*q++ - '0');
		if (q == s || v > 255 || (part < 3 && (q >= e || *q++ != '.')))
			return 0;
	}
	return q == e;
}

/* Remember the value of a well-known URI parameter: one length switch and
 * at most two compares, since this runs for every parameter of every URI. */
static inline void
sw_uri_note_param(struct sw_uri *u, const unsigned char *b, struct sw_slice n, struct sw_slice v)
{
	struct sw_slice *dst = NULL;
	uint16_t flag = 0;

	switch (n.len) {
	case 2:
		flag = sw_uri_ieq(b, n.off, 2, "lr", 2) ? SW_URI_P_LR : sw_uri_ieq(b, n.off, 2, "ob", 2) ? SW_URI_P_OB : 0;
		break;
	case 3:
		flag = sw_uri_ieq(b, n.off, 3, "ttl", 3) ? SW_URI_P_TTL : 0;
		dst = &u->ttl;
		break;
	case 4:
		flag = sw_uri_ieq(b, n.off, 4, "user", 4) ? SW_URI_P_USER : 0;
		dst = &u->user_param;
		break;
	case 5:
		flag = sw_uri_ieq(b, n.off, 5, "maddr", 5) ? SW_URI_P_MADDR : 0;
		dst = &u->maddr;
		break;
	case 6:
		flag = sw_uri_ieq(b, n.off, 6, "method", 6) ? SW_URI_P_METHOD : 0;
		dst = &u->method;
		break;
	case 8:
		flag = sw_uri_ieq(b, n.off, 8, "received", 8) ? SW_URI_P_RECEIVED : 0;
		dst = &u->received;
		break;
	case 9:
		flag = sw_uri_ieq(b, n.off, 9, "transport", 9) ? SW_URI_P_TRANSPORT : 0;
		dst = &u->transport;
		break;
	}
	if (flag == 0 || (u->pflags & flag)) /* unknown, or not the first occurrence */
		return;
	u->pflags |= flag;
	if (dst != NULL)
		*dst = v;
}

#endif
