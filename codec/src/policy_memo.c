/* Route-token memo (policy.h): a repeated Service-Route set costs a
 * compare and a copy instead of SipHash and the escaping.
 *
 * Why a hit is exact: the token is a pure function of the key and the
 * joined set text (token.c: MAC over "R", version, text; then escaping),
 * so the stored token of byte-identical text under the same key is the
 * token the encoder would write. Entries are copies; the memo never points
 * into a packet buffer.
 */
#include <string.h>

#include "policy_int.h"

void
sw_policy_memo_init(struct sw_policy_memo *m)
{
	memset(m, 0, sizeof(*m));
}

/* Bind to `key`; a memo last used under another key forgets everything,
 * so a token made under one key is never served under another. */
static void
bind_key(struct sw_policy_memo *m, const uint8_t key[SW_TOKEN_KEY_LEN])
{
	if (m->bound && memcmp(m->key, key, SW_TOKEN_KEY_LEN) == 0)
		return;
	for (unsigned i = 0; i < SW_POLICY_MEMO_ENTRIES; i++)
		m->e[i].text_len = 0;
	memcpy(m->key, key, SW_TOKEN_KEY_LEN);
	m->bound = 1;
	m->next = 0;
}

/* Entry text == set[0..n) joined by ','; the caller checked the length. */
static int
same_text(const struct sw_policy_memo_entry *e, const unsigned char *b, const struct sw_slice *set,
	  size_t n)
{
	const char *t = e->text;

	for (size_t i = 0; i < n; i++) {
		if (i > 0 && *t++ != ',')
			return 0;
		if (memcmp(t, b + set[i].off, set[i].len) != 0)
			return 0;
		t += set[i].len;
	}
	return 1;
}

int
sw_pol_memo_get(struct sw_policy_memo *m, const uint8_t key[SW_TOKEN_KEY_LEN],
		const unsigned char *b, const struct sw_slice *set, size_t n, size_t text, char *out,
		size_t *len)
{
	bind_key(m, key);
	if (text <= SW_POLICY_MEMO_TEXT_MAX) {
		for (unsigned i = 0; i < SW_POLICY_MEMO_ENTRIES; i++) {
			const struct sw_policy_memo_entry *e = &m->e[i];

			if (e->text_len != text || !same_text(e, b, set, n))
				continue;
			memcpy(out, e->token, e->token_len);
			*len = e->token_len;
			m->hits++;
			return 1;
		}
	}
	m->misses++;
	return 0;
}

void
sw_pol_memo_put(struct sw_policy_memo *m, const unsigned char *b, const struct sw_slice *set,
		size_t n, size_t text, const char *tok, size_t len)
{
	struct sw_policy_memo_entry *e;
	char *t;

	if (!m->bound || text == 0 || text > SW_POLICY_MEMO_TEXT_MAX || len > SW_POLICY_MEMO_TOKEN_MAX)
		return;
	e = &m->e[m->next];
	m->next = (uint8_t)((m->next + 1) % SW_POLICY_MEMO_ENTRIES);
	t = e->text;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			*t++ = ',';
		memcpy(t, b + set[i].off, set[i].len);
		t += set[i].len;
	}
	memcpy(e->token, tok, len);
	e->text_len = (uint16_t)text;
	e->token_len = (uint16_t)len;
}
