/* Internal: the general URI parser on its own, so tests and the fuzzer can
 * hold sw_uri_parse's sip/sips fast path against the code it falls back to.
 * Not installed, not part of the public API. */
#ifndef SIPWIRE_URI_INT_H
#define SIPWIRE_URI_INT_H

#include "sipwire/uri.h"

/* sw_uri_parse (same contract: reads base[s.off, s.off + s.len), fills
 * *out, sets *err on failure, returns SW_OK or an error status) with the
 * grammar as written for every scheme, never the sip/sips fast path. */
int sw_uri_parse_general(const void *base, struct sw_slice s, struct sw_uri *out,
			 struct sw_err *err);

#endif
