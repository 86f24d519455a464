/* Internal: the method names and the request line's one-word method
 * match, for msg.c and msg_cseq.c (the tables are static, a few hundred
 * bytes each copy; the functions are inlined into the start line and
 * CSeq code). */
#ifndef SIPWIRE_MSG_METHOD_H
#define SIPWIRE_MSG_METHOD_H

#include <stdint.h>

#include "hdr_lookup.h"
#include "sipwire/msg.h"

static const char *const method_names[SW_METHOD__COUNT] = {
	"",
#define METHOD_NAME(m) #m,
	SW_METHOD_LIST(METHOD_NAME)
#undef METHOD_NAME
};

/* Lengths of method_names, so only a name of the right length is compared. */
static const unsigned char method_lens[SW_METHOD__COUNT] = {
	0,
#define METHOD_LEN(m) sizeof(#m) - 1,
	SW_METHOD_LIST(METHOD_LEN)
#undef METHOD_LEN
};

/* The request line's method by one 8-byte word: every method of
 * SW_METHOD_LIST is 3 to 9 bytes, so the SP after it is in the word or one
 * of the two bytes after; the name up to the SP, as a word, hashes
 * (multiply, top 4 bits) to a slot naming the only method that can match,
 * which one compare with its zero-padded name confirms. A slot table that
 * fell out of date would only send methods to the general path
 * (sw_scan_token_end, sw_method_lookup), which gives the same answer. */
static const char method_pad[SW_METHOD__COUNT][16] = {
	"",
#define METHOD_PAD(m) #m,
	SW_METHOD_LIST(METHOD_PAD)
#undef METHOD_PAD
};

#define SW_METHOD_HASH_K 0x25fe3a1848e772bbu
_Static_assert(SW_METHOD__COUNT == 15, "method_slot lists every method of SW_METHOD_LIST");
static const unsigned char method_slot[16] = {
	SW_METHOD_INVITE, 0, SW_METHOD_REGISTER, SW_METHOD_ACK, SW_METHOD_MESSAGE, SW_METHOD_OPTIONS,
	SW_METHOD_NOTIFY, SW_METHOD_REFER, 0, SW_METHOD_PUBLISH, SW_METHOD_INFO, SW_METHOD_SUBSCRIBE,
	SW_METHOD_PRACK, SW_METHOD_BYE, SW_METHOD_CANCEL, SW_METHOD_UPDATE,
};

/* Id of the known method that is exactly the len bytes at p, whose first
 * 8 bytes (readable) are the word w; 0 when none is. */
static inline unsigned
method_word(const unsigned char *p, uint32_t len, uint64_t w)
{
	const uint64_t key = len < 8 ? w & (((uint64_t)1 << (8 * len)) - 1) : w;
	const unsigned i = method_slot[(key * SW_METHOD_HASH_K) >> 60];

	if (i == 0 || method_lens[i] != len || key != sw_le64((const unsigned char *)method_pad[i]) ||
	    (len == 9 && p[8] != (unsigned char)method_pad[i][8]))
		return 0;
	return i;
}

/* Length of the known method at b[pos] followed by SP (10 bytes readable
 * there), *id its id; 0 when it is not one. */
static inline uint32_t
known_method(const unsigned char *b, uint32_t pos, unsigned *id)
{
	const uint64_t w = sw_le64(b + pos), t = w ^ 0x2020202020202020u;
	const uint64_t z = (t - 0x0101010101010101u) & ~t & 0x8080808080808080u;
	uint32_t len;

	if (z != 0) /* the lowest flagged byte is the first SP */
		len = (uint32_t)__builtin_ctzll(z) >> 3;
	else if (b[pos + 8] == ' ')
		len = 8;
	else if (b[pos + 9] == ' ')
		len = 9;
	else
		return 0;
	*id = method_word(b + pos, len, w);
	return *id != 0 ? len : 0;
}

#endif
