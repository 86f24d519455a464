#include <string.h>

#include "sipwire/hdr.h"

#include "ctype_tab.h"
#include "hdr_hash.h"

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
 * 2 <= len < SW_HDR_NAME_PAD. */
static inline int
name_matches(const unsigned char *s, size_t len, const unsigned char *lc, const unsigned char *fold)
{
	size_t w = len >= 8 ? 8 : len >= 4 ? 4 : 2;
	uint64_t diff = 0;

	for (size_t i = 0; i + w < len; i += w)
		diff |= (load(s + i, w) | load(fold + i, w)) ^ load(lc + i, w);
	diff |= (load(s + len - w, w) | load(fold + len - w, w)) ^ load(lc + len - w, w);
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
