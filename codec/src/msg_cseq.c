/* Method names and the general CSeq decoder of the SIP parser: the
 * public method lookups, and every CSeq form the shortcut in msg.c leaves
 * (spacing, long numbers, unknown or mismatched methods), with the exact
 * error. Off the hot path, so out of msg.c. */
#include <stddef.h>
#include <string.h>

#include "ctype_tab.h"
#include "hdr_lookup.h"
#include "msg_method.h"
#include "msg_pstate.h"
#include "sipwire/msg.h"

enum sw_method
sw_method_lookup(const char *p, size_t len)
{
	for (unsigned i = 1; i < SW_METHOD__COUNT; i++)
		if (method_lens[i] == len && memcmp(method_names[i], p, len) == 0)
			return (enum sw_method)i;
	return SW_METHOD_OTHER;
}

const char *
sw_method_name(enum sw_method m)
{
	return (unsigned)m < SW_METHOD__COUNT ? method_names[m] : "";
}

/* CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number is below 2**31
 * (§8.1.1.5). Only the first CSeq line is taken; sw_msg_check rejects more.
 * Every form of the value, with the exact error; take_cseq (msg.c) is the
 * usual form's shortcut. A CSeq value starting less than 16 bytes before
 * the input end is taken here alone, which test_msg_diff uses to hold the
 * two together. */
int
sw_msgp_cseq_general(struct pstate *ps, uint32_t off, uint32_t len)
{
	const unsigned char *b = ps->b;
	const struct sw_slice mn = ps->m->method_name;
	uint32_t p = off, end = off + len, m0, n = 0;
	unsigned id;
	uint64_t v = 0;

	if (ps->m->has_cseq)
		return SW_OK;
	/* b[end] is SP, HT or the CR of the line (value_bounds, fast_headers),
	 * neither digit nor token: it ends those loops without a bound test */
	if (ps->end - p >= 8)
		v = sw_digits8(b + p, &n);
	if (n > 0 && n < 8) {
		p += n;
	} else {
		while (sw_is(b[p], SW_CT_DIGIT)) {
			v = v * 10 + (b[p++] - '0');
			if (v > 0x7fffffffu)
				return sw_msgp_fail(ps, SW_E_RANGE, off, "CSeq number not below 2**31");
		}
	}
	if (p == off)
		return sw_msgp_fail(ps, SW_E_MALFORMED, p, "CSeq number expected");
	m0 = p;
	while (p < end && (is_ws(b[p]) || b[p] == '\r' || b[p] == '\n'))
		p++;
	if (p == m0)
		return sw_msgp_fail(ps, SW_E_MALFORMED, p, "LWS expected after CSeq number");
	m0 = p;
	/* a request's CSeq names its own method (§8.1.1.5): the same bytes as
	 * the request line's method, which was checked and looked up there,
	 * compared as one word when both have 8 readable bytes */
	if (ps->m->kind == SW_MSG_REQUEST && end - m0 == mn.len && mn.len - 1 < 8 &&
	    ps->end - m0 >= 8 &&
	    ((sw_le64(b + m0) ^ sw_le64(b + mn.off)) << (8 * (8 - mn.len))) == 0) {
		ps->m->cseq_method_id = ps->m->method;
		p = end;
	} else if (ps->end - m0 >= 8 && end - m0 - 3 <= 6 &&
		   (id = method_word(b + m0, end - m0, sw_le64(b + m0))) != 0) {
		/* a known method, in a response or unlike the request's:
		 * what the token scan and the lookup would give */
		ps->m->cseq_method_id = (uint8_t)id;
		p = end;
	} else {
		while (sw_is(b[p], SW_CT_TOKEN))
			p++;
		if (p == m0 || p != end)
			return sw_msgp_fail(ps, SW_E_MALFORMED, p, "CSeq method token expected");
		ps->m->cseq_method_id = (uint8_t)sw_method_lookup((const char *)b + m0, p - m0);
	}
	ps->m->cseq = (uint32_t)v;
	ps->m->cseq_method = sw_slice_make(m0, p - m0);
	ps->m->has_cseq = 1;
	return SW_OK;
}
