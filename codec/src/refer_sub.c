/* Refer-Sub (RFC 4488 §7.2) and option-tag lists (RFC 3261 §20.32,
 * §20.29, §20.37: Supported / Require / Proxy-Require = option-tag lists).
 */
#include <string.h>

#include "err_int.h"
#include "ctype_tab.h"
#include "lex.h"
#include "policy_int.h"
#include "sipwire/refer_sub.h"

#if defined(__GNUC__)
#define SW_NOINLINE __attribute__((noinline))
#else
#define SW_NOINLINE
#endif

/* The end of the token at b[t] and its meaning: *v = 1 for "true", 0 for
 * "false" (any case), -1 for any other token. `x | 0x20` equals a
 * lowercase letter only when x is that letter in either case, so the
 * folded compares are exact; the two words are tried before the byte loop
 * since they are the only values that parse. */
static inline uint32_t
refer_sub_word(const unsigned char *b, uint32_t t, uint32_t end, int *v)
{
	uint32_t w, p = t;

	if (end - t >= 4) {
		memcpy(&w, b + t, sizeof(w));
		w |= 0x20202020u;
		if (memcmp(&w, "true", 4) == 0) {
			p = t + 4;
			*v = 1;
		} else if (end - t >= 5 && memcmp(&w, "fals", 4) == 0 && (b[t + 4] | 0x20) == 'e') {
			p = t + 5;
			*v = 0;
		}
		if (p != t && (p == end || !sw_is(b[p], SW_CT_TOKEN)))
			return p;
	}
	*v = -1;
	while (p < end && sw_is(b[p], SW_CT_TOKEN))
		p++;
	return p;
}

/* LWS, ';' parameters and what may follow the value token at b[p]. */
static int
refer_sub_tail(const unsigned char *b, uint32_t p, uint32_t end, struct sw_refer_sub *out,
	       struct sw_err *err)
{
	const char *detail = "bad Refer-Sub extension parameter";
	uint32_t bad = 0;

	p = sw_lex_lws(b, p, end);
	if (p < end && b[p] == ';') {
		p = sw_lex_params(b, p, end, &out->params, &bad, &detail);
		if (p == SW_LEX_BAD)
			return sw_err_at(err, SW_E_MALFORMED, bad, detail);
		p = sw_lex_lws(b, p, end);
	}
	if (p < end)
		return sw_err_at(err, SW_E_MALFORMED, p, b[p] == ',' ? "Refer-Sub is single-valued"
							       : "';' or end of value expected");
	return SW_OK;
}

/* sw_refer_sub_parse's body, inline so that sw_refer_sub_get_step reads
 * its line without one more call. */
static inline int
refer_sub_parse(const void *base, struct sw_slice value, struct sw_refer_sub *out,
		struct sw_err *err)
{
	const unsigned char *b = base;
	uint32_t end = value.off + value.len, p, t;
	int v;

	memset(out, 0, sizeof(*out));
	out->hdr = SW_HDR_NONE;
	if (end < value.off)
		return sw_err_at(err, SW_E_INVAL, value.off, "slice wraps around");
	t = sw_lex_lws(b, value.off, end);
	p = refer_sub_word(b, t, end, &v);
	out->token = sw_slice_make(t, p - t);
	if (v < 0)
		return sw_err_at(err, SW_E_MALFORMED, t, "Refer-Sub value must be true or false");
	out->value = (uint8_t)v;
	out->params = sw_slice_make(p, 0);
	/* the usual value ends the line: no LWS or parameter scan */
	return p == end ? SW_OK : refer_sub_tail(b, p, end, out, err);
}

int
sw_refer_sub_parse(const void *base, struct sw_slice value, struct sw_refer_sub *out,
		   struct sw_err *err)
{
	return refer_sub_parse(base, value, out, err);
}

/* The usual value, exactly "true" (1) or "false" (0) in any case, with
 * nothing before or after it; -1 for anything else (the general parse
 * decides it). One folded word compare instead of the LWS, word and tail
 * steps. */
static inline int
refer_sub_plain(const unsigned char *b, struct sw_slice value)
{
	uint32_t w;

	if (value.len - 4 > 1 || value.off + value.len < value.off)
		return -1;
	memcpy(&w, b + value.off, sizeof(w));
	w |= 0x20202020u;
	if (value.len == 4)
		return memcmp(&w, "true", 4) == 0 ? 1 : -1;
	return memcmp(&w, "fals", 4) == 0 && (b[value.off + 4] | 0x20) == 'e' ? 0 : -1;
}

/* A Refer-Sub line is present and its value is not a plain true/false:
 * parse it and check it is the only one. Out of line, so the plain case
 * in sw_refer_sub_get_step needs no callee-saved registers (c_refer_norefersub
 * extraction 2,427 -> 2,417 instructions). */
static SW_NOINLINE int
refer_sub_get_line(const void *base, const struct sw_msg *msg, struct sw_refer_sub *out,
		   struct sw_err *err, const struct sw_hdr *h)
{
	int rc = refer_sub_parse(base, h->value, out, err);

	if (rc != SW_OK)
		return rc;
	out->hdr = (uint16_t)(h - msg->hdrs);
	if (h->next != SW_HDR_NONE)
		return sw_err_at(err, SW_E_MALFORMED, msg->hdrs[h->next].line.off,
			     "more than one Refer-Sub header (single-valued)");
	return 1;
}

/* The external definition of the inline front in refer_sub.h. */
extern inline int sw_refer_sub_get(const void *base, const struct sw_msg *msg,
				   struct sw_refer_sub *out, struct sw_err *err);

int
sw_refer_sub_get_step(const void *base, const struct sw_msg *msg, struct sw_refer_sub *out,
		      struct sw_err *err)
{
	const struct sw_hdr *h = msg->hdrs != NULL ? sw_msg_first(msg, SW_HDR_REFER_SUB) : NULL;

	if (h != NULL) {
		int v = refer_sub_plain(base, h->value);

		if (v < 0)
			return refer_sub_get_line(base, msg, out, err, h);
		/* what refer_sub_get_line gives for it */
		*out = (struct sw_refer_sub){ h->value, sw_slice_make(h->value.off + h->value.len, 0),
					      (uint16_t)(h - msg->hdrs), (uint8_t)v };
		if (h->next != SW_HDR_NONE)
			return sw_err_at(err, SW_E_MALFORMED, msg->hdrs[h->next].line.off,
					 "more than one Refer-Sub header (single-valued)");
		return 1;
	}
	memset(out, 0, sizeof(*out));
	out->hdr = SW_HDR_NONE;
	return 0;
}

static void
tag_load(struct sw_tag_iter *it, uint16_t idx)
{
	it->hdr = idx;
	it->need_entry = 0; /* an empty line is an empty list */
	if (idx == SW_HDR_NONE) {
		it->pos = it->end = 0;
		return;
	}
	it->pos = it->msg->hdrs[idx].value.off;
	it->end = it->pos + it->msg->hdrs[idx].value.len;
}

void
sw_tag_iter_init(struct sw_tag_iter *it, const void *base, const struct sw_msg *msg,
		 enum sw_hdr_id id)
{
	memset(it, 0, sizeof(*it));
	it->base = base;
	it->msg = msg;
	tag_load(it, (unsigned)id < SW_HDR__COUNT && msg->hdrs != NULL ? msg->first[id] : SW_HDR_NONE);
}

/* Internal (declared in policy_int.h): the walk from line msg->hdrs[idx]
 * on, in the state the iterator of sw_tag_iter_init is in when it reaches
 * that line, so a caller that took the earlier lines another way goes on
 * with the same tags and the same errors. */
void
sw_tag_iter_init_at(struct sw_tag_iter *it, const void *base, const struct sw_msg *msg,
		    uint16_t idx)
{
	memset(it, 0, sizeof(*it));
	it->base = base;
	it->msg = msg;
	tag_load(it, idx);
}

static int
tag_fail(struct sw_tag_iter *it, uint32_t off, const char *detail, struct sw_err *err)
{
	if (it->status == 0) {
		it->status = SW_E_MALFORMED;
		it->err = (struct sw_err){ off, 0, detail };
	}
	if (err != NULL)
		*err = it->err;
	return it->status;
}

int
sw_tag_iter_next(struct sw_tag_iter *it, struct sw_slice *tag, struct sw_err *err)
{
	const unsigned char *b = it->base;
	uint32_t p, s;

	if (it->status != 0)
		return tag_fail(it, 0, NULL, err);
	for (;;) {
		if (it->hdr == SW_HDR_NONE)
			return 0;
		p = sw_lex_lws(b, it->pos, it->end);
		if (p < it->end)
			break;
		if (it->need_entry)
			return tag_fail(it, p, "option tag expected after ','", err);
		tag_load(it, it->msg->hdrs[it->hdr].next);
	}
	s = p;
	while (p < it->end && sw_is(b[p], SW_CT_TOKEN))
		p++;
	if (p == s)
		return tag_fail(it, p, b[p] == ',' ? "empty entry in option-tag list"
						   : "option tag (token) expected", err);
	*tag = sw_slice_make(s, p - s);
	p = sw_lex_lws(b, p, it->end);
	if (p < it->end && b[p] != ',')
		return tag_fail(it, p, "',' expected between option tags", err);
	it->need_entry = p < it->end;
	it->pos = p < it->end ? p + 1 : p;
	return 1;
}

int
sw_option_tag_has(const void *base, const struct sw_msg *msg, enum sw_hdr_id id, const char *tag)
{
	struct sw_tag_iter it;
	struct sw_slice t;
	int rc;

	sw_tag_iter_init(&it, base, msg, id);
	while ((rc = sw_tag_iter_next(&it, &t, NULL)) == 1)
		if (sw_slice_ieq(base, t, tag))
			return 1;
	return rc;
}
