/* Field-by-field comparison of URI / name-addr results and errors, for the
 * route/URI differential tests (tests/test_route_diff.c, fuzz/fuzz_route.c)
 * that hold the fast paths against the general code (route_int.h,
 * uri_int.h). */
#ifndef SIPWIRE_TESTS_ROUTE_CMP_H
#define SIPWIRE_TESTS_ROUTE_CMP_H

#include <string.h>

#include "sipwire/route.h"
#include "sipwire/uri.h"

/* Field-by-field equality of the results (1 when equal): every slice, every
 * flag and number; padding is not compared. */
static inline int
cmp_slice_same(struct sw_slice a, struct sw_slice b)
{
	return a.off == b.off && a.len == b.len;
}

static inline int
cmp_uri_same(const struct sw_uri *a, const struct sw_uri *b)
{
	const struct sw_slice sa[] = { a->whole, a->scheme, a->opaque, a->user, a->password, a->host,
				       a->port, a->params, a->headers, a->transport, a->maddr,
				       a->ttl, a->user_param, a->method, a->received };
	const struct sw_slice sb[] = { b->whole, b->scheme, b->opaque, b->user, b->password, b->host,
				       b->port, b->params, b->headers, b->transport, b->maddr,
				       b->ttl, b->user_param, b->method, b->received };

	for (size_t i = 0; i < sizeof(sa) / sizeof(sa[0]); i++)
		if (!cmp_slice_same(sa[i], sb[i]))
			return 0;
	return a->port_num == b->port_num && a->pflags == b->pflags && a->kind == b->kind &&
	       a->host_kind == b->host_kind && a->has_user == b->has_user &&
	       a->has_password == b->has_password && a->has_port == b->has_port;
}

static inline int
cmp_na_same(const struct sw_nameaddr *a, const struct sw_nameaddr *b)
{
	return cmp_slice_same(a->whole, b->whole) && cmp_slice_same(a->display, b->display) &&
	       cmp_slice_same(a->uri, b->uri) && cmp_slice_same(a->params, b->params) &&
	       cmp_uri_same(&a->u, &b->u) &&
	       a->hdr == b->hdr && a->angle == b->angle && a->star == b->star;
}

static inline int
cmp_err_same(const struct sw_err *a, const struct sw_err *b)
{
	return a->off == b->off && a->need == b->need &&
	       (a->detail == b->detail ||
		(a->detail != NULL && b->detail != NULL && strcmp(a->detail, b->detail) == 0));
}

#endif
