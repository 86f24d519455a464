#include <string.h>

#include "sipwire/hdr.h"

#include "ctype_tab.h"
#include "hdr_hash.h"

_Static_assert(SW_HDR_NAME_PAD <= 32, "name_matches covers names below 32 bytes");

struct hdr_def {
	const char *name;
	unsigned char len;
	char compact;
	unsigned char kind;
};

static const struct hdr_def hdr_defs[SW_HDR__COUNT] = {
	{ "", 0, 0, SW_HDR_LIST },
#define HDR_DEF(id, name, compact, kind) { name, sizeof(name) - 1, compact, kind },
	SW_HDR_LIST(HDR_DEF)
#undef HDR_DEF
};

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

enum sw_hdr_id
sw_hdr_lookup(const char *name, size_t len)
{
	const struct hdr_def *d;
	const unsigned char *s = (const unsigned char *)name;
	unsigned h, id;

	if (len == 1)
		return s[0] < 128 ? (enum sw_hdr_id)sw_hdr_compact_tab[s[0]] : SW_HDR_OTHER;
	if (len < 2 || len > 255)
		return SW_HDR_OTHER;
	h = (sw_lower[s[0]] * SW_HDR_HASH_A + sw_lower[s[len >> 1]] * SW_HDR_HASH_B +
	     sw_lower[s[len - 1]] * SW_HDR_HASH_C + (unsigned)len) & SW_HDR_HASH_MASK;
	id = sw_hdr_hash_tab[h];
	d = &hdr_defs[id];
	if (id == 0 || d->len != len)
		return SW_HDR_OTHER;
	return name_matches(s, len, sw_hdr_lc[id], sw_hdr_fold[id]) ? (enum sw_hdr_id)id
								    : SW_HDR_OTHER;
}

const char *
sw_hdr_name(enum sw_hdr_id id)
{
	return (unsigned)id < SW_HDR__COUNT ? hdr_defs[id].name : "";
}

char
sw_hdr_compact(enum sw_hdr_id id)
{
	return (unsigned)id < SW_HDR__COUNT ? hdr_defs[id].compact : 0;
}

enum sw_hdr_kind
sw_hdr_kind(enum sw_hdr_id id)
{
	return (unsigned)id < SW_HDR__COUNT ? (enum sw_hdr_kind)hdr_defs[id].kind : SW_HDR_LIST;
}
