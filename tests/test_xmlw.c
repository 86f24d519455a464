/* Streaming XML writer (sipwire/xmlw.h): escaping, UTF-8 checks, sticky
 * errors, flush callback, indentation, bounded state. */
#include <stdio.h>
#include <string.h>

#include "sipwire/xmlw.h"
#include "tap.h"

struct sink {
	char out[1 << 16];
	size_t len;
	unsigned calls;
	int fail_at; /* make call number fail_at return SW_E_NOSPACE; 0: never */
};

static int
sink_flush(struct sw_xmlw *w, const char *buf, size_t count)
{
	struct sink *s = w->user;

	s->calls++;
	if (s->fail_at != 0 && (int)s->calls == s->fail_at)
		return SW_E_NOSPACE;
	if (count > sizeof(s->out) - s->len)
		return SW_E_NOSPACE;
	memcpy(s->out + s->len, buf, count);
	s->len += count;
	return 0;
}

/* One element <e a="ATTR">TEXT</e> written into a 4 KiB buffer. */
static int
write_one(const char *attr, size_t alen, const char *text, size_t tlen, char *out, size_t *olen)
{
	struct sw_xmlw w;
	int rc;

	sw_xmlw_init(&w, out, 4096, NULL, NULL, 0);
	sw_xmlw_start(&w, "e");
	if (attr != NULL)
		sw_xmlw_attr(&w, "a", attr, alen);
	if (text != NULL)
		sw_xmlw_text(&w, text, tlen);
	sw_xmlw_end(&w);
	rc = sw_xmlw_finish(&w);
	*olen = (size_t)sw_xmlw_len(&w);
	return rc;
}

struct esc_case {
	const char *why;
	const char *attr, *text;
	int rc;
	const char *want; /* without the final newline */
};

static const struct esc_case esc_cases[] = {
	{ "XML 1.0 §2.4: & < > escaped in text", NULL, "a&b<c>d", SW_OK,
	  "<e>a&amp;b&lt;c&gt;d</e>" },
	{ "quotes stay literal in text", NULL, "\"x\" 'y'", SW_OK, "<e>\"x\" 'y'</e>" },
	{ "XML 1.0 §3.1: & < > \" ' escaped in attributes", "&<>\"'", NULL, SW_OK,
	  "<e a=\"&amp;&lt;&gt;&quot;&apos;\"/>" },
	{ "RFC 3680 §5: SIP URI with & and escaped instance id",
	  "sip:a@b;x=1&y=2", "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"", SW_OK,
	  "<e a=\"sip:a@b;x=1&amp;y=2\">\"&lt;urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6&gt;\"</e>" },
	{ "XML 1.0 §3.3.3: tab/LF/CR in attributes as references", "a\tb\nc\rd", NULL, SW_OK,
	  "<e a=\"a&#9;b&#10;c&#13;d\"/>" },
	{ "XML 1.0 §2.11: CR in text as reference, LF and tab kept", NULL, "a\r\nb\tc", SW_OK,
	  "<e>a&#13;\nb\tc</e>" },
	{ "UTF-8 passed through (2, 3, 4 bytes)", "\xc3\xa9", "\xe4\xb8\xad\xf0\x9d\x84\x9e",
	  SW_OK, "<e a=\"\xc3\xa9\">\xe4\xb8\xad\xf0\x9d\x84\x9e</e>" },
	{ "empty element collapses", NULL, NULL, SW_OK, "<e/>" },
	{ "XML 1.0 §2.2: C0 control refused", NULL, "a\x01z", SW_E_INVAL, NULL },
	{ "RFC 3629: overlong C0 80 refused", NULL, "\xc0\x80", SW_E_INVAL, NULL },
	{ "RFC 3629: surrogate ED A0 80 refused", "\xed\xa0\x80", NULL, SW_E_INVAL, NULL },
	{ "RFC 3629: F5 lead refused", NULL, "\xf5\x80\x80\x80", SW_E_INVAL, NULL },
	{ "RFC 3629: truncated sequence refused", NULL, "ab\xe4\xb8", SW_E_INVAL, NULL },
	{ "RFC 3629: lone continuation byte refused", NULL, "\x80", SW_E_INVAL, NULL },
	{ "XML 1.0 §2.2: U+FFFE refused", NULL, "\xef\xbf\xbe", SW_E_INVAL, NULL },
	{ "RFC 3629: above U+10FFFF refused", NULL, "\xf4\x90\x80\x80", SW_E_INVAL, NULL },
};

static void
test_escaping(void)
{
	for (size_t i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++) {
		const struct esc_case *c = &esc_cases[i];
		char out[4096];
		size_t n = 0;
		int rc = write_one(c->attr, c->attr ? strlen(c->attr) : 0, c->text,
				   c->text ? strlen(c->text) : 0, out, &n);

		if (c->want == NULL) {
			TAP_EQ_INT(rc, c->rc, c->why);
			continue;
		}
		tap_ok(rc == c->rc && n == strlen(c->want) + 1 &&
		       memcmp(out, c->want, n - 1) == 0 && out[n - 1] == '\n',
		       "%s (rc %d, %zu bytes)", c->why, rc, n);
	}
	{
		char out[4096];
		size_t n;
		int rc = write_one("a\0b", 3, NULL, 0, out, &n);

		TAP_EQ_INT(rc, SW_E_INVAL, "XML 1.0 §2.2: NUL inside a counted value refused");
	}
}

/* Reference escaper (byte by byte) to check the 16-byte scanning path. */
static size_t
ref_escape(const char *in, size_t n, int attr, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		const char *e = NULL;

		switch (in[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = attr ? "&quot;" : NULL; break;
		case '\'': e = attr ? "&apos;" : NULL; break;
		case '\t': e = attr ? "&#9;" : NULL; break;
		case '\n': e = attr ? "&#10;" : NULL; break;
		case '\r': e = "&#13;"; break;
		case 0x7F: e = "&#127;"; break;
		default: break;
		}
		if (e != NULL) {
			memcpy(out + o, e, strlen(e));
			o += strlen(e);
		} else {
			out[o++] = in[i];
		}
	}
	return o;
}

static void
test_long_runs(void)
{
	static const char specials[] = "&<>\"'\t\n\r\x7f";
	int bad = 0;

	for (size_t pos = 0; pos < 48 && !bad; pos++) {
		for (size_t k = 0; k < sizeof(specials) - 1 && !bad; k++) {
			char in[64], want[512], out[1024];
			size_t wn, n;

			memset(in, 'a', sizeof(in));
			memcpy(in + 50, "\xc3\xa9", 2); /* UTF-8 after the special */
			in[pos / 2 + 1] = pos % 3 ? (pos % 2 ? '\t' : '\n') : 'b'; /* tab/LF inside text runs */
			in[pos] = specials[k];
			for (int attr = 0; attr < 2 && !bad; attr++) {
				struct sw_xmlw w;

				sw_xmlw_init(&w, out, sizeof(out), NULL, NULL, 0);
				sw_xmlw_start(&w, "e");
				if (attr)
					sw_xmlw_attr(&w, "a", in, sizeof(in));
				else
					sw_xmlw_text(&w, in, sizeof(in));
				if (attr)
					sw_xmlw_end(&w);
				n = attr ? (size_t)sw_xmlw_len(&w) - 9 : (size_t)sw_xmlw_len(&w) - 3;
				wn = ref_escape(in, sizeof(in), attr, want);
				if (sw_xmlw_error(&w) != SW_OK || n != wn ||
				    memcmp(out + (attr ? 6 : 3), want, wn) != 0) {
					tap_diag("pos %zu special %zu attr %d differs", pos, k, attr);
					bad = 1;
				}
			}
		}
	}
	tap_ok(!bad, "16-byte scanning escapes exactly like a byte-by-byte reference");
}

/* A small document used for the buffer-size and state tests. */
static void
write_doc(struct sw_xmlw *w)
{
	sw_xmlw_decl(w);
	sw_xmlw_start(w, "r:root");
	sw_xmlw_attr_str(w, "xmlns:r", "urn:x");
	for (unsigned i = 0; i < 20; i++) {
		sw_xmlw_start(w, "r:item");
		sw_xmlw_attr_u64(w, "n", (uint64_t)i * 1000003u);
		sw_xmlw_start(w, "r:v");
		sw_xmlw_text(w, "x&y<z>", 6);
		sw_xmlw_end(w);
		sw_xmlw_end(w);
	}
	sw_xmlw_end(w);
}

static void
test_flush_sizes(void)
{
	static char whole[8192];
	struct sw_xmlw w;
	size_t wlen;
	int bad = 0;

	sw_xmlw_init(&w, whole, sizeof(whole), NULL, NULL, SW_XMLW_INDENT);
	write_doc(&w);
	{
		int rc_ = sw_xmlw_finish(&w);

		TAP_EQ_INT(rc_, SW_OK, "reference document fits 8 KiB without callback");
	}
	wlen = (size_t)sw_xmlw_len(&w);
	for (size_t cap = 1; cap <= 300 && !bad; cap++) {
		static struct sink s;
		char small[300];

		memset(&s, 0, sizeof(s));
		sw_xmlw_init(&w, small, cap, sink_flush, &s, SW_XMLW_INDENT);
		write_doc(&w);
		if (sw_xmlw_finish(&w) != SW_OK || s.len != wlen || memcmp(s.out, whole, wlen) != 0) {
			tap_diag("buffer of %zu bytes differs (%zu vs %zu)", cap, s.len, wlen);
			bad = 1;
		}
	}
	tap_ok(!bad, "mpack-style flush: same bytes through every buffer size 1..300");
	for (size_t cap = 0; cap < wlen; cap += wlen / 7 + 1) {
		char *buf = cap ? whole : NULL;

		sw_xmlw_init(&w, buf, cap, NULL, NULL, SW_XMLW_INDENT);
		write_doc(&w);
		if (sw_xmlw_finish(&w) != SW_E_NOSPACE)
			bad = 1;
	}
	tap_ok(!bad, "no callback: every too-small buffer is SW_E_NOSPACE");
	{
		static struct sink s;
		char small[64];

		memset(&s, 0, sizeof(s));
		s.fail_at = 3;
		sw_xmlw_init(&w, small, sizeof(small), sink_flush, &s, 0);
		write_doc(&w);
		{
			int rc_ = sw_xmlw_finish(&w);

			TAP_EQ_INT(rc_, SW_E_NOSPACE, "callback status becomes the sticky error");
		}
		TAP_EQ_INT(s.calls, 3, "no flush after the failing one");
	}
}

static void
test_indent(void)
{
	static const char want[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<a x=\"1\">\n  <b>t</b>\n  <c>\n    <d/>\n  </c>\n</a>\n";
	char out[512];
	struct sw_xmlw w;

	sw_xmlw_init(&w, out, sizeof(out), NULL, NULL, SW_XMLW_INDENT);
	sw_xmlw_decl(&w);
	sw_xmlw_start(&w, "a");
	sw_xmlw_attr_u64(&w, "x", 1);
	sw_xmlw_start(&w, "b");
	sw_xmlw_text(&w, "t", 1);
	sw_xmlw_end(&w);
	sw_xmlw_start(&w, "c");
	sw_xmlw_start(&w, "d");
	sw_xmlw_end(&w);
	sw_xmlw_end(&w);
	sw_xmlw_end(&w);
	tap_ok(sw_xmlw_finish(&w) == SW_OK && sw_xmlw_len(&w) == sizeof(want) - 1 &&
	       memcmp(out, want, sizeof(want) - 1) == 0,
	       "indentation: children indented, text-only elements kept on one line");
}

enum step { S_START, S_ATTR, S_TEXT, S_END, S_DECL, S_STOP };

struct state_case {
	const char *why;
	enum step steps[8];
	int rc;
};

static const struct state_case state_cases[] = {
	{ "attribute after text is a state error", { S_START, S_TEXT, S_ATTR, S_END, S_STOP },
	  SW_E_STATE },
	{ "end without start", { S_END, S_STOP }, SW_E_STATE },
	{ "text outside the root", { S_TEXT, S_STOP }, SW_E_STATE },
	{ "unclosed element at finish", { S_START, S_START, S_END, S_STOP }, SW_E_STATE },
	{ "XML 1.0 §2.1: a second root element", { S_START, S_END, S_START, S_END, S_STOP },
	  SW_E_STATE },
	{ "declaration after content", { S_START, S_DECL, S_END, S_STOP }, SW_E_STATE },
	{ "empty document", { S_STOP }, SW_E_STATE },
	{ "first error sticks: state error then more calls",
	  { S_END, S_START, S_ATTR, S_TEXT, S_END, S_STOP }, SW_E_STATE },
};

static void
test_states(void)
{
	for (size_t i = 0; i < sizeof(state_cases) / sizeof(state_cases[0]); i++) {
		const struct state_case *c = &state_cases[i];
		char out[256];
		struct sw_xmlw w;

		sw_xmlw_init(&w, out, sizeof(out), NULL, NULL, 0);
		for (const enum step *s = c->steps; *s != S_STOP; s++) {
			switch (*s) {
			case S_START: sw_xmlw_start(&w, "e"); break;
			case S_ATTR: sw_xmlw_attr_str(&w, "a", "v"); break;
			case S_TEXT: sw_xmlw_text(&w, "t", 1); break;
			case S_END: sw_xmlw_end(&w); break;
			case S_DECL: sw_xmlw_decl(&w); break;
			case S_STOP: break;
			}
		}
		{
			int rc_ = sw_xmlw_finish(&w);

			TAP_EQ_INT(rc_, c->rc, c->why);
		}
	}
	{
		char out[64];
		struct sw_xmlw w;
		size_t at;

		sw_xmlw_init(&w, out, sizeof(out), NULL, NULL, 0);
		sw_xmlw_end(&w);
		at = w.pos;
		sw_xmlw_start(&w, "e");
		sw_xmlw_text(&w, "abc", 3);
		TAP_EQ_INT(w.pos, at, "sticky error: later calls write nothing");
	}
}

static void
test_names_depth(void)
{
	char out[1024];
	struct sw_xmlw w;

	sw_xmlw_init(&w, out, sizeof(out), NULL, NULL, 0);
	for (int i = 0; i < SW_XMLW_MAX_DEPTH; i++)
		sw_xmlw_start(&w, "d");
	{
		int rc_ = sw_xmlw_error(&w);

		TAP_EQ_INT(rc_, SW_OK, "SW_XMLW_MAX_DEPTH levels accepted");
	}
	sw_xmlw_start(&w, "d");
	{
		int rc_ = sw_xmlw_finish(&w);

		TAP_EQ_INT(rc_, SW_E_TOOMANY, "one more level is SW_E_TOOMANY");
	}

	static const char *const bad[] = { "", "a b", "a>", "a\"", "a=b", "a/" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sw_xmlw_init(&w, out, sizeof(out), NULL, NULL, 0);
		sw_xmlw_start(&w, "e");
		sw_xmlw_attr_str(&w, bad[i], "v");
		sw_xmlw_end(&w);
		{
			int rc_ = sw_xmlw_finish(&w);

			TAP_EQ_INT(rc_, SW_E_INVAL, "markup-breaking attribute name refused");
		}
	}
}

static int
count_flush(struct sw_xmlw *w, const char *buf, size_t count)
{
	uint64_t *n = w->user;

	(void)buf;
	*n += count;
	return 0;
}

static void
test_bounded(void)
{
	char buf[2048];
	struct sw_xmlw w;
	uint64_t got = 0;

	tap_ok(sizeof(struct sw_xmlw) < 1024, "writer state is %zu bytes (< 1 KiB)",
	       sizeof(struct sw_xmlw));
	sw_xmlw_init(&w, buf, sizeof(buf), count_flush, &got, SW_XMLW_INDENT);
	sw_xmlw_start(&w, "r");
	for (unsigned i = 0; i < 10000; i++) {
		sw_xmlw_start(&w, "contact");
		sw_xmlw_attr_u64(&w, "id", i);
		sw_xmlw_start(&w, "uri");
		sw_xmlw_text(&w, "sip:user@192.0.2.1:5060;transport=tcp", 37);
		sw_xmlw_end(&w);
		sw_xmlw_end(&w);
	}
	sw_xmlw_end(&w);
	tap_ok(sw_xmlw_finish(&w) == SW_OK && got == sw_xmlw_len(&w) && got > 500000,
	       "10,000 elements stream through a 2 KiB buffer (%llu bytes)",
	       (unsigned long long)got);
}

int
main(void)
{
	test_escaping();
	test_long_runs();
	test_flush_sizes();
	test_indent();
	test_states();
	test_names_depth();
	test_bounded();
	return tap_done();
}
