/* sipwire: URIs and parameter lists.
 *
 * sw_uri_parse splits a SIP, SIPS (RFC 3261 §19.1, §25), tel (RFC 3966) or
 * other absolute URI into slices of the caller's buffer. It validates the
 * syntax (escapes, host forms, port range) but never unescapes or copies:
 * every result is a struct sw_slice relative to the same `base` the input
 * slice is relative to.
 *
 * sw_param_next / sw_param_find walk ";name[=value]" lists: the parameters
 * of a URI (struct sw_uri.params) and the header parameters after a
 * name-addr (struct sw_nameaddr.params, route.h) or a Refer-Sub value.
 */
#ifndef SIPWIRE_URI_H
#define SIPWIRE_URI_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/slice.h"
#include "sipwire/status.h"

enum sw_uri_scheme {
	SW_URI_OTHER = 0, /* any other absolute URI: only scheme and opaque are set */
	SW_URI_SIP,
	SW_URI_SIPS,
	SW_URI_TEL,       /* RFC 3966: user = the number, params = its parameters */
};

enum sw_host_kind {
	SW_HOST_NONE = 0, /* tel and other URIs */
	SW_HOST_NAME,     /* RFC 3261 hostname */
	SW_HOST_IPV4,     /* dotted quad, each part 0..255 */
	SW_HOST_IPV6,     /* IPv6reference: host slice includes the brackets */
};

/* Bits of struct sw_uri.pflags: which well-known URI parameters are present
 * (RFC 3261 §19.1.1, RFC 5626 §5 "ob", RFC 3581 "received" as used by
 * registrars in Path/Contact). Names compare case-insensitively, as written
 * (an escaped name such as "%6C%72" is not recognised as "lr"). */
enum sw_uri_pflag {
	SW_URI_P_LR = 1u << 0,
	SW_URI_P_OB = 1u << 1,
	SW_URI_P_TRANSPORT = 1u << 2,
	SW_URI_P_MADDR = 1u << 3,
	SW_URI_P_TTL = 1u << 4,
	SW_URI_P_USER = 1u << 5,
	SW_URI_P_METHOD = 1u << 6,
	SW_URI_P_RECEIVED = 1u << 7,
};

/* A parsed URI. Every slice is relative to the `base` given to
 * sw_uri_parse and lies inside the parsed input; an absent part has
 * len 0 (and an offset inside the input). */
struct sw_uri {
	struct sw_slice whole;    /* the URI as parsed */
	struct sw_slice scheme;   /* as written, without ':' */
	struct sw_slice opaque;   /* everything after "scheme:" (all schemes) */
	struct sw_slice user;     /* SIP/SIPS: user incl. escapes and ';' before '@'; tel: the number */
	struct sw_slice password; /* SIP/SIPS, after ':' in userinfo */
	struct sw_slice host;     /* SIP/SIPS; IPv6 incl. "[...]" */
	struct sw_slice port;     /* digits as written */
	struct sw_slice params;   /* uri-parameters without the leading ';' (tel: its par list) */
	struct sw_slice headers;  /* SIP/SIPS headers without the leading '?' */
	/* values of the well-known parameters when their bit is set in pflags */
	struct sw_slice transport, maddr, ttl, user_param, method, received;
	uint32_t port_num;        /* decoded port, valid when has_port */
	uint16_t pflags;          /* enum sw_uri_pflag bits */
	uint8_t kind;             /* enum sw_uri_scheme */
	uint8_t host_kind;        /* enum sw_host_kind */
	uint8_t has_user;         /* userinfo present ("user@"), even if the user is empty-escaped */
	uint8_t has_password;
	uint8_t has_port;
};

/*
 * Parse the URI that is exactly the bytes `s` of `base` (no surrounding
 * <>, no LWS).
 *
 * base/s: caller-owned input; not modified; must stay valid while the
 *   slices in `out` are used (they are offsets, so the bytes may move).
 * out: zeroed on entry, filled on success (partially filled on failure).
 * err: may be NULL; on failure err->off is the offset (relative to base)
 *   of the first offending byte and err->detail says what was expected.
 *
 * Returns SW_OK; SW_E_MALFORMED for a syntax error (bad escape, bad host,
 * empty port, LWS, bad parameter, ...); SW_E_RANGE for a port above 65535.
 */
int sw_uri_parse(const void *base, struct sw_slice s, struct sw_uri *out, struct sw_err *err);

/* Return values of sw_param_next / sw_param_find (>0), beside 0 = end /
 * not found and negative statuses. */
enum sw_param_kind {
	SW_PARAM_FLAG = 1,  /* ";name": value is {end of name, 0} */
	SW_PARAM_VALUE = 2, /* ";name=value": value is non-empty; a quoted-string
			       value keeps its quotes and escapes */
};

/*
 * Take the next parameter off the list `*rest`.
 *
 * The list may start with LWS and/or one ';' (so both struct sw_uri.params
 * and ";a=b;c" work); parameters are separated by SEMI (LWS ";" LWS,
 * folds included). A name is 1*(token / paramchar); a value is
 * 1*(token / paramchar) (covers host and IPv6 references) or a
 * quoted-string with backslash escapes.
 *
 * On success *name and *value are set and *rest is advanced past the
 * parameter. Returns SW_PARAM_FLAG or SW_PARAM_VALUE; 0 when *rest holds
 * only LWS (end of list); SW_E_MALFORMED on an empty parameter (";;", a
 * trailing ';'), "name=" without a value, an unterminated quoted string or
 * any other byte, and then rest->off is the offset of the offending byte
 * and rest->len the bytes left from there.
 */
int sw_param_next(const void *base, struct sw_slice *rest, struct sw_slice *name,
		  struct sw_slice *value);

/*
 * First parameter of `params` whose name equals `name` (case-insensitive,
 * as written: no unescaping). `value` may be NULL.
 *
 * Returns SW_PARAM_FLAG or SW_PARAM_VALUE when found (value set as in
 * sw_param_next); 0 when absent; SW_E_MALFORMED when the list is malformed
 * before a match is found. Test the result with `> 0`.
 */
int sw_param_find(const void *base, struct sw_slice params, const char *name,
		  struct sw_slice *value);

/*
 * sw_param_find over the parameters of a URI that sw_uri_parse accepted
 * (u as it filled it, base the same buffer): the same result, with the
 * walk cut to the parameter boundaries that parse guarantees (SIP/SIPS;
 * other schemes take sw_param_find). For hot paths that look a parameter
 * up in a parsed URI; never call it on a struct sw_uri from a failed
 * parse.
 */
int sw_uri_param_find(const void *base, const struct sw_uri *u, const char *name,
		      struct sw_slice *value);

#endif
