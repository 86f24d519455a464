/* name-addr / addr-spec lists (RFC 3261 §20, §25.1) and route sets.
 *
 * One entry is read left to right with no backtracking: a quoted display
 * name is skipped with the quoted-string scanner, the URI inside <> ends at
 * the first '>' (a URI cannot hold one), and header parameters are walked
 * with the shared parameter lexer, which knows quoted values. So a ','
 * that is reached at top level always ends the entry, and each byte of a
 * header value is looked at a small constant number of times.
 */
#include <string.h>
#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "err_int.h"
#include "ctype_tab.h"
#include "lex.h"
#include "route_int.h"
#include "sipwire/route.h"
#include "uri_int.h"

/* Display name at b[p] (not '<'): a quoted-string, or tokens separated by
 * LWS (RFC 4475 §3.1.1.6: a token directly followed by '<' is accepted).
 * Returns the offset of the '<' that must follow, or SW_LEX_BAD. The
 * addr-spec case (a token followed by ':') is told apart by the caller. */
static uint32_t
scan_display(const unsigned char *b, uint32_t p, uint32_t end, struct sw_slice *display,
	     struct sw_err *err)
{
	uint32_t s = p, bad = p, q;

	if (b[p] == '"') {
		q = sw_lex_quoted(b, p, end, &bad);
		if (q == SW_LEX_BAD) {
			sw_err_at(err, SW_E_MALFORMED, bad, "unbalanced quote in display name");
			return SW_LEX_BAD;
		}
		*display = sw_slice_make(s, q - s);
		q = sw_lex_lws(b, q, end);
	} else {
		for (;;) {
			while (p < end && sw_is(b[p], SW_CT_TOKEN))
				p++;
			q = sw_lex_lws(b, p, end);
			if (q == p || q >= end || !sw_is(b[q], SW_CT_TOKEN))
				break;
			p = q;
		}
		*display = sw_slice_make(s, p - s);
	}
	if (q >= end || b[q] != '<') {
		sw_err_at(err, SW_E_MALFORMED, q, "'<' expected after display name");
		return SW_LEX_BAD;
	}
	return q;
}

/* Is the entry at b[p] an addr-spec ("scheme:" with no display name)? */
static int
is_addr_spec(const unsigned char *b, uint32_t p, uint32_t end)
{
	if (!sw_is(b[p], SW_CT_ALPHA))
		return 0;
	while (p < end && sw_is(b[p], SW_CT_SCHEME))
		p++;
	return p < end && b[p] == ':';
}

/* The URI of an entry, from b[p]: "<" URI ">" when angle, else an
 * addr-spec that ends at ';', ',' or LWS. Returns the offset after it. */
static uint32_t
scan_uri(const unsigned char *b, uint32_t p, uint32_t end, unsigned flags, struct sw_nameaddr *na,
	 int *rc, struct sw_err *err)
{
	uint32_t s = p + na->angle, e;

	if (na->angle) {
		const unsigned char *gt = memchr(b + s, '>', end - s);

		if (gt == NULL) {
			sw_err_at(err, SW_E_MALFORMED, p, "'<' without a matching '>'");
			return SW_LEX_BAD;
		}
		e = (uint32_t)(gt - b);
	} else {
		for (e = s; e < end; e++)
			if (b[e] == ';' || b[e] == ',' || b[e] == ' ' || b[e] == '\t' || b[e] == '\r')
				break;
		/* RFC 3261 §20: a URI holding ',', ';' or '?' needs <> */
		if (memchr(b + s, '?', e - s) != NULL) {
			sw_err_at(err, SW_E_MALFORMED, s, "addr-spec with '?' must be enclosed in <>");
			return SW_LEX_BAD;
		}
	}
	na->uri = sw_slice_make(s, e - s);
	if (flags & SW_NA_SPLIT_ONLY) {
		/* the caller parses the URI when it needs it; keep the shape */
		if (e == s || !sw_is(b[s], SW_CT_ALPHA)) {
			sw_err_at(err, SW_E_MALFORMED, s, "URI scheme expected");
			return SW_LEX_BAD;
		}
		sw_uri_reset(&na->u, na->uri);
		return e + na->angle;
	}
	*rc = (flags & SW_NA_GENERAL) ? sw_uri_parse_general(b, na->uri, &na->u, err)
				      : sw_uri_parse(b, na->uri, &na->u, err);
	if (*rc != SW_OK)
		return SW_LEX_BAD;
	return e + na->angle;
}

#define PARAM_CHARS (SW_CT_TOKEN | SW_CT_PARAM)
#if defined(__GNUC__)
#define SW_NOINLINE __attribute__((noinline))
#define SW_INLINE inline __attribute__((always_inline))
#else
#define SW_NOINLINE
#define SW_INLINE inline
#endif

/* Bit i set when b[q + i] == '>', for the GT_W bytes at q: one compare
 * of 32 bytes where the compiler may use AVX2, else of 16 (SSE2). */
#if defined(__AVX2__)
#define GT_W 32u
static inline uint32_t
gt_mask(const unsigned char *q)
{
	return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		_mm256_loadu_si256((const __m256i *)(const void *)q), _mm256_set1_epi8('>')));
}
#elif defined(__SSE2__)
#define GT_W 16u
static inline uint32_t
gt_mask(const unsigned char *q)
{
	return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(
		_mm_loadu_si128((const __m128i *)(const void *)q), _mm_set1_epi8('>')));
}
#endif

/* First '>' in b[p..end), or end. b[0..end) must be readable: it is the
 * message buffer (the iterator's values lie in it), so a last block may
 * start before p; inline, so the hot path makes no call. A route URI is
 * 20 to 60 bytes, so with AVX2 one block usually decides. */
static inline uint32_t
find_gt(const unsigned char *b, uint32_t p, uint32_t end)
{
#if defined(GT_W)
	uint32_t m;

	for (; end - p >= GT_W; p += GT_W) {
		m = gt_mask(b + p);
		if (m != 0)
			return p + (uint32_t)__builtin_ctz(m);
	}
	if (p < end && end >= GT_W) {
		m = gt_mask(b + end - GT_W) >> (GT_W - (end - p)); /* drop the bytes before p */
		return m != 0 ? p + (uint32_t)__builtin_ctz(m) : end;
	}
#endif
	while (p < end && b[p] != '>')
		p++;
	return p;
}

/* Bytes of class PARAM_CHARS from c up to e; the end of the run. */
static inline const unsigned char *
param_run(const unsigned char *c, const unsigned char *e)
{
	while (c < e && sw_is(*c, PARAM_CHARS))
		c++;
	return c;
}

/*
 * SW_NA_SPLIT_ONLY fast path for the header parameters of an entry
 * "<uri>" [";" p ["=" v]]... from c (just after the '>') up to the ','
 * that ends the entry or the end of the value e. Accepts only what
 * parse_entry accepts: with no LWS and quoted values of plain qdtext only,
 * sw_lex_params reduces to this loop. Returns the end of the parameters
 * (at the ',' or e), or NULL for anything else (LWS, an escape or fold in
 * a quoted value, an error), and then parse_entry decides from scratch.
 */
static inline const unsigned char *
split_params(const unsigned char *c, const unsigned char *e)
{
	const unsigned char *s;

	while (c < e && *c == ';') {
		s = ++c;
		c = param_run(c, e);
		if (c == s)
			return NULL;
		if (c >= e || *c != '=')
			continue;
		s = ++c;
		if (c < e && *c == '"') {
			/* sw_lex_quoted's common case inline (a call here would
			 * cost every entry a stack frame): qdtext up to the
			 * closing quote; escapes and folds go the slow way */
			for (c++; c < e && sw_is(*c, SW_CT_QDTEXT); c++)
				;
			if (c >= e || *c != '"')
				return NULL;
			c++;
			continue;
		}
		c = param_run(c, e);
		if (c == s)
			return NULL;
	}
	return c >= e || *c == ',' ? c : NULL;
}

/*
 * One entry starting at the non-LWS byte b[p], inside a value ending at
 * `end`. On success fills na and returns the offset of the ',' that ends
 * the entry or `end`; else returns SW_LEX_BAD with *rc and err set.
 */
static uint32_t
parse_entry(const unsigned char *b, uint32_t p, uint32_t end, unsigned flags, struct sw_nameaddr *na,
	    int *rc, struct sw_err *err)
{
	uint32_t s = p, q, bad = p;
	const char *detail = "bad header parameter";

	*rc = SW_E_MALFORMED;
	na->display = sw_slice_make(p, 0);
	na->star = 0;
	if (b[p] != '<' && !is_addr_spec(b, p, end)) {
		p = scan_display(b, p, end, &na->display, err);
		if (p == SW_LEX_BAD)
			return SW_LEX_BAD;
	}
	na->angle = b[p] == '<';
	q = scan_uri(b, p, end, flags, na, rc, err);
	if (q == SW_LEX_BAD)
		return SW_LEX_BAD;
	*rc = SW_E_MALFORMED;
	p = q;
	q = sw_lex_lws(b, p, end);
	na->params = sw_slice_make(p, 0);
	if (q < end && b[q] == ';') {
		p = sw_lex_params(b, q, end, &na->params, &bad, &detail);
		if (p == SW_LEX_BAD)
			return sw_err_at(err, SW_E_MALFORMED, bad, detail), SW_LEX_BAD;
		q = sw_lex_lws(b, p, end);
	}
	na->whole = sw_slice_make(s, p - s);
	if (q < end && b[q] != ',') {
		sw_err_at(err, SW_E_MALFORMED, q, "',' or end of value expected after entry");
		return SW_LEX_BAD;
	}
	return q;
}

/* Contact: '*' (RFC 3261 §20.10) when it is all of [p, end) after LWS. */
static int
take_star(const unsigned char *b, uint32_t p, uint32_t end, uint16_t hdr, struct sw_nameaddr *na)
{
	if (b[p] != '*' || sw_lex_lws(b, p + 1, end) != end)
		return 0;
	na->whole = sw_slice_make(p, 1);
	na->display = sw_slice_make(p, 0);
	na->uri = sw_slice_make(p, 0);
	na->params = sw_slice_make(p + 1, 0);
	sw_uri_reset(&na->u, na->uri);
	na->angle = 0;
	na->star = 1;
	na->hdr = hdr;
	return 1;
}

/* sw_nameaddr_parse, SW_NA_GENERAL included. */
static int
nameaddr_parse(const void *base, struct sw_slice value, unsigned flags, struct sw_nameaddr *out,
	       struct sw_err *err)
{
	const unsigned char *b = base;
	uint32_t end = value.off + value.len, p, q;
	int rc;

	memset(out, 0, sizeof(*out));
	out->hdr = SW_HDR_NONE;
	if (end < value.off)
		return sw_err_at(err, SW_E_INVAL, value.off, "slice wraps around");
	p = sw_lex_lws(b, value.off, end);
	if (p == end)
		return sw_err_at(err, SW_E_MALFORMED, p, "empty name-addr");
	if ((flags & SW_NA_ALLOW_STAR) && take_star(b, p, end, SW_HDR_NONE, out))
		return SW_OK;
	q = parse_entry(b, p, end, flags, out, &rc, err);
	if (q == SW_LEX_BAD)
		return rc;
	if (q != end)
		return sw_err_at(err, SW_E_MALFORMED, q, "one value expected, found a ',' list");
	return SW_OK;
}

int
sw_nameaddr_parse(const void *base, struct sw_slice value, unsigned flags,
		  struct sw_nameaddr *out, struct sw_err *err)
{
	return nameaddr_parse(base, value, flags & ~SW_NA_GENERAL, out, err);
}

int
sw_nameaddr_parse_general(const void *base, struct sw_slice value, unsigned flags,
			  struct sw_nameaddr *out, struct sw_err *err)
{
	return nameaddr_parse(base, value, flags | SW_NA_GENERAL, out, err);
}

/* Move to the header line `idx` (or the end when SW_HDR_NONE). */
static void
iter_load(struct sw_addr_iter *it, uint16_t idx)
{
	it->hdr = idx;
	it->need_entry = 1;
	if (idx == SW_HDR_NONE) {
		it->pos = it->end = 0;
		return;
	}
	it->pos = it->msg->hdrs[idx].value.off;
	it->end = it->pos + it->msg->hdrs[idx].value.len;
}

/* The external definition of the inline one in route.h (C11 6.7.4). */
extern inline void sw_addr_iter_init_flags(struct sw_addr_iter *it, const void *base,
					   const struct sw_msg *msg, enum sw_hdr_id id,
					   unsigned flags);

void
sw_addr_iter_init(struct sw_addr_iter *it, const void *base, const struct sw_msg *msg,
		  enum sw_hdr_id id)
{
	sw_addr_iter_init_flags(it, base, msg, id, 0);
}

static int
iter_fail(struct sw_addr_iter *it, int rc, struct sw_err *err)
{
	it->status = rc;
	if (err != NULL)
		*err = it->err;
	return rc;
}

/* Every case of sw_addr_iter_next; out of line so that the split-only hot
 * path below needs no callee-saved registers (its prologue and epilogue
 * were a fifth of a split entry's cost). */
static SW_NOINLINE int
iter_next_full(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err)
{
	const unsigned char *b = it->base;
	uint32_t p, q;
	int rc;

	if (it->status != 0)
		return iter_fail(it, it->status, err);
	for (;;) {
		if (it->hdr == SW_HDR_NONE)
			return 0;
		p = sw_lex_lws(b, it->pos, it->end);
		if (p < it->end)
			break;
		if (it->need_entry) {
			it->err = (struct sw_err){ p, 0, it->pos == it->msg->hdrs[it->hdr].value.off ?
				"empty header value" : "entry expected after ','" };
			return iter_fail(it, SW_E_MALFORMED, err);
		}
		iter_load(it, it->msg->hdrs[it->hdr].next);
	}
	if (b[p] == ',') {
		it->err = (struct sw_err){ p, 0, "empty entry in list" };
		return iter_fail(it, SW_E_MALFORMED, err);
	}
	if (it->id == SW_HDR_CONTACT && it->pos == it->msg->hdrs[it->hdr].value.off &&
	    take_star(b, p, it->end, it->hdr, out)) {
		it->pos = it->end;
		it->need_entry = 0;
		return 1;
	}
	q = parse_entry(b, p, it->end, it->flags, out, &rc, &it->err);
	if (q == SW_LEX_BAD) {
		it->err.need = 0; /* parse_entry sets off and detail; init left err unset */
		return iter_fail(it, rc, err);
	}
	out->hdr = it->hdr;
	it->need_entry = q < it->end;
	it->pos = q < it->end ? q + 1 : q;
	return 1;
}

/* The external definition of the inline front in route.h. */
extern inline int sw_addr_iter_next(struct sw_addr_iter *it, struct sw_nameaddr *out,
				    struct sw_err *err);

/*
 * The usual entry at b[p] == '<' of a value ending at `end`, in either
 * mode (`parse`, a constant in each instance): "<" URI ">" with a URI that
 * starts with a letter (scan_uri's split-only check), then split_params;
 * with `parse`, then sw_uri_parse on the URI, parse_entry's call. Fills
 * the entry as parse_entry does (split_params accepts a subset of
 * sw_lex_params) and steps the iterator; anything else, a URI that fails
 * included, goes to iter_next_full from the unchanged iterator state,
 * which rewrites every field and reports any error as before. Each
 * declining test tail-calls it directly (a shared "declined" result to
 * test cost the split-only step about 2 instructions an entry).
 */
static SW_INLINE int
take_entry(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err, uint32_t p,
	   uint32_t end, int parse)
{
	const unsigned char *b = it->base, *c;
	uint32_t gt = find_gt(b, p + 1, end), q;

	if (gt == end || gt == p + 1 || (uint32_t)((b[p + 1] | 0x20) - 'a') >= 26)
		return iter_next_full(it, out, err);
	/* what is known is stored now, so few values stay live through the
	 * parameter loop */
	out->whole.off = p;
	out->display = sw_slice_make(p, 0);
	out->uri = sw_slice_make(p + 1, gt - p - 1);
	out->hdr = it->hdr;
	out->angle = 1;
	out->star = 0;
	if (!parse)
		sw_uri_reset_inline(&out->u, out->uri);
	c = split_params(b + gt + 1, b + end);
	if (c == NULL)
		return iter_next_full(it, out, err);
	q = (uint32_t)(c - b);
	/* parameters start after the ';' when there are any */
	out->params.off = gt + 1 + (q > gt + 1);
	out->params.len = q - out->params.off;
	out->whole.len = q - p;
	if (parse && sw_uri_parse(b, out->uri, &out->u, NULL) != SW_OK)
		return iter_next_full(it, out, err);
	it->need_entry = q < end;
	it->pos = q + (q < end);
	return 1;
}

/* take_entry split-only: reached by a tail call with everything in
 * argument registers, and calls nothing on its way to success. */
static SW_NOINLINE int
split_entry(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err, uint32_t p,
	    uint32_t end)
{
	return take_entry(it, out, err, p, end, 0);
}

/* take_entry with the URI parsed. */
static SW_NOINLINE int
full_entry(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err, uint32_t p,
	   uint32_t end)
{
	return take_entry(it, out, err, p, end, 1);
}

/* The walk to an entry, in either mode (`split`, a constant where it is
 * inlined): spaces, then an entry split_entry or full_entry takes;
 * anything else (LWS other than SP, a missing entry, a display name or
 * addr-spec) goes to iter_next_full from the same iterator state, which
 * decides as before. The end of a list needs no callee-saved registers,
 * and every worker is a tail call. */
static SW_INLINE int
step_from(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err, int split)
{
	const unsigned char *b = it->base;
	uint32_t p = it->pos, end = it->end;

	for (;;) {
		if (it->hdr == SW_HDR_NONE)
			return 0;
		while (p < end && b[p] == ' ')
			p++;
		if (p < end)
			break;
		if (it->need_entry)
			return iter_next_full(it, out, err);
		iter_load(it, it->msg->hdrs[it->hdr].next);
		p = it->pos;
		end = it->end;
	}
	if (b[p] != '<')
		return iter_next_full(it, out, err);
	if (split)
		return split_entry(it, out, err, p, end);
	return full_entry(it, out, err, p, end);
}

/* sw_addr_iter_step when URIs are parsed. Its own function, so that the
 * split-only step keeps its single flag test. */
static SW_NOINLINE int
full_step(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err)
{
	if (it->flags & SW_NA_GENERAL)
		return iter_next_full(it, out, err);
	return step_from(it, out, err, 0);
}

/* The entry step: a sticky error goes to iter_next_full, which returns
 * it again. */
int
sw_addr_iter_step(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err)
{
	if (it->status != 0)
		return iter_next_full(it, out, err);
	if (!(it->flags & SW_NA_SPLIT_ONLY))
		return full_step(it, out, err);
	return step_from(it, out, err, 1);
}

#if defined(__AVX2__)
/* The '>' bits of the line rest b[p..end), 1 <= end - p <= 63 (bit i =
 * byte p + i, none at or past end): from the 32 bytes ending at end and,
 * past 32 bytes, the 32 at p. b[0..end) is readable, end >= 32. */
static inline uint64_t
line_gt(const unsigned char *b, uint32_t p, uint32_t end)
{
	const __m256i c = _mm256_set1_epi8('>');
	uint32_t n = end - p, hi;

	hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		_mm256_loadu_si256((const __m256i *)(const void *)(b + end - 32)), c));
	if (n <= 32)
		return hi >> (32 - n);
	return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		       _mm256_loadu_si256((const __m256i *)(const void *)(b + p)), c)) |
	       (uint64_t)hi << (n - 32);
}

/* c | 0x20 in 'a'..'z': a letter (scan_uri's split-only URI check) */
static inline int
is_letter(unsigned char c)
{
	return (uint32_t)((c | 0x20) - 'a') < 26;
}

/* line_fast for a line with more than one '>' (g: the '>' bits of the n
 * bytes at p): the last byte is '>'; each other '>' is followed by ',',
 * then spaces, then '<' and a letter (which is no '>', so the next '>' bit
 * is that entry's end). Returns the entries, or 0. Byte checks per gap:
 * lists rarely hold more than two or three entries a line. */
static inline unsigned
line_multi(const unsigned char *b, uint32_t p, uint32_t end, uint64_t g)
{
	uint64_t rest = g & ~(1ull << (end - p - 1));
	uint32_t t;

	if (rest == g)
		return 0; /* the last byte is not '>' */
	for (; rest != 0; rest &= rest - 1) {
		t = p + (uint32_t)__builtin_ctzll(rest) + 1;
		if (b[t] != ',')
			return 0;
		/* the last byte is '>', so the spaces end before it */
		while (b[++t] == ' ')
			;
		if (b[t] != '<' || !is_letter(b[t + 1]))
			return 0;
	}
	return (unsigned)__builtin_popcountll(g);
}

/*
 * The whole rest of a line, b[p..end), when it is the common list shape
 * "<uri>" *("," *SP "<uri>"): every entry "<" letter ... ">", no display
 * name, no header parameter, single commas followed by spaces. Returns
 * the number of entries (0: not this shape, or not 2..63 bytes, and the
 * caller walks entry by entry) and *gt0 the first '>'. It accepts exactly
 * what skip_fast's entry loop accepts for such a line, from the '>' bits
 * of the line: they are the entry ends (a URI holds no '>'), so one '>',
 * the last byte, is one entry; more are line_multi's. b[0..end) is
 * readable and end >= 32.
 */
static inline unsigned
line_fast(const unsigned char *b, uint32_t p, uint32_t end, uint32_t *gt0)
{
	uint32_t n = end - p;
	uint64_t g;

	if (n - 2 >= 62 || end < 32 || b[p] != '<' || !is_letter(b[p + 1]))
		return 0;
	g = line_gt(b, p, end);
	if (g == 1ull << (n - 1)) {
		*gt0 = end - 1;
		return 1; /* the usual line: one entry */
	}
	*gt0 = p + (uint32_t)__builtin_ctzll(g | 1ull << 63);
	return line_multi(b, p, end, g);
}
#endif

/*
 * Split-only entries taken as split_entry takes them, without filling an
 * entry, from the iterator state held in locals (written back once); with
 * AVX2 a line rest of the usual shape is taken whole first (line_fast).
 * Stops at the end of the list or before an entry iter_next_full must
 * decide, with the state sw_addr_iter_step leaves for that call. Returns
 * the entries taken; when first is not NULL, *first gets the URI of the
 * first of them.
 */
static SW_INLINE unsigned
skip_fast(struct sw_addr_iter *it, struct sw_slice *first)
{
	const unsigned char *b = it->base, *c;
	uint32_t p = it->pos, end = it->end, q, gt;
	uint16_t hdr = it->hdr;
	uint8_t need = it->need_entry;
	unsigned k = 0;

	while (hdr != SW_HDR_NONE) {
#if defined(__AVX2__)
		unsigned r = line_fast(b, p, end, &gt);

		if (r != 0) {
			/* the line taken whole: as after its last entry */
			if (first != NULL && k == 0)
				*first = sw_slice_make(p + 1, gt - p - 1);
			k += r;
			p = end;
			need = 0;
		}
#endif
		for (q = p; q < end && b[q] == ' '; q++)
			;
		if (q == end) {
			if (need)
				break;
			hdr = it->msg->hdrs[hdr].next;
			need = 1;
			p = end = 0;
			if (hdr != SW_HDR_NONE) {
				p = it->msg->hdrs[hdr].value.off;
				end = p + it->msg->hdrs[hdr].value.len;
			}
			continue;
		}
		/* p stays before the spaces: iter_next_full starts there */
		if (b[q] != '<')
			break;
		gt = find_gt(b, q + 1, end);
		if (gt == end || gt == q + 1 || (uint32_t)((b[q + 1] | 0x20) - 'a') >= 26)
			break;
		c = split_params(b + gt + 1, b + end);
		if (c == NULL)
			break;
		/* inlined with first == NULL for sw_addr_iter_skip: no test */
		if (first != NULL && k == 0)
			*first = sw_slice_make(q + 1, gt - q - 1);
		q = (uint32_t)(c - b);
		k++;
		need = q < end;
		p = q + need;
	}
	it->pos = p;
	it->end = end;
	it->hdr = hdr;
	it->need_entry = need;
	return k;
}

/* The rest of sw_addr_iter_skip once an entry needs the general step:
 * out of line, so that the fast walk carries no entry-sized frame. k
 * entries are walked; when none is and first is not NULL, *first gets the
 * URI of the first entry taken here. */
static SW_NOINLINE int
skip_slow(struct sw_addr_iter *it, unsigned k, struct sw_slice *first, unsigned *n,
	  struct sw_err *err)
{
	struct sw_nameaddr scratch;
	int rc;

	while ((rc = iter_next_full(it, &scratch, err)) == 1) {
		if (first != NULL && k == 0)
			*first = scratch.uri;
		k++;
		if (it->flags & SW_NA_SPLIT_ONLY)
			k += skip_fast(it, NULL);
	}
	*n = k;
	return rc;
}

int
sw_addr_iter_skip(struct sw_addr_iter *it, unsigned *n, struct sw_err *err)
{
	unsigned k = 0;

	if (it->status == 0 && (it->flags & SW_NA_SPLIT_ONLY)) {
		k = skip_fast(it, NULL);
		if (it->hdr == SW_HDR_NONE) {
			*n = k;
			return 0;
		}
	}
	return skip_slow(it, k, NULL, n, err);
}

/* The external definition of the inline front in route.h. */
extern inline int sw_addr_iter_skip_first(struct sw_addr_iter *it, struct sw_slice *first,
					  unsigned *n, struct sw_err *err);

/* sw_addr_iter_skip_first_step's walk once a line is not taken whole:
 * from the iterator state, with k entries counted and, when k is 0, the
 * first URI still to be set. */
static SW_NOINLINE int
skip_from(struct sw_addr_iter *it, unsigned k, struct sw_slice *first, unsigned *n,
	  struct sw_err *err)
{
	if (k == 0)
		*first = sw_slice_make(0, 0); /* until an entry is taken */
	if (it->status == 0 && (it->flags & SW_NA_SPLIT_ONLY)) {
		k += skip_fast(it, k == 0 ? first : NULL);
		if (it->hdr == SW_HDR_NONE) {
			*n = k;
			return 0;
		}
	}
	return skip_slow(it, k, first, n, err);
}

/* Lines taken whole by line_fast (AVX2) in a loop with no call and few
 * registers, the usual Path / Service-Route list; the first line that is
 * not goes to skip_from with the state skip_fast would have there (the
 * line start, an entry needed). The end state is the one skip_fast leaves
 * after the last line: no header, pos = end = 0, need_entry = 1. */
int
sw_addr_iter_skip_first_step(struct sw_addr_iter *it, struct sw_slice *first, unsigned *n,
			     struct sw_err *err)
{
#if defined(__AVX2__)
	if (it->status == 0 && (it->flags & SW_NA_SPLIT_ONLY) && it->hdr != SW_HDR_NONE) {
		const struct sw_hdr *h = it->msg->hdrs;
		uint32_t p = it->pos, end = it->end, gt;
		uint16_t hdr = it->hdr;
		unsigned k = 0, r;

		/* the first line peeled: it alone sets *first */
		r = line_fast(it->base, p, end, &gt);
		if (r != 0)
			*first = sw_slice_make(p + 1, gt - p - 1);
		while (r != 0) {
			k += r;
			hdr = h[hdr].next;
			if (hdr == SW_HDR_NONE) {
				it->pos = it->end = 0;
				it->hdr = SW_HDR_NONE;
				it->need_entry = 1;
				*n = k;
				return 0;
			}
			p = h[hdr].value.off;
			end = p + h[hdr].value.len;
			r = line_fast(it->base, p, end, &gt);
		}
		if (k != 0) { /* past the iterator's own line: at a fresh one */
			it->pos = p;
			it->end = end;
			it->hdr = hdr;
			it->need_entry = 1;
		}
		return skip_from(it, k, first, n, err);
	}
#endif
	return skip_from(it, 0, first, n, err);
}

void
sw_addr_iter_init_general(struct sw_addr_iter *it, const void *base, const struct sw_msg *msg,
			  enum sw_hdr_id id, unsigned flags)
{
	sw_addr_iter_init_flags(it, base, msg, id, flags);
	it->flags |= SW_NA_GENERAL;
}

int
sw_addr_iter_next_general(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err)
{
	return iter_next_full(it, out, err);
}
