/* URI parser: SIP/SIPS (RFC 3261 §19.1, §25), tel (RFC 3966) and other
 * absolute URIs. One forward pass over the bytes with the sw_ctype class
 * tables; the only backward-looking step is one memchr for '@', which
 * decides whether there is a userinfo (the user part may hold ';', '?' and
 * '/', so only the '@' tells where it ends).
 */
#include <string.h>

#include "ctype_tab.h"
#include "lex.h"
#include "sipwire/uri.h"

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
static uint32_t
scan_esc(const unsigned char *b, uint32_t p, uint32_t end, unsigned cls, uint32_t *bad)
{
	while (p < end && sw_is(b[p], cls)) {
		if (b[p] == '%') {
			if (end - p < 3 || !is_hex(b[p + 1]) || !is_hex(b[p + 2])) {
				*bad = p;
				return SW_LEX_BAD;
			}
			p += 3;
		} else {
			p++;
		}
	}
	return p;
}

/* Case-insensitive compare of b[p..p+n) with a lowercase literal of length n. */
static int
ieq(const unsigned char *b, uint32_t p, uint32_t n, const char *lit, uint32_t litlen)
{
	if (n != litlen)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		if (sw_lower[b[p + i]] != (unsigned char)lit[i])
			return 0;
	return 1;
}

/* dec-octet "." dec-octet "." dec-octet "." dec-octet, exactly b[p..end). */
static int
ipv4_ok(const unsigned char *b, uint32_t p, uint32_t end)
{
	for (int part = 0; part < 4; part++) {
		uint32_t s = p, v = 0;

		while (p < end && sw_is(b[p], SW_CT_DIGIT) && p - s < 3)
			v = v * 10 + (uint32_t)(b[p++] - '0');
		if (p == s || v > 255)
			return 0;
		if (part < 3) {
			if (p >= end || b[p] != '.')
				return 0;
			p++;
		}
	}
	return p == end;
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
			if (!ipv4_ok(b, s, end))
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

/* hostname = *(domainlabel ".") toplabel ["."]; labels are alphanum with
 * inner '-'; the top label starts with a letter. Exactly b[p..end). */
static int
hostname_ok(const unsigned char *b, uint32_t p, uint32_t end)
{
	uint32_t label = p, top = p;

	if (end > p + 1 && b[end - 1] == '.') /* one trailing '.' is allowed */
		end--;
	if (p == end)
		return 0;
	for (uint32_t i = p; i <= end; i++) {
		if (i < end && b[i] != '.')
			continue;
		if (i == label || b[label] == '-' || b[i - 1] == '-')
			return 0;
		top = label;
		label = i + 1;
	}
	return sw_is(b[top], SW_CT_ALPHA);
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
		while (p < end && sw_is(b[p], SW_CT_HOST))
			p++;
		if (ipv4_ok(b, h, p))
			u->host_kind = SW_HOST_IPV4;
		else if (hostname_ok(b, h, p))
			u->host_kind = SW_HOST_NAME;
		else
			return ufail(st, SW_E_MALFORMED, h, "bad host (hostname, IPv4 or [IPv6] expected)");
	}
	u->host = sw_slice_make(h, p - h);
	u->port = sw_slice_make(p, 0);
	if (p < end && b[p] == ':') {
		uint32_t s = ++p, v = 0;

		while (p < end && sw_is(b[p], SW_CT_DIGIT)) {
			if (v <= 65535)
				v = v * 10 + (uint32_t)(b[p] - '0');
			p++;
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

/* Remember the value of a well-known URI parameter. */
static void
note_param(struct sw_uri *u, const unsigned char *b, struct sw_slice n, struct sw_slice v)
{
	static const struct {
		const char *name;
		uint8_t len;
		uint16_t flag;
		size_t field; /* offset of the value slice in struct sw_uri, 0 for flags */
	} known[] = {
		{ "lr", 2, SW_URI_P_LR, 0 },
		{ "ob", 2, SW_URI_P_OB, 0 },
		{ "ttl", 3, SW_URI_P_TTL, offsetof(struct sw_uri, ttl) },
		{ "user", 4, SW_URI_P_USER, offsetof(struct sw_uri, user_param) },
		{ "maddr", 5, SW_URI_P_MADDR, offsetof(struct sw_uri, maddr) },
		{ "method", 6, SW_URI_P_METHOD, offsetof(struct sw_uri, method) },
		{ "received", 8, SW_URI_P_RECEIVED, offsetof(struct sw_uri, received) },
		{ "transport", 9, SW_URI_P_TRANSPORT, offsetof(struct sw_uri, transport) },
	};

	if (n.len < 2 || n.len > 9)
		return;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (!ieq(b, n.off, n.len, known[i].name, known[i].len))
			continue;
		if (u->pflags & known[i].flag) /* the first occurrence wins */
			return;
		u->pflags |= known[i].flag;
		if (known[i].field != 0)
			*(struct sw_slice *)(void *)((char *)u + known[i].field) = v;
		return;
	}
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
		note_param(st->u, b, n, v);
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
	struct sw_slice *sl[] = { &u->scheme, &u->opaque, &u->user, &u->password, &u->host,
				  &u->port, &u->params, &u->headers, &u->transport, &u->maddr,
				  &u->ttl, &u->user_param, &u->method, &u->received };

	memset(u, 0, sizeof(*u));
	u->whole = s;
	for (size_t i = 0; i < sizeof(sl) / sizeof(sl[0]); i++)
		*sl[i] = sw_slice_make(s.off, 0);
}

int
sw_uri_parse(const void *base, struct sw_slice s, struct sw_uri *out, struct sw_err *err)
{
	struct ust st = { base, out, err };
	const unsigned char *b = base;
	uint32_t p = s.off, end = s.off + s.len;

	if (end < s.off)
		return ufail(&st, SW_E_INVAL, s.off, "slice wraps around");
	sw_uri_reset(out, s);
	if (p >= end || !sw_is(b[p], SW_CT_ALPHA))
		return ufail(&st, SW_E_MALFORMED, p, "URI scheme expected");
	while (p < end && sw_is(b[p], SW_CT_SCHEME))
		p++;
	if (p >= end || b[p] != ':')
		return ufail(&st, SW_E_MALFORMED, p, "':' expected after URI scheme");
	out->scheme = sw_slice_make(s.off, p - s.off);
	out->opaque = sw_slice_make(p + 1, end - p - 1);
	if (ieq(b, s.off, p - s.off, "sip", 3))
		out->kind = SW_URI_SIP;
	else if (ieq(b, s.off, p - s.off, "sips", 4))
		out->kind = SW_URI_SIPS;
	else if (ieq(b, s.off, p - s.off, "tel", 3))
		out->kind = SW_URI_TEL;
	p++;
	if (out->kind == SW_URI_SIP || out->kind == SW_URI_SIPS)
		return parse_sip(&st, p, end);
	if (out->kind == SW_URI_TEL)
		return parse_tel(&st, p, end);
	return parse_other(&st, p, end);
}
