/* Reg event (RFC 3680) SUBSCRIBE and NOTIFY builders.
 *
 * The NOTIFY body is produced by a callback writing in place: the builder
 * leaves a fixed-width Content-Length field, lets the callback fill the rest
 * of the buffer, then writes the digits into the field. Padding sits between
 * the colon and the digits, where RFC 3261 §7.3.1 allows any LWS, so the
 * body never moves.
 */
#include <string.h>

#include "ctype_tab.h"
#include "notify_int.h"
#include "sipwire/reginfo.h"
#include "sipwire/xmlw.h"

/* Checks what both builders take and prepares the local identity. */
static int
check_common(const struct sw_local_id *local, struct sw_local *l, const char *call_id,
	     uint32_t cseq, const char *route, struct sw_err *err)
{
	if (!sw_nb_is_call_id(call_id))
		return sw_nb_fail(err, SW_E_INVAL, 0, "Call-ID is not word [\"@\" word]");
	if (cseq > 0x7fffffffu)
		return sw_nb_fail(err, SW_E_RANGE, 0, "CSeq number not below 2**31");
	if (route != NULL && !sw_nb_is_text(route))
		return sw_nb_fail(err, SW_E_INVAL, 0, "Route value is empty or not one line");
	if (local == NULL || !sw_nb_is_branch(local->branch))
		return sw_nb_fail(err, SW_E_INVAL, 0, "branch must be a token starting with z9hG4bK");
	return sw_local_prepare(l, local, err);
}

/* Request line, Via and Route: the start every builder here shares. */
static void
put_start(struct sw_ob *o, const char *method, const char *ruri, const struct sw_local *l,
	  const char *branch, const char *route)
{
	sw_ob_str(o, method);
	SW_OB_LIT(o, " ");
	sw_ob_str(o, ruri);
	SW_OB_LIT(o, " SIP/2.0\r\n");
	sw_nb_via(o, l, branch);
	if (route != NULL) {
		SW_OB_LIT(o, "Route: ");
		sw_ob_str(o, route);
		SW_OB_LIT(o, "\r\n");
	}
}

static void
put_tagged(struct sw_ob *o, const char *name, const char *value, const char *tag)
{
	sw_ob_str(o, name);
	sw_ob_str(o, value);
	if (tag != NULL) {
		SW_OB_LIT(o, ";tag=");
		sw_ob_str(o, tag);
	}
	SW_OB_LIT(o, "\r\n");
}

/* Call-ID, CSeq, Max-Forwards and Event: reg, common to both requests. */
static void
put_call_id_to_event(struct sw_ob *o, const char *call_id, uint32_t cseq, const char *method)
{
	SW_OB_LIT(o, "Call-ID: ");
	sw_ob_str(o, call_id);
	SW_OB_LIT(o, "\r\nCSeq: ");
	sw_ob_u32(o, cseq);
	SW_OB_LIT(o, " ");
	sw_ob_str(o, method);
	SW_OB_LIT(o, "\r\nMax-Forwards: 70\r\nEvent: reg\r\n");
}

int
sw_subscribe_reg_build(const struct sw_local_id *local, const struct sw_reg_subscribe *p,
		       void *out, size_t cap, size_t *out_len, struct sw_err *err)
{
	struct sw_ob o;
	struct sw_local l;
	int rc = check_common(local, &l, p->call_id, p->cseq, p->route, err);

	if (rc != SW_OK)
		return rc;
	if (!sw_nb_is_uri(p->aor) || !sw_nb_is_text(p->from))
		return sw_nb_fail(err, SW_E_INVAL, 0, "aor must be a URI and from one line of text");
	if (!sw_nb_is_class(p->from_tag, SW_CT_TOKEN) ||
	    (p->to_tag != NULL && !sw_nb_is_class(p->to_tag, SW_CT_TOKEN)))
		return sw_nb_fail(err, SW_E_INVAL, 0, "tags must be tokens");
	sw_ob_init(&o, out, cap);
	put_start(&o, "SUBSCRIBE", p->aor, &l, local->branch, p->route);
	put_tagged(&o, "From: ", p->from, p->from_tag);
	SW_OB_LIT(&o, "To: <");
	sw_ob_str(&o, p->aor);
	SW_OB_LIT(&o, ">");
	if (p->to_tag != NULL) {
		SW_OB_LIT(&o, ";tag=");
		sw_ob_str(&o, p->to_tag);
	}
	SW_OB_LIT(&o, "\r\n");
	put_call_id_to_event(&o, p->call_id, p->cseq, "SUBSCRIBE");
	SW_OB_LIT(&o, "Expires: ");
	sw_ob_u32(&o, p->expires);
	/* RFC 3680 §4.5: reginfo+xml is the default, but saying so costs little */
	SW_OB_LIT(&o, "\r\nAccept: application/reginfo+xml\r\n");
	sw_ob_put(&o, l.contact, l.contact_len);
	SW_OB_LIT(&o, "Content-Length: 0\r\n\r\n");
	if (o.err != SW_OK)
		return sw_nb_fail(err, o.err, (unsigned)cap, "output buffer too small");
	*out_len = sw_ob_len(&o);
	return SW_OK;
}

static unsigned
digits(size_t v)
{
	unsigned n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Runs the body callback after "Content-Length:" and patches the field. */
static int
put_body_in_place(struct sw_ob *o, sw_body_fn body, void *arg, struct sw_err *err)
{
	size_t avail = (size_t)(o->end - o->p), width, n = 0;
	char *field;
	int rc;

	width = digits(avail);
	if (avail < 1 + width + 4)
		return sw_nb_fail(err, SW_E_NOSPACE, (unsigned)sw_ob_len(o), "output buffer too small");
	field = o->p;
	memset(field, ' ', 1 + width);
	o->p += 1 + width;
	SW_OB_LIT(o, "\r\n\r\n");
	rc = body(arg, o->p, (size_t)(o->end - o->p), &n);
	if (rc != SW_OK)
		return sw_nb_fail(err, rc, (unsigned)sw_ob_len(o), "body writer failed");
	if (n > (size_t)(o->end - o->p))
		return sw_nb_fail(err, SW_E_INVAL, (unsigned)sw_ob_len(o), "body writer overran its room");
	o->p += n;
	for (char *d = field + width; ; n /= 10) {
		*d-- = (char)('0' + n % 10);
		if (n < 10)
			break;
	}
	return SW_OK;
}

int
sw_notify_reg_build(const struct sw_local_id *local, const struct sw_reg_notify *p, sw_body_fn body,
		    void *arg, void *out, size_t cap, size_t *out_len, struct sw_err *err)
{
	struct sw_ob o;
	struct sw_local l;
	int rc = check_common(local, &l, p->call_id, p->cseq, p->route, err);

	if (rc != SW_OK)
		return rc;
	if (body == NULL || !sw_nb_is_uri(p->ruri) || !sw_nb_is_text(p->from) || !sw_nb_is_text(p->to))
		return sw_nb_fail(err, SW_E_INVAL, 0, "body, ruri, from and to are required");
	if (!sw_nb_is_class(p->from_tag, SW_CT_TOKEN))
		return sw_nb_fail(err, SW_E_INVAL, 0, "from_tag must be a token");
	sw_ob_init(&o, out, cap);
	put_start(&o, "NOTIFY", p->ruri, &l, local->branch, p->route);
	put_tagged(&o, "From: ", p->from, p->from_tag);
	put_tagged(&o, "To: ", p->to, NULL);
	put_call_id_to_event(&o, p->call_id, p->cseq, "NOTIFY");
	if (sw_nb_substate(&o, p->state, p->expires, p->term_reason) != SW_OK)
		return sw_nb_fail(err, SW_E_INVAL, 0, "bad subscription state or reason");
	sw_ob_put(&o, l.contact, l.contact_len);
	SW_OB_LIT(&o, "Content-Type: application/reginfo+xml\r\nContent-Length:");
	if (o.err != SW_OK)
		return sw_nb_fail(err, o.err, (unsigned)cap, "output buffer too small");
	rc = put_body_in_place(&o, body, arg, err);
	if (rc != SW_OK)
		return rc;
	*out_len = sw_ob_len(&o);
	return SW_OK;
}

int
sw_notify_reg_body_view(void *view, char *dst, size_t cap, size_t *len)
{
	struct sw_xmlw x;
	int rc;

	sw_xmlw_init(&x, dst, cap, NULL, NULL, 0);
	rc = sw_ri_write_view(&x, view);
	if (rc == SW_OK)
		*len = (size_t)sw_xmlw_len(&x);
	return rc;
}
