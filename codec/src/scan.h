/* Internal: the hot byte scanners of the parsers, with SIMD twins.
 *
 * Each scanner finds the first byte of a class in b[pos..end) and returns
 * its offset, or `end` when there is none. Contract for every variant:
 * b[0..end) is readable and pos <= end. The vector variants may load any
 * bytes of b[0..end) (a block ending exactly at `end` when fewer than a
 * vector's width remain), never a byte before b or at/after end, so they
 * are safe on a buffer flush against a guard page.
 *
 * Selection: sw_scan_lf and friends are resolved once, by the dynamic
 * loader, to the best variant this CPU supports (GNU ifunc). The resolved
 * address lives in the relocation-protected GOT, so the codec keeps no
 * mutable state and pays no per-call check. Where the toolchain has no
 * ifunc (SW_SCAN_NO_IFUNC), each call tests __builtin_cpu_supports, which
 * is one load and a branch.
 */
#ifndef SIPWIRE_SCAN_H
#define SIPWIRE_SCAN_H

#include <stdint.h>

/* Line ends: the first '\n'. */
uint32_t sw_scan_lf(const unsigned char *b, uint32_t pos, uint32_t end);

/* Header-name/value split: the first ':' (call on one line: SIP values are
 * full of ':' in every sip: URI, so lines are found first). */
uint32_t sw_scan_colon(const unsigned char *b, uint32_t pos, uint32_t end);

/* List separators: the first of ',' '"' '<' '>' '\\', the bytes that
 * change the state of a comma-list splitter (entry end, quoted string,
 * angle-bracketed URI, quoted-pair). */
uint32_t sw_scan_sep(const unsigned char *b, uint32_t pos, uint32_t end);

/* Runs: the first byte that is NOT an RFC 3261 token character
 * (alphanum / "-.!%*_+`'~"), or not a byte a URI may hold unescaped
 * (alphanum / "!$%&'()*+,-./:;=?@[]_~": ctype_tab.h's SW_CT_URIC). The
 * start line's method and Request-URI, the CSeq method. */
uint32_t sw_scan_token_end(const unsigned char *b, uint32_t pos, uint32_t end);
uint32_t sw_scan_uric_end(const unsigned char *b, uint32_t pos, uint32_t end);

/* The URIC class by nibble, as the run scanners test it: byte c is in the
 * class when [0][c & 15] & [1][c >> 4] != 0. For msg.c, which tests the
 * Request-URI inline with the same tables (one definition of the class). */
extern const unsigned char sw_scan_uric_nib[2][16] __attribute__((visibility("hidden"), aligned(16)));

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <immintrin.h>

/* Bytes of p[0..32) outside a nibble class (bit i: byte i is not in it):
 * PSHUFB looks both nibbles up in the class tables lo_t / hi_t (one of
 * the [2][16] tables broadcast to both lanes), a zero AND is outside. The
 * run scanners' step, and msg.c's inline Request-URI test (callers built
 * for AVX2 only). */
static inline __attribute__((target("avx2"))) uint32_t
sw_scan_outside_avx2(const unsigned char *p, __m256i lo_t, __m256i hi_t)
{
	const __m256i m4 = _mm256_set1_epi8(0x0f);
	__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i lo = _mm256_shuffle_epi8(lo_t, _mm256_and_si256(v, m4));
	__m256i hi = _mm256_shuffle_epi8(hi_t, _mm256_and_si256(_mm256_srli_epi16(v, 4), m4));

	return (uint32_t)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(_mm256_and_si256(lo, hi), _mm256_setzero_si256()));
}
#endif

/* A header line: the first '\n' (returned, or end), and in *colon the
 * first ':' before it (or the returned offset when the line has none). One
 * pass for both: the colon search stops at the line end, so the many ':'
 * of the value's URIs are never looked for. */
uint32_t sw_scan_line(const unsigned char *b, uint32_t pos, uint32_t end, uint32_t *colon);

/* A window of the input classified into a bitmask of line ends, so a line
 * loop walks from one LF to the next with bit tricks instead of one scanner
 * call per line. Only LF: the colon of a header line is always within its
 * first bytes, where msg.c finds it with one short vector compare; a colon
 * mask of the whole window would mostly mark the ':' of URIs. */
#define SW_SCAN_WIN_BLOCKS 16 /* 64-byte blocks: 1,024 bytes per window */

struct sw_scan_win {
	uint32_t base; /* input offset of bit 0 of block 0 */
	uint32_t len;  /* bytes classified: min(end - base, 64 * SW_SCAN_WIN_BLOCKS) */
	/* bit i of lf[k]: b[base + 64k + i] is '\n'; only blocks below
	 * (len + 63) / 64 are written, their bits past len are 0 */
	uint64_t lf[SW_SCAN_WIN_BLOCKS + 1]; /* + 1: room for an end mark (msg.c) */
};

/* Classify b[pos .. pos + w->len) into *w (pos <= end; same read contract
 * as the scanners: nothing before b or at/after end is loaded). */
void sw_scan_classify(const unsigned char *b, uint32_t pos, uint32_t end, struct sw_scan_win *w);

typedef void (*sw_scan_classify_fn)(const unsigned char *b, uint32_t pos, uint32_t end,
				    struct sw_scan_win *w);

typedef uint32_t (*sw_scan_fn)(const unsigned char *b, uint32_t pos, uint32_t end);
typedef uint32_t (*sw_scan_line_fn)(const unsigned char *b, uint32_t pos, uint32_t end,
				    uint32_t *colon);

/* One implementation of every scanner. */
struct sw_scan_variant {
	const char *name; /* "scalar", "sse4.2", "avx2" */
	sw_scan_fn lf;
	sw_scan_fn colon;
	sw_scan_fn sep;
	sw_scan_fn token_end;
	sw_scan_fn uric_end;
	sw_scan_line_fn line;
	sw_scan_classify_fn classify;
};

/* Every variant compiled in, scalar first (the reference the others are
 * tested against), then in increasing preference. */
extern const struct sw_scan_variant sw_scan_variants[];
extern const unsigned sw_scan_nvariants;

/* 1 when this CPU can run variant v, else 0. */
int sw_scan_supported(const struct sw_scan_variant *v);

/* The variant the dispatching functions use on this CPU. */
const struct sw_scan_variant *sw_scan_best(void);

#endif
