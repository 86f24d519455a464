/* Test-only: prototypes of the reference copies in tests/ref/ (see
 * ref_rename.h); same contracts as the sw_ functions they copy. */
#ifndef SIPWIRE_TESTS_REF_CODEC_H
#define SIPWIRE_TESTS_REF_CODEC_H

#include <string.h>

#include "sipwire/route.h"
#include "sipwire/uri.h"

int ref_uri_parse(const void *base, struct sw_slice s, struct sw_uri *out, struct sw_err *err);
int ref_nameaddr_parse(const void *base, struct sw_slice value, unsigned flags,
		       struct sw_nameaddr *out, struct sw_err *err);
void ref_addr_iter_init_flags(struct sw_addr_iter *it, const void *base, const struct sw_msg *msg,
			      enum sw_hdr_id id, unsigned flags);
int ref_addr_iter_next(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err);

/* Field-by-field equality of the results (1 when equal): every slice, every
 * flag and number; padding is not compared. */
static inline int
ref_slice_same(struct sw_slice a, struct sw_slice b)
{
	return a.off == b.off && a.len == b.len;
}

static inline int
ref_uri_same(const struct sw_uri *a, const struct sw_uri *b)
{
	const struct sw_slice sa[] = { a->whole, a->scheme, a->opaque, a->user, a->password, a->host,
				       a->port, a->params, a->headers, a->transport, a->maddr,
				       a->ttl, a->user_param, a->method, a->received };
	const struct sw_slice sb[] = { b->whole, b->scheme, b->opaque, b->user, b->password, b->host,
				       b->port, b->params, b->headers, b->transport, b->maddr,
				       b->ttl, b->user_param, b->method, b->received };

	for (size_t i = 0; i < sizeof(sa) / sizeof(sa[0]); i++)
		if (!ref_slice_same(sa[i], sb[i]))
			return 0;
	return a->port_num == b->port_num && a->pflags == b->pflags && a->kind == b->kind &&
	       a->host_kind == b->host_kind && a->has_user == b->has_user &&
	       a->has_password == b->has_password && a->has_port == b->has_port;
}

static inline int
ref_na_same(const struct sw_nameaddr *a, const struct sw_nameaddr *b)
{
	return ref_slice_same(a->whole, b->whole) && ref_slice_same(a->display, b->display) &&
	       ref_slice_same(a->uri, b->uri) && ref_slice_same(a->params, b->params) && ref_uri_same(&a->u, &b->u) &&
	       a->hdr == b->hdr && a->angle == b->angle && a->star == b->star;
}

static inline int
ref_err_same(const struct sw_err *a, const struct sw_err *b)
{
	return a->off == b->off && a->need == b->need &&
	       (a->detail == b->detail ||
		(a->detail != NULL && b->detail != NULL && strcmp(a->detail, b->detail) == 0));
}

#endif
