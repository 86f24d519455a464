/* The general per-line path of the SIP parser: every header line the fast
 * line loop in msg.c does not take (folds, LWS around the colon, unknown
 * or long names, limits) and the exact error of a bad one. */
#include <stddef.h>
#include <string.h>

#include "ctype_tab.h"
#include "hdr_lookup.h"
#include "msg_k.h"
#include "msg_pstate.h"
#include "scan.h"

/* One header line as found by scan_header. */
struct hline {
	uint32_t nlen;  /* name length, without SP/HT before the colon */
	uint32_t colon; /* offset of the ':' */
	uint32_t lf;    /* the LF ending the last (folded) line */
	struct sw_slice value;
	unsigned id;    /* enum sw_hdr_id of the name */
	int folded;
};

/* Value bounds of the header whose ':' is at colon and whose last line ends
 * with the LF at lf: skip leading LWS (including a fold right after the
 * colon), trim trailing SP/HT. */
static struct sw_slice
value_bounds(const unsigned char *b, uint32_t colon, uint32_t lf)
{
	uint32_t vs = colon + 1, ve = lf - 1;

	for (;;) {
		while (vs < ve && is_ws(b[vs]))
			vs++;
		if (vs + 2 < ve && b[vs] == '\r' && b[vs + 1] == '\n' && is_ws(b[vs + 2]))
			vs += 2;
		else
			break;
	}
	while (ve > vs && is_ws(b[ve - 1]))
		ve--;
	return sw_slice_make(vs, ve - vs);
}

static int
add_header(struct pstate *ps, uint32_t ns, const struct hline *hl)
{
	struct sw_msg *m = ps->m;
	unsigned id = hl->id;
	struct sw_hdr *h;

	if (m->nhdrs >= ps->cap) {
		if (ps->cap >= ps->cfg->limits.max_headers)
			return sw_msgp_fail(ps, SW_E_TOOMANY, ns, "more header lines than max_headers");
		return sw_msgp_fail(ps, SW_E_NOSPACE, ns, "arena too small for the header table");
	}
	h = &m->hdrs[m->nhdrs];
	h->name = sw_slice_make(ns, hl->nlen);
	h->value = hl->value;
	h->line = sw_slice_make(ns, hl->lf + 1 - ns);
	h->id = (uint16_t)id;
	h->next = SW_HDR_NONE;
	h->folded = (uint8_t)hl->folded;
	m->nhdrs++;
	return SW_OK;
}

/* Why the line at pos is not "token *WS ':'": the byte-by-byte rule, run
 * only on failure for the exact error and offset. */
static int
name_error(struct pstate *ps, uint32_t pos)
{
	const unsigned char *b = ps->b;
	uint32_t ns = pos;

	while (pos < ps->end && sw_is(b[pos], SW_CT_TOKEN))
		pos++;
	while (pos < ps->end && is_ws(b[pos]))
		pos++;
	if (pos >= ps->end)
		return sw_msgp_fail(ps, SW_E_INCOMPLETE, pos, "input ends inside a header name");
	return sw_msgp_fail(ps, SW_E_MALFORMED, pos, pos > ns && sw_is(b[ns], SW_CT_TOKEN)
						     ? "':' expected after header name"
						     : "header name expected");
}

/* The header line at ns. Lines are found first and the name/value split is
 * the first ':' inside the line (a name never holds one; values hold many,
 * in every sip: URI). A known name is made of letters and '-' (the lookup
 * compared it byte by byte), so only unknown names need the token check. */
static int
scan_header(struct pstate *ps, uint32_t ns, struct hline *hl)
{
	const unsigned char *b = ps->b;
	const uint32_t end = ps->end;
	uint32_t colon, lf = sw_scan_line(b, ns, end, &colon), ne = colon;

	if (colon == lf)
		return name_error(ps, ns);
	while (ne > ns && is_ws(b[ne - 1]))
		ne--;
	hl->id = sw_hdr_lookup((const char *)b + ns, ne - ns);
	if (hl->id == SW_HDR_OTHER && !sw_msgp_all_token(b, ns, ne))
		return name_error(ps, ns);
	hl->nlen = ne - ns;
	hl->colon = colon;
	hl->folded = 0;
	for (;;) {
		if (lf >= end)
			return sw_msgp_fail(ps, SW_E_INCOMPLETE, end, "input ends inside a header line");
		if (b[lf - 1] != '\r')
			return sw_msgp_fail(ps, SW_E_MALFORMED, lf, "line ends in LF without CR");
		if (lf + 1 >= end || !is_ws(b[lf + 1]))
			break;
		hl->folded = 1;
		lf = sw_scan_lf(b, lf + 1, end);
	}
	hl->lf = lf;
	hl->value = value_bounds(b, colon, lf);
	return SW_OK;
}

/* The header line at ns by the general rules; appends it (its value not
 * decoded: msg.c takes CSeq and Content-Length) and sets *pos past it. */
int
sw_msgp_general_line(struct pstate *ps, uint32_t ns, uint32_t *pos)
{
	struct hline hl = { 0 };
	int rc = scan_header(ps, ns, &hl);

	if (rc != SW_OK)
		return rc;
	if (hl.lf + 1 - ns > ps->cfg->limits.max_line)
		return sw_msgp_fail(ps, SW_E_TOOLONG, ns, "header line longer than max_line");
	rc = add_header(ps, ns, &hl);
	*pos = hl.lf + 1;
	return rc;
}
