/* Internal: the state of one sw_msg_parse call, shared by the start line,
 * the fast line loop and the CSeq/Content-Length decoders (msg.c) and the
 * general per-line path (msg_line.c). */
#ifndef SIPWIRE_MSG_PSTATE_H
#define SIPWIRE_MSG_PSTATE_H

#include <stdint.h>

#include "ctype_tab.h"
#include "hdr_lookup.h"
#include "msg_k.h"
#include "scan.h"
#include "sipwire/msg.h"

/* Parser state for one call; lives on the stack. */
struct pstate {
	const unsigned char *b;
	uint32_t end;  /* bytes we may look at */
	uint32_t cap;  /* header slots available */
	uint32_t fast_max; /* max_line - 1 (0 for 0): the line loop's bound, read from here */
	uint32_t lim32; /* end - 31 (0 when end < 32): a line at ns < lim32 has 32 bytes readable */
	struct sw_hdr *hend; /* m->hdrs + cap */
	const struct sw_parse_cfg *cfg;
	struct sw_msg *m;
	struct sw_err *err;
	sw_scan_classify_fn classify;
	struct sw_scan_win win; /* LF bits of the part of the header section ahead */
	uint32_t wend; /* win.base + win.len, set with the window's end mark */
};

static inline int
sw_msgp_fail(struct pstate *ps, int rc, uint32_t off, const char *detail)
{
	if (ps->err != NULL) {
		ps->err->off = off;
		ps->err->detail = detail;
	}
	return rc;
}

static inline int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* 1 when b[from..to) is a non-empty run of token bytes. */
static inline int
sw_msgp_all_token(const unsigned char *b, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		if (!sw_is(b[i], SW_CT_TOKEN))
			return 0;
	return to > from;
}

/* The header line at ns by the general rules (folds, LWS around the colon,
 * limits, the exact error); appends it without decoding its value and sets
 * *pos past it. */
int sw_msgp_general_line(struct pstate *ps, uint32_t ns, uint32_t *pos);

/* Every form of a CSeq value at b[off..off+len) into ps->m, with the exact
 * error (msg_cseq.c); msg.c's take_cseq is the usual form's shortcut. */
int sw_msgp_cseq_general(struct pstate *ps, uint32_t off, uint32_t len);

/* Up to 7 leading decimal digits of the 8 bytes at p as a number; *n is
 * how many (0 to 8; 8 means the word is all digits and the caller's loop
 * takes over). Shared by the CSeq decoders (msg.c, msg_cseq.c). A byte is a digit when its high nibble is 3 and its low
 * nibble plus 6 stays below 16; the digits, shifted up behind zero bytes
 * (leading zeros), are combined in pairs, quads and halves. */
static inline uint32_t
sw_digits8(const unsigned char *p, uint32_t *n)
{
	const uint64_t x = sw_le64(p), lo = x & sw_line_k.lo_nib;
	const uint64_t bad = ((x & sw_line_k.hi_nib) ^ sw_line_k.zeros) |
			     ((lo + sw_line_k.sixes) & sw_line_k.hi_nib);
	uint64_t v;

	*n = bad == 0 ? 8 : (uint32_t)__builtin_ctzll(bad) >> 3;
	if (*n == 0 || *n == 8)
		return 0;
	v = lo << (8 * (8 - *n));
	v = (v * 10 + (v >> 8)) & sw_line_k.pairs;
	v = (v * 100 + (v >> 16)) & sw_line_k.quads;
	return (uint32_t)((v * 10000 + (v >> 32)) & 0xffffffffu);
}


#endif
