/* The sipwire side of every benchmark: parse, then walk Path and
 * Service-Route with the name-addr iterator (split-only, the first URI
 * parsed) and read Refer-Sub. */
#include "extract.h"
#include "sipwire/refer_sub.h"
#include "sipwire/route.h"

#if defined(__GNUC__)
#define SWX_INLINE inline __attribute__((always_inline))
#else
#define SWX_INLINE inline
#endif

/* Entries of every `id` line, split and structure-checked (display name,
 * <>, header parameters, separators) without parsing their URIs, in one
 * walk that also gives the first entry's URI (sw_addr_iter_skip_first: no
 * entry filled); that URI is the value the policies use, so it is parsed
 * in full (sw_uri_parse). The results and errors are those of taking the
 * first entry with sw_addr_iter_next, parsing its URI, then skipping the
 * rest (tests/test_route_diff.c holds the two against each other): a bad
 * first URI is reported before a malformed later entry (the walk's error
 * waits in `we` until the URI has passed), and *n stays 0 then. *first is
 * the first URI. Returns SW_OK or the first error. Inlined into its
 * caller: both walks then share one stack frame. */
static SWX_INLINE int
route_list(const char *buf, const struct sw_msg *m, enum sw_hdr_id id, unsigned *n,
	   struct sw_slice *first, struct sw_err *err)
{
	struct sw_addr_iter it;
	struct sw_uri u;
	struct sw_err we;
	unsigned k;
	int rc, urc;

	*n = 0;
	sw_addr_iter_init_flags(&it, buf, m, id, SW_NA_SPLIT_ONLY);
	rc = sw_addr_iter_skip_first(&it, first, &k, &we);
	if (rc == 0 && k == 0)
		return SW_OK; /* the usual absent header: nothing more to test */
	if (k != 0) {
		urc = sw_uri_parse(buf, *first, &u, err);
		if (urc != SW_OK)
			return urc;
		*n = k;
	}
	if (rc < 0 && err != NULL)
		*err = we;
	return rc;
}

int
swx_parse_extract(const char *buf, size_t len, struct sw_arena *a, struct sw_msg *m,
		  struct swx_out *x, struct sw_err *err)
{
	struct sw_refer_sub rs;
	int rc;

	sw_arena_reset(a);
	rc = sw_msg_parse(buf, len, NULL, a, m, err);
	if (rc == SW_OK)
		rc = route_list(buf, m, SW_HDR_PATH, &x->path_n, &x->path_first, err);
	if (rc == SW_OK)
		rc = route_list(buf, m, SW_HDR_SERVICE_ROUTE, &x->sr_n, &x->sr_first, err);
	if (rc == SW_OK) {
		rc = sw_refer_sub_get(buf, m, &rs, err);
		x->refer_sub = rc == 1 ? rs.value : -1;
		rc = rc < 0 ? rc : SW_OK;
	}
	return rc;
}
