/* fuzz_msg: sw_msg_parse in datagram, stream and fragment modes.
 *
 * Invariants: every slice lies inside the input; parsing twice gives the
 * same result; a message that parses as a datagram and has Content-Length
 * parses identically in stream mode, and in stream mode any shorter prefix
 * of it is SW_E_INCOMPLETE. Differential: in every mode, with every
 * block-classifier variant this CPU runs, the result of the fast header
 * loop (status, err.off, err.need, err.detail, every field and header
 * entry, arena use) equals the general per-line path, forced with
 * sw_msg_parse_general (msg_int.h). The numbers the parser reads by words
 * or short loops (CSeq, Content-Length, status code) equal a plain digit
 * loop over their bytes. */
#include <string.h>

#include "fuzz_common.h"
#include "msg_int.h"
#include "sipwire/msg.h"

#define MAX_HDRS 128

static unsigned char mem_a[MAX_HDRS * sizeof(struct sw_hdr) + 64];
static unsigned char mem_b[MAX_HDRS * sizeof(struct sw_hdr) + 64];

static int
parse(const uint8_t *d, size_t n, enum sw_msg_mode mode, unsigned char *mem, size_t cap,
      struct sw_msg *m, struct sw_err *e)
{
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;
	struct sw_arena a;

	cfg.mode = mode;
	cfg.limits.max_headers = MAX_HDRS;
	sw_arena_init(&a, mem, cap);
	memset(e, 0, sizeof(*e));
	return sw_msg_parse(d, n, &cfg, &a, m, e);
}

static void
check_inside(const struct sw_msg *m, size_t n)
{
	struct sw_slice in = sw_slice_make(0, (uint32_t)n);
	const struct sw_slice top[] = { m->start, m->method_name, m->ruri, m->version, m->reason,
					m->body, m->cseq_method };

	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		fz_check(fz_inside(top[i], in), "message slice inside the input");
	fz_check(m->len <= n && m->hdr_end <= m->len, "message length inside the input");
	for (uint16_t i = 0; i < m->nhdrs; i++) {
		const struct sw_hdr *h = &m->hdrs[i];

		fz_check(fz_inside(h->line, in) && fz_inside(h->name, h->line) &&
			 fz_inside(h->value, h->line), "header slices inside their line");
		fz_check(h->next == SW_HDR_NONE || (h->next > i && h->next < m->nhdrs &&
						     m->hdrs[h->next].id == h->id), "header chain");
	}
}

/* Same parse result, ignoring the arena address of the header table. */
static int
same(const struct sw_msg *a, const struct sw_msg *b, int ignore_mode)
{
	struct sw_msg x = *a, y = *b;

	x.hdrs = y.hdrs = NULL;
	if (ignore_mode)
		x.mode = y.mode = 0;
	if (memcmp(&x, &y, sizeof(x)) != 0)
		return 0;
	for (uint16_t i = 0; i < a->nhdrs; i++) {
		const struct sw_hdr *h = &a->hdrs[i], *k = &b->hdrs[i];

		/* field by field: struct padding in the arena is not initialised */
		if (!fz_slice_same(h->name, k->name) || !fz_slice_same(h->value, k->value) ||
		    !fz_slice_same(h->line, k->line) || h->id != k->id || h->next != k->next ||
		    h->folded != k->folded)
			return 0;
	}
	return 1;
}

/* sw_msg_parse_with(classify) against the general path on d[0..n). */
static void
check_general(const uint8_t *d, size_t n, enum sw_msg_mode mode, sw_scan_classify_fn classify)
{
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;
	struct sw_arena a, b;
	struct sw_msg m1, m2;
	struct sw_err e1 = { 0, 0, NULL }, e2 = { 0, 0, NULL };
	int rc1, rc2;

	cfg.mode = mode;
	cfg.limits.max_headers = MAX_HDRS;
	/* a small arena now and then, for SW_E_NOSPACE in the middle */
	sw_arena_init(&a, mem_a, n % 5 == 0 ? 6 * sizeof(struct sw_hdr) + 5 : sizeof(mem_a));
	sw_arena_init(&b, mem_b, n % 5 == 0 ? 6 * sizeof(struct sw_hdr) + 5 : sizeof(mem_b));
	rc1 = sw_msg_parse_with(classify, d, n, &cfg, &a, &m1, &e1);
	rc2 = sw_msg_parse_general(d, n, &cfg, &b, &m2, &e2);
	fz_check(rc1 == rc2 && e1.off == e2.off && e1.need == e2.need && a.used == b.used,
		 "status, error offset and arena use equal the general path");
	fz_check((e1.detail == NULL) == (e2.detail == NULL) &&
		 (e1.detail == NULL || strcmp(e1.detail, e2.detail) == 0),
		 "error detail equals the general path");
	if (rc1 == SW_OK)
		fz_check(same(&m1, &m2, 0) && memcmp(m1.first, m2.first, sizeof(m1.first)) == 0,
			 "message equals the general path");
}

/* The leading decimal digits of d[s.off ..) within s, by the plain loop. */
static uint64_t
plain_number(const uint8_t *d, struct sw_slice s)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < s.len && d[s.off + i] >= '0' && d[s.off + i] <= '9' && v < (1ull << 40); i++)
		v = v * 10 + (uint64_t)(d[s.off + i] - '0');
	return v;
}

/* CSeq number, Content-Length and status code of an accepted message. */
static void
check_numbers(const uint8_t *d, const struct sw_msg *m)
{
	const struct sw_hdr *cs = sw_msg_first(m, SW_HDR_CSEQ), *cl = sw_msg_first(m, SW_HDR_CONTENT_LENGTH);

	fz_check(!m->has_cseq || (cs != NULL && m->cseq == plain_number(d, cs->value)),
		 "CSeq number equals the plain digit loop");
	fz_check(m->content_length < 0 ||
			 (cl != NULL && (uint64_t)m->content_length == plain_number(d, cl->value)),
		 "Content-Length equals the plain digit loop");
	fz_check(m->kind != SW_MSG_RESPONSE ||
			 m->status == plain_number(d, sw_slice_make(m->version.off + m->version.len + 1, 3)),
		 "status code equals the plain digit loop");
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct sw_msg m1, m2;
	struct sw_err e1, e2;
	int rc1, rc2;

	rc1 = parse(d, n, SW_MODE_DATAGRAM, mem_a, sizeof(mem_a), &m1, &e1);
	rc2 = parse(d, n, SW_MODE_DATAGRAM, mem_b, sizeof(mem_b), &m2, &e2);
	fz_check(rc1 == rc2 && e1.off == e2.off, "datagram parse is repeatable");
	fz_check(rc1 >= SW_E_UNSUPPORTED && rc1 <= SW_OK, "status in the status list");
	if (rc1 != SW_OK) {
		fz_check(e1.off <= n, "error offset inside the input");
	} else {
		fz_check(same(&m1, &m2, 0), "datagram results identical");
		check_inside(&m1, n);
		check_numbers(d, &m1);
		/* the request line's one-word method match names what the
		 * plain lookup names */
		fz_check(m1.kind != SW_MSG_REQUEST ||
				 m1.method == sw_method_lookup((const char *)d + m1.method_name.off,
							       m1.method_name.len),
			 "request method equals sw_method_lookup of its name");
		fz_check(!m1.has_cseq ||
				 m1.cseq_method_id == sw_method_lookup((const char *)d + m1.cseq_method.off,
								       m1.cseq_method.len),
			 "CSeq method equals sw_method_lookup of its name");
		if (m1.content_length >= 0) {
			rc2 = parse(d, n, SW_MODE_STREAM, mem_b, sizeof(mem_b), &m2, &e2);
			fz_check(rc2 == SW_OK && same(&m1, &m2, 1), "stream parse equals datagram parse");
			rc2 = parse(d, m1.len, SW_MODE_STREAM, mem_b, sizeof(mem_b), &m2, &e2);
			fz_check(rc2 == SW_OK && same(&m1, &m2, 1), "stream parse of exactly the message");
			rc2 = parse(d, m1.len - 1, SW_MODE_STREAM, mem_b, sizeof(mem_b), &m2, &e2);
			fz_check(rc2 == SW_E_INCOMPLETE, "a shorter prefix is incomplete in stream mode");
		}
	}
	rc1 = parse(d, n, SW_MODE_FRAGMENT, mem_a, sizeof(mem_a), &m1, &e1);
	if (rc1 == SW_OK)
		check_inside(&m1, n);
	else
		fz_check(e1.off <= n, "fragment error offset inside the input");
	for (unsigned v = 0; v < sw_scan_nvariants; v++)
		if (sw_scan_supported(&sw_scan_variants[v]))
			for (int mode = SW_MODE_DATAGRAM; mode <= SW_MODE_FRAGMENT; mode++)
				check_general(d, n, (enum sw_msg_mode)mode, sw_scan_variants[v].classify);
	return 0;
}
