/* Internal: header-name lookup, inlined where a parser calls it per line
 * (msg.c); sw_hdr_lookup in hdr.c is the same function out of line. The
 * tables come from gen_hdr_hash.c (hdr_hash.h, defined once in hdr.c). */
#ifndef SIPWIRE_HDR_LOOKUP_H
#define SIPWIRE_HDR_LOOKUP_H

#include <stdint.h>
#include <string.h>

#include "ctype_tab.h"
#include "hdr_hash.h"
#include "sipwire/hdr.h"

_Static_assert(SW_HDR_NAME_PAD <= 32, "name_matches covers names below 32 bytes");
_Static_assert(SW_HDR_NIDS == SW_HDR__COUNT, "generated tables match SW_HDR_LIST");

/* n bytes (1, 2, 4 or 8) at p as an integer; memcpy compiles to one load. */
static inline uint64_t
load(const unsigned char *p, size_t n)
{
	uint64_t v8;
	uint32_t v4;
	uint16_t v2;

	if (n == 8) {
		memcpy(&v8, p, 8);
		return v8;
	}
	if (n == 4) {
		memcpy(&v4, p, 4);
		return v4;
	}
	if (n == 2) {
		memcpy(&v2, p, 2);
		return v2;
	}
	return p[0];
}

/* s[0..len) equals the lower-case name lc ignoring the case of letters
 * (fold has 0x20 at letters). Compared in the widest windows that fit in
 * len, the last one overlapping the previous, so no byte past len is read;
 * 2 <= len < SW_HDR_NAME_PAD (which is 32). */
static inline int
name_matches(const unsigned char *s, size_t len, const unsigned char *lc, const unsigned char *fold)
{
	uint64_t diff;
	size_t i;

	if (len >= 8) {
		/* four 8-byte windows, overlapping as needed, cover any len < 32
		 * without a loop (a loop here gets vectorised into slower code) */
		size_t last = len - 8, w1 = last < 8 ? last : 8, w2 = last < 16 ? last : 16;

		diff = ((load(s, 8) | load(fold, 8)) ^ load(lc, 8)) |
		       ((load(s + w1, 8) | load(fold + w1, 8)) ^ load(lc + w1, 8)) |
		       ((load(s + w2, 8) | load(fold + w2, 8)) ^ load(lc + w2, 8)) |
		       ((load(s + last, 8) | load(fold + last, 8)) ^ load(lc + last, 8));
	} else if (len >= 4) {
		i = len - 4;
		diff = ((load(s, 4) | load(fold, 4)) ^ load(lc, 4)) |
		       ((load(s + i, 4) | load(fold + i, 4)) ^ load(lc + i, 4));
	} else {
		i = len - 2;
		diff = ((load(s, 2) | load(fold, 2)) ^ load(lc, 2)) |
		       ((load(s + i, 2) | load(fold + i, 2)) ^ load(lc + i, 2));
	}
	return diff == 0;
}

static inline enum sw_hdr_id
sw_hdr_lookup_inline(const unsigned char *s, size_t len)
{
	unsigned h, id;

	if (len == 1)
		return s[0] < 128 ? (enum sw_hdr_id)sw_hdr_compact_tab[s[0]] : SW_HDR_OTHER;
	if (len < 2 || len > 255)
		return SW_HDR_OTHER;
	h = (sw_lower[s[0]] * SW_HDR_HASH_A + sw_lower[s[len >> 1]] * SW_HDR_HASH_B +
	     sw_lower[s[len - 1]] * SW_HDR_HASH_C + (unsigned)len) & SW_HDR_HASH_MASK;
	id = sw_hdr_hash_tab[h];
	if (id == 0 || sw_hdr_len[id] != len)
		return SW_HDR_OTHER;
	return name_matches(s, len, sw_hdr_lc[id], sw_hdr_fold[id]) ? (enum sw_hdr_id)id
								    : SW_HDR_OTHER;
}

/* The word of s at i (a full 8 bytes) OR fold, XOR the name: 0 where
 * they match. */
static inline uint64_t
word_diff(const unsigned char *s, size_t i, const unsigned char *lc, const unsigned char *fold)
{
	return (load(s + i, 8) | load(fold + i, 8)) ^ load(lc + i, 8);
}

/* sw_hdr_lookup_inline for a name followed by at least 32 readable bytes
 * (a parser's line buffer): whole 8-byte words from s, the bytes past len
 * shifted out of the last one (little-endian order), so one to four loads
 * instead of the overlapping windows. Same results. */
static inline enum sw_hdr_id
sw_hdr_lookup_padded(const unsigned char *s, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const unsigned char *lc, *fold;
	uint64_t diff;
	unsigned id;
	size_t i;

	if (len < 2 || len >= SW_HDR_NAME_PAD)
		return sw_hdr_lookup_inline(s, len);
	id = sw_hdr_hash_tab[(sw_lower[s[0]] * SW_HDR_HASH_A + sw_lower[s[len >> 1]] * SW_HDR_HASH_B +
			      sw_lower[s[len - 1]] * SW_HDR_HASH_C + (unsigned)len) &
			     SW_HDR_HASH_MASK];
	if (sw_hdr_len[id] != len) /* also id 0, whose length is 0 */
		return SW_HDR_OTHER;
	lc = sw_hdr_lc[id];
	fold = sw_hdr_fold[id];
	i = (len - 1) & ~(size_t)7; /* the last word */
	diff = word_diff(s, i, lc, fold) << (8 * (8 - (len - i)));
	if (i >= 8)
		diff |= word_diff(s, 0, lc, fold);
	if (i >= 16)
		diff |= word_diff(s, 8, lc, fold);
	if (i >= 24)
		diff |= word_diff(s, 16, lc, fold);
	return diff == 0 ? (enum sw_hdr_id)id : SW_HDR_OTHER;
#else
	return sw_hdr_lookup_inline(s, len);
#endif
}

#endif
