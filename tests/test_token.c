/* token: SipHash-2-4 reference vectors, RFC 4648 encodings, flow and
 * route-restore tokens (v2 escaping, canonical decoding, v1 compatibility) (round trip, tampering, foreign keys, legality of
 * every character where the token is placed), and the v2 decoder (its
 * 16-byte SSSE3 blocks, or the scalar loop in the token_scalar build)
 * against a byte-by-byte reference decoder kept here, and the v2 encoder
 * (SSSE3 blocks or the scalar table loop) against a reference encoder. */
#include <stdint.h>
#include <string.h>

#include "ctype_tab.h"
#include "sipwire/token.h"
#include "tap.h"
#include "token_ref.h"

/* SipHash paper, Appendix A, and the reference implementation's table:
 * key 00 01 .. 0f, message 00 01 .. (len-1). */
static const struct {
	size_t len;
	uint64_t h;
} sip_vectors[] = {
	{ 0, 0x726fdb47dd0e0e31ull },  { 1, 0x74f839c593dc67fdull },  { 2, 0x0d6c8009d9a94f5aull },
	{ 3, 0x85676696d7fb7e2dull },  { 4, 0xcf2794e0277187b7ull },  { 5, 0x18765564cd99a68dull },
	{ 6, 0xcbc9466e58fee3ceull },  { 7, 0xab0200f58b01d137ull },  { 8, 0x93f5f5799a932462ull },
	{ 9, 0x9e0082df0ba9e4b0ull },  { 10, 0x7a5dbbc594ddb9f3ull }, { 11, 0xf4b32f46226bada7ull },
	{ 12, 0x751e8fbc860ee5fbull }, { 13, 0x14ea5627c0843d90ull }, { 14, 0xf723ca908e7af2eeull },
	{ 15, 0xa129ca6149be45e5ull }, { 16, 0x3f2acc7f57c29bdbull }, { 17, 0x699ae9f52cbe4794ull },
	{ 32, 0x7127512f72f27cceull },
};

static uint8_t key[16], other_key[16];

static void
test_siphash(void)
{
	uint8_t msg[64];

	for (int i = 0; i < 64; i++)
		msg[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(sip_vectors) / sizeof(sip_vectors[0]); i++) {
		uint64_t h = sw_siphash24(key, msg, sip_vectors[i].len);

		tap_ok(h == sip_vectors[i].h, "SipHash-2-4 paper vector, %zu-byte message (got %016llx)",
		       sip_vectors[i].len, (unsigned long long)h);
	}
}

static void
test_key_hex(void)
{
	uint8_t k[16];

	tap_ok(sw_token_key_from_hex("000102030405060708090A0b0c0d0e0f", 32, k) == SW_OK &&
	       memcmp(k, key, 16) == 0, "hex key, mixed case");
	TAP_EQ_INT(sw_token_key_from_hex("0001020304050607", 16, k), SW_E_INVAL, "short hex key");
	TAP_EQ_INT(sw_token_key_from_hex("000102030405060708090a0b0c0d0e0g", 32, k), SW_E_INVAL,
		   "non-hex digit");
}

struct enc_case {
	const char *in, *b64, *b32;
};

/* RFC 4648 §10 vectors (base32 in lowercase), plus the two base64url-only
 * characters. */
static const struct enc_case enc_cases[] = {
	{ "", "", "" },
	{ "f", "Zg", "my" },
	{ "fo", "Zm8", "mzxq" },
	{ "foo", "Zm9v", "mzxw6" },
	{ "foob", "Zm9vYg", "mzxw6yq" },
	{ "fooba", "Zm9vYmE", "mzxw6ytb" },
	{ "foobar", "Zm9vYmFy", "mzxw6ytboi" },
	{ "\xfb\xff", "-_8", "7p7q" },
};

static void
test_encodings(void)
{
	char out[64];
	uint8_t dec[64];
	size_t n, dn;

	for (size_t i = 0; i < sizeof(enc_cases) / sizeof(enc_cases[0]); i++) {
		const struct enc_case *c = &enc_cases[i];
		size_t len = strlen(c->in);

		n = sw_b64url_encode(c->in, len, out);
		tap_ok(n == strlen(c->b64) && n == SW_B64URL_LEN(len) && memcmp(out, c->b64, n) == 0,
		       "RFC 4648 §10 base64url of \"%s\"", c->b64);
		tap_ok(sw_b64url_decode(c->b64, n, dec, sizeof(dec), &dn) == SW_OK && dn == len &&
		       memcmp(dec, c->in, len) == 0, "base64url decode of \"%s\"", c->b64);
		n = sw_b32_encode(c->in, len, out);
		tap_ok(n == strlen(c->b32) && n == SW_B32_LEN(len) && memcmp(out, c->b32, n) == 0,
		       "RFC 4648 §10 base32 of \"%s\"", c->b32);
		tap_ok(sw_b32_decode(c->b32, n, dec, sizeof(dec), &dn) == SW_OK && dn == len &&
		       memcmp(dec, c->in, len) == 0, "base32 decode of \"%s\"", c->b32);
	}
	tap_ok(sw_b32_decode("MZXW6YTBOI", 10, dec, sizeof(dec), &dn) == SW_OK && dn == 6,
	       "base32 decode accepts upper case (URI params fold case, RFC 3261 §19.1.4)");
	TAP_EQ_INT(sw_b64url_decode("Zh", 2, dec, sizeof(dec), &dn), SW_E_MALFORMED,
		   "non-zero trailing bits rejected (non-canonical)");
	TAP_EQ_INT(sw_b64url_decode("Z", 1, dec, sizeof(dec), &dn), SW_E_MALFORMED,
		   "impossible base64url length");
	TAP_EQ_INT(sw_b32_decode("mzx", 3, dec, sizeof(dec), &dn), SW_E_MALFORMED,
		   "impossible base32 length");
	TAP_EQ_INT(sw_b64url_decode("Zm+v", 4, dec, sizeof(dec), &dn), SW_E_MALFORMED,
		   "'+' is not base64url");
	TAP_EQ_INT(sw_b32_decode("mzxw1", 5, dec, sizeof(dec), &dn), SW_E_MALFORMED,
		   "'1' is not base32");
	TAP_EQ_INT(sw_b64url_decode("Zm9vYmFy", 8, dec, 5, &dn), SW_E_NOSPACE, "decode NOSPACE");
}

static int
all_in_class(const char *s, size_t n, unsigned cls)
{
	for (size_t i = 0; i < n; i++)
		if (!sw_is((unsigned char)s[i], cls))
			return 0;
	return 1;
}

/* Flip one character of the token into another alphabet character. */
static char
flip(char c)
{
	return c == 'A' ? 'B' : 'A';
}

static void
test_flow(void)
{
	static const struct sw_flow flows[] = {
		{ 4, SW_TRANSPORT_UDP, 5060, { 192, 0, 2, 44 } },
		{ 4, SW_TRANSPORT_TCP, 40123, { 198, 51, 100, 7 } },
		{ 6, SW_TRANSPORT_TLS, 5061, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
		{ 6, SW_TRANSPORT_UDP, 1, { 0xfe, 0x80, [8] = 0xff, [15] = 0xaa } },
	};
	char tok[SW_FLOW_TOKEN_MAX], bad[SW_FLOW_TOKEN_MAX];
	struct sw_flow f;
	size_t n;

	for (size_t i = 0; i < sizeof(flows) / sizeof(flows[0]); i++) {
		const struct sw_flow *in = &flows[i];
		int tamper_ok = 1, rc = sw_flow_token_encode(key, in, tok, sizeof(tok), &n);

		tap_ok(rc == SW_OK && n == (in->family == 4 ? 22u : 38u),
		       "RFC 5626 §5.2 flow token %zu: %zu characters", i, n);
		tap_ok(all_in_class(tok, n, SW_CT_UNRESERVED) && all_in_class(tok, n, SW_CT_USER),
		       "flow token %zu: only `unreserved` characters, legal in a user part (RFC 3261 §25)", i);
		tap_ok(sw_flow_token_decode(key, tok, n, &f) == SW_OK && f.family == in->family &&
		       f.transport == in->transport && f.port == in->port &&
		       memcmp(f.addr, in->addr, in->family == 4 ? 4 : 16) == 0,
		       "flow token %zu decodes to the same flow", i);
		TAP_EQ_INT(sw_flow_token_decode(other_key, tok, n, &f), SW_E_AUTH,
			   "flow token under a foreign key is SW_E_AUTH");
		for (size_t j = 0; j < n; j++) {
			memcpy(bad, tok, n);
			bad[j] = flip(bad[j]);
			rc = sw_flow_token_decode(key, bad, n, &f);
			tamper_ok &= rc == SW_E_AUTH || rc == SW_E_MALFORMED;
		}
		tap_ok(tamper_ok, "flow token %zu: every one-character change is rejected", i);
		TAP_EQ_INT(sw_flow_token_decode(key, tok, n - 1, &f), SW_E_MALFORMED,
			   "truncated flow token is SW_E_MALFORMED");
	}
	tap_ok(sw_flow_token_encode(key, &(struct sw_flow){ 5, 1, 0, { 0 } }, tok, sizeof(tok), &n) ==
	       SW_E_INVAL, "unknown family rejected");
	tap_ok(sw_flow_token_encode(key, &flows[0], tok, 21, &n) == SW_E_NOSPACE, "flow token NOSPACE");
}

static void
test_route(void)
{
	static const char base[] = "<sip:orig@scscf1.home.example.net:5060;lr>"
				   "\"Svc, Inc\" <sip:as7.home.example.net;lr>;x=1";
	const struct sw_slice set[2] = { { 0, 42 }, { 42, sizeof(base) - 1 - 42 } };
	static const char want[] = "<sip:orig@scscf1.home.example.net:5060;lr>,"
				   "\"Svc, Inc\" <sip:as7.home.example.net;lr>;x=1";
	char tok[SW_ROUTE_TOKEN_MAX], text[SW_ROUTE_TEXT_MAX], big[SW_ROUTE_TEXT_MAX + 10];
	struct sw_slice bigset[1] = { { 0, SW_ROUTE_TEXT_MAX } };
	size_t n, tn;
	int tamper_ok = 1;
	struct sw_flow f;

	int rc = sw_route_token_encode(key, base, set, 2, tok, sizeof(tok), &n);

	/* '2', the text with its 15 non-paramchar bytes as %XX, 16 hex digits */
	tap_ok(rc == SW_OK && n == 1 + sizeof(want) - 1 + 2 * 15 + 16 && tok[0] == '2',
	       "route token of two entries: %zu characters", n);
	tap_ok(all_in_class(tok, n, SW_CT_PARAM), "route token is all paramchar (RFC 3261 §25)");
	tap_ok(sw_route_token_decode(key, tok, n, text, sizeof(text), &tn) == SW_OK &&
	       tn == sizeof(want) - 1 && memcmp(text, want, tn) == 0,
	       "route token restores the entries byte-exact, joined with ','");
	TAP_EQ_INT(sw_route_token_decode(other_key, tok, n, text, sizeof(text), &tn), SW_E_AUTH,
		   "route token under a foreign key is SW_E_AUTH");
	for (size_t j = 0; j < n; j++) {
		char bad[SW_ROUTE_TOKEN_MAX];

		memcpy(bad, tok, n);
		bad[j] = bad[j] == 'a' ? 'b' : 'a';
		rc = sw_route_token_decode(key, bad, n, text, sizeof(text), &tn);
		tamper_ok &= rc == SW_E_AUTH || rc == SW_E_MALFORMED;
	}
	tap_ok(tamper_ok, "every one-character change of a route token is rejected");
	TAP_EQ_INT(sw_route_token_decode(key, tok, n, text, 10, &tn), SW_E_NOSPACE, "route decode NOSPACE");
	memset(big, 'x', sizeof(big));
	tap_ok(sw_route_token_encode(key, big, bigset, 1, tok, sizeof(tok), &n) == SW_OK &&
	       n <= SW_ROUTE_TOKEN_MAX, "a route set of exactly SW_ROUTE_TEXT_MAX bytes fits");
	bigset[0].len++;
	TAP_EQ_INT(sw_route_token_encode(key, big, bigset, 1, tok, sizeof(tok), &n), SW_E_TOOLONG,
		   "one byte more is SW_E_TOOLONG");
	/* kinds are domain-separated: a flow token never verifies as a route token */
	sw_flow_token_encode(key, &(struct sw_flow){ 4, 1, 5060, { 10, 0, 0, 1 } }, tok, sizeof(tok), &n);
	tap_ok(sw_route_token_decode(key, tok, n, text, sizeof(text), &tn) != SW_OK,
	       "a flow token is not a route token");
	sw_route_token_encode(key, base, set, 1, tok, sizeof(tok), &n);
	tap_ok(sw_flow_token_decode(key, tok, n, &f) != SW_OK, "a route token is not a flow token");
}

/* Route token version 2: exact escaping of every byte value, canonical
 * decoding only, size bounds, and version 1 tokens still restoring. */
static void
test_route_v2(void)
{
	uint8_t all[256], b[2 + SW_ROUTE_TEXT_MAX + 8];
	char tok[SW_ROUTE_TOKEN_MAX + 1], ref[3 * 256 + 1], text[SW_ROUTE_TEXT_MAX], v1[1024];
	struct sw_slice s = { 0, 256 };
	size_t n, tn, r = 0;
	uint64_t h;
	int ok;

	for (unsigned c = 0; c < 256; c++) {
		all[c] = (uint8_t)c;
		r += (size_t)(tr_lit(c) ? snprintf(ref + r, 4, "%c", c) : snprintf(ref + r, 4, "%%%02X", c));
	}
	ok = sw_route_token_encode(key, all, &s, 1, tok, sizeof(tok), &n) == SW_OK;
	tap_ok(ok && n == 1 + r + 16 && tok[0] == '2' && memcmp(tok + 1, ref, r) == 0,
	       "every byte value: paramchar as itself, the rest as %%XX (RFC 3261 §25)");
	tap_ok(all_in_class(tok, n, SW_CT_PARAM), "the token is all paramchar");
	ok = sw_route_token_decode(key, tok, n, text, sizeof(text), &tn) == SW_OK;
	tap_ok(ok && tn == 256 && memcmp(text, all, 256) == 0, "every byte value decodes back");
	TAP_EQ_INT(sw_route_token_encode(key, all, &s, 1, tok, SW_ROUTE_TOKEN_LEN_MAX(256) - 1, &n),
		   SW_E_NOSPACE, "cap below SW_ROUTE_TOKEN_LEN_MAX(text) is SW_E_NOSPACE");
	/* worst case: SW_ROUTE_TEXT_MAX bytes that all need escaping */
	memset(b, '<', sizeof(b));
	s.len = SW_ROUTE_TEXT_MAX;
	ok = sw_route_token_encode(key, b, &s, 1, tok, sizeof(tok) - 1, &n) == SW_OK;
	tap_ok(ok && n == SW_ROUTE_TOKEN_MAX, "an all-escaped set of SW_ROUTE_TEXT_MAX bytes fills SW_ROUTE_TOKEN_MAX");
	tap_ok(sw_route_token_decode(key, tok, n, text, sizeof(text), &tn) == SW_OK && tn == SW_ROUTE_TEXT_MAX,
	       "and decodes");
	/* non-canonical spellings of a genuine token are refused */
	s.len = 3;
	sw_route_token_encode(key, "<a>", &s, 1, tok, sizeof(tok), &n); /* 2%3Ca%3E + MAC */
	memcpy(v1, tok, n);
	v1[3] = 'c';
	TAP_EQ_INT(sw_route_token_decode(key, v1, n, text, sizeof(text), &tn), SW_E_MALFORMED,
		   "lowercase hex in an escape is not canonical: SW_E_MALFORMED");
	memcpy(v1, tok, n);
	v1[n - 1] = (char)(v1[n - 1] >= 'A' ? v1[n - 1] + 32 : 'g');
	TAP_EQ_INT(sw_route_token_decode(key, v1, n, text, sizeof(text), &tn), SW_E_MALFORMED,
		   "a MAC digit that is not uppercase hex: SW_E_MALFORMED");
	snprintf(v1, sizeof(v1), "2%%3C%%61%%3E%.16s", tok + n - 16);
	TAP_EQ_INT(sw_route_token_decode(key, v1, strlen(v1), text, sizeof(text), &tn), SW_E_MALFORMED,
		   "an escaped paramchar byte (%61 for 'a') is not canonical");
	snprintf(v1, sizeof(v1), "2%%3Ca%%3%.16s", tok + n - 16);
	TAP_EQ_INT(sw_route_token_decode(key, v1, strlen(v1), text, sizeof(text), &tn), SW_E_MALFORMED,
		   "a cut escape is SW_E_MALFORMED");
	TAP_EQ_INT(sw_route_token_decode(key, tok, 16, text, sizeof(text), &tn), SW_E_MALFORMED,
		   "shorter than version + MAC: SW_E_MALFORMED");
	/* a version 1 token (base32 of 1 || text || SipHash-2-4('R' 1 text)) */
	b[0] = 'R';
	b[1] = 1;
	memcpy(b + 2, "<sip:a.example.net;lr>", 22);
	h = sw_siphash24(key, b, 24);
	for (int i = 0; i < 8; i++)
		b[24 + i] = (uint8_t)(h >> (8 * i));
	n = sw_b32_encode(b + 1, 31, v1);
	ok = sw_route_token_decode(key, v1, n, text, sizeof(text), &tn) == SW_OK;
	tap_ok(ok && tn == 22 && memcmp(text, b + 2, 22) == 0, "a version 1 (base32) token still restores");
	v1[n - 1] = v1[n - 1] == 'a' ? 'b' : 'a';
	tap_ok(sw_route_token_decode(key, v1, n, text, sizeof(text), &tn) != SW_OK,
	       "a tampered version 1 token is rejected");
}

/* tr_decode's answer in sw_route_token_decode's terms: the text into out
 * (also on SW_E_AUTH, for make_tok to MAC it right). */
static int
ref_decode(const char *tok, size_t len, char *out, size_t *n)
{
	uint8_t b[2 + SW_ROUTE_TEXT_MAX];
	size_t t = 0;
	int rc = tr_decode(key, tok, len, b, &t);

	if (rc == SW_OK || rc == SW_E_AUTH) {
		memcpy(out, b + 2, t - 2);
		*n = t - 2;
	}
	return rc;
}

/* body (without '2' and MAC) into tok with the MAC of what the reference
 * decodes it to (a right MAC, so OK is reachable), or zeros when it does
 * not decode; returns the token length. */
static size_t
make_tok(const char *body, size_t bl, char *tok)
{
	char text[SW_ROUTE_TEXT_MAX];
	uint8_t b[2 + SW_ROUTE_TEXT_MAX];
	size_t n = 0, len = 1 + bl + 16;
	uint64_t h = 0;

	tok[0] = '2';
	memcpy(tok + 1, body, bl);
	memset(tok + 1 + bl, '0', 16);
	if (ref_decode(tok, len, text, &n) != SW_E_MALFORMED) {
		b[0] = 'R';
		b[1] = 2;
		memcpy(b + 2, text, n);
		h = sw_siphash24(key, b, n + 2);
	}
	for (int k = 0; k < 8; k++)
		snprintf(tok + 1 + bl + 2 * k, 3, "%02X", (unsigned)(h >> (8 * k)) & 255);
	return len;
}

static int
same_decode(const char *tok, size_t len, unsigned *ok_count)
{
	char t1[SW_ROUTE_TEXT_MAX], t2[SW_ROUTE_TEXT_MAX];
	size_t n1 = 0, n2 = 0;
	int r1 = sw_route_token_decode(key, tok, len, t1, sizeof(t1), &n1);
	int r2 = ref_decode(tok, len, t2, &n2);

	*ok_count += r1 == SW_OK;
	return r1 == r2 && (r1 != SW_OK || (n1 == n2 && memcmp(t1, t2, n1) == 0));
}

/* Every byte value at every position of a 40-byte body (both sides of
 * 16-byte block edges, right after an escape), random bodies near the
 * text bound, random escapes: decoder = reference. */
static void
test_route_decode_ref(void)
{
	/* pieces: literals, valid escapes, and rarely a bad one (lowercase,
	 * cut, an escaped paramchar, a literal that needs escaping) */
	static const char *const good[] = { "sip:", "orig", "a.b-c_d~e*f'g(h)", "[2001:db8::1]", "/:&+$!",
					    "%3C", "%40", "%3B", "%3E", "%2C", "%22", "%20", "%FF", "%00" };
	static const char *const bad[] = { "%3c", "%4", "%", "%61", "%zz", " ", "<", ";", "\x80", "%2C%" };
	char body[SW_ROUTE_TOKEN_MAX], tok[SW_ROUTE_TOKEN_MAX + 1];
	unsigned runs = 0, same = 0, oks = 0;
	uint32_t r = 1;

	for (size_t pos = 0; pos < 40; pos++)
		for (unsigned c = 0; c < 256; c++) {
			memcpy(body, "sip:orig%40scscf1.home.example.net%3Blr;", 40);
			body[pos] = (char)c;
			runs++;
			same += same_decode(tok, make_tok(body, 40, tok), &oks);
		}
	for (int k = 0; k < 20000; k++) {
		size_t bl = 0, want;

		r = r * 1103515245u + 12345u;
		/* a tenth near the text bound (512 bytes), the rest short */
		want = k % 10 == 0 ? 480 + (r >> 8) % 100 : (r >> 8) % 120;
		while (bl < want) {
			const char *piece;

			r = r * 1103515245u + 12345u;
			piece = (r >> 8) % 200 == 0 ? bad[(r >> 16) % 10] : good[(r >> 16) % 14];
			memcpy(body + bl, piece, strlen(piece));
			bl += strlen(piece);
		}
		runs++;
		same += same_decode(tok, make_tok(body, bl, tok), &oks);
	}
	tap_ok(runs > 30000 && oks > 5000 && same == runs,
	       "route decode = byte-by-byte reference: %u / %u (%u verified)", same, runs, oks);
}

/* sw_route_token_encode of text[0..n) cut into two slices at cut (joined
 * with ',' in the reference too), into a buffer of exactly
 * SW_ROUTE_TOKEN_LEN_MAX(n) followed by guard bytes: same token as the
 * reference, nothing written past cap. cut > n: one slice. */
static int
same_encode(const uint8_t *text, size_t n, size_t cut)
{
	char tok[SW_ROUTE_TOKEN_MAX + 64], ref[SW_ROUTE_TOKEN_MAX + 1];
	uint8_t joined[SW_ROUTE_TEXT_MAX];
	struct sw_slice set[2] = { { 0, (uint32_t)n }, { 0, 0 } };
	size_t cap = SW_ROUTE_TOKEN_LEN_MAX(n), len = 0, rl, tn = n, guard = 0, nset = 1;
	int rc;

	memcpy(joined, text, n);
	if (cut <= n && n < SW_ROUTE_TEXT_MAX) {
		set[0].len = (uint32_t)cut;
		set[1] = sw_slice_make((uint32_t)cut, (uint32_t)(n - cut));
		tn = n + 1;
		nset = 2;
		cap = SW_ROUTE_TOKEN_LEN_MAX(tn);
		memmove(joined + cut + 1, text + cut, n - cut);
		joined[cut] = ',';
	}
	memset(tok, 0x5a, sizeof(tok));
	/* the second slice starts at text + cut: the ',' is the encoder's */
	rc = sw_route_token_encode(key, text, set, nset, tok, cap, &len);
	rl = tr_encode(key, joined, tn, ref);
	for (size_t k = cap; k < sizeof(tok); k++)
		guard |= (unsigned char)tok[k] != 0x5a;
	return rc == SW_OK && len == rl && memcmp(tok, ref, rl) == 0 && guard == 0;
}

/* Every byte value at every position of a 48-byte route text (both sides
 * of the 16-byte block edges, escapes next to escapes), every length
 * 0..SW_ROUTE_TEXT_MAX of all-literal, all-escaped and random bytes, and
 * random route-like texts (one escape in a few bytes) split in two slices:
 * encoder = byte-by-byte reference, within cap. */
static void
test_route_encode_ref(void)
{
	static const char base[] = "<sip:orig@scscf1.home.example.net;lr>,<sip:a.b>";
	static const char route_bytes[] = "sip:orig@scscf1.home-1.example.net;lr<>,\"=% \t[2001:db8::1]/:&+$";
	uint8_t text[SW_ROUTE_TEXT_MAX];
	unsigned runs = 0, same = 0;
	uint32_t r = 7;

	for (size_t pos = 0; pos < 48; pos++)
		for (unsigned c = 0; c < 256; c++) {
			memcpy(text, base, 48);
			text[pos] = (uint8_t)c;
			runs++;
			same += same_encode(text, 48, SIZE_MAX);
		}
	for (size_t n = 0; n <= SW_ROUTE_TEXT_MAX; n++)
		for (int kind = 0; kind < 3; kind++) {
			for (size_t i = 0; i < n; i++) {
				r = r * 1103515245u + 12345u;
				text[i] = kind == 0 ? 'a' : kind == 1 ? '<' : (uint8_t)(r >> 16);
			}
			runs++;
			same += same_encode(text, n, SIZE_MAX);
		}
	for (int k = 0; k < 20000; k++) {
		size_t n;

		r = r * 1103515245u + 12345u;
		n = k % 10 == 0 ? (r >> 8) % (SW_ROUTE_TEXT_MAX + 1) : (r >> 8) % 160;
		for (size_t i = 0; i < n; i++) {
			r = r * 1103515245u + 12345u;
			text[i] = (r >> 24) % 16 == 0 ? (uint8_t)(r >> 8)
							 : (uint8_t)route_bytes[(r >> 12) % (sizeof(route_bytes) - 1)];
		}
		r = r * 1103515245u + 12345u;
		runs++;
		same += same_encode(text, n, k % 2 ? (r >> 8) % (n + 1) : SIZE_MAX);
	}
	tap_ok(runs > 30000 && same == runs, "route encode = byte-by-byte reference, nothing past cap: %u / %u",
	       same, runs);
}

int
main(void)
{
	for (int i = 0; i < 16; i++) {
		key[i] = (uint8_t)i;
		other_key[i] = (uint8_t)(0xa5 ^ i);
	}
	test_siphash();
	test_key_hex();
	test_encodings();
	test_flow();
	test_route();
	test_route_v2();
	test_route_decode_ref();
	test_route_encode_ref();
	return tap_done();
}
