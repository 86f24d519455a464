/* message/sipfrag parser: the fragment-mode message parse plus the RFC 3420
 * rules it leaves to us (complete input, body description, header syntax).
 *
 * Header checks work on the value slices sw_msg_parse found; they read only
 * inside those slices, so a check can never run past the input.
 */
#include <string.h>

#include "ctype_tab.h"
#include "sipwire/sipfrag.h"

static int
cfail(struct sw_err *err, int rc, uint32_t off, const char *detail)
{
	if (err != NULL) {
		err->off = off;
		err->detail = detail;
	}
	return rc;
}

/* Skip LWS inside a value: SP/HT and folds (CRLF followed by SP/HT). */
static uint32_t
skip_lws(const unsigned char *b, uint32_t p, uint32_t end)
{
	for (;;) {
		while (p < end && (b[p] == ' ' || b[p] == '\t'))
			p++;
		if (p + 2 < end && b[p] == '\r' && b[p + 1] == '\n' && (b[p + 2] == ' ' || b[p + 2] == '\t'))
			p += 2;
		else
			return p;
	}
}

static uint32_t
scan_class(const unsigned char *b, uint32_t p, uint32_t end, unsigned cls)
{
	while (p < end && sw_is(b[p], cls))
		p++;
	return p;
}

/* quoted-string at b[p] == '"' (RFC 3261 §25.1): returns the offset after
 * the closing quote, or 0 when the string is not terminated or holds a
 * control character. */
static uint32_t
scan_quoted(const unsigned char *b, uint32_t p, uint32_t end)
{
	for (p++; p < end; p++) {
		if (b[p] == '"')
			return p + 1;
		if (b[p] == '\\') {
			if (++p >= end || b[p] == '\r' || b[p] == '\n')
				return 0;
		} else if (b[p] == '\r') {
			if (p + 2 >= end || b[p + 1] != '\n' || (b[p + 2] != ' ' && b[p + 2] != '\t'))
				return 0;
		} else if ((b[p] < 0x20 && b[p] != '\t') || b[p] == 0x7f) {
			return 0;
		}
	}
	return 0;
}

/* gen-value = token / host / quoted-string; host adds ':' '[' ']' (IPv6). */
static uint32_t
scan_gen_value(const unsigned char *b, uint32_t p, uint32_t end)
{
	uint32_t q = p;

	if (p < end && b[p] == '"')
		return scan_quoted(b, p, end);
	while (q < end && (sw_is(b[q], SW_CT_TOKEN) || b[q] == ':' || b[q] == '[' || b[q] == ']'))
		q++;
	return q == p ? 0 : q;
}

/* *( SEMI token [ EQUAL gen-value ] ): returns the offset after the last
 * parameter, or 0 on a syntax error (with *at set). */
static uint32_t
scan_params(const unsigned char *b, uint32_t p, uint32_t end, uint32_t *at)
{
	for (;;) {
		uint32_t q = skip_lws(b, p, end), t;

		if (q >= end || b[q] != ';')
			return p;
		q = skip_lws(b, q + 1, end);
		t = scan_class(b, q, end, SW_CT_TOKEN);
		if (t == q) {
			*at = q;
			return 0;
		}
		p = t;
		q = skip_lws(b, t, end);
		if (q < end && b[q] == '=') {
			q = skip_lws(b, q + 1, end);
			p = scan_gen_value(b, q, end);
			if (p == 0) {
				*at = q;
				return 0;
			}
		}
	}
}

/* host [ ":" port ] (RFC 3261 §25.1 sent-by / hostport). */
static uint32_t
scan_hostport(const unsigned char *b, uint32_t p, uint32_t end)
{
	uint32_t q, d;

	if (p < end && b[p] == '[') {
		q = p + 1;
		while (q < end && (sw_is(b[q], SW_CT_HEX) || b[q] == ':' || b[q] == '.'))
			q++;
		if (q == p + 1 || q >= end || b[q] != ']')
			return 0;
		q++;
	} else {
		q = scan_class(b, p, end, SW_CT_HOST);
		if (q == p || b[p] == '-' || b[p] == '.')
			return 0;
	}
	if (q < end && b[q] == ':') {
		d = ++q;
		q = scan_class(b, q, end, SW_CT_DIGIT);
		if (q == d || q - d > 5)
			return 0;
	}
	return q;
}

/* Via = via-parm *(COMMA via-parm); via-parm = sent-protocol LWS sent-by
 * *( SEMI via-params ); sent-protocol = name SLASH version SLASH transport. */
static int
check_via(const unsigned char *b, struct sw_slice v, struct sw_err *err)
{
	uint32_t p = v.off, end = v.off + v.len, q, at = 0;

	for (;;) {
		for (int i = 0; i < 3; i++) {
			if (i > 0) {
				p = skip_lws(b, p, end);
				if (p >= end || b[p] != '/')
					return cfail(err, SW_E_MALFORMED, p, "Via: '/' expected in sent-protocol");
				p = skip_lws(b, p + 1, end);
			}
			q = scan_class(b, p, end, SW_CT_TOKEN);
			if (q == p)
				return cfail(err, SW_E_MALFORMED, p, "Via: sent-protocol token expected");
			p = q;
		}
		q = skip_lws(b, p, end);
		if (q == p)
			return cfail(err, SW_E_MALFORMED, p, "Via: LWS expected before sent-by");
		p = scan_hostport(b, q, end);
		if (p == 0)
			return cfail(err, SW_E_MALFORMED, q, "Via: sent-by host expected");
		p = scan_params(b, p, end, &at);
		if (p == 0)
			return cfail(err, SW_E_MALFORMED, at, "Via: bad parameter");
		p = skip_lws(b, p, end);
		if (p == end)
			return SW_OK;
		if (b[p] != ',')
			return cfail(err, SW_E_MALFORMED, p, "Via: ',' or end expected");
		p = skip_lws(b, p + 1, end);
	}
}

/* callid = word [ "@" word ] (RFC 3261 §25.1): no LWS inside. */
static int
check_call_id(const unsigned char *b, struct sw_slice v, struct sw_err *err)
{
	uint32_t end = v.off + v.len, p = scan_class(b, v.off, end, SW_CT_WORD), q;

	if (p == v.off)
		return cfail(err, SW_E_MALFORMED, p, "Call-ID: word expected");
	if (p < end && b[p] == '@') {
		q = scan_class(b, p + 1, end, SW_CT_WORD);
		if (q == p + 1)
			return cfail(err, SW_E_MALFORMED, q, "Call-ID: word expected after '@'");
		p = q;
	}
	if (p != end)
		return cfail(err, SW_E_MALFORMED, p, "Call-ID: only word [\"@\" word] allowed");
	return SW_OK;
}

/* Max-Forwards = 1*DIGIT, 0..255 (RFC 3261 §20.22). */
static int
check_max_forwards(const unsigned char *b, struct sw_slice v, struct sw_err *err)
{
	uint32_t end = v.off + v.len, p = scan_class(b, v.off, end, SW_CT_DIGIT), n = 0;

	if (p == v.off || p != end)
		return cfail(err, SW_E_MALFORMED, p, "Max-Forwards: digits expected");
	for (uint32_t i = v.off; i < end; i++) {
		n = n * 10 + (uint32_t)(b[i] - '0');
		if (n > 255)
			return cfail(err, SW_E_RANGE, v.off, "Max-Forwards above 255");
	}
	return SW_OK;
}

/* media-type = m-type SLASH m-subtype *(SEMI m-attribute EQUAL m-value). */
int
sw_sipfrag_ctype_parse(const void *base, struct sw_slice v, struct sw_slice *version,
		       struct sw_err *err)
{
	const unsigned char *b = base;
	uint32_t p = v.off, end = v.off + v.len, t0, s0, s1, q;
	struct sw_slice ver = { 0, 0 };

	t0 = p;
	p = scan_class(b, p, end, SW_CT_TOKEN);
	if (p == t0)
		return cfail(err, SW_E_MALFORMED, p, "Content-Type: m-type expected");
	q = p;
	p = skip_lws(b, p, end);
	if (p >= end || b[p] != '/')
		return cfail(err, SW_E_MALFORMED, p, "Content-Type: '/' expected");
	s0 = skip_lws(b, p + 1, end);
	s1 = scan_class(b, s0, end, SW_CT_TOKEN);
	if (s1 == s0)
		return cfail(err, SW_E_MALFORMED, s0, "Content-Type: m-subtype expected");
	for (p = skip_lws(b, s1, end); p < end; p = skip_lws(b, p, end)) {
		uint32_t a0, a1, v0;

		if (b[p] != ';')
			return cfail(err, SW_E_MALFORMED, p, "Content-Type: ';' expected");
		a0 = skip_lws(b, p + 1, end);
		a1 = scan_class(b, a0, end, SW_CT_TOKEN);
		p = skip_lws(b, a1, end);
		if (a1 == a0 || p >= end || b[p] != '=')
			return cfail(err, SW_E_MALFORMED, p, "Content-Type: m-attribute=m-value expected");
		v0 = skip_lws(b, p + 1, end);
		p = v0 < end && b[v0] == '"' ? scan_quoted(b, v0, end) : scan_class(b, v0, end, SW_CT_TOKEN);
		if (p == 0 || p == v0)
			return cfail(err, SW_E_MALFORMED, v0, "Content-Type: bad m-value");
		if (a1 - a0 == 7 && sw_slice_ieq(base, sw_slice_make(a0, 7), "version"))
			ver = b[v0] == '"' ? sw_slice_make(v0 + 1, p - v0 - 2) : sw_slice_make(v0, p - v0);
	}
	if (version != NULL)
		*version = ver;
	if (!sw_slice_ieq(base, sw_slice_make(t0, q - t0), "message") ||
	    !sw_slice_ieq(base, sw_slice_make(s0, s1 - s0), "sipfrag"))
		return cfail(err, SW_E_NOTFOUND, v.off, "not message/sipfrag");
	if (ver.len != 0 && !sw_slice_eq(base, ver, "2.0"))
		return cfail(err, SW_E_VERSION, ver.off, "message/sipfrag version is not 2.0");
	return SW_OK;
}

int
sw_sipfrag_check_header(const void *base, const struct sw_hdr *h, struct sw_err *err)
{
	const unsigned char *b = base;
	struct sw_err e2;
	int rc;

	switch (h->id) {
	case SW_HDR_VIA:
		return check_via(b, h->value, err);
	case SW_HDR_CALL_ID:
		return check_call_id(b, h->value, err);
	case SW_HDR_MAX_FORWARDS:
		return check_max_forwards(b, h->value, err);
	case SW_HDR_CONTENT_TYPE:
		/* any media type is fine here; only its syntax is checked */
		rc = sw_sipfrag_ctype_parse(base, h->value, NULL, &e2);
		if (rc == SW_E_MALFORMED)
			return cfail(err, rc, e2.off, e2.detail);
		return SW_OK;
	default:
		return SW_OK;
	}
}

int
sw_sipfrag_parse(const void *buf, size_t len, const struct sw_limits *lim, struct sw_arena *arena,
		 struct sw_msg *msg, struct sw_err *err)
{
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;
	size_t mark = sw_arena_mark(arena);
	int rc;

	cfg.mode = SW_MODE_FRAGMENT;
	if (lim != NULL)
		cfg.limits = *lim;
	rc = sw_msg_parse(buf, len, &cfg, arena, msg, err);
	if (rc == SW_E_INCOMPLETE) /* a MIME body is all there is: nothing more will come */
		return SW_E_MALFORMED;
	if (rc != SW_OK)
		return rc;
	if (msg->len != len)
		rc = cfail(err, SW_E_LENGTH, msg->len, "bytes after the body Content-Length announces");
	else if (msg->body.len > 0 && msg->first[SW_HDR_CONTENT_TYPE] == SW_HDR_NONE)
		rc = cfail(err, SW_E_MALFORMED, msg->body.off, "body without Content-Type (RFC 3420 §2)");
	for (uint16_t i = 0; rc == SW_OK && i < msg->nhdrs; i++)
		rc = sw_sipfrag_check_header(buf, &msg->hdrs[i], err);
	if (rc != SW_OK) {
		sw_arena_rewind(arena, mark);
		msg->hdrs = NULL;
		msg->nhdrs = 0;
	}
	return rc;
}
