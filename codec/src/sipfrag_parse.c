/* message/sipfrag parser: the fragment-mode message parse, sw_msg_check's
 * header syntax checks (which skip the required-header rule in fragment
 * mode), and the RFC 3420 rules only a fragment has (complete input, body
 * description, one tag).
 */
#include <string.h>

#include "err_int.h"
#include "ctype_tab.h"
#include "lex.h"
#include "sipwire/route.h"
#include "sipwire/sipfrag.h"
#include "sipwire/uri.h"

static uint32_t
scan_class(const unsigned char *b, uint32_t p, uint32_t end, unsigned cls)
{
	while (p < end && sw_is(b[p], cls))
		p++;
	return p;
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
		return sw_err_at(err, SW_E_MALFORMED, p, "Content-Type: m-type expected");
	q = p;
	p = sw_lex_lws(b, p, end);
	if (p >= end || b[p] != '/')
		return sw_err_at(err, SW_E_MALFORMED, p, "Content-Type: '/' expected");
	s0 = sw_lex_lws(b, p + 1, end);
	s1 = scan_class(b, s0, end, SW_CT_TOKEN);
	if (s1 == s0)
		return sw_err_at(err, SW_E_MALFORMED, s0, "Content-Type: m-subtype expected");
	for (p = sw_lex_lws(b, s1, end); p < end; p = sw_lex_lws(b, p, end)) {
		uint32_t a0, a1, v0, bad;

		if (b[p] != ';')
			return sw_err_at(err, SW_E_MALFORMED, p, "Content-Type: ';' expected");
		a0 = sw_lex_lws(b, p + 1, end);
		a1 = scan_class(b, a0, end, SW_CT_TOKEN);
		p = sw_lex_lws(b, a1, end);
		if (a1 == a0 || p >= end || b[p] != '=')
			return sw_err_at(err, SW_E_MALFORMED, p, "Content-Type: m-attribute=m-value expected");
		v0 = sw_lex_lws(b, p + 1, end);
		p = v0 < end && b[v0] == '"' ? sw_lex_quoted(b, v0, end, &bad)
					     : scan_class(b, v0, end, SW_CT_TOKEN);
		if (p == SW_LEX_BAD || p == v0)
			return sw_err_at(err, SW_E_MALFORMED, v0, "Content-Type: bad m-value");
		if (a1 - a0 == 7 && sw_slice_ieq(base, sw_slice_make(a0, 7), "version"))
			ver = b[v0] == '"' ? sw_slice_make(v0 + 1, p - v0 - 2) : sw_slice_make(v0, p - v0);
	}
	if (version != NULL)
		*version = ver;
	if (!sw_slice_ieq(base, sw_slice_make(t0, q - t0), "message") ||
	    !sw_slice_ieq(base, sw_slice_make(s0, s1 - s0), "sipfrag"))
		return sw_err_at(err, SW_E_NOTFOUND, v.off, "not message/sipfrag");
	if (ver.len != 0 && !sw_slice_eq(base, ver, "2.0"))
		return sw_err_at(err, SW_E_VERSION, ver.off, "message/sipfrag version is not 2.0");
	return SW_OK;
}

/* RFC 3420 §3.2: a From or To with two tags is not a valid header field,
 * although each parameter alone is well-formed; sw_msg_check has already
 * parsed the name-addr. */
static int
check_one_tag(const void *base, const struct sw_msg *msg, enum sw_hdr_id id, struct sw_err *err)
{
	const struct sw_hdr *h = sw_msg_first(msg, id);
	struct sw_nameaddr na;
	struct sw_slice rest, name, value;
	unsigned tags = 0;
	int rc;

	if (h == NULL)
		return SW_OK;
	rc = sw_nameaddr_parse(base, h->value, 0, &na, err);
	if (rc != SW_OK)
		return rc;
	rest = na.params;
	while ((rc = sw_param_next(base, &rest, &name, &value)) > 0)
		if (sw_slice_ieq(base, name, "tag") && ++tags > 1)
			return sw_err_at(err, SW_E_MALFORMED, name.off, "more than one tag parameter");
	return rc < 0 ? sw_err_at(err, rc, rest.off, "bad header parameter") : SW_OK;
}

/* The RFC 3420 rules beyond the structural parse and sw_msg_check. */
static int
check_fragment(const void *buf, size_t len, const struct sw_msg *msg, struct sw_err *err)
{
	const struct sw_hdr *ct = sw_msg_first(msg, SW_HDR_CONTENT_TYPE);
	struct sw_err e2 = { 0 };
	int rc;

	if (msg->len != len)
		return sw_err_at(err, SW_E_LENGTH, msg->len, "bytes after the body Content-Length announces");
	if (msg->body.len > 0 && ct == NULL)
		return sw_err_at(err, SW_E_MALFORMED, msg->body.off, "body without Content-Type (RFC 3420 §2)");
	/* any media type is fine here; only its syntax is checked */
	if (ct != NULL && sw_sipfrag_ctype_parse(buf, ct->value, NULL, &e2) == SW_E_MALFORMED)
		return sw_err_at(err, SW_E_MALFORMED, e2.off, e2.detail);
	rc = sw_msg_check(buf, msg, err);
	if (rc == SW_OK)
		rc = check_one_tag(buf, msg, SW_HDR_FROM, err);
	if (rc == SW_OK)
		rc = check_one_tag(buf, msg, SW_HDR_TO, err);
	return rc;
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
	rc = check_fragment(buf, len, msg, err);
	if (rc != SW_OK) {
		sw_arena_rewind(arena, mark);
		msg->hdrs = NULL;
		msg->nhdrs = 0;
	}
	return rc;
}
