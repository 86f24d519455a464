/* route/uri differential test: sw_uri_parse, sw_nameaddr_parse and the
 * name-addr iterator (with and without SW_NA_SPLIT_ONLY), fast paths on,
 * against the same code with every fast path off (route_int.h, uri_int.h:
 * uri_parse_full for every URI, iter_next_full for every entry instead of
 * the split-only loop). Every status, error offset and detail, and every field
 * and slice of the results must be identical, on:
 *   - every list (Path, Service-Route, Route, Record-Route, Contact) of
 *     every corpus message, walked in lockstep in both modes;
 *   - every header line of every corpus file as a single name-addr value;
 *   - every prefix of every URI found in the corpus (list entries, the
 *     Request-URI, and each "sip:"/"sips:"/"tel:" run of the raw files);
 *   - every byte value at every position of template URIs and lists (this
 *     pins the fast path's private class table to sw_ctype);
 *   - seeded random mutations of the corpus URIs and list lines.
 * and sw_addr_iter_skip (entries walked without being filled) against
 * sw_addr_iter_next on every list, after every number of entries taken.
 * Bugs this pins: a fast path that accepts what the full parser rejects,
 * or reports a different slice, offset or status. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "corpus_iter.h"
#include "extract.h"
#include "route_cmp.h"
#include "route_int.h"
#include "sipwire/arena.h"
#include "sipwire/msg.h"
#include "sipwire/route.h"
#include "tap.h"
#include "uri_int.h"

#define MAX_URIS 20000

static const enum sw_hdr_id lists[] = { SW_HDR_PATH, SW_HDR_SERVICE_ROUTE, SW_HDR_ROUTE,
					SW_HDR_RECORD_ROUTE, SW_HDR_CONTACT };
static const unsigned na_flags[] = { 0, SW_NA_SPLIT_ONLY, SW_NA_ALLOW_STAR,
				     SW_NA_SPLIT_ONLY | SW_NA_ALLOW_STAR };

/* URIs collected from the corpus: copies, so mutations can reuse them */
static char *uris[MAX_URIS];
static size_t nuris;
/* list header values of the corpus, for the list mutations */
static char *vals[MAX_URIS];
static size_t nvals;
static unsigned long compared, mismatches;
static unsigned char arena_mem[1 << 16];

static void
keep_uri(const char *p, size_t n)
{
	if (nuris < MAX_URIS && (uris[nuris] = malloc(n + 1)) != NULL) {
		memcpy(uris[nuris], p, n);
		uris[nuris++][n] = '\0';
	}
}

static void
keep_val(const char *p, size_t n)
{
	if (n <= 500 && nvals < MAX_URIS && (vals[nvals] = malloc(n + 1)) != NULL) {
		memcpy(vals[nvals], p, n);
		vals[nvals++][n] = '\0';
	}
}

/* One comparison; the first few mismatches are printed for diagnosis. */
static void
count(int same, const char *what, const char *text, size_t len)
{
	compared++;
	if (same)
		return;
	if (mismatches++ < 10)
		tap_diag("mismatch in %s on \"%.*s\"", what, (int)(len > 200 ? 200 : len), text);
}

static void
diff_uri(const char *base, struct sw_slice s)
{
	struct sw_uri a, b;
	struct sw_err ea = { 7, 7, "unset" }, eb = ea;
	int ra, rb;

	/* poison both outputs alike so "zeroed on entry" is compared too */
	memset(&a, 0xA5, sizeof(a));
	memset(&b, 0xA5, sizeof(b));
	ra = sw_uri_parse(base, s, &a, &ea);
	rb = sw_uri_parse_general(base, s, &b, &eb);
	count(ra == rb && cmp_err_same(&ea, &eb) && cmp_uri_same(&a, &b), "sw_uri_parse", base + s.off, s.len);
}

/* Every prefix of buf[0..n), each in its own exact-size heap copy so that
 * ASan would see a read past the slice. */
static void
diff_uri_prefixes(const char *p, size_t n)
{
	for (size_t k = 0; k <= n; k++) {
		char *c = malloc(k + 1);

		if (c == NULL)
			return;
		memcpy(c, p, k);
		diff_uri(c, sw_slice_make(0, (uint32_t)k));
		free(c);
	}
}

static void
diff_nameaddr(const char *base, struct sw_slice v)
{
	for (size_t f = 0; f < sizeof(na_flags) / sizeof(na_flags[0]); f++) {
		struct sw_nameaddr a, b;
		struct sw_err ea = { 7, 7, "unset" }, eb = ea;
		int ra, rb;

		memset(&a, 0xA5, sizeof(a));
		memset(&b, 0xA5, sizeof(b));
		ra = sw_nameaddr_parse(base, v, na_flags[f], &a, &ea);
		rb = sw_nameaddr_parse_general(base, v, na_flags[f], &b, &eb);
		count(ra == rb && cmp_err_same(&ea, &eb) && cmp_na_same(&a, &b), "sw_nameaddr_parse", base + v.off,
		      v.len);
	}
}

/* Walk list `id` with both iterators in lockstep, both modes; returns the
 * number of entries. With `keep`, each entry's URI is collected. */
static unsigned
diff_list(const char *buf, size_t len, const struct sw_msg *m, enum sw_hdr_id id, int keep)
{
	unsigned n = 0;

	for (int split = 0; split < 2; split++) {
		struct sw_addr_iter ia, ib;
		unsigned flags = split ? SW_NA_SPLIT_ONLY : 0, k = 0;
		int ra, rb;

		sw_addr_iter_init_flags(&ia, buf, m, id, flags);
		sw_addr_iter_init_general(&ib, buf, m, id, flags);
		do {
			struct sw_nameaddr a, b;
			struct sw_err ea = { 7, 7, "unset" }, eb = ea;

			memset(&a, 0xA5, sizeof(a));
			memset(&b, 0xA5, sizeof(b));
			ra = sw_addr_iter_next(&ia, &a, &ea);
			rb = sw_addr_iter_next_general(&ib, &b, &eb);
			count(ra == rb && cmp_err_same(&ea, &eb) && (ra != 1 || cmp_na_same(&a, &b)),
			      split ? "split-only walk" : "full walk", buf, len);
			if (ra == 1 && rb == 1) {
				/* the extraction's pattern: split, then parse the URI */
				if (split)
					diff_uri(buf, a.uri);
				else if (keep && a.uri.len > 0)
					keep_uri(buf + a.uri.off, a.uri.len);
				k++;
			}
		} while (ra == 1 && rb == 1 && k < 1000);
		n = k;
	}
	return n;
}

/* The iterator states after two walks are the same (every field a caller
 * could observe through later calls). */
static int
iter_same(const struct sw_addr_iter *a, const struct sw_addr_iter *b)
{
	return a->pos == b->pos && a->end == b->end && a->hdr == b->hdr &&
	       a->need_entry == b->need_entry && a->status == b->status &&
	       (a->status == 0 || cmp_err_same(&a->err, &b->err));
}

/* sw_addr_iter_skip and sw_addr_iter_skip_first after k entries taken
 * with sw_addr_iter_next, for every k, against sw_addr_iter_next to the
 * end: the same count, status, error and final iterator state, the same
 * answer from one more call (the sticky error, or 0), and for
 * skip_first the URI of entry k + 1 (empty at 0 when there is none),
 * both modes. */
static void
diff_skip(const char *buf, size_t len, const struct sw_msg *m, enum sw_hdr_id id)
{
	static struct sw_slice ref_uri[1001];

	for (int split = 0; split < 2; split++) {
		unsigned flags = split ? SW_NA_SPLIT_ONLY : 0, total = 0;
		struct sw_addr_iter ref;
		struct sw_nameaddr na;
		struct sw_err eref = { 7, 7, "unset" }, eref2 = eref;
		int rref, rref2;

		sw_addr_iter_init_flags(&ref, buf, m, id, flags);
		while ((rref = sw_addr_iter_next(&ref, &na, &eref)) == 1 && total < 1000)
			ref_uri[total++] = na.uri;
		ref_uri[total] = sw_slice_make(0, 0);
		for (unsigned k = 0; k <= total; k++) {
			for (int first = 0; first < 2; first++) {
				struct sw_addr_iter it;
				struct sw_err e = { 7, 7, "unset" }, e2 = e;
				struct sw_slice f = { 99, 99 };
				unsigned n = 99, done = 0;
				int rc, rc2;

				sw_addr_iter_init_flags(&it, buf, m, id, flags);
				while (done < k && sw_addr_iter_next(&it, &na, &e) == 1)
					done++;
				if (first)
					rc = sw_addr_iter_skip_first(&it, &f, &n, &e);
				else
					rc = sw_addr_iter_skip(&it, &n, &e);
				rc2 = sw_addr_iter_next(&it, &na, &e2);
				eref2 = (struct sw_err){ 7, 7, "unset" };
				if (first) {
					/* the reference is past its end: ask a fresh one */
					struct sw_addr_iter r2;
					struct sw_err x = eref;
					unsigned t = 0;

					sw_addr_iter_init_flags(&r2, buf, m, id, flags);
					while (sw_addr_iter_next(&r2, &na, &x) == 1 && t < 1000)
						t++;
					rref2 = sw_addr_iter_next(&r2, &na, &eref2);
				} else {
					rref2 = sw_addr_iter_next(&ref, &na, &eref2);
				}
				count(rc == rref && done == k && done + n == total &&
				      cmp_err_same(&e, &eref) && iter_same(&it, &ref) && rc2 == rref2 &&
				      cmp_err_same(&e2, &eref2) &&
				      (!first || (f.off == ref_uri[k].off && f.len == ref_uri[k].len)),
				      split ? (first ? "split-only skip_first" : "split-only skip")
					    : (first ? "full skip_first" : "full skip"),
				      buf, len);
			}
		}
	}
}

/* The extraction as bench/extract.c did it before sw_addr_iter_skip_first:
 * the first entry with sw_addr_iter_next, its URI parsed, the rest
 * skipped. swx_parse_extract must give the same values, status and error
 * for every input. */
static int
ref_list(const char *buf, const struct sw_msg *m, enum sw_hdr_id id, unsigned *n,
	 struct sw_slice *first, struct sw_err *err)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_uri u;
	unsigned rest;
	int rc;

	*n = 0;
	*first = sw_slice_make(0, 0);
	sw_addr_iter_init_flags(&it, buf, m, id, SW_NA_SPLIT_ONLY);
	rc = sw_addr_iter_next(&it, &na, err);
	if (rc != 1)
		return rc;
	*first = na.uri;
	rc = sw_uri_parse(buf, na.uri, &u, err);
	if (rc != SW_OK)
		return rc;
	rc = sw_addr_iter_skip(&it, &rest, err);
	*n = 1 + rest;
	return rc;
}

static void
diff_extract(const char *buf, size_t len)
{
	static unsigned char mem2[1 << 16];
	struct sw_arena ar;
	struct sw_msg m;
	struct swx_out x = { 0, 0, 0, { 0, 0 }, { 0, 0 } }, r = x;
	struct sw_err ex = { 7, 7, "unset" }, er = ex;
	int rx, rr;

	sw_arena_init(&ar, mem2, sizeof(mem2));
	rx = swx_parse_extract(buf, len, &ar, &m, &x, &ex);
	sw_arena_reset(&ar);
	rr = sw_msg_parse(buf, len, NULL, &ar, &m, &er);
	if (rr == SW_OK)
		rr = ref_list(buf, &m, SW_HDR_PATH, &r.path_n, &r.path_first, &er);
	if (rr == SW_OK)
		rr = ref_list(buf, &m, SW_HDR_SERVICE_ROUTE, &r.sr_n, &r.sr_first, &er);
	count(rx == rr && cmp_err_same(&ex, &er) && x.path_n == r.path_n && x.sr_n == r.sr_n &&
		      x.path_first.off == r.path_first.off && x.path_first.len == r.path_first.len &&
		      x.sr_first.off == r.sr_first.off && x.sr_first.len == r.sr_first.len,
	      "swx_parse_extract", buf, len);
}

static void
diff_msg(const char *buf, size_t len, int keep)
{
	struct sw_arena ar;
	struct sw_msg m;

	sw_arena_init(&ar, arena_mem, sizeof(arena_mem));
	diff_extract(buf, len);
	if (sw_msg_parse(buf, len, NULL, &ar, &m, NULL) != SW_OK)
		return;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		diff_list(buf, len, &m, lists[i], keep);
		diff_skip(buf, len, &m, lists[i]);
	}
	for (size_t i = 0; keep && i < m.nhdrs; i++)
		for (size_t j = 0; j < sizeof(lists) / sizeof(lists[0]); j++)
			if (m.hdrs[i].id == lists[j])
				keep_val(buf + m.hdrs[i].value.off, m.hdrs[i].value.len);
	if (m.kind == SW_MSG_REQUEST) {
		diff_uri(buf, m.ruri);
		if (keep)
			keep_uri(buf + m.ruri.off, m.ruri.len);
	}
}

/* Each line's text after its first ':' as one name-addr value; each
 * "sip:" / "sips:" / "tel:" run (up to a byte no URI or list holds) as a
 * URI candidate, valid or not. */
static void
diff_lines(const char *buf, size_t len)
{
	for (size_t s = 0, e; s < len; s = e + 1) {
		const char *colon;

		for (e = s; e < len && buf[e] != '\n'; e++)
			;
		colon = memchr(buf + s, ':', e - s);
		if (colon != NULL) {
			size_t v = (size_t)(colon - buf) + 1, ve = e > s && buf[e - 1] == '\r' ? e - 1 : e;

			if (ve >= v)
				diff_nameaddr(buf, sw_slice_make((uint32_t)v, (uint32_t)(ve - v)));
		}
	}
	for (size_t i = 0; i + 4 <= len; i++) {
		size_t j = i;

		if (strncmp(buf + i, "sip:", 4) != 0 && strncmp(buf + i, "sips:", 5) != 0 &&
		    strncmp(buf + i, "tel:", 4) != 0)
			continue;
		while (j < len && !strchr(" \t\r\n<>\",", buf[j]) && buf[j] != '\0')
			j++;
		keep_uri(buf + i, j - i);
	}
}

static void
on_file(const char *rel, const char *buf, size_t len, void *arg)
{
	(void)rel;
	(void)arg;
	diff_msg(buf, len, 1);
	diff_lines(buf, len);
}

/* deterministic xorshift64: failures reproduce */
static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* One random edit of buf[0..*n) (cap bytes): replace, insert or delete, with
 * a random byte or one that matters to the parsers. */
static void
mutate(char *buf, size_t *n, size_t cap)
{
	static const char special[] = "@:;=.%-[]?&,<>\"\\ \t\r\n+_0935afAFsSiIpP*#()/";
	unsigned op = rnd(3);
	char c = rnd(2) ? special[rnd(sizeof(special) - 1)] : (char)rnd(256);
	size_t at = *n ? rnd((unsigned)*n + 1) : 0;

	if (op == 0 && at < *n) {
		buf[at] = c;
	} else if (op == 1 && *n < cap) {
		memmove(buf + at + 1, buf + at, *n - at);
		buf[at] = c;
		++*n;
	} else if (*n > 0 && at < *n) {
		memmove(buf + at, buf + at + 1, *n - at - 1);
		--*n;
	}
}

static void
mutate_uris(unsigned per_uri)
{
	char buf[600];

	for (size_t i = 0; i < nuris; i++) {
		size_t n0 = strlen(uris[i]);

		if (n0 > 500)
			continue;
		for (unsigned k = 0; k < per_uri; k++) {
			size_t n = n0;
			unsigned edits = 1 + rnd(3);

			memcpy(buf, uris[i], n0);
			while (edits--)
				mutate(buf, &n, 500);
			diff_uri_prefixes(buf, n);
		}
	}
}

/* A message with one list line, its value `v` mutated; both walks compared. */
static void
mutate_lists(const char *const *values, size_t nv, unsigned per_value)
{
	static const char *const names[] = { "Path", "Service-Route", "Route", "Record-Route",
					     "Contact" };
	char v[600], msg[900];

	for (size_t i = 0; i < nv; i++) {
		for (unsigned k = 0; k < per_value; k++) {
			size_t n = strlen(values[i]);
			unsigned edits = k == 0 ? 0 : 1 + rnd(3);
			int len;

			memcpy(v, values[i], n);
			while (edits--)
				mutate(v, &n, 500);
			len = snprintf(msg, sizeof(msg), "OPTIONS sip:x.example SIP/2.0\r\n%s: %.*s\r\n"
				       "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n",
				       names[k % 5], (int)n, v);
			if (len > 0 && (size_t)len < sizeof(msg))
				diff_msg(msg, (size_t)len, 0);
		}
	}
}

/* Every byte value at every position (replaced, then inserted) of each
 * template, as a URI and as a list line. */
static void
every_byte(const char *const *t, size_t nt, int as_list)
{
	char buf[256];

	for (size_t i = 0; i < nt; i++) {
		size_t n = strlen(t[i]);

		for (size_t at = 0; at <= n; at++) {
			for (unsigned c = 0; c < 256; c++) {
				for (int ins = 0; ins < 2; ins++) {
					size_t m = n;
					char msg[400];
					int len;

					if (!ins && at == n)
						continue;
					memcpy(buf, t[i], at);
					buf[at] = (char)c;
					memcpy(buf + at + 1, t[i] + at + !ins, n - at - !ins);
					m = n + (size_t)ins;
					if (!as_list) {
						diff_uri_prefixes(buf, m);
						continue;
					}
					diff_nameaddr(buf, sw_slice_make(0, (uint32_t)m));
					/* alone, and after and before a line the whole-line
					 * walk takes (the state it hands over, or takes up) */
					for (int v = 0; v < 3; v++) {
						len = snprintf(msg, sizeof(msg), v == 0 ?
							       "OPTIONS sip:x SIP/2.0\r\nPath: %.*s\r\n\r\n" :
							       v == 1 ?
							       "OPTIONS sip:x SIP/2.0\r\nPath: <sip:p@q;lr>\r\nPath: %.*s\r\n\r\n" :
							       "OPTIONS sip:x SIP/2.0\r\nPath: %.*s\r\nPath: <sip:p@q;lr>\r\n\r\n",
							       (int)m, buf);
						if (len > 0 && (size_t)len < sizeof(msg))
							diff_msg(msg, (size_t)len, 0);
					}
				}
			}
		}
	}
}

int
main(void)
{
	static const char *const uri_templates[] = {
		"sip:us-1.r@h-2.example.net:5060;lr;p=v",
		"SIPS:a@10.20.0.5:65535;transport=tcp;maddr=x",
		"sip:host.example.;ob;received=1.2.3.4",
		"sip:a:b@[::1]:5;x?h=v",
		/* the AVX2 windows of uri_fast.c: bodies of 16..32 bytes in
		 * one register, 33..63 in two, longer ones byte by byte; the
		 * prefixes walk every length across those edges */
		"sip:term@p2.visit.net;lr",
		"sip:orig@scscf1.home.example.net:5060;lr",
		"sips:a.very-long.user_name@edge-01.access.region-7.example.com:5061;lr",
		/* 33..63 bytes after the scheme decided by the first 32 when
		 * the host ends inside them: an '@' after the window (in a
		 * parameter, in a long user) and a host that crosses it */
		"sip:pcscf.example.net:5060;transport=tcp;x=a@b",
		"sip:a-rather-long-user-name-for-the-window@h.example;lr",
		"sip:u@a-host-name-that-crosses-the-window.example.net;lr",
		/* longer than 63 bytes after the scheme: the first 32 decide
		 * when the host ends inside them, else byte by byte */
		"sip:term@pcscf.ims.example.net:5060;transport=tcp;lr;ob;x-route=0123456789abcdef",
		"sip:pcscf.ims.example.net;lr;x-a=0123456789012345678901234567890123456789@b",
		/* escapes (uri_fast.c's fast_run): in the user, in parameter
		 * names and values, an escaped lr that is not lr (RFC 4475
		 * esc01); every byte replaced or inserted breaks each escape
		 * at each of its three positions, and the insertions move
		 * them across the 16- and 32-byte window edges */
		"sip:%2B1%20555-0100@h.example.net;user=phone",
		"sip:h.example;%6C%72;lr%41;x%2a=%3cv%3E",
		"sip:abcdefghijklmnopqrstuvwxyz0%41%42@h.example.net;lr",
		"sip:user-name-of-t%2A%2awenty-nine@h;a=%7E",
		"sip:a-long%20user%2Bname@edge-01.access.region-7.example.com:5061;lr;x=%41",
		/* the route-restore shape: a long swrs value, uppercase escapes */
		"sip:sbc.example.net;lr;swrs=2%3Csip:o%40s1.home.example.net:5060%3Blr%3E0123ABCD",
	};
	static const char *const list_templates[] = {
		"<sip:a@h.example;lr>;p=v;q=\"x,y\", <sip:b@1.2.3.4:5>",
		"\"D\" <sips:c@d>, e <sip:f>;x",
		"sip:g@h;p, <sip:i>",
		/* find_gt's 32-byte blocks and the block ending at the value's
		 * end, entries shorter and longer than a block */
		"<sip:edge1@p1.visit.net;lr;ob>, <sip:fe7a@10.20.0.5:5070;lr>",
		"<sip:orig@scscf1.home.example.net:5060;lr>;x=1,<sip:a@b>",
		/* route.c's whole-line walk (line_fast): one entry, several
		 * with no, one and three spaces after the comma, a ',' inside
		 * a URI, lines of 2..32 and 33..63 bytes */
		"<sip:a@b;lr>,<sip:c,d@e>,   <sip:f@g;lr>",
		"<s:x>, <t:y>",
		"<sip:fe7a@10.20.0.5:5070;lr>",
		/* route.c's full_entry (URIs parsed, the usual shape): header
		 * parameters, a URI the sip fast path declines (tel, IPv6),
		 * so every byte also makes URI errors inside a good shape */
		"<sip:u@h.example;lr>;ob;x=\"q\", <tel:+1-555>;p,<sip:a@[::1]>",
	};
	int files;

#if defined(__AVX2__) && defined(__GNUC__)
	/* the route_diff_avx2 build: its codec objects need the CPU's AVX2 */
	if (!__builtin_cpu_supports("avx2")) {
		printf("1..0 # SKIP no AVX2 on this CPU\n");
		return 77;
	}
#endif
	files = corpus_each(on_file, NULL);
	tap_ok(files > 50 && nuris > 200, "corpus read: %d files, %zu URIs collected", files, nuris);
	tap_ok(mismatches == 0, "corpus lists, lines and Request-URIs identical (%lu comparisons)",
	       compared);
	compared = mismatches = 0;
	for (size_t i = 0; i < nuris; i++)
		diff_uri_prefixes(uris[i], strlen(uris[i]));
	tap_ok(mismatches == 0, "every prefix of every corpus URI identical (%lu comparisons)", compared);
	compared = mismatches = 0;
	every_byte(uri_templates, sizeof(uri_templates) / sizeof(uri_templates[0]), 0);
	tap_ok(mismatches == 0, "every byte at every URI template position identical (%lu)", compared);
	compared = mismatches = 0;
	every_byte(list_templates, sizeof(list_templates) / sizeof(list_templates[0]), 1);
	tap_ok(mismatches == 0, "every byte at every list template position identical (%lu)", compared);
	compared = mismatches = 0;
	mutate_uris(8);
	tap_ok(mismatches == 0, "random URI mutations identical (%lu comparisons)", compared);
	compared = mismatches = 0;
	mutate_lists(list_templates, sizeof(list_templates) / sizeof(list_templates[0]), 3000);
	mutate_lists((const char *const *)vals, nvals, 40);
	tap_ok(mismatches == 0 && nvals > 50, "random mutations of %zu corpus list values and the templates "
	       "identical (%lu comparisons)", nvals, compared);
	for (size_t i = 0; i < nuris; i++)
		free(uris[i]);
	for (size_t i = 0; i < nvals; i++)
		free(vals[i]);
	return tap_done();
}
