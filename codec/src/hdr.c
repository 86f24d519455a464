#include <string.h>

#include "sipwire/hdr.h"

#define SW_HDR_HASH_TABLES /* the one definition of the generated tables */
#include "hdr_lookup.h"

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
	return sw_hdr_lookup_inline((const unsigned char *)name, len);
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
