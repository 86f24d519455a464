/* Byte scanners: scalar reference, SSE4.2 and AVX2 twins, and the run-time
 * choice between them (see scan.h for the contract and why ifunc).
 *
 * Vector loops: compare whole blocks while a full block fits before `end`;
 * the last partial block is loaded so that it ends exactly at `end`
 * (overlapping bytes already looked at) and the bits below `pos` are
 * shifted out. Only when the whole buffer is shorter than a block does a
 * variant fall back to the scalar loop.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scan.h"

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define SW_SCAN_X86 1
#include <immintrin.h>
#endif

static inline int
is_sep(unsigned char c)
{
	return c == ',' || c == '"' || c == '<' || c == '>' || c == '\\';
}

static uint32_t
lf_scalar(const unsigned char *b, uint32_t pos, uint32_t end)
{
	while (pos < end && b[pos] != '\n')
		pos++;
	return pos;
}

static uint32_t
colon_scalar(const unsigned char *b, uint32_t pos, uint32_t end)
{
	while (pos < end && b[pos] != ':')
		pos++;
	return pos;
}

static uint32_t
sep_scalar(const unsigned char *b, uint32_t pos, uint32_t end)
{
	while (pos < end && !is_sep(b[pos]))
		pos++;
	return pos;
}

/* Byte classes by nibble, for the run scanners: c is in the class when
 * lo[c & 15] & hi[c >> 4] != 0, one bit per distinct row of the class over
 * the high nibble. The sets are ctype_tab.c's SW_CT_TOKEN (RFC 3261 token)
 * and SW_CT_URIC; test_scan holds every variant to the byte-by-byte rule. */
static const unsigned char token_nib[2][16] = {
	{ 0x3a, 0x3f, 0x3e, 0x3e, 0x3e, 0x3f, 0x3e, 0x3f, 0x3e, 0x3e, 0x3d, 0x15, 0x14, 0x15, 0x35, 0x1c },
	{ 0x00, 0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },
};
const unsigned char sw_scan_uric_nib[2][16] = {
	{ 0x16, 0x1f, 0x1e, 0x1e, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x0f, 0x0d, 0x0f, 0x1d, 0x0f },
	{ 0x00, 0x00, 0x01, 0x02, 0x04, 0x02, 0x08, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },
};

static inline uint32_t
run_scalar(const unsigned char *b, uint32_t pos, uint32_t end, const unsigned char (*nib)[16])
{
	while (pos < end && (nib[0][b[pos] & 15] & nib[1][b[pos] >> 4]) != 0)
		pos++;
	return pos;
}

static uint32_t
token_end_scalar(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return run_scalar(b, pos, end, token_nib);
}

static uint32_t
uric_end_scalar(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return run_scalar(b, pos, end, sw_scan_uric_nib);
}

static uint32_t
line_scalar(const unsigned char *b, uint32_t pos, uint32_t end, uint32_t *colon)
{
	uint32_t lf = lf_scalar(b, pos, end);

	*colon = colon_scalar(b, pos, lf);
	return lf;
}

/* Bytes one window covers from pos. */
static inline uint32_t
win_len(uint32_t pos, uint32_t end)
{
	return end - pos < 64u * SW_SCAN_WIN_BLOCKS ? end - pos : 64u * SW_SCAN_WIN_BLOCKS;
}

/* LF bits of b[p .. p + n) (n <= 64), bit 0 for b[p]. */
static inline uint64_t
classify_bytes(const unsigned char *b, uint32_t p, uint32_t n)
{
	uint64_t l = 0;

	for (uint32_t i = 0; i < n; i++)
		l |= (uint64_t)(b[p + i] == '\n') << i;
	return l;
}

static void
classify_scalar(const unsigned char *b, uint32_t pos, uint32_t end, struct sw_scan_win *w)
{
	uint32_t len = win_len(pos, end);

	w->base = pos;
	w->len = len;
	for (uint32_t i = 0; i < len; i += 64)
		w->lf[i >> 6] = classify_bytes(b, pos + i, len - i < 64 ? len - i : 64);
}

/* The line-end decision shared by the vector variants: lm and cm are the
 * LF and ':' bits of the block at base; *c is the colon found so far
 * (UINT32_MAX for none). Returns 1 with *lf set when the block ends the line. */
static inline int
line_block(uint32_t base, uint64_t lm, uint64_t cm, uint32_t *c, uint32_t *lf)
{
	if (*c == UINT32_MAX && cm != 0)
		*c = base + (uint32_t)__builtin_ctzll(cm);
	if (lm == 0)
		return 0;
	*lf = base + (uint32_t)__builtin_ctzll(lm);
	return 1;
}

#ifdef SW_SCAN_X86

#define SW_AVX2 __attribute__((target("avx2")))
#define SW_SSE42 __attribute__((target("sse4.2")))

/* Class bits of a 32-byte vector (bit i: byte i is in the class). The
 * needle vectors come from the caller so loops broadcast them once. */
struct needles_avx2 {
	__m256i n[5];
	int count; /* 1 for one byte, 5 for the separator set */
};

static inline SW_AVX2 struct needles_avx2
needles_avx2(int cls)
{
	struct needles_avx2 nd;

	nd.count = cls == 2 ? 5 : 1;
	nd.n[0] = _mm256_set1_epi8(cls == 0 ? '\n' : cls == 1 ? ':' : ',');
	nd.n[1] = _mm256_set1_epi8('"');
	nd.n[2] = _mm256_set1_epi8('<');
	nd.n[3] = _mm256_set1_epi8('>');
	nd.n[4] = _mm256_set1_epi8('\\');
	return nd;
}

static inline SW_AVX2 uint32_t
bits_avx2(const unsigned char *p, const struct needles_avx2 *nd)
{
	__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i m = _mm256_cmpeq_epi8(v, nd->n[0]);

	if (nd->count == 5) {
		m = _mm256_or_si256(m, _mm256_cmpeq_epi8(v, nd->n[1]));
		m = _mm256_or_si256(m, _mm256_cmpeq_epi8(v, nd->n[2]));
		m = _mm256_or_si256(m, _mm256_cmpeq_epi8(v, nd->n[3]));
		m = _mm256_or_si256(m, _mm256_cmpeq_epi8(v, nd->n[4]));
	}
	return (uint32_t)_mm256_movemask_epi8(m);
}

/* 64 bytes per step (two vectors, one test), then one 32-byte step, then
 * the overlapping tail block. */
static inline SW_AVX2 uint32_t
scan_avx2(const unsigned char *b, uint32_t pos, uint32_t end, int cls, sw_scan_fn scalar)
{
	const struct needles_avx2 nd = needles_avx2(cls);
	uint64_t m;

	for (; end - pos >= 64; pos += 64) {
		m = (uint64_t)bits_avx2(b + pos + 32, &nd) << 32 | bits_avx2(b + pos, &nd);
		if (m != 0)
			return pos + (uint32_t)__builtin_ctzll(m);
	}
	if (end - pos >= 32) {
		m = bits_avx2(b + pos, &nd);
		if (m != 0)
			return pos + (uint32_t)__builtin_ctzll(m);
		pos += 32;
	}
	if (pos == end)
		return end;
	if (end < 32)
		return scalar(b, pos, end);
	m = bits_avx2(b + end - 32, &nd) >> (32 - (end - pos));
	return m != 0 ? pos + (uint32_t)__builtin_ctzll(m) : end;
}

static SW_AVX2 uint32_t
lf_avx2(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return scan_avx2(b, pos, end, 0, lf_scalar);
}

static SW_AVX2 uint32_t
colon_avx2(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return scan_avx2(b, pos, end, 1, colon_scalar);
}

static SW_AVX2 uint32_t
sep_avx2(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return scan_avx2(b, pos, end, 2, sep_scalar);
}

/* The first byte outside the class from pos: 32 bytes a step (runs are
 * URIs and tokens, mostly under 64 bytes), then the overlapping tail. */
static inline SW_AVX2 uint32_t
run_avx2(const unsigned char *b, uint32_t pos, uint32_t end, const unsigned char (*nib)[16],
	 sw_scan_fn scalar)
{
	const __m256i lo_t = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)nib[0]));
	const __m256i hi_t = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)nib[1]));
	uint32_t m;

	for (; end - pos >= 32; pos += 32) {
		m = sw_scan_outside_avx2(b + pos, lo_t, hi_t);
		if (m != 0)
			return pos + (uint32_t)__builtin_ctz(m);
	}
	if (pos == end)
		return end;
	if (end < 32)
		return scalar(b, pos, end);
	m = sw_scan_outside_avx2(b + end - 32, lo_t, hi_t) >> (32 - (end - pos));
	return m != 0 ? pos + (uint32_t)__builtin_ctz(m) : end;
}

static SW_AVX2 uint32_t
token_end_avx2(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return run_avx2(b, pos, end, token_nib, token_end_scalar);
}

static SW_AVX2 uint32_t
uric_end_avx2(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return run_avx2(b, pos, end, sw_scan_uric_nib, uric_end_scalar);
}

static SW_AVX2 uint32_t
line_avx2(const unsigned char *b, uint32_t pos, uint32_t end, uint32_t *colon)
{
	const struct needles_avx2 nl = needles_avx2(0), co = needles_avx2(1);
	uint32_t c = UINT32_MAX, lf = end, sh;
	uint64_t lm, cm;

	for (; end - pos >= 64; pos += 64) {
		lm = (uint64_t)bits_avx2(b + pos + 32, &nl) << 32 | bits_avx2(b + pos, &nl);
		cm = c != UINT32_MAX ? 0 : (uint64_t)bits_avx2(b + pos + 32, &co) << 32 | bits_avx2(b + pos, &co);
		if (line_block(pos, lm, cm, &c, &lf))
			goto out;
	}
	if (end - pos >= 32) {
		if (line_block(pos, bits_avx2(b + pos, &nl), bits_avx2(b + pos, &co), &c, &lf))
			goto out;
		pos += 32;
	}
	if (pos == end)
		goto out;
	if (end < 32)
		return line_scalar(b, pos, end, colon);
	sh = 32 - (end - pos);
	line_block(pos, bits_avx2(b + end - 32, &nl) >> sh, bits_avx2(b + end - 32, &co) >> sh, &c, &lf);
out:
	*colon = c < lf ? c : lf;
	return lf;
}

/* Two 32-byte halves per 64-byte block. The last partial block is loaded
 * as the 64 bytes ending at `end` (a window only ends short of 64-byte
 * multiples there) and shifted down; a buffer shorter than 64 bytes is
 * classified byte by byte. */
static inline SW_AVX2 uint64_t
block_avx2(const unsigned char *p)
{
	const __m256i nl = _mm256_set1_epi8('\n');
	__m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));

	return (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v1, nl)) << 32 |
	       (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, nl));
}

/* The two halves' masks stored as they come, low half first (x86 is
 * little-endian): no shift and OR to join them. */
static inline SW_AVX2 void
put_block_avx2(uint64_t *dst, const unsigned char *p)
{
	const __m256i nl = _mm256_set1_epi8('\n');
	const uint32_t lo = (uint32_t)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)p), nl));
	const uint32_t hi = (uint32_t)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + 32)), nl));

	memcpy((unsigned char *)dst, &lo, 4);
	memcpy((unsigned char *)dst + 4, &hi, 4);
}

static SW_AVX2 void
classify_avx2(const unsigned char *b, uint32_t pos, uint32_t end, struct sw_scan_win *w)
{
	const uint32_t len = win_len(pos, end), full = len >> 6;
	const unsigned char *p = b + pos;
	uint32_t i, rem;

	w->base = pos;
	w->len = len;
#if defined(__GNUC__)
	/* p as one register value: GCC otherwise rebuilds b + pos + 64k
	 * with an LEA per block instead of using p's displacement */
	__asm__("" : "+r"(p));
#endif
	/* a block count compared to a constant per step of the unrolled loop */
	for (uint32_t k = 0; k < full; k++)
		put_block_avx2(&w->lf[k], p + 64 * k);
	i = full << 6;
	if (i == len)
		return;
	rem = len - i;
	if (end < 64) {
		w->lf[i >> 6] = classify_bytes(b, pos + i, rem);
		return;
	}
	w->lf[i >> 6] = block_avx2(b + end - 64) >> (64 - rem);
}

/* 16 bits per block. Single bytes: PCMPEQB (the fastest 16-byte test).
 * The separator set: PCMPESTRM's equal-any mode, the one thing SSE4.2 adds
 * to byte scanning, matches all five bytes in one instruction. */
static inline SW_SSE42 uint32_t
mask_sse42(const unsigned char *p, int cls)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);

	if (cls == 0)
		return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
	if (cls == 1)
		return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
	return (uint32_t)_mm_cvtsi128_si32(
		_mm_cmpestrm(_mm_setr_epi8(',', '"', '<', '>', '\\', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
			     5, v, 16, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY | _SIDD_BIT_MASK));
}

static inline SW_SSE42 uint32_t
scan_sse42(const unsigned char *b, uint32_t pos, uint32_t end, int cls, sw_scan_fn scalar)
{
	uint32_t m;

	for (; end - pos >= 16; pos += 16) {
		m = mask_sse42(b + pos, cls);
		if (m != 0)
			return pos + (uint32_t)__builtin_ctz(m);
	}
	if (pos == end)
		return end;
	if (end < 16)
		return scalar(b, pos, end);
	m = (mask_sse42(b + end - 16, cls) & 0xffffu) >> (16 - (end - pos));
	return m != 0 ? pos + (uint32_t)__builtin_ctz(m) : end;
}

static SW_SSE42 uint32_t
lf_sse42(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return scan_sse42(b, pos, end, 0, lf_scalar);
}

static SW_SSE42 uint32_t
colon_sse42(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return scan_sse42(b, pos, end, 1, colon_scalar);
}

static SW_SSE42 uint32_t
sep_sse42(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return scan_sse42(b, pos, end, 2, sep_scalar);
}

/* outside_avx2 on 16 bytes (PSHUFB is SSSE3, which every SSE4.2 CPU has). */
static inline SW_SSE42 uint32_t
outside_sse42(const unsigned char *p, const unsigned char (*nib)[16])
{
	const __m128i m4 = _mm_set1_epi8(0x0f);
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i lo = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)nib[0]),
				      _mm_and_si128(v, m4));
	__m128i hi = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)nib[1]),
				      _mm_and_si128(_mm_srli_epi16(v, 4), m4));

	return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(lo, hi), _mm_setzero_si128()));
}

static inline SW_SSE42 uint32_t
run_sse42(const unsigned char *b, uint32_t pos, uint32_t end, const unsigned char (*nib)[16],
	  sw_scan_fn scalar)
{
	uint32_t m;

	for (; end - pos >= 16; pos += 16) {
		m = outside_sse42(b + pos, nib);
		if (m != 0)
			return pos + (uint32_t)__builtin_ctz(m);
	}
	if (pos == end)
		return end;
	if (end < 16)
		return scalar(b, pos, end);
	m = outside_sse42(b + end - 16, nib) >> (16 - (end - pos));
	return m != 0 ? pos + (uint32_t)__builtin_ctz(m) : end;
}

static SW_SSE42 uint32_t
token_end_sse42(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return run_sse42(b, pos, end, token_nib, token_end_scalar);
}

static SW_SSE42 uint32_t
uric_end_sse42(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return run_sse42(b, pos, end, sw_scan_uric_nib, uric_end_scalar);
}

static SW_SSE42 uint32_t
line_sse42(const unsigned char *b, uint32_t pos, uint32_t end, uint32_t *colon)
{
	uint32_t c = UINT32_MAX, lf = end, sh;

	for (; end - pos >= 16; pos += 16)
		if (line_block(pos, mask_sse42(b + pos, 0), mask_sse42(b + pos, 1), &c, &lf))
			goto out;
	if (pos == end)
		goto out;
	if (end < 16)
		return line_scalar(b, pos, end, colon);
	sh = 16 - (end - pos);
	line_block(pos, mask_sse42(b + end - 16, 0) >> sh, mask_sse42(b + end - 16, 1) >> sh, &c,
		   &lf);
out:
	*colon = c < lf ? c : lf;
	return lf;
}

/* Four 16-byte chunks per 64-byte block; the last partial chunk is the 16
 * bytes ending at `end`, shifted down. */
static inline SW_SSE42 uint32_t
chunk_sse42(const unsigned char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);

	return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
}

static SW_SSE42 void
classify_sse42(const unsigned char *b, uint32_t pos, uint32_t end, struct sw_scan_win *w)
{
	uint32_t len = win_len(pos, end), i, lm;

	w->base = pos;
	w->len = len;
	if (end < 16) {
		w->lf[0] = classify_bytes(b, pos, len);
		return;
	}
	for (i = 0; i < len; i += 16) {
		uint32_t n = len - i < 16 ? len - i : 16;

		if ((i & 63) == 0)
			w->lf[i >> 6] = 0;
		if (n == 16)
			lm = chunk_sse42(b + pos + i);
		else
			lm = chunk_sse42(b + end - 16) >> (16 - n);
		w->lf[i >> 6] |= (uint64_t)lm << (i & 63);
	}
}

#endif /* SW_SCAN_X86 */

const struct sw_scan_variant sw_scan_variants[] = {
	{ "scalar", lf_scalar, colon_scalar, sep_scalar, token_end_scalar, uric_end_scalar, line_scalar,
	  classify_scalar },
#ifdef SW_SCAN_X86
	{ "sse4.2", lf_sse42, colon_sse42, sep_sse42, token_end_sse42, uric_end_sse42, line_sse42,
	  classify_sse42 },
	{ "avx2", lf_avx2, colon_avx2, sep_avx2, token_end_avx2, uric_end_avx2, line_avx2,
	  classify_avx2 },
#endif
};

const unsigned sw_scan_nvariants = sizeof(sw_scan_variants) / sizeof(sw_scan_variants[0]);

/* Index of the best variant. The resolvers call it during relocation,
 * before constructors and sanitizer runtimes have run: hence the explicit
 * __builtin_cpu_init (idempotent) and no instrumentation. */
#if defined(__clang__)
#define SW_NO_INSTRUMENT __attribute__((no_sanitize("address", "undefined", "coverage")))
#elif defined(__GNUC__)
#define SW_NO_INSTRUMENT __attribute__((no_sanitize_address, no_sanitize_undefined))
#else
#define SW_NO_INSTRUMENT
#endif

static SW_NO_INSTRUMENT unsigned
best_index(void)
{
#ifdef SW_SCAN_X86
	if (__builtin_cpu_supports("avx2"))
		return 2;
	if (__builtin_cpu_supports("sse4.2"))
		return 1;
#endif
	return 0;
}

static SW_NO_INSTRUMENT unsigned
best_index_init(void)
{
#ifdef SW_SCAN_X86
	__builtin_cpu_init();
#endif
	return best_index();
}

int
sw_scan_supported(const struct sw_scan_variant *v)
{
	return v >= sw_scan_variants && v <= &sw_scan_variants[best_index_init()];
}

const struct sw_scan_variant *
sw_scan_best(void)
{
	return &sw_scan_variants[best_index_init()];
}

#if !defined(SW_SCAN_NO_IFUNC) && defined(SW_SCAN_X86) && defined(__ELF__)

/* One resolver per scanner: the variant table's entry for this CPU. The
 * table's function pointers are relocated before any IRELATIVE entry is
 * resolved (the dynamic loader applies the relative relocations first). */
#define SW_SCAN_RESOLVER(field, type)                                   \
	static SW_NO_INSTRUMENT __attribute__((used)) type resolve_##field(void) \
	{                                                                     \
		return sw_scan_variants[best_index_init()].field;             \
	}
SW_SCAN_RESOLVER(lf, sw_scan_fn)
SW_SCAN_RESOLVER(colon, sw_scan_fn)
SW_SCAN_RESOLVER(sep, sw_scan_fn)
SW_SCAN_RESOLVER(token_end, sw_scan_fn)
SW_SCAN_RESOLVER(uric_end, sw_scan_fn)
SW_SCAN_RESOLVER(line, sw_scan_line_fn)
SW_SCAN_RESOLVER(classify, sw_scan_classify_fn)
#undef SW_SCAN_RESOLVER

uint32_t sw_scan_lf(const unsigned char *b, uint32_t pos, uint32_t end)
	__attribute__((ifunc("resolve_lf")));
void sw_scan_classify(const unsigned char *b, uint32_t pos, uint32_t end, struct sw_scan_win *w)
	__attribute__((ifunc("resolve_classify")));
uint32_t sw_scan_line(const unsigned char *b, uint32_t pos, uint32_t end, uint32_t *colon)
	__attribute__((ifunc("resolve_line")));
uint32_t sw_scan_colon(const unsigned char *b, uint32_t pos, uint32_t end)
	__attribute__((ifunc("resolve_colon")));
uint32_t sw_scan_sep(const unsigned char *b, uint32_t pos, uint32_t end)
	__attribute__((ifunc("resolve_sep")));
uint32_t sw_scan_token_end(const unsigned char *b, uint32_t pos, uint32_t end)
	__attribute__((ifunc("resolve_token_end")));
uint32_t sw_scan_uric_end(const unsigned char *b, uint32_t pos, uint32_t end)
	__attribute__((ifunc("resolve_uric_end")));

#else /* per-call dispatch; __cpu_model was set up by libgcc's constructor */

uint32_t
sw_scan_lf(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return sw_scan_variants[best_index()].lf(b, pos, end);
}

uint32_t
sw_scan_colon(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return sw_scan_variants[best_index()].colon(b, pos, end);
}

uint32_t
sw_scan_line(const unsigned char *b, uint32_t pos, uint32_t end, uint32_t *colon)
{
	return sw_scan_variants[best_index()].line(b, pos, end, colon);
}

uint32_t
sw_scan_sep(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return sw_scan_variants[best_index()].sep(b, pos, end);
}

uint32_t
sw_scan_token_end(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return sw_scan_variants[best_index()].token_end(b, pos, end);
}

uint32_t
sw_scan_uric_end(const unsigned char *b, uint32_t pos, uint32_t end)
{
	return sw_scan_variants[best_index()].uric_end(b, pos, end);
}

void
sw_scan_classify(const unsigned char *b, uint32_t pos, uint32_t end, struct sw_scan_win *w)
{
	sw_scan_variants[best_index()].classify(b, pos, end, w);
}

#endif
