/* Internal: state and helpers shared by policy.c and policy_rules.c. */
#ifndef SIPWIRE_POLICY_INT_H
#define SIPWIRE_POLICY_INT_H

#include <string.h>

#include "sipwire/policy.h"

/* One sw_policy_apply call. */
struct pol_ctx {
	const unsigned char *b;
	const struct sw_msg *m;
	const struct sw_policy *p;
	const struct sw_flow *src;
	struct sw_arena *a;
	struct sw_edits *e;
	struct sw_err *err;
	unsigned fired;
	struct sw_policy_memo *memo; /* NULL: no route-token memo */
};

struct sw_tag_iter;

/* refer_sub.c: an option-tag iterator (refer_sub.h) that starts at line
 * msg->hdrs[idx] as sw_tag_iter_init's would when it reaches that line;
 * the rules take the usual lines by a faster walk and this one from the
 * first line that walk does not take. */
void sw_tag_iter_init_at(struct sw_tag_iter *it, const void *base, const struct sw_msg *msg,
			 uint16_t idx);

/* Set err and return rc. */
int sw_pol_fail(struct pol_ctx *c, int rc, uint32_t off, const char *detail);

/* Turn an edit-add status into the apply status (SW_E_TOOMANY stays, an
 * overlap would be a bug in the rules: SW_E_INVAL). */
int sw_pol_edit_rc(struct pol_ctx *c, int rc, uint32_t off);

/* The n option tags of line h (tags[], in order) with drop[i] set for
 * those to remove: one edit per removed run, the whole line when every tag
 * goes. SW_OK or the edit error (through sw_pol_edit_rc). */
int sw_pol_remove_in_line(struct pol_ctx *c, const struct sw_hdr *h, const struct sw_slice *tags,
			  const uint8_t *drop, unsigned n);

/* Byte builder over arena memory sized up front; overflow is sticky. */
struct pol_buf {
	char *p;
	uint32_t len, cap;
	int overflow;
};

/* cap bytes of scratch from the policy arena (sw_arena_alloc, inline for
 * the usual fit). SW_OK, or SW_E_NOSPACE through sw_pol_fail. */
static inline int
sw_pol_buf_init(struct pol_ctx *c, struct pol_buf *w, size_t cap)
{
	w->len = 0;
	w->cap = (uint32_t)cap;
	w->overflow = 0;
	w->p = sw_arena_alloc(c->a, cap, 1);
	if (w->p == NULL) {
		/* the constant return lets the compiler see w set on SW_OK */
		(void)sw_pol_fail(c, SW_E_NOSPACE, 0, "policy scratch arena too small");
		return SW_E_NOSPACE;
	}
	return SW_OK;
}

static inline void
sw_pol_put(struct pol_buf *w, const void *s, size_t n)
{
	if (w->overflow || n > w->cap - w->len) {
		w->overflow = 1;
		return;
	}
	memcpy(w->p + w->len, s, n);
	w->len += (uint32_t)n;
}

static inline void
sw_pol_puts(struct pol_buf *w, const char *s)
{
	sw_pol_put(w, s, strlen(s));
}

/* sw_pol_put without the bounds check, for a builder whose sw_pol_buf_init
 * cap is the sum of every piece it writes (the caller shows the sum):
 * the check and the sticky flag cost ~10 instructions a piece on the
 * Service-Route hot path (docs/benchmarks.md, rewrite session 3). */
static inline void
sw_pol_put_fit(struct pol_buf *w, const void *s, size_t n)
{
	memcpy(w->p + w->len, s, n);
	w->len += (uint32_t)n;
}

/* A string literal, its length known at compile time. */
#define SW_POL_PUTL(w, lit) sw_pol_put((w), (lit), sizeof(lit) - 1)

/* Offset where a new topmost line of `id` goes: before the first `id`
 * line; without one, after the last Via line; without Via, before the
 * first header; without headers, at the end of the header section. */
uint32_t sw_pol_top_line_at(const struct sw_msg *m, enum sw_hdr_id id);

/* Delete every `id` line. */
int sw_pol_delete_lines(struct pol_ctx *c, enum sw_hdr_id id);

/* sw_option_tag_has (refer_sub.h) for the rules: 1 present, 0 absent,
 * SW_E_MALFORMED when a list is malformed before the tag is found. `tag`
 * (here and in add/remove) is an option tag, i.e. a token (RFC 3261 §25):
 * the compare folds case with `| 0x20`, exact only between tokens. */
int sw_pol_has_tag(struct pol_ctx *c, enum sw_hdr_id id, const char *tag);

/* Make sure option tag `tag` is in an `id` list: nothing when present;
 * else appended to the last `id` line (", tag"), else a new line
 * "Name: tag\r\n" at `new_at`. Returns 1 when an edit was added, 0 when
 * already present, negative on error. */
int sw_pol_add_tag(struct pol_ctx *c, enum sw_hdr_id id, const char *tag, uint32_t new_at);

/* sw_pol_remove_tag from the first `id` line h on; n = strlen(tag). */
int sw_pol_remove_tag_from(struct pol_ctx *c, const struct sw_hdr *h, const char *tag,
			   uint32_t n);

/* Remove every occurrence of option tag `tag` from the `id` lines (with one
 * adjacent comma; the whole line when no tag is left). Returns the number
 * of lines touched, negative on error. Inline so the usual Require (no
 * line) costs a table lookup and a literal tag's length is a constant. */
static inline int
sw_pol_remove_tag(struct pol_ctx *c, enum sw_hdr_id id, const char *tag)
{
	const struct sw_hdr *h = sw_msg_first(c->m, id);

	return h == NULL ? 0 : sw_pol_remove_tag_from(c, h, tag, (uint32_t)strlen(tag));
}

/* Route-token memo (policy_memo.c). get: binds the memo to key (emptying
 * it when it held another key's tokens), then looks up the text of
 * set[0..n) joined by ',' (`text` bytes); 1 with the token copied to out
 * (*len bytes; out has room for SW_ROUTE_TOKEN_LEN_MAX(text)), 0 on a miss.
 * put: after a miss, remembers text and token unless either is over its
 * bound (then the set simply bypasses the memo). */
int sw_pol_memo_get(struct sw_policy_memo *m, const uint8_t key[SW_TOKEN_KEY_LEN],
		    const unsigned char *b, const struct sw_slice *set, size_t n, size_t text, char *out,
		    size_t *len);
void sw_pol_memo_put(struct sw_policy_memo *m, const unsigned char *b, const struct sw_slice *set,
		     size_t n, size_t text, const char *tok, size_t len);

/* The rules (policy_rules.c). Each returns SW_OK (edits added or not, with
 * c->fired updated) or a negative status. */
int sw_pol_path(struct pol_ctx *c);
int sw_pol_service_route(struct pol_ctx *c);
int sw_pol_restore(struct pol_ctx *c);
int sw_pol_refer_sub(struct pol_ctx *c);

#endif
