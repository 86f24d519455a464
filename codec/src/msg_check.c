/* Strict RFC 3261 checks on a parsed message (sw_msg_check).
 *
 * sw_msg_parse does what the data plane needs to move a message (framing,
 * header table, CSeq). This pass adds the syntax and semantic rules of the
 * core headers that a conformant element must enforce before it answers
 * or relies on them; the CLI, the tests and the fuzzers run both.
 */
#include <string.h>

#include "ctype_tab.h"
#include "sipwire/msg.h"
#include "sipwire/route.h"
#include "sipwire/uri.h"

static int
bad(struct sw_err *err, int rc, uint32_t off, const char *detail)
{
	if (err != NULL) {
		err->off = off;
		err->need = 0;
		err->detail = detail;
	}
	return rc;
}

/* RFC 3261 §19.1.1 table 1: a SIP/SIPS Request-URI has no headers. */
static int
check_ruri(const void *buf, const struct sw_msg *m, struct sw_err *err)
{
	struct sw_uri u;
	int rc = sw_uri_parse(buf, m->ruri, &u, err);

	if (rc != SW_OK)
		return rc;
	if ((u.kind == SW_URI_SIP || u.kind == SW_URI_SIPS) && u.headers.len > 0)
		return bad(err, SW_E_MALFORMED, u.headers.off, "Request-URI must not carry headers");
	return SW_OK;
}

/* Headers that appear at most once (RFC 3261 §7.3.1, §20) and those every
 * request and response carries (§8.1.1, §8.2.6.2). Max-Forwards is not
 * required: RFC 2543 peers omit it (RFC 4475 §3.4.1). */
static const uint8_t single_ids[] = {
	SW_HDR_CALL_ID, SW_HDR_CSEQ, SW_HDR_FROM, SW_HDR_TO, SW_HDR_MAX_FORWARDS,
	SW_HDR_CONTENT_TYPE, SW_HDR_EXPIRES, SW_HDR_DATE,
};
static const uint8_t required_ids[] = {
	SW_HDR_VIA, SW_HDR_FROM, SW_HDR_TO, SW_HDR_CALL_ID, SW_HDR_CSEQ,
};

static int
check_counts(const struct sw_msg *m, struct sw_err *err)
{
	for (size_t i = 0; i < sizeof(single_ids); i++) {
		const struct sw_hdr *h = sw_msg_first(m, (enum sw_hdr_id)single_ids[i]);

		if (h != NULL && h->next != SW_HDR_NONE)
			return bad(err, SW_E_MALFORMED, m->hdrs[h->next].line.off,
				   "header allowed once appears again");
	}
	if (m->mode == SW_MODE_FRAGMENT)
		return SW_OK;
	for (size_t i = 0; i < sizeof(required_ids); i++)
		if (m->first[required_ids[i]] == SW_HDR_NONE)
			return bad(err, SW_E_NOTFOUND, m->hdr_end, "required header missing");
	return SW_OK;
}

/* delta-style decimal with an upper bound (Max-Forwards <= 255, §20.22). */
static int
check_number(const char *b, const struct sw_hdr *h, uint64_t max, struct sw_err *err)
{
	uint64_t v = 0;

	if (h->value.len == 0 || h->value.len > 20)
		return bad(err, h->value.len ? SW_E_RANGE : SW_E_MALFORMED, h->value.off,
			   "number expected");
	for (uint32_t i = 0; i < h->value.len; i++) {
		unsigned char c = (unsigned char)b[h->value.off + i];

		if (!sw_is(c, SW_CT_DIGIT))
			return bad(err, SW_E_MALFORMED, h->value.off + i, "digit expected");
		v = v * 10 + (uint64_t)(c - '0');
		if (v > max)
			return bad(err, SW_E_RANGE, h->value.off, "number out of range");
	}
	return SW_OK;
}

/* Call-ID = word ["@" word] (§25). */
static int
check_callid(const char *b, const struct sw_hdr *h, struct sw_err *err)
{
	uint32_t at = 0;

	if (h->value.len == 0)
		return bad(err, SW_E_MALFORMED, h->value.off, "Call-ID is empty");
	for (uint32_t i = 0; i < h->value.len; i++) {
		unsigned char c = (unsigned char)b[h->value.off + i];

		if (c == '@' && at == 0 && i > 0 && i + 1 < h->value.len)
			at = i;
		else if (!sw_is(c, SW_CT_WORD))
			return bad(err, SW_E_MALFORMED, h->value.off + i, "Call-ID is not word[@word]");
	}
	return SW_OK;
}

/* rfc1123-date = wkday "," SP 2DIGIT SP month SP 4DIGIT SP time SP "GMT" (§20.17). */
static int
check_date(const char *b, const struct sw_hdr *h, struct sw_err *err)
{
	static const char shape[] = "Aaa, 00 Aaa 0000 00:00:00 GMT";
	static const char wk[] = "MonTueWedThuFriSatSun";
	static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *v = b + h->value.off;

	if (h->value.len != sizeof(shape) - 1)
		return bad(err, SW_E_MALFORMED, h->value.off, "Date is not an rfc1123-date");
	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		int ok = shape[i] == '0' ? sw_is((unsigned char)v[i], SW_CT_DIGIT)
			 : shape[i] == 'A' || shape[i] == 'a' ? sw_is((unsigned char)v[i], SW_CT_ALPHA)
							     : v[i] == shape[i];
		if (!ok)
			return bad(err, SW_E_MALFORMED, h->value.off + (uint32_t)i,
				   i >= 26 ? "Date must be in GMT" : "Date is not an rfc1123-date");
	}
	for (size_t i = 0; i < sizeof(wk) - 1; i += 3)
		if (memcmp(v, wk + i, 3) == 0)
			goto weekday_ok;
	return bad(err, SW_E_MALFORMED, h->value.off, "Date has no valid weekday");
weekday_ok:
	for (size_t i = 0; i < sizeof(mon) - 1; i += 3)
		if (memcmp(v + 8, mon + i, 3) == 0)
			return SW_OK;
	return bad(err, SW_E_MALFORMED, h->value.off + 8, "Date has no valid month");
}

static uint32_t
skip_lws(const char *b, uint32_t p, uint32_t end)
{
	while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r' || b[p] == '\n'))
		p++;
	return p;
}

static uint32_t
skip_token(const char *b, uint32_t p, uint32_t end)
{
	while (p < end && sw_is((unsigned char)b[p], SW_CT_TOKEN))
		p++;
	return p;
}

/* sent-protocol = name SLASH version SLASH transport (SLASH = SWS "/" SWS) */
static int
via_protocol(const char *b, uint32_t *pp, uint32_t end, struct sw_err *err)
{
	uint32_t p = skip_lws(b, *pp, end);

	for (int part = 0; part < 3; part++) {
		uint32_t t = skip_token(b, p, end);

		if (t == p)
			return bad(err, SW_E_MALFORMED, p, "Via sent-protocol token expected");
		p = skip_lws(b, t, end);
		if (part < 2) {
			if (p >= end || b[p] != '/')
				return bad(err, SW_E_MALFORMED, p, "Via sent-protocol '/' expected");
			p = skip_lws(b, p + 1, end);
		} else if (p == t) {
			return bad(err, SW_E_MALFORMED, p, "LWS expected before Via sent-by");
		}
	}
	*pp = p;
	return SW_OK;
}

/* sent-by = host [ COLON port ] */
static int
via_sent_by(const char *b, uint32_t *pp, uint32_t end, struct sw_err *err)
{
	uint32_t p = *pp, h = p, port = 0, d;

	if (p < end && b[p] == '[') {
		while (++p < end && (sw_is((unsigned char)b[p], SW_CT_HEX) || b[p] == ':' || b[p] == '.'))
			;
		if (p >= end || b[p] != ']' || p - h < 3)
			return bad(err, SW_E_MALFORMED, h, "Via IPv6 reference expected");
		p++;
	} else {
		while (p < end && sw_is((unsigned char)b[p], SW_CT_HOST))
			p++;
		if (p == h)
			return bad(err, SW_E_MALFORMED, h, "Via sent-by host expected");
	}
	p = skip_lws(b, p, end);
	if (p < end && b[p] == ':') {
		d = p = skip_lws(b, p + 1, end);
		while (p < end && sw_is((unsigned char)b[p], SW_CT_DIGIT) && p - d < 6)
			port = port * 10 + (uint32_t)(b[p++] - '0');
		if (p == d || port > 65535)
			return bad(err, p == d ? SW_E_MALFORMED : SW_E_RANGE, d, "Via port expected");
		p = skip_lws(b, p, end);
	}
	*pp = p;
	return SW_OK;
}

/* via-parm *(COMMA via-parm), via-parm = sent-protocol LWS sent-by *(SEMI via-params) */
static int
check_via(const char *b, const struct sw_hdr *h, struct sw_err *err)
{
	uint32_t p = h->value.off, end = h->value.off + h->value.len;

	for (;;) {
		uint32_t q, inq = 0;
		struct sw_slice rest, name, value;
		int rc = via_protocol(b, &p, end, err);

		if (rc == SW_OK)
			rc = via_sent_by(b, &p, end, err);
		if (rc != SW_OK)
			return rc;
		for (q = p; q < end; q++) { /* end of this via-parm: a ',' outside quotes */
			if (inq && b[q] == '\\')
				q++;
			else if (b[q] == '"')
				inq = !inq;
			else if (!inq && b[q] == ',')
				break;
		}
		if (q > end)
			return bad(err, SW_E_MALFORMED, end, "unterminated quoted string in Via");
		if (q > p && b[p] != ';')
			return bad(err, SW_E_MALFORMED, p, "';' or ',' expected in Via");
		rest = sw_slice_make(p, q - p);
		while ((rc = sw_param_next(b, &rest, &name, &value)) > 0)
			;
		if (rc < 0)
			return bad(err, rc, rest.off, "bad Via parameter");
		if (q >= end)
			return SW_OK;
		p = q + 1;
	}
}

/* From and To: one name-addr / addr-spec each (§20.20, §20.39). */
static int
check_party(const char *b, const struct sw_msg *m, enum sw_hdr_id id, struct sw_err *err)
{
	const struct sw_hdr *h = sw_msg_first(m, id);
	struct sw_nameaddr na;

	return h == NULL ? SW_OK : sw_nameaddr_parse(b, h->value, 0, &na, err);
}

/* Every entry of the name-addr list headers must parse. */
static int
check_lists(const char *b, const struct sw_msg *m, struct sw_err *err)
{
	static const uint8_t ids[] = {
		SW_HDR_CONTACT, SW_HDR_ROUTE, SW_HDR_RECORD_ROUTE, SW_HDR_PATH, SW_HDR_SERVICE_ROUTE,
	};

	for (size_t i = 0; i < sizeof(ids); i++) {
		struct sw_addr_iter it;
		struct sw_nameaddr na;
		int rc;

		if (m->first[ids[i]] == SW_HDR_NONE)
			continue;
		sw_addr_iter_init(&it, b, m, (enum sw_hdr_id)ids[i]);
		while ((rc = sw_addr_iter_next(&it, &na, err)) > 0)
			;
		if (rc < 0)
			return rc;
	}
	return SW_OK;
}

static int
check_fields(const char *b, const struct sw_msg *m, struct sw_err *err)
{
	const struct sw_hdr *h;
	int rc;

	for (h = sw_msg_first(m, SW_HDR_VIA); h != NULL; h = sw_msg_next(m, h))
		if ((rc = check_via(b, h, err)) != SW_OK)
			return rc;
	if ((h = sw_msg_first(m, SW_HDR_MAX_FORWARDS)) != NULL &&
	    (rc = check_number(b, h, 255, err)) != SW_OK)
		return rc;
	if ((h = sw_msg_first(m, SW_HDR_CALL_ID)) != NULL && (rc = check_callid(b, h, err)) != SW_OK)
		return rc;
	if ((h = sw_msg_first(m, SW_HDR_DATE)) != NULL && (rc = check_date(b, h, err)) != SW_OK)
		return rc;
	if ((rc = check_party(b, m, SW_HDR_FROM, err)) != SW_OK ||
	    (rc = check_party(b, m, SW_HDR_TO, err)) != SW_OK)
		return rc;
	return check_lists(b, m, err);
}

int
sw_msg_check(const void *buf, const struct sw_msg *m, struct sw_err *err)
{
	const char *b = buf;
	int rc;

	if (m->kind == SW_MSG_REQUEST && (rc = check_ruri(buf, m, err)) != SW_OK)
		return rc;
	if ((rc = check_counts(m, err)) != SW_OK)
		return rc;
	if (m->kind == SW_MSG_REQUEST && m->has_cseq &&
	    (m->cseq_method.len != m->method_name.len ||
	     memcmp(b + m->cseq_method.off, b + m->method_name.off, m->method_name.len) != 0))
		return bad(err, SW_E_STATE, m->cseq_method.off, "CSeq method differs from the request method");
	return check_fields(b, m, err);
}
