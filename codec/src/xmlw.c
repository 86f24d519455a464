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

static void
sw_xmlw_escape(struct sw_xmlw *w, const char *p, size_t n, const uint8_t *safe)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, j, k;

	while (i < n && w->err == SW_OK) {
		for (j = i; j < n && safe[s[j]]; j++)
			;
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

/* Names are the caller's, but a byte that would end the tag or break the
 * attribute syntax must not slip through. */
static int
sw_xmlw_name_ok(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;

	if (*s == 0)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s == '<' || *s == '>' || *s == '&' || *s == '"' || *s == '\'' ||
		    *s == '=' || *s == '/' || *s == 0x7F)
			return 0;
	return 1;
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
	if (w->depth >= SW_XMLW_MAX_DEPTH || w->root_done || !sw_xmlw_name_ok(name)) {
		sw_xmlw_fail(w, w->root_done ? SW_E_STATE
			     : w->depth >= SW_XMLW_MAX_DEPTH ? SW_E_TOOMANY : SW_E_INVAL);
		return;
	}
	len = strlen(name);
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
	if (w->err != SW_OK)
		return;
	if (!w->tag_open || !sw_xmlw_name_ok(name)) {
		sw_xmlw_fail(w, w->tag_open ? SW_E_INVAL : SW_E_STATE);
		return;
	}
	sw_xmlw_put(w, " ", 1);
	sw_xmlw_put(w, name, strlen(name));
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
