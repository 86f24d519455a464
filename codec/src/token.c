/* SipHash-2-4, URL-safe encodings, flow and route-restore tokens.
 *
 * Token bytes are built behind a one-byte domain tag ('F' flow, 'R' route)
 * that is MACed but not transmitted: the MAC input is tag || token body, so
 * a token cut from one place cannot be replayed as the other kind.
 */
#include <string.h>
#if defined(__SSSE3__)
#include <tmmintrin.h>
#endif

#include "sipwire/token.h"

#define TOKEN_VERSION 1 /* flow tokens; route tokens have their own */
#define MAC_LEN 8

static inline uint64_t
rotl(uint64_t x, unsigned b)
{
	return (x << b) | (x >> (64 - b));
}

/* Written as one expression so compilers merge it into a single load on
 * little-endian machines; correct on any byte order. */
static inline uint64_t
load_le64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	       (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

/* Big-endian twin of load_le64 for the base64url encoder: GCC does not
 * merge the shift expression of a big-endian load into load + bswap. */
static inline uint64_t
load_be64(const uint8_t *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	w = __builtin_bswap64(w);
#elif !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
	w = (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
	    (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	    (uint64_t)p[6] << 8 | p[7];
#endif
	return w;
}

/* One SipRound: the ARX network of the paper, Figure 2.3. */
#define SIPROUND(v0, v1, v2, v3)                                              \
	do {                                                                  \
		v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);     \
		v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                        \
		v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                        \
		v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);     \
	} while (0)

/* SipHash-2-4 of the full words p[0..full) followed by the last word
 * (the 0-7 remaining bytes, length mod 256 in the top byte). */
static inline uint64_t
siphash24_words(const uint8_t key[SW_TOKEN_KEY_LEN], const uint8_t *p, size_t full, uint64_t last)
{
	uint64_t k0 = load_le64(key), k1 = load_le64(key + 8), m;
	uint64_t v0 = k0 ^ 0x736f6d6570736575ull, v1 = k1 ^ 0x646f72616e646f6dull;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ull, v3 = k1 ^ 0x7465646279746573ull;

	for (size_t i = 0; i < full; i += 8) {
		m = load_le64(p + i);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	v3 ^= last;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= last;
	v2 ^= 0xff;
	for (int r = 0; r < 4; r++)
		SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t
sw_siphash24(const uint8_t key[SW_TOKEN_KEY_LEN], const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t full = len & ~(size_t)7;
	uint64_t m = (uint64_t)(len & 0xff) << 56;

	switch (len & 7) { /* the 0-7 trailing bytes, little-endian */
	case 7:
		m |= (uint64_t)p[full + 6] << 48;
		/* fall through */
	case 6:
		m |= (uint64_t)p[full + 5] << 40;
		/* fall through */
	case 5:
		m |= (uint64_t)p[full + 4] << 32;
		/* fall through */
	case 4:
		m |= (uint64_t)p[full + 3] << 24;
		/* fall through */
	case 3:
		m |= (uint64_t)p[full + 2] << 16;
		/* fall through */
	case 2:
		m |= (uint64_t)p[full + 1] << 8;
		/* fall through */
	case 1:
		m |= (uint64_t)p[full];
		break;
	default:
		break;
	}
	return siphash24_words(key, p, full, m);
}

/* sw_siphash24 of p[0..len) for a buffer that stays readable for 8 bytes
 * past len (the token code's own buffers: the MAC or zeros follow the
 * text): the trailing bytes are one load cut to len & 7 bytes instead of
 * a byte each. Same function, same result. */
static uint64_t
siphash24_slack(const uint8_t key[SW_TOKEN_KEY_LEN], const uint8_t *p, size_t len)
{
	size_t full = len & ~(size_t)7;
	uint64_t keep = ((uint64_t)1 << (8 * (len & 7))) - 1; /* 0 for no trailing byte */

	return siphash24_words(key, p, full, (uint64_t)(len & 0xff) << 56 | (load_le64(p + full) & keep));
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
sw_token_key_from_hex(const char *hex, size_t len, uint8_t key[SW_TOKEN_KEY_LEN])
{
	if (len != 2 * SW_TOKEN_KEY_LEN)
		return SW_E_INVAL;
	for (size_t i = 0; i < SW_TOKEN_KEY_LEN; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return SW_E_INVAL;
		key[i] = (uint8_t)(hi << 4 | lo);
	}
	return SW_OK;
}

static const char b64url_alpha[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char b32_alpha[] = "abcdefghijklmnopqrstuvwxyz234567";

/* Every 10-bit value as its two base32 characters, so a 5-byte group takes
 * four lookups instead of eight. Built by string concatenation at compile
 * time: B32_ROW(h) is the 32 pairs starting with character h. */
#define B32_ROW(h)                                                             \
	h "a" h "b" h "c" h "d" h "e" h "f" h "g" h "h" h "i" h "j" h "k" h "l" \
	h "m" h "n" h "o" h "p" h "q" h "r" h "s" h "t" h "u" h "v" h "w" h "x" \
	h "y" h "z" h "2" h "3" h "4" h "5" h "6" h "7"
static const char b32_pairs[2 * 1024 + 1] =
	B32_ROW("a") B32_ROW("b") B32_ROW("c") B32_ROW("d") B32_ROW("e") B32_ROW("f")
	B32_ROW("g") B32_ROW("h") B32_ROW("i") B32_ROW("j") B32_ROW("k") B32_ROW("l")
	B32_ROW("m") B32_ROW("n") B32_ROW("o") B32_ROW("p") B32_ROW("q") B32_ROW("r")
	B32_ROW("s") B32_ROW("t") B32_ROW("u") B32_ROW("v") B32_ROW("w") B32_ROW("x")
	B32_ROW("y") B32_ROW("z") B32_ROW("2") B32_ROW("3") B32_ROW("4") B32_ROW("5")
	B32_ROW("6") B32_ROW("7");

/* Every 12-bit value as its two base64url characters, so a 3-byte group
 * takes two lookups instead of four. Built by string concatenation at
 * compile time: B64_ROW(h) is the 64 pairs starting with character h. */
#define B64_ROW(h) \
	h "A" h "B" h "C" h "D" h "E" h "F" h "G" h "H" h "I" h "J" h "K" h "L" \
	h "M" h "N" h "O" h "P" h "Q" h "R" h "S" h "T" h "U" h "V" h "W" h "X" \
	h "Y" h "Z" h "a" h "b" h "c" h "d" h "e" h "f" h "g" h "h" h "i" h "j" \
	h "k" h "l" h "m" h "n" h "o" h "p" h "q" h "r" h "s" h "t" h "u" h "v" \
	h "w" h "x" h "y" h "z" h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" \
	h "8" h "9" h "-" h "_"
static const char b64url_pairs[2 * 4096 + 1] =
	B64_ROW("A") B64_ROW("B") B64_ROW("C") B64_ROW("D") B64_ROW("E") B64_ROW("F")
	B64_ROW("G") B64_ROW("H") B64_ROW("I") B64_ROW("J") B64_ROW("K") B64_ROW("L")
	B64_ROW("M") B64_ROW("N") B64_ROW("O") B64_ROW("P") B64_ROW("Q") B64_ROW("R")
	B64_ROW("S") B64_ROW("T") B64_ROW("U") B64_ROW("V") B64_ROW("W") B64_ROW("X")
	B64_ROW("Y") B64_ROW("Z") B64_ROW("a") B64_ROW("b") B64_ROW("c") B64_ROW("d")
	B64_ROW("e") B64_ROW("f") B64_ROW("g") B64_ROW("h") B64_ROW("i") B64_ROW("j")
	B64_ROW("k") B64_ROW("l") B64_ROW("m") B64_ROW("n") B64_ROW("o") B64_ROW("p")
	B64_ROW("q") B64_ROW("r") B64_ROW("s") B64_ROW("t") B64_ROW("u") B64_ROW("v")
	B64_ROW("w") B64_ROW("x") B64_ROW("y") B64_ROW("z") B64_ROW("0") B64_ROW("1")
	B64_ROW("2") B64_ROW("3") B64_ROW("4") B64_ROW("5") B64_ROW("6") B64_ROW("7")
	B64_ROW("8") B64_ROW("9") B64_ROW("-") B64_ROW("_");

/* Whole groups (3 bytes -> 4 characters, 5 bytes -> 8) through one
 * integer; the tail group is zero-padded and cut to the characters that
 * hold data (RFC 4648 without '='). */
size_t
sw_b64url_encode(const void *in, size_t n, char *out)
{
	const uint8_t *p = in;
	size_t i = 0, o = 0, rest;
	uint32_t v;

	/* two groups a round from the top 48 bits of one 8-byte big-endian
	 * load, while 8 bytes remain: a 16-byte flow token body takes two
	 * rounds and one group instead of five groups, ~30 instructions less
	 * per flow-token Path line (a 6-byte shift expression is not merged
	 * into one load and saves nothing) */
	for (; n - i >= 8; i += 6, o += 8) {
		uint64_t w = load_be64(p + i) >> 16;

		memcpy(out + o, b64url_pairs + 2 * (w >> 36), 2);
		memcpy(out + o + 2, b64url_pairs + 2 * ((w >> 24) & 4095), 2);
		memcpy(out + o + 4, b64url_pairs + 2 * ((w >> 12) & 4095), 2);
		memcpy(out + o + 6, b64url_pairs + 2 * (w & 4095), 2);
	}
	for (; n - i >= 3; i += 3, o += 4) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		memcpy(out + o, b64url_pairs + 2 * (v >> 12), 2);
		memcpy(out + o + 2, b64url_pairs + 2 * (v & 4095), 2);
	}
	rest = n - i;
	if (rest == 0)
		return o;
	v = (uint32_t)p[i] << 16 | (rest == 2 ? (uint32_t)p[i + 1] << 8 : 0);
	out[o++] = b64url_alpha[v >> 18];
	out[o++] = b64url_alpha[(v >> 12) & 63];
	if (rest == 2)
		out[o++] = b64url_alpha[(v >> 6) & 63];
	return o;
}

size_t
sw_b32_encode(const void *in, size_t n, char *out)
{
	const uint8_t *p = in;
	size_t i = 0, o = 0, rest, chars;
	uint64_t v;

	for (; n - i >= 5; i += 5, o += 8) {
		v = (uint64_t)p[i] << 32 | (uint64_t)p[i + 1] << 24 | (uint64_t)p[i + 2] << 16 |
		    (uint64_t)p[i + 3] << 8 | p[i + 4];
		memcpy(out + o, b32_pairs + 2 * ((v >> 30) & 1023), 2);
		memcpy(out + o + 2, b32_pairs + 2 * ((v >> 20) & 1023), 2);
		memcpy(out + o + 4, b32_pairs + 2 * ((v >> 10) & 1023), 2);
		memcpy(out + o + 6, b32_pairs + 2 * (v & 1023), 2);
	}
	rest = n - i;
	v = 0;
	for (size_t k = 0; k < rest; k++)
		v |= (uint64_t)p[i + k] << (32 - 8 * k);
	chars = (rest * 8 + 4) / 5;
	for (size_t k = 0; k < chars; k++)
		out[o++] = b32_alpha[(v >> (35 - 5 * k)) & 31];
	return o;
}

static int
b64url_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '-' ? 62 : c == '_' ? 63 : -1;
}

static int
b32_val(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	return c >= '2' && c <= '7' ? c - '2' + 26 : -1;
}

static int
decode_bits(const char *in, size_t n, uint8_t *out, size_t cap, size_t *olen, unsigned bits,
	    int (*val)(unsigned char))
{
	size_t need = n * bits / 8, o = 0;
	uint32_t acc = 0;
	unsigned have = 0;

	*olen = 0;
	/* a canonical encoding leaves fewer than `bits` padding bits */
	if (n * bits % 8 >= bits)
		return SW_E_MALFORMED;
	if (need > cap)
		return SW_E_NOSPACE;
	for (size_t i = 0; i < n; i++) {
		int v = val((unsigned char)in[i]);

		if (v < 0)
			return SW_E_MALFORMED;
		acc = (acc << bits) | (uint32_t)v;
		have += bits;
		if (have >= 8) {
			have -= 8;
			out[o++] = (uint8_t)(acc >> have);
		}
	}
	if ((acc & ((1u << have) - 1)) != 0)
		return SW_E_MALFORMED;
	*olen = o;
	return SW_OK;
}

int
sw_b64url_decode(const char *in, size_t n, uint8_t *out, size_t cap, size_t *olen)
{
	return decode_bits(in, n, out, cap, olen, 6, b64url_val);
}

int
sw_b32_decode(const char *in, size_t n, uint8_t *out, size_t cap, size_t *olen)
{
	return decode_bits(in, n, out, cap, olen, 5, b32_val);
}

static void
put_mac(const uint8_t *key, const uint8_t *tagged, size_t n, uint8_t *mac)
{
	uint64_t h = sw_siphash24(key, tagged, n);

	for (int i = 0; i < MAC_LEN; i++)
		mac[i] = (uint8_t)(h >> (8 * i));
}

/* MAC check over tagged[0..n) against the MAC that follows it at
 * tagged + n (so the 8 bytes past n are readable). One 64-bit compare of
 * the little-endian MAC word: its time does not depend on where the bytes
 * differ. */
static int
mac_ok(const uint8_t *key, const uint8_t *tagged, size_t n)
{
	return (siphash24_slack(key, tagged, n) ^ load_le64(tagged + n)) == 0;
}

/* Flow token body: version, family<<4 | transport, port (big-endian),
 * address (4 or 16 bytes), MAC. */
int
sw_flow_token_encode(const uint8_t key[SW_TOKEN_KEY_LEN], const struct sw_flow *f, char *out,
		     size_t cap, size_t *len)
{
	uint8_t b[1 + 4 + 16 + MAC_LEN];
	size_t alen = f->family == 4 ? 4 : 16, n = 4 + alen;

	*len = 0;
	if ((f->family != 4 && f->family != 6) || f->transport < SW_TRANSPORT_UDP ||
	    f->transport > SW_TRANSPORT_TLS)
		return SW_E_INVAL;
	if (cap < SW_B64URL_LEN(n + MAC_LEN))
		return SW_E_NOSPACE;
	b[0] = 'F';
	b[1] = TOKEN_VERSION;
	b[2] = (uint8_t)(f->family << 4 | f->transport);
	b[3] = (uint8_t)(f->port >> 8);
	b[4] = (uint8_t)f->port;
	memcpy(b + 5, f->addr, alen);
	put_mac(key, b, 1 + n, b + 1 + n);
	*len = sw_b64url_encode(b + 1, n + MAC_LEN, out);
	return SW_OK;
}

int
sw_flow_token_decode(const uint8_t key[SW_TOKEN_KEY_LEN], const char *tok, size_t len,
		     struct sw_flow *f)
{
	uint8_t b[1 + 4 + 16 + MAC_LEN];
	size_t n, alen;
	unsigned fam, tr;

	memset(f, 0, sizeof(*f));
	if (len != SW_B64URL_LEN(4 + 4 + MAC_LEN) && len != SW_B64URL_LEN(4 + 16 + MAC_LEN))
		return SW_E_MALFORMED;
	if (sw_b64url_decode(tok, len, b + 1, sizeof(b) - 1, &n) != SW_OK)
		return SW_E_MALFORMED;
	fam = b[2] >> 4;
	tr = b[2] & 15;
	alen = fam == 4 ? 4 : 16;
	if (b[1] != TOKEN_VERSION || (fam != 4 && fam != 6) || n != 4 + alen + MAC_LEN ||
	    tr < SW_TRANSPORT_UDP || tr > SW_TRANSPORT_TLS)
		return SW_E_MALFORMED;
	b[0] = 'F';
	if (!mac_ok(key, b, 1 + 4 + alen))
		return SW_E_AUTH;
	f->family = (uint8_t)fam;
	f->transport = (uint8_t)tr;
	f->port = (uint16_t)(b[3] << 8 | b[4]);
	memcpy(f->addr, b + 5, alen);
	return SW_OK;
}

/* Version 1 route token (base32 of version || text || MAC), still decoded
 * so that tokens minted before version 2 restore until their UAs
 * re-register; never written. b[0] = 'R', b[1] = 1. */
static int
route_decode_v1(const uint8_t key[SW_TOKEN_KEY_LEN], const char *tok, size_t len, char *out,
		size_t cap, size_t *n)
{
	uint8_t b[2 + SW_ROUTE_TEXT_MAX + MAC_LEN];
	size_t got, text;

	if (len > SW_B32_LEN(1 + SW_ROUTE_TEXT_MAX + MAC_LEN) || len < SW_B32_LEN(2 + MAC_LEN))
		return SW_E_MALFORMED;
	if (sw_b32_decode(tok, len, b + 1, sizeof(b) - 1, &got) != SW_OK || got < 2 + MAC_LEN ||
	    b[1] != 1)
		return SW_E_MALFORMED;
	text = got - 1 - MAC_LEN;
	b[0] = 'R';
	if (!mac_ok(key, b, 2 + text))
		return SW_E_AUTH;
	if (text > cap)
		return SW_E_NOSPACE;
	memcpy(out, b + 2, text);
	*n = text;
	return SW_OK;
}

/* Version 2 route token: '2', the route set text percent-escaped, the MAC
 * in 16 hex digits. A byte stands for itself when it is paramchar (RFC 3261
 * §25: unreserved / "[]/:&+$") and is written %XX (uppercase hex) otherwise,
 * '%' included, so each text has exactly one encoding. Every byte value is
 * one table entry: its 1 or 3 output characters in the low bytes (first
 * character lowest) and their count in the top byte. */
#define PC_ALNUM(c) (((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define PC_IN4(c, a, b, d, e) ((c) == (a) || (c) == (b) || (c) == (d) || (c) == (e))
#define PC_LIT(c)                                                                              \
	(PC_ALNUM(c) || PC_IN4(c, '-', '_', '.', '!') || PC_IN4(c, '~', '*', '\'', '(') ||    \
	 PC_IN4(c, ')', '[', ']', '/') || PC_IN4(c, ':', '&', '+', '$'))
#define PC_HEX(d) ((d) < 10 ? '0' + (d) : 'A' + (d) - 10)
#define PC_ENC(c)                                                                              \
	(PC_LIT(c) ? (uint32_t)(c) | 1u << 24                                                  \
		   : (uint32_t)'%' | (uint32_t)PC_HEX((c) >> 4) << 8 |                        \
			     (uint32_t)PC_HEX((c) & 15) << 16 | 3u << 24)
#define PC4(b) PC_ENC(b), PC_ENC((b) + 1), PC_ENC((b) + 2), PC_ENC((b) + 3)
#define PC16(b) PC4(b), PC4((b) + 4), PC4((b) + 8), PC4((b) + 12)
#define PC64(b) PC16(b), PC16((b) + 16), PC16((b) + 32), PC16((b) + 48)

static const uint32_t route_enc[256] = { PC64(0), PC64(64), PC64(128), PC64(192) };
#if !defined(__SSSE3__)
/* Every byte as its two uppercase hex digits (the MAC without SSSE3: one
 * lookup a byte). */
#define HEX_ROW(h)                                                                    \
	h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" h "8" h "9" h "A" h "B" h "C" h "D" \
	h "E" h "F"
static const char hex_pairs[2 * 256 + 1] =
	HEX_ROW("0") HEX_ROW("1") HEX_ROW("2") HEX_ROW("3") HEX_ROW("4") HEX_ROW("5")
	HEX_ROW("6") HEX_ROW("7") HEX_ROW("8") HEX_ROW("9") HEX_ROW("A") HEX_ROW("B")
	HEX_ROW("C") HEX_ROW("D") HEX_ROW("E") HEX_ROW("F");
#endif

#define ROUTE_VERSION 2

/* One byte's escape (1 or 3 characters). On a little-endian machine it is
 * one 4-byte store whose last byte is scratch, so the output needs room
 * past the result: the MAC that follows always provides it. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PC_PUT(out, o, v) memcpy((out) + (o), &(v), 4)
#else
#define PC_PUT(out, o, v)                                                       \
	((out)[o] = (char)(v), (out)[(o) + 1] = (char)((v) >> 8),              \
	 (out)[(o) + 2] = (char)((v) >> 16))
#endif

#if defined(__SSSE3__)
/* Bit i set when s[i] is carried as itself (route_lit), for the 16 bytes
 * at s: a nibble lookup, bit h of lit_lo[l] set when byte h<<4|l is
 * literal, and lit_hi[h] = 1 << h (0 from 8 on: no byte over 0x7F is
 * literal). tests/test_token.c checks every byte value at every position
 * of a block against the table. */
static inline unsigned
lit_mask16(const unsigned char *s)
{
	const __m128i lit_lo = _mm_setr_epi8((char)0xa8, (char)0xfc, (char)0xf8, (char)0xf8, (char)0xfc,
					     (char)0xf8, (char)0xfc, (char)0xfc, (char)0xfc, (char)0xfc,
					     (char)0xfc, 0x74, 0x50, 0x74, (char)0xd4, 0x74);
	const __m128i lit_hi = _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, (char)128, 0, 0, 0, 0, 0, 0, 0, 0);
	const __m128i nib = _mm_set1_epi8(0x0f);
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i m = _mm_and_si128(_mm_shuffle_epi8(lit_lo, _mm_and_si128(x, nib)),
				  _mm_shuffle_epi8(lit_hi, _mm_and_si128(_mm_srli_epi16(x, 4), nib)));

	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(m, _mm_setzero_si128())) ^ 0xffffu;
}
#endif

#if defined(__SSSE3__)
/* The take bytes at p, whose bytes to escape are the bits of esc, into
 * out + o; returns the new o. Each literal run goes with one 16-byte store
 * (p and out have 16 bytes of room past the run), each escape as one
 * route_enc entry. */
static inline size_t
pct_block(const uint8_t *p, unsigned esc, size_t take, char *out, size_t o)
{
	size_t j = 0, k;
	uint32_t v;

	for (; esc != 0; esc &= esc - 1, j = k + 1) {
		k = (size_t)__builtin_ctz(esc);
		_mm_storeu_si128((__m128i *)(void *)(out + o),
				 _mm_loadu_si128((const __m128i *)(const void *)(p + j)));
		o += k - j;
		v = route_enc[p[k]];
		PC_PUT(out, o, v);
		o += 3;
	}
	_mm_storeu_si128((__m128i *)(void *)(out + o), _mm_loadu_si128((const __m128i *)(const void *)(p + j)));
	return o + take - j;
}
#endif

/* Escape n bytes into out; returns the characters written.
 *
 * With SSSE3 (sw_route_token_encode gives 16 readable bytes past the text
 * and cap room for a 16-byte store past any point of the result): each
 * 16-byte block is classified once (lit_mask16) and goes through
 * pct_block, the last partial block with the bits past the text cleared.
 * A route set has one escape in about nine bytes, so this is one store per
 * literal run plus one per escape instead of a lookup and a store per
 * byte. Without SSSE3, four table lookups a round (the loop overhead would
 * otherwise be a third of the work). tests/test_token.c holds both against
 * a byte-by-byte reference. */
static size_t
pct_encode(const uint8_t *p, size_t n, char *out)
{
	size_t o = 0, i = 0;
#if defined(__SSSE3__)
	for (; n - i >= 16; i += 16)
		o = pct_block(p + i, lit_mask16(p + i) ^ 0xffffu, 16, out, o);
	if (i < n)
		o = pct_block(p + i, (lit_mask16(p + i) ^ 0xffffu) & ((1u << (n - i)) - 1), n - i, out, o);
#else
	uint32_t v0, v1, v2, v3;

	for (; n - i >= 4; i += 4) {
		v0 = route_enc[p[i]];
		v1 = route_enc[p[i + 1]];
		v2 = route_enc[p[i + 2]];
		v3 = route_enc[p[i + 3]];
		PC_PUT(out, o, v0);
		o += v0 >> 24;
		PC_PUT(out, o, v1);
		o += v1 >> 24;
		PC_PUT(out, o, v2);
		o += v2 >> 24;
		PC_PUT(out, o, v3);
		o += v3 >> 24;
	}
	for (; i < n; i++) {
		v0 = route_enc[p[i]];
		PC_PUT(out, o, v0);
		o += v0 >> 24;
	}
#endif
	return o;
}


/* Decoding tables. route_lit[c]: 1 when c is carried as itself (the
 * paramchar bytes, PC_LIT), 0 otherwise. hex_up[c]: the value of an
 * uppercase hex digit, 0x10 for any other byte (lowercase is not
 * canonical), so two digits are valid when (hi | lo) < 16. */
#define LIT4(b) PC_LIT(b), PC_LIT((b) + 1), PC_LIT((b) + 2), PC_LIT((b) + 3)
#define LIT16(b) LIT4(b), LIT4((b) + 4), LIT4((b) + 8), LIT4((b) + 12)
#define LIT64(b) LIT16(b), LIT16((b) + 16), LIT16((b) + 32), LIT16((b) + 48)
static const uint8_t route_lit[256] = { LIT64(0), LIT64(64), LIT64(128), LIT64(192) };
#define HXV(c) \
	((c) >= '0' && (c) <= '9' ? (c) - '0' : (c) >= 'A' && (c) <= 'F' ? (c) - 'A' + 10 : 16)
#define HX4(b) HXV(b), HXV((b) + 1), HXV((b) + 2), HXV((b) + 3)
#define HX16(b) HX4(b), HX4((b) + 4), HX4((b) + 8), HX4((b) + 12)
#define HX64(b) HX16(b), HX16((b) + 16), HX16((b) + 32), HX16((b) + 48)
static const uint8_t hex_up[256] = { HX64(0), HX64(64), HX64(128), HX64(192) };

/* Two uppercase hex digits as a byte, or -1 (lowercase is not canonical). */
static inline int
hex_pair(const char *s)
{
	unsigned hi = hex_up[(unsigned char)s[0]], lo = hex_up[(unsigned char)s[1]];

	return (hi | lo) < 16 ? (int)(hi << 4 | lo) : -1;
}

/* The MAC h as 16 uppercase hex digits, its bytes in little-endian order
 * (the order put_mac gives them). */
static inline void
put_mac_hex(uint64_t h, char *out)
{
#if defined(__SSSE3__)
	/* SSSE3 implies x86, little-endian: lane i is byte i of h; the high
	 * nibble of each byte goes first, both through one digit lookup */
	const __m128i digits = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A',
					     'B', 'C', 'D', 'E', 'F');
	const __m128i nib = _mm_set1_epi8(0x0f);
	__m128i x = _mm_set_epi64x(0, (long long)h);
	__m128i d = _mm_unpacklo_epi8(_mm_and_si128(_mm_srli_epi16(x, 4), nib), _mm_and_si128(x, nib));

	_mm_storeu_si128((__m128i *)(void *)out, _mm_shuffle_epi8(digits, d));
#else
	for (int i = 0; i < MAC_LEN; i++, h >>= 8)
		memcpy(out + 2 * i, hex_pairs + 2 * (h & 255), 2);
#endif
}

int
sw_route_token_encode(const uint8_t key[SW_TOKEN_KEY_LEN], const void *base,
		      const struct sw_slice *set, size_t n, char *out, size_t cap, size_t *len)
{
	uint8_t b[2 + SW_ROUTE_TEXT_MAX + 16]; /* pct_encode reads up to 16 past the text */
	size_t t = 2, o;
	uint64_t h;

	*len = 0;
	if (n == 0)
		return SW_E_INVAL;
	for (size_t i = 0; i < n; i++) {
		if (set[i].len + (i > 0) > SW_ROUTE_TEXT_MAX - (t - 2))
			return SW_E_TOOLONG;
		if (i > 0)
			b[t++] = ',';
		memcpy(b + t, sw_slice_ptr(base, set[i]), set[i].len);
		t += set[i].len;
	}
	if (cap < SW_ROUTE_TOKEN_LEN_MAX(t - 2))
		return SW_E_NOSPACE;
	memset(b + t, 0, 16); /* what pct_encode reads past the text is defined */
	b[0] = 'R';
	b[1] = ROUTE_VERSION;
	h = siphash24_slack(key, b, t);
	out[0] = '0' + ROUTE_VERSION;
	o = 1 + pct_encode(b + 2, t - 2, out + 1);
	put_mac_hex(h, out + o);
	*len = o + 2 * MAC_LEN;
	return SW_OK;
}


/* Unescape tok[1..end) into b[2..); returns the end of the text in b, or 0
 * when the string is not a canonical encoding of at most
 * SW_ROUTE_TEXT_MAX bytes. tok[end..end + 16) is readable (the MAC
 * digits) and b has room for SW_ROUTE_TEXT_MAX + 2 + 16 bytes.
 *
 * With SSSE3 each round classifies 16 bytes, copies them whole and keeps
 * the literal run at their front, then takes the escape that ends it: a
 * route set has an escape every nine bytes or so, and the byte loop's
 * per-byte bookkeeping was most of the restore's decode. Without, literal
 * runs go four bytes a round through route_lit. */
static size_t
pct_decode(const char *tok, size_t end, uint8_t *b)
{
	const unsigned char *s = (const unsigned char *)tok;
	const size_t lim = 2 + SW_ROUTE_TEXT_MAX;
	size_t t = 2, i = 1;
	int v;

	while (i < end) {
#if defined(__SSSE3__)
		/* the load may reach into the MAC digits: the run is cut at end */
		size_t k = (size_t)__builtin_ctz(~lit_mask16(s + i));

		if (k > end - i)
			k = end - i;
		if (k > lim - t)
			return 0;
		_mm_storeu_si128((__m128i *)(void *)(b + t),
				 _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
		t += k;
		i += k;
		if (i == end || k == 16)
			continue;
#else
		while (end - i >= 4 && lim - t >= 4 &&
		       (route_lit[s[i]] & route_lit[s[i + 1]] & route_lit[s[i + 2]] &
			route_lit[s[i + 3]])) {
			memcpy(b + t, s + i, 4);
			t += 4;
			i += 4;
		}
		if (i == end)
			break;
		if (route_lit[s[i]]) {
			if (t == lim)
				return 0;
			b[t++] = s[i++];
			continue;
		}
#endif
		/* an escape of a byte that needs one, uppercase hex */
		if (t == lim || s[i] != '%' || end - i < 3 || (v = hex_pair(tok + i + 1)) < 0 ||
		    route_lit[v])
			return 0;
		b[t++] = (uint8_t)v;
		i += 3;
	}
	return t;
}

static int
route_decode_v2(const uint8_t key[SW_TOKEN_KEY_LEN], const char *tok, size_t len, char *out,
		size_t cap, size_t *n)
{
	uint8_t b[2 + SW_ROUTE_TEXT_MAX + 16]; /* the MAC, or pct_decode's last store */
	size_t t, end = len - 2 * MAC_LEN;

	if (len < 1 + 2 * MAC_LEN || len > SW_ROUTE_TOKEN_MAX || (t = pct_decode(tok, end, b)) == 0)
		return SW_E_MALFORMED;
	for (int k = 0; k < MAC_LEN; k++) {
		int v = hex_pair(tok + end + 2 * k);

		if (v < 0)
			return SW_E_MALFORMED;
		b[t + k] = (uint8_t)v;
	}
	b[0] = 'R';
	b[1] = ROUTE_VERSION;
	if (!mac_ok(key, b, t))
		return SW_E_AUTH;
	if (t - 2 > cap)
		return SW_E_NOSPACE;
	memcpy(out, b + 2, t - 2);
	*n = t - 2;
	return SW_OK;
}

int
sw_route_token_decode(const uint8_t key[SW_TOKEN_KEY_LEN], const char *tok, size_t len,
		      char *out, size_t cap, size_t *n)
{
	*n = 0;
	if (len > 0 && tok[0] == '0' + ROUTE_VERSION)
		return route_decode_v2(key, tok, len, out, cap, n);
	return route_decode_v1(key, tok, len, out, cap, n);
}
