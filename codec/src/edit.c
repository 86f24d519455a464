/* Edit list and in-place apply.
 *
 * The list is small (SW_EDITS_MAX) so insertion keeps it sorted with a
 * linear scan; that scan also rejects overlaps, so apply can trust the
 * order. Apply first plans every kept segment (source, destination,
 * length) and every insertion's destination, checks the result fits, and
 * only then moves bytes: left-shifted segments front to back, right-shifted
 * segments back to front, then the inserted bytes. A left-shifted segment
 * can only land on bytes of earlier left-shifted segments and a right-shifted
 * one only on bytes of later right-shifted segments (output order equals
 * input order), so the two groups never clobber each other.
 */
#include <string.h>

#include "err_int.h"
#include "sipwire/edit.h"
#include "sipwire/pkt.h"

#define SW_EDITS_CAP (SW_EDITS_MAX + SW_EDITS_RESERVED)

void
sw_edits_init(struct sw_edits *e)
{
	e->n = 0;
	e->delta = 0;
}

/* Does the new edit [off, off+len) clash with existing edit x? */
static int
clashes(const struct sw_edit *x, uint32_t off, uint32_t len)
{
	uint32_t end = off + len, xend = x->off + x->len;

	if (len > 0 && x->len > 0)
		return off < xend && x->off < end;
	if (len == 0 && x->len > 0)
		return off > x->off && off < xend;
	if (len > 0 && x->len == 0)
		return x->off > off && x->off < end;
	return 0;
}

static int
edits_add(struct sw_edits *e, uint32_t cap, uint32_t off, uint32_t len, const void *bytes,
	  uint32_t blen)
{
	uint32_t pos;

	if ((len == 0 && blen == 0) || (blen > 0 && bytes == NULL) || off > UINT32_MAX - len)
		return SW_E_INVAL;
	if (e->n >= cap)
		return SW_E_TOOMANY;
	pos = e->n;
	for (uint32_t i = 0; i < e->n; i++) {
		if (clashes(&e->e[i], off, len))
			return SW_E_INVAL;
		/* stable: after every edit at the same offset */
		if (pos == e->n && e->e[i].off > off)
			pos = i;
	}
	if (pos < e->n)
		memmove(&e->e[pos + 1], &e->e[pos], (e->n - pos) * sizeof(e->e[0]));
	e->e[pos].off = off;
	e->e[pos].len = len;
	e->e[pos].blen = blen;
	e->e[pos].bytes = bytes;
	e->n++;
	e->delta += (int64_t)blen - (int64_t)len;
	return SW_OK;
}

int
sw_edits_insert(struct sw_edits *e, uint32_t off, const void *bytes, uint32_t len)
{
	return edits_add(e, SW_EDITS_MAX, off, 0, bytes, len);
}

int
sw_edits_delete(struct sw_edits *e, uint32_t off, uint32_t len)
{
	return edits_add(e, SW_EDITS_MAX, off, len, NULL, 0);
}

int
sw_edits_replace(struct sw_edits *e, uint32_t off, uint32_t len, const void *bytes, uint32_t blen)
{
	return edits_add(e, SW_EDITS_MAX, off, len, bytes, blen);
}

/* Everything apply decides before moving a byte. */
struct plan {
	const struct sw_edits *ed; /* the caller's list, or &local */
	struct sw_edits local;     /* copy with Content-Length rewrites added */
	char cl_txt[16];
	size_t new_len;
	struct seg {
		uint32_t src, dst, len;
	} seg[SW_EDITS_CAP + 1];   /* kept bytes; seg[i] precedes edit i */
	uint32_t ins_dst[SW_EDITS_CAP];
};

/* Body length change of the edits; checks none straddles the empty line. */
static int
body_delta(const struct sw_msg *msg, const struct sw_edits *e, int64_t *delta,
	   struct sw_err *err)
{
	uint32_t bstart = msg->body.off, bend = msg->body.off + msg->body.len;

	*delta = 0;
	for (uint32_t i = 0; i < e->n; i++) {
		const struct sw_edit *x = &e->e[i];

		if (x->off >= bstart) {
			if (x->off + x->len > bend)
				return sw_err_at(err, SW_E_INVAL, x->off, "edit past the end of the body");
			*delta += (int64_t)x->blen - (int64_t)x->len;
		} else if (x->off + x->len > msg->hdr_end) {
			return sw_err_at(err, SW_E_INVAL, x->off, "edit straddles the end of the headers");
		}
	}
	return SW_OK;
}

/* RFC 3261 §20.14: keep Content-Length equal to the body length. */
static int
plan_content_length(struct plan *p, const struct sw_msg *msg, const struct sw_edits *e,
		    struct sw_err *err)
{
	int64_t d, v;
	int rc, n = 0;
	char tmp[16];

	if (msg == NULL || msg->content_length < 0)
		return SW_OK;
	rc = body_delta(msg, e, &d, err);
	if (rc != SW_OK || d == 0)
		return rc;
	v = (int64_t)msg->body.len + d;
	if (v < 0)
		return sw_err_at(err, SW_E_INVAL, msg->body.off, "body edits remove more than the body");
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	for (int i = 0; i < n; i++)
		p->cl_txt[i] = tmp[n - 1 - i];
	p->local = *e;
	for (const struct sw_hdr *h = sw_msg_first(msg, SW_HDR_CONTENT_LENGTH); h != NULL;
	     h = sw_msg_next(msg, h)) {
		rc = edits_add(&p->local, SW_EDITS_CAP, h->value.off, h->value.len, p->cl_txt,
			       (uint32_t)n);
		if (rc != SW_OK)
			return sw_err_at(err, rc == SW_E_TOOMANY ? SW_E_TOOMANY : SW_E_INVAL,
					 h->value.off, rc == SW_E_TOOMANY
					 ? "too many Content-Length lines to rewrite"
					 : "edits touch the Content-Length value");
	}
	p->ed = &p->local;
	return SW_OK;
}

/* Segments and insertion points; checks bounds and the room needed. */
static int
plan_make(struct plan *p, size_t len, size_t cap, const struct sw_msg *msg,
	  const struct sw_edits *e, struct sw_err *err)
{
	const struct sw_edits *ed;
	uint32_t cur = 0, d = 0;
	int64_t nl;
	int rc;

	p->ed = e;
	if (len > UINT32_MAX)
		return sw_err_at(err, SW_E_TOOLONG, 0, "message longer than 4 GiB");
	for (uint32_t i = 0; i < e->n; i++)
		if ((uint64_t)e->e[i].off + e->e[i].len > len)
			return sw_err_at(err, SW_E_INVAL, e->e[i].off, "edit past the end of the message");
	rc = plan_content_length(p, msg, e, err);
	if (rc != SW_OK)
		return rc;
	ed = p->ed;
	nl = (int64_t)len + ed->delta;
	if (nl > (int64_t)UINT32_MAX)
		return sw_err_at(err, SW_E_TOOLONG, 0, "rewritten message longer than 4 GiB");
	if ((uint64_t)nl > cap) {
		if (err != NULL)
			err->need = (unsigned)nl;
		return sw_err_at(err, SW_E_NOSPACE, (uint32_t)len, "no room for the rewritten message");
	}
	for (uint32_t i = 0; i < ed->n; i++) {
		const struct sw_edit *x = &ed->e[i];
		/* an insert at the start of a range deleted just before it */
		uint32_t start = x->off > cur ? x->off : cur;

		p->seg[i] = (struct seg){ cur, d, start - cur };
		d += start - cur;
		p->ins_dst[i] = d;
		d += x->blen;
		cur = start + x->len;
	}
	p->seg[ed->n] = (struct seg){ cur, d, (uint32_t)len - cur };
	p->new_len = (size_t)nl;
	return SW_OK;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SW_LITTLE_ENDIAN 1
#else
#define SW_LITTLE_ENDIAN 0
#endif

/* One's-complement arithmetic on sums folded to 16 bits (RFC 1071): each
 * value is a residue modulo 0xFFFF, 0 and 0xFFFF both meaning zero. */
static inline uint32_t
oc_fold(uint32_t s)
{
	s = (s & 0xFFFFu) + (s >> 16);
	return (s & 0xFFFFu) + (s >> 16);
}

/* A byte at an even offset is the high half of its 16-bit word, at an odd
 * one the low half: moving bytes by an odd count multiplies what they add
 * by 256 (or 1/256) modulo 0xFFFF, and since 2^16 = 1 modulo 0xFFFF that
 * is exactly swapping the two bytes of their folded sum. */
static inline uint32_t
oc_swap(uint32_t a)
{
	return (a >> 8) | ((a & 0xFFu) << 8);
}

/* Sum of n bytes at p as they count when they sit at offset `at`. Short
 * runs (a header line, a deleted tag, a Content-Length value) are summed
 * here in native 64-bit words with end-around carry (RFC 1071 §2(C): any
 * word size folds to the same 16-bit sum), folded and swapped once (§2(B):
 * the sum does not depend on byte order): less than the call and set-up of
 * sw_csum_add. */
static uint32_t
bytes_sum(const void *p, uint32_t n, uint32_t at)
{
	const unsigned char *q = p;
	uint64_t acc = 0, w;
	uint32_t s, w4;
	uint16_t h;

	if (n > 64) {
		s = oc_fold(sw_csum_add(0, p, n));
		return (at & 1) ? oc_swap(s) : s;
	}
	for (; n >= 8; q += 8, n -= 8) {
		memcpy(&w, q, 8);
		acc += w;
		acc += acc < w;
	}
	w = 0;
	if (n >= 4) {
		memcpy(&w4, q, 4);
		w = w4;
		q += 4;
		n -= 4;
	}
	if (n >= 2) {
		memcpy(&h, q, 2);
		w += (uint64_t)h << (SW_LITTLE_ENDIAN ? 32 : 0);
		q += 2;
		n -= 2;
	}
	if (n == 1) /* the high byte of a big-endian word: the first one in memory */
		w += SW_LITTLE_ENDIAN ? (uint64_t)q[0] << 48 : (uint64_t)q[0] << 8;
	acc += w;
	acc += acc < w;
	acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
	s = oc_fold((uint32_t)acc + (uint32_t)(acc >> 32));
	/* native words on a little-endian host are byte-swapped big-endian ones */
	return ((at & 1) != 0) != SW_LITTLE_ENDIAN ? oc_swap(s) : s;
}

/*
 * The rewritten message's sum from the old one (RFC 1624 arithmetic),
 * taken before any byte moves: removed bytes leave, inserted bytes enter at
 * their new offsets, a kept segment shifted by an even count contributes
 * what it did and one shifted by an odd count its swapped sum. Only one of
 * the two kinds of kept bytes is summed, the fewer: the odd-shifted sum O
 * is either summed or is old - removed - (even-shifted). Both give the
 * same residue; with a wrong `old` either result is wrong too (the new sum
 * is old, or swap(old), plus terms that do not depend on it). Terms are
 * added unfolded (at most 2 * SW_EDITS_CAP + 4 of them, each <= 0xFFFF)
 * and folded once.
 */
static uint32_t
sum_update(const unsigned char *b, uint32_t old, const struct sw_edit *x, uint32_t n,
	   const struct seg *seg, const uint32_t *ins_dst)
{
	uint32_t acc = old, gone = 0, odd_len = 0, even_len = 0, kept = 0, odd, want, g;

	for (uint32_t i = 0; i < n; i++) {
		if (x[i].len > 0) {
			g = bytes_sum(b + seg[i].src + seg[i].len, x[i].len, seg[i].src + seg[i].len);
			gone += g;
			acc += 0xFFFFu - g;
		}
		if (x[i].blen > 0)
			acc += bytes_sum(x[i].bytes, x[i].blen, ins_dst[i]);
	}
	for (uint32_t i = 0; i <= n; i++) {
		if ((seg[i].dst - seg[i].src) & 1)
			odd_len += seg[i].len;
		else
			even_len += seg[i].len;
	}
	if (odd_len == 0)
		return oc_fold(acc);
	want = odd_len <= even_len;
	for (uint32_t i = 0; i <= n; i++)
		if (((seg[i].dst - seg[i].src) & 1) == want && seg[i].len > 0)
			kept += bytes_sum(b + seg[i].src, seg[i].len, seg[i].src);
	kept = oc_fold(kept);
	odd = want ? kept : oc_fold(old + (0xFFFFu - oc_fold(gone)) + (0xFFFFu - kept));
	return oc_fold(acc + oc_swap(odd) + (0xFFFFu - odd));
}

/* The common case of one header edit (a Path or Service-Route line): one
 * memmove of the tail and one copy, same checks as the general plan. */
static int
apply_one(unsigned char *b, size_t len, size_t cap, const struct sw_edit *x, uint32_t *sum,
	  size_t *new_len, struct sw_err *err)
{
	uint64_t end = (uint64_t)x->off + x->len;
	int64_t nl = (int64_t)len + (int64_t)x->blen - (int64_t)x->len;

	if (end > len)
		return sw_err_at(err, SW_E_INVAL, x->off, "edit past the end of the message");
	if (nl > (int64_t)UINT32_MAX)
		return sw_err_at(err, SW_E_TOOLONG, 0, "rewritten message longer than 4 GiB");
	if ((uint64_t)nl > cap) {
		if (err != NULL)
			err->need = (unsigned)nl;
		return sw_err_at(err, SW_E_NOSPACE, (uint32_t)len, "no room for the rewritten message");
	}
	if (sum != NULL) {
		const struct seg seg[2] = { { 0, 0, x->off },
					    { (uint32_t)end, x->off + x->blen, (uint32_t)(len - end) } };

		*sum = sum_update(b, oc_fold(*sum), x, 1, seg, &x->off);
	}
	memmove(b + x->off + x->blen, b + end, len - end);
	if (x->blen > 0) /* a pure delete has no bytes (NULL) */
		memcpy(b + x->off, x->bytes, x->blen);
	*new_len = (size_t)nl;
	return SW_OK;
}

/* Can apply_shrink take the list? Every edit in bounds, none growing
 * (blen <= len), and none near the body or the Content-Length value it
 * would need (with Content-Length, each ends within the headers): then
 * the general plan adds nothing and checks nothing more, so the answer of
 * the shortcut is the general one. Anything else goes the general way. */
static inline int
shrinks_in_headers(size_t len, const struct sw_msg *msg, const struct sw_edits *e)
{
	int cl = msg != NULL && msg->content_length >= 0;

	if (e->n > SW_EDITS_MAX || len > UINT32_MAX)
		return 0;
	for (uint32_t i = 0; i < e->n; i++) {
		const struct sw_edit *x = &e->e[i];
		uint64_t end = (uint64_t)x->off + x->len;

		if (end > len || x->blen > x->len ||
		    (cl && (end > msg->hdr_end || x->off >= msg->body.off)))
			return 0;
	}
	return 1;
}

/* Edits that only remove or shorten (a REFER's Refer-Sub line and option
 * tag, stripped Path lines): every kept byte moves left or stays, so one
 * front-to-back pass moves each segment and copies its replacement, which
 * never reaches a byte not yet moved (it ends where the edit's range
 * ends). The plan's three passes and its Content-Length step are skipped;
 * a sum is carried from the same segments as the general plan makes. */
static inline __attribute__((always_inline)) int
apply_shrink(unsigned char *b, size_t len, size_t cap, const struct sw_edits *e, uint32_t *sum,
	     size_t *new_len, struct sw_err *err)
{
	int64_t nl = (int64_t)len + e->delta;
	uint32_t cur = 0, d = 0, start;

	if ((uint64_t)nl > cap) {
		if (err != NULL)
			err->need = (unsigned)nl;
		return sw_err_at(err, SW_E_NOSPACE, (uint32_t)len, "no room for the rewritten message");
	}
	if (sum != NULL) {
		struct seg seg[SW_EDITS_MAX + 1];
		uint32_t ins_dst[SW_EDITS_MAX];

		for (uint32_t i = 0; i < e->n; i++) {
			start = e->e[i].off > cur ? e->e[i].off : cur;
			seg[i] = (struct seg){ cur, d, start - cur };
			d += start - cur;
			ins_dst[i] = d;
			d += e->e[i].blen;
			cur = start + e->e[i].len;
		}
		seg[e->n] = (struct seg){ cur, d, (uint32_t)len - cur };
		*sum = sum_update(b, oc_fold(*sum), e->e, e->n, seg, ins_dst);
		cur = d = 0;
	}
	for (uint32_t i = 0; i < e->n; i++) {
		const struct sw_edit *x = &e->e[i];

		start = x->off > cur ? x->off : cur;
		if (d != cur && start > cur)
			memmove(b + d, b + cur, start - cur);
		d += start - cur;
		if (x->blen > 0)
			memcpy(b + d, x->bytes, x->blen);
		d += x->blen;
		cur = start + x->len;
	}
	if (d != cur && len > cur)
		memmove(b + d, b + cur, len - cur);
	*new_len = (size_t)nl;
	return SW_OK;
}

/* The general plan: growing edits, body edits, Content-Length upkeep.
 * Out of line so the fast paths above do not pay its frame (struct plan
 * is ~1.3 KiB) in the prologue of every apply. */
static __attribute__((noinline)) int
apply_plan(unsigned char *b, size_t len, size_t cap, const struct sw_msg *msg,
	   const struct sw_edits *e, uint32_t *sum, size_t *new_len, struct sw_err *err)
{
	struct plan p;
	uint32_t n;
	int rc;

	rc = plan_make(&p, len, cap, msg, e, err);
	if (rc != SW_OK)
		return rc;
	n = p.ed->n;
	if (sum != NULL)
		*sum = sum_update(b, oc_fold(*sum), p.ed->e, n, p.seg, p.ins_dst);
	for (uint32_t i = 0; i <= n; i++)
		if (p.seg[i].dst < p.seg[i].src && p.seg[i].len > 0)
			memmove(b + p.seg[i].dst, b + p.seg[i].src, p.seg[i].len);
	for (uint32_t i = n + 1; i-- > 0;)
		if (p.seg[i].dst > p.seg[i].src && p.seg[i].len > 0)
			memmove(b + p.seg[i].dst, b + p.seg[i].src, p.seg[i].len);
	for (uint32_t i = 0; i < n; i++)
		if (p.ed->e[i].blen > 0)
			memcpy(b + p.ins_dst[i], p.ed->e[i].bytes, p.ed->e[i].blen);
	*new_len = p.new_len;
	return SW_OK;
}

/* Two edits or more. Out of line: the registers the shortcut needs are
 * then saved only on this path, not on the one-edit path of every Path
 * and Service-Route line (+2 instructions there when it was inlined). */
static __attribute__((noinline)) int
apply_many(unsigned char *b, size_t len, size_t cap, const struct sw_msg *msg,
	   const struct sw_edits *e, uint32_t *sum, size_t *new_len, struct sw_err *err)
{
	if (shrinks_in_headers(len, msg, e))
		return apply_shrink(b, len, cap, e, sum, new_len, err);
	return apply_plan(b, len, cap, msg, e, sum, new_len, err);
}

/* sw_edits_apply and sw_edits_apply_sum: sum NULL carries no sum. Inlined
 * into both (GCC/clang attribute, as elsewhere in the codec): a call in
 * between cost each apply ~12 instructions of argument shuffling (8
 * arguments, two on the stack), measured on bench_rewrite. */
static inline __attribute__((always_inline)) int
apply_in_place(unsigned char *b, size_t len, size_t cap, const struct sw_msg *msg,
	       const struct sw_edits *e, uint32_t *sum, size_t *new_len, struct sw_err *err)
{
	if (e->n == 0) {
		if (sum != NULL)
			*sum = oc_fold(*sum);
		*new_len = len;
		return SW_OK;
	}
	if (e->n == 1 && len <= UINT32_MAX &&
	    (msg == NULL || msg->content_length < 0 ||
	     ((uint64_t)e->e[0].off + e->e[0].len <= msg->hdr_end && e->e[0].off < msg->body.off)))
		return apply_one(b, len, cap, &e->e[0], sum, new_len, err);
	return apply_many(b, len, cap, msg, e, sum, new_len, err);
}

int
sw_edits_apply(void *buf, size_t len, size_t cap, const struct sw_msg *msg,
	       const struct sw_edits *e, size_t *new_len, struct sw_err *err)
{
	return apply_in_place(buf, len, cap, msg, e, NULL, new_len, err);
}

int
sw_edits_apply_sum(void *buf, size_t len, size_t cap, const struct sw_msg *msg,
		   const struct sw_edits *e, uint32_t *sum, size_t *new_len, struct sw_err *err)
{
	return apply_in_place(buf, len, cap, msg, e, sum, new_len, err);
}

int
sw_edits_apply_to(const void *in, size_t len, const struct sw_msg *msg,
		  const struct sw_edits *e, void *out, size_t out_cap, size_t *out_len,
		  struct sw_err *err)
{
	const unsigned char *s = in;
	unsigned char *o = out;
	struct plan p;
	int rc;

	rc = plan_make(&p, len, out_cap, msg, e, err);
	if (rc != SW_OK)
		return rc;
	for (uint32_t i = 0; i <= p.ed->n; i++) {
		if (p.seg[i].len > 0)
			memcpy(o + p.seg[i].dst, s + p.seg[i].src, p.seg[i].len);
		if (i < p.ed->n && p.ed->e[i].blen > 0)
			memcpy(o + p.ins_dst[i], p.ed->e[i].bytes, p.ed->e[i].blen);
	}
	*out_len = p.new_len;
	return SW_OK;
}
