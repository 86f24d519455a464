/* fuzz_route: name-addr lists, route sets and the Route writer.
 *
 * For Path, Service-Route, Route, Record-Route and Contact: every slice of
 * every entry lies inside its header value; iterating twice gives the same
 * entries and status; sw_route_set gives the iteration order and
 * sw_route_set_reversed its reverse; each entry's `whole` re-parses alone
 * to the same parts; a written Route line parses back to the same URIs.
 * The Request-URI and From/To go through sw_uri_parse / sw_nameaddr_parse
 * with the same slice checks.
 *
 * Differential: every list in both modes, each split entry's URI, the
 * Request-URI and From/To/Refer-To give exactly what the general code the
 * fast paths fall back to gives (route_int.h, uri_int.h: uri_parse_full,
 * iter_next_full): status, error and every field; sw_addr_iter_skip
 * counts and fails exactly as walking with sw_addr_iter_next does. */
#include <string.h>

#include "fuzz_common.h"
#include "route_cmp.h"
#include "route_int.h"
#include "sipwire/msg.h"
#include "sipwire/route.h"
#include "uri_int.h"

#define MAX_ENTRIES 64

static unsigned char arena_mem[128 * sizeof(struct sw_hdr) + 64];
static unsigned char arena2_mem[8 * sizeof(struct sw_hdr) + 64];
static struct sw_nameaddr first[MAX_ENTRIES], set[MAX_ENTRIES];
static char line[8192];

static void
check_uri(const struct sw_uri *u, struct sw_slice in)
{
	const struct sw_slice sl[] = { u->whole, u->scheme, u->opaque, u->user, u->password, u->host,
				       u->port, u->params, u->headers, u->transport, u->maddr,
				       u->ttl, u->user_param, u->method, u->received };

	for (size_t i = 0; i < sizeof(sl) / sizeof(sl[0]); i++)
		fz_check(fz_inside(sl[i], in), "URI slice inside the input");
	fz_check(!u->has_port || u->port_num <= 65535, "port in range");
}

static void
check_na(const struct sw_nameaddr *na, struct sw_slice in)
{
	fz_check(fz_inside(na->whole, in), "entry inside its value");
	fz_check(fz_inside(na->display, na->whole) && fz_inside(na->uri, na->whole) &&
		 fz_inside(na->params, na->whole), "entry parts inside the entry");
	check_uri(&na->u, na->uri.len ? na->uri : na->whole);
}

static int
same_na(const struct sw_nameaddr *a, const struct sw_nameaddr *b)
{
	return fz_slice_same(a->whole, b->whole) && fz_slice_same(a->display, b->display) &&
	       fz_slice_same(a->uri, b->uri) && fz_slice_same(a->params, b->params) &&
	       a->angle == b->angle && a->star == b->star && a->u.pflags == b->u.pflags &&
	       a->u.kind == b->u.kind && fz_slice_same(a->u.host, b->u.host);
}

/* Iterate `id`; returns the final status and stores up to MAX_ENTRIES. */
static int
walk(const uint8_t *d, const struct sw_msg *m, enum sw_hdr_id id, struct sw_nameaddr *out,
     size_t *count, struct sw_err *e)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	int rc;

	*count = 0;
	sw_addr_iter_init(&it, d, m, id);
	while ((rc = sw_addr_iter_next(&it, &na, e)) == 1) {
		fz_check(na.hdr < m->nhdrs && m->hdrs[na.hdr].id == id, "entry names its header line");
		check_na(&na, m->hdrs[na.hdr].value);
		if (*count < MAX_ENTRIES)
			out[*count] = na;
		++*count;
	}
	return rc;
}

/* Each entry, parsed alone from its `whole`, has the same parts. */
static void
check_alone(const uint8_t *d, const struct sw_nameaddr *na, size_t n)
{
	for (size_t i = 0; i < n && i < MAX_ENTRIES; i++) {
		struct sw_nameaddr one;
		int rc = sw_nameaddr_parse(d, na[i].whole, SW_NA_ALLOW_STAR, &one, NULL);

		fz_check(rc == SW_OK, "an entry's whole parses alone");
		one.hdr = na[i].hdr;
		fz_check(same_na(&one, &na[i]), "an entry alone has the same parts");
	}
}

/* Write the set as a Route line, parse it back, compare the URIs. */
static void
check_write(const uint8_t *d, const struct sw_nameaddr *s, size_t n)
{
	static const char rl[] = "OPTIONS sip:x.example SIP/2.0\r\n";
	struct sw_msg m;
	struct sw_arena a;
	size_t len = 0, k;
	int rc;

	memcpy(line, rl, sizeof(rl) - 1);
	rc = sw_route_write(d, SW_HDR_ROUTE, s, n, line + sizeof(rl) - 1, sizeof(line) - sizeof(rl) - 2,
			    &len, NULL);
	if (rc == SW_E_NOSPACE || rc == SW_E_INVAL) /* long sets; Contact '*' */
		return;
	fz_check(rc == SW_OK && (n == 0) == (len == 0), "route write succeeds for a parsed set");
	memcpy(line + sizeof(rl) - 1 + len, "\r\n", 2);
	sw_arena_init(&a, arena2_mem, sizeof(arena2_mem));
	rc = sw_msg_parse(line, sizeof(rl) - 1 + len + 2, NULL, &a, &m, NULL);
	fz_check(rc == SW_OK, "written Route line parses");
	rc = walk((const uint8_t *)line, &m, SW_HDR_ROUTE, set, &k, NULL);
	fz_check(rc == 0 && k == n, "written Route has as many entries");
	for (size_t i = 0; i < n && i < MAX_ENTRIES; i++)
		fz_check(set[i].uri.len == s[i].uri.len &&
			 memcmp(line + set[i].uri.off, d + s[i].uri.off, s[i].uri.len) == 0,
			 "written Route keeps each URI");
}

/* The split-only walk checks a subset of what the full walk checks: where
 * the full walk succeeds it gives the same entries; where it fails, the
 * full walk fails too (at the same place or earlier). */
static void
check_split(const uint8_t *d, const struct sw_msg *m, enum sw_hdr_id id, int full_rc, size_t full_n)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	size_t k = 0;
	int rc;

	sw_addr_iter_init_flags(&it, d, m, id, SW_NA_SPLIT_ONLY);
	while ((rc = sw_addr_iter_next(&it, &na, NULL)) == 1) {
		check_na(&na, m->hdrs[na.hdr].value);
		if (k < MAX_ENTRIES && k < full_n)
			fz_check(fz_slice_same(na.whole, first[k].whole) &&
				 fz_slice_same(na.uri, first[k].uri) &&
				 fz_slice_same(na.params, first[k].params), "split-only entry equals the full one");
		k++;
	}
	if (full_rc == 0)
		fz_check(rc == 0 && k == full_n, "split-only accepts what the full walk accepts");
	if (rc < 0)
		fz_check(full_rc < 0 && full_n <= k, "full walk fails where split-only fails");
}

static void
check_list(const uint8_t *d, const struct sw_msg *m, enum sw_hdr_id id)
{
	struct sw_err e1 = { 0, 0, NULL }, e2 = { 0, 0, NULL };
	size_t n1, n2, ns = 0;
	int rc1 = walk(d, m, id, first, &n1, &e1);
	int rc2, rs;

	fz_check(rc1 <= 0, "iteration ends with 0 or an error");
	rc2 = walk(d, m, id, set, &n2, &e2);
	fz_check(rc1 == rc2 && n1 == n2 && e1.off == e2.off, "re-iteration gives the same status");
	for (size_t i = 0; i < n1 && i < MAX_ENTRIES; i++)
		fz_check(same_na(&first[i], &set[i]), "re-iteration gives the same entries");
	check_alone(d, first, n1);
	check_split(d, m, id, rc1, n1);
	rs = sw_route_set(d, m, id, set, MAX_ENTRIES, &ns, NULL);
	if (rc1 < 0) {
		fz_check(rs == rc1, "route set reports the iterator's error");
		return;
	}
	fz_check(ns == n1 && (rs == SW_OK) == (n1 <= MAX_ENTRIES), "route set size and status");
	for (size_t i = 0; rs == SW_OK && i < ns; i++)
		fz_check(same_na(&first[i], &set[i]), "route set is in iteration order");
	if (rs != SW_OK)
		return;
	rs = sw_route_set_reversed(d, m, id, set, MAX_ENTRIES, &ns, NULL);
	for (size_t i = 0; rs == SW_OK && i < ns; i++)
		fz_check(same_na(&first[i], &set[ns - 1 - i]), "reversed route set is reversed");
	check_write(d, first, n1);
}

static void
check_single(const uint8_t *d, const struct sw_msg *m, enum sw_hdr_id id)
{
	const struct sw_hdr *h = sw_msg_first(m, id);
	struct sw_nameaddr na;
	struct sw_err e = { 0, 0, NULL };

	if (h == NULL)
		return;
	if (sw_nameaddr_parse(d, h->value, 0, &na, &e) == SW_OK)
		check_na(&na, h->value);
	else
		fz_check(fz_inside(sw_slice_make(e.off, 0), h->value), "error offset inside the value");
}

static void
diff_uri(const uint8_t *d, struct sw_slice s)
{
	struct sw_uri a, b;
	struct sw_err ea = { 7, 7, NULL }, eb = ea;
	int ra = sw_uri_parse(d, s, &a, &ea), rb = sw_uri_parse_general(d, s, &b, &eb);

	fz_check(ra == rb && cmp_err_same(&ea, &eb) && cmp_uri_same(&a, &b),
		 "sw_uri_parse equals the general path");
}

static void
diff_nameaddr(const uint8_t *d, struct sw_slice v)
{
	static const unsigned flags[] = { 0, SW_NA_SPLIT_ONLY, SW_NA_ALLOW_STAR };

	for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		struct sw_nameaddr a, b;
		struct sw_err ea = { 7, 7, NULL }, eb = ea;
		int ra = sw_nameaddr_parse(d, v, flags[f], &a, &ea);
		int rb = sw_nameaddr_parse_general(d, v, flags[f], &b, &eb);

		fz_check(ra == rb && cmp_err_same(&ea, &eb) && cmp_na_same(&a, &b),
			 "sw_nameaddr_parse equals the general path");
	}
}

/* Both iterators in lockstep, both modes; split entries' URIs parsed. */
static void
diff_list(const uint8_t *d, const struct sw_msg *m, enum sw_hdr_id id)
{
	for (unsigned flags = 0; flags <= SW_NA_SPLIT_ONLY; flags += SW_NA_SPLIT_ONLY) {
		struct sw_addr_iter ia, ib;
		int ra, rb;

		sw_addr_iter_init_flags(&ia, d, m, id, flags);
		sw_addr_iter_init_general(&ib, d, m, id, flags);
		do {
			struct sw_nameaddr a, b;
			struct sw_err ea = { 7, 7, NULL }, eb = ea;

			ra = sw_addr_iter_next(&ia, &a, &ea);
			rb = sw_addr_iter_next_general(&ib, &b, &eb);
			fz_check(ra == rb && cmp_err_same(&ea, &eb) && (ra != 1 || cmp_na_same(&a, &b)),
				 "iterator equals the general path");
			if (ra == 1 && flags)
				diff_uri(d, a.uri);
		} while (ra == 1);
	}
}

/* The two modes of sw_addr_iter_next agree: walked in lockstep, a full
 * entry is the split-only entry with its URI parsed by sw_uri_parse; a
 * full walk that fails where the split-only walk takes an entry fails on
 * that URI, with sw_uri_parse's status; a split-only failure is a full
 * one too, and both walks end together. (route.c takes the usual entry
 * the same way in both modes, full_entry and split_entry; Contact's '*'
 * is the same entry in both.) */
static void
modes_agree(const uint8_t *d, const struct sw_msg *m, enum sw_hdr_id id)
{
	struct sw_addr_iter fi, si;
	int rf, rs, ru;

	sw_addr_iter_init_flags(&fi, d, m, id, 0);
	sw_addr_iter_init_flags(&si, d, m, id, SW_NA_SPLIT_ONLY);
	do {
		struct sw_nameaddr f, s;
		struct sw_uri u;

		rf = sw_addr_iter_next(&fi, &f, NULL);
		rs = sw_addr_iter_next(&si, &s, NULL);
		if (rs < 0) {
			fz_check(rf < 0, "a split-only failure fails the full walk");
			return;
		}
		if (rs == 0) {
			fz_check(rf == 0, "both modes end together");
			return;
		}
		if (s.star) { /* Contact '*': no URI in either mode */
			fz_check(rf == 1 && cmp_na_same(&f, &s), "both modes take Contact '*'");
			continue;
		}
		ru = sw_uri_parse(d, s.uri, &u, NULL);
		if (rf < 0) {
			fz_check(ru == rf, "the full walk fails on the split entry's URI");
			return;
		}
		s.u = u;
		fz_check(rf == 1 && ru == SW_OK && cmp_na_same(&f, &s),
			 "a full entry is the split entry with its URI parsed");
	} while (rf == 1);
}

/* sw_addr_iter_skip after the first entry and sw_addr_iter_skip_first
 * from the start (the extraction's walk), against sw_addr_iter_next to the
 * end: the same count, status and error, the same answer to one more
 * call, and skip_first's URI that of the first entry. */
static void
diff_skip(const uint8_t *d, const struct sw_msg *m, enum sw_hdr_id id)
{
	for (unsigned flags = 0; flags <= SW_NA_SPLIT_ONLY; flags += SW_NA_SPLIT_ONLY) {
		for (unsigned k = 0; k < 2; k++) {
			struct sw_addr_iter ref, it;
			struct sw_nameaddr na;
			struct sw_err eref = { 7, 7, NULL }, e = eref, eref2 = eref, e2 = eref;
			unsigned total = 0, done = 0, n = 0;
			int rref, rc;

			struct sw_slice uri1 = { 0, 0 }, f = { 99, 99 };

			sw_addr_iter_init_flags(&ref, d, m, id, flags);
			while ((rref = sw_addr_iter_next(&ref, &na, &eref)) == 1) {
				if (total++ == k)
					uri1 = na.uri; /* the first entry the skip walks */
			}
			sw_addr_iter_init_flags(&it, d, m, id, flags);
			if (k == 1 && sw_addr_iter_next(&it, &na, &e) == 1)
				done = 1;
			/* after one entry: sw_addr_iter_skip; from the start:
			 * sw_addr_iter_skip_first, the extraction's walk */
			if (k == 0)
				rc = sw_addr_iter_skip_first(&it, &f, &n, &e);
			else
				rc = sw_addr_iter_skip(&it, &n, &e);
			fz_check(rc == rref && done + n == total && cmp_err_same(&e, &eref),
				 "skip equals walking with next");
			fz_check(k != 0 || (f.off == uri1.off && f.len == uri1.len),
				 "skip_first gives the first entry's URI");
			fz_check(sw_addr_iter_next(&it, &na, &e2) == sw_addr_iter_next(&ref, &na, &eref2) &&
				 cmp_err_same(&e2, &eref2), "after skip the iterator answers as after next");
		}
	}
}

static void
diff_all(const uint8_t *d, const struct sw_msg *m, const enum sw_hdr_id *lists, size_t nl)
{
	static const enum sw_hdr_id single[] = { SW_HDR_FROM, SW_HDR_TO, SW_HDR_REFER_TO };

	for (size_t i = 0; i < nl; i++) {
		diff_list(d, m, lists[i]);
		modes_agree(d, m, lists[i]);
		diff_skip(d, m, lists[i]);
	}
	for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++) {
		const struct sw_hdr *h = sw_msg_first(m, single[i]);

		if (h != NULL)
			diff_nameaddr(d, h->value);
	}
	if (m->kind == SW_MSG_REQUEST)
		diff_uri(d, m->ruri);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const enum sw_hdr_id lists[] = { SW_HDR_PATH, SW_HDR_SERVICE_ROUTE, SW_HDR_ROUTE,
						SW_HDR_RECORD_ROUTE, SW_HDR_CONTACT };
	struct sw_msg m;
	struct sw_arena a;
	struct sw_uri u;

	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	if (sw_msg_parse(d, n, NULL, &a, &m, NULL) != SW_OK)
		return 0;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		check_list(d, &m, lists[i]);
	diff_all(d, &m, lists, sizeof(lists) / sizeof(lists[0]));
	check_single(d, &m, SW_HDR_FROM);
	check_single(d, &m, SW_HDR_TO);
	check_single(d, &m, SW_HDR_REFER_TO);
	if (m.kind == SW_MSG_REQUEST && sw_uri_parse(d, m.ruri, &u, NULL) == SW_OK)
		check_uri(&u, m.ruri);
	return 0;
}
