/* libFuzzer target for the route restore's token and lookup:
 *
 *  - sw_route_token_encode against a byte-by-byte reference encoder: the
 *    input (cut in two slices where its first byte says) as route text,
 *    into a buffer of exactly SW_ROUTE_TOKEN_LEN_MAX with guard bytes after
 *    it; same token, nothing past cap, and it decodes back to the text;
 *  - sw_route_token_decode against a byte-by-byte reference decoder of
 *    version 2 tokens (docs/policies.md): the input as a token, then the
 *    same token with the MAC of what the reference decodes, so verified
 *    tokens are reached too; same status, same text;
 *  - sw_uri_param_find against sw_param_find on the input parsed as a
 *    URI: every parameter name it holds and two fixed names, same result
 *    and the same value slice.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "sipwire/token.h"
#include "sipwire/uri.h"
#include "token_ref.h"

static const uint8_t key[SW_TOKEN_KEY_LEN] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

static void
check_decode(char *tok, size_t len)
{
	static const char hx[] = "0123456789ABCDEF";
	static uint8_t b[2 + SW_ROUTE_TEXT_MAX + 8];
	static char out[SW_ROUTE_TEXT_MAX];
	size_t n = 0, t = 0;
	int r1 = sw_route_token_decode(key, tok, len, out, sizeof(out), &n);
	int r2 = tr_decode(key, tok, len, b, &t);

	if (len == 0 || tok[0] != '2')
		return; /* version 1 or nothing: only "does not crash" here */
	fz_check(r1 == r2, "route decode status = reference");
	fz_check(r1 != SW_OK || (n == t - 2 && memcmp(out, b + 2, n) == 0), "route decode text = reference");
	if (r2 != SW_E_AUTH)
		return;
	/* the right MAC for the text: now it must verify and restore */
	uint64_t h = sw_siphash24(key, b, t);

	for (size_t k = 0; k < 8; k++) {
		tok[len - 16 + 2 * k] = hx[(h >> (8 * k + 4)) & 15];
		tok[len - 16 + 2 * k + 1] = hx[(h >> (8 * k)) & 15];
	}
	r1 = sw_route_token_decode(key, tok, len, out, sizeof(out), &n);
	fz_check(r1 == SW_OK && n == t - 2 && memcmp(out, b + 2, n) == 0, "re-MACed token verifies");
}

static void
check_encode(const uint8_t *data, size_t size)
{
	static char tok[SW_ROUTE_TOKEN_MAX + 64], ref[SW_ROUTE_TOKEN_MAX], back[SW_ROUTE_TEXT_MAX];
	static uint8_t joined[SW_ROUTE_TEXT_MAX];
	struct sw_slice set[2];
	size_t n = size - 1, cut = data[0], nset = 1, tn = n, cap, len = 0, rl, bn = 0;

	if (size == 0 || size > SW_ROUTE_TEXT_MAX)
		return;
	set[0] = sw_slice_make(1, (uint32_t)n);
	memcpy(joined, data + 1, n);
	if (cut < n) { /* two slices, joined with ',' */
		set[0].len = (uint32_t)cut;
		set[1] = sw_slice_make((uint32_t)(1 + cut), (uint32_t)(n - cut));
		nset = 2;
		tn = n + 1;
		memcpy(joined + cut + 1, data + 1 + cut, n - cut);
		joined[cut] = ',';
	}
	cap = SW_ROUTE_TOKEN_LEN_MAX(tn);
	memset(tok, 0x5a, sizeof(tok));
	fz_check(sw_route_token_encode(key, data, set, nset, tok, cap, &len) == SW_OK, "route encode OK");
	for (size_t k = cap; k < sizeof(tok); k++)
		fz_check(tok[k] == 0x5a, "route encode writes nothing past cap");
	rl = tr_encode(key, joined, tn, ref);
	fz_check(len == rl && memcmp(tok, ref, rl) == 0, "route encode = reference");
	fz_check(sw_route_token_decode(key, tok, len, back, sizeof(back), &bn) == SW_OK && bn == tn &&
			 memcmp(back, joined, tn) == 0,
		 "route token decodes back to the text");
}

static void
check_find(const char *s, size_t len, const char *name)
{
	struct sw_uri u;
	struct sw_slice v1 = { 1, 1 }, v2 = { 1, 1 };
	int r1, r2;

	if (sw_uri_parse(s, sw_slice_make(0, (uint32_t)len), &u, NULL) != SW_OK)
		return;
	r1 = sw_uri_param_find(s, &u, name, &v1);
	r2 = sw_param_find(s, u.params, name, &v2);
	fz_check(r1 == r2 && fz_slice_same(v1, v2), "sw_uri_param_find = sw_param_find");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[SW_ROUTE_TOKEN_MAX + 64], name[64];
	struct sw_uri u;
	struct sw_slice rest, pn, pv;

	if (size > SW_ROUTE_TOKEN_MAX + 32)
		return 0;
	check_encode(data, size);
	memcpy(buf, data, size);
	check_decode(buf, size);
	memcpy(buf, data, size); /* check_decode may have rewritten the MAC */
	check_find(buf, size, "swrs");
	check_find(buf, size, "lr");
	if (sw_uri_parse(buf, sw_slice_make(0, (uint32_t)size), &u, NULL) != SW_OK)
		return 0;
	rest = u.params;
	while (sw_param_next(buf, &rest, &pn, &pv) > 0)
		if (pn.len < sizeof(name)) {
			memcpy(name, buf + pn.off, pn.len);
			name[pn.len] = 0;
			check_find(buf, size, name);
		}
	return 0;
}
