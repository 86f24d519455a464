/* Internal: the line loop's 64-bit constants, defined in msg_k.c (another
 * translation unit) so that GCC cannot see their values: it then uses them
 * as memory operands of and/cmp/or/imul instead of building each one with
 * a 10-byte movabs per line, and keeps the colon vector in memory instead
 * of re-broadcasting it per line. Hidden: addressed RIP-relative, no GOT. */
#ifndef SIPWIRE_MSG_K_H
#define SIPWIRE_MSG_K_H

#include <stdint.h>

struct sw_line_k {
	unsigned char colons[16]; /* ':' x 16 */
	uint64_t fixed_mask;      /* the fixed bytes of the check word (msg.c) */
	uint64_t fixed;           /* their values: ':' ' ' and '\r' '\n' */
	uint64_t lws_mask;        /* bits kept of the four other bytes */
	uint64_t ones;            /* 0x01 x 8 (zero-byte test) */
	uint64_t highs;           /* 0x80 x 8 */
	uint64_t lo_nib, hi_nib;  /* digits8 (msg.c): 0x0f x 8, 0xf0 x 8 */
	uint64_t zeros, sixes;    /* '0' x 8, 0x06 x 8 */
	uint64_t pairs, quads;    /* 0x00ff x 4, 0x0000ffff x 2 */
};

extern const struct sw_line_k sw_line_k __attribute__((visibility("hidden"), aligned(16)));

#endif
