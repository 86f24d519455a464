/* SIP message parser: start line, header table, CSeq, body framing.
 *
 * One forward pass. Header lines are taken in order from a window of LF
 * bits (scan.h), the colon found by a short compare at the line start and
 * the name by the generated hash (hdr_lookup.h); a line the fast loop does
 * not take goes to the general per-line path in msg_line.c. Nothing is
 * copied; the only memory written is the caller's struct sw_msg and the
 * header array taken from the arena.
 */
#include <stddef.h>
#include <string.h>

#include "ctype_tab.h"
#include "hdr_lookup.h"
#include "msg_int.h"
#include "msg_k.h"
#include "msg_method.h"
#include "msg_pstate.h"
#include "scan.h"
#include "sipwire/msg.h"

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

unsigned
sw_msg_count(const struct sw_msg *m, enum sw_hdr_id id)
{
	unsigned n = 0;

	for (const struct sw_hdr *h = sw_msg_first(m, id); h != NULL; h = sw_msg_next(m, h))
		n++;
	return n;
}

size_t
sw_msg_arena_need(uint32_t max_headers)
{
	return (size_t)max_headers * sizeof(struct sw_hdr) + _Alignof(struct sw_hdr);
}

/* Offset of the LF ending the line that contains `pos`, or `end`. While
 * 32 bytes are readable (pos < lim32, pstate), compare inline: the start
 * line is the only line searched this way, and the call through the ifunc
 * and the scanner's set-up cost more than its one or two steps. Out of
 * line: inlined into sw_msg_parse_with it costs ~28 a message in spills. */
static __attribute__((noinline)) uint32_t
find_lf(const unsigned char *b, uint32_t pos, uint32_t end, uint32_t lim32)
{
#if defined(__AVX2__)
	const __m256i nl = _mm256_set1_epi8('\n');

	for (; pos < lim32; pos += 32) {
		const uint32_t m = (uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(b + pos)), nl));

		if (m != 0)
			return pos + (uint32_t)__builtin_ctz(m);
	}
#else
	(void)lim32;
#endif
	return sw_scan_lf(b, pos, end);
}

/* "SIP/" 1*DIGIT "." 1*DIGIT at b[pos..lim): returns the end offset or 0 when
 * the bytes are not a SIP-Version; *is20 tells whether it is 2.0. */
static uint32_t
scan_version(const unsigned char *b, uint32_t pos, uint32_t lim, int *is20)
{
	uint32_t p = pos + 4, d1, d2;

	/* the version every message has, in one compare: same result as the
	 * general rule below when no further digit follows */
	if (lim - pos >= 7 && memcmp(b + pos, "SIP/2.0", 7) == 0 &&
	    (lim - pos == 7 || !sw_is(b[pos + 7], SW_CT_DIGIT))) {
		*is20 = 1;
		return pos + 7;
	}
	if (lim - pos < 7 || sw_lower[b[pos]] != 's' || sw_lower[b[pos + 1]] != 'i' ||
	    sw_lower[b[pos + 2]] != 'p' || b[pos + 3] != '/')
		return 0;
	d1 = p;
	while (p < lim && sw_is(b[p], SW_CT_DIGIT))
		p++;
	if (p == d1 || p >= lim || b[p] != '.')
		return 0;
	d2 = ++p;
	while (p < lim && sw_is(b[p], SW_CT_DIGIT))
		p++;
	if (p == d2)
		return 0;
	*is20 = p - pos == 7 && b[pos + 4] == '2' && b[pos + 6] == '0';
	return p;
}

/* The end of the Request-URI run from p: the first byte outside
 * SW_CT_URIC, at or before eol (b[eol], the line's CR, is outside it).
 * While 32 bytes are readable (p < lim32, pstate), the AVX2 scanners' PSHUFB
 * test (sw_scan_outside_avx2) inline:
 * a 32-byte step stops at the CR at the latest, so it never passes eol,
 * and the call, its table broadcasts and its tail handling (~40 of a
 * 40-byte URI's ~64 instructions) are saved. Near the end of the input
 * the scanner takes over. */
static __attribute__((noinline)) uint32_t
ruri_end(const unsigned char *b, uint32_t p, uint32_t eol, uint32_t lim32)
{
#if defined(__AVX2__)
	const __m256i lo_t = _mm256_broadcastsi128_si256(
		_mm_load_si128((const __m128i *)(const void *)sw_scan_uric_nib[0]));
	const __m256i hi_t = _mm256_broadcastsi128_si256(
		_mm_load_si128((const __m128i *)(const void *)sw_scan_uric_nib[1]));

	for (; p < lim32; p += 32) {
		const uint32_t m = sw_scan_outside_avx2(b + p, lo_t, hi_t);

		if (m != 0)
			return p + (uint32_t)__builtin_ctz(m);
	}
#else
	(void)lim32;
#endif
	return sw_scan_uric_end(b, p, eol);
}

static int
parse_status_line(struct pstate *ps, uint32_t pos, uint32_t eol)
{
	const unsigned char *b = ps->b;
	struct sw_msg *m = ps->m;
	uint32_t p, code = 0;
	int is20 = 0;

	/* "SIP/2.0" SP, the usual start, without the call: what scan_version
	 * gives for it */
	if (eol - pos >= 8 && memcmp(b + pos, "SIP/2.0 ", 8) == 0) {
		p = pos + 7;
		is20 = 1;
	} else {
		p = scan_version(b, pos, eol, &is20);
	}
	if (p == 0 || p >= eol || b[p] != ' ')
		return sw_msgp_fail(ps, SW_E_MALFORMED, p ? p : pos, "bad SIP-Version in status line");
	m->version = sw_slice_make(pos, p - pos);
	if (!is20)
		return sw_msgp_fail(ps, SW_E_VERSION, pos, "SIP version is not 2.0");
	pos = ++p;
	if (eol - p >= 4 && (unsigned)(b[p] - '1') < 6u && (unsigned)(b[p + 1] - '0') < 10u &&
	    (unsigned)(b[p + 2] - '0') < 10u && b[p + 3] == ' ') {
		/* 100..699 and SP, what the checks below accept, without them */
		code = (b[p] - '0') * 100u + (b[p + 1] - '0') * 10u + (b[p + 2] - '0');
		p += 3;
	} else {
		while (p < eol && sw_is(b[p], SW_CT_DIGIT) && p - pos < 10)
			code = code * 10 + (b[p++] - '0');
		if (p == pos)
			return sw_msgp_fail(ps, SW_E_MALFORMED, p, "status code expected");
		if (p - pos != 3 || code < 100 || code > 699)
			return sw_msgp_fail(ps, SW_E_RANGE, pos, "status code not in 100..699");
		if (p >= eol || b[p] != ' ')
			return sw_msgp_fail(ps, SW_E_MALFORMED, p, "SP expected after status code");
	}
	m->status = (uint16_t)code;
	for (uint32_t i = ++p; i < eol; i++)
		if ((b[i] < 0x20 && b[i] != '\t') || b[i] == 0x7f)
			return sw_msgp_fail(ps, SW_E_MALFORMED, i, "control character in reason phrase");
	m->reason = sw_slice_make(p, eol - p);
	m->kind = SW_MSG_RESPONSE;
	return SW_OK;
}

/* The request line b[pos..eol), b[eol] being its CR. */
static int
parse_request_line(struct pstate *ps, uint32_t pos, uint32_t eol)
{
	const unsigned char *b = ps->b;
	struct sw_msg *m = ps->m;
	uint32_t p = pos, u, v, n;
	unsigned id;
	int is20 = 0;

	if (eol - pos >= 10 && (n = known_method(b, pos, &id)) != 0) {
		p = pos + n; /* what the token scan and the lookup would give */
	} else {
		p = sw_scan_token_end(b, p, eol);
		if (p == pos || p >= eol || b[p] != ' ')
			return sw_msgp_fail(ps, SW_E_MALFORMED, p, "method token and SP expected");
		id = sw_method_lookup((const char *)b + pos, p - pos);
	}
	m->method_name = sw_slice_make(pos, p - pos);
	m->method = (uint8_t)id;
	u = ++p;
	if (u < eol && b[u] == '<')
		return sw_msgp_fail(ps, SW_E_MALFORMED, u, "Request-URI must not be enclosed in <>");
	p = ruri_end(b, p, eol, ps->lim32);
	if (p == u || p >= eol || b[p] != ' ')
		return sw_msgp_fail(ps, SW_E_MALFORMED, p, "Request-URI and SP expected");
	m->ruri = sw_slice_make(u, p - u);
	v = ++p;
	/* the line's usual end, "SIP/2.0" CR, without the call: what
	 * scan_version gives for it */
	if (eol - v == 7 && memcmp(b + v, "SIP/2.0", 7) == 0) {
		p = eol;
		is20 = 1;
	} else {
		p = scan_version(b, v, eol, &is20);
	}
	if (p != eol)
		return sw_msgp_fail(ps, SW_E_MALFORMED, p ? p : v, "SIP-Version and CRLF expected");
	m->version = sw_slice_make(v, p - v);
	if (!is20)
		return sw_msgp_fail(ps, SW_E_VERSION, v, "SIP version is not 2.0");
	m->kind = SW_MSG_REQUEST;
	return SW_OK;
}

/* Fragment mode: is the line at pos a header line (token, LWS, ':')? */
static int
looks_like_header(const unsigned char *b, uint32_t pos, uint32_t eol)
{
	uint32_t p = pos;

	while (p < eol && sw_is(b[p], SW_CT_TOKEN))
		p++;
	if (p == pos)
		return 0;
	while (p < eol && is_ws(b[p]))
		p++;
	return p < eol && b[p] == ':';
}

static int
parse_start_line(struct pstate *ps, uint32_t pos, uint32_t *next)
{
	const unsigned char *b = ps->b;
	uint32_t lf;
	int rc;

	/* RFC 3420 §2: every part of a fragment is optional, so an empty
	 * fragment and one that starts with the empty line have no start line */
	if (ps->cfg->mode == SW_MODE_FRAGMENT &&
	    (pos == ps->end || (b[pos] == '\r' && pos + 1 < ps->end && b[pos + 1] == '\n'))) {
		*next = pos;
		return SW_OK;
	}
	lf = find_lf(b, pos, ps->end, ps->lim32);
	if (lf == ps->end) {
		if (ps->cfg->mode != SW_MODE_FRAGMENT || lf == pos)
			return sw_msgp_fail(ps, SW_E_INCOMPLETE, lf, "input ends inside the start line");
		return sw_msgp_fail(ps, SW_E_MALFORMED, lf, "fragment line without CRLF");
	}
	if (lf == pos || b[lf - 1] != '\r')
		return sw_msgp_fail(ps, SW_E_MALFORMED, lf, "line ends in LF without CR");
	if (ps->cfg->mode == SW_MODE_FRAGMENT && looks_like_header(b, pos, lf - 1)) {
		*next = pos;
		return SW_OK;
	}
	ps->m->start = sw_slice_make(pos, lf - 1 - pos);
	/* "SIP/" in any case as one word: x | 0x20 is 's' only for 'S' and
	 * 's' (and so for 'i', 'p'); the '/' byte is compared as it is */
	if (lf - 1 - pos >= 4 && (sw_le32(b + pos) | 0x00202020u) == 0x2f706973u)
		rc = parse_status_line(ps, pos, lf - 1);
	else
		rc = parse_request_line(ps, pos, lf - 1);
	*next = lf + 1;
	return rc;
}

/* 1 with *v the number when p[0..len) is 1 to 9 digits (below 10**9: no
 * overflow, and the limit tested once after them gives what a test per
 * digit would); 0 for anything else. */
static inline int
short_number(const unsigned char *p, uint32_t len, uint64_t *v)
{
	const unsigned char *const e = p + len;
	uint64_t n = 0;

	if (len - 1 >= 9)
		return 0;
	do {
		const unsigned d = (unsigned)*p - '0';

		if (d > 9)
			return 0;
		n = n * 10 + d;
	} while (++p < e);
	*v = n;
	return 1;
}

/* Content-Length = 1*DIGIT (RFC 3261 §20.14). Several lines must agree. */
static int
take_content_length(struct pstate *ps, const struct sw_hdr *h)
{
	const unsigned char *b = ps->b;
	uint64_t v = 0;

	if (h->value.len == 0)
		return sw_msgp_fail(ps, SW_E_MALFORMED, h->value.off, "Content-Length is empty");
	/* the loop only for a value with its exact error, or of ten digits
	 * and more (the limit tested before each digit keeps v small) */
	if (!short_number(b + h->value.off, h->value.len, &v)) {
		v = 0;
		for (uint32_t i = 0; i < h->value.len; i++) {
			unsigned char c = b[h->value.off + i];

			if (!sw_is(c, SW_CT_DIGIT))
				return sw_msgp_fail(ps, SW_E_MALFORMED, h->value.off + i, "Content-Length is not a number");
			if (v > ps->cfg->limits.max_msg)
				return sw_msgp_fail(ps, SW_E_RANGE, h->value.off, "Content-Length larger than the message limit");
			v = v * 10 + (c - '0');
		}
	}
	if (v > ps->cfg->limits.max_msg)
		return sw_msgp_fail(ps, SW_E_RANGE, h->value.off, "Content-Length larger than the message limit");
	if (ps->m->content_length >= 0 && (uint64_t)ps->m->content_length != v)
		return sw_msgp_fail(ps, SW_E_LENGTH, h->value.off, "conflicting Content-Length headers");
	ps->m->content_length = (int64_t)v;
	return SW_OK;
}

/* The usual CSeq, 1 to 7 digits, one SP and a known method ending the
 * value, as sw_msgp_cseq_general takes it; anything else (and a second CSeq line)
 * goes there. With the general steps out of line, the common path keeps
 * its values in scratch registers: no callee-saved register traffic. */
static __attribute__((noinline)) int
take_cseq(struct pstate *ps, uint32_t off, uint32_t len)
{
	const unsigned char *b = ps->b;
	struct sw_msg *m = ps->m;
	const uint32_t end = off + len;
	uint32_t p = off, n = 0, v, m0;
	unsigned id;

	/* 16 bytes readable: the digit word and the method word */
	if (m->has_cseq || ps->end - p < 16)
		return sw_msgp_cseq_general(ps, off, len);
	v = sw_digits8(b + p, &n);
	p += n;
	/* n is 1..7 (0: no digit; 8: the general loop's longer number);
	 * one SP, then a byte sw_msgp_cseq_general's LWS loop would stop at */
	if (n - 1 >= 7 || p + 1 >= end || b[p] != ' ' || b[p + 1] <= ' ')
		return sw_msgp_cseq_general(ps, off, len);
	m0 = p + 1; /* at most 8 past the value's start: 8 bytes readable */
	if (m->kind == SW_MSG_REQUEST && end - m0 == m->method_name.len && m->method_name.len - 1 < 8 &&
	    ((sw_le64(b + m0) ^ sw_le64(b + m->method_name.off)) << (8 * (8 - m->method_name.len))) == 0)
		id = m->method;
	else if (end - m0 - 3 > 6 || (id = method_word(b + m0, end - m0, sw_le64(b + m0))) == 0)
		return sw_msgp_cseq_general(ps, off, len);
	m->cseq_method_id = (uint8_t)id;
	m->cseq = v;
	m->cseq_method = sw_slice_make(m0, end - m0);
	m->has_cseq = 1;
	return SW_OK;
}

/* 1 when b[from..to) is a non-empty run of token bytes: the fast loop's
 * check of a name the lookup does not know. Out of line: inlined, it
 * forced spills on every line. */
static __attribute__((noinline)) int
all_token(const unsigned char *b, uint32_t from, uint32_t to)
{
	return sw_msgp_all_token(b, from, to);
}

/* h->id = id, h->next = SW_HDR_NONE, h->folded = 0: on little-endian
 * targets one 8-byte store over the three and the padding after them. */
static inline void
put_tail(struct sw_hdr *h, unsigned id)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	_Static_assert(offsetof(struct sw_hdr, next) == offsetof(struct sw_hdr, id) + 2 &&
			       offsetof(struct sw_hdr, folded) == offsetof(struct sw_hdr, id) + 4 &&
			       offsetof(struct sw_hdr, id) + 8 == sizeof(struct sw_hdr),
		       "id, next, folded and padding fill the last 8 bytes of struct sw_hdr");
	const uint64_t t = id | (uint64_t)SW_HDR_NONE << 16;

	memcpy((unsigned char *)h + offsetof(struct sw_hdr, id), &t, sizeof(t));
#else
	h->id = (uint16_t)id;
	h->next = SW_HDR_NONE;
	h->folded = 0;
#endif
}

/* first_colon's answer when the bytes hold no ':' */
#define SW_NO_COLON UINT32_MAX

/* Offset of the first ':' in the n bytes at p (n is 16 or 32, all
 * readable), or SW_NO_COLON. A header line the fast loop takes has its colon there
 * (names are short; longer ones take the general path), so one or two
 * 16-byte compares find it and the window needs no colon mask, which would
 * mostly mark the ':' of URIs. */
static inline uint32_t
first_colon(const unsigned char *p, uint32_t n)
{
#if defined(__SSE2__)
	const __m128i co = _mm_load_si128((const __m128i *)(const void *)sw_line_k.colons);
	uint32_t lo = (uint32_t)_mm_movemask_epi8(
		_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), co));
	uint32_t hi;

	if (__builtin_expect(lo != 0, 1))
		return (uint32_t)__builtin_ctz(lo);
	if (n < 32)
		return SW_NO_COLON;
	hi = (uint32_t)_mm_movemask_epi8(
		_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)), co));
	return hi != 0 ? 16 + (uint32_t)__builtin_ctz(hi) : SW_NO_COLON;
#else
	uint32_t i = 0;

	while (i < n && p[i] != ':')
		i++;
	return i < n ? i : SW_NO_COLON;
#endif
}

/* Bit i set: header id i needs its value read while parsing (framing,
 * CSeq), so the line loop calls out for it. */
#define SW_HDR_TAKE_MASK ((uint64_t)1 << SW_HDR_CONTENT_LENGTH | (uint64_t)1 << SW_HDR_CSEQ)
_Static_assert(SW_HDR__COUNT <= 64, "SW_HDR_TAKE_MASK has a bit per header id");

/* Classify from ns into ps->win and mark its end: a set bit in the word
 * after the last block, so the line loop walks empty blocks without a
 * bound test and meets an "LF" at or past ps->wend when the window is
 * used up. */
static void
classify_marked(struct pstate *ps, uint32_t ns)
{
	struct sw_scan_win *win = &ps->win;

	ps->classify(ps->b, ns, ps->end - 1, win);
	win->lf[(win->len + 63) >> 6] = 1;
	ps->wend = win->base + win->len;
}

/* The run of common lines from *pos, "Name: value" CRLF with one SP after
 * the colon, no SP/HT before the colon or at the end, no fold, within
 * max_line, each appended to the header table as add_header would (same
 * slices, CSeq and Content-Length), with no call per line. Lines are taken
 * in order, so each line's LF is the next set bit of the window's LF mask
 * (`bits`: the bits of the block at input offset kb not used yet; empty
 * blocks are skipped up to the window's end mark, classify_marked). The
 * window ends one byte short of the input, so every LF found has the byte
 * after it (the fold test reads it). Stops at the first other line (or the
 * empty line, or a full table) with *pos there, for the general path;
 * returns SW_OK or the CSeq/Content-Length error. One function, longer
 * than the usual 60 lines, on purpose: with GCC 12 -O3 every split
 * measured cost instructions in register spills, which is also why the
 * limits are read from *ps in the loop rather than kept in locals. */
static int
fast_headers(struct pstate *ps, uint32_t *pos)
{
	const unsigned char *b = ps->b;
	const uint32_t end = ps->end;
	struct sw_scan_win *win = &ps->win;
	struct sw_hdr *h = ps->m->hdrs;
	const uint64_t *lfp;
	uint32_t ns = *pos, off = ns - win->base, kb, lf, c, d;
	unsigned char tail[32];
	uint64_t bits, w;
	int rc = SW_OK;

	if (h == NULL) /* no header slot at all: the general path says NOSPACE */
		return SW_OK;
	h += ps->m->nhdrs;
	if (off >= win->len) {
		classify_marked(ps, ns);
		off = 0;
	}
	lfp = &win->lf[off >> 6];
	kb = win->base + (off & ~63u);
	bits = *lfp & (~(uint64_t)0 << (off & 63));
	while (h < ps->hend) {
		const unsigned char *q = b + ns;
		unsigned id;

		while (bits == 0) {
			kb += 64;
			bits = *++lfp;
		}
		lf = kb + (uint32_t)__builtin_ctzll(bits);
		if (lf >= ps->wend) {
			/* the end mark: window used up. Classify again from
			 * this line, unless the window reached the end or the
			 * line started it (longer than a window) */
			if (ps->wend == end - 1 || ns == win->base)
				goto out;
			classify_marked(ps, ns);
			kb = ns;
			lfp = &win->lf[0];
			bits = *lfp;
			continue;
		}
		bits &= bits - 1;
		/* d = line length without the LF, minus 1; an LF alone wraps */
		d = lf - ns - 1;
		if (d >= ps->fast_max)
			break;
		/* first_colon reads 16 or 32 bytes and the lookup 8 or the
		 * name; the last line before the end may have fewer after it */
		if (ns < ps->lim32) {
			c = first_colon(q, 32);
		} else if (end - ns >= 16) {
			c = first_colon(q, 16);
		} else {
			memset(tail, 0, sizeof(tail));
			memcpy(tail, q, end - ns);
			q = tail;
			c = first_colon(q, 32);
		}
		/* 0 < c < lf - ns (also no colon found, 0 - 1 wrapping): every
		 * byte of b read below is in [ns, lf + 1] once this holds */
		if (c - 1 >= d)
			break;
		/* "?: ?" around the colon and "?\r\n?" around the LF as one
		 * 8-byte word: the fixed bytes in one compare, the four ? bytes
		 * (not SP/HT; the one after ": " no CR either) by a zero-byte
		 * test. A byte whose set bits all lie in those of SP|HT (0x29;
		 * SP|HT|CR, 0x2d, after ": ") counts as LWS: a superset that also
		 * sends a rare line with a control byte, '!', '(', ')' (or a value
		 * starting with '$', '%', ',', '-') to the general path, which
		 * decides it exactly */
		w = sw_le32(b + ns + c - 1) | (uint64_t)sw_le32(b + lf - 2) << 32;
		if ((w & sw_line_k.fixed_mask) != sw_line_k.fixed ||
		    (((w & sw_line_k.lws_mask) - sw_line_k.ones) & ~(w & sw_line_k.lws_mask) &
		     sw_line_k.highs) != 0)
			break;
		id = sw_hdr_lookup_padded(q, c);
		if (id == SW_HDR_OTHER && !all_token(b, ns, ns + c))
			break;
		h->name = sw_slice_make(ns, c);
		h->value = sw_slice_make(ns + c + 2, d - c - 2);
		h->line = sw_slice_make(ns, d + 2);
		put_tail(h, id);
		h++;
		ns = lf + 1;
		if (__builtin_expect((SW_HDR_TAKE_MASK >> id) & 1, 0)) {
			ps->m->nhdrs = (uint16_t)(h - ps->m->hdrs);
			rc = id == SW_HDR_CSEQ ? take_cseq(ps, h[-1].value.off, h[-1].value.len) : take_content_length(ps, h - 1);
			if (rc != SW_OK)
				break;
		}
	}
out:
	ps->m->nhdrs = (uint16_t)(h - ps->m->hdrs);
	*pos = ns;
	return rc;
}

/* first[] and every next: one pass from the last header back, so each
 * id's chain comes out in wire order without a per-id tail while parsing. */
static void
link_headers(struct sw_msg *m)
{
	uint16_t *const first = m->first;
	struct sw_hdr *h = m->hdrs + m->nhdrs;

	for (uint32_t i = m->nhdrs; i-- > 0;) {
		const unsigned id = (--h)->id;

		h->next = first[id];
		first[id] = (uint16_t)i;
	}
}

/* The line at ns that fast_headers left: the general rules (folds, LWS
 * around the colon, limits) and the exact error, in msg_line.c; *pos goes
 * past it. A static noinline step in between: GCC then knows which
 * registers the call clobbers (-fipa-ra) and keeps more of the parser's
 * state in registers around it than across a call to another file. */
static __attribute__((noinline)) int
slow_header(struct pstate *ps, uint32_t ns, uint32_t *pos)
{
	const struct sw_hdr *h;
	int rc = sw_msgp_general_line(ps, ns, pos);

	if (rc != SW_OK)
		return rc;
	h = &ps->m->hdrs[ps->m->nhdrs - 1];
	if (h->id == SW_HDR_CONTENT_LENGTH)
		return take_content_length(ps, h);
	if (h->id == SW_HDR_CSEQ)
		return take_cseq(ps, h->value.off, h->value.len);
	return SW_OK;
}

/* The header section from pos; on success *body_at is the first byte after
 * the empty line (or the end of input for a fragment without one). */
static int
parse_headers(struct pstate *ps, uint32_t pos, uint32_t *body_at)
{
	const unsigned char *b = ps->b;
	const uint32_t end = ps->end;
	int rc;

	for (;;) {
		uint32_t ns = pos;

		if (pos >= end) {
			if (ps->cfg->mode == SW_MODE_FRAGMENT) {
				ps->m->hdr_end = pos;
				*body_at = pos;
				link_headers(ps->m);
				return SW_OK;
			}
			return sw_msgp_fail(ps, SW_E_INCOMPLETE, pos, "input ends before the empty line");
		}
		if (b[pos] == '\r') {
			if (pos + 1 >= end)
				return sw_msgp_fail(ps, SW_E_INCOMPLETE, pos, "input ends inside the empty line");
			if (b[pos + 1] != '\n')
				return sw_msgp_fail(ps, SW_E_MALFORMED, pos, "CR without LF");
			ps->m->hdr_end = pos;
			*body_at = pos + 2;
			link_headers(ps->m);
			return SW_OK;
		}
		rc = fast_headers(ps, &pos);
		if (rc != SW_OK)
			return rc;
		if (pos != ns)
			continue; /* the empty line and the end are decided above */
		rc = slow_header(ps, ns, &pos);
		if (rc != SW_OK)
			return rc;
	}
}

static int
frame_body(struct pstate *ps, uint32_t body_at, size_t len)
{
	struct sw_msg *m = ps->m;
	uint64_t avail = len - body_at, cl = (uint64_t)m->content_length;

	if (ps->cfg->mode == SW_MODE_STREAM) {
		if (m->content_length < 0)
			return sw_msgp_fail(ps, SW_E_MALFORMED, m->hdr_end, "stream transport needs Content-Length");
		if (body_at + cl > ps->cfg->limits.max_msg)
			return sw_msgp_fail(ps, SW_E_TOOLONG, m->hdr_end, "message longer than max_msg");
		if (cl > avail) {
			if (ps->err != NULL)
				ps->err->need = (unsigned)(body_at + cl);
			return sw_msgp_fail(ps, SW_E_INCOMPLETE, (uint32_t)len, "body not complete yet");
		}
	} else if (m->content_length < 0) {
		cl = avail;
	} else if (cl > avail) {
		const struct sw_hdr *h = sw_msg_first(m, SW_HDR_CONTENT_LENGTH);
		return sw_msgp_fail(ps, SW_E_LENGTH, h->value.off, "Content-Length larger than the data");
	}
	m->body = sw_slice_make(body_at, (uint32_t)cl);
	m->len = body_at + (uint32_t)cl;
	return SW_OK;
}

static void
msg_reset(struct sw_msg *m, enum sw_msg_mode mode)
{
	/* three ranges, each byte written once: zeroing the whole struct
	 * first costs a `rep stos` over first[] that the 0xff fill repeats */
	const size_t fo = offsetof(struct sw_msg, first), fe = fo + sizeof(m->first);

	memset(m, 0, fo);
	memset(m->first, 0xff, sizeof(m->first));
	memset((unsigned char *)m + fe, 0, sizeof(*m) - fe);
	m->mode = (uint8_t)mode;
	m->content_length = -1;
}

/* The header table from the arena: as many slots as fit after the
 * alignment padding, at most max, *cap of them (0 and NULL when none
 * fits). What sw_arena_alloc would give, inline: its general checks and
 * the call cost ~35 instructions per parse. */
static struct sw_hdr *
take_table(struct sw_arena *a, uint32_t max, uint32_t *cap)
{
	const uintptr_t al = _Alignof(struct sw_hdr);
	uintptr_t base, p;
	size_t n;

	*cap = 0;
	if (a->mem == NULL || a->used > a->cap)
		return NULL;
	base = (uintptr_t)a->mem + a->used;
	p = (base + al - 1) & ~(al - 1);
	if (p - base > a->cap - a->used)
		return NULL;
	n = (a->cap - a->used - (p - base)) / sizeof(struct sw_hdr);
	n = n < max ? n : max;
	if (n == 0)
		return NULL;
	a->used += (p - base) + n * sizeof(struct sw_hdr);
	*cap = (uint32_t)n;
	return (struct sw_hdr *)p;
}

int
sw_msg_parse(const void *buf, size_t len, const struct sw_parse_cfg *cfg, struct sw_arena *arena,
	     struct sw_msg *msg, struct sw_err *err)
{
	return sw_msg_parse_with(sw_scan_classify, buf, len, cfg, arena, msg, err);
}

/* GCC's straight-line vectoriser builds each header entry's four slice
 * words (fast_headers is inlined here) in a vector register, 6 instructions
 * where 4 plain stores do; without it the parse takes ~28 fewer
 * instructions a message (callgrind, all six bench messages). */
#if defined(__GNUC__) && !defined(__clang__)
#define SW_NO_SLP __attribute__((optimize("no-tree-slp-vectorize")))
#else
#define SW_NO_SLP
#endif

int SW_NO_SLP
sw_msg_parse_with(sw_scan_classify_fn classify, const void *buf, size_t len,
		  const struct sw_parse_cfg *cfg, struct sw_arena *arena, struct sw_msg *msg,
		  struct sw_err *err)
{
	static const struct sw_parse_cfg dflt = SW_PARSE_CFG_DEFAULT;
	struct pstate ps;
	uint32_t pos = 0, body_at;
	size_t mark = sw_arena_mark(arena);
	int rc;

	ps.classify = classify;
	ps.win.base = 0;
	ps.win.len = 0;
	ps.cfg = cfg != NULL ? cfg : &dflt;
	ps.b = buf;
	ps.m = msg;
	ps.err = err;
	msg_reset(msg, ps.cfg->mode);
	if (err != NULL)
		err->need = 0;
	if (len > ps.cfg->limits.max_msg) {
		if (ps.cfg->mode != SW_MODE_STREAM)
			return sw_msgp_fail(&ps, SW_E_TOOLONG, ps.cfg->limits.max_msg, "message longer than max_msg");
		len = ps.cfg->limits.max_msg;
	}
	ps.end = (uint32_t)len;
	ps.fast_max = ps.cfg->limits.max_line ? ps.cfg->limits.max_line - 1 : 0;
	ps.lim32 = ps.end >= 32 ? ps.end - 31 : 0;
	msg->hdrs = take_table(arena, ps.cfg->limits.max_headers, &ps.cap);
	ps.hend = msg->hdrs != NULL ? msg->hdrs + ps.cap : NULL; /* no arithmetic on NULL */

	if (ps.cfg->mode != SW_MODE_FRAGMENT) /* RFC 3261 §7.5: ignore CRLFs before the start line */
		while (pos + 1 < ps.end && ps.b[pos] == '\r' && ps.b[pos + 1] == '\n')
			pos += 2;
	rc = parse_start_line(&ps, pos, &pos);
	if (rc == SW_OK)
		rc = parse_headers(&ps, pos, &body_at);
	if (rc == SW_E_INCOMPLETE && ps.cfg->mode == SW_MODE_STREAM && ps.end == ps.cfg->limits.max_msg)
		rc = sw_msgp_fail(&ps, SW_E_TOOLONG, ps.end, "header section longer than max_msg");
	if (rc == SW_OK)
		rc = frame_body(&ps, body_at, len);
	if (rc == SW_OK && msg->kind == SW_MSG_RESPONSE)
		msg->method = msg->cseq_method_id;
	/* keep only the header slots used, so callers can allocate after us */
	if (rc != SW_OK) {
		sw_arena_rewind(arena, mark);
		msg->hdrs = NULL;
		msg->nhdrs = 0;
	} else if (msg->hdrs != NULL) {
		arena->used = (size_t)((unsigned char *)(msg->hdrs + msg->nhdrs) - arena->mem);
	}
	return rc;
}

/* sw_msg_parse_general's classifier: an empty window (no byte classified,
 * so no line end in it), on which fast_headers takes no line and leaves
 * each one to slow_header. The fast parser's code is untouched by it. */
static void
classify_none(const unsigned char *b, uint32_t pos, uint32_t end, struct sw_scan_win *w)
{
	(void)b;
	(void)end;
	w->base = pos;
	w->len = 0;
}

int
sw_msg_parse_general(const void *buf, size_t len, const struct sw_parse_cfg *cfg,
		     struct sw_arena *arena, struct sw_msg *msg, struct sw_err *err)
{
	return sw_msg_parse_with(classify_none, buf, len, cfg, arena, msg, err);
}
