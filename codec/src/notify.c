/* NOTIFY for REFER progress (RFC 3515 §2.4.4-2.4.6, RFC 6665).
 *
 * The REFER-derived header values (From, To, Call-ID, Record-Route) are
 * copied byte for byte from the parsed REFER: the dialog identifiers must
 * match exactly, and copying avoids re-encoding what we did not change.
 * The name-addr parsing happens once per REFER (sw_refer_dialog_init); each
 * NOTIFY is then copies and small checks (sw_notify_refer_write).
 */
#include <string.h>

#include "ctype_tab.h"
#include "notify_int.h"
#include "sipwire/route.h"
#include "sipwire/sipfrag.h"
#include "sipwire/uri.h"

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

int
sw_refer_dialog_init(struct sw_refer_dialog *d, const void *refer_buf, const struct sw_msg *refer,
		     struct sw_err *err)
{
	const char *b = refer_buf;
	const struct sw_hdr *h;
	int rc;

	memset(d, 0, sizeof(*d));
	if (refer == NULL || refer->kind != SW_MSG_REQUEST || refer->method != SW_METHOD_REFER)
		return sw_nb_fail(err, SW_E_INVAL, 0, "not a REFER request");
	if (refer->first[SW_HDR_FROM] == SW_HDR_NONE || refer->first[SW_HDR_TO] == SW_HDR_NONE ||
	    refer->first[SW_HDR_CALL_ID] == SW_HDR_NONE || !refer->has_cseq)
		return sw_nb_fail(err, SW_E_NOTFOUND, 0, "REFER lacks From, To, Call-ID or CSeq");
	rc = refer_target(b, refer, &d->target, err);
	if (rc != SW_OK)
		return rc;
	h = sw_msg_first(refer, SW_HDR_TO);
	rc = to_has_tag(b, h, err);
	if (rc < 0)
		return rc;
	d->to_tag = (uint8_t)rc;
	d->to = h->value;
	d->from = sw_msg_first(refer, SW_HDR_FROM)->value;
	d->call_id = sw_msg_first(refer, SW_HDR_CALL_ID)->value;
	d->cseq = refer->cseq;
	for (h = sw_msg_first(refer, SW_HDR_RECORD_ROUTE); h != NULL; h = sw_msg_next(refer, h)) {
		if (d->nrr == SW_REFER_RR_MAX)
			return sw_nb_fail(err, SW_E_TOOMANY, h->line.off,
					  "more Record-Route lines than SW_REFER_RR_MAX");
		d->rr[d->nrr++] = h->value;
	}
	return SW_OK;
}

static int
check_notify_args(const struct sw_refer_dialog *d, const char *branch,
		  const struct sw_refer_notify *p, struct sw_err *err)
{
	if (p->status < 100 || p->status > 699)
		return sw_nb_fail(err, SW_E_RANGE, 0, "status code not in 100..699");
	if (p->cseq > 0x7fffffffu)
		return sw_nb_fail(err, SW_E_RANGE, 0, "CSeq number not below 2**31");
	if (!sw_nb_is_branch(branch))
		return sw_nb_fail(err, SW_E_INVAL, 0, "branch must be a token starting with z9hG4bK");
	if (!d->to_tag && !sw_nb_is_class(p->local_tag, SW_CT_TOKEN))
		return sw_nb_fail(err, SW_E_INVAL, 0, "REFER To has no tag and local_tag is not a token");
	return SW_OK;
}

static void
put_value_line(struct sw_ob *o, const char *name, size_t nlen, const char *b, struct sw_slice v)
{
	sw_ob_put(o, name, nlen);
	sw_ob_put(o, b + v.off, v.len);
	SW_OB_LIT(o, "\r\n");
}

/* Request line to Event: the dialog part of the NOTIFY. */
static void
put_dialog(struct sw_ob *o, const char *b, const struct sw_refer_dialog *d, const struct sw_local *l,
	   const char *branch, const struct sw_refer_notify *p)
{
	int with_id = p->event_id == SW_EVENT_ID_ALWAYS || (p->event_id == SW_EVENT_ID_AUTO && d->to_tag);

	SW_OB_LIT(o, "NOTIFY ");
	sw_ob_put(o, b + d->target.off, d->target.len);
	SW_OB_LIT(o, " SIP/2.0\r\n");
	sw_nb_via(o, l, branch);
	for (unsigned i = 0; i < d->nrr; i++)
		put_value_line(o, "Route: ", 7, b, d->rr[i]);
	put_value_line(o, "To: ", 4, b, d->from);
	SW_OB_LIT(o, "From: ");
	sw_ob_put(o, b + d->to.off, d->to.len);
	if (!d->to_tag) {
		SW_OB_LIT(o, ";tag=");
		sw_ob_str(o, p->local_tag);
	}
	SW_OB_LIT(o, "\r\n");
	put_value_line(o, "Call-ID: ", 9, b, d->call_id);
	SW_OB_LIT(o, "CSeq: ");
	sw_ob_u32(o, p->cseq);
	SW_OB_LIT(o, " NOTIFY\r\nMax-Forwards: 70\r\nEvent: refer");
	if (with_id) {
		SW_OB_LIT(o, ";id=");
		sw_ob_u32(o, d->cseq);
	}
	SW_OB_LIT(o, "\r\n");
}

int
sw_notify_refer_write(const void *refer_buf, const struct sw_refer_dialog *d, const struct sw_local *l,
		      const char *branch, const struct sw_refer_notify *p, void *out, size_t cap,
		      size_t *out_len, struct sw_err *err)
{
	const char *reason = p->reason != NULL ? p->reason : sw_reason_phrase(p->status);
	size_t rlen = strlen(reason);
	struct sw_ob o;
	long n;
	int rc = check_notify_args(d, branch, p, err);

	if (rc != SW_OK)
		return rc;
	sw_ob_init(&o, out, cap);
	put_dialog(&o, refer_buf, d, l, branch, p);
	if (sw_nb_substate(&o, p->state, p->expires, p->term_reason) != SW_OK)
		return sw_nb_fail(err, SW_E_INVAL, 0, "bad subscription state or reason");
	sw_ob_put(&o, l->contact, l->contact_len);
	SW_OB_LIT(&o, "Content-Type: " SW_SIPFRAG_CTYPE "\r\nContent-Length: ");
	sw_ob_u32(&o, (uint32_t)(14 + rlen));
	SW_OB_LIT(&o, "\r\n\r\n");
	if (o.err != SW_OK)
		return sw_nb_fail(err, o.err, (unsigned)cap, "output buffer too small");
	/* the body: the status line, checked by the sipfrag writer */
	n = sw_sipfrag_write_status(o.p, (size_t)(o.end - o.p), p->status, reason, rlen);
	if (n < 0)
		return sw_nb_fail(err, (int)n, (unsigned)sw_ob_len(&o),
				  n == SW_E_INVAL ? "reason phrase holds a control character"
						  : "output buffer too small");
	*out_len = sw_ob_len(&o) + (size_t)n;
	return SW_OK;
}

int
sw_notify_refer_build(const void *refer_buf, const struct sw_msg *refer,
		      const struct sw_local_id *local, const struct sw_refer_notify *p, void *out,
		      size_t cap, size_t *out_len, struct sw_err *err)
{
	struct sw_refer_dialog d;
	struct sw_local l;
	int rc = sw_refer_dialog_init(&d, refer_buf, refer, err);

	if (rc == SW_OK)
		rc = sw_local_prepare(&l, local, err);
	if (rc != SW_OK)
		return rc;
	return sw_notify_refer_write(refer_buf, &d, &l, local->branch, p, out, cap, out_len, err);
}
