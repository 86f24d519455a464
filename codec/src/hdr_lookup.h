/* Internal: header-name lookup, inlined where a parser calls it per line
 * (msg.c); sw_hdr_lookup in hdr.c is the same function out of line. The
 * tables come from gen_hdr_hash.c (hdr_hash.h, defined once in hdr.c). */
#ifndef SIPWIRE_HDR_LOOKUP_H
#define SIPWIRE_HDR_LOOKUP_H

#include <stdint.h>
#include <string.h>

#if defined(__BMI2__)
#include <immintrin.h>
#endif

#include "ctype_tab.h"
#include "hdr_hash.h"
#include "sipwire/hdr.h"

_Static_assert(SW_HDR_NAME_PAD == 32, "sw_hdr_lookup_padded covers names below 32 bytes");
_Static_assert(SW_HDR_NIDS == SW_HDR__COUNT, "generated tables match SW_HDR_LIST");

/* Little-endian 8-, 4- and 2-byte loads (memcpy compiles to one load). */
static inline uint64_t
sw_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline uint32_t
sw_le32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline uint64_t
sw_le16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap16(v);
#endif
	return v;
}

/* The 8 bytes of s at i OR fold, XOR the name: 0 where they match
 * ignoring the case of letters (fold has 0x20 at letters only, so a
 * letter matches both its cases and every other byte only itself). */
static inline uint64_t
word_diff(const unsigned char *s, size_t i, const unsigned char *lc, const unsigned char *fold)
{
	return (sw_le64(s + i) | sw_le64(fold + i)) ^ sw_le64(lc + i);
}

/* Header id of the name s[0..len), len < SW_HDR_NAME_PAD, with at
 * least 8 bytes, and the name, readable from s (a parser's line, or a
 * padded copy). The key is the first min(len, 8) bytes as one word (zero
 * above the name) XOR the last two bytes moved to the top (which tell
 * Content-Encoding from Content-Language), then | 0x20 in every byte,
 * which folds the letters of both at once (a non-letter pair such as '-'
 * and CR may share a key: only the slot, never the answer): one multiply
 * into the collision-free table gen_hdr_hash.c built for it. The row of
 * that slot (sw_hdr_slots: name, length, fold mask, id in one cache line)
 * decides a name of up to 8 bytes with one compare; longer ones add one to
 * three overlapping 8-byte windows. */
static inline enum sw_hdr_id
sw_hdr_lookup_padded(const unsigned char *s, size_t len)
{
	const struct sw_hdr_name *row;
	unsigned id;
	uint64_t x;

	if (len < 2) /* a compact form (or nothing) */
		return len == 1 && s[0] < 128 ? (enum sw_hdr_id)sw_hdr_compact_tab[s[0]] : SW_HDR_OTHER;
	x = sw_le64(s);
#if defined(__BMI2__)
	x = _bzhi_u64(x, (unsigned)(8 * len)); /* len >= 8 keeps all 64 bits */
#else
	if (len < 8)
		x &= ((uint64_t)1 << (8 * len)) - 1;
#endif
	row = &sw_hdr_slots[(((x ^ (sw_le16(s + len - 2) << 48)) | 0x2020202020202020u) *
			     SW_HDR_HASH_K) >> (64 - SW_HDR_HASH_BITS)];
	id = row->id;
	/* early answers, no accumulated difference: an accumulator that
	 * lives across the length branches ends up in memory */
	if (row->len != len || ((x | sw_le64(row->fold)) ^ sw_le64(row->lc)) != 0)
		return SW_HDR_OTHER; /* also a free slot, whose length is 0 */
	if (len <= 8)
		return (enum sw_hdr_id)id;
	if (word_diff(s, len - 8, row->lc, row->fold) != 0)
		return SW_HDR_OTHER;
	if (len <= 16)
		return (enum sw_hdr_id)id;
	return (word_diff(s, 8, row->lc, row->fold) | word_diff(s, len < 24 ? len - 8 : 16, row->lc, row->fold)) == 0
		       ? (enum sw_hdr_id)id
		       : SW_HDR_OTHER;
}

/* The same for any name: compact forms by table, others through a padded
 * copy (names of SW_HDR_NAME_PAD bytes or more are never known). */
static inline enum sw_hdr_id
sw_hdr_lookup_inline(const unsigned char *s, size_t len)
{
	unsigned char pad[SW_HDR_NAME_PAD] = { 0 };

	if (len >= SW_HDR_NAME_PAD)
		return SW_HDR_OTHER;
	memcpy(pad, s, len);
	return sw_hdr_lookup_padded(pad, len);
}

#endif
