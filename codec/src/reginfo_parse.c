/* reginfo parser: expat (namespace-aware, no DTDs) on caller memory
 * (the memory suite is in xml_heap.c). */
#include <expat.h>
#include <string.h>

#include "sipwire/reginfo.h"
#include "xml_heap.h"

/* ------------------------------------------------------ value helpers */

enum sw_ri_kind {
	K_NONE, K_REGINFO, K_REG, K_CONTACT, K_URI, K_DISPLAY, K_PARAM, K_PUB, K_TEMP,
};

#define SW_RI_HAS_URI_ (1u << 31) /* parser-internal: <uri> seen */

static const char sw_ri_ns_ri[] = SW_RI_NS " ";
static const char sw_ri_ns_gr[] = SW_RI_GRUU_NS " ";
static const char sw_ri_ns_xml[] = "http://www.w3.org/XML/1998/namespace lang";

static void
sw_ri_fail(struct sw_ri_parser *p, int status, const char *detail)
{
	if (p->status == SW_OK) {
		XML_Index at = XML_GetCurrentByteIndex(p->xp);

		p->status = status;
		p->detail = detail;
		/* where the offending event starts; after the stop expat's
		 * position moves on */
		p->err_line = (uint32_t)XML_GetCurrentLineNumber(p->xp);
		p->err_col = (uint32_t)XML_GetCurrentColumnNumber(p->xp) + 1;
		p->err_off = at < 0 ? 0 : (uint64_t)at;
		XML_StopParser(p->xp, XML_FALSE);
	}
}

static int
sw_ri_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* xs:anyURI and numbers collapse surrounding whitespace. */
static struct sw_ri_str
sw_ri_trim(struct sw_ri_str s)
{
	while (s.len > 0 && sw_ri_ws(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && sw_ri_ws(s.p[s.len - 1]))
		s.len--;
	return s;
}

/* xs:unsignedLong / xs:nonNegativeInteger into a uint64_t. */
static int
sw_ri_u64(struct sw_ri_parser *p, const char *s, uint64_t *out)
{
	struct sw_ri_str t = sw_ri_trim((struct sw_ri_str){ s, (uint32_t)strlen(s) });
	uint64_t v = 0;
	uint32_t i = 0;

	if (t.len > 0 && t.p[0] == '+')
		i++;
	if (i == t.len) {
		sw_ri_fail(p, SW_E_MALFORMED, "number expected");
		return 0;
	}
	for (; i < t.len; i++) {
		unsigned d = (unsigned char)t.p[i] - '0';

		if (d > 9) {
			sw_ri_fail(p, SW_E_MALFORMED, "number expected");
			return 0;
		}
		if (v > (UINT64_MAX - d) / 10) {
			sw_ri_fail(p, SW_E_RANGE, "number over 2^64-1");
			return 0;
		}
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

/* RFC 3261 §20.10 qvalue: ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ). */
static int
sw_ri_qvalue(struct sw_ri_parser *p, const char *s, uint16_t *out)
{
	unsigned v, scale = 100;
	size_t i = 2, n = strlen(s);

	if (n == 0 || (s[0] != '0' && s[0] != '1') || (n > 1 && s[1] != '.') || n > 5)
		goto bad;
	v = (unsigned)(s[0] - '0') * 1000;
	for (; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9' || (s[0] == '1' && s[i] != '0'))
			goto bad;
		v += (unsigned)(s[i] - '0') * scale;
	}
	*out = (uint16_t)v;
	return 1;
bad:
	sw_ri_fail(p, SW_E_MALFORMED, "q is not an RFC 3261 qvalue");
	return 0;
}

/* Copy n bytes into the strings arena. */
static struct sw_ri_str
sw_ri_copy(struct sw_ri_parser *p, const char *s, size_t n)
{
	struct sw_ri_str r = { "", 0 };
	char *d;

	if (n == 0)
		return r;
	d = sw_arena_alloc(p->strings, n, 1);
	if (d == NULL) {
		sw_ri_fail(p, SW_E_NOSPACE, "strings arena full");
		return r;
	}
	memcpy(d, s, n);
	r.p = d;
	r.len = (uint32_t)n;
	return r;
}

/* Keep an attribute's decoded value. In a single-buffer parse the same
 * bytes are usually in the start tag (no reference or whitespace needed
 * decoding): then the string points at them in the input; any occurrence
 * inside the tag will do, the bytes are what matters. Otherwise the value
 * is copied into the strings arena. */
static struct sw_ri_str
sw_ri_keep(struct sw_ri_parser *p, int in_tag, const char *val)
{
	size_t n = strlen(val);

	if (n > p->lim.max_value) {
		sw_ri_fail(p, SW_E_TOOLONG, "attribute value over max_value");
		return (struct sw_ri_str){ "", 0 };
	}
	if (in_tag && n > 0 && p->base != NULL) {
		const char *s = p->base + p->attr_off, *end = p->base + p->attr_end, *q;

		while ((size_t)(end - s) >= n && (q = memchr(s, val[0], (size_t)(end - s) - n + 1)) != NULL) {
			if (memcmp(q, val, n) == 0)
				return (struct sw_ri_str){ q, (uint32_t)n };
			s = q + 1;
		}
	}
	return sw_ri_copy(p, val, n);
}

static int
sw_ri_lookup(const char *s, const char *const *names, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

/* Enumerated attribute: index into names, or fail with `detail`. */
static int
sw_ri_enum(struct sw_ri_parser *p, const char *s, const char *const *names, unsigned n,
	   const char *detail)
{
	int i = sw_ri_lookup(s, names, n);

	if (i < 0)
		sw_ri_fail(p, SW_E_MALFORMED, detail);
	return i;
}

static const char *const sw_ri_doc_states[] = { "full", "partial" };
static const char *const sw_ri_reg_states[] = { "init", "active", "terminated" };
static const char *const sw_ri_c_states[] = { "active", "terminated" };
static const char *const sw_ri_ev_names[] = {
#define SW_RI_EVENT_STR(id, s) s,
	SW_RI_EVENT_LIST(SW_RI_EVENT_STR)
#undef SW_RI_EVENT_STR
};

static void
sw_ri_start_reginfo(struct sw_ri_parser *p, const XML_Char **atts)
{
	int have = 0, i;

	for (; *atts != NULL; atts += 2) {
		if (strcmp(atts[0], "version") == 0) {
			have |= sw_ri_u64(p, atts[1], &p->v->version);
		} else if (strcmp(atts[0], "state") == 0) {
			i = sw_ri_enum(p, atts[1], sw_ri_doc_states, 2, "reginfo state not full/partial");
			p->v->state = (uint8_t)(i < 0 ? 0 : i);
			have |= i < 0 ? 0 : 2;
		}
	}
	if (have != 3)
		sw_ri_fail(p, SW_E_NOTFOUND, "reginfo needs version and state (RFC 3680 §5.4)");
}

static void
sw_ri_start_reg(struct sw_ri_parser *p, const XML_Char **atts, int tag)
{
	struct sw_ri_view *v = p->v;
	struct sw_ri_registration *reg;
	int have = 0, i;

	if (v->nregs == v->max_regs) {
		sw_ri_fail(p, SW_E_TOOMANY, "more registrations than the view holds");
		return;
	}
	reg = &v->regs[v->nregs++];
	memset(reg, 0, sizeof(*reg));
	reg->contact_first = v->ncontacts;
	for (; *atts != NULL; atts += 2) {
		if (strcmp(atts[0], "aor") == 0) {
			reg->aor = sw_ri_trim(sw_ri_keep(p, tag, atts[1]));
			have |= 1;
		} else if (strcmp(atts[0], "id") == 0) {
			reg->id = sw_ri_keep(p, tag, atts[1]);
			have |= 2;
		} else if (strcmp(atts[0], "state") == 0) {
			i = sw_ri_enum(p, atts[1], sw_ri_reg_states, 3, "registration state not init/active/terminated");
			reg->state = (uint8_t)(i < 0 ? 0 : i);
			have |= 4;
		}
	}
	if (have != 7)
		sw_ri_fail(p, SW_E_NOTFOUND, "registration needs aor, id and state (RFC 3680 §5.4)");
}

/* A numeric contact attribute into *field, marking `bit` in has. */
static void
sw_ri_c_num(struct sw_ri_parser *p, struct sw_ri_contact *c, const char *val, uint64_t *field,
	    uint32_t bit)
{
	if (sw_ri_u64(p, val, field))
		c->has |= bit;
}

/* One contact attribute; returns the required-attribute bit it supplied.
 * Dispatch on the first letter: this runs for every attribute of every
 * contact. */
static int
sw_ri_contact_attr(struct sw_ri_parser *p, struct sw_ri_contact *c, const XML_Char **a,
		   int tag)
{
	const char *n = a[0], *val = a[1];
	int i;

	switch (n[0]) {
	case 'i':
		if (strcmp(n, "id") != 0)
			break;
		c->id = sw_ri_keep(p, tag, val);
		return 1;
	case 's':
		if (strcmp(n, "state") != 0)
			break;
		i = sw_ri_enum(p, val, sw_ri_c_states, 2, "contact state not active/terminated");
		c->state = (uint8_t)(i < 0 ? 0 : i);
		return 2;
	case 'e':
		if (strcmp(n, "expires") == 0)
			sw_ri_c_num(p, c, val, &c->expires, SW_RI_HAS_EXPIRES);
		if (strcmp(n, "event") != 0)
			break;
		i = sw_ri_enum(p, val, sw_ri_ev_names, SW_RI_EV__COUNT, "unknown contact event");
		c->event = (uint8_t)(i < 0 ? 0 : i);
		return 4;
	case 'q':
		if (n[1] == 0 && sw_ri_qvalue(p, val, &c->q))
			c->has |= SW_RI_HAS_Q;
		break;
	case 'c':
		if (strcmp(n, "cseq") == 0) {
			sw_ri_c_num(p, c, val, &c->cseq, SW_RI_HAS_CSEQ);
		} else if (strcmp(n, "callid") == 0) {
			c->callid = sw_ri_keep(p, tag, val);
			c->has |= SW_RI_HAS_CALLID;
		}
		break;
	case 'r':
		if (strcmp(n, "retry-after") == 0)
			sw_ri_c_num(p, c, val, &c->retry_after, SW_RI_HAS_RETRY_AFTER);
		break;
	case 'd':
		if (strcmp(n, "duration-registered") == 0)
			sw_ri_c_num(p, c, val, &c->duration, SW_RI_HAS_DURATION);
		break;
	default:
		break;
	}
	return 0;
}

static void
sw_ri_start_contact(struct sw_ri_parser *p, const XML_Char **atts, int tag)
{
	struct sw_ri_view *v = p->v;
	struct sw_ri_contact *c;
	int have = 0;

	if (v->ncontacts == v->max_contacts) {
		sw_ri_fail(p, SW_E_TOOMANY, "more contacts than the view holds");
		return;
	}
	c = &v->contacts[v->ncontacts++];
	memset(c, 0, sizeof(*c));
	c->param_first = v->nparams;
	v->regs[v->nregs - 1].ncontacts++;
	for (; *atts != NULL; atts += 2)
		have |= sw_ri_contact_attr(p, c, atts, tag);
	if (have != 7)
		sw_ri_fail(p, SW_E_NOTFOUND, "contact needs id, state and event (RFC 3680 §5.4)");
}

/* Attribute `name` of the current element, or NULL. */
static const char *
sw_ri_attr(const XML_Char **atts, const char *name)
{
	for (; *atts != NULL; atts += 2)
		if (strcmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

static void XMLCALL sw_ri_chardata(void *ud, const XML_Char *s, int len);

/* Elements inside <contact>: uri, display-name, unknown-param and the
 * RFC 5628 GRUUs. */
static void
sw_ri_start_leaf(struct sw_ri_parser *p, enum sw_ri_kind k, const XML_Char **atts,
		 int tag)
{
	struct sw_ri_view *v = p->v;
	struct sw_ri_contact *c = &v->contacts[v->ncontacts - 1];
	const char *a, *b;

	p->text_mode = k == K_URI || k == K_DISPLAY || k == K_PARAM;
	p->text_ptr = NULL;
	p->text_len = 0;
	/* character data is only wanted inside these three; without a handler
	 * expat skips the indentation between elements cheaply */
	if (p->text_mode)
		XML_SetCharacterDataHandler(p->xp, sw_ri_chardata);
	if (k == K_URI && (c->has & SW_RI_HAS_URI_)) {
		sw_ri_fail(p, SW_E_MALFORMED, "second <uri> in a contact");
	} else if (k == K_DISPLAY && (a = sw_ri_attr(atts, sw_ri_ns_xml)) != NULL) {
		c->lang = sw_ri_keep(p, 0, a);
		c->has |= SW_RI_HAS_LANG;
	} else if (k == K_PARAM) {
		if ((a = sw_ri_attr(atts, "name")) == NULL)
			sw_ri_fail(p, SW_E_NOTFOUND, "unknown-param needs name (RFC 3680 §5.4)");
		else if (v->nparams == v->max_params)
			sw_ri_fail(p, SW_E_TOOMANY, "more unknown-params than the view holds");
		else
			v->params[v->nparams].name = sw_ri_keep(p, tag, a);
	} else if (k == K_PUB || k == K_TEMP) {
		uint32_t bit = k == K_PUB ? SW_RI_HAS_PUB_GRUU : SW_RI_HAS_TEMP_GRUU;

		a = sw_ri_attr(atts, "uri");
		b = sw_ri_attr(atts, "first-cseq");
		if (c->has & bit)
			sw_ri_fail(p, SW_E_MALFORMED, "second GRUU of one kind in a contact");
		else if (a == NULL || (k == K_TEMP && b == NULL))
			sw_ri_fail(p, SW_E_NOTFOUND, "GRUU needs uri (and first-cseq) (RFC 5628 §9)");
		else if (k == K_PUB)
			c->pub_gruu = sw_ri_trim(sw_ri_keep(p, tag, a));
		else if (sw_ri_u64(p, b, &c->temp_first_cseq))
			c->temp_gruu = sw_ri_trim(sw_ri_keep(p, tag, a));
		c->has |= bit;
	}
}

/* Which known element `name` is under `parent`; K_NONE means ignore it
 * (RFC 3680 §5.4 extensibility: unknown elements are skipped). */
static enum sw_ri_kind
sw_ri_classify(enum sw_ri_kind parent, const char *name)
{
	const char *local;

	if (strncmp(name, sw_ri_ns_ri, sizeof(sw_ri_ns_ri) - 1) == 0) {
		local = name + sizeof(sw_ri_ns_ri) - 1;
		if (parent == K_NONE)
			return strcmp(local, "reginfo") == 0 ? K_REGINFO : K_NONE;
		if (parent == K_REGINFO)
			return strcmp(local, "registration") == 0 ? K_REG : K_NONE;
		if (parent == K_REG)
			return strcmp(local, "contact") == 0 ? K_CONTACT : K_NONE;
		if (parent != K_CONTACT)
			return K_NONE;
		if (strcmp(local, "uri") == 0)
			return K_URI;
		if (strcmp(local, "display-name") == 0)
			return K_DISPLAY;
		return strcmp(local, "unknown-param") == 0 ? K_PARAM : K_NONE;
	}
	if (parent == K_CONTACT && strncmp(name, sw_ri_ns_gr, sizeof(sw_ri_ns_gr) - 1) == 0) {
		local = name + sizeof(sw_ri_ns_gr) - 1;
		if (strcmp(local, "pub-gruu") == 0)
			return K_PUB;
		if (strcmp(local, "temp-gruu") == 0)
			return K_TEMP;
	}
	return K_NONE;
}

static void XMLCALL
sw_ri_start_el(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sw_ri_parser *p = ud;
	enum sw_ri_kind parent, k;
	int tag = 0;

	if (p->status != SW_OK)
		return; /* expat may still report an event after XML_StopParser */
	if (++p->depth > p->lim.max_depth) {
		sw_ri_fail(p, SW_E_TOOMANY, "elements nested deeper than max_depth");
		return;
	}
	if (p->ignore_depth > 0) {
		p->ignore_depth++;
		return;
	}
	parent = p->depth == 1 ? K_NONE : (enum sw_ri_kind)p->kind[p->depth - 2];
	k = sw_ri_classify(parent, name);
	if (k == K_NONE) {
		if (parent == K_NONE)
			sw_ri_fail(p, SW_E_NOTFOUND, "root is not reginfo in " SW_RI_NS);
		p->ignore_depth = 1;
		return;
	}
	p->kind[p->depth - 1] = (uint8_t)k;
	if (p->base != NULL && k != K_REGINFO) {
		XML_Index at = XML_GetCurrentByteIndex(p->xp);
		int cnt = XML_GetCurrentByteCount(p->xp);

		if (at >= 0 && cnt > 0 && (size_t)at + (size_t)cnt <= p->base_len) {
			p->attr_off = (size_t)at;
			p->attr_end = (size_t)at + (size_t)cnt;
			tag = 1;
		}
	}
	if (k == K_REGINFO)
		sw_ri_start_reginfo(p, atts);
	else if (k == K_REG)
		sw_ri_start_reg(p, atts, tag);
	else if (k == K_CONTACT)
		sw_ri_start_contact(p, atts, tag);
	else
		sw_ri_start_leaf(p, k, atts, tag);
}

static void XMLCALL
sw_ri_chardata(void *ud, const XML_Char *s, int len)
{
	struct sw_ri_parser *p = ud;

	if (!p->text_mode || p->ignore_depth > 0 || len <= 0 || p->status != SW_OK)
		return;
	if ((size_t)len > p->lim.max_value - p->text_len) {
		sw_ri_fail(p, SW_E_TOOLONG, "text value over max_value");
		return;
	}
	if (p->text_ptr == NULL && p->base != NULL) {
		XML_Index at = XML_GetCurrentByteIndex(p->xp);

		if (at >= 0 && (size_t)at + (size_t)len <= p->base_len &&
		    memcmp(p->base + at, s, (size_t)len) == 0) {
			p->text_ptr = p->base + at;
			p->text_len = (uint32_t)len;
			return;
		}
	}
	if (p->text_ptr != NULL && p->text_ptr != p->text)
		memmove(p->text, p->text_ptr, p->text_len);
	memcpy(p->text + p->text_len, s, (size_t)len);
	p->text_ptr = p->text;
	p->text_len += (uint32_t)len;
}

/* The collected text of the element that just ended. */
static struct sw_ri_str
sw_ri_take_text(struct sw_ri_parser *p)
{
	struct sw_ri_str r = { "", 0 };

	p->text_mode = 0;
	XML_SetCharacterDataHandler(p->xp, NULL);
	if (p->text_ptr == p->text)
		return sw_ri_copy(p, p->text, p->text_len);
	if (p->text_ptr != NULL) {
		r.p = p->text_ptr;
		r.len = p->text_len;
	}
	return r;
}

static void XMLCALL
sw_ri_end_el(void *ud, const XML_Char *name)
{
	struct sw_ri_parser *p = ud;
	struct sw_ri_view *v = p->v;
	struct sw_ri_contact *c = v->ncontacts ? &v->contacts[v->ncontacts - 1] : NULL;

	(void)name;
	if (p->status != SW_OK)
		return;
	p->depth--;
	if (p->ignore_depth > 0) {
		p->ignore_depth--;
		return;
	}
	switch ((enum sw_ri_kind)p->kind[p->depth]) {
	case K_URI:
		c->uri = sw_ri_trim(sw_ri_take_text(p));
		c->has |= SW_RI_HAS_URI_;
		break;
	case K_DISPLAY:
		c->display = sw_ri_take_text(p);
		c->has |= SW_RI_HAS_DISPLAY;
		break;
	case K_PARAM:
		v->params[v->nparams++].value = sw_ri_take_text(p);
		c->nparams++;
		break;
	case K_CONTACT:
		if (!(c->has & SW_RI_HAS_URI_))
			sw_ri_fail(p, SW_E_NOTFOUND, "contact without <uri> (RFC 3680 §5.4)");
		c->has &= ~SW_RI_HAS_URI_;
		break;
	case K_REGINFO:
		p->done = 1;
		break;
	default:
		break;
	}
}

static void XMLCALL
sw_ri_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
	      int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	sw_ri_fail(ud, SW_E_XML, "DOCTYPE refused: reginfo takes no DTD or entity declarations");
}

/* ------------------------------------------------------ driver */

/* Handlers and limits; XML_ParserReset clears them, so this runs per document. */
static void
sw_ri_setup(struct sw_ri_parser *p)
{
	XML_Parser xp = p->xp;

	XML_SetUserData(xp, p);
	XML_SetElementHandler(xp, sw_ri_start_el, sw_ri_end_el);
	XML_SetStartDoctypeDeclHandler(xp, sw_ri_doctype);
	XML_SetParamEntityParsing(xp, XML_PARAM_ENTITY_PARSING_NEVER);
#ifdef SW_HAVE_XML_AMPLIFICATION
	XML_SetBillionLaughsAttackProtectionMaximumAmplification(xp, p->lim.max_amplification);
	XML_SetBillionLaughsAttackProtectionActivationThreshold(xp, p->lim.amplification_start);
#endif
}

int
sw_ri_parser_init(struct sw_ri_parser *p, void *mem, size_t cap, const struct sw_ri_limits *lim)
{
	static const struct sw_ri_limits def = SW_RI_LIMITS_DEFAULT;
	struct sw_ri_heap *prev;

	memset(p, 0, sizeof(*p));
	p->lim = lim != NULL ? *lim : def;
	if (p->lim.max_doc == 0 || p->lim.max_doc > (1u << 30) || p->lim.max_depth == 0 ||
	    p->lim.max_value == 0 || !(p->lim.max_amplification >= 1.0f) ||
	    p->lim.feed_block == 0)
		return SW_E_INVAL;
	sw_arena_init(&p->heap.a, mem, cap);
	p->text = sw_arena_alloc(&p->heap.a, p->lim.max_value, 1);
	if (p->text == NULL)
		return SW_E_NOSPACE;
	prev = sw_xh_enter(p);
	p->xp = XML_ParserCreate_MM(NULL, &sw_xh_suite, " ");
	sw_xh_leave(prev);
	return p->xp == NULL ? SW_E_NOSPACE : SW_OK;
}

void
sw_ri_parser_fini(struct sw_ri_parser *p)
{
	struct sw_ri_heap *prev;

	if (p->xp == NULL)
		return;
	prev = sw_xh_enter(p);
	XML_ParserFree(p->xp);
	sw_xh_leave(prev);
	p->xp = NULL;
}

void
sw_ri_parse_begin(struct sw_ri_parser *p, struct sw_ri_view *v, struct sw_arena *strings)
{
	struct sw_ri_heap *prev = sw_xh_enter(p);

	XML_ParserReset(p->xp, NULL);
	sw_ri_setup(p);
	sw_xh_leave(prev);
	p->v = v;
	p->strings = strings;
	p->base = NULL;
	p->base_len = 0;
	p->fed = 0;
	p->status = SW_OK;
	p->detail = NULL;
	p->depth = p->ignore_depth = 0;
	p->done = p->text_mode = 0;
	p->text_ptr = NULL;
	p->text_len = 0;
	p->err_line = p->err_col = 0;
	p->err_off = 0;
	v->version = 0;
	v->state = SW_RI_FULL;
	v->nregs = v->ncontacts = v->nparams = 0;
}

/* Fill err and the position fields for the failure in p->status (or the
 * expat error when no handler failed). */
static int
sw_ri_report(struct sw_ri_parser *p, struct sw_err *err)
{
	XML_Parser xp = p->xp;

	if (p->status == SW_OK) {
		enum XML_Error code = XML_GetErrorCode(xp);
		XML_Index at = XML_GetCurrentByteIndex(xp);

		p->status = code == XML_ERROR_NO_MEMORY ? SW_E_NOSPACE : SW_E_XML;
		p->detail = XML_ErrorString(code);
		p->err_line = (uint32_t)XML_GetCurrentLineNumber(xp);
		p->err_col = (uint32_t)XML_GetCurrentColumnNumber(xp) + 1;
		p->err_off = at < 0 ? p->fed : (uint64_t)at;
	}
	if (err != NULL) {
		err->off = (unsigned)p->err_off;
		err->need = 0;
		err->detail = p->detail;
	}
	return p->status;
}

int
sw_ri_parse_chunk(struct sw_ri_parser *p, const void *data, size_t len, int final,
		  struct sw_err *err)
{
	struct sw_ri_heap *prev;
	enum XML_Status st;

	if (p->status != SW_OK)
		return sw_ri_report(p, err);
	if (len > p->lim.max_doc - p->fed) {
		p->status = SW_E_TOOLONG;
		p->detail = "document over max_doc";
		p->err_off = p->lim.max_doc;
		return sw_ri_report(p, err);
	}
	prev = sw_xh_enter(p);
	st = XML_Parse(p->xp, data, (int)len, final ? XML_TRUE : XML_FALSE);
	sw_xh_leave(prev);
	p->fed += len;
	if (st != XML_STATUS_OK || p->status != SW_OK)
		return sw_ri_report(p, err);
	if (final && !p->done) {
		p->status = SW_E_NOTFOUND;
		p->detail = "no complete reginfo element";
		return sw_ri_report(p, err);
	}
	return SW_OK;
}

int
sw_ri_parse(struct sw_ri_parser *p, const void *buf, size_t len, struct sw_ri_view *v,
	    struct sw_arena *strings, struct sw_err *err)
{
	/* Fed in blocks of lim.feed_block so expat's buffer stays bounded;
	 * offsets stay global, so values can still point into buf. */
	const size_t block = p->lim.feed_block;
	size_t off = 0, n;
	int rc;

	sw_ri_parse_begin(p, v, strings);
	p->base = buf;
	p->base_len = len;
	if (len > p->lim.max_doc) /* refuse before expat buffers any of it */
		return sw_ri_parse_chunk(p, buf, len, 1, err);
	do {
		n = len - off < block ? len - off : block;
		rc = sw_ri_parse_chunk(p, (const char *)buf + off, n, off + n == len, err);
		off += n;
	} while (rc == SW_OK && off < len);
	return rc;
}
