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

/* b[p..p+n) equals the lowercase-letter literal `lit` of length litlen,
 * ignoring case. `| 0x20` maps only 'A'-'Z' onto 'a'-'z' (it moves
 * 0x40-0x5F to 0x60-0x7F, where no other byte lands on a letter), so it is
 * exact for literals made of letters. */
static int
ieq(const unsigned char *b, uint32_t p, uint32_t n, const char *lit, uint32_t litlen)
{
	if (n != litlen)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		if ((b[p + i] | 0x20) != (unsigned char)lit[i])
			return 0;
	return 1;
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

/* dec-octet "." dec-octet "." dec-octet "." dec-octet, exactly b[p..end):
 * one pass, 1-3 digits per part, each part at most 255. */
static int
ipv4_ok(const unsigned char *b, uint32_t p, uint32_t end)
{
	const unsigned char *q = b + p, *e = b + end;

	for (int part = 0; part < 4; part++) {
		const unsigned char *s = q;
		unsigned v = 0;

		while (q < e && q - s < 3 && (unsigned)(*q - '0') <= 9)
			v = v * 10 + (unsigned)(*q++ - '0');
		if (q == s || v > 255 || (part < 3 && (q >= e || *q++ != '.')))
			return 0;
	}
	return q == e;
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
	if (*kind == SW_HOST_IPV4 && !ipv4_ok(b, p, (uint32_t)(q - b)))
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

/* Remember the value of a well-known URI parameter: one length switch and
 * at most two compares, since this runs for every parameter of every URI. */
static inline void
note_param(struct sw_uri *u, const unsigned char *b, struct sw_slice n, struct sw_slice v)
{
	struct sw_slice *dst = NULL;
	uint16_t flag = 0;

	switch (n.len) {
	case 2:
		flag = ieq(b, n.off, 2, "lr", 2) ? SW_URI_P_LR : ieq(b, n.off, 2, "ob", 2) ? SW_URI_P_OB : 0;
		break;
	case 3:
		flag = ieq(b, n.off, 3, "ttl", 3) ? SW_URI_P_TTL : 0;
		dst = &u->ttl;
		break;
	case 4:
		flag = ieq(b, n.off, 4, "user", 4) ? SW_URI_P_USER : 0;
		dst = &u->user_param;
		break;
	case 5:
		flag = ieq(b, n.off, 5, "maddr", 5) ? SW_URI_P_MADDR : 0;
		dst = &u->maddr;
		break;
	case 6:
		flag = ieq(b, n.off, 6, "method", 6) ? SW_URI_P_METHOD : 0;
		dst = &u->method;
		break;
	case 8:
		flag = ieq(b, n.off, 8, "received", 8) ? SW_URI_P_RECEIVED : 0;
		dst = &u->received;
		break;
	case 9:
		flag = ieq(b, n.off, 9, "transport", 9) ? SW_URI_P_TRANSPORT : 0;
		dst = &u->transport;
		break;
	}
	if (flag == 0 || (u->pflags & flag)) /* unknown, or not the first occurrence */
		return;
	u->pflags |= flag;
	if (dst != NULL)
		*dst = v;
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

/*
 * Fast path for the common SIP/SIPS shape "sip:" [user "@"] host [":" port]
 * *(";" pname ["=" pvalue]): one forward pass, no escapes, no password,
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
 * a mask and, for the no-escape variants, a compare against '%' per byte).
 * Derived from sw_ctype: FC_USER = SW_CT_USER minus '%'; FC_LABEL =
 * SW_CT_LABEL; FC_PARAM = SW_CT_PARAM minus '%'; FC_ALPHA = SW_CT_ALPHA.
 * Bytes 0x80-0xFF are in none. tests/test_route_diff.c checks every byte in
 * every position against the full parser, so a wrong entry fails there. */
enum { FC_USER = 1, FC_LABEL = 2, FC_PARAM = 4, FC_ALPHA = 8 };

static const uint8_t fast_cls[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 5, 0, 0, 5, 0, 5, 5, 5, 5, 5, 5, 1, 7, 5, 5,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 4, 1, 0, 1, 0, 1,
	0, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 4, 0, 4, 0, 5,
	0, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 0, 0, 5, 0,
};

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
	if (*kind == SW_HOST_IPV4 && !ipv4_ok(b, h, q))
		return SW_LEX_BAD;
	return q;
}

/* ";" pname ["=" pvalue] ... from b[q] == ';', no escapes; returns the
 * offset after the last parameter or SW_LEX_BAD. */
static inline uint32_t
fast_params(const unsigned char *b, uint32_t q, uint32_t end, struct sw_uri *u)
{
	do {
		struct sw_slice n, v;
		uint32_t s = ++q;

		while (q < end && (fast_cls[b[q]] & FC_PARAM))
			q++;
		if (q == s)
			return SW_LEX_BAD;
		n = sw_slice_make(s, q - s);
		v = sw_slice_make(q, 0);
		if (q < end && b[q] == '=') {
			s = ++q;
			while (q < end && (fast_cls[b[q]] & FC_PARAM))
				q++;
			if (q == s)
				return SW_LEX_BAD;
			v = sw_slice_make(s, q - s);
		}
		/* "lr" (every Route/Path URI) without the call; it has no value slot */
		if (n.len == 2 && (b[n.off] | 0x20) == 'l' && (b[n.off + 1] | 0x20) == 'r')
			u->pflags |= SW_URI_P_LR;
		else
			note_param(u, b, n, v);
	} while (q < end && b[q] == ';');
	return q;
}

/* user@ and host, one byte at a time; *e gets the end of the host. */
static int
fast_userhost(const unsigned char *b, uint32_t p, uint32_t end, struct sw_uri *u, uint32_t *e)
{
	uint32_t q = p;

	while (q < end && (fast_cls[b[q]] & FC_USER))
		q++;
	if (q < end && b[q] == '@') {
		if (q == p)
			return FAST_SLOW;
		u->user.len = q - p;
		u->has_user = 1;
		p = q + 1;
	} else {
		/* a later '@' means a password or escapes: the full parser's.
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
#include <emmintrin.h>

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

/*
 * user@ and host from masks of the whole rest b[p..end) (at most 64 bytes;
 * the loads stay inside b[lo..end), the URI). Returns SW_OK, FAST_SLOW, or
 * -1 when the masks cannot be taken (short or long URI): then the caller
 * uses fast_userhost. Accepts exactly the hosts fast_host accepts: labels
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

	if (n > 63 || end - lo < 16)
		return -1;
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
		/* hostname bytes are user bytes; look at others one by one */
		if (~w.host & ((1ull << h) - 1)) {
			for (q = p; q < p + h && (fast_cls[b[q]] & FC_USER); q++)
				;
			if (q != p + h)
				return FAST_SLOW;
		}
		u->user.len = h++;
		u->has_user = 1;
	}
	stop = (~w.host | (~(uint64_t)0 << n)) >> h; /* n < 64: a stop bit at n */
	len = (uint32_t)__builtin_ctzll(stop);
	d = w.dot >> h & ((1ull << len) - 1);
	m = w.dash >> h & ((1ull << len) - 1);
	if (len == 0 || ((d | m) & (1 | 1ull << (len - 1))) || (d & ((d | m) >> 1)) || (m & (d >> 1)))
		return FAST_SLOW;
	k = d ? 64 - (uint32_t)__builtin_clzll(d) : 0; /* the top label */
	q = p + h;
	u->host_kind = (fast_cls[b[q + k]] & FC_ALPHA) ? SW_HOST_NAME : SW_HOST_IPV4;
	if (u->host_kind == SW_HOST_IPV4 && !ipv4_ok(b, q, q + len))
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

/* "sip:" / "sips:" in any case, then fast_sip. `| 0x20` folds only the
 * letters among these bytes; ':' is compared exactly. */
static int
fast_uri(const unsigned char *b, struct sw_slice s, struct sw_uri *out)
{
	const unsigned char *q = b + s.off;
	uint32_t n;

	if (s.len < 5 || (q[0] | 0x20) != 's' || (q[1] | 0x20) != 'i' || (q[2] | 0x20) != 'p')
		return FAST_SLOW;
	if (q[3] == ':')
		n = 3;
	else if ((q[3] | 0x20) == 's' && q[4] == ':')
		n = 4;
	else
		return FAST_SLOW;
	sw_uri_reset_inline(out, s);
	out->scheme = sw_slice_make(s.off, n);
	out->opaque = sw_slice_make(s.off + n + 1, s.len - n - 1);
	out->kind = n == 3 ? SW_URI_SIP : SW_URI_SIPS;
	return fast_sip(b, s.off, s.off + n + 1, s.off + s.len, out);
}

void
sw_uri_reset(struct sw_uri *u, struct sw_slice s)
{
	sw_uri_reset_inline(u, s);
}

/* Every URI: the grammar as written, no shortcut. Out of line so that the
 * fast path's caller saves no registers for it. */
static SW_NOINLINE int
uri_parse_full(const void *base, struct sw_slice s, struct sw_uri *out, struct sw_err *err)
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

int
sw_uri_parse(const void *base, struct sw_slice s, struct sw_uri *out, struct sw_err *err)
{
	/* a slice that wraps is not taken by the fast path (s.len < 5 or the
	 * end check inside fails), the full parser reports it */
	if (s.off + s.len >= s.off && fast_uri(base, s, out) == SW_OK)
		return SW_OK;
	return uri_parse_full(base, s, out, err);
}

int
sw_uri_parse_general(const void *base, struct sw_slice s, struct sw_uri *out, struct sw_err *err)
{
	return uri_parse_full(base, s, out, err);
}
