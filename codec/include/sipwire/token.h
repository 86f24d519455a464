/* sipwire: stateless tokens carried in the URIs the SBC inserts.
 *
 * Every decision an SBC instance makes must be possible from the packet
 * alone (DESIGN.md "Scale"), so what it would otherwise remember travels in
 * the URIs it writes, authenticated with a keyed hash:
 *
 *  - a flow token (RFC 5626 §5.2 style) in the user part of the Path URI:
 *    the transport source of the REGISTER (address, port, transport);
 *  - a route-restore token in a URI parameter of the Service-Route URI that
 *    replaced the home network's route set: the exact bytes of that set.
 *
 * The MAC is SipHash-2-4 (Aumasson and Bernstein, 2012) with a 128-bit key,
 * written here from the paper's description. Each token kind feeds a
 * distinct domain byte into the MAC, so a token of one kind never verifies
 * as the other. Formats (byte layout, sizes) are in docs/policies.md.
 *
 * Encodings are chosen for where the token goes (RFC 3261 §25.1):
 *  - base64url without padding (A-Z a-z 0-9 - _) for the user part, which
 *    compares case-sensitively; all 64 characters are `unreserved`;
 *  - route tokens (a URI parameter value): the route set text itself,
 *    with every byte that is not paramchar percent-escaped, plus the MAC in
 *    hex. Cheaper and shorter than a radix encoding of everything, since a
 *    route set is mostly paramchar already. Version 1 route tokens (base32,
 *    below) are still decoded, never written.
 */
#ifndef SIPWIRE_TOKEN_H
#define SIPWIRE_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/slice.h"
#include "sipwire/status.h"

#define SW_TOKEN_KEY_LEN 16

enum sw_transport {
	SW_TRANSPORT_UDP = 1,
	SW_TRANSPORT_TCP = 2,
	SW_TRANSPORT_TLS = 3,
};

/* Transport source of a packet, for RFC 5626 flow tokens. addr holds 4
 * (family 4) or 16 (family 6) bytes in network order; port in host order. */
struct sw_flow {
	uint8_t family;    /* 4 or 6 */
	uint8_t transport; /* enum sw_transport */
	uint16_t port;
	uint8_t addr[16];
};

/* SipHash-2-4 of data[0..len) under the 16-byte key (k0 = key[0..8) and
 * k1 = key[8..16), little-endian, as in the paper). */
uint64_t sw_siphash24(const uint8_t key[SW_TOKEN_KEY_LEN], const void *data, size_t len);

/* Parse exactly 32 hex digits (either case) into key. Returns SW_OK or
 * SW_E_INVAL (wrong length or a non-hex character; key then undefined). */
int sw_token_key_from_hex(const char *hex, size_t len, uint8_t key[SW_TOKEN_KEY_LEN]);

/* Encoded lengths of n bytes (no padding). */
#define SW_B64URL_LEN(n) (((n) * 4 + 2) / 3)
#define SW_B32_LEN(n) (((n) * 8 + 4) / 5)

/* Encode n bytes into out (SW_B64URL_LEN(n) / SW_B32_LEN(n) bytes, no NUL);
 * returns the number of characters written. */
size_t sw_b64url_encode(const void *in, size_t n, char *out);
size_t sw_b32_encode(const void *in, size_t n, char *out);

/* Decode n characters into out (cap bytes). *olen = bytes written. Returns
 * SW_OK; SW_E_MALFORMED for a character outside the alphabet, an
 * impossible length or non-zero trailing bits (only the canonical encoding
 * is accepted); SW_E_NOSPACE when cap is too small. */
int sw_b64url_decode(const char *in, size_t n, uint8_t *out, size_t cap, size_t *olen);
int sw_b32_decode(const char *in, size_t n, uint8_t *out, size_t cap, size_t *olen);

/* Flow token: 22 characters for IPv4, 38 for IPv6. */
#define SW_FLOW_TOKEN_MAX 38

/*
 * Write the flow token of f into out (cap bytes; SW_FLOW_TOKEN_MAX always
 * suffices), *len = characters written (no NUL). Returns SW_OK; SW_E_INVAL
 * for a family other than 4/6 or an unknown transport; SW_E_NOSPACE.
 */
int sw_flow_token_encode(const uint8_t key[SW_TOKEN_KEY_LEN], const struct sw_flow *f,
			 char *out, size_t cap, size_t *len);

/*
 * Decode and verify a flow token (the tok bytes, e.g. a Path/Route URI user
 * part). On SW_OK *f holds the flow. Returns SW_E_MALFORMED (not a token of
 * this format or version), SW_E_AUTH (MAC mismatch: tampered, or made with
 * another key). *f is zeroed unless SW_OK.
 */
int sw_flow_token_decode(const uint8_t key[SW_TOKEN_KEY_LEN], const char *tok, size_t len,
			 struct sw_flow *f);

/* Route-restore token: at most SW_ROUTE_TEXT_MAX bytes of route set text.
 * SW_ROUTE_TOKEN_LEN_MAX(t): the longest token for t bytes of text (every
 * byte escaped); SW_ROUTE_TOKEN_MAX: the longest token of all. */
#define SW_ROUTE_TEXT_MAX 512
#define SW_ROUTE_TOKEN_LEN_MAX(t) (1 + 3 * (t) + 16)
#define SW_ROUTE_TOKEN_MAX SW_ROUTE_TOKEN_LEN_MAX(SW_ROUTE_TEXT_MAX)

/*
 * Token for the route set text made of the n slices `set` of base joined
 * with ','. The policy passes the Service-Route header values as received,
 * so the joined text is the Route header value that restores the set
 * byte-exact (tests may pass single entries). The text is not parsed here.
 * out/cap: caller buffer, *len characters written (no NUL); cap must be at
 * least SW_ROUTE_TOKEN_LEN_MAX(joined length) even when fewer characters
 * result (the encoder stores whole words and, with SSSE3, 16-byte blocks
 * that reach past the characters it has written, never past that bound).
 * Returns SW_OK; SW_E_TOOLONG when the joined text exceeds
 * SW_ROUTE_TEXT_MAX; SW_E_INVAL for n == 0; SW_E_NOSPACE when cap is too
 * small (nothing written).
 */
int sw_route_token_encode(const uint8_t key[SW_TOKEN_KEY_LEN], const void *base,
			  const struct sw_slice *set, size_t n, char *out, size_t cap,
			  size_t *len);

/*
 * Decode and verify a route-restore token (version 2, or a version 1
 * token minted by an older sipwire); on SW_OK out[0..*n) holds the route
 * set text exactly as encoded. Only the canonical encoding is accepted
 * (uppercase hex, no escape of a paramchar byte, no literal non-paramchar
 * byte), so a token has exactly one spelling. Returns SW_E_MALFORMED, SW_E_AUTH (as
 * for flow tokens) or SW_E_NOSPACE (cap too small; SW_ROUTE_TEXT_MAX always
 * suffices). out is unspecified unless SW_OK.
 */
int sw_route_token_decode(const uint8_t key[SW_TOKEN_KEY_LEN], const char *tok, size_t len,
			  char *out, size_t cap, size_t *n);

#endif
