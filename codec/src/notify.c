/* NOTIFY for REFER progress (RFC 3515 §2.4.4-2.4.6, RFC 6665) and the pieces
 * every builder shares (Via, Contact, Subscription-State, checks on caller
 * strings).
 *
 * The REFER-derived header values (From, To, Call-ID, Record-Route) are
 * copied byte for byte from the parsed REFER: the dialog identifiers must
 * match exactly, and copying avoids re-encoding what we did not change.
 */
#include <string.h>

#include "ctype_tab.h"
#include "notify_int.h"
#include "sipwire/route.h"
#include "sipwire/sipfrag.h"
#include "sipwire/uri.h"

int
sw_nb_fail(struct sw_err *err, int rc, unsigned off, const char *detail)
{
	if (err != NULL) {
		err->off = off;
		err->detail = detail;
	}
	return rc;
}

int
sw_nb_is_class(const char *s, unsigned cls)
{
	if (s == NULL || *s == 0)
		return 0;
	for (; *s; s++)
		if (!sw_is((unsigned char)*s, cls))
			return 0;
	return 1;
}

int
sw_nb_is_text(const char *s)
{
	if (s == NULL || *s == 0)
		return 0;
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 0;
	return 1;
}

int
sw_nb_is_uri(const char *s)
{
	return sw_nb_is_class(s, SW_CT_URIC) && s[0] != '<';
}

int
sw_nb_is_call_id(const char *s)
{
	const char *at;

	if (s == NULL)
		return 0;
	at = strchr(s, '@');
	for (const char *p = s; *p; p++)
		if (p != at && !sw_is((unsigned char)*p, SW_CT_WORD))
			return 0;
	return *s != 0 && s != at && (at == NULL || at[1] != 0);
}

static int
is_host(const char *h)
{
	size_t n;

	if (h == NULL || *h == 0)
		return 0;
	if (h[0] != '[')
		return sw_nb_is_class(h, SW_CT_HOST) && h[0] != '-' && h[0] != '.';
	n = strlen(h);
	if (n < 3 || h[n - 1] != ']')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (!sw_is((unsigned char)h[i], SW_CT_HEX) && h[i] != ':' && h[i] != '.')
			return 0;
	return 1;
}

int
sw_nb_check_local(const struct sw_local_id *local, struct sw_err *err)
{
	if (local == NULL || !is_host(local->host))
		return sw_nb_fail(err, SW_E_INVAL, 0, "local host is not a host name or address");
	if (local->transport != NULL && !sw_nb_is_class(local->transport, SW_CT_TOKEN))
		return sw_nb_fail(err, SW_E_INVAL, 0, "local transport is not a token");
	/* RFC 3261 §8.1.1.7: the magic cookie marks a 3261 branch */
	if (!sw_nb_is_class(local->branch, SW_CT_TOKEN) || strncmp(local->branch, "z9hG4bK", 7) != 0)
		return sw_nb_fail(err, SW_E_INVAL, 0, "branch must be a token starting with z9hG4bK");
	if (local->user != NULL && !sw_nb_is_class(local->user, SW_CT_USER))
		return sw_nb_fail(err, SW_E_INVAL, 0, "local user has characters a SIP URI user cannot hold");
	return SW_OK;
}

void
sw_nb_via(struct sw_ob *o, const struct sw_local_id *local)
{
	SW_OB_LIT(o, "Via: SIP/2.0/");
	sw_ob_str(o, local->transport != NULL ? local->transport : "UDP");
	SW_OB_LIT(o, " ");
	sw_ob_str(o, local->host);
	if (local->port != 0) {
		SW_OB_LIT(o, ":");
		sw_ob_u32(o, local->port);
	}
	SW_OB_LIT(o, ";branch=");
	sw_ob_str(o, local->branch);
	SW_OB_LIT(o, "\r\n");
}

void
sw_nb_contact(struct sw_ob *o, const struct sw_local_id *local)
{
	const char *t = local->transport;

	SW_OB_LIT(o, "Contact: <sip:");
	if (local->user != NULL) {
		sw_ob_str(o, local->user);
		SW_OB_LIT(o, "@");
	}
	sw_ob_str(o, local->host);
	if (local->port != 0) {
		SW_OB_LIT(o, ":");
		sw_ob_u32(o, local->port);
	}
	/* UDP is the default transport of a sip: URI (RFC 3261 §19.1.1) */
	if (t != NULL && !(sw_lower[(unsigned char)t[0]] == 'u' && sw_lower[(unsigned char)t[1]] == 'd' &&
			   sw_lower[(unsigned char)t[2]] == 'p' && t[3] == 0)) {
		SW_OB_LIT(o, ";transport=");
		for (; *t; t++)
			sw_ob_put(o, &sw_lower[(unsigned char)*t], 1);
	}
	SW_OB_LIT(o, ">\r\n");
}

int
sw_nb_substate(struct sw_ob *o, enum sw_substate st, uint32_t expires, const char *term_reason)
{
	switch (st) {
	case SW_SUBSTATE_ACTIVE:
	case SW_SUBSTATE_PENDING:
		if (st == SW_SUBSTATE_ACTIVE)
			SW_OB_LIT(o, "Subscription-State: active;expires=");
		else
			SW_OB_LIT(o, "Subscription-State: pending;expires=");
		sw_ob_u32(o, expires);
		break;
	case SW_SUBSTATE_TERMINATED:
		if (term_reason == NULL)
			term_reason = "noresource";
		if (*term_reason != 0 && !sw_nb_is_class(term_reason, SW_CT_TOKEN))
			return SW_E_INVAL;
		SW_OB_LIT(o, "Subscription-State: terminated");
		if (*term_reason != 0) {
			SW_OB_LIT(o, ";reason=");
			sw_ob_str(o, term_reason);
		}
		break;
	default:
		return SW_E_INVAL;
	}
	SW_OB_LIT(o, "\r\n");
	return SW_OK;
}

/* ---- NOTIFY for REFER ------------------------------------------------------ */

/* The Request-URI of the NOTIFY: the URI of the REFER's first Contact, the
 * remote target of the subscription dialog (RFC 3261 §12.1.1). */
static int
refer_target(const char *b, const struct sw_msg *refer, struct sw_slice *uri, struct sw_err *err)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	int rc;

	if (refer->first[SW_HDR_CONTACT] == SW_HDR_NONE)
		return sw_nb_fail(err, SW_E_NOTFOUND, 0, "REFER has no Contact");
	sw_addr_iter_init(&it, b, refer, SW_HDR_CONTACT);
	rc = sw_addr_iter_next(&it, &na, err);
	if (rc < 0)
		return rc;
	if (rc == 0 || na.star)
		return sw_nb_fail(err, SW_E_MALFORMED, refer->hdrs[refer->first[SW_HDR_CONTACT]].value.off,
				  "REFER Contact has no URI");
	*uri = na.uri;
	return SW_OK;
}

/* Does the To value carry a tag header parameter? 1 yes, 0 no, <0 when the
 * value is not a name-addr / addr-spec. */
static int
to_has_tag(const char *b, const struct sw_hdr *to, struct sw_err *err)
{
	struct sw_nameaddr na;
	int rc = sw_nameaddr_parse(b, to->value, 0, &na, err);

	if (rc != SW_OK)
		return rc;
	rc = sw_param_find(b, na.params, "tag", NULL);
	if (rc < 0)
		return sw_nb_fail(err, rc, na.params.off, "REFER To: bad header parameter");
	return rc > 0;
}

static int
check_refer_args(const char *b, const struct sw_msg *refer, const struct sw_refer_notify *p,
		 const struct sw_local_id *local, struct sw_err *err)
{
	(void)b;
	if (refer == NULL || refer->kind != SW_MSG_REQUEST || refer->method != SW_METHOD_REFER)
		return sw_nb_fail(err, SW_E_INVAL, 0, "not a REFER request");
	if (refer->first[SW_HDR_FROM] == SW_HDR_NONE || refer->first[SW_HDR_TO] == SW_HDR_NONE ||
	    refer->first[SW_HDR_CALL_ID] == SW_HDR_NONE || !refer->has_cseq)
		return sw_nb_fail(err, SW_E_NOTFOUND, 0, "REFER lacks From, To, Call-ID or CSeq");
	if (p->status < 100 || p->status > 699)
		return sw_nb_fail(err, SW_E_RANGE, 0, "status code not in 100..699");
	if (p->cseq > 0x7fffffffu)
		return sw_nb_fail(err, SW_E_RANGE, 0, "CSeq number not below 2**31");
	if (p->reason != NULL && *p->reason != 0 && !sw_nb_is_text(p->reason))
		return sw_nb_fail(err, SW_E_INVAL, 0, "reason phrase holds a control character");
	return sw_nb_check_local(local, err);
}

static void
put_value_line(struct sw_ob *o, const char *name, size_t nlen, const char *b, struct sw_slice v)
{
	sw_ob_put(o, name, nlen);
	sw_ob_put(o, b + v.off, v.len);
	SW_OB_LIT(o, "\r\n");
}

int
sw_notify_refer_build(const void *refer_buf, const struct sw_msg *refer,
		      const struct sw_local_id *local, const struct sw_refer_notify *p, void *out,
		      size_t cap, size_t *out_len, struct sw_err *err)
{
	const char *b = refer_buf, *reason;
	const struct sw_hdr *to, *rr;
	struct sw_slice target = { 0, 0 };
	struct sw_ob o;
	size_t rlen;
	int rc, to_tag, with_id;

	rc = check_refer_args(b, refer, p, local, err);
	if (rc == SW_OK)
		rc = refer_target(b, refer, &target, err);
	if (rc != SW_OK)
		return rc;
	to = sw_msg_first(refer, SW_HDR_TO);
	to_tag = to_has_tag(b, to, err);
	if (to_tag < 0)
		return to_tag;
	if (!to_tag && !sw_nb_is_class(p->local_tag, SW_CT_TOKEN))
		return sw_nb_fail(err, SW_E_INVAL, 0, "REFER To has no tag and local_tag is not a token");
	with_id = p->event_id == SW_EVENT_ID_ALWAYS || (p->event_id == SW_EVENT_ID_AUTO && to_tag);
	reason = p->reason != NULL ? p->reason : sw_reason_phrase(p->status);
	rlen = strlen(reason);

	sw_ob_init(&o, out, cap);
	SW_OB_LIT(&o, "NOTIFY ");
	sw_ob_put(&o, b + target.off, target.len);
	SW_OB_LIT(&o, " SIP/2.0\r\n");
	sw_nb_via(&o, local);
	for (rr = sw_msg_first(refer, SW_HDR_RECORD_ROUTE); rr != NULL; rr = sw_msg_next(refer, rr))
		put_value_line(&o, "Route: ", 7, b, rr->value);
	put_value_line(&o, "To: ", 4, b, sw_msg_first(refer, SW_HDR_FROM)->value);
	SW_OB_LIT(&o, "From: ");
	sw_ob_put(&o, b + to->value.off, to->value.len);
	if (!to_tag) {
		SW_OB_LIT(&o, ";tag=");
		sw_ob_str(&o, p->local_tag);
	}
	SW_OB_LIT(&o, "\r\n");
	put_value_line(&o, "Call-ID: ", 9, b, sw_msg_first(refer, SW_HDR_CALL_ID)->value);
	SW_OB_LIT(&o, "CSeq: ");
	sw_ob_u32(&o, p->cseq);
	SW_OB_LIT(&o, " NOTIFY\r\nMax-Forwards: 70\r\nEvent: refer");
	if (with_id) {
		SW_OB_LIT(&o, ";id=");
		sw_ob_u32(&o, refer->cseq);
	}
	SW_OB_LIT(&o, "\r\n");
	if (sw_nb_substate(&o, p->state, p->expires, p->term_reason) != SW_OK)
		return sw_nb_fail(err, SW_E_INVAL, 0, "bad subscription state or reason");
	sw_nb_contact(&o, local);
	SW_OB_LIT(&o, "Content-Type: " SW_SIPFRAG_CTYPE "\r\nContent-Length: ");
	sw_ob_u32(&o, (uint32_t)(14 + rlen));
	SW_OB_LIT(&o, "\r\n\r\n");
	if (o.err == SW_OK) {
		long n = sw_sipfrag_write_status(o.p, (size_t)(o.end - o.p), p->status, reason, rlen);

		if (n < 0)
			return sw_nb_fail(err, (int)n, (unsigned)sw_ob_len(&o), "sipfrag body does not fit");
		o.p += n;
	}
	if (o.err != SW_OK)
		return sw_nb_fail(err, o.err, (unsigned)cap, "output buffer too small");
	*out_len = sw_ob_len(&o);
	return SW_OK;
}
