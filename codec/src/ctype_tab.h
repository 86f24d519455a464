/* Internal: byte-class tables for the scanners (RFC 3261 §25.1 classes).
 * Built as constant expressions, so there is no start-up work. */
#ifndef SIPWIRE_CTYPE_TAB_H
#define SIPWIRE_CTYPE_TAB_H

#include <stdint.h>

enum {
	SW_CT_TOKEN = 1 << 0,      /* token: alphanum / "-.!%*_+`'~" */
	SW_CT_WS = 1 << 1,         /* SP / HTAB */
	SW_CT_DIGIT = 1 << 2,
	SW_CT_ALPHA = 1 << 3,
	SW_CT_HEX = 1 << 4,
	SW_CT_UNRESERVED = 1 << 5, /* alphanum / mark "-_.!~*'()" */
	SW_CT_URIC = 1 << 6,       /* any byte a URI may hold unescaped, incl. "%[]" */
	SW_CT_USER = 1 << 7,       /* unreserved / user-unreserved "&=+$,;?/" / "%" */
	SW_CT_PARAM = 1 << 8,      /* paramchar: unreserved / "[]/:&+$" / "%" */
	SW_CT_WORD = 1 << 9,       /* word (Call-ID): token / "()<>:\\\"/[]?{}" */
	SW_CT_HOST = 1 << 10,      /* hostname / IPv4: alphanum "-." */
	SW_CT_HNV = 1 << 11,       /* hnv-unreserved / unreserved / "%" (URI headers) */
	SW_CT_SCHEME = 1 << 12,    /* alphanum "+-." */
	SW_CT_QDTEXT = 1 << 13,    /* qdtext without CR/LF: SP HT %x21 %x23-5B %x5D-7E %x80-FF */
	SW_CT_LABEL = 1 << 14,     /* domain label byte: alphanum "-" */
};

extern const uint16_t sw_ctype[256];
extern const unsigned char sw_lower[256];

static inline int
sw_is(unsigned char c, unsigned cls)
{
	return (sw_ctype[c] & cls) != 0;
}

#endif
