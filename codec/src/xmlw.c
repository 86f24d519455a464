/* Streaming XML writer: see sipwire/xmlw.h. */
#include "sipwire/xmlw.h"

/* 1 where a byte can be copied as is. Text content keeps tab and LF; in an
 * attribute they are escaped because attribute-value normalisation would
 * turn them into spaces. CR is always escaped (end-of-line handling would
 * turn it into LF). Bytes >= 0x80 are 0: they go through the UTF-8 check. */
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const uint8_t sw_xmlw_safe_text[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, /* 0x00: tab, LF */
	R16(0),
	1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20: & */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, /* 0x30: < > */
	R16(1), R16(1), R16(1),
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* 0x70: DEL escaped */
	R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0),
};
static const uint8_t sw_xmlw_safe_attr[256] = {
	R16(0),
	R16(0),
	1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20: " & ' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, /* 0x30: < > */
	R16(1), R16(1), R16(1),
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0),
};
#undef R16

/* Internal flag: sw_xmlw_finish ran (a second call only reports). */
#define SW_XMLW_FINISHED_ 0x80u

void
sw_xmlw_init(struct sw_xmlw *w, void *buf, size_t cap, sw_xmlw_flush_fn flush, void *user,
	     unsigned flags)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->cap = buf == NULL ? 0 : cap;
	w->flush = flush;
	w->user = user;
	w->flags = (uint8_t)flags;
	if (w->cap == 0 && flush != NULL)
		w->err = SW_E_INVAL;
}

static void
sw_xmlw_do_flush(struct sw_xmlw *w)
{
	int rc = w->flush(w, w->buf, w->pos);

	w->flushed += w->pos;
	w->pos = 0;
	if (rc < 0)
		sw_xmlw_fail(w, rc);
}

__attribute__((noinline)) void
sw_xmlw_put_slow(struct sw_xmlw *w, const char *p, size_t n)
{
	while (w->err == SW_OK && n > 0) {
		size_t room = w->cap - w->pos, k;

		if (room == 0) {
			if (w->flush == NULL)
				sw_xmlw_fail(w, SW_E_NOSPACE);
			else
				sw_xmlw_do_flush(w);
			continue;
		}
		k = n < room ? n : room;
		memcpy(w->buf + w->pos, p, k);
		w->pos += k;
		p += k;
		n -= k;
	}
}

/* Length of the well-formed UTF-8 sequence at s[0..n) (RFC 3629 §4) that is
 * also an XML Char (no surrogates, no U+FFFE/U+FFFF), or 0. */
static size_t
sw_utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t k, i;

	if (c >= 0xC2 && c <= 0xDF)
		k = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F; /* D800..DFFF surrogates */
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (n < k || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < k; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	if (c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
		return 0;
	return k;
}

/* Write the escape for the unsafe byte(s) at s; returns bytes consumed, or 0
 * after recording SW_E_INVAL. */
static size_t
sw_xmlw_esc_one(struct sw_xmlw *w, const unsigned char *s, size_t n)
{
	size_t k;

	switch (s[0]) {
	case '&': sw_xmlw_put(w, "&amp;", 5); return 1;
	case '<': sw_xmlw_put(w, "&lt;", 4); return 1;
	case '>': sw_xmlw_put(w, "&gt;", 4); return 1;
	case '"': sw_xmlw_put(w, "&quot;", 6); return 1;
	case '\'': sw_xmlw_put(w, "&apos;", 6); return 1;
	case '\t': sw_xmlw_put(w, "&#9;", 4); return 1;
	case '\n': sw_xmlw_put(w, "&#10;", 5); return 1;
	case '\r': sw_xmlw_put(w, "&#13;", 5); return 1;
	case 0x7F: sw_xmlw_put(w, "&#127;", 6); return 1;
	default: break;
	}
	k = s[0] < 0x80 ? 0 : sw_utf8_len(s, n);
	if (k == 0) {
		sw_xmlw_fail(w, SW_E_INVAL); /* C0 control or bad UTF-8 */
		return 0;
	}
	sw_xmlw_put(w, (const char *)s, k);
	return k;
}

#if defined(__SSE2__)
#include <emmintrin.h>

/* Index of the first byte at or after i that the table marks unsafe, 16
 * bytes per step: everything below 0x20 or from 0x7F up, and & < >, plus
 * " ' when `attr` (tab and LF are unsafe in attributes only; they are
 * below 0x20, so in text they are re-checked with the table). */
static size_t
sw_xmlw_run(const unsigned char *s, size_t i, size_t n, const uint8_t *safe, int attr)
{
	const __m128i lo = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
	const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
	const __m128i dq = _mm_set1_epi8(attr ? '"' : '&'), sq = _mm_set1_epi8(attr ? '\'' : '&');

	while (n - i >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them */
		__m128i bad = _mm_or_si128(_mm_cmplt_epi8(x, lo), _mm_cmpeq_epi8(x, del));
		int m;

		bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)));
		bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(x, gt), _mm_cmpeq_epi8(x, dq)));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, sq));
		m = _mm_movemask_epi8(bad);
		if (m == 0) {
			i += 16;
			continue;
		}
		i += (size_t)__builtin_ctz((unsigned)m);
		if (!safe[s[i]])
			return i;
		i++; /* tab or LF in text: fine, keep scanning */
	}
	while (i < n && safe[s[i]])
		i++;
	return i;
}
#else
static size_t
sw_xmlw_run(const unsigned char *s, size_t i, size_t n, const uint8_t *safe, int attr)
{
	(void)attr;
	while (i < n && safe[s[i]])
		i++;
	return i;
}
#endif

static void
sw_xmlw_escape(struct sw_xmlw *w, const char *p, size_t n, const uint8_t *safe)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, j, k;
	int attr = safe == sw_xmlw_safe_attr;

	while (i < n && w->err == SW_OK) {
		j = sw_xmlw_run(s, i, n, safe, attr);
		if (j > i)
			sw_xmlw_put(w, p + i, j - i);
		if (j == n)
			return;
		k = sw_xmlw_esc_one(w, s + j, n - j);
		if (k == 0)
			return;
		i = j + k;
	}
}

/* Length of a name, or 0 when it is empty or holds a byte that would end
 * the tag or break the attribute syntax (names are the caller's, but such a
 * byte must not slip through). One pass: it is on every start and attr. */
static size_t
sw_xmlw_name_len(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;

	for (; *s; s++)
		if (!sw_xmlw_safe_attr[*s] || *s == ' ' || *s == '=' || *s == '/')
			return 0;
	return (size_t)(s - (const unsigned char *)name);
}

static void
sw_xmlw_indent(struct sw_xmlw *w, unsigned level)
{
	static const char spaces[] = "\n                                ";
	size_t n = 1 + 2 * (size_t)level;

	sw_xmlw_put(w, spaces, n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1);
}

void
sw_xmlw_decl(struct sw_xmlw *w)
{
	static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

	if (w->err != SW_OK)
		return;
	if (sw_xmlw_len(w) != 0) {
		sw_xmlw_fail(w, SW_E_STATE);
		return;
	}
	sw_xmlw_put(w, decl, sizeof(decl) - 1);
}

/* Close a start tag still waiting for attributes. */
static inline void
sw_xmlw_close_tag(struct sw_xmlw *w)
{
	if (w->tag_open) {
		sw_xmlw_put(w, ">", 1);
		w->tag_open = 0;
	}
}

void
sw_xmlw_start(struct sw_xmlw *w, const char *name)
{
	size_t len;

	if (w->err != SW_OK)
		return;
	len = sw_xmlw_name_len(name);
	if (w->depth >= SW_XMLW_MAX_DEPTH || w->root_done || len == 0) {
		sw_xmlw_fail(w, w->root_done ? SW_E_STATE
			     : w->depth >= SW_XMLW_MAX_DEPTH ? SW_E_TOOMANY : SW_E_INVAL);
		return;
	}
	sw_xmlw_close_tag(w);
	if (w->depth > 0) {
		w->kids |= (uint16_t)(1u << (w->depth - 1));
		if (w->flags & SW_XMLW_INDENT)
			sw_xmlw_indent(w, w->depth);
	}
	sw_xmlw_put(w, "<", 1);
	sw_xmlw_put(w, name, len);
	w->names[w->depth++] = name;
	w->tag_open = 1;
}

void
sw_xmlw_attr(struct sw_xmlw *w, const char *name, const char *val, size_t len)
{
	size_t nlen;

	if (w->err != SW_OK)
		return;
	nlen = sw_xmlw_name_len(name);
	if (!w->tag_open || nlen == 0) {
		sw_xmlw_fail(w, w->tag_open ? SW_E_INVAL : SW_E_STATE);
		return;
	}
	sw_xmlw_put(w, " ", 1);
	sw_xmlw_put(w, name, nlen);
	sw_xmlw_put(w, "=\"", 2);
	sw_xmlw_escape(w, val, len, sw_xmlw_safe_attr);
	sw_xmlw_put(w, "\"", 1);
}

void
sw_xmlw_attr_u64(struct sw_xmlw *w, const char *name, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	sw_xmlw_attr(w, name, tmp + i, sizeof(tmp) - i);
}

void
sw_xmlw_text(struct sw_xmlw *w, const char *s, size_t len)
{
	if (w->err != SW_OK)
		return;
	if (w->depth == 0) {
		sw_xmlw_fail(w, SW_E_STATE);
		return;
	}
	sw_xmlw_close_tag(w);
	w->texts |= (uint16_t)(1u << (w->depth - 1));
	sw_xmlw_escape(w, s, len, sw_xmlw_safe_text);
}

void
sw_xmlw_end(struct sw_xmlw *w)
{
	uint16_t bit;
	const char *name;

	if (w->err != SW_OK)
		return;
	if (w->depth == 0) {
		sw_xmlw_fail(w, SW_E_STATE);
		return;
	}
	bit = (uint16_t)(1u << (w->depth - 1));
	name = w->names[--w->depth];
	if (w->tag_open) {
		sw_xmlw_put(w, "/>", 2);
		w->tag_open = 0;
	} else {
		if ((w->flags & SW_XMLW_INDENT) && (w->kids & bit) && !(w->texts & bit))
			sw_xmlw_indent(w, w->depth);
		sw_xmlw_put(w, "</", 2);
		sw_xmlw_put(w, name, strlen(name));
		sw_xmlw_put(w, ">", 1);
	}
	w->kids &= (uint16_t)~bit;
	w->texts &= (uint16_t)~bit;
	if (w->depth == 0)
		w->root_done = 1;
}

int
sw_xmlw_finish(struct sw_xmlw *w)
{
	if (w->flags & SW_XMLW_FINISHED_)
		return w->err;
	w->flags |= SW_XMLW_FINISHED_;
	if (w->err == SW_OK && (w->depth != 0 || !w->root_done))
		sw_xmlw_fail(w, SW_E_STATE);
	sw_xmlw_put(w, "\n", 1);
	if (w->err == SW_OK && w->flush != NULL && w->pos > 0)
		sw_xmlw_do_flush(w);
	return w->err;
}
