/* reginfo writer (RFC 3680 §5, RFC 5628 §5) on the streaming XML writer. */
#include "sipwire/reginfo.h"

static const char *const sw_ri_events[] = {
#define SW_RI_EVENT_STR(id, s) s,
	SW_RI_EVENT_LIST(SW_RI_EVENT_STR)
#undef SW_RI_EVENT_STR
};

const char *
sw_ri_event_name(unsigned ev)
{
	return ev < SW_RI_EV__COUNT ? sw_ri_events[ev] : "";
}

const char *
sw_ri_doc_state_name(unsigned st)
{
	return st == SW_RI_FULL ? "full" : st == SW_RI_PARTIAL ? "partial" : "";
}

const char *
sw_ri_reg_state_name(unsigned st)
{
	static const char *const n[] = { "init", "active", "terminated" };

	return st < 3 ? n[st] : "";
}

const char *
sw_ri_contact_state_name(unsigned st)
{
	return st == SW_RI_ACTIVE ? "active" : st == SW_RI_TERMINATED ? "terminated" : "";
}

void
sw_ri_view_init(struct sw_ri_view *v, struct sw_ri_registration *regs, uint32_t max_regs,
		struct sw_ri_contact *contacts, uint32_t max_contacts, struct sw_ri_param *params,
		uint32_t max_params)
{
	memset(v, 0, sizeof(*v));
	v->regs = regs;
	v->contacts = contacts;
	v->params = params;
	v->max_regs = regs ? max_regs : 0;
	v->max_contacts = contacts ? max_contacts : 0;
	v->max_params = params ? max_params : 0;
}

size_t
sw_ri_q_format(char *buf, unsigned q)
{
	size_t n = 0;
	unsigned frac = q % 1000;

	if (q > 1000)
		return 0;
	buf[n++] = (char)('0' + q / 1000);
	buf[n++] = '.';
	buf[n++] = (char)('0' + frac / 100);
	if (frac % 100 != 0) {
		buf[n++] = (char)('0' + frac / 10 % 10);
		if (frac % 10 != 0)
			buf[n++] = (char)('0' + frac % 10);
	}
	return n;
}

void
sw_ri_begin(struct sw_ri_writer *r, struct sw_xmlw *x, uint64_t version,
	    enum sw_ri_doc_state state, unsigned flags)
{
	r->x = x;
	r->flags = (uint8_t)flags;
	r->in_reg = 0;
	if (state != SW_RI_FULL && state != SW_RI_PARTIAL)
		sw_xmlw_fail(x, SW_E_STATE);
	sw_xmlw_decl(x);
	sw_xmlw_start(x, "reginfo");
	sw_xmlw_attr_str(x, "xmlns", SW_RI_NS);
	if (flags & SW_RI_W_GRUU_NS)
		sw_xmlw_attr_str(x, "xmlns:gr", SW_RI_GRUU_NS);
	sw_xmlw_attr_u64(x, "version", version);
	sw_xmlw_attr_str(x, "state", sw_ri_doc_state_name(state));
}

void
sw_ri_registration(struct sw_ri_writer *r, const struct sw_ri_registration *reg)
{
	struct sw_xmlw *x = r->x;

	if (reg->aor.len == 0 || reg->id.len == 0 || reg->state > SW_RI_REG_TERMINATED)
		sw_xmlw_fail(x, SW_E_STATE);
	if (r->in_reg)
		sw_xmlw_end(x);
	sw_xmlw_start(x, "registration");
	sw_xmlw_attr(x, "aor", reg->aor.p, reg->aor.len);
	sw_xmlw_attr(x, "id", reg->id.p, reg->id.len);
	sw_xmlw_attr_str(x, "state", sw_ri_reg_state_name(reg->state));
	r->in_reg = 1;
}

/* RFC 3680 §5.1: what a contact must carry for its event and state. */
static int
sw_ri_contact_ok(const struct sw_ri_contact *c, const struct sw_ri_param *params, size_t np)
{
	int active;

	if (c->id.len == 0 || c->uri.len == 0 || c->event >= SW_RI_EV__COUNT ||
	    c->state > SW_RI_TERMINATED)
		return 0;
	if (c->event == SW_RI_EV_SHORTENED && !(c->has & SW_RI_HAS_EXPIRES))
		return 0;
	if (c->event == SW_RI_EV_PROBATION && !(c->has & SW_RI_HAS_RETRY_AFTER))
		return 0;
	active = c->event <= SW_RI_EV_SHORTENED;
	if (active != (c->state == SW_RI_ACTIVE))
		return 0;
	if ((c->has & SW_RI_HAS_Q) && c->q > 1000)
		return 0;
	if ((c->has & SW_RI_HAS_PUB_GRUU) && c->pub_gruu.len == 0)
		return 0;
	if ((c->has & SW_RI_HAS_TEMP_GRUU) && c->temp_gruu.len == 0)
		return 0;
	for (size_t i = 0; i < np; i++)
		if (params[i].name.len == 0)
			return 0;
	return 1;
}

static void
sw_ri_contact_attrs(struct sw_xmlw *x, const struct sw_ri_contact *c)
{
	char q[8];

	sw_xmlw_attr(x, "id", c->id.p, c->id.len);
	sw_xmlw_attr_str(x, "state", sw_ri_contact_state_name(c->state));
	sw_xmlw_attr_str(x, "event", sw_ri_event_name(c->event));
	if (c->has & SW_RI_HAS_EXPIRES)
		sw_xmlw_attr_u64(x, "expires", c->expires);
	if (c->has & SW_RI_HAS_RETRY_AFTER)
		sw_xmlw_attr_u64(x, "retry-after", c->retry_after);
	if (c->has & SW_RI_HAS_DURATION)
		sw_xmlw_attr_u64(x, "duration-registered", c->duration);
	if (c->has & SW_RI_HAS_Q)
		sw_xmlw_attr(x, "q", q, sw_ri_q_format(q, c->q));
	if (c->has & SW_RI_HAS_CALLID)
		sw_xmlw_attr(x, "callid", c->callid.p, c->callid.len);
	if (c->has & SW_RI_HAS_CSEQ)
		sw_xmlw_attr_u64(x, "cseq", c->cseq);
}

/* RFC 5628 §5: <gr:pub-gruu uri/> and <gr:temp-gruu uri first-cseq/>. */
static void
sw_ri_gruus(struct sw_ri_writer *r, const struct sw_ri_contact *c)
{
	struct sw_xmlw *x = r->x;
	int local = !(r->flags & SW_RI_W_GRUU_NS);

	if (c->has & SW_RI_HAS_PUB_GRUU) {
		sw_xmlw_start(x, "gr:pub-gruu");
		if (local)
			sw_xmlw_attr_str(x, "xmlns:gr", SW_RI_GRUU_NS);
		sw_xmlw_attr(x, "uri", c->pub_gruu.p, c->pub_gruu.len);
		sw_xmlw_end(x);
	}
	if (c->has & SW_RI_HAS_TEMP_GRUU) {
		sw_xmlw_start(x, "gr:temp-gruu");
		if (local)
			sw_xmlw_attr_str(x, "xmlns:gr", SW_RI_GRUU_NS);
		sw_xmlw_attr(x, "uri", c->temp_gruu.p, c->temp_gruu.len);
		sw_xmlw_attr_u64(x, "first-cseq", c->temp_first_cseq);
		sw_xmlw_end(x);
	}
}

void
sw_ri_contact(struct sw_ri_writer *r, const struct sw_ri_contact *c,
	      const struct sw_ri_param *params, size_t nparams)
{
	struct sw_xmlw *x = r->x;

	if (!r->in_reg || !sw_ri_contact_ok(c, params, nparams)) {
		sw_xmlw_fail(x, SW_E_STATE);
		return;
	}
	sw_xmlw_start(x, "contact");
	sw_ri_contact_attrs(x, c);
	sw_xmlw_start(x, "uri");
	sw_xmlw_text(x, c->uri.p, c->uri.len);
	sw_xmlw_end(x);
	if (c->has & SW_RI_HAS_DISPLAY) {
		sw_xmlw_start(x, "display-name");
		if (c->has & SW_RI_HAS_LANG)
			sw_xmlw_attr(x, "xml:lang", c->lang.p, c->lang.len);
		sw_xmlw_text(x, c->display.p, c->display.len);
		sw_xmlw_end(x);
	}
	for (size_t i = 0; i < nparams; i++) {
		sw_xmlw_start(x, "unknown-param");
		sw_xmlw_attr(x, "name", params[i].name.p, params[i].name.len);
		if (params[i].value.len > 0)
			sw_xmlw_text(x, params[i].value.p, params[i].value.len);
		sw_xmlw_end(x);
	}
	sw_ri_gruus(r, c);
	sw_xmlw_end(x);
}

int
sw_ri_end(struct sw_ri_writer *r)
{
	if (r->in_reg)
		sw_xmlw_end(r->x);
	r->in_reg = 0;
	sw_xmlw_end(r->x); /* reginfo */
	return sw_xmlw_finish(r->x);
}

int
sw_ri_write_view(struct sw_xmlw *x, const struct sw_ri_view *v)
{
	struct sw_ri_writer r;
	unsigned flags = 0;

	for (uint32_t i = 0; i < v->ncontacts; i++)
		if (v->contacts[i].has & (SW_RI_HAS_PUB_GRUU | SW_RI_HAS_TEMP_GRUU))
			flags = SW_RI_W_GRUU_NS;
	sw_ri_begin(&r, x, v->version, (enum sw_ri_doc_state)v->state, flags);
	for (uint32_t i = 0; i < v->nregs; i++) {
		const struct sw_ri_registration *reg = &v->regs[i];

		if (reg->contact_first > v->ncontacts ||
		    reg->ncontacts > v->ncontacts - reg->contact_first) {
			sw_xmlw_fail(x, SW_E_INVAL);
			break;
		}
		sw_ri_registration(&r, reg);
		for (uint32_t j = 0; j < reg->ncontacts; j++) {
			const struct sw_ri_contact *c = &v->contacts[reg->contact_first + j];

			if (c->param_first > v->nparams || c->nparams > v->nparams - c->param_first) {
				sw_xmlw_fail(x, SW_E_INVAL);
				break;
			}
			sw_ri_contact(&r, c, c->nparams ? v->params + c->param_first : NULL, c->nparams);
		}
	}
	return sw_ri_end(&r);
}
