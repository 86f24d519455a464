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
	for (size_t i = 0; i < len; i++)
		if (sw_lower[s[i]] != sw_lower[(unsigned char)d->name[i]])
			return SW_HDR_OTHER;
	return (enum sw_hdr_id)id;
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
