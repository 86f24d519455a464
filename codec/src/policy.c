/* SBC policy configuration, dispatch, and the line / option-tag helpers the
 * rules share. The rules themselves are in policy_rules.c.
 *
 * Every rule only adds edits; nothing is written to the message. When any
 * rule fails, the whole call gives no edits (the edits list is emptied and
 * the scratch arena rewound), so a message is either rewritten by every
 * rule that applies or passed unchanged.
 */
#include <string.h>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "ctype_tab.h"
#include "policy_int.h"
#include "sipwire/reginfo.h"
#include "sipwire/refer_sub.h"
#include "sipwire/sipfrag_policy.h"
#include "sipwire/uri.h"

void
sw_policy_init(struct sw_policy *p)
{
	memset(p, 0, sizeof(*p));
}

static int
set_fail(struct sw_err *err, uint32_t off, const char *detail)
{
	if (err != NULL) {
		err->off = off;
		err->detail = detail;
	}
	return SW_E_INVAL;
}

/* A sip/sips URI for Path or Service-Route; *q = offset of its '?'. */
static int
take_uri(const char *s, size_t len, struct sw_uri *u, uint32_t *q, struct sw_err *err)
{
	if (len == 0 || len > 256)
		return set_fail(err, 0, "URI must be 1..256 bytes");
	if (sw_uri_parse(s, sw_slice_make(0, (uint32_t)len), u, err) != SW_OK ||
	    (u->kind != SW_URI_SIP && u->kind != SW_URI_SIPS))
		return set_fail(err, err ? err->off : 0, "not a sip: or sips: URI (give it without <>)");
	*q = u->headers.len > 0 ? u->headers.off - 1 : (uint32_t)len;
	return SW_OK;
}

/* The two Path lines of struct sw_policy (policy.h); the URI is at most
 * 256 bytes (take_uri), so both fit. */
static void
render_path(struct sw_policy *p)
{
	static const char req[] = "Require: path\r\n";

	for (int ob = 0; ob < 2; ob++) {
		char *l = p->path_line[ob];
		size_t n = 0;

		memcpy(l, "Path: <", 7);
		n = 7;
		memcpy(l + n, p->path_uri, p->path_q);
		n += p->path_q;
		if (ob) {
			memcpy(l + n, ";ob", 3);
			n += 3;
		}
		memcpy(l + n, p->path_uri + p->path_q, p->path_uri_len - p->path_q);
		n += p->path_uri_len - p->path_q;
		memcpy(l + n, ">\r\n", 3);
		n += 3;
		memcpy(l + n, req, sizeof(req) - 1);
		p->path_line_len[ob] = (uint16_t)n;
	}
}

static int
set_path(struct sw_policy *p, const char *v, struct sw_err *err)
{
	struct sw_uri u;
	size_t len = strlen(v);
	int rc = take_uri(v, len, &u, &p->path_q, err);

	if (rc != SW_OK)
		return rc;
	p->path_uri = v;
	p->path_uri_len = (uint32_t)len;
	p->path_rest = u.scheme.len + 1;
	p->path_has_user = u.has_user;
	p->path_has_ob = (u.pflags & SW_URI_P_OB) != 0;
	render_path(p);
	return SW_OK;
}

static int
set_service_route(struct sw_policy *p, const char *v, struct sw_err *err)
{
	struct sw_uri u;
	const char *uri;
	int rc;

	if (strcmp(v, "keep") == 0) {
		p->sr_mode = SW_SR_KEEP;
		return SW_OK;
	}
	if (strncmp(v, "prepend:", 8) == 0)
		p->sr_mode = SW_SR_PREPEND;
	else if (strncmp(v, "replace:", 8) == 0)
		p->sr_mode = SW_SR_REPLACE;
	else
		return set_fail(err, 0, "expected keep, prepend:URI or replace:URI");
	uri = v + 8;
	rc = take_uri(uri, strlen(uri), &u, &p->sr_q, err);
	if (rc != SW_OK) {
		p->sr_mode = SW_SR_KEEP;
		return rc;
	}
	if (sw_param_find(uri, u.params, SW_POLICY_RESTORE_PARAM, NULL) > 0) {
		p->sr_mode = SW_SR_KEEP;
		return set_fail(err, 8, "URI already has the " SW_POLICY_RESTORE_PARAM " parameter");
	}
	p->sr_uri = uri;
	p->sr_uri_len = (uint32_t)strlen(uri);
	return SW_OK;
}

static int
set_refer_sub(struct sw_policy *p, const char *v, struct sw_err *err)
{
	if (strcmp(v, "pass") == 0)
		p->refer_sub = SW_RS_PASS;
	else if (strcmp(v, "suppress") == 0)
		p->refer_sub = SW_RS_SUPPRESS;
	else if (strcmp(v, "strip") == 0)
		p->refer_sub = SW_RS_STRIP;
	else
		return set_fail(err, 0, "expected pass, suppress or strip");
	return SW_OK;
}

static int
set_flag(uint8_t *f, const char *v, struct sw_err *err)
{
	if (v != NULL)
		return set_fail(err, 0, "this option takes no value");
	*f = 1;
	return SW_OK;
}

int
sw_policy_set(struct sw_policy *p, const char *name, const char *value, struct sw_err *err)
{
	if (strcmp(name, "path-ob") == 0)
		return set_flag(&p->path_ob, value, err);
	if (strcmp(name, "strip-path-echo") == 0)
		return set_flag(&p->strip_path_echo, value, err);
	if (strcmp(name, "path") != 0 && strcmp(name, "flow-key") != 0 &&
	    strcmp(name, "service-route") != 0 && strcmp(name, "refer-sub") != 0 &&
	    strcmp(name, "sipfrag-headers") != 0 && strcmp(name, "reginfo-host-map") != 0) {
		if (err != NULL) {
			err->off = 0;
			err->detail = "unknown policy option";
		}
		return SW_E_NOTFOUND;
	}
	if (value == NULL || value[0] == '\0')
		return set_fail(err, 0, "this option needs a value");
	if (strcmp(name, "path") == 0)
		return set_path(p, value, err);
	if (strcmp(name, "flow-key") == 0) {
		if (sw_token_key_from_hex(value, strlen(value), p->key) != SW_OK)
			return set_fail(err, 0, "flow-key must be 32 hex digits (128 bits)");
		p->have_key = 1;
		return SW_OK;
	}
	if (strcmp(name, "service-route") == 0)
		return set_service_route(p, value, err);
	if (strcmp(name, "refer-sub") == 0)
		return set_refer_sub(p, value, err);
	if (strcmp(name, "sipfrag-headers") == 0) {
		if (sw_sipfrag_keep_check(value, err) != SW_OK)
			return SW_E_INVAL;
		p->sipfrag_headers = value;
	} else {
		int rc = sw_ri_host_map_check(value, err);

		if (rc != SW_OK)
			return rc;
		p->reginfo_host_map = value;
	}
	return SW_OK;
}

int
sw_policy_check(const struct sw_policy *p, struct sw_err *err)
{
	if (p->sr_mode == SW_SR_REPLACE && !p->have_key)
		return set_fail(err, 0, "service-route replace needs flow-key (it keys the restore token)");
	if (p->path_uri != NULL && p->have_key && p->path_has_user)
		return set_fail(err, 0, "with flow-key the path URI must have no user part");
	if (p->path_ob && p->path_uri == NULL)
		return set_fail(err, 0, "path-ob needs path");
	return SW_OK;
}

int
sw_pol_fail(struct pol_ctx *c, int rc, uint32_t off, const char *detail)
{
	if (c->err != NULL) {
		c->err->off = off;
		c->err->detail = detail;
	}
	return rc;
}

int
sw_pol_edit_rc(struct pol_ctx *c, int rc, uint32_t off)
{
	if (rc == SW_OK)
		return SW_OK;
	if (rc == SW_E_TOOMANY)
		return sw_pol_fail(c, rc, off, "more edits than SW_EDITS_MAX");
	return sw_pol_fail(c, SW_E_INVAL, off, "policy edits overlap");
}


uint32_t
sw_pol_top_line_at(const struct sw_msg *m, enum sw_hdr_id id)
{
	const struct sw_hdr *h = sw_msg_first(m, id), *v;

	if (h != NULL)
		return h->line.off;
	v = sw_msg_first(m, SW_HDR_VIA);
	if (v != NULL) {
		while (sw_msg_next(m, v) != NULL)
			v = sw_msg_next(m, v);
		return v->line.off + v->line.len;
	}
	return m->nhdrs > 0 ? m->hdrs[0].line.off : m->hdr_end;
}

int
sw_pol_delete_lines(struct pol_ctx *c, enum sw_hdr_id id)
{
	for (const struct sw_hdr *h = sw_msg_first(c->m, id); h != NULL; h = sw_msg_next(c->m, h)) {
		int rc = sw_edits_delete(c->e, h->line.off, h->line.len);

		if (rc != SW_OK)
			return sw_pol_edit_rc(c, rc, h->line.off);
	}
	return SW_OK;
}

#define TAGS_PER_LINE 32

/* An option tag to look for, folded once per call: tags of 4 to 16 bytes
 * (every tag the rules use) compare as two overlapping words. `| 0x20`
 * maps two token bytes to the same value only when they are the same
 * letter in either case (the other token bytes differ from their 0x20
 * partner, which is a control byte, '@', '^' or DEL: not a token), so
 * the folded compare is exact between tokens. */
struct tag_key {
	const char *s;
	uint32_t n;
	uint64_t w0, w1;
};

#define FOLD8 0x2020202020202020ull

/* The 8 bytes at p folded when n >= 8, else the 4 bytes at p (4 <= n). */
static inline uint64_t
load_word(const void *p, uint32_t n)
{
	uint64_t w = 0;
	uint32_t v;

	if (n >= 8) {
		memcpy(&w, p, 8);
		return w | FOLD8;
	}
	memcpy(&v, p, 4);
	return (uint64_t)(v | 0x20202020u);
}

static inline void
tag_key_init_n(struct tag_key *k, const char *tag, uint32_t n)
{
	k->s = tag;
	k->n = n;
	k->w0 = k->w1 = 0;
	if (k->n >= 4 && k->n <= 16) {
		k->w0 = load_word(tag, k->n);
		k->w1 = load_word(tag + k->n - (k->n >= 8 ? 8 : 4), k->n);
	}
}

static inline void
tag_key_init(struct tag_key *k, const char *tag)
{
	tag_key_init_n(k, tag, (uint32_t)strlen(tag));
}

static inline int
tag_key_eq(const unsigned char *b, struct sw_slice t, const struct tag_key *k)
{
	if (t.len != k->n)
		return 0;
	if (k->n >= 4 && k->n <= 16)
		return (load_word(b + t.off, k->n) == k->w0) &
		       (load_word(b + t.off + k->n - (k->n >= 8 ? 8 : 4), k->n) == k->w1);
	for (uint32_t i = 0; i < k->n; i++)
		if (sw_lower[b[t.off + i]] != sw_lower[(unsigned char)k->s[i]])
			return 0;
	return 1;
}

/* The option tags of line h when it has the usual shape: tokens separated
 * by ',' with SP/HT around it ("a, b,c"), no fold, no empty entry, at most
 * TAGS_PER_LINE tags. Returns their number (0 for an empty value), or -1
 * for any other line: the caller then takes the general iterator, which
 * also finds the error and its offset. A loop with no call. */
static inline int
tag_line_scalar(const unsigned char *b, uint32_t p, uint32_t end, struct sw_slice *tags)
{
	uint32_t s;
	int n = 0;

	for (;;) {
		while (p < end && (b[p] == ' ' || b[p] == '\t'))
			p++;
		s = p;
		while (p < end && sw_is(b[p], SW_CT_TOKEN))
			p++;
		if (p == s || n == TAGS_PER_LINE)
			return -1;
		tags[n++] = sw_slice_make(s, p - s);
		while (p < end && (b[p] == ' ' || b[p] == '\t'))
			p++;
		if (p == end)
			return n;
		if (b[p] != ',')
			return -1;
		p++;
	}
}

#if defined(__AVX2__)
/* Token, SP/HT/',' and ',' bits of the 32 bytes at q. The classes are two
 * nibble lookups ANDed: bits 0-5 are the token bytes of high nibble 2..7
 * (one bit per high nibble: "!%'*+-." digits, letters, "_`~"), bit 6 HT,
 * bit 7 SP and ','; bytes >= 0x80 have no class. */
static inline void
tag_bits32(const unsigned char *q, uint32_t *tok, uint32_t *sep, uint32_t *comma)
{
	const __m256i lo_t = _mm256_setr_epi8(
		(char)0xba, 0x3f, 0x3e, 0x3e, 0x3e, 0x3f, 0x3e, 0x3f, 0x3e, 0x7e, 0x3d, 0x15, (char)0x94,
		0x15, 0x35, 0x1c, (char)0xba, 0x3f, 0x3e, 0x3e, 0x3e, 0x3f, 0x3e, 0x3f, 0x3e, 0x7e, 0x3d,
		0x15, (char)0x94, 0x15, 0x35, 0x1c);
	const __m256i hi_t = _mm256_setr_epi8(0x40, 0, (char)0x81, 0x02, 0x04, 0x08, 0x10, 0x20, 0, 0,
					      0, 0, 0, 0, 0, 0, 0x40, 0, (char)0x81, 0x02, 0x04, 0x08,
					      0x10, 0x20, 0, 0, 0, 0, 0, 0, 0, 0);
	const __m256i m4 = _mm256_set1_epi8(0x0f), z = _mm256_setzero_si256();
	__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)q);
	__m256i c = _mm256_and_si256(
		_mm256_shuffle_epi8(lo_t, _mm256_and_si256(v, m4)),
		_mm256_shuffle_epi8(hi_t, _mm256_and_si256(_mm256_srli_epi16(v, 4), m4)));

	*tok = ~(uint32_t)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(_mm256_and_si256(c, _mm256_set1_epi8(0x3f)), z));
	*sep = ~(uint32_t)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(_mm256_and_si256(c, _mm256_set1_epi8((char)0xc0)), z));
	*comma = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(',')));
}

/* tag_line_scalar from bit masks of the n = end - p bytes (1..64; bit i =
 * byte p + i; b[0..end) readable, end >= 32): every byte a token byte or a
 * separator, the tags are the runs of token bits, and before tag k there
 * are exactly k commas (so one per gap, none before the first), and k - 1
 * in all after the last. A few instructions a tag instead of a few a byte. */
static inline int
tag_line_bits(const unsigned char *b, uint32_t p, uint32_t end, struct sw_slice *tags)
{
	uint32_t n = end - p, t0, s0, c0, t1, s1, c1;
	uint64_t tok, sep, comma, all = n == 64 ? ~0ull : (1ull << n) - 1, st, en;
	int k = 0;

	tag_bits32(b + end - 32, &t1, &s1, &c1);
	if (n <= 32) {
		tok = t1 >> (32 - n);
		sep = s1 >> (32 - n);
		comma = c1 >> (32 - n);
	} else {
		tag_bits32(b + p, &t0, &s0, &c0);
		tok = t0 | (uint64_t)t1 << (n - 32);
		sep = s0 | (uint64_t)s1 << (n - 32);
		comma = c0 | (uint64_t)c1 << (n - 32);
	}
	tok &= all;
	if (((tok | sep) & all) != all)
		return -1;
	st = tok & ~(tok << 1);
	en = tok & ~(tok >> 1);
	for (; st != 0; st &= st - 1, en &= en - 1, k++) {
		uint32_t s = (uint32_t)__builtin_ctzll(st), e = (uint32_t)__builtin_ctzll(en);

		if (k == TAGS_PER_LINE || __builtin_popcountll(comma & ((1ull << s) - 1)) != k)
			return -1;
		tags[k] = sw_slice_make(p + s, e + 1 - s);
	}
	return k > 0 && __builtin_popcountll(comma & all) == k - 1 ? k : -1;
}
#endif

/* tag_line_scalar for line h, through the masks where AVX2 is there and
 * the line is 1 to 64 bytes (nearly every Supported/Require line). */
static inline int
tag_line_fast(const unsigned char *b, const struct sw_hdr *h, struct sw_slice *tags)
{
	uint32_t p = h->value.off, end = p + h->value.len;

	if (p == end)
		return 0;
#if defined(__AVX2__)
	if (end - p <= 64 && end >= 32)
		return tag_line_bits(b, p, end, tags);
#endif
	return tag_line_scalar(b, p, end, tags);
}

/* tag_line_fast's walk that stops at the first tag equal to k: 1 found,
 * 0 not in this line, -1 a line of another shape before it is found.
 * Scalar even with AVX2: the tag looked for (Supported: path) is usually
 * first, and the early stop beats the masks (Path 3,620 against 3,675
 * instructions with tag_line_bits). */
static inline int
tag_line_find(const unsigned char *b, const struct sw_hdr *h, const struct tag_key *k)
{
	uint32_t p = h->value.off, end = p + h->value.len, s, t;

	if (p == end)
		return 0;
	for (;;) {
		while (p < end && (b[p] == ' ' || b[p] == '\t'))
			p++;
		s = p;
		while (p < end && sw_is(b[p], SW_CT_TOKEN))
			p++;
		if (p == s)
			return -1;
		t = p;
		while (p < end && (b[p] == ' ' || b[p] == '\t'))
			p++;
		/* the iterator hands a tag out only once what follows it is
		 * known good: a tag before "y z" is an error, not a match */
		if (p < end && b[p] != ',')
			return -1;
		if (tag_key_eq(b, sw_slice_make(s, t - s), k))
			return 1;
		if (p++ == end)
			return 0;
	}
}

/* Lines of the usual shape by tag_line_find; from the first other line
 * on, the iterator, as the one walk over every line would reach it (a tag
 * found earlier on a line that fails later is found by both). */
int
sw_pol_has_tag(struct pol_ctx *c, enum sw_hdr_id id, const char *tag)
{
	struct sw_tag_iter it;
	struct sw_slice t;
	struct tag_key k;
	int rc;

	tag_key_init(&k, tag);
	for (const struct sw_hdr *h = sw_msg_first(c->m, id); h != NULL; h = sw_msg_next(c->m, h)) {
		rc = tag_line_find(c->b, h, &k);
		if (rc > 0)
			return 1;
		if (rc < 0) {
			sw_tag_iter_init_at(&it, c->b, c->m, (uint16_t)(h - c->m->hdrs));
			while ((rc = sw_tag_iter_next(&it, &t, NULL)) == 1)
				if (tag_key_eq(c->b, t, &k))
					return 1;
			return rc;
		}
	}
	return 0;
}

int
sw_pol_add_tag(struct pol_ctx *c, enum sw_hdr_id id, const char *tag, uint32_t new_at)
{
	const struct sw_hdr *h = sw_msg_first(c->m, id), *last = NULL;
	struct pol_buf w;
	int rc = sw_pol_has_tag(c, id, tag);

	if (rc < 0)
		return sw_pol_fail(c, SW_E_MALFORMED, h ? h->value.off : 0, "malformed option-tag list");
	if (rc == 1)
		return 0;
	for (; h != NULL; h = sw_msg_next(c->m, h))
		last = h;
	rc = sw_pol_buf_init(c, &w, strlen(sw_hdr_name(id)) + strlen(tag) + 4);
	if (rc != SW_OK)
		return rc;
	if (last != NULL) {
		sw_pol_puts(&w, last->value.len > 0 ? ", " : "");
		sw_pol_puts(&w, tag);
		rc = sw_edits_insert(c->e, last->value.off + last->value.len, w.p, w.len);
		return rc == SW_OK ? 1 : sw_pol_edit_rc(c, rc, last->value.off);
	}
	sw_pol_puts(&w, sw_hdr_name(id));
	SW_POL_PUTL(&w, ": ");
	sw_pol_puts(&w, tag);
	SW_POL_PUTL(&w, "\r\n");
	rc = sw_edits_insert(c->e, new_at, w.p, w.len);
	return rc == SW_OK ? 1 : sw_pol_edit_rc(c, rc, new_at);
}

/* Tags of one line: remove those equal to `tag` with one adjacent comma
 * run. When the first tag goes, everything up to the first kept tag goes;
 * every later removed tag takes the separator before it. */
int
sw_pol_remove_in_line(struct pol_ctx *c, const struct sw_hdr *h, const struct sw_slice *tags,
		      const uint8_t *drop, unsigned n)
{
	unsigned k = 0;
	int rc = SW_OK;

	while (k < n && drop[k])
		k++;
	if (k == n)
		rc = sw_edits_delete(c->e, h->line.off, h->line.len);
	else if (k > 0)
		rc = sw_edits_delete(c->e, tags[0].off, tags[k].off - tags[0].off);
	for (unsigned i = k + 1; i < n && rc == SW_OK; i++) {
		uint32_t from = tags[i - 1].off + tags[i - 1].len;

		if (drop[i])
			rc = sw_edits_delete(c->e, from, tags[i].off + tags[i].len - from);
	}
	return rc == SW_OK ? SW_OK : sw_pol_edit_rc(c, rc, h->value.off);
}

/* The general walk from line h on: the iterator crosses lines in wire
 * order (the header chain's order); the tags are grouped by the line that
 * holds them and each line with a tag to drop is edited as soon as its
 * last tag has been seen. A malformed list anywhere fails the whole call,
 * as the iterator reports it. */
static int
remove_tag_walk(struct pol_ctx *c, const struct sw_hdr *h, const struct tag_key *k)
{
	struct sw_slice tags[TAGS_PER_LINE];
	uint8_t drop[TAGS_PER_LINE];
	struct sw_tag_iter it;
	struct sw_slice t;
	unsigned n = 0, nd = 0;
	int touched = 0, rc, more;

	sw_tag_iter_init_at(&it, c->b, c->m, (uint16_t)(h - c->m->hdrs));
	do {
		rc = sw_tag_iter_next(&it, &t, c->err);
		if (rc < 0)
			return sw_pol_fail(c, SW_E_MALFORMED, c->err ? c->err->off : h->value.off,
					   "malformed option-tag list");
		more = rc == 1;
		/* lines that end before this tag (or all of them at the end) are complete */
		while (h != NULL && (!more || t.off >= h->line.off + h->line.len)) {
			if (nd > 0) {
				rc = sw_pol_remove_in_line(c, h, tags, drop, n);
				if (rc != SW_OK)
					return rc;
				touched++;
			}
			n = nd = 0;
			h = sw_msg_next(c->m, h);
		}
		if (!more)
			break;
		if (n == TAGS_PER_LINE)
			return sw_pol_fail(c, SW_E_TOOMANY, t.off, "too many option tags in one line");
		tags[n] = t;
		drop[n] = (uint8_t)tag_key_eq(c->b, t, k);
		nd += drop[n++];
	} while (h != NULL);
	return touched;
}

/* One line's tags and which of them go. */
struct tag_line {
	const struct sw_hdr *h;
	struct sw_slice tags[TAGS_PER_LINE];
	uint8_t drop[TAGS_PER_LINE];
	unsigned n;
};

/* Lines of the usual shape by tag_line_fast; from the first other line on,
 * remove_tag_walk, which reaches that line in the state the walk over
 * every line would. As in that walk, a line's edit is added only once the
 * next tag (of a later line) has been read or the lines are over, so a
 * list that fails leaves the same edits behind: the line waiting for its
 * edit (`pend`) is where the walk starts again. A loop with no call per
 * tag (tag_line_fast and tag_key_eq inline): longer than the usual
 * function for that reason. */
int
sw_pol_remove_tag_from(struct pol_ctx *c, const struct sw_hdr *h, const char *tag, uint32_t len)
{
	struct tag_line lines[2], *cur = &lines[0], *pend = NULL;
	struct tag_key k;
	int touched = 0, rc, n;
	unsigned nd;

	tag_key_init_n(&k, tag, len);
	for (; h != NULL; h = sw_msg_next(c->m, h)) {
		n = tag_line_fast(c->b, h, cur->tags);
		if (n < 0) {
			rc = remove_tag_walk(c, pend != NULL ? pend->h : h, &k);
			return rc < 0 ? rc : touched + rc;
		}
		if (n == 0)
			continue;
		if (pend != NULL) {
			rc = sw_pol_remove_in_line(c, pend->h, pend->tags, pend->drop, pend->n);
			if (rc != SW_OK)
				return rc;
			touched++;
			pend = NULL;
		}
		nd = 0;
		for (int i = 0; i < n; i++)
			nd += cur->drop[i] = (uint8_t)tag_key_eq(c->b, cur->tags[i], &k);
		if (nd > 0) {
			cur->h = h;
			cur->n = (unsigned)n;
			pend = cur;
			cur = cur == &lines[0] ? &lines[1] : &lines[0];
		}
	}
	if (pend != NULL) {
		rc = sw_pol_remove_in_line(c, pend->h, pend->tags, pend->drop, pend->n);
		if (rc != SW_OK)
			return rc;
		touched++;
	}
	return touched;
}

/* SIP messages of a transaction the rules act on. */
static int
is_2xx_to(const struct sw_msg *m, enum sw_method method)
{
	return m->kind == SW_MSG_RESPONSE && m->status >= 200 && m->status <= 299 &&
	       m->has_cseq && m->cseq_method_id == method;
}

static int
run_rules(struct pol_ctx *c, enum sw_direction dir)
{
	const struct sw_msg *m = c->m;
	int rc = SW_OK;

	if (dir == SW_DIR_ACCESS && m->kind == SW_MSG_REQUEST) {
		rc = sw_pol_restore(c);
		if (rc == SW_OK && m->method == SW_METHOD_REGISTER && c->p->path_uri != NULL)
			rc = sw_pol_path(c);
	}
	if (dir == SW_DIR_CORE && is_2xx_to(m, SW_METHOD_REGISTER)) {
		rc = sw_pol_service_route(c);
		if (rc == SW_OK && c->p->strip_path_echo && sw_msg_first(m, SW_HDR_PATH) != NULL) {
			rc = sw_pol_delete_lines(c, SW_HDR_PATH);
			c->fired |= rc == SW_OK ? SW_POL_PATH_STRIP : 0;
		}
	}
	if (rc == SW_OK && m->kind == SW_MSG_REQUEST && m->method == SW_METHOD_REFER)
		rc = sw_pol_refer_sub(c);
	/* NOTIFY hooks (dir == SW_DIR_CORE): the sipfrag sanitiser (Event: refer)
	 * and the reginfo rewriter (Event: reg) are called here by their modules. */
	if (rc == SW_OK && dir == SW_DIR_CORE && c->p->sipfrag_headers != NULL &&
	    m->kind == SW_MSG_REQUEST && m->method == SW_METHOD_NOTIFY) {
		rc = sw_sipfrag_sanitize(c->b, m, c->p->sipfrag_headers, c->a, c->e, c->err);
		c->fired |= rc > 0 ? SW_POL_SIPFRAG : 0;
		rc = rc > 0 ? SW_OK : rc;
	}
	if (rc == SW_OK && dir == SW_DIR_CORE && m->kind == SW_MSG_REQUEST &&
	    m->method == SW_METHOD_NOTIFY && c->p->reginfo_host_map != NULL) {
		int hit = 0;

		rc = sw_ri_policy_rewrite(c->b, m, c->p->reginfo_host_map, c->a, c->e, &hit, c->err);
		c->fired |= hit ? SW_POL_REGINFO : 0;
	}
	return rc;
}

/* The body of both entry points; c->a and c->e are the scratch arena and
 * the edit list. */
static int
apply(struct pol_ctx *c, enum sw_direction dir, unsigned *fired)
{
	size_t mark = sw_arena_mark(c->a);
	int rc;

	sw_edits_init(c->e);
	if (fired != NULL)
		*fired = 0;
	if (c->m->kind == SW_MSG_NONE)
		return SW_OK;
	rc = run_rules(c, dir);
	if (rc != SW_OK) {
		sw_edits_init(c->e);
		sw_arena_rewind(c->a, mark);
		return rc;
	}
	if (fired != NULL)
		*fired = c->fired;
	return SW_OK;
}

int
sw_policy_apply(const void *buf, const struct sw_msg *msg, const struct sw_policy *p,
		enum sw_direction dir, const struct sw_flow *src, struct sw_arena *scratch,
		struct sw_edits *edits, unsigned *fired, struct sw_err *err)
{
	struct pol_ctx c = { buf, msg, p, src, scratch, edits, err, 0, NULL };

	return apply(&c, dir, fired);
}

int
sw_policy_apply_memo(const void *buf, const struct sw_msg *msg, const struct sw_policy *p,
		     enum sw_direction dir, const struct sw_flow *src, struct sw_arena *scratch,
		     struct sw_edits *edits, unsigned *fired, struct sw_err *err,
		     struct sw_policy_memo *memo)
{
	struct pol_ctx c = { buf, msg, p, src, scratch, edits, err, 0, memo };

	return apply(&c, dir, fired);
}
