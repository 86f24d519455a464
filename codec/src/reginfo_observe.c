/* reginfo from an observed REGISTER and its 2xx (RFC 3680 §5, RFC 5628 §5,
 * RFC 3261 §10.2-10.3): the document an SBC mirrors for the AOR. */
#include <string.h>

#include "sipwire/msg.h"
#include "sipwire/reginfo.h"
#include "sipwire/route.h"
#include "sipwire/token.h"
#include "sipwire/uri.h"

#define OBS_MAX_PARAMS 16
#define OBS_TEXT_MAX 1024

struct obs {
	const char *rb, *ob; /* REGISTER and response buffers */
	const struct sw_msg *reg, *ok;
	uint8_t key[SW_TOKEN_KEY_LEN]; /* per-AOR key for contact ids */
	struct sw_slice aor;           /* in rb */
	int64_t reg_expires, ok_expires; /* Expires headers, -1 when absent */
	struct sw_ri_str callid;
	struct sw_err *err;
};

/* Decimal delta-seconds (RFC 3261 §25.1) of a slice, or -1. */
static int64_t
obs_num(const char *b, struct sw_slice s)
{
	int64_t v = 0;

	if (s.len == 0 || s.len > 10)
		return -1;
	for (uint32_t i = 0; i < s.len; i++) {
		unsigned d = (unsigned char)b[s.off + i] - '0';

		if (d > 9)
			return -1;
		v = v * 10 + d;
	}
	return v > UINT32_MAX ? -1 : v;
}

static int64_t
obs_expires_hdr(const char *b, const struct sw_msg *m)
{
	const struct sw_hdr *h = sw_msg_first(m, SW_HDR_EXPIRES);

	return h == NULL ? -1 : obs_num(b, h->value);
}

/* RFC 3261 §20.10 qvalue in thousandths, or -1. */
static int
obs_q(const char *b, struct sw_slice s)
{
	const char *p = b + s.off;
	unsigned v, scale = 100;

	if (s.len == 0 || s.len > 5 || (p[0] != '0' && p[0] != '1') || (s.len > 1 && p[1] != '.'))
		return -1;
	v = (unsigned)(p[0] - '0') * 1000;
	for (uint32_t i = 2; i < s.len; i++, scale /= 10) {
		if (p[i] < '0' || p[i] > '9' || (p[0] == '1' && p[i] != '0'))
			return -1;
		v += (unsigned)(p[i] - '0') * scale;
	}
	return (int)v;
}

/* A quoted-string's content with its escapes resolved (RFC 3261 §25.1), or
 * a token as is. Returns 0 or SW_E_TOOLONG. */
static int
obs_unquote(const char *b, struct sw_slice s, char *buf, struct sw_ri_str *out)
{
	const char *p = b + s.off;
	uint32_t n = 0;

	if (s.len < 2 || p[0] != '"' || p[s.len - 1] != '"') {
		*out = (struct sw_ri_str){ p, s.len };
		return SW_OK;
	}
	for (uint32_t i = 1; i + 1 < s.len; i++) {
		if (p[i] == '\\' && i + 2 < s.len)
			i++;
		if (n == OBS_TEXT_MAX)
			return SW_E_TOOLONG;
		buf[n++] = p[i];
	}
	*out = (struct sw_ri_str){ buf, n };
	return SW_OK;
}

/* "r" / "c" + the top 48 bits of h in hex: 13 chars. */
static void
obs_id(char prefix, uint64_t h, char out[14])
{
	static const char hex[] = "0123456789abcdef";

	out[0] = prefix;
	for (int i = 0; i < 12; i++)
		out[1 + i] = hex[(h >> (60 - 4 * i)) & 0xF];
	out[13] = 0;
}

/* Does the other message's Contact list hold `uri` (bytes of `b`)? Sets
 * *expires to that entry's expiry (its parameter, else the message's
 * Expires header, else -1). Returns 1, 0, or a negative status. */
static int
obs_find(const char *ob, const struct sw_msg *om, int64_t hdr_exp, const char *b,
	 struct sw_slice uri, int64_t *expires, struct sw_err *err)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_slice v;
	int rc;

	sw_addr_iter_init(&it, ob, om, SW_HDR_CONTACT);
	while ((rc = sw_addr_iter_next(&it, &na, err)) == 1) {
		if (na.star || na.uri.len != uri.len || memcmp(ob + na.uri.off, b + uri.off, uri.len) != 0)
			continue;
		*expires = sw_param_find(ob, na.params, "expires", &v) == SW_PARAM_VALUE
				   ? obs_num(ob, v) : hdr_exp;
		return 1;
	}
	return rc;
}

struct obs_contact {
	struct sw_ri_contact c;
	struct sw_ri_param prm[OBS_MAX_PARAMS];
	size_t np;
	int64_t expires;
	char pub[OBS_TEXT_MAX], temp[OBS_TEXT_MAX], disp[OBS_TEXT_MAX], id[14];
};

/* Contact parameters: expires, q and the GRUUs are fields; the rest are
 * unknown-params (RFC 3680 §5.1). */
static int
obs_params(const struct obs *o, const char *b, const struct sw_nameaddr *na,
	   struct obs_contact *oc)
{
	struct sw_slice rest = na->params, n, v;
	struct sw_ri_contact *c = &oc->c;
	int rc, q;

	while ((rc = sw_param_next(b, &rest, &n, &v)) > 0) {
		int val = rc == SW_PARAM_VALUE;

		if (sw_slice_ieq(b, n, "expires")) {
			oc->expires = val ? obs_num(b, v) : -1;
		} else if (sw_slice_ieq(b, n, "q")) {
			if (val && (q = obs_q(b, v)) >= 0) {
				c->q = (uint16_t)q;
				c->has |= SW_RI_HAS_Q;
			}
		} else if (val && sw_slice_ieq(b, n, "pub-gruu")) {
			if (obs_unquote(b, v, oc->pub, &c->pub_gruu) != SW_OK)
				return SW_E_TOOLONG;
			c->has |= SW_RI_HAS_PUB_GRUU;
		} else if (val && sw_slice_ieq(b, n, "temp-gruu")) {
			if (obs_unquote(b, v, oc->temp, &c->temp_gruu) != SW_OK)
				return SW_E_TOOLONG;
			c->temp_first_cseq = o->reg->cseq;
			c->has |= SW_RI_HAS_TEMP_GRUU;
		} else if (oc->np == OBS_MAX_PARAMS) {
			return SW_E_TOOMANY;
		} else {
			oc->prm[oc->np].name = (struct sw_ri_str){ b + n.off, n.len };
			oc->prm[oc->np++].value = (struct sw_ri_str){ b + v.off, val ? v.len : 0 };
		}
	}
	return rc < 0 ? SW_E_MALFORMED : SW_OK;
}

/*
 * One <contact> from a Contact entry of message `b`. from_ok: the entry is
 * in the 2xx (a current binding); else it is a REGISTER entry the 2xx no
 * longer lists (removed with expires 0).
 */
static int
obs_contact(struct obs *o, struct sw_ri_writer *r, const char *b, const struct sw_nameaddr *na,
	    int from_ok, struct obs_contact *oc)
{
	struct sw_ri_contact *c = &oc->c;
	int64_t asked = -1;
	int rc, in_reg = !from_ok;

	memset(c, 0, sizeof(*c));
	oc->np = 0;
	oc->expires = -2; /* no parameter */
	rc = obs_params(o, b, na, oc);
	if (rc != SW_OK)
		return rc;
	if (oc->expires == -2)
		oc->expires = from_ok ? o->ok_expires : o->reg_expires;
	if (from_ok && (rc = obs_find(o->rb, o->reg, o->reg_expires, b, na->uri, &asked, o->err)) < 0)
		return rc;
	in_reg |= rc == 1;
	c->uri = (struct sw_ri_str){ b + na->uri.off, na->uri.len };
	obs_id('c', sw_siphash24(o->key, c->uri.p, c->uri.len), oc->id);
	c->id = (struct sw_ri_str){ oc->id, 13 };
	if (oc->expires >= 0) {
		c->expires = (uint64_t)oc->expires;
		c->has |= SW_RI_HAS_EXPIRES;
	}
	c->state = from_ok && oc->expires != 0 ? SW_RI_ACTIVE : SW_RI_TERMINATED;
	if (c->state == SW_RI_TERMINATED)
		c->event = SW_RI_EV_UNREGISTERED;
	else if (asked >= 0 && oc->expires >= 0 && asked > oc->expires)
		c->event = SW_RI_EV_SHORTENED; /* RFC 3261 §10.3 step 7: registrar lowered it */
	else
		c->event = SW_RI_EV_REGISTERED;
	if (in_reg) {
		c->callid = o->callid;
		c->cseq = o->reg->cseq;
		c->has |= SW_RI_HAS_CALLID | SW_RI_HAS_CSEQ;
	}
	if (na->display.len > 0) {
		if (obs_unquote(b, na->display, oc->disp, &c->display) != SW_OK)
			return SW_E_TOOLONG;
		c->has |= SW_RI_HAS_DISPLAY;
	}
	sw_ri_contact(r, c, oc->prm, oc->np);
	return SW_OK;
}

/* The REGISTER and the response must be one transaction (RFC 3261 §17.1.3:
 * same Call-ID and CSeq) and the response a 2xx. */
static int
obs_check(struct obs *o)
{
	const struct sw_msg *reg = o->reg, *ok = o->ok;
	const struct sw_hdr *a = sw_msg_first(reg, SW_HDR_CALL_ID), *b = sw_msg_first(ok, SW_HDR_CALL_ID);

	if (reg->kind != SW_MSG_REQUEST || reg->method != SW_METHOD_REGISTER ||
	    ok->kind != SW_MSG_RESPONSE || ok->status < 200 || ok->status > 299 ||
	    !reg->has_cseq || !ok->has_cseq || ok->cseq_method_id != SW_METHOD_REGISTER ||
	    reg->cseq != ok->cseq || a == NULL || b == NULL || a->value.len != b->value.len ||
	    memcmp(o->rb + a->value.off, o->ob + b->value.off, a->value.len) != 0) {
		if (o->err != NULL)
			o->err->detail = "not a REGISTER and its 2xx (method, status, CSeq, Call-ID)";
		return SW_E_STATE;
	}
	o->callid = (struct sw_ri_str){ o->rb + a->value.off, a->value.len };
	return SW_OK;
}

/* Registration state and whether a GRUU follows: one pass over the 2xx
 * Contacts, then a look at the REGISTER's. */
static int
obs_scan(struct obs *o, int *state, unsigned *wflags)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_slice v;
	int rc, active = 0, any = 0;

	*wflags = 0;
	sw_addr_iter_init(&it, o->ob, o->ok, SW_HDR_CONTACT);
	while ((rc = sw_addr_iter_next(&it, &na, o->err)) == 1) {
		int64_t e = sw_param_find(o->ob, na.params, "expires", &v) == SW_PARAM_VALUE
				    ? obs_num(o->ob, v) : o->ok_expires;

		any = 1;
		active += e != 0;
		if (sw_param_find(o->ob, na.params, "pub-gruu", NULL) > 0 ||
		    sw_param_find(o->ob, na.params, "temp-gruu", NULL) > 0)
			*wflags = SW_RI_W_GRUU_NS;
	}
	if (rc < 0)
		return rc;
	any |= sw_msg_first(o->reg, SW_HDR_CONTACT) != NULL;
	*state = active ? SW_RI_REG_ACTIVE : any ? SW_RI_REG_TERMINATED : SW_RI_REG_INIT;
	return SW_OK;
}

/* REGISTER contacts removed with expires 0 that the 2xx does not list. */
static int
obs_removed(struct obs *o, struct sw_ri_writer *r, struct obs_contact *oc)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_slice v;
	int64_t e, dummy;
	int rc, found;

	sw_addr_iter_init(&it, o->rb, o->reg, SW_HDR_CONTACT);
	while ((rc = sw_addr_iter_next(&it, &na, o->err)) == 1) {
		e = sw_param_find(o->rb, na.params, "expires", &v) == SW_PARAM_VALUE
			    ? obs_num(o->rb, v) : o->reg_expires;
		if (na.star || e != 0)
			continue;
		found = obs_find(o->ob, o->ok, o->ok_expires, o->rb, na.uri, &dummy, o->err);
		if (found < 0)
			return found;
		if (found == 0 && (rc = obs_contact(o, r, o->rb, &na, 0, oc)) != SW_OK)
			return rc;
	}
	return rc;
}

int
sw_ri_from_register(struct sw_xmlw *x, const void *reg_buf, const struct sw_msg *reg,
		    const void *ok_buf, const struct sw_msg *ok, uint64_t version,
		    const uint8_t *id_key, struct sw_err *err)
{
	static const uint8_t zero_key[SW_TOKEN_KEY_LEN];
	struct obs o = { reg_buf, ok_buf, reg, ok, { 0 }, { 0, 0 }, -1, -1, { "", 0 }, err };
	struct sw_ri_registration rg = { { "", 0 }, { "", 0 }, 0, 0, 0 };
	struct sw_ri_writer r;
	struct sw_nameaddr na;
	struct obs_contact oc;
	struct sw_addr_iter it;
	const struct sw_hdr *to = sw_msg_first(reg, SW_HDR_TO);
	const uint8_t *key = id_key != NULL ? id_key : zero_key;
	char rid[14];
	unsigned wflags;
	int rc, state;
	uint64_t h;

	if ((rc = obs_check(&o)) != SW_OK)
		return rc;
	if (to == NULL)
		return SW_E_NOTFOUND;
	rc = sw_nameaddr_parse(reg_buf, to->value, 0, &na, err);
	if (rc != SW_OK)
		return rc;
	o.aor = na.uri;
	o.reg_expires = obs_expires_hdr(o.rb, reg);
	o.ok_expires = obs_expires_hdr(o.ob, ok);
	h = sw_siphash24(key, o.rb + o.aor.off, o.aor.len);
	/* contact ids: keyed by the AOR too, so one URI under two AORs differs */
	memcpy(o.key, key, SW_TOKEN_KEY_LEN);
	for (int i = 0; i < 8; i++)
		o.key[i] ^= (uint8_t)(h >> (8 * i));
	if ((rc = obs_scan(&o, &state, &wflags)) != SW_OK)
		return rc;
	obs_id('r', h, rid);
	rg.aor = (struct sw_ri_str){ o.rb + o.aor.off, o.aor.len };
	rg.id = (struct sw_ri_str){ rid, 13 };
	rg.state = (uint8_t)state;
	sw_ri_begin(&r, x, version, SW_RI_FULL, wflags);
	sw_ri_registration(&r, &rg);
	sw_addr_iter_init(&it, ok_buf, ok, SW_HDR_CONTACT);
	while ((rc = sw_addr_iter_next(&it, &na, err)) == 1)
		if (!na.star && (rc = obs_contact(&o, &r, o.ob, &na, 1, &oc)) != SW_OK)
			break;
	if (rc == 0)
		rc = obs_removed(&o, &r, &oc);
	if (rc < 0) {
		sw_xmlw_fail(x, rc);
		sw_ri_end(&r);
		return rc;
	}
	return sw_ri_end(&r);
}
