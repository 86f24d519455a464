/* Test-only: prototypes of the reference copies in tests/ref/ (see
 * ref_rename.h); same contracts as the sw_ functions they copy. */
#ifndef SIPWIRE_TESTS_REF_CODEC_H
#define SIPWIRE_TESTS_REF_CODEC_H

#include "sipwire/route.h"
#include "sipwire/uri.h"

int ref_uri_parse(const void *base, struct sw_slice s, struct sw_uri *out, struct sw_err *err);
int ref_nameaddr_parse(const void *base, struct sw_slice value, unsigned flags,
		       struct sw_nameaddr *out, struct sw_err *err);
void ref_addr_iter_init_flags(struct sw_addr_iter *it, const void *base, const struct sw_msg *msg,
			      enum sw_hdr_id id, unsigned flags);
int ref_addr_iter_next(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err);

#endif
