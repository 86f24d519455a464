/* Policy rule fast paths against the general ones they replace.
 *
 * - Path: the line sw_policy_set renders once (struct sw_policy path_line)
 *   against the line the rule builds per message (the fallback when
 *   nothing was rendered), over URIs with and without headers and ob, with
 *   and without a flow key, on REGISTERs with and without Require, one or
 *   several Via values: same status, same fired bits, same output bytes.
 * - Option-tag removal (refer-sub strip): the one-walk sw_pol_remove_tag
 *   against the per-line walk it replaced (kept here as the reference),
 *   on random Supported / Require / compact lines, folded lines and
 *   malformed lists: same status and the same edit list.
 * - Restore: sw_uri_param_find (the parameter boundaries a parsed URI
 *   guarantees) against sw_param_find on random parameter lists of
 *   parsed URIs; sw_pol_restore (its short way for the entry the
 *   policy's own replace writes, and its split-only set check) against
 *   the restore it replaced, kept here as the reference (full iterator,
 *   sw_param_find, full iterator over the set), on tokens of good sets
 *   and of sets that must be refused, every byte of the Route line
 *   changed, and policies whose URI is not the one in the Route.
 */
#include <stdint.h>
#include <string.h>

#include "ctype_tab.h"
#include "policy_int.h"
#include "sipwire/refer_sub.h"
#include "sipwire/route.h"
#include "sipwire/token.h"
#include "sipwire/uri.h"
#include "tap.h"

static unsigned char amem[64 * 1024], smem[16 * 1024];
static uint32_t rng = 12345;

static uint32_t
rnd(uint32_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) % n;
}

/* ---- Path: rendered against built ---- */

static const char *const path_uris[] = {
	"sip:sbc.example.net;lr",
	"sip:sbc-edge.example.net:5070;lr;transport=udp",
	"sips:[2001:db8::1]:5061;lr",
	"sip:sbc.example.net;lr?x=y",
	"sip:sbc.example.net;lr;ob",
	"sip:sbc.example.net;lr;ob?h=v&i=w",
	"sip:edge@sbc.example.net;lr",
};

static const char *const registers[] = {
	/* one Via, Contact with reg-id and +sip.instance: ob applies */
	"REGISTER sip:r.example.net SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK1\r\n"
	"From: <sip:a@example.net>;tag=1\r\nTo: <sip:a@example.net>\r\nCall-ID: c1\r\n"
	"CSeq: 1 REGISTER\r\nSupported: path, outbound\r\n"
	"Contact: <sip:a@192.0.2.4>;reg-id=1;+sip.instance=\"<urn:uuid:1>\"\r\nContent-Length: 0\r\n\r\n",
	/* the same with a Require line: "path" is appended to it */
	"REGISTER sip:r.example.net SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK2\r\n"
	"From: <sip:a@example.net>;tag=1\r\nTo: <sip:a@example.net>\r\nCall-ID: c2\r\n"
	"CSeq: 1 REGISTER\r\nSupported: outbound, PATH\r\nRequire: gruu\r\n"
	"Contact: <sip:a@192.0.2.4>;reg-id=1;+sip.instance=\"<urn:uuid:1>\"\r\nContent-Length: 0\r\n\r\n",
	/* two Via values and an existing Path: no ob */
	"REGISTER sip:r.example.net SIP/2.0\r\nVia: SIP/2.0/UDP p1.example.net;branch=z9hG4bK3, "
	"SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK4\r\nPath: <sip:p1.example.net;lr>\r\n"
	"From: <sip:a@example.net>;tag=1\r\nTo: <sip:a@example.net>\r\nCall-ID: c3\r\n"
	"CSeq: 1 REGISTER\r\nSupported: path\r\nContact: <sip:a@192.0.2.4>\r\nl: 0\r\n\r\n",
	/* no Supported: path: refused either way */
	"REGISTER sip:r.example.net SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK5\r\n"
	"Call-ID: c4\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n",
};

static const struct sw_flow flow4 = { 4, SW_TRANSPORT_UDP, 40123, { 198, 51, 100, 7 } };

/* Apply pol to msg and write the rewritten bytes into out; returns the status. */
static int
path_run(const char *in, const struct sw_policy *pol, const struct sw_flow *src, char *out,
	 size_t *ol, unsigned *fired)
{
	struct sw_arena a, s;
	struct sw_msg m;
	struct sw_edits e;
	size_t len = strlen(in);
	int rc;

	sw_arena_init(&a, amem, sizeof(amem));
	sw_arena_init(&s, smem, sizeof(smem));
	if (sw_msg_parse(in, len, NULL, &a, &m, NULL) != SW_OK)
		return -1000;
	rc = sw_policy_apply(in, &m, pol, SW_DIR_ACCESS, src, &s, &e, fired, NULL);
	if (rc != SW_OK)
		return rc;
	return sw_edits_apply_to(in, len, &m, &e, out, 4096, ol, NULL);
}

static void
test_path_rendered(void)
{
	static char o1[4096], o2[4096];
	unsigned runs = 0, same = 0, fired_any = 0;

	for (size_t u = 0; u < sizeof(path_uris) / sizeof(path_uris[0]); u++) {
		for (int opt = 0; opt < 4; opt++) {
			struct sw_policy pol, built;
			int key = opt & 1, ob = opt >> 1;

			sw_policy_init(&pol);
			if (sw_policy_set(&pol, "path", path_uris[u], NULL) != SW_OK ||
			    (ob && sw_policy_set(&pol, "path-ob", NULL, NULL) != SW_OK) ||
			    (key && sw_policy_set(&pol, "flow-key", "000102030405060708090a0b0c0d0e0f",
						  NULL) != SW_OK) ||
			    sw_policy_check(&pol, NULL) != SW_OK)
				continue; /* flow-key with a user part: refused at set-up */
			built = pol;
			built.path_line_len[0] = built.path_line_len[1] = 0;
			for (size_t r = 0; r < sizeof(registers) / sizeof(registers[0]); r++) {
				size_t l1 = 0, l2 = 0;
				unsigned f1 = 0, f2 = 0;
				int rc1 = path_run(registers[r], &pol, &flow4, o1, &l1, &f1);
				int rc2 = path_run(registers[r], &built, &flow4, o2, &l2, &f2);

				runs++;
				fired_any += f1 != 0;
				same += rc1 == rc2 && f1 == f2 && l1 == l2 && memcmp(o1, o2, l1) == 0;
			}
		}
	}
	tap_ok(runs > 100 && fired_any > 50, "Path: %u runs, %u rewritten", runs, fired_any);
	tap_ok(same == runs, "Path: rendered line = built line in every run (%u / %u)", same, runs);
}

/* ---- option-tag removal: one walk against the per-line walk ---- */

/* The per-line walk sw_pol_remove_tag used before the one-walk version (a
 * copy of the message whose chain starts at each line in turn), with the
 * same per-line removal (sw_pol_remove_in_line): only the walks differ. */
static int
ref_remove_tag(struct pol_ctx *c, enum sw_hdr_id id, const char *tag)
{
	struct sw_slice tags[32];
	uint8_t drop[32];
	struct sw_tag_iter it;
	struct sw_slice t;
	int touched = 0, rc;

	for (const struct sw_hdr *h = sw_msg_first(c->m, id); h != NULL; h = sw_msg_next(c->m, h)) {
		unsigned n = 0, nd = 0;
		struct sw_msg one = *c->m;

		one.first[id] = (uint16_t)(h - c->m->hdrs);
		sw_tag_iter_init(&it, c->b, &one, id);
		while ((rc = sw_tag_iter_next(&it, &t, c->err)) == 1) {
			if (t.off >= h->line.off + h->line.len)
				break;
			if (n == 32)
				return sw_pol_fail(c, SW_E_TOOMANY, t.off, "too many");
			tags[n] = t;
			drop[n] = (uint8_t)sw_slice_ieq(c->b, t, tag);
			nd += drop[n++];
		}
		if (rc < 0)
			return sw_pol_fail(c, SW_E_MALFORMED, c->err ? c->err->off : h->value.off,
					   "malformed");
		if (nd == 0)
			continue;
		rc = sw_pol_remove_in_line(c, h, tags, drop, n);
		if (rc != SW_OK)
			return rc;
		touched++;
	}
	return touched;
}

static const char *const tag_words[] = {
	"norefersub", "NoReferSub", "replaces", "timer", "100rel", "norefersubx", "path", "NOREFERSUB",
	"no-refer_s", "norefersu~", "x", "a.b!%*+`'~", "sec-agree-extension-x", "PATH", "pat",
};
#define NTAGWORDS (sizeof(tag_words) / sizeof(tag_words[0]))
static const char *const seps[] = { ", ", ",", " , ", ",\r\n ", ",\t" };
static const char *const names[] = { "Supported", "k", "Require", "supported", "Refer-Sub" };

/* One random option-tag line (sometimes malformed) appended at *n. */
static void
random_line(char *buf, size_t *n, size_t cap)
{
	const char *name = names[rnd(5)];
	unsigned tags = rnd(40) == 0 ? 33 : rnd(6);

	*n += (size_t)snprintf(buf + *n, cap - *n, "%s:%s", name, rnd(2) ? " " : "");
	if (strcmp(name, "Refer-Sub") == 0) {
		*n += (size_t)snprintf(buf + *n, cap - *n, "false\r\n");
		return;
	}
	for (unsigned i = 0; i < tags && *n + 40 < cap; i++) {
		if (i > 0)
			*n += (size_t)snprintf(buf + *n, cap - *n, "%s", seps[rnd(5)]);
		*n += (size_t)snprintf(buf + *n, cap - *n, "%s", tag_words[rnd(NTAGWORDS)]);
	}
	switch (rnd(30)) {
	case 0:
		*n += (size_t)snprintf(buf + *n, cap - *n, ",");      /* trailing comma */
		break;
	case 1:
		*n += (size_t)snprintf(buf + *n, cap - *n, ", ,x");   /* empty entry */
		break;
	case 2:
		*n += (size_t)snprintf(buf + *n, cap - *n, " y z");   /* ',' expected */
		break;
	default:
		break;
	}
	*n += (size_t)snprintf(buf + *n, cap - *n, "\r\n");
}

static void
test_remove_tag(void)
{
	static char msg[8192];
	static const enum sw_hdr_id ids[] = { SW_HDR_SUPPORTED, SW_HDR_REQUIRE };
	unsigned runs = 0, same = 0, edited = 0, failed = 0, has_runs = 0, has_same = 0, has_found = 0;

	for (int k = 0; k < 4000; k++) {
		size_t n = (size_t)snprintf(msg, sizeof(msg),
					    "REFER sip:b@example.net SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK%d\r\n"
					    "CSeq: 1 REFER\r\n", k);
		unsigned lines = rnd(6);
		struct sw_arena a, s;
		struct sw_msg m;

		for (unsigned i = 0; i < lines; i++) {
			random_line(msg, &n, sizeof(msg) - 64);
			if (rnd(3) == 0)
				n += (size_t)snprintf(msg + n, sizeof(msg) - n, "Max-Forwards: 70\r\n");
		}
		n += (size_t)snprintf(msg + n, sizeof(msg) - n, "Content-Length: 0\r\n\r\n");
		sw_arena_init(&a, amem, sizeof(amem));
		if (sw_msg_parse(msg, n, NULL, &a, &m, NULL) != SW_OK)
			continue;
		for (size_t i = 0; i < 2; i++) {
			struct sw_edits e1, e2;
			struct sw_err er1 = { 0 }, er2 = { 0 };
			struct pol_ctx c1 = { (const unsigned char *)msg, &m, NULL, NULL, &s, &e1, &er1, 0, NULL };
			struct pol_ctx c2 = c1;
			int r1, r2, eq;

			c2.e = &e2;
			c2.err = &er2;
			sw_arena_init(&s, smem, sizeof(smem));
			sw_edits_init(&e1);
			sw_edits_init(&e2);
			r1 = sw_pol_remove_tag(&c1, ids[i], "norefersub");
			r2 = ref_remove_tag(&c2, ids[i], "norefersub");
			eq = r1 == r2 && e1.n == e2.n;
			for (uint32_t j = 0; eq && j < e1.n; j++)
				eq = e1.e[j].off == e2.e[j].off && e1.e[j].len == e2.e[j].len &&
				     e1.e[j].blen == e2.e[j].blen;
			if (eq && r1 < 0)
				eq = er1.off == er2.off;
			runs++;
			same += eq;
			edited += r1 > 0;
			failed += r1 < 0;
			if (!eq)
				tap_diag("differs (%d vs %d, %u vs %u edits) on:\n%s", r1, r2, e1.n, e2.n, msg);
			/* the lookup's per-line fast walk against the general iterator */
			for (size_t w = 0; w < NTAGWORDS; w++) {
				int h1 = sw_pol_has_tag(&c1, ids[i], tag_words[w]);
				int h2 = sw_option_tag_has(msg, &m, ids[i], tag_words[w]);

				has_runs++;
				has_same += h1 == h2;
				has_found += h1 == 1;
				if (h1 != h2)
					tap_diag("has_tag %s: %d vs %d on:\n%s", tag_words[w], h1, h2, msg);
			}
		}
	}
	tap_ok(runs > 4000 && edited > 500 && failed > 100,
	       "remove_tag: %u runs, %u with edits, %u malformed or too many", runs, edited, failed);
	tap_ok(same == runs, "remove_tag: one walk = per-line walk (status, error offset, edits): %u / %u",
	       same, runs);
	tap_ok(has_same == has_runs && has_found > 1000,
	       "has_tag: per-line fast walk = sw_option_tag_has: %u / %u (%u found)", has_same, has_runs,
	       has_found);
}

/* Every byte value inside, before and after a tag, in lines of 1 to 64
 * bytes (the AVX2 masks: one or two 32-byte loads) and longer (the scalar
 * loop): the fast walks classify each byte as the iterator does. */
static void
test_tag_bytes(void)
{
	static const char *const shapes[] = { "no%crefersub", "norefersub%c", "%cnorefersub, timer",
					      "timer,%c norefersub", "norefersub ,%c" };
	static char msg[1024];
	unsigned runs = 0, same = 0;

	for (unsigned x = 0; x < 256; x++)
		for (size_t sh = 0; sh < 5; sh++)
			for (unsigned pad = 0; pad < 70; pad += 9) {
				char line[256];
				size_t n;
				struct sw_arena a;
				struct sw_msg m;

				if (x == 0) /* the line would end at the NUL */
					continue;
				snprintf(line, sizeof(line), shapes[sh], (char)x);
				n = (size_t)snprintf(msg, sizeof(msg),
						     "REFER sip:b@example.net SIP/2.0\r\nCSeq: 1 REFER\r\n"
						     "Supported: %.*s%s%s\r\nContent-Length: 0\r\n\r\n",
						     pad, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
						     pad ? ", " : "", line);
				sw_arena_init(&a, amem, sizeof(amem));
				if (sw_msg_parse(msg, n, NULL, &a, &m, NULL) != SW_OK)
					continue;
				struct sw_edits e1, e2;
				struct sw_err er1 = { 0 }, er2 = { 0 };
				struct sw_arena s;
				struct pol_ctx c1 = { (const unsigned char *)msg, &m, NULL, NULL, &s, &e1, &er1, 0, NULL };
				struct pol_ctx c2 = c1;
				int r1, r2, h1, h2;

				c2.e = &e2;
				c2.err = &er2;
				sw_arena_init(&s, smem, sizeof(smem));
				sw_edits_init(&e1);
				sw_edits_init(&e2);
				r1 = sw_pol_remove_tag(&c1, SW_HDR_SUPPORTED, "norefersub");
				r2 = ref_remove_tag(&c2, SW_HDR_SUPPORTED, "norefersub");
				h1 = sw_pol_has_tag(&c1, SW_HDR_SUPPORTED, "norefersub");
				h2 = sw_option_tag_has(msg, &m, SW_HDR_SUPPORTED, "norefersub");
				runs++;
				if (r1 == r2 && e1.n == e2.n && (e1.n == 0 || (e1.e[0].off == e2.e[0].off &&
									       e1.e[0].len == e2.e[0].len)) &&
				    (r1 >= 0 || er1.off == er2.off) && h1 == h2)
					same++;
				else
					tap_diag("byte 0x%02x: %d/%d %d/%d on:\n%s", x, r1, r2, h1, h2, msg);
			}
	tap_ok(runs > 5000 && same == runs, "tag bytes: fast walks = iterator for every byte: %u / %u",
	       same, runs);
}

/* ---- Restore: parameter lookup in a parsed URI ---- */

/* A random URI parameter list: names and values from paramchar bytes,
 * escapes (valid and cut), the names looked up below in several cases,
 * and now and then a byte the URI parser refuses, so both accepted and
 * refused URIs come up. */
static size_t
random_uri(char *buf, size_t cap)
{
	static const char *const heads[] = { "sip:sbc.example.net", "sips:u@[2001:db8::1]:5061",
					     "sip:a%20b@h", "tel:+1-555-0100", "sip:h?x=y" };
	static const char *const pnames[] = { "swrs", "SWRS", "lr", "swr", "swrsx", "a", "transport" };
	static const char pc[] = "aZ09-_.!~*'()[]/:&+$%";
	size_t n = (size_t)snprintf(buf, cap, "%s", heads[rnd(5)]);
	unsigned np = rnd(5);

	for (unsigned k = 0; k < np && n + 40 < cap; k++) {
		buf[n++] = ';';
		if (rnd(3) == 0) {
			n += (size_t)snprintf(buf + n, cap - n, "%s", pnames[rnd(7)]);
		} else {
			for (unsigned j = 1 + rnd(4); j > 0; j--)
				buf[n++] = pc[rnd(sizeof(pc) - 1)];
		}
		if (rnd(3) != 0) {
			buf[n++] = '=';
			for (unsigned j = rnd(30); j > 0; j--)
				buf[n++] = rnd(8) == 0 ? "%3C%3e=;? \\"[rnd(11)] : pc[rnd(sizeof(pc) - 1)];
		}
	}
	if (rnd(4) == 0)
		n += (size_t)snprintf(buf + n, cap - n, "?h=v");
	buf[n] = 0;
	return n;
}

static void
test_uri_param_find(void)
{
	static const char *const lnames[] = { "swrs", "lr", "SwRs", "swr", "a", "transport", "x" };
	unsigned runs = 0, same = 0, found = 0;
	char uri[256];

	for (int k = 0; k < 200000; k++) {
		size_t n = random_uri(uri, sizeof(uri));
		struct sw_uri u;

		if (sw_uri_parse(uri, sw_slice_make(0, (uint32_t)n), &u, NULL) != SW_OK)
			continue;
		for (size_t i = 0; i < sizeof(lnames) / sizeof(lnames[0]); i++) {
			struct sw_slice v1 = { 7, 7 }, v2 = { 7, 7 };
			int r1 = sw_uri_param_find(uri, &u, lnames[i], &v1);
			int r2 = sw_param_find(uri, u.params, lnames[i], &v2);

			runs++;
			found += r1 > 0;
			if (r1 == r2 && v1.off == v2.off && v1.len == v2.len &&
			    sw_uri_param_find(uri, &u, lnames[i], NULL) == r2)
				same++;
			else if (runs - same < 5)
				tap_diag("%s in %s: %d/%d {%u,%u}/{%u,%u}", lnames[i], uri, r1, r2, v1.off,
					 v1.len, v2.off, v2.len);
		}
	}
	tap_ok(runs > 100000 && found > 10000 && same == runs,
	       "sw_uri_param_find = sw_param_find on parsed URIs: %u / %u (%u found)", same, runs, found);
}

/* ---- Restore: the rule against the reference ---- */

/* The restore as it was before its short way and split-only set check. */
static int
ref_set_ok(const char *text, size_t n)
{
	struct sw_hdr h;
	struct sw_msg m;
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	int rc;

	memset(&h, 0, sizeof(h));
	memset(&m, 0, sizeof(m));
	h.value = h.line = sw_slice_make(0, (uint32_t)n);
	h.id = SW_HDR_ROUTE;
	h.next = SW_HDR_NONE;
	for (unsigned i = 0; i < SW_HDR__COUNT; i++)
		m.first[i] = SW_HDR_NONE;
	m.first[SW_HDR_ROUTE] = 0;
	m.hdrs = &h;
	m.nhdrs = 1;
	sw_addr_iter_init(&it, text, &m, SW_HDR_ROUTE);
	while ((rc = sw_addr_iter_next(&it, &na, NULL)) == 1)
		;
	return rc == 0;
}

static int
ref_restore(struct pol_ctx *c)
{
	static char text[SW_ROUTE_TEXT_MAX];
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_slice v;
	size_t n;
	int rc;

	if (!c->p->have_key || sw_msg_first(c->m, SW_HDR_ROUTE) == NULL)
		return SW_OK;
	sw_addr_iter_init(&it, c->b, c->m, SW_HDR_ROUTE);
	rc = sw_addr_iter_next(&it, &na, c->err);
	if (rc < 0)
		return sw_pol_fail(c, SW_E_MALFORMED, c->err ? c->err->off : 0, "malformed Route");
	if (rc == 0 || sw_param_find(c->b, na.u.params, SW_POLICY_RESTORE_PARAM, &v) != SW_PARAM_VALUE)
		return SW_OK;
	rc = sw_route_token_decode(c->p->key, sw_slice_ptr(c->b, v), v.len, text, SW_ROUTE_TEXT_MAX, &n);
	if (rc != SW_OK)
		return sw_pol_fail(c, SW_E_AUTH, v.off, "route-restore token failed verification");
	if (!ref_set_ok(text, n))
		return sw_pol_fail(c, SW_E_MALFORMED, v.off, "not a name-addr list");
	rc = sw_edits_replace(c->e, na.whole.off, na.whole.len, text, (uint32_t)n);
	if (rc != SW_OK)
		return sw_pol_edit_rc(c, rc, na.whole.off);
	c->fired |= SW_POL_SR_RESTORE;
	return SW_OK;
}

/* One INVITE with the Route value `route` through both; 1 when they
 * agree on status, error offset, fired bits and output bytes. *restored
 * counts the restores. */
static int
restore_same(const char *route, const struct sw_policy *pol, unsigned *restored)
{
	static char msg[4096], o1[4096], o2[4096];
	struct sw_arena a, s1, s2;
	struct sw_msg m;
	struct sw_edits e1, e2;
	struct sw_err er1 = { 0 }, er2 = { 0 };
	size_t n, l1 = 0, l2 = 0;
	int r1, r2;

	n = (size_t)snprintf(msg, sizeof(msg),
			     "INVITE sip:b@example.net SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK1\r\n"
			     "Route: %s\r\nCall-ID: r1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
			     route);
	sw_arena_init(&a, amem, sizeof(amem));
	if (n >= sizeof(msg) || sw_msg_parse(msg, n, NULL, &a, &m, NULL) != SW_OK)
		return -1;
	sw_arena_init(&s1, smem, sizeof(smem) / 2);
	sw_arena_init(&s2, smem + sizeof(smem) / 2, sizeof(smem) / 2);
	sw_edits_init(&e1);
	sw_edits_init(&e2);
	struct pol_ctx c1 = { (const unsigned char *)msg, &m, pol, NULL, &s1, &e1, &er1, 0, NULL };
	struct pol_ctx c2 = { (const unsigned char *)msg, &m, pol, NULL, &s2, &e2, &er2, 0, NULL };

	r1 = sw_pol_restore(&c1);
	r2 = ref_restore(&c2);
	if (r1 == SW_OK && sw_edits_apply_to(msg, n, &m, &e1, o1, sizeof(o1), &l1, NULL) != SW_OK)
		r1 = -999;
	if (r2 == SW_OK && sw_edits_apply_to(msg, n, &m, &e2, o2, sizeof(o2), &l2, NULL) != SW_OK)
		r2 = -999;
	*restored += c1.fired != 0;
	if (r1 == r2 && c1.fired == c2.fired && er1.off == er2.off && l1 == l2 &&
	    memcmp(o1, o2, l1) == 0)
		return 1;
	tap_diag("restore %d/%d fired %u/%u off %u/%u: %s", r1, r2, c1.fired, c2.fired, er1.off,
		 er2.off, route);
	return 0;
}

static void
test_restore_ref(void)
{
	/* sets a restore must put back, and sets it must refuse (each refused
	 * one has a URI only a full parse rejects, or a broken list) */
	static const char *const sets[] = {
		"<sip:orig@scscf1.home.example.net:5060;lr>,<sip:orig-app@as7.home.example.net;lr>",
		"\"Svc, Inc\" <sip:as7.home.example.net;lr>;x=1, sip:p3.example.net;lr",
		"<sips:[2001:db8::5]:5061;lr>",
		"<sip:a%zz@p.example.net;lr>",        /* bad escape in the user part */
		"<sip:p.example.net:99999;lr>",       /* port out of range */
		"<sip:p..example.net;lr>",            /* empty label */
		"<sip:p.example.net;lr;=x>",          /* empty parameter name */
		"<sip:p.example.net;lr>,,<sip:q>",    /* empty entry */
		"<sip:p.example.net;lr",              /* unclosed '<' */
		"<1sip:p.example.net>",               /* no scheme */
	};
	static const char *const uris[] = { "sip:sbc.example.net;lr", "sips:SBC.example.net:5061;lr?x=y",
					     "sip:[2001:db8::1];lr;transport=tcp", "sip:edge.example.net" };
	static const char *const keys[] = { "000102030405060708090a0b0c0d0e0f",
					     "0f0e0d0c0b0a09080706050403020100" };
	static const char subst[] = "a%;?=<>, \"Z3";
	unsigned runs = 0, same = 0, restored = 0, refused_ok = 1;
	char tok[SW_ROUTE_TOKEN_MAX + 1], route[2048], mut[2048];

	for (size_t si = 0; si < sizeof(sets) / sizeof(sets[0]); si++) {
		for (size_t ui = 0; ui < sizeof(uris) / sizeof(uris[0]); ui++) {
			struct sw_policy mint, pol[3];
			char opt[300];
			struct sw_slice set = { 0, (uint32_t)strlen(sets[si]) };
			size_t tl, q = strcspn(uris[ui], "?"), rl, before = restored;

			snprintf(opt, sizeof(opt), "replace:%s", uris[ui]);
			sw_policy_init(&mint);
			sw_policy_set(&mint, "flow-key", keys[0], NULL);
			sw_policy_set(&mint, "service-route", opt, NULL);
			/* pol[0] the minting policy; pol[1] another URI; pol[2] another key */
			pol[0] = pol[1] = pol[2] = mint;
			snprintf(opt, sizeof(opt), "replace:%s", uris[(ui + 1) % 4]);
			sw_policy_set(&pol[1], "service-route", opt, NULL);
			sw_policy_set(&pol[2], "flow-key", keys[1], NULL);
			if (sw_route_token_encode(mint.key, sets[si], &set, 1, tok, sizeof(tok), &tl) != SW_OK)
				continue;
			rl = (size_t)snprintf(route, sizeof(route), "<%.*s;swrs=%.*s%s>%s", (int)q, uris[ui],
					      (int)tl, tok, uris[ui] + q, si & 1 ? ", <sip:p9.example.net;lr>" : "");
			for (int pi = 0; pi < 3; pi++) {
				runs++;
				same += restore_same(route, &pol[pi], &restored) == 1;
			}
			if (si >= 3)
				refused_ok &= restored == before;
			/* every byte of the Route value changed, deleted, case-flipped */
			for (size_t k = 0; k < rl; k++) {
				for (size_t j = 0; j < sizeof(subst); j++) {
					memcpy(mut, route, rl + 1);
					if (j == sizeof(subst) - 1)
						memmove(mut + k, mut + k + 1, rl - k);
					else if (subst[j] == 'Z')
						mut[k] ^= 0x20;
					else
						mut[k] = subst[j];
					runs++;
					same += restore_same(mut, &pol[(k + j) % 3 == 2 ? 2 : 0], &restored) == 1;
				}
			}
		}
	}
	tap_ok(refused_ok, "restore refuses every set with a URI or list the full parse rejects");
	tap_ok(runs > 20000 && restored > 200 && same == runs,
	       "restore = reference restore (full iterator, sw_param_find): %u / %u (%u restored)", same,
	       runs, restored);
}

/* Bit-by-bit base64url (RFC 4648 section 5, no padding): the reference
 * for sw_b64url_encode, whose two-groups-a-round loop writes the flow
 * token of every Path line with a flow key. */
static size_t
b64url_ref(const uint8_t *in, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0, bits = 8 * n;

	for (size_t b = 0; b < bits; b += 6) {
		unsigned v = 0;

		for (size_t k = b; k < b + 6; k++)
			v = v << 1 | (k < bits ? (in[k / 8] >> (7 - k % 8)) & 1u : 0u);
		out[o++] = a[v];
	}
	return o;
}

/* Every length 0..64 at every start offset 0..7 (the 8-byte loads), with
 * random bytes and with every byte value in every position of the two
 * first rounds: same characters and length as the reference, no byte
 * written past SW_B64URL_LEN(n). */
static void
test_b64url_ref(void)
{
	uint8_t buf[80];
	char got[128], want[128];
	uint32_t x = 2463534242u;
	unsigned bad = 0, runs = 0;

	for (unsigned round = 0; round < 64 + 12 * 256; round++) {
		for (size_t i = 0; i < sizeof(buf); i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			buf[i] = (uint8_t)x;
		}
		if (round >= 64)
			buf[8 + (round - 64) / 256] = (uint8_t)(round - 64);
		for (size_t off = 0; off < 8; off++)
			for (size_t n = 0; n <= 64; n++) {
				size_t gn, wn = b64url_ref(buf + off, n, want);

				memset(got, '#', sizeof(got));
				gn = sw_b64url_encode(buf + off, n, got);
				runs++;
				if (gn != wn || gn != SW_B64URL_LEN(n) || memcmp(got, want, wn) != 0 ||
				    got[gn] != '#')
					bad++;
			}
	}
	tap_ok(bad == 0, "sw_b64url_encode == bitwise reference on %u inputs (%u differ)", runs, bad);
}

int
main(void)
{
	test_b64url_ref();
	test_path_rendered();
	test_remove_tag();
	test_tag_bytes();
	test_uri_param_find();
	test_restore_ref();
	return tap_done();
}
