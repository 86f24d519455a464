/* message/sipfrag writer and the Content-Type helpers (RFC 3420).
 *
 * The writer checks the framing of every piece before it copies it (start
 * line grammar, token names, one line per value, CRLF everywhere, body
 * description), so its output always frames as a sipfrag; the syntax of a
 * header value (a Via, a From) is the caller's, and sw_sipfrag_parse is the
 * check for it. It stops at the first error and never writes past the
 * caller's capacity.
 */
#include <string.h>

#include "ctype_tab.h"
#include "sipwire/sipfrag.h"
#include "sipwire/uri.h"

enum { STAGE_NONE, STAGE_START, STAGE_HEADERS, STAGE_BODY };

void
sw_sipfrag_writer_init(struct sw_sipfrag_writer *w, void *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf != NULL ? cap : 0;
	w->len = 0;
	w->err = SW_OK;
	w->stage = STAGE_NONE;
	w->has_ctype = 0;
	w->clen = -1;
}

static int
wfail(struct sw_sipfrag_writer *w, int rc)
{
	if (w->err == SW_OK)
		w->err = rc;
	return w->err;
}

/* Room for n more bytes; on failure the sticky error is SW_E_NOSPACE. */
static int
room(struct sw_sipfrag_writer *w, size_t n)
{
	if (w->cap - w->len < n)
		return wfail(w, SW_E_NOSPACE);
	return SW_OK;
}

static void
put(struct sw_sipfrag_writer *w, const void *p, size_t n)
{
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

/* Decimal digits of v into d (no NUL); returns their count. */
static size_t
utoa(char *d, uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		d[i] = tmp[n - 1 - i];
	return n;
}

/* TEXT-UTF8 / HTAB / SP, the bytes a reason phrase or a header value may
 * hold on one line (RFC 3261 §25.1): no CR, LF, DEL or other controls. */
static int
is_line_text(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

static int
all_class(const char *p, size_t n, unsigned cls)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!sw_is((unsigned char)p[i], cls))
			return 0;
	return 1;
}

int
sw_sipfrag_put_status(struct sw_sipfrag_writer *w, unsigned code, const char *reason,
		      size_t reason_len)
{
	if (w->err != SW_OK)
		return w->err;
	if (w->stage != STAGE_NONE)
		return wfail(w, SW_E_STATE);
	if (code < 100 || code > 699)
		return wfail(w, SW_E_RANGE);
	if (reason_len > 0 && (reason == NULL || !is_line_text(reason, reason_len)))
		return wfail(w, SW_E_INVAL);
	if (room(w, 14 + reason_len) != SW_OK)
		return w->err;
	put(w, "SIP/2.0 ", 8);
	w->buf[w->len++] = (char)('0' + code / 100);
	w->buf[w->len++] = (char)('0' + code / 10 % 10);
	w->buf[w->len++] = (char)('0' + code % 10);
	w->buf[w->len++] = ' ';
	if (reason_len > 0)
		put(w, reason, reason_len);
	put(w, "\r\n", 2);
	w->stage = STAGE_START;
	return SW_OK;
}

/* A Request-URI sw_msg_check accepts: an absolute URI, and for sip/sips
 * one without headers (RFC 3261 §19.1.1 table 1). */
static int
is_request_uri(const char *ruri, size_t len)
{
	struct sw_uri u;

	if (len == 0 || len > UINT32_MAX || !all_class(ruri, len, SW_CT_URIC) || ruri[0] == '<')
		return 0;
	if (sw_uri_parse(ruri, sw_slice_make(0, (uint32_t)len), &u, NULL) != SW_OK)
		return 0;
	return !((u.kind == SW_URI_SIP || u.kind == SW_URI_SIPS) && u.headers.len > 0);
}

int
sw_sipfrag_put_request(struct sw_sipfrag_writer *w, const char *method, size_t method_len,
		       const char *ruri, size_t ruri_len)
{
	if (w->err != SW_OK)
		return w->err;
	if (w->stage != STAGE_NONE)
		return wfail(w, SW_E_STATE);
	if (method == NULL || ruri == NULL || !all_class(method, method_len, SW_CT_TOKEN) ||
	    !is_request_uri(ruri, ruri_len))
		return wfail(w, SW_E_INVAL);
	if (room(w, method_len + ruri_len + 11) != SW_OK)
		return w->err;
	put(w, method, method_len);
	w->buf[w->len++] = ' ';
	put(w, ruri, ruri_len);
	put(w, " SIP/2.0\r\n", 10);
	w->stage = STAGE_START;
	return SW_OK;
}

/* Remembers what put_body must know about a caller-written header. */
static int
note_header(struct sw_sipfrag_writer *w, const char *name, size_t name_len, const char *value,
	    size_t value_len)
{
	enum sw_hdr_id id = sw_hdr_lookup(name, name_len);
	uint64_t v = 0;

	if (id == SW_HDR_CONTENT_TYPE)
		w->has_ctype = 1;
	if (id != SW_HDR_CONTENT_LENGTH)
		return SW_OK;
	if (w->clen >= 0 || !all_class(value, value_len, SW_CT_DIGIT) || value_len > 9)
		return wfail(w, SW_E_INVAL);
	for (size_t i = 0; i < value_len; i++)
		v = v * 10 + (uint64_t)(value[i] - '0');
	w->clen = (int64_t)v;
	return SW_OK;
}

int
sw_sipfrag_put_header(struct sw_sipfrag_writer *w, const char *name, size_t name_len,
		      const char *value, size_t value_len)
{
	if (w->err != SW_OK)
		return w->err;
	if (w->stage == STAGE_BODY)
		return wfail(w, SW_E_STATE);
	if (name == NULL || !all_class(name, name_len, SW_CT_TOKEN) ||
	    (value_len > 0 && (value == NULL || !is_line_text(value, value_len))))
		return wfail(w, SW_E_INVAL);
	if (note_header(w, name, name_len, value, value_len) != SW_OK)
		return w->err;
	if (room(w, name_len + value_len + 4) != SW_OK)
		return w->err;
	put(w, name, name_len);
	put(w, ": ", 2);
	if (value_len > 0)
		put(w, value, value_len);
	put(w, "\r\n", 2);
	w->stage = STAGE_HEADERS;
	return SW_OK;
}

int
sw_sipfrag_put_body(struct sw_sipfrag_writer *w, const char *ctype, const void *body,
		    size_t body_len)
{
	char num[20];
	size_t nlen;

	if (w->err != SW_OK)
		return w->err;
	if (w->stage == STAGE_BODY)
		return wfail(w, SW_E_STATE);
	if (body_len > 0 && body == NULL)
		return wfail(w, SW_E_INVAL);
	/* RFC 3261 §7.4.1: a body has exactly one Content-Type */
	if ((body_len > 0 && ctype == NULL && !w->has_ctype) || (ctype != NULL && w->has_ctype))
		return wfail(w, SW_E_STATE);
	if (w->clen >= 0 && (uint64_t)w->clen != body_len)
		return wfail(w, SW_E_LENGTH);
	if (ctype != NULL && sw_sipfrag_put_header(w, "Content-Type", 12, ctype, strlen(ctype)) != SW_OK)
		return w->err;
	if (w->clen < 0) {
		nlen = utoa(num, body_len);
		if (sw_sipfrag_put_header(w, "Content-Length", 14, num, nlen) != SW_OK)
			return w->err;
	}
	if (room(w, 2 + body_len) != SW_OK)
		return w->err;
	put(w, "\r\n", 2);
	if (body_len > 0)
		put(w, body, body_len);
	w->stage = STAGE_BODY;
	return SW_OK;
}

int
sw_sipfrag_finish(const struct sw_sipfrag_writer *w, size_t *len)
{
	if (w->err == SW_OK && len != NULL)
		*len = w->len;
	return w->err;
}

long
sw_sipfrag_write_status(void *buf, size_t cap, unsigned code, const char *reason, size_t reason_len)
{
	struct sw_sipfrag_writer w;

	if (reason == NULL) {
		reason = sw_reason_phrase(code);
		reason_len = strlen(reason);
	}
	sw_sipfrag_writer_init(&w, buf, cap);
	if (sw_sipfrag_put_status(&w, code, reason, reason_len) != SW_OK)
		return w.err;
	return (long)w.len;
}

/* RFC 3261 §21 plus the codes of RFC 3265/6665 (489), RFC 3903 (412),
 * RFC 4028 (422) and RFC 3329 (494) a REFER progress report can carry. */
static const struct {
	uint16_t code;
	const char *text;
} phrases[] = {
	{ 100, "Trying" }, { 180, "Ringing" }, { 181, "Call Is Being Forwarded" },
	{ 182, "Queued" }, { 183, "Session Progress" }, { 200, "OK" }, { 202, "Accepted" },
	{ 300, "Multiple Choices" }, { 301, "Moved Permanently" }, { 302, "Moved Temporarily" },
	{ 305, "Use Proxy" }, { 380, "Alternative Service" }, { 400, "Bad Request" },
	{ 401, "Unauthorized" }, { 402, "Payment Required" }, { 403, "Forbidden" },
	{ 404, "Not Found" }, { 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" }, { 408, "Request Timeout" }, { 410, "Gone" },
	{ 412, "Conditional Request Failed" }, { 413, "Request Entity Too Large" },
	{ 414, "Request-URI Too Long" }, { 415, "Unsupported Media Type" },
	{ 416, "Unsupported URI Scheme" }, { 420, "Bad Extension" }, { 421, "Extension Required" },
	{ 422, "Session Interval Too Small" }, { 423, "Interval Too Brief" },
	{ 480, "Temporarily Unavailable" }, { 481, "Call/Transaction Does Not Exist" },
	{ 482, "Loop Detected" }, { 483, "Too Many Hops" }, { 484, "Address Incomplete" },
	{ 485, "Ambiguous" }, { 486, "Busy Here" }, { 487, "Request Terminated" },
	{ 488, "Not Acceptable Here" }, { 489, "Bad Event" }, { 491, "Request Pending" },
	{ 493, "Undecipherable" }, { 494, "Security Agreement Required" },
	{ 500, "Server Internal Error" }, { 501, "Not Implemented" }, { 502, "Bad Gateway" },
	{ 503, "Service Unavailable" }, { 504, "Server Time-out" }, { 505, "Version Not Supported" },
	{ 513, "Message Too Large" }, { 600, "Busy Everywhere" }, { 603, "Decline" },
	{ 604, "Does Not Exist Anywhere" }, { 606, "Not Acceptable" },
};

const char *
sw_reason_phrase(unsigned code)
{
	size_t lo = 0, hi = sizeof(phrases) / sizeof(phrases[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (phrases[mid].code == code)
			return phrases[mid].text;
		if (phrases[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "";
}

/* ---- Content-Type -------------------------------------------------------- */

static int
is_version(const char *v, size_t n)
{
	size_t i = 0, d;

	for (d = i; i < n && v[i] >= '0' && v[i] <= '9'; i++)
		;
	if (i == d || i >= n || v[i] != '.')
		return 0;
	for (d = ++i; i < n && v[i] >= '0' && v[i] <= '9'; i++)
		;
	return i > d && i == n;
}

int
sw_sipfrag_ctype_write(char *dst, size_t cap, const char *version, size_t *len)
{
	static const char pre[] = "message/sipfrag;version=";
	size_t vlen;

	if (version == NULL)
		version = "2.0";
	vlen = strlen(version);
	if (!is_version(version, vlen))
		return SW_E_INVAL;
	if (dst == NULL || cap < sizeof(pre) - 1 + vlen)
		return SW_E_NOSPACE;
	memcpy(dst, pre, sizeof(pre) - 1);
	memcpy(dst + sizeof(pre) - 1, version, vlen);
	*len = sizeof(pre) - 1 + vlen;
	return SW_OK;
}
