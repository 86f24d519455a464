/* Generic parameter lists (";name[=value]") and quoted-strings, shared by
 * URI parameters, name-addr header parameters and Refer-Sub extensions.
 *
 * Names and values are scanned with one class mask (token or paramchar),
 * which covers token, host, IPv6 reference and the URI paramchar set, so
 * the same walker serves both URI and header parameters.
 */
#include <string.h>

#include "ctype_tab.h"
#include "lex.h"
#include "sipwire/uri.h"

#define PARAM_CHARS (SW_CT_TOKEN | SW_CT_PARAM)

uint32_t
sw_lex_quoted(const unsigned char *b, uint32_t p, uint32_t end, uint32_t *bad)
{
	uint32_t q = p + 1;

	for (;;) {
		/* the common bytes in one tight loop; the rest decided below */
		while (q < end && sw_is(b[q], SW_CT_QDTEXT))
			q++;
		if (q >= end)
			break;
		if (b[q] == '"')
			return q + 1;
		if (b[q] == '\\' && q + 1 < end && b[q + 1] != '\r' && b[q + 1] != '\n') {
			q += 2; /* quoted-pair may escape any byte but CR and LF */
		} else if (b[q] == '\r' && end - q >= 3 && b[q + 1] == '\n' &&
			   (b[q + 2] == ' ' || b[q + 2] == '\t')) {
			q += 3; /* a fold */
		} else {
			*bad = q;
			return SW_LEX_BAD;
		}
	}
	*bad = p; /* unterminated: point at the opening quote */
	return SW_LEX_BAD;
}

uint32_t
sw_lex_param(const unsigned char *b, uint32_t p, uint32_t end, struct sw_slice *name,
	     struct sw_slice *value, int *kind, uint32_t *bad, const char **detail)
{
	uint32_t s = p, q, e;

	while (p < end && sw_is(b[p], PARAM_CHARS))
		p++;
	if (p == s) {
		*bad = p;
		*detail = "parameter name expected";
		return SW_LEX_BAD;
	}
	*name = sw_slice_make(s, p - s);
	q = sw_lex_lws(b, p, end);
	if (q >= end || b[q] != '=') {
		*value = sw_slice_make(p, 0);
		*kind = SW_PARAM_FLAG;
		return p;
	}
	q = sw_lex_lws(b, q + 1, end);
	if (q < end && b[q] == '"') {
		e = sw_lex_quoted(b, q, end, bad);
		if (e == SW_LEX_BAD) {
			*detail = "bad quoted-string in parameter value";
			return SW_LEX_BAD;
		}
	} else {
		for (e = q; e < end && sw_is(b[e], PARAM_CHARS); e++)
			;
		if (e == q) {
			*bad = q;
			*detail = "parameter value expected after '='";
			return SW_LEX_BAD;
		}
	}
	*value = sw_slice_make(q, e - q);
	*kind = SW_PARAM_VALUE;
	return e;
}

uint32_t
sw_lex_params(const unsigned char *b, uint32_t p, uint32_t end, struct sw_slice *params,
	      uint32_t *bad, const char **detail)
{
	uint32_t first = SW_LEX_BAD, last = p;

	while (p < end && b[p] == ';') {
		struct sw_slice n, v;
		int kind;

		p = sw_lex_lws(b, p + 1, end);
		if (first == SW_LEX_BAD)
			first = p;
		last = sw_lex_param(b, p, end, &n, &v, &kind, bad, detail);
		if (last == SW_LEX_BAD)
			return SW_LEX_BAD;
		p = sw_lex_lws(b, last, end);
	}
	*params = first == SW_LEX_BAD ? sw_slice_make(p, 0) : sw_slice_make(first, last - first);
	return last;
}

int
sw_param_next(const void *base, struct sw_slice *rest, struct sw_slice *name,
	      struct sw_slice *value)
{
	const unsigned char *b = base;
	uint32_t end = rest->off + rest->len, p, e, bad = 0;
	const char *detail = NULL;
	int kind = 0;

	p = sw_lex_lws(b, rest->off, end);
	if (p == end) {
		*rest = sw_slice_make(end, 0);
		return 0;
	}
	if (b[p] == ';')
		p = sw_lex_lws(b, p + 1, end);
	e = sw_lex_param(b, p, end, name, value, &kind, &bad, &detail);
	if (e != SW_LEX_BAD) {
		p = sw_lex_lws(b, e, end);
		if (p == end || b[p] == ';') {
			*rest = sw_slice_make(p, end - p);
			return kind;
		}
		bad = p;
	}
	*rest = sw_slice_make(bad, end - bad);
	return SW_E_MALFORMED;
}

int
sw_param_find(const void *base, struct sw_slice params, const char *name, struct sw_slice *value)
{
	size_t n = strlen(name);
	struct sw_slice pn, pv;
	int rc;

	while ((rc = sw_param_next(base, &params, &pn, &pv)) > 0) {
		const unsigned char *q = (const unsigned char *)base + pn.off;
		size_t i;

		if (pn.len != n)
			continue;
		for (i = 0; i < n && sw_lower[q[i]] == sw_lower[(unsigned char)name[i]]; i++)
			;
		if (i == n) {
			if (value != NULL)
				*value = pv;
			return rc;
		}
	}
	return rc;
}

/* A SIP/SIPS URI's parameters once sw_uri_parse accepted them hold only
 * paramchar bytes (SW_CT_PARAM, escapes included) besides the ';' between
 * parameters and the '=' after a name: no LWS, no quoted-string, no '=' or
 * ';' inside a name or value. So each parameter ends at the next ';' and
 * its name at its first '=', which is what sw_lex_param decides byte by
 * byte on such a list; one memchr per parameter skips a long value (a
 * route-restore token is over a hundred bytes). */
int
sw_uri_param_find(const void *base, const struct sw_uri *u, const char *name,
		  struct sw_slice *value)
{
	const unsigned char *b = base, *p, *end, *semi;
	size_t n = strlen(name), i;

	if (u->kind != SW_URI_SIP && u->kind != SW_URI_SIPS)
		return sw_param_find(base, u->params, name, value);
	p = b + u->params.off;
	end = p + u->params.len;
	for (; p < end; p = semi + 1) {
		semi = memchr(p, ';', (size_t)(end - p));
		if (semi == NULL)
			semi = end;
		if ((size_t)(semi - p) < n || (p + n != semi && p[n] != '='))
			continue;
		for (i = 0; i < n && sw_lower[p[i]] == sw_lower[(unsigned char)name[i]]; i++)
			;
		if (i < n)
			continue;
		if (value != NULL)
			*value = p + n == semi ? sw_slice_make((uint32_t)(semi - b), 0)
					       : sw_slice_make((uint32_t)(p + n + 1 - b),
							       (uint32_t)(semi - p - n - 1));
		return p + n == semi ? SW_PARAM_FLAG : SW_PARAM_VALUE;
	}
	return 0;
}
