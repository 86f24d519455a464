/* Internal: the name-addr parser and list iterator with every fast path
 * off (the split-only entry loop and the sip/sips URI fast path), so tests
 * and the fuzzer can hold the fast paths against the general code they
 * fall back to. Not installed, not part of the public API. */
#ifndef SIPWIRE_ROUTE_INT_H
#define SIPWIRE_ROUTE_INT_H

#include "sipwire/route.h"

/* Internal bit next to enum sw_nameaddr_flag: URIs are parsed with
 * sw_uri_parse_general. The public entry points clear it. */
#define SW_NA_GENERAL (1u << 7)

/* sw_nameaddr_parse (same contract) with URIs parsed by the general URI
 * parser. */
int sw_nameaddr_parse_general(const void *base, struct sw_slice value, unsigned flags,
			      struct sw_nameaddr *out, struct sw_err *err);

/* sw_addr_iter_init_flags (same contract) for an iterator that
 * sw_addr_iter_next_general steps: URIs by the general URI parser. */
void sw_addr_iter_init_general(struct sw_addr_iter *it, const void *base,
			       const struct sw_msg *msg, enum sw_hdr_id id, unsigned flags);

/* sw_addr_iter_next (same contract and results: 1 with *out filled, 0 at
 * the end, or the sticky error status with *err) through the general
 * per-entry step in both modes, never the split-only fast path. */
int sw_addr_iter_next_general(struct sw_addr_iter *it, struct sw_nameaddr *out,
			      struct sw_err *err);

#endif
