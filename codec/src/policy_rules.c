/* The SBC rules: Path (RFC 3327, RFC 5626), Service-Route (RFC 3608) with
 * stateless restore, Path echo removal, Refer-Sub (RFC 4488).
 *
 * Each rule reads only the header lists it needs, through the route and
 * option-tag iterators, and expresses its change as whole-line inserts and
 * deletes or as replacements of exactly the entries it targets, so every
 * other byte of the message stays as received.
 */
#include <string.h>

#include "ctype_tab.h"
#include "lex.h"
#include "policy_int.h"
#include "sipwire/refer_sub.h"
#include "sipwire/route.h"
#include "sipwire/uri.h"

#define MAX_SET 32 /* Service-Route lines we hide in one token */
#if defined(__GNUC__)
#define SW_NOINLINE __attribute__((noinline))
#else
#define SW_NOINLINE
#endif

/* Number of Via values (comma-separated, over every line); quoted strings
 * in parameters may hold commas. Negative on a malformed quote. */
static int
count_via(const unsigned char *b, const struct sw_msg *m)
{
	int n = 0;

	for (const struct sw_hdr *h = sw_msg_first(m, SW_HDR_VIA); h != NULL; h = sw_msg_next(m, h)) {
		uint32_t p = h->value.off, end = h->value.off + h->value.len, bad;

		n++;
		while (p < end) {
			if (b[p] == '"') {
				p = sw_lex_quoted(b, p, end, &bad);
				if (p == SW_LEX_BAD)
					return SW_E_MALFORMED;
				continue;
			}
			n += b[p++] == ',';
		}
	}
	return n;
}

/* RFC 5626 §5.1: the first hop (exactly one Via value) of a REGISTER whose
 * Contacts all carry reg-id and +sip.instance. 1 yes, 0 no, <0 malformed. */
static int
outbound_first_hop(struct pol_ctx *c)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	int n = 0, rc, vias = count_via(c->b, c->m);

	if (vias < 0)
		return sw_pol_fail(c, SW_E_MALFORMED, 0, "unbalanced quote in Via");
	if (vias != 1)
		return 0;
	sw_addr_iter_init(&it, c->b, c->m, SW_HDR_CONTACT);
	while ((rc = sw_addr_iter_next(&it, &na, c->err)) == 1) {
		if (na.star || sw_param_find(c->b, na.params, "reg-id", NULL) <= 0 ||
		    sw_param_find(c->b, na.params, "+sip.instance", NULL) <= 0)
			return 0;
		n++;
	}
	if (rc < 0)
		return sw_pol_fail(c, SW_E_MALFORMED, c->err ? c->err->off : 0, "malformed Contact");
	return n > 0;
}

/* "Path: <sip:[token@]rest[;ob][?headers]>\r\n" into scratch, followed by
 * "Require: path\r\n" when req_line (one insert instead of two). */
static int
build_path_line(struct pol_ctx *c, int ob, int req_line, struct pol_buf *w)
{
	const struct sw_policy *p = c->p;
	size_t tlen = 0;
	int rc;

	if (p->have_key && c->src == NULL)
		return sw_pol_fail(c, SW_E_NOTFOUND, 0, "flow-key set but the transport source is unknown");
	rc = sw_pol_buf_init(c, w, p->path_uri_len + SW_FLOW_TOKEN_MAX + 32);
	if (rc != SW_OK)
		return rc;
	SW_POL_PUTL(w, "Path: <");
	sw_pol_put(w, p->path_uri, p->path_rest);
	if (p->have_key) {
		/* the token goes straight into the line (room reserved above) */
		if (sw_flow_token_encode(p->key, c->src, w->p + w->len, w->cap - w->len, &tlen) != SW_OK)
			return sw_pol_fail(c, SW_E_INVAL, 0, "transport source is not a valid flow");
		w->len += (uint32_t)tlen;
		SW_POL_PUTL(w, "@");
	}
	sw_pol_put(w, p->path_uri + p->path_rest, p->path_q - p->path_rest);
	if (ob)
		SW_POL_PUTL(w, ";ob");
	sw_pol_put(w, p->path_uri + p->path_q, p->path_uri_len - p->path_q);
	SW_POL_PUTL(w, ">\r\n");
	if (req_line)
		SW_POL_PUTL(w, "Require: path\r\n");
	return w->overflow ? sw_pol_fail(c, SW_E_NOSPACE, 0, "Path line overflow") : SW_OK;
}

/* The same line from the one sw_policy_set rendered: without a flow key
 * the rendered bytes themselves (the policy outlives the apply), with one
 * its two halves around the token. */
static int
rendered_path_line(struct pol_ctx *c, int ob, int req_line, struct pol_buf *w)
{
	const struct sw_policy *p = c->p;
	const char *l = p->path_line[ob];
	uint32_t n = p->path_line_len[ob] + (req_line ? sizeof("Require: path\r\n") - 1 : 0);
	uint32_t head = 7 + p->path_rest; /* "Path: <sip:" */
	size_t tlen = 0;

	if (!p->have_key) {
		w->p = (char *)l; /* only read: the edit's bytes */
		w->len = w->cap = n;
		w->overflow = 0;
		return SW_OK;
	}
	if (c->src == NULL)
		return sw_pol_fail(c, SW_E_NOTFOUND, 0, "flow-key set but the transport source is unknown");
	if (sw_pol_buf_init(c, w, n + SW_FLOW_TOKEN_MAX + 1) != SW_OK)
		return SW_E_NOSPACE;
	/* "Path: <sip:" or "Path: <sips:" is at most 12 bytes and both buffers
	 * hold more than 16: one fixed-size copy, the token then overwrites
	 * what followed the head */
	memcpy(w->p, l, 16);
	if (sw_flow_token_encode(p->key, c->src, w->p + head, SW_FLOW_TOKEN_MAX, &tlen) != SW_OK)
		return sw_pol_fail(c, SW_E_INVAL, 0, "transport source is not a valid flow");
	w->p[head + tlen] = '@';
	memcpy(w->p + head + tlen + 1, l + head, n - head);
	w->len = w->cap = (uint32_t)(n + tlen + 1);
	w->overflow = 0;
	return SW_OK;
}

/* RFC 3327 §5.2: the SBC's Path entry becomes the topmost value, as a new
 * line before the first Path line; only when the UA supports Path; and
 * `path` goes into Require since the SBC needs the registrar to honour it. */
int
sw_pol_path(struct pol_ctx *c)
{
	struct pol_buf w = { 0 }; /* set by the builders on SW_OK; GCC cannot see it through sw_pol_fail */
	uint32_t at = sw_pol_top_line_at(c->m, SW_HDR_PATH);
	int rc, ob = 0, req_line = sw_msg_first(c->m, SW_HDR_REQUIRE) == NULL;

	rc = sw_pol_has_tag(c, SW_HDR_SUPPORTED, "path");
	if (rc < 0)
		return sw_pol_fail(c, SW_E_MALFORMED, 0, "malformed Supported");
	if (rc == 0)
		return sw_pol_fail(c, SW_E_UNSUPPORTED, 0,
				   "UA did not send Supported: path (RFC 3327 5.2: reject with 421)");
	if (c->p->path_ob && !c->p->path_has_ob) {
		ob = outbound_first_hop(c);
		if (ob < 0)
			return ob;
	}
	rc = c->p->path_line_len[0] > 0 ? rendered_path_line(c, ob, req_line, &w)
					 : build_path_line(c, ob, req_line, &w);
	if (rc != SW_OK)
		return rc;
	rc = sw_edits_insert(c->e, at, w.p, w.len);
	if (rc != SW_OK)
		return sw_pol_edit_rc(c, rc, at);
	if (!req_line) {
		rc = sw_pol_add_tag(c, SW_HDR_REQUIRE, "path", at);
		if (rc < 0)
			return rc;
	}
	c->fired |= SW_POL_PATH;
	return SW_OK;
}

/* Set text of a folded Service-Route: its entries one by one (validated
 * by the route iterator), joined by ',' instead of the fold, so the
 * restored Route line has no continuation line. */
static int
sr_entries(struct pol_ctx *c, struct sw_slice *set, size_t *n)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	size_t k = 0;
	int rc;

	sw_addr_iter_init(&it, c->b, c->m, SW_HDR_SERVICE_ROUTE);
	while ((rc = sw_addr_iter_next(&it, &na, c->err)) == 1) {
		if (k == MAX_SET)
			return sw_pol_fail(c, SW_E_TOOLONG, na.whole.off, "Service-Route set too long to hide");
		set[k++] = na.whole;
	}
	if (rc < 0)
		return sw_pol_fail(c, SW_E_MALFORMED, c->err ? c->err->off : 0, "malformed Service-Route");
	*n = k;
	return SW_OK;
}

/* The route set text the restore puts back: the Service-Route header
 * values as received, joined by ','. They are not parsed here
 * (docs/policies.md, "What is checked where"): the restore checks the
 * text, which the MAC keeps exactly as sent. Folded values go entry by
 * entry (sr_entries). *text = the joined length. */
static int
sr_values(struct pol_ctx *c, struct sw_slice *set, size_t *n, size_t *text)
{
	size_t k = 0, t = 0;
	int rc;

	for (const struct sw_hdr *h = sw_msg_first(c->m, SW_HDR_SERVICE_ROUTE); h != NULL;
	     h = sw_msg_next(c->m, h)) {
		if (h->folded) {
			rc = sr_entries(c, set, &k);
			for (size_t i = t = 0; rc == SW_OK && i < k; i++)
				t += set[i].len + (i > 0);
			if (rc == SW_OK && t > SW_ROUTE_TEXT_MAX)
				return sw_pol_fail(c, SW_E_TOOLONG, set[0].off,
						   "Service-Route set longer than SW_ROUTE_TEXT_MAX");
			*n = k;
			*text = t;
			return rc;
		}
		if (h->value.len == 0)
			return sw_pol_fail(c, SW_E_MALFORMED, h->value.off, "empty Service-Route value");
		t += h->value.len + (k > 0);
		if (k == MAX_SET || t > SW_ROUTE_TEXT_MAX)
			return sw_pol_fail(c, SW_E_TOOLONG, h->value.off,
					   "Service-Route set longer than SW_ROUTE_TEXT_MAX");
		set[k++] = h->value;
	}
	*n = k;
	*text = t;
	return SW_OK;
}

/* The route token of set[0..n) into out: from the memo when it holds this
 * exact text under this key, else encoded (and remembered). */
static int
token_into(struct pol_ctx *c, const struct sw_slice *set, size_t n, size_t text, char *out,
	   size_t cap, size_t *tlen)
{
	int rc;

	if (c->memo != NULL && sw_pol_memo_get(c->memo, c->p->key, c->b, set, n, text, out, tlen))
		return SW_OK;
	rc = sw_route_token_encode(c->p->key, c->b, set, n, out, cap, tlen);
	if (rc != SW_OK)
		return sw_pol_fail(c, rc, set[0].off, "route token");
	if (c->memo != NULL)
		sw_pol_memo_put(c->memo, c->b, set, n, text, out, *tlen);
	return SW_OK;
}

/* "Service-Route: <uri[;swrs=token][?headers]>\r\n"; with n > 0 the route
 * token of set[0..n) goes straight into the line. The buffer is sized for
 * every piece (SR_FIXED literal bytes, the URI, at most
 * SW_ROUTE_TOKEN_LEN_MAX(text) token bytes), so the puts skip the check. */
#define SR_HEAD "Service-Route: <"
#define SR_PARAM ";" SW_POLICY_RESTORE_PARAM "="
#define SR_TAIL ">\r\n"
#define SR_FIXED (sizeof(SR_HEAD) - 1 + sizeof(SR_PARAM) - 1 + sizeof(SR_TAIL) - 1)
/* 32: the scratch size callers (test_alloc_policy) have always seen. */
_Static_assert(SR_FIXED <= 32, "Service-Route literals fit the line's spare 32 bytes");
static int
build_sr_line(struct pol_ctx *c, const struct sw_slice *set, size_t n, size_t text,
	      struct pol_buf *w)
{
	const struct sw_policy *p = c->p;
	size_t tlen = 0;
	int rc = sw_pol_buf_init(c, w, p->sr_uri_len + 32 + (n > 0 ? SW_ROUTE_TOKEN_LEN_MAX(text) : 0));

	if (rc != SW_OK)
		return rc;
	sw_pol_put_fit(w, SR_HEAD, sizeof(SR_HEAD) - 1);
	sw_pol_put_fit(w, p->sr_uri, p->sr_q);
	if (n > 0) {
		sw_pol_put_fit(w, SR_PARAM, sizeof(SR_PARAM) - 1);
		rc = token_into(c, set, n, text, w->p + w->len, w->cap - w->len, &tlen);
		if (rc != SW_OK)
			return rc;
		w->len += (uint32_t)tlen;
	}
	sw_pol_put_fit(w, p->sr_uri + p->sr_q, p->sr_uri_len - p->sr_q);
	sw_pol_put_fit(w, SR_TAIL, sizeof(SR_TAIL) - 1);
	return SW_OK;
}

/* replace: the new line takes the place of the first run of adjacent
 * Service-Route lines (one edit, the common case), later runs go. */
static int
replace_sr_lines(struct pol_ctx *c, const struct pol_buf *w)
{
	const struct sw_hdr *h = sw_msg_first(c->m, SW_HDR_SERVICE_ROUTE);
	uint32_t from = h->line.off, to = from + h->line.len;
	int rc, placed = 0;

	for (h = sw_msg_next(c->m, h);; h = sw_msg_next(c->m, h)) {
		if (h != NULL && h->line.off == to) {
			to += h->line.len;
			continue;
		}
		rc = placed ? sw_edits_delete(c->e, from, to - from)
			    : sw_edits_replace(c->e, from, to - from, w->p, w->len);
		if (rc != SW_OK)
			return sw_pol_edit_rc(c, rc, from);
		placed = 1;
		if (h == NULL)
			return SW_OK;
		from = h->line.off;
		to = from + h->line.len;
	}
}

/* RFC 3608: what a proxy on the REGISTER path does with the Service-Route
 * of the 2xx is local policy. prepend: the SBC's URI becomes the first route; replace: it
 * becomes the only one and carries the removed set for later restore. */
int
sw_pol_service_route(struct pol_ctx *c)
{
	const struct sw_hdr *first = sw_msg_first(c->m, SW_HDR_SERVICE_ROUTE);
	struct sw_slice set[MAX_SET];
	struct pol_buf w;
	size_t n = 0, text = 0;
	uint32_t at;
	int rc;

	if (c->p->sr_mode == SW_SR_KEEP || (c->p->sr_mode == SW_SR_REPLACE && first == NULL))
		return SW_OK;
	if (c->p->sr_mode == SW_SR_REPLACE) {
		if (!c->p->have_key)
			return sw_pol_fail(c, SW_E_INVAL, 0, "service-route replace needs flow-key");
		rc = sr_values(c, set, &n, &text);
		if (rc != SW_OK)
			return rc;
	}
	rc = build_sr_line(c, set, n, text, &w);
	if (rc != SW_OK)
		return rc;
	if (c->p->sr_mode == SW_SR_REPLACE) {
		rc = replace_sr_lines(c, &w);
		if (rc != SW_OK)
			return rc;
	} else {
		at = sw_pol_top_line_at(c->m, SW_HDR_SERVICE_ROUTE);
		rc = sw_edits_insert(c->e, at, w.p, w.len);
		if (rc != SW_OK)
			return sw_pol_edit_rc(c, rc, at);
	}
	c->fired |= SW_POL_SERVICE_ROUTE;
	return SW_OK;
}

/*
 * What the restore guarantees about the text it puts into Route: it is a
 * name-addr list as the route iterator takes it (entries, display names,
 * <>, header parameters, separators) and every entry's URI passes
 * sw_uri_parse. The MAC only proves that a sipwire instance holding the
 * key hid these bytes: the replace hides the values unparsed
 * (docs/policies.md, "What is checked where"), and a key shared with a
 * misconfigured instance or a bug there must still never put a Route on
 * the wire that does not parse. The verdict is the full iterator's to
 * the end of the list, reached more cheaply: the split-only walk checks
 * the structure (its URI check is only "starts with a letter") and each
 * URI is then parsed once; a URI the full walk refuses is refused here
 * (tests/test_policy_rules.c: sets that must be refused, and random sets
 * against the full iterator). The one-line message holds just the text;
 * the iterator reads only hdrs, first[] and that line (route.h).
 */
static int
restored_set_ok(const char *text, size_t n)
{
	struct sw_hdr h;
	struct sw_msg m;
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_uri u;
	int rc;

	memset(&h, 0, sizeof(h));
	h.value = h.line = sw_slice_make(0, (uint32_t)n);
	h.id = SW_HDR_ROUTE;
	h.next = SW_HDR_NONE;
	memset(m.first, 0xff, sizeof(m.first)); /* SW_HDR_NONE */
	m.first[SW_HDR_ROUTE] = 0;
	m.hdrs = &h;
	m.nhdrs = 1;
	sw_addr_iter_init_flags(&it, text, &m, SW_HDR_ROUTE, SW_NA_SPLIT_ONLY);
	while ((rc = sw_addr_iter_next(&it, &na, NULL)) == 1)
		if (sw_uri_parse(text, na.uri, &u, NULL) != SW_OK)
			return 0;
	return rc == 0;
}

/* The verified text[0..n) of the token at tok_off: check the set and
 * replace the Route entry `whole` with it. SW_OK, or the status with
 * c->err set and no edit. */
static int
restore_entry(struct pol_ctx *c, uint32_t tok_off, struct sw_slice whole, const char *text,
	      size_t n)
{
	int rc;

	if (!restored_set_ok(text, n))
		return sw_pol_fail(c, SW_E_MALFORMED, tok_off,
				   "restored Service-Route set is not a name-addr list");
	rc = sw_edits_replace(c->e, whole.off, whole.len, text, (uint32_t)n);
	if (rc != SW_OK)
		return sw_pol_edit_rc(c, rc, whole.off);
	c->fired |= SW_POL_SR_RESTORE;
	return SW_OK;
}

#define RP_EQ ";" SW_POLICY_RESTORE_PARAM "="
#define RP_EQ_LEN (sizeof(RP_EQ) - 1)

/*
 * The top Route entry as this policy's replace writes it: the URI byte
 * for byte sr_uri[0..sr_q) ";swrs=" TOKEN sr_uri[sr_q..), which is what
 * a UA sends back (RFC 3608 §6.1: the Service-Route values are its
 * preloaded Route set) when the restoring instance has the replacing
 * one's configuration. Such a URI needs no parse: sr_uri passed
 * sw_uri_parse as a sip:/sips: URI without swrs in sw_policy_set, and a
 * token that decodes is all paramchar and uppercase %XX escapes (version
 * 2; version 1 is base32 letters and digits): no ';', '?' or '=', so it
 * is one more valid uri-parameter before the '?', and the full parse
 * would accept the URI and find this swrs value first.
 * Returns 1 when it restored, 0 when the general path must decide (any
 * other shape, any failure: its statuses and offsets stay the only ones),
 * or an edit-list status.
 */
static int
restore_own(struct pol_ctx *c, char **text)
{
	const struct sw_policy *p = c->p;
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	const char *u;
	uint32_t tlen, toff;
	size_t n;
	int rc;

	if (p->sr_uri == NULL)
		return 0;
	sw_addr_iter_init_flags(&it, c->b, c->m, SW_HDR_ROUTE, SW_NA_SPLIT_ONLY);
	if (sw_addr_iter_next(&it, &na, NULL) != 1 || na.uri.len <= p->sr_uri_len + RP_EQ_LEN)
		return 0;
	u = (const char *)c->b + na.uri.off;
	tlen = na.uri.len - p->sr_uri_len - (uint32_t)RP_EQ_LEN;
	toff = na.uri.off + p->sr_q + (uint32_t)RP_EQ_LEN;
	if (memcmp(u, p->sr_uri, p->sr_q) != 0 || memcmp(u + p->sr_q, RP_EQ, RP_EQ_LEN) != 0 ||
	    memcmp(u + p->sr_q + RP_EQ_LEN + tlen, p->sr_uri + p->sr_q, p->sr_uri_len - p->sr_q) != 0)
		return 0;
	*text = sw_arena_alloc(c->a, SW_ROUTE_TEXT_MAX, 1);
	if (*text == NULL)
		return 0;
	rc = sw_route_token_decode(p->key, u + p->sr_q + RP_EQ_LEN, tlen, *text, SW_ROUTE_TEXT_MAX,
				   &n);
	if (rc != SW_OK)
		return 0;
	rc = restore_entry(c, toff, na.whole, *text, n);
	return rc == SW_OK ? 1 : rc;
}

/* An access-side request whose top Route carries a restore token: put
 * the hidden route set back, byte-exact, in place of that entry (the SBC
 * consumes its own Route entry, RFC 3261 §16.4). The entry this policy's
 * replace wrote goes the short way (restore_own); any other takes the
 * full iterator and the parameter lookup, which decide every status.
 * Out of line: most requests have no Route or no key, and sw_pol_restore
 * answers those without this function's frame. */
static SW_NOINLINE int
restore_route(struct pol_ctx *c)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_slice v;
	char *text = NULL;
	size_t n;
	int rc;

	rc = restore_own(c, &text);
	if (rc != 0)
		return rc == 1 ? SW_OK : rc;
	sw_addr_iter_init(&it, c->b, c->m, SW_HDR_ROUTE);
	rc = sw_addr_iter_next(&it, &na, c->err);
	if (rc < 0)
		return sw_pol_fail(c, SW_E_MALFORMED, c->err ? c->err->off : 0, "malformed Route");
	if (rc == 0 || sw_uri_param_find(c->b, &na.u, SW_POLICY_RESTORE_PARAM, &v) != SW_PARAM_VALUE)
		return SW_OK;
	if (text == NULL) /* restore_own took none, or tried and failed as here */
		text = sw_arena_alloc(c->a, SW_ROUTE_TEXT_MAX, 1);
	if (text == NULL)
		return sw_pol_fail(c, SW_E_NOSPACE, 0, "policy scratch arena too small");
	rc = sw_route_token_decode(c->p->key, sw_slice_ptr(c->b, v), v.len, text, SW_ROUTE_TEXT_MAX, &n);
	if (rc != SW_OK)
		return sw_pol_fail(c, SW_E_AUTH, v.off, "route-restore token failed verification");
	return restore_entry(c, v.off, na.whole, text, n);
}

int
sw_pol_restore(struct pol_ctx *c)
{
	if (!c->p->have_key || sw_msg_first(c->m, SW_HDR_ROUTE) == NULL)
		return SW_OK;
	return restore_route(c);
}

/* RFC 4488 on REFER. suppress: a REFER without Refer-Sub gets
 * "Refer-Sub: false" and norefersub in Supported (an explicit Refer-Sub
 * from the issuer is its choice and stays). strip: for peers without
 * RFC 4488, Refer-Sub and the norefersub tag (Supported and Require) go.
 * Responses are never touched: RFC 4488 §4 makes the 2xx say what the
 * recipient did (Refer-Sub: false only when it created no subscription),
 * which only the recipient knows. */
int
sw_pol_refer_sub(struct pol_ctx *c)
{
	struct sw_refer_sub rs;
	int rc, t1, t2;

	if (c->p->refer_sub == SW_RS_SUPPRESS) {
		rc = sw_refer_sub_get(c->b, c->m, &rs, c->err);
		if (rc < 0)
			return sw_pol_fail(c, SW_E_MALFORMED, c->err ? c->err->off : 0, "malformed Refer-Sub");
		if (rc == 1)
			return SW_OK;
		rc = sw_edits_insert(c->e, c->m->hdr_end, "Refer-Sub: false\r\n", 18);
		if (rc != SW_OK)
			return sw_pol_edit_rc(c, rc, c->m->hdr_end);
		rc = sw_pol_add_tag(c, SW_HDR_SUPPORTED, "norefersub", c->m->hdr_end);
		if (rc < 0)
			return rc;
		c->fired |= SW_POL_REFER_SUB;
	} else if (c->p->refer_sub == SW_RS_STRIP) {
		rc = sw_pol_delete_lines(c, SW_HDR_REFER_SUB);
		if (rc != SW_OK)
			return rc;
		t1 = sw_pol_remove_tag(c, SW_HDR_SUPPORTED, "norefersub");
		if (t1 < 0)
			return t1;
		t2 = sw_pol_remove_tag(c, SW_HDR_REQUIRE, "norefersub");
		if (t2 < 0)
			return t2;
		if (t1 + t2 > 0 || sw_msg_first(c->m, SW_HDR_REFER_SUB) != NULL)
			c->fired |= SW_POL_REFER_SUB;
	}
	return SW_OK;
}

/* Same host (case-insensitive) and port (absent = absent) as the Path URI. */
static int
is_our_path_uri(const struct sw_policy *p, const unsigned char *b, const struct sw_uri *u)
{
	struct sw_uri mine;

	if (sw_uri_parse(p->path_uri, sw_slice_make(0, p->path_uri_len), &mine, NULL) != SW_OK ||
	    mine.host.len != u->host.len || mine.has_port != u->has_port ||
	    (u->has_port && mine.port_num != u->port_num))
		return 0;
	for (uint32_t i = 0; i < u->host.len; i++)
		if (sw_lower[(unsigned char)p->path_uri[mine.host.off + i]] != sw_lower[b[u->host.off + i]])
			return 0;
	return 1;
}

int
sw_policy_route_flow(const void *buf, const struct sw_msg *msg, const struct sw_policy *p,
		     struct sw_flow *out, struct sw_err *err)
{
	const unsigned char *b = buf;
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	int rc;

	memset(out, 0, sizeof(*out));
	if (p->path_uri == NULL || !p->have_key || sw_msg_first(msg, SW_HDR_ROUTE) == NULL)
		return 0;
	sw_addr_iter_init(&it, b, msg, SW_HDR_ROUTE);
	rc = sw_addr_iter_next(&it, &na, err);
	if (rc < 0)
		return SW_E_MALFORMED;
	if (rc == 0 || !na.u.has_user || na.u.user.len == 0 || !is_our_path_uri(p, b, &na.u))
		return 0;
	rc = sw_flow_token_decode(p->key, (const char *)b + na.u.user.off, na.u.user.len, out);
	if (rc != SW_OK) {
		if (err != NULL) {
			err->off = na.u.user.off;
			err->detail = "flow token failed verification";
		}
		return SW_E_AUTH;
	}
	return 1;
}
