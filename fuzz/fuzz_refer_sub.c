/* fuzz_refer_sub: Refer-Sub values, parameter lists and option tags.
 *
 * The input is used three ways: as a Refer-Sub value, as a parameter list
 * for sw_param_next, and as a SIP message (Refer-Sub header, Supported /
 * Require / Proxy-Require tags). Invariants: slices inside the input; an
 * accepted Refer-Sub is "true"/"false" and its params walk cleanly; the
 * parameter walker always advances and stops; sw_option_tag_has agrees
 * with the tag iterator, and so do the policy's per-line fast walks
 * (sw_pol_has_tag, sw_pol_remove_tag: status, error offset, lines
 * touched); the value word is judged as a plain token compare
 * would judge it (the parser reads true/false as one folded word first). */
#include <string.h>

#include "fuzz_common.h"
#include "policy_int.h"
#include "sipwire/msg.h"
#include "sipwire/refer_sub.h"
#include "sipwire/uri.h"

static unsigned char arena_mem[128 * sizeof(struct sw_hdr) + 64];
static struct sw_edits edits;

/* Walk a parameter list; returns the final status (0 or negative). */
static int
walk_params(const uint8_t *d, struct sw_slice list)
{
	struct sw_slice rest = list, name, value;
	int k;

	for (;;) {
		uint32_t before = rest.off;

		k = sw_param_next(d, &rest, &name, &value);
		fz_check(fz_inside(rest, list), "rest stays inside the list");
		if (k <= 0)
			return k;
		fz_check(rest.off > before, "the walker advances");
		fz_check(fz_inside(name, list) && fz_inside(value, list) && name.len > 0,
			 "parameter slices inside the list");
		fz_check((k == SW_PARAM_FLAG) == (value.len == 0), "flag has no value, a value is non-empty");
	}
}

/* The value word decided without the parser's shortcut: after SP/HT, the
 * run of token bytes compared with sw_slice_ieq. 1 "true", 0 "false", -1
 * another token, -2 unknown (a fold first: left to the parser). *at is
 * where the word starts. */
static int
ref_word(const uint8_t *d, struct sw_slice in, uint32_t *at)
{
	static const char tok[] = "-.!%*_+`'~";
	uint32_t p = in.off, end = in.off + in.len, s;

	while (p < end && (d[p] == ' ' || d[p] == '\t'))
		p++;
	if (p < end && d[p] == '\r')
		return -2;
	for (s = p; p < end && d[p] != 0 &&
		    ((d[p] | 0x20) - 'a' < 26u || d[p] - '0' < 10u || strchr(tok, d[p]) != NULL);
	     p++)
		;
	*at = s;
	if (sw_slice_ieq(d, sw_slice_make(s, p - s), "true"))
		return 1;
	return sw_slice_ieq(d, sw_slice_make(s, p - s), "false") ? 0 : -1;
}

static void
check_value(const uint8_t *d, struct sw_slice in, int must_parse)
{
	struct sw_refer_sub rs;
	struct sw_err e = { 0, 0, NULL };
	int rc = sw_refer_sub_parse(d, in, &rs, &e);
	uint32_t at = 0;
	int ref = ref_word(d, in, &at);

	/* the word decides alone: a true/false word is accepted or fails
	 * after it, any other word fails at its start */
	if (ref == -1)
		fz_check(rc == SW_E_MALFORMED && e.off == at, "a word other than true/false is refused");
	if (ref >= 0)
		fz_check(rc == SW_OK ? rs.value == ref : e.off > at, "a true/false word is read as such");

	if (rc != SW_OK) {
		fz_check(!must_parse && rc == SW_E_MALFORMED && fz_inside(sw_slice_make(e.off, 0), in),
			 "Refer-Sub error is malformed with an offset inside the value");
		return;
	}
	fz_check(fz_inside(rs.token, in) && fz_inside(rs.params, in), "Refer-Sub slices inside");
	fz_check(sw_slice_ieq(d, rs.token, rs.value ? "true" : "false"), "value matches the token");
	fz_check(walk_params(d, rs.params) == 0, "accepted extension params walk cleanly");
}

/* The policy's walks (fast per line, the iterator from the first line of
 * another shape) against the iterator alone: the lookup gives what
 * sw_option_tag_has gives; the removal fails where the iterator fails
 * (or on a line of more than 32 tags), else touches each line that holds
 * the tag. */
static void
check_policy_tags(const uint8_t *d, const struct sw_msg *m, enum sw_hdr_id id, int has)
{
	struct sw_err e1 = { 0, 0, NULL }, e2 = e1;
	struct pol_ctx c = { d, m, NULL, NULL, NULL, &edits, &e1, 0, NULL };
	struct sw_tag_iter it;
	struct sw_slice t;
	unsigned lines = 0, most = 0, cnt = 0;
	uint16_t last = SW_HDR_NONE, hit = SW_HDR_NONE;
	int rc, rm;

	fz_check(sw_pol_has_tag(&c, id, "norefersub") == has, "sw_pol_has_tag = sw_option_tag_has");
	sw_edits_init(&edits);
	rm = sw_pol_remove_tag(&c, id, "norefersub");
	sw_tag_iter_init(&it, d, m, id);
	while ((rc = sw_tag_iter_next(&it, &t, &e2)) == 1) {
		cnt = it.hdr == last ? cnt + 1 : 1;
		most = cnt > most ? cnt : most;
		last = it.hdr;
		if (sw_slice_ieq(d, t, "norefersub") && hit != it.hdr) {
			hit = it.hdr;
			lines++;
		}
	}
	/* SW_E_TOOMANY: more edits than the list holds, a bound of its own */
	if (rc < 0 && most <= 32)
		fz_check(rm == SW_E_MALFORMED ? e1.off == e2.off : rm == SW_E_TOOMANY,
			 "removal fails where the iterator does");
	if (rc == 0 && most <= 32)
		fz_check(rm >= 0 ? (unsigned)rm == lines : rm == SW_E_TOOMANY,
			 "removal touches each line with the tag");
}

static void
check_tags(const uint8_t *d, const struct sw_msg *m, enum sw_hdr_id id)
{
	struct sw_tag_iter it;
	struct sw_slice t;
	int rc, found = 0, has;

	sw_tag_iter_init(&it, d, m, id);
	while ((rc = sw_tag_iter_next(&it, &t, NULL)) == 1) {
		const struct sw_hdr *h = &m->hdrs[it.hdr];

		fz_check(t.len > 0 && fz_inside(t, h->value), "tag inside its header value");
		if (!found && sw_slice_ieq(d, t, "norefersub"))
			found = 1;
	}
	has = sw_option_tag_has(d, m, id, "norefersub");
	fz_check(found ? has == 1 : has == rc, "sw_option_tag_has agrees with the iterator");
	check_policy_tags(d, m, id, has);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* sw_refer_sub_get's inline front (refer_sub.h) against the out-of-line
 * step it falls back to: the same status, error and fields, from outputs
 * filled with different garbage first. */
static void
diff_get(const uint8_t *d, const struct sw_msg *m)
{
	struct sw_refer_sub a, b;
	struct sw_err ea = { 7, 7, NULL }, eb = ea;
	int ra, rb;

	memset(&a, 0xA5, sizeof(a));
	memset(&b, 0x5A, sizeof(b));
	ra = sw_refer_sub_get(d, m, &a, &ea);
	rb = sw_refer_sub_get_step(d, m, &b, &eb);
	fz_check(ra == rb && ea.off == eb.off && ea.need == eb.need && ea.detail == eb.detail &&
			 (ra < 0 || (a.hdr == b.hdr && a.value == b.value && a.token.off == b.token.off &&
				     a.token.len == b.token.len && a.params.off == b.params.off &&
				     a.params.len == b.params.len)),
		 "sw_refer_sub_get equals sw_refer_sub_get_step");
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct sw_slice all = sw_slice_make(0, (uint32_t)n);
	struct sw_refer_sub rs;
	struct sw_msg m;
	struct sw_arena a;
	int rc;

	check_value(d, all, 0);
	walk_params(d, all);
	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	if (sw_msg_parse(d, n, NULL, &a, &m, NULL) != SW_OK)
		return 0;
	rc = sw_refer_sub_get(d, &m, &rs, NULL);
	diff_get(d, &m);
	fz_check(rc == 0 || rc == 1 || rc == SW_E_MALFORMED, "Refer-Sub status");
	fz_check((rc == 0) == (sw_msg_first(&m, SW_HDR_REFER_SUB) == NULL), "absent iff no header");
	if (rc == 1) {
		fz_check(sw_msg_count(&m, SW_HDR_REFER_SUB) == 1, "exactly one line accepted");
		check_value(d, m.hdrs[rs.hdr].value, 1);
	}
	check_tags(d, &m, SW_HDR_SUPPORTED);
	check_tags(d, &m, SW_HDR_REQUIRE);
	check_tags(d, &m, SW_HDR_PROXY_REQUIRE);
	return 0;
}
