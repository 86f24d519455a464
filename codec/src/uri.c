/* URI parser: SIP/SIPS (RFC 3261 §19.1, §25), tel (RFC 3966) and other
 * absolute URIs. One forward pass over the bytes with the sw_ctype class
 * tables; the only backward-looking step is one memchr for '@', which
 * decides whether there is a userinfo (the user part may hold ';', '?' and
 * '/', so only the '@' tells where it ends).
 */
#include <stddef.h>
#include <string.h>

#include "ctype_tab.h"
#include "lex.h"
#include "sipwire/uri.h"
#include "uri_int.h"

struct ust {
	const unsigned char *b;
	struct sw_uri *u;
	struct sw_err *err;
};

static int
ufail(struct ust *st, int rc, uint32_t off, const char *detail)
{
	if (st->err != NULL) {
		st->err->off = off;
		st->err->detail = detail;
	}
	return rc;
}

static inline int
is_hex(unsigned char c)
{
	return sw_is(c, SW_CT_HEX);
}

/* Bytes of class `cls` from p, where '%' must start an escape "%" HEX HEX.
 * Returns the first offset not in the class, or SW_LEX_BAD (*bad set) on a
 * broken escape. `cls` must include '%' for escapes to be accepted. */
static inline uint32_t
scan_esc(const unsigned char *b, uint32_t p, uint32_t end, unsigned cls, uint32_t *bad)
{
	const unsigned char *q = b + p, *e = b + end;

	/* pointer loop: a uint32_t index costs a zero-extension per byte */
	for (;;) {
		while (q < e && sw_is(*q, cls) && *q != '%')
			q++;
		if (q >= e || *q != '%' || !sw_is('%', cls))
			return (uint32_t)(q - b);
		if (e - q < 3 || !is_hex(q[1]) || !is_hex(q[2])) {
			*bad = (uint32_t)(q - b);
			return SW_LEX_BAD;
		}
		q += 3;
	}
}

/* First offset from p whose byte is not in class `cls`. */
static inline uint32_t
scan_class(const unsigned char *b, uint32_t p, uint32_t end, unsigned cls)
{
	const unsigned char *q = b + p, *e = b + end;

	while (q < e && sw_is(*q, cls))
		q++;
	return (uint32_t)(q - b);
}

/* sip / sips / tel, case-insensitive. The bytes are scheme characters
 * (alphanum "+-."), among which `| 0x20` folds only the letters. */
static uint8_t
scheme_kind(const unsigned char *q, uint32_t n)
{
	if (n == 3 && (q[0] | 0x20) == 't' && (q[1] | 0x20) == 'e' && (q[2] | 0x20) == 'l')
		return SW_URI_TEL;
	if (n < 3 || n > 4 || (q[0] | 0x20) != 's' || (q[1] | 0x20) != 'i' || (q[2] | 0x20) != 'p')
		return SW_URI_OTHER;
	if (n == 3)
		return SW_URI_SIP;
	return (q[3] | 0x20) == 's' ? SW_URI_SIPS : SW_URI_OTHER;
}

/* RFC 3261 IPv6address (hexpart [":" IPv4address]), exactly b[p..end). */
static int
ipv6_ok(const unsigned char *b, uint32_t p, uint32_t end)
{
	unsigned groups = 0;
	int dcolon = 0;

	if (p < end && b[p] == ':') {
		if (end - p < 2 || b[p + 1] != ':')
			return 0;
		dcolon = 1;
		p += 2;
		if (p == end)
			return 1;
	}
	for (;;) {
		uint32_t s = p;

		while (p < end && is_hex(b[p]) && p - s < 5)
			p++;
		if (p == s || p - s > 4)
			return 0;
		if (p < end && b[p] == '.') { /* an IPv4 tail counts as two groups */
			if (!sw_uri_ipv4_ok(b, s, end))
				return 0;
			groups += 2;
			break;
		}
		groups++;
		if (p == end)
			break;
		if (b[p] != ':' || ++p == end)
			return 0;
		if (b[p] == ':') {
			if (dcolon)
				return 0;
			dcolon = 1;
			if (++p == end)
				break;
		}
	}
	return dcolon ? groups <= 7 : groups == 8;
}

/* hostname / IPv4address from b[p]; returns the end offset and sets *kind,
 * or returns SW_LEX_BAD. hostname = *(domainlabel ".") toplabel ["."]:
 * labels are alphanum with inner '-', the top label starts with a letter;
 * a name whose top label starts with a digit must be a dotted quad. The
 * inner loop only looks for the end of a label. */
static uint32_t
scan_host(const unsigned char *b, uint32_t p, uint32_t end, uint8_t *kind)
{
	const unsigned char *q = b + p, *e = b + end, *top = q;

	for (;;) {
		const unsigned char *label = q;

		while (q < e && sw_is(*q, SW_CT_LABEL))
			q++;
		if (q == label) /* empty label: only after a final '.' of a longer name */
			return q > b + p + 1 && q[-1] == '.' && (q == e || !sw_is(*q, SW_CT_HOST)) &&
			       *kind == SW_HOST_NAME ? (uint32_t)(q - b) : SW_LEX_BAD;
		if (*label == '-' || q[-1] == '-')
			return SW_LEX_BAD;
		top = label;
		*kind = sw_is(*top, SW_CT_ALPHA) ? SW_HOST_NAME : SW_HOST_IPV4;
		if (q >= e || *q != '.')
			break;
		q++;
	}
	if (*kind == SW_HOST_IPV4 && !sw_uri_ipv4_ok(b, p, (uint32_t)(q - b)))
		return SW_LEX_BAD;
	return (uint32_t)(q - b);
}

/* host [":" port] at p; returns the offset after it. */
static int
parse_hostport(struct ust *st, uint32_t *pp, uint32_t end)
{
	const unsigned char *b = st->b;
	struct sw_uri *u = st->u;
	uint32_t p = *pp, h = p;

	if (p < end && b[p] == '[') {
		const unsigned char *rb = memchr(b + p, ']', end - p);

		if (rb == NULL || !ipv6_ok(b, p + 1, (uint32_t)(rb - b)))
			return ufail(st, SW_E_MALFORMED, p, "bad IPv6 reference");
		p = (uint32_t)(rb - b) + 1;
		u->host_kind = SW_HOST_IPV6;
	} else {
		u->host_kind = SW_HOST_NONE;
		p = scan_host(b, p, end, &u->host_kind);
		if (p == SW_LEX_BAD || p == h)
			return ufail(st, SW_E_MALFORMED, h, "bad host (hostname, IPv4 or [IPv6] expected)");
	}
	u->host = sw_slice_make(h, p - h);
	u->port = sw_slice_make(p, 0);
	if (p < end && b[p] == ':') {
		uint32_t s = ++p, v = 0;

		for (const unsigned char *q = b + p, *e = b + end;; q++) {
			if (q >= e || (unsigned)(*q - '0') > 9) {
				p = (uint32_t)(q - b);
				break;
			}
			if (v <= 65535) /* stop growing: more digits only mean "too big" */
				v = v * 10 + (unsigned)(*q - '0');
		}
		if (p == s)
			return ufail(st, SW_E_MALFORMED, p, "port digits expected after ':'");
		if (v > 65535)
			return ufail(st, SW_E_RANGE, s, "port above 65535");
		u->port = sw_slice_make(s, p - s);
		u->port_num = v;
		u->has_port = 1;
	}
	*pp = p;
	return SW_OK;
}

/* userinfo = user [":" password] "@", ending at the '@' at `at`. */
static int
parse_userinfo(struct ust *st, uint32_t p, uint32_t at)
{
	const unsigned char *b = st->b;
	uint32_t q, bad = p;

	q = scan_esc(b, p, at, SW_CT_USER, &bad);
	if (q == SW_LEX_BAD)
		return ufail(st, SW_E_MALFORMED, bad, "bad escape in user");
	if (q == p)
		return ufail(st, SW_E_MALFORMED, p, "empty user before '@'");
	st->u->user = sw_slice_make(p, q - p);
	st->u->has_user = 1;
	if (q < at && b[q] == ':') {
		uint32_t s = ++q;

		/* password: unreserved / escaped / "&=+$," = user class minus ";?/" */
		for (; q < at; q++)
			if (!sw_is(b[q], SW_CT_USER) || b[q] == ';' || b[q] == '?' || b[q] == '/')
				break;
		if (scan_esc(b, s, q, SW_CT_USER, &bad) == SW_LEX_BAD)
			return ufail(st, SW_E_MALFORMED, bad, "bad escape in password");
		st->u->password = sw_slice_make(s, q - s);
		st->u->has_password = 1;
	}
	if (q != at)
		return ufail(st, SW_E_MALFORMED, q, "byte not allowed in userinfo");
	return SW_OK;
}

/* uri-parameters = *(";" pname ["=" pvalue]), pname/pvalue = 1*paramchar.
 * p is at the first ';'; stops at '?' or end. tel uses the same grammar
 * (RFC 3966 pname is narrower, but every pname is a paramchar run). */
static int
parse_uri_params(struct ust *st, uint32_t *pp, uint32_t end)
{
	const unsigned char *b = st->b;
	uint32_t p = *pp, bad = p;

	st->u->params = sw_slice_make(p + 1, 0);
	while (p < end && b[p] == ';') {
		struct sw_slice n, v;
		uint32_t s = ++p;

		p = scan_esc(b, p, end, SW_CT_PARAM, &bad);
		if (p == SW_LEX_BAD)
			return ufail(st, SW_E_MALFORMED, bad, "bad escape in URI parameter");
		if (p == s)
			return ufail(st, SW_E_MALFORMED, p, "empty URI parameter name");
		n = sw_slice_make(s, p - s);
		v = sw_slice_make(p, 0);
		if (p < end && b[p] == '=') {
			s = ++p;
			p = scan_esc(b, p, end, SW_CT_PARAM, &bad);
			if (p == SW_LEX_BAD)
				return ufail(st, SW_E_MALFORMED, bad, "bad escape in URI parameter");
			if (p == s)
				return ufail(st, SW_E_MALFORMED, p, "empty URI parameter value");
			v = sw_slice_make(s, p - s);
		}
		sw_uri_note_param(st->u, b, n, v);
	}
	st->u->params.len = p - st->u->params.off;
	*pp = p;
	return SW_OK;
}

/* headers = "?" header *("&" header); header = hname "=" hvalue. */
static int
parse_uri_headers(struct ust *st, uint32_t p, uint32_t end)
{
	const unsigned char *b = st->b;
	uint32_t bad = p;

	st->u->headers = sw_slice_make(p + 1, end - p - 1);
	do {
		uint32_t s = ++p;

		p = scan_esc(b, p, end, SW_CT_HNV, &bad);
		if (p == SW_LEX_BAD)
			return ufail(st, SW_E_MALFORMED, bad, "bad escape in URI header");
		if (p == s || p >= end || b[p] != '=')
			return ufail(st, SW_E_MALFORMED, p, "URI header name and '=' expected");
		p = scan_esc(b, p + 1, end, SW_CT_HNV, &bad);
		if (p == SW_LEX_BAD)
			return ufail(st, SW_E_MALFORMED, bad, "bad escape in URI header");
	} while (p < end && b[p] == '&');
	if (p != end)
		return ufail(st, SW_E_MALFORMED, p, "byte not allowed in URI headers");
	return SW_OK;
}

static int
parse_sip(struct ust *st, uint32_t p, uint32_t end)
{
	const unsigned char *at = memchr(st->b + p, '@', end - p);
	int rc;

	st->u->user = sw_slice_make(p, 0);
	if (at != NULL) {
		rc = parse_userinfo(st, p, (uint32_t)(at - st->b));
		if (rc != SW_OK)
			return rc;
		p = (uint32_t)(at - st->b) + 1;
	}
	rc = parse_hostport(st, &p, end);
	if (rc == SW_OK && p < end && st->b[p] == ';')
		rc = parse_uri_params(st, &p, end);
	if (rc != SW_OK)
		return rc;
	st->u->params.off = st->u->params.len ? st->u->params.off : p;
	if (p < end && st->b[p] == '?')
		return parse_uri_headers(st, p, end);
	st->u->headers = sw_slice_make(p, 0);
	if (p != end)
		return ufail(st, SW_E_MALFORMED, p, "byte not allowed in SIP URI");
	return SW_OK;
}

/* RFC 3966: global-number ("+" phonedigits with a DIGIT) or local-number
 * (phonedigit-hex with a HEXDIG / "*" / "#"), then par list. */
static int
parse_tel(struct ust *st, uint32_t p, uint32_t end)
{
	const unsigned char *b = st->b;
	uint32_t s = p;
	int global = p < end && b[p] == '+', seen = 0;

	for (p += (uint32_t)global; p < end && b[p] != ';'; p++) {
		unsigned char c = b[p];

		if (sw_is(c, SW_CT_DIGIT) || (!global && (is_hex(c) || c == '*' || c == '#')))
			seen = 1;
		else if (c != '-' && c != '.' && c != '(' && c != ')')
			return ufail(st, SW_E_MALFORMED, p, "byte not allowed in telephone number");
	}
	if (!seen)
		return ufail(st, SW_E_MALFORMED, s, "telephone number without digits");
	st->u->user = sw_slice_make(s, p - s);
	st->u->has_user = 1;
	st->u->params = sw_slice_make(p, 0);
	if (p < end) {
		int rc = parse_uri_params(st, &p, end);

		if (rc != SW_OK)
			return rc;
		if (p != end)
			return ufail(st, SW_E_MALFORMED, p, "byte not allowed in tel URI parameters");
	}
	return SW_OK;
}

/* absoluteURI: the opaque part must be non-empty URI characters. */
static int
parse_other(struct ust *st, uint32_t p, uint32_t end)
{
	uint32_t bad = p, q = scan_esc(st->b, p, end, SW_CT_URIC, &bad);

	if (q == SW_LEX_BAD)
		return ufail(st, SW_E_MALFORMED, bad, "bad escape in URI");
	if (q == p || q != end)
		return ufail(st, SW_E_MALFORMED, q, q == p ? "empty URI after scheme" : "byte not allowed in URI");
	return SW_OK;
}

void
sw_uri_reset(struct sw_uri *u, struct sw_slice s)
{
	sw_uri_reset_inline(u, s);
}

/* Every URI: the grammar as written, no shortcut. sw_uri_parse (uri_fast.c)
 * falls back to it; in its own file, so the fast path's caller saves no
 * registers for it. */
int
sw_uri_parse_general(const void *base, struct sw_slice s, struct sw_uri *out, struct sw_err *err)
{
	struct ust st = { base, out, err };
	const unsigned char *b = base;
	uint32_t p = s.off, end = s.off + s.len;

	if (end < s.off)
		return ufail(&st, SW_E_INVAL, s.off, "slice wraps around");
	sw_uri_reset(out, s);
	if (p >= end || !sw_is(b[p], SW_CT_ALPHA))
		return ufail(&st, SW_E_MALFORMED, p, "URI scheme expected");
	p = scan_class(b, p, end, SW_CT_SCHEME);
	if (p >= end || b[p] != ':')
		return ufail(&st, SW_E_MALFORMED, p, "':' expected after URI scheme");
	out->scheme = sw_slice_make(s.off, p - s.off);
	out->opaque = sw_slice_make(p + 1, end - p - 1);
	out->kind = scheme_kind(b + s.off, p - s.off);
	p++;
	if (out->kind == SW_URI_SIP || out->kind == SW_URI_SIPS)
		return parse_sip(&st, p, end);
	if (out->kind == SW_URI_TEL)
		return parse_tel(&st, p, end);
	return parse_other(&st, p, end);
}
