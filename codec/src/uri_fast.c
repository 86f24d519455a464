/* sw_uri_parse: a fast path for the common SIP/SIPS URI shape, with the
 * general parser (uri.c, sw_uri_parse_general) as the fallback for every
 * other input and every error, so each status, offset and slice comes
 * from one place. tests/test_route_diff.c and fuzz/fuzz_route.c hold the
 * two against each other.
 */
#include <stddef.h>
#include <string.h>

#include "ctype_tab.h"
#include "lex.h"
#include "sipwire/uri.h"
#include "uri_int.h"

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * Fast path for the common SIP/SIPS shape "sip:" [user "@"] host [":" port]
 * *(";" pname ["=" pvalue]): one forward pass, escapes only well-formed
 * and only in the user (up to 63 bytes after the scheme, or user and host
 * in the first 32) and in parameter values, no password,
 * no IPv6 reference, no trailing '.', no URI headers. Returns SW_OK with
 * *out exactly as the full parser leaves it, or FAST_SLOW for any other
 * input (including every error), and then the full parser starts over:
 * so each status, error offset and slice comes from one place.
 */
#define FAST_SLOW 1
#if defined(__GNUC__)
#define SW_NOINLINE __attribute__((noinline))
#else
#define SW_NOINLINE
#endif

/* Classes of the fast path in one byte each (sw_ctype needs a 16-bit load,
 * a mask and a compare against '%' per byte). Derived from sw_ctype:
 * FC_USER = SW_CT_USER minus '%'; FC_LABEL = SW_CT_LABEL; FC_PARAM =
 * SW_CT_PARAM minus '%'; FC_ALPHA = SW_CT_ALPHA; FC_HEX = SW_CT_HEX ('%'
 * is taken only as the start of "%" HEX HEX, see fast_run).
 * Bytes 0x80-0xFF are in none. tests/test_route_diff.c checks every byte in
 * every position against the full parser, so a wrong entry fails there. */
enum { FC_USER = 1, FC_LABEL = 2, FC_PARAM = 4, FC_ALPHA = 8, FC_HEX = 16 };

static const uint8_t fast_cls[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 5, 0, 0, 5, 0, 5, 5, 5, 5, 5, 5, 1, 7, 5, 5,
	23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 4, 1, 0, 1, 0, 1,
	0, 31, 31, 31, 31, 31, 31, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 4, 0, 4, 0, 5,
	0, 31, 31, 31, 31, 31, 31, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 0, 0, 5, 0,
};

/* A run of `cls` bytes and well-formed escapes ("%" HEX HEX, RFC 3261
 * `escaped`: taken in the user of win_userhost and in parameter values)
 * from q, up to end. Returns the first other byte's offset: a '%' without
 * two hex digits stops the run there, and every caller then declines (the
 * byte is not '@', ';' or the end), so the general parser reports the bad
 * escape at its own offset. */
static inline uint32_t
fast_run(const unsigned char *b, uint32_t q, uint32_t end, unsigned cls)
{
	for (;;) {
		while (q < end && (fast_cls[b[q]] & cls))
			q++;
		if (end - q < 3 || b[q] != '%' || !(fast_cls[b[q + 1]] & fast_cls[b[q + 2]] & FC_HEX))
			return q;
		q += 3;
	}
}

#if defined(__AVX2__)
/* Nibble tables of paramchar (FC_PARAM) and HEXDIG for 32-byte blocks: a
 * byte c is in a class when lo[c & 15] & hi[c >> 4] != 0, hi[h] being one
 * bit per high nibble 2..7 (0 for the rest, bytes >= 0x80 included).
 * Generated from the class definitions; route_diff's every-byte test runs
 * each byte value through a block, so a wrong bit fails there. */
#define L16(...) { __VA_ARGS__, __VA_ARGS__ }
static const _Alignas(32) unsigned char run_k[5][32] = {
	L16(0x2a, 0x3f, 0x3e, 0x3e, 0x3f, 0x3e, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x1d, 0x14, 0x1d, 0x35,
	    0x1d),
	L16(0x02, 0x16, 0x16, 0x16, 0x16, 0x16, 0x16, 0x02, 0x02, 0x02, 0, 0, 0, 0, 0, 0),
	L16(0, 0, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0, 0, 0, 0, 0, 0, 0, 0),
	L16(15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15),
	L16('%', '%', '%', '%', '%', '%', '%', '%', '%', '%', '%', '%', '%', '%', '%', '%'),
};

/* fast_run(FC_PARAM) 32 bytes at a time while 32 remain: a long value
 * (the route-restore token the SBC writes into its own Service-Route and
 * reads back from Route, over a hundred bytes with an escape every ten or
 * so; flow tokens) costs about 5 instructions a byte in the byte loop.
 * A block is taken up to its first byte that is neither paramchar nor
 * '%', or its first '%' without two hex digits after it inside the block;
 * fast_run goes on from there (an escape cut by the block edge, the end of
 * the value, a bad escape), so the result is fast_run's. */
static inline uint32_t
fast_run32(const unsigned char *b, uint32_t q, uint32_t end)
{
#define RK(i) _mm256_load_si256((const __m256i *)(const void *)run_k[i])
	const __m256i z = _mm256_setzero_si256();

	while (end - q >= 32) {
		const __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(b + q));
		const __m256i hi = _mm256_shuffle_epi8(RK(2), _mm256_and_si256(_mm256_srli_epi16(x, 4), RK(3)));
		const __m256i lo = _mm256_and_si256(x, RK(3));
		uint32_t np = (uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(_mm256_and_si256(_mm256_shuffle_epi8(RK(0), lo), hi), z));
		uint32_t nh = (uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(_mm256_and_si256(_mm256_shuffle_epi8(RK(1), lo), hi), z));
		uint32_t pc = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, RK(4)));
		/* stops: not paramchar and not '%'; a '%' whose next two bytes
		 * (inside the block) are not both hex digits */
		uint64_t stop = (np & ~pc) | (pc & ((nh >> 1) | (nh >> 2) | 0xC0000000u)) | 1ull << 32;
		uint32_t k = (uint32_t)__builtin_ctzll(stop);

		q += k;
		if (k < 32)
			break;
	}
	return q;
#undef RK
}
#endif

/* host from b[q] (hostname without a final '.', or a dotted quad);
 * returns its end or SW_LEX_BAD, *kind set. Mirrors scan_host's labels. */
static inline uint32_t
fast_host(const unsigned char *b, uint32_t q, uint32_t end, uint8_t *kind)
{
	uint32_t h = q, top;

	for (;;) {
		top = q;
		while (q < end && (fast_cls[b[q]] & FC_LABEL))
			q++;
		if (q == top || b[top] == '-' || b[q - 1] == '-')
			return SW_LEX_BAD;
		if (q >= end || b[q] != '.')
			break;
		q++;
	}
	*kind = (fast_cls[b[top]] & FC_ALPHA) ? SW_HOST_NAME : SW_HOST_IPV4;
	if (*kind == SW_HOST_IPV4 && !sw_uri_ipv4_ok(b, h, q))
		return SW_LEX_BAD;
	return q;
}

/* ";" pname ["=" pvalue] ... from b[q] == ';'; returns the offset after
 * the last parameter or SW_LEX_BAD. Names are matched as written: an
 * escaped "%6C%72" is a parameter of that name, not lr (RFC 4475 esc01),
 * as sw_uri_note_param does for the general parser. */
static inline uint32_t
fast_params(const unsigned char *b, uint32_t q, uint32_t end, struct sw_uri *u)
{
	do {
		struct sw_slice n, v;
		uint32_t s = ++q;

		/* "lr" alone (loose routing, in nearly every Route, Path and
		 * Service-Route URI): flagged without the name loop */
		if (end - s >= 2 && (b[s] | 0x20) == 'l' && (b[s + 1] | 0x20) == 'r' &&
		    (end - s == 2 || b[s + 2] == ';')) {
			u->pflags |= SW_URI_P_LR;
			q = s + 2;
			continue;
		}
		/* names without escapes (an escaped name is rare: the general
		 * parser's; fast_run here cost every URI of the bench set an
		 * instruction of register saves in sw_uri_parse) */
		while (q < end && (fast_cls[b[q]] & FC_PARAM))
			q++;
		if (q == s)
			return SW_LEX_BAD;
		n = sw_slice_make(s, q - s);
		v = sw_slice_make(q, 0);
		if (q < end && b[q] == '=') {
			s = ++q;
#if defined(__AVX2__)
			if (end - q >= 32)
				q = fast_run32(b, q, end);
#endif
			q = fast_run(b, q, end, FC_PARAM);
			if (q == s)
				return SW_LEX_BAD;
			v = sw_slice_make(s, q - s);
		}
		/* "lr" (every Route/Path URI) without the call; it has no value slot */
		if (n.len == 2 && (b[n.off] | 0x20) == 'l' && (b[n.off + 1] | 0x20) == 'r')
			u->pflags |= SW_URI_P_LR;
		else
			sw_uri_note_param(u, b, n, v);
	} while (q < end && b[q] == ';');
	return q;
}

/* user@ and host, one byte at a time; *e gets the end of the host. */
static int
fast_userhost(const unsigned char *b, uint32_t p, uint32_t end, struct sw_uri *u, uint32_t *e)
{
	uint32_t q = p;

	/* no escapes on this byte path (a URI under 16 bytes, or over 63
	 * with user and host past the first 32): like escaped names, they
	 * cost the common URIs register saves; the general parser's */
	while (q < end && (fast_cls[b[q]] & FC_USER))
		q++;
	if (q < end && b[q] == '@') {
		if (q == p)
			return FAST_SLOW;
		u->user.len = q - p;
		u->has_user = 1;
		p = q + 1;
	} else {
		/* a later '@' means a password or an escape: the full parser's.
		 * A loop, not memchr: a call would give the fast path a frame */
		for (; q < end; q++)
			if (b[q] == '@')
				return FAST_SLOW;
	}
	q = fast_host(b, p, end, &u->host_kind);
	if (q == SW_LEX_BAD)
		return FAST_SLOW;
	u->host = sw_slice_make(p, q - p);
	*e = q;
	return SW_OK;
}

#if defined(__SSE2__)

/* Bit masks of b[p..p+n), n <= 64 (bit i = byte p + i; none at or past n):
 * hostname bytes (alphanum "-."), '.', '-' and '@'. */
struct win {
	uint64_t host, dot, dash, at;
};

/* The four masks of 16 bytes at q, shifted left by sh, OR-ed into *w. */
static inline void
win16(const unsigned char *q, unsigned sh, struct win *w)
{
	const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
	const __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
	/* unsigned range tests as signed compares: c - lo - 128 < -128 + width */
	const __m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(low, _mm_set1_epi8((char)(0x80 - 'a'))),
					     _mm_set1_epi8(-128 + 26));
	const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - '0'))),
					     _mm_set1_epi8(-128 + 10));
	const __m128i dot = _mm_cmpeq_epi8(x, _mm_set1_epi8('.'));
	const __m128i dash = _mm_cmpeq_epi8(x, _mm_set1_epi8('-'));
	uint64_t m[4] = {
		(uint64_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), _mm_or_si128(dot, dash))),
		(uint64_t)_mm_movemask_epi8(dot), (uint64_t)_mm_movemask_epi8(dash),
		(uint64_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('@'))),
	};

	w->host |= m[0] << sh;
	w->dot |= m[1] << sh;
	w->dash |= m[2] << sh;
	w->at |= m[3] << sh;
}

#if defined(__AVX2__)
/* The classifier constants as vectors in memory. */
#define K32(c) { c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, \
		 c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c }
static const _Alignas(32) unsigned char win_k[8][32] = {
	K32(0x20), K32(0x80 - 'a'), K32(0x80 - '0'), K32(0x80 + 26), K32(0x80 + 10), K32('.'), K32('-'),
	K32('@'),
};

/* The masks of 32 bytes (bit i = byte i of x): hostname bytes, '.', '-'
 * and '@'. k is win_k, passed through an empty asm by the caller so the
 * compiler loads the constants from memory (one load or a memory operand
 * each) rather than folding them into broadcasts it rebuilds in registers
 * on every call: measured, 3 instructions each. */
static inline void
cls32(__m256i x, const unsigned char (*k)[32], uint32_t *host, uint32_t *dot, uint32_t *dash,
      uint32_t *at)
{
#define WK(i) _mm256_load_si256((const __m256i *)(const void *)k[i])
	/* unsigned range tests as signed compares: c - lo - 128 < -128 + width */
	const __m256i alpha = _mm256_cmpgt_epi8(WK(3), _mm256_add_epi8(_mm256_or_si256(x, WK(0)), WK(1)));
	const __m256i digit = _mm256_cmpgt_epi8(WK(4), _mm256_add_epi8(x, WK(2)));
	const __m256i d = _mm256_cmpeq_epi8(x, WK(5));
	const __m256i m = _mm256_cmpeq_epi8(x, WK(6));

	*host = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(alpha, digit),
							       _mm256_or_si256(d, m)));
	*dot = (uint32_t)_mm256_movemask_epi8(d);
	*dash = (uint32_t)_mm256_movemask_epi8(m);
	*at = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, WK(7)));
#undef WK
}

/* Shuffles that make the 16 bytes at p and the 16 ending at end one run
 * of n = 16 + r bytes: the low lane as loaded, the high lane moved down by
 * 16 - r bytes (the overlap) with zeros after the end, which no class
 * holds, so the masks stop at n by themselves. */
#define SH(r, j) ((j) < (r) ? (j) + 16 - (r) : 0x80)
#define SHROW(r) { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		   SH(r, 0), SH(r, 1), SH(r, 2), SH(r, 3), SH(r, 4), SH(r, 5), SH(r, 6), SH(r, 7), \
		   SH(r, 8), SH(r, 9), SH(r, 10), SH(r, 11), SH(r, 12), SH(r, 13), SH(r, 14), SH(r, 15) }
static const _Alignas(32) unsigned char win_join[17][32] = {
	SHROW(0), SHROW(1), SHROW(2), SHROW(3), SHROW(4), SHROW(5), SHROW(6), SHROW(7), SHROW(8),
	SHROW(9), SHROW(10), SHROW(11), SHROW(12), SHROW(13), SHROW(14), SHROW(15), SHROW(16),
};

/* The masks of b[p..p + n), n >= 16, with loads inside b[p..end): up to
 * 32 bytes as the 16 at p and the 16 ending at end joined into one
 * register (win_join); more as the 32 at p alone when they hold the user
 * and host, else (n <= 63) with the 32 ending at end. Returns 1 with *w
 * set, 0 when n > 63 and the host runs past the first 32 bytes. */
static inline int
win_avx2(const unsigned char *b, uint32_t p, uint32_t end, struct win *w)
{
	const unsigned char(*k)[32] = win_k;
	uint32_t n = end - p, h0, d0, m0, a0, h1, d1, m1, a1;

#if defined(__GNUC__)
	__asm__("" : "+r"(k));
#endif
	if (n <= 32) {
		const __m256i x = _mm256_loadu2_m128i((const __m128i *)(const void *)(b + end - 16),
						      (const __m128i *)(const void *)(b + p));

		cls32(_mm256_shuffle_epi8(x, _mm256_load_si256((const __m256i *)(const void *)
								win_join[n - 16])),
		      k, &h0, &d0, &m0, &a0);
		w->host = h0;
		w->dot = d0;
		w->dash = m0;
		w->at = a0;
		return 1;
	}
	cls32(_mm256_loadu_si256((const __m256i *)(const void *)(b + p)), k, &h0, &d0, &m0, &a0);
	/* the first 32 bytes decide alone when the host (after the first '@'
	 * among them, if any) ends inside them: what follows it is port and
	 * parameters, where fast_sip's byte checks decline any '@', so a
	 * later '@' cannot change an accepted result. Most URIs of 33 bytes
	 * or more (a long host, a port, parameters) need only this register;
	 * past 63 it is the only one (0: the caller walks byte by byte). */
	h1 = a0 != 0 ? (uint32_t)__builtin_ctz(a0) + 1 : 0;
	if (h1 < 32 && h1 + (uint32_t)__builtin_ctzll(~(uint64_t)h0 >> h1) < 32) {
		w->host = h0;
		w->dot = d0;
		w->dash = m0;
		w->at = a0;
		return 1;
	}
	if (n > 63)
		return 0;
	cls32(_mm256_loadu_si256((const __m256i *)(const void *)(b + end - 32)), k, &h1, &d1, &m1,
	      &a1);
	w->host = h0 | (uint64_t)h1 << (n - 32);
	w->dot = d0 | (uint64_t)d1 << (n - 32);
	w->dash = m0 | (uint64_t)m1 << (n - 32);
	w->at = a0 | (uint64_t)a1 << (n - 32);
	return 1;
}
#endif

/*
 * user@ and host from masks of the rest b[p..end) (all of it up to 63
 * bytes; with AVX2 also its first 32 when user and host end there, see
 * win_avx2; the loads stay inside b[lo..end), the URI). Returns SW_OK,
 * FAST_SLOW, or -1 when the masks cannot be taken (short or long URI):
 * then the caller uses fast_userhost. Accepts exactly the hosts fast_host accepts: labels
 * of alphanum/'-' joined by single dots, no label starting or ending with
 * '-', no empty label; the top label's first byte decides name or IPv4.
 */
static int
win_userhost(const unsigned char *b, uint32_t lo, uint32_t p, uint32_t end, struct sw_uri *u,
	     uint32_t *e)
{
	uint32_t n = end - p, k, h = 0, len, q;
	struct win w = { 0, 0, 0, 0 };
	uint64_t d, m, stop;

	if (end - lo < 16)
		return -1;
#if defined(__AVX2__)
	if (n >= 16) {
		if (!win_avx2(b, p, end, &w))
			return -1;
	} else
#else
	if (n > 63)
		return -1;
#endif
	if (n >= 16) {
		win16(b + p, 0, &w); /* a constant shift: none */
		for (k = 16; k + 16 <= n; k += 16)
			win16(b + p + k, k, &w);
		if (k < n)
			win16(b + end - 16, n - 16, &w);
	} else {
		/* the 16 bytes ending at end hold the n of the rest last */
		win16(b + end - 16, 0, &w);
		w.host >>= 16 - n;
		w.dot >>= 16 - n;
		w.dash >>= 16 - n;
		w.at >>= 16 - n;
	}
	if (w.at != 0) {
		h = (uint32_t)__builtin_ctzll(w.at);
		if (h == 0)
			return FAST_SLOW;
		/* hostname bytes are user bytes; look at others one by one
		 * ('@' is no hex digit, so an escape never runs past it) */
		if ((~w.host & ((1ull << h) - 1)) && fast_run(b, p, p + h, FC_USER) != p + h)
			return FAST_SLOW;
		u->user.len = h++;
		u->has_user = 1;
	}
	/* the masks have no bit at or past n < 64 (every load lies inside
	 * the rest, or win_join zeroes the bytes after it), so ~host has a
	 * stop bit at n at the latest */
	stop = ~w.host >> h;
	len = (uint32_t)__builtin_ctzll(stop);
	/* the adjacency tests also see the bytes after the host (port,
	 * parameters): a ".." or "-." there declines too, which only costs
	 * the general parser's time for such rare parameters */
	d = w.dot >> h;
	m = w.dash >> h;
	if (len == 0 || ((d | m) & (1 | 1ull << (len - 1))) || (d & ((d | m) >> 1)) || (m & (d >> 1)))
		return FAST_SLOW;
	d &= (1ull << len) - 1;
	k = d ? 64 - (uint32_t)__builtin_clzll(d) : 0; /* the top label */
	q = p + h;
	u->host_kind = (fast_cls[b[q + k]] & FC_ALPHA) ? SW_HOST_NAME : SW_HOST_IPV4;
	if (u->host_kind == SW_HOST_IPV4 && !sw_uri_ipv4_ok(b, q, q + len))
		return FAST_SLOW;
	u->host = sw_slice_make(q, len);
	*e = q + len;
	return SW_OK;
}
#endif

/* user@ / host / :port / ;params; the caller has set the scheme. The URI
 * starts at lo. */
static int
fast_sip(const unsigned char *b, uint32_t lo, uint32_t p, uint32_t end, struct sw_uri *u)
{
	uint32_t q, s, v = 0;
	int rc = -1;

	u->user = sw_slice_make(p, 0);
#if defined(__SSE2__)
	rc = win_userhost(b, lo, p, end, u, &q);
#else
	(void)lo;
#endif
	if (rc < 0)
		rc = fast_userhost(b, p, end, u, &q);
	if (rc != SW_OK)
		return FAST_SLOW;
	u->port = sw_slice_make(q, 0);
	if (q < end && b[q] == ':') {
		for (s = ++q; q < end && (unsigned)(b[q] - '0') <= 9 && q - s < 5; q++)
			v = v * 10 + (unsigned)(b[q] - '0');
		if (q == s || v > 65535 || (q < end && (unsigned)(b[q] - '0') <= 9))
			return FAST_SLOW;
		u->port = sw_slice_make(s, q - s);
		u->port_num = v;
		u->has_port = 1;
	}
	u->params = sw_slice_make(q, 0);
	if (end - q == 3 && b[q] == ';' && (b[q + 1] | 0x20) == 'l' && (b[q + 2] | 0x20) == 'r') {
		/* ";lr" alone, the usual Route / Path / Service-Route tail */
		u->pflags = SW_URI_P_LR;
		u->params = sw_slice_make(q + 1, 2);
		u->headers = sw_slice_make(end, 0);
		return SW_OK;
	}
	if (q < end && b[q] == ';') {
		s = q + 1;
		q = fast_params(b, q, end, u);
		if (q == SW_LEX_BAD)
			return FAST_SLOW;
		u->params = sw_slice_make(s, q - s);
	}
	u->headers = sw_slice_make(q, 0);
	return q == end ? SW_OK : FAST_SLOW;
}

/* sw_uri_reset_inline with the slices written as 32-byte stores of one
 * broadcast word, so that sw_uri_parse can run without GCC's SLP
 * vectoriser (which builds the scheme and opaque slices with vector
 * inserts and unpacks): measured, fewer instructions per URI. */
static inline void
uri_reset(struct sw_uri *u, struct sw_slice s)
{
#if defined(__AVX2__)
	const struct sw_slice z = { s.off, 0 };
	unsigned char *o = (unsigned char *)u;
	uint64_t w;
	__m256i v;

	_Static_assert(offsetof(struct sw_uri, port_num) == 15 * sizeof(struct sw_slice),
		       "the slices of struct sw_uri come first, packed");
	memcpy(&w, &z, sizeof(w));
	v = _mm256_set1_epi64x((long long)w);
	_mm256_storeu_si256((__m256i *)(void *)o, v);
	_mm256_storeu_si256((__m256i *)(void *)(o + 32), v);
	_mm256_storeu_si256((__m256i *)(void *)(o + 64), v);
	_mm_storeu_si128((__m128i *)(void *)(o + 96), _mm256_castsi256_si128(v));
	memcpy(o + 112, &w, sizeof(w));
	memset(&u->port_num, 0, sizeof(*u) - offsetof(struct sw_uri, port_num));
	u->whole = s;
#else
	sw_uri_reset_inline(u, s);
#endif
}

/* "sip:" / "sips:" in any case, then fast_sip. `| 0x20` folds only the
 * letters among these bytes; ':' is compared exactly. */
static int
fast_uri(const unsigned char *b, struct sw_slice s, struct sw_uri *out)
{
	const unsigned char *q = b + s.off;
	uint32_t n, w, fold3, sip, sips;

	if (s.len < 5)
		return FAST_SLOW;
	/* one word compare: the letters folded, the ':' exact (byte-order
	 * neutral: masks and keys are built from bytes) */
	memcpy(&w, q, 4);
	memcpy(&fold3, "\x20\x20\x20\x00", 4);
	memcpy(&sip, "sip:", 4);
	memcpy(&sips, "sips", 4);
	if ((w | fold3) == sip)
		n = 3;
	else if ((w | 0x20202020u) == sips && q[4] == ':')
		n = 4;
	else
		return FAST_SLOW;
	uri_reset(out, s);
	out->scheme = sw_slice_make(s.off, n);
	out->opaque = sw_slice_make(s.off + n + 1, s.len - n - 1);
	out->kind = n == 3 ? SW_URI_SIP : SW_URI_SIPS;
	return fast_sip(b, s.off, s.off + n + 1, s.off + s.len, out);
}

#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-slp-vectorize")))
#endif
int
sw_uri_parse(const void *base, struct sw_slice s, struct sw_uri *out, struct sw_err *err)
{
	/* a slice that wraps is not taken by the fast path (s.len < 5 or the
	 * end check inside fails), the full parser reports it */
	if (s.off + s.len >= s.off && fast_uri(base, s, out) == SW_OK)
		return SW_OK;
	return sw_uri_parse_general(base, s, out, err);
}
