/* route: name-addr parsing, list iteration over every header line, route
 * sets (RFC 3327 §5.3, RFC 3608 §6.1, RFC 3261 §12.1) and the Route writer. */
#include <string.h>

#include "corpus_iter.h"
#include "sipwire/msg.h"
#include "sipwire/route.h"
#include "tap.h"

static unsigned char arena_mem[32768];

static int
parse_msg(const char *s, size_t len, struct sw_msg *m)
{
	struct sw_arena a;
	struct sw_err e = { 0, 0, NULL };
	int rc;

	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	rc = sw_msg_parse(s, len, NULL, &a, m, &e);
	if (rc != SW_OK)
		tap_diag("message does not parse: %s at %u: %s", sw_status_name(rc), e.off,
			 e.detail ? e.detail : "");
	return rc;
}

static int
inside(struct sw_slice s, struct sw_slice in)
{
	return s.off >= in.off && s.len <= in.len && s.off - in.off <= in.len - s.len;
}

/* Every slice of an entry lies inside `in` (the header value or input). */
static int
na_inside(const struct sw_nameaddr *na, struct sw_slice in)
{
	const struct sw_slice sl[] = { na->whole, na->display, na->uri, na->params, na->u.whole,
				       na->u.scheme, na->u.opaque, na->u.user, na->u.password,
				       na->u.host, na->u.port, na->u.params, na->u.headers,
				       na->u.transport, na->u.maddr, na->u.ttl, na->u.user_param,
				       na->u.method, na->u.received };

	for (size_t i = 0; i < sizeof(sl) / sizeof(sl[0]); i++)
		if (!inside(sl[i], in))
			return 0;
	return inside(na->display, na->whole) && inside(na->uri, na->whole) &&
	       inside(na->params, na->whole);
}

struct na_case {
	const char *why;
	const char *in;
	unsigned flags;
	int rc;
	const char *display, *uri, *params, *whole;
	int angle;
};

static const struct na_case na_cases[] = {
	{ "RFC 3261 §20.20 quoted display name", "\"Mr. Watson\" <sip:watson@bell.example.com>;tag=1", 0,
	  SW_OK, "\"Mr. Watson\"", "sip:watson@bell.example.com", "tag=1", NULL, 1 },
	{ "comma and escaped quotes inside the display name", "\"a, b \\\"c\\\" d\" <sip:x@y.example>", 0,
	  SW_OK, "\"a, b \\\"c\\\" d\"", "sip:x@y.example", "", NULL, 1 },
	{ "RFC 4475 §3.1.1.6 token display name glued to '<'", "caller<sip:caller@example.com>;tag=323", 0,
	  SW_OK, "caller", "sip:caller@example.com", "tag=323", NULL, 1 },
	{ "display name of several tokens", "Bob  Smith <sip:bob@b.example>", 0, SW_OK, "Bob  Smith",
	  "sip:bob@b.example", "", NULL, 1 },
	{ "RFC 4475 §3.3.12 addr-spec params are header params", "sip:+19725552222@gw1.example.net;unknownparam",
	  0, SW_OK, "", "sip:+19725552222@gw1.example.net", "unknownparam", NULL, 0 },
	{ "RFC 4475 §3.3.13 params inside <> belong to the URI", "<sip:+19725552222@gw1.example.net;unknownparam>",
	  0, SW_OK, "", "sip:+19725552222@gw1.example.net;unknownparam", "", NULL, 1 },
	{ "RFC 4475 §3.3.14 escaped header inside <>", "<sip:user@example.com?Route=%3Csip:sip.example.com%3E>",
	  0, SW_OK, "", "sip:user@example.com?Route=%3Csip:sip.example.com%3E", "", NULL, 1 },
	{ "RFC 4475 §3.1.2.13 '?' in a bare addr-spec", "sip:user@example.com?Route=%3Csip:sip.example.com%3E",
	  0, SW_E_MALFORMED, NULL, NULL, NULL, NULL, 0 },
	{ "RFC 4475 §3.1.2.6 unbalanced quote", "\"Mr. J. User <sip:j.user@example.com>", 0,
	  SW_E_MALFORMED, NULL, NULL, NULL, NULL, 0 },
	{ "RFC 4475 §3.3.4 non-SIP addr-spec", "isbn:2983792873", 0, SW_OK, "", "isbn:2983792873", "", NULL,
	  0 },
	{ "RFC 4475 §3.3.4 http URI in <>", "<http://www.example.com>;tag=3234233", 0, SW_OK, "",
	  "http://www.example.com", "tag=3234233", NULL, 1 },
	{ "RFC 4475 §3.1.2.15 non-token display name", "Joe@Example <sip:a@b.example>", 0, SW_E_MALFORMED,
	  NULL, NULL, NULL, NULL, 0 },
	{ "RFC 4475 §3.1.2.15 baddn: unquoted display with ','", "Bell, Alexander <sip:a.g.bell@example.com>;tag=43",
	  0, SW_E_MALFORMED, NULL, NULL, NULL, NULL, 0 },
	{ "RFC 4475 §3.1.2.14 spaces inside <>", "<sip:a @b.example>", 0, SW_E_MALFORMED, NULL, NULL, NULL,
	  NULL, 0 },
	{ "RFC 3261 §20.10 Contact '*'", "  *  ", SW_NA_ALLOW_STAR, SW_OK, "", "", "", "*", 0 },
	{ "'*' only where allowed", "*", 0, SW_E_MALFORMED, NULL, NULL, NULL, NULL, 0 },
	{ "a list is not one value", "<sip:a@b.example>, <sip:c@d.example>", 0, SW_E_MALFORMED, NULL, NULL,
	  NULL, NULL, 0 },
	{ "'<' without '>'", "<sip:a@b.example", 0, SW_E_MALFORMED, NULL, NULL, NULL, NULL, 0 },
	{ "SEMI and EQUAL with LWS; whole is trimmed", "  <sip:a@b.example> ;  tag = x ; lr  ", 0, SW_OK, "",
	  "sip:a@b.example", "tag = x ; lr", "<sip:a@b.example> ;  tag = x ; lr", 1 },
	{ "folded parameters", "<sip:a@b.example>\r\n ;tag=x", 0, SW_OK, "", "sip:a@b.example", "tag=x",
	  NULL, 1 },
	{ "trailing ';'", "<sip:a@b.example>;", 0, SW_E_MALFORMED, NULL, NULL, NULL, NULL, 0 },
	{ "junk after the entry", "<sip:a@b.example> junk", 0, SW_E_MALFORMED, NULL, NULL, NULL, NULL, 0 },
	{ "quoted display name must be followed by '<'", "\"x\" sip:a@b.example", 0, SW_E_MALFORMED, NULL,
	  NULL, NULL, NULL, 0 },
	{ "quoted parameter value with a comma", "<sip:a@b.example>;x=\"a,b\"", 0, SW_OK, "",
	  "sip:a@b.example", "x=\"a,b\"", NULL, 1 },
	{ "IPv6 reference inside <>", "<sip:[2001:db8::1]:5060;lr>", 0, SW_OK, "", "sip:[2001:db8::1]:5060;lr",
	  "", NULL, 1 },
	{ "port out of range is SW_E_RANGE", "<sip:a@b.example:70000>", 0, SW_E_RANGE, NULL, NULL, NULL,
	  NULL, 0 },
	{ "empty value", "   ", 0, SW_E_MALFORMED, NULL, NULL, NULL, NULL, 0 },
	{ "empty <>", "<>", 0, SW_E_MALFORMED, NULL, NULL, NULL, NULL, 0 },
};

static int
eq_or_null(const char *base, struct sw_slice s, const char *want)
{
	return want == NULL || sw_slice_eq(base, s, want);
}

static void
test_nameaddr_parse(void)
{
	for (size_t i = 0; i < sizeof(na_cases) / sizeof(na_cases[0]); i++) {
		const struct na_case *c = &na_cases[i];
		struct sw_slice in = sw_slice_make(0, (uint32_t)strlen(c->in));
		struct sw_nameaddr na;
		struct sw_err e = { 0, 0, NULL };
		int rc = sw_nameaddr_parse(c->in, in, c->flags, &na, &e);
		int ok = rc == c->rc;

		if (ok && rc == SW_OK)
			ok = eq_or_null(c->in, na.display, c->display) && eq_or_null(c->in, na.uri, c->uri) &&
			     eq_or_null(c->in, na.params, c->params) && eq_or_null(c->in, na.whole, c->whole) &&
			     na.angle == c->angle && na_inside(&na, in);
		else if (ok)
			ok = e.off <= in.len && e.detail != NULL;
		tap_ok(ok, "%s (got %s at %u: %s)", c->why, sw_status_name(rc), e.off, e.detail ? e.detail : "");
	}
}

/* Render the URIs of every entry of `id` as "u1 u2 ..." or "...!status@off"
 * with off relative to off0 (the first header line). */
static void
render(const char *buf, const struct sw_msg *m, enum sw_hdr_id id, uint32_t off0, char *out, size_t cap,
       int *inside_ok)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_err e;
	size_t len = 0;
	int rc;

	out[0] = 0;
	sw_addr_iter_init(&it, buf, m, id);
	while ((rc = sw_addr_iter_next(&it, &na, &e)) == 1) {
		if (!na_inside(&na, m->hdrs[na.hdr].value))
			*inside_ok = 0;
		len += (size_t)snprintf(out + len, cap - len, "%s%.*s", len ? " " : "",
					na.star ? 1 : (int)na.uri.len,
					na.star ? "*" : buf + na.uri.off);
	}
	if (rc < 0)
		snprintf(out + len, cap - len, "!%s@%u", sw_status_name(rc), e.off - off0);
}

struct list_case {
	const char *why;
	const char *hdrs; /* header lines after the request line, without the final CRLF */
	enum sw_hdr_id id;
	const char *want;
};

static const struct list_case list_cases[] = {
	{ "RFC 3327 §4 several Path lines, comma lists, folds, case-insensitive names",
	  "Path: <sip:p1.example;lr>, \"A, B\" <sip:p2.example;lr>;x=\"1,2\"\r\n"
	  "Via: SIP/2.0/UDP h.example;branch=z9hG4bK1\r\n"
	  "path: <sip:p3.example;lr>,\r\n <sip:p4.example;lr>\r\n"
	  "PATH:<sip:p5.example;lr>\r\n",
	  SW_HDR_PATH, "sip:p1.example;lr sip:p2.example;lr sip:p3.example;lr sip:p4.example;lr sip:p5.example;lr" },
	{ "no such header", "Via: SIP/2.0/UDP h.example\r\n", SW_HDR_PATH, "" },
	{ "empty entry ', ,' is an error after the good ones",
	  "Path: <sip:a.example>, , <sip:b.example>\r\n", SW_HDR_PATH, "sip:a.example!malformed@23" },
	{ "trailing ','", "Route: <sip:a.example>,\r\n", SW_HDR_ROUTE, "sip:a.example!malformed@23" },
	{ "leading ','", "Route: ,<sip:a.example>\r\n", SW_HDR_ROUTE, "!malformed@7" },
	{ "empty header value", "Path: <sip:a.example>\r\nPath:\r\n", SW_HDR_PATH, "sip:a.example!malformed@28" },
	{ "unbalanced quote in the second line", "Path: <sip:a.example>\r\nPath: \"x <sip:b.example>\r\n",
	  SW_HDR_PATH, "sip:a.example!malformed@29" },
	{ "unbalanced '<'", "Path: <sip:a.example\r\n", SW_HDR_PATH, "!malformed@6" },
	{ "RFC 3261 §20.10 Contact '*'", "Contact: *\r\n", SW_HDR_CONTACT, "*" },
	{ "Contact '*' mixed with URIs", "Contact: *, <sip:a@b.example>\r\n", SW_HDR_CONTACT, "!malformed@10" },
	{ "Contact URI then '*'", "Contact: <sip:a@b.example>, *\r\n", SW_HDR_CONTACT,
	  "sip:a@b.example!malformed@29" },
	{ "Record-Route is not Contact: no '*'", "Record-Route: *\r\n", SW_HDR_RECORD_ROUTE, "!malformed@15" },
	{ "compact m and addr-spec entries", "m: sip:a@b.example;expires=5, \"x\" <sip:c@d.example>\r\n",
	  SW_HDR_CONTACT, "sip:a@b.example sip:c@d.example" },
};

static void
test_lists(void)
{
	static const char rl[] = "REGISTER sip:r.example SIP/2.0\r\n";
	char buf[1024], out[512];

	for (size_t i = 0; i < sizeof(list_cases) / sizeof(list_cases[0]); i++) {
		const struct list_case *c = &list_cases[i];
		struct sw_msg m;
		int ok = 1;
		size_t n = (size_t)snprintf(buf, sizeof(buf), "%s%s\r\n", rl, c->hdrs);

		if (parse_msg(buf, n, &m) != SW_OK) {
			tap_ok(0, "%s: message parses", c->why);
			continue;
		}
		render(buf, &m, c->id, (uint32_t)strlen(rl), out, sizeof(out), &ok);
		tap_ok(strcmp(out, c->want) == 0 && ok, "%s: got \"%s\" want \"%s\"%s", c->why, out, c->want,
		       ok ? "" : " (slice outside its header value)");
	}
}

static void
test_iter_details(void)
{
	static const char s[] =
		"REGISTER sip:r.example SIP/2.0\r\n"
		"Path: \"Edge, One\" <sip:e1@p1.example;lr;ob>;x=1 , <sip:[2001:db8::7]:5070;lr>\r\n"
		"Path: sip:p3.example;tag=a\r\n"
		"\r\n";
	struct sw_msg m;
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_err e;
	int rc;

	if (parse_msg(s, sizeof(s) - 1, &m) != SW_OK)
		return;
	sw_addr_iter_init(&it, s, &m, SW_HDR_PATH);
	rc = sw_addr_iter_next(&it, &na, &e);
	tap_ok(rc == 1 && sw_slice_eq(s, na.display, "\"Edge, One\"") &&
	       sw_slice_eq(s, na.whole, "\"Edge, One\" <sip:e1@p1.example;lr;ob>;x=1") &&
	       sw_slice_eq(s, na.params, "x=1") && (na.u.pflags & (SW_URI_P_LR | SW_URI_P_OB)) ==
	       (SW_URI_P_LR | SW_URI_P_OB) && na.hdr == 0 && na.angle,
	       "first entry: display with comma, whole trimmed before ' ,', URI flags lr+ob");
	rc = sw_addr_iter_next(&it, &na, &e);
	tap_ok(rc == 1 && na.u.host_kind == SW_HOST_IPV6 && na.u.port_num == 5070 && na.hdr == 0 &&
	       sw_slice_eq(s, na.whole, "<sip:[2001:db8::7]:5070;lr>"), "second entry: IPv6 reference");
	rc = sw_addr_iter_next(&it, &na, &e);
	tap_ok(rc == 1 && !na.angle && na.hdr == 1 && sw_slice_eq(s, na.params, "tag=a") &&
	       na.u.params.len == 0, "third entry on the second line: addr-spec, tag is a header param");
	tap_ok(sw_addr_iter_next(&it, &na, &e) == 0 && sw_addr_iter_next(&it, &na, &e) == 0,
	       "end is stable");
}

/* SW_NA_SPLIT_ONLY: same entries as the full walk, URIs left unparsed. */
static void
test_split_only(void)
{
	static const char s[] =
		"REGISTER sip:r.example SIP/2.0\r\n"
		"Path: \"A, B\" <sip:p1.example;lr>;x=\"1,2\", sip:p2.example;tag=1\r\n"
		"Path: <sip:p3.example:70000;lr>\r\n"
		"Route: <sip:a.example>, , <sip:b.example>\r\n"
		"\r\n";
	struct sw_msg m;
	struct sw_addr_iter full, split;
	struct sw_nameaddr a, b;
	struct sw_err e;
	int same = 1, ra, rb;

	if (parse_msg(s, sizeof(s) - 1, &m) != SW_OK)
		return;
	sw_addr_iter_init(&full, s, &m, SW_HDR_PATH);
	sw_addr_iter_init_flags(&split, s, &m, SW_HDR_PATH, SW_NA_SPLIT_ONLY);
	for (int i = 0; i < 2; i++) {
		ra = sw_addr_iter_next(&full, &a, NULL);
		rb = sw_addr_iter_next(&split, &b, NULL);
		same &= ra == 1 && rb == 1 && a.whole.off == b.whole.off && a.whole.len == b.whole.len &&
			a.uri.len == b.uri.len && a.params.len == b.params.len && a.display.len == b.display.len;
		same &= b.u.pflags == 0 && b.u.host.len == 0 && na_inside(&b, m.hdrs[b.hdr].value);
	}
	tap_ok(same, "split-only gives the same entries, with an empty parsed URI");
	ra = sw_addr_iter_next(&full, &a, NULL);
	rb = sw_addr_iter_next(&split, &b, NULL);
	tap_ok(ra == SW_E_RANGE && rb == 1 && sw_slice_eq(s, b.uri, "sip:p3.example:70000;lr"),
	       "split-only does not check the URI (port 70000), the full walk does");
	sw_addr_iter_init_flags(&split, s, &m, SW_HDR_ROUTE, SW_NA_SPLIT_ONLY);
	sw_addr_iter_next(&split, &b, NULL);
	tap_ok(sw_addr_iter_next(&split, &b, &e) == SW_E_MALFORMED && s[e.off] == ',',
	       "split-only still rejects an empty entry");
	tap_ok(sw_nameaddr_parse("<1x>", sw_slice_make(0, 4), SW_NA_SPLIT_ONLY, &b, NULL) == SW_E_MALFORMED &&
	       sw_nameaddr_parse("<>", sw_slice_make(0, 2), SW_NA_SPLIT_ONLY, &b, NULL) == SW_E_MALFORMED,
	       "split-only still wants a URI starting with a letter");
}

/* Found by fuzz_route: a Contact '*' after an entry in <> kept the stale
 * angle flag, because the iterator sets each field rather than zeroing. */
static void
test_star_after_angle(void)
{
	static const char s[] = "REGISTER sip:r.example SIP/2.0\r\nContact: <sip:a@b.example>\r\nContact: *\r\n\r\n";
	struct sw_msg m;
	struct sw_addr_iter it;
	struct sw_nameaddr na;

	if (parse_msg(s, sizeof(s) - 1, &m) != SW_OK)
		return;
	sw_addr_iter_init(&it, s, &m, SW_HDR_CONTACT);
	sw_addr_iter_next(&it, &na, NULL);
	tap_ok(sw_addr_iter_next(&it, &na, NULL) == 1 && na.star && !na.angle && na.display.len == 0 &&
	       na.params.len == 0, "Contact '*' after a <> entry: star set, angle clear");
}

static void
test_sticky_error(void)
{
	static const char s[] = "REGISTER sip:r.example SIP/2.0\r\nRoute: <sip:a.example>, ,\r\n\r\n";
	struct sw_msg m;
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_err e1, e2;

	if (parse_msg(s, sizeof(s) - 1, &m) != SW_OK)
		return;
	sw_addr_iter_init(&it, s, &m, SW_HDR_ROUTE);
	sw_addr_iter_next(&it, &na, &e1);
	tap_ok(sw_addr_iter_next(&it, &na, &e1) == SW_E_MALFORMED &&
	       sw_addr_iter_next(&it, &na, &e2) == SW_E_MALFORMED && e1.off == e2.off &&
	       sw_addr_iter_next(&it, &na, NULL) == SW_E_MALFORMED, "errors are sticky with the same offset");
}

/* URIs of a route set as "u1 u2 ...". */
static void
set_str(const char *buf, const struct sw_nameaddr *set, size_t n, char *out, size_t cap)
{
	size_t len = 0;

	out[0] = 0;
	for (size_t i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%.*s", i ? " " : "", (int)set[i].uri.len,
					buf + set[i].uri.off);
}

struct corpus_case {
	const char *why;
	const char *file;
	enum sw_hdr_id id;
	int reversed;
	const char *want;
};

static const struct corpus_case corpus_cases[] = {
	{ "RFC 3327 §5.5.1 F2: P1 adds its Path", "examples/rfc3327-register-f2-register-p1-to-p2.sip",
	  SW_HDR_PATH, 0, "sip:P1.EXAMPLEVISITED.COM;lr" },
	{ "RFC 3327 §5.5.1 F4: Path = [P3, P1], first Path is the first Route",
	  "examples/rfc3327-register-f4-register-p3-to-registrar.sip", SW_HDR_PATH, 0,
	  "sip:P3.EXAMPLEHOME.COM;lr sip:P1.EXAMPLEVISITED.COM;lr" },
	{ "RFC 3327 §5.5.1 F9: the 200 echoes Path in order", "examples/rfc3327-register-f9-200-p1-to-ua1.sip",
	  SW_HDR_PATH, 0, "sip:P3.EXAMPLEHOME.COM;lr sip:P1.EXAMPLEVISITED.COM;lr" },
	{ "RFC 3327 §5.5.2 F3: the registrar's Route equals the stored Path",
	  "examples/rfc3327-invite-f3-invite-registrar-to-p3.sip", SW_HDR_ROUTE, 0,
	  "sip:P3.EXAMPLEHOME.COM;lr sip:P1.EXAMPLEVISITED.COM;lr" },
	{ "RFC 3327 §5.5.2 F5: Record-Route over two lines", "examples/rfc3327-invite-f5-invite-p1-to-ua1.sip",
	  SW_HDR_RECORD_ROUTE, 0, "sip:P1.EXAMPLEVISITED.COM;lr sip:P3.EXAMPLEHOME.COM;lr" },
	{ "RFC 3261 §12.1.2 UAC route set is Record-Route reversed",
	  "examples/rfc3327-invite-f5-invite-p1-to-ua1.sip", SW_HDR_RECORD_ROUTE, 1,
	  "sip:P3.EXAMPLEHOME.COM;lr sip:P1.EXAMPLEVISITED.COM;lr" },
	{ "RFC 3608 §6.4.1 F6: folded Service-Route [P2, HSP]", "examples/rfc3608-register-f6-200-r-to-p2.sip",
	  SW_HDR_SERVICE_ROUTE, 0, "sip:P2.HOME.EXAMPLE.COM;lr sip:HSP.HOME.EXAMPLE.COM;lr" },
	{ "RFC 3608 §6.4.1 F8: the UA learns Service-Route [P2, HSP]",
	  "examples/rfc3608-register-f8-200-p1-to-ua1.sip", SW_HDR_SERVICE_ROUTE, 0,
	  "sip:P2.HOME.EXAMPLE.COM;lr sip:HSP.HOME.EXAMPLE.COM;lr" },
	{ "RFC 3608 §6.1/§6.4.2 F1: preloaded Route equals Service-Route, in order",
	  "examples/rfc3608-invite-f1-invite-ua1-to-p1.sip", SW_HDR_ROUTE, 0,
	  "sip:P2.HOME.EXAMPLE.COM;lr sip:HSP.HOME.EXAMPLE.COM;lr" },
	{ "RFC 3608 §6.4.2 F5: three Record-Route lines", "examples/rfc3608-invite-f5-invite-hsp-to-p2.sip",
	  SW_HDR_RECORD_ROUTE, 0,
	  "sip:HSP.HOME.EXAMPLE.COM;lr sip:P2.HOME.EXAMPLE.COM;lr sip:P1.VISITED.EXAMPLE.ORG;lr" },
	{ "RFC 5628 §8.2 200 Service-Route", "examples/rfc5628-sec8.2-200-ok-path-service-route-gruu.sip",
	  SW_HDR_SERVICE_ROUTE, 0, "sip:proxy.example.net;lr" },
	{ "bench REGISTER: two Path lines, three entries",
	  "bench/a_register_path.sip", SW_HDR_PATH, 0,
	  "sip:term@p2.visit.net;lr sip:edge1@p1.visit.net;lr;ob sip:fe7a@10.20.0.5:5070;lr" },
	{ "RFC 4475 §3.1.1.3 folded Contact with escapes", "rfc4475/valid/esc01.dat", SW_HDR_CONTACT, 0,
	  "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31" },
	{ "RFC 4475 §3.1.1.4 two Contacts with %00", "rfc4475/valid/escnull.dat", SW_HDR_CONTACT, 0,
	  "sip:%00@host5.example.com sip:%00%00@host5.example.com" },
	{ "RFC 4475 §3.3.12 addr-spec Contact", "rfc4475/valid/cparam01.dat", SW_HDR_CONTACT, 0,
	  "sip:+19725552222@gw1.example.net" },
	{ "RFC 4475 §3.3.13 Contact in <>", "rfc4475/valid/cparam02.dat", SW_HDR_CONTACT, 0,
	  "sip:+19725552222@gw1.example.net;unknownparam" },
	{ "RFC 4475 §3.3.14 compact M with escaped Route", "rfc4475/valid/regescrt.dat", SW_HDR_CONTACT, 0,
	  "sip:user@example.com?Route=%3Csip:sip.example.com%3E" },
	{ "RFC 4475 §3.3.4 non-SIP Contact", "rfc4475/valid/unksm2.dat", SW_HDR_CONTACT, 0, "name:John_Smith" },
	{ "RFC 4475 §3.1.1.1 folded Route", "rfc4475/valid/wsinv.dat", SW_HDR_ROUTE, 0,
	  "sip:services.example.com;lr;unknownwith=value;unknown-no-value" },
	{ "RFC 4475 §3.1.1.1 compact m with escaped quotes and folded params", "rfc4475/valid/wsinv.dat",
	  SW_HDR_CONTACT, 0, "sip:jdrosen@example.com" },
	{ "RFC 4475 §3.4.1 RFC 2543 Record-Route", "rfc4475/valid/inv2543.dat", SW_HDR_RECORD_ROUTE, 0,
	  "sip:UserB@example.com;maddr=ss1.example.com" },
};

static char *
load(const char *rel, size_t *len, struct sw_msg *m)
{
	char *buf = tap_slurp(tap_corpus(rel), len);

	if (buf == NULL || parse_msg(buf, *len, m) != SW_OK) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void
test_corpus(void)
{
	for (size_t i = 0; i < sizeof(corpus_cases) / sizeof(corpus_cases[0]); i++) {
		const struct corpus_case *c = &corpus_cases[i];
		struct sw_nameaddr set[8];
		struct sw_msg m;
		struct sw_err e = { 0, 0, NULL };
		char out[512];
		size_t len, n = 0;
		char *buf = load(c->file, &len, &m);
		int rc, ok = 1;

		if (buf == NULL) {
			tap_ok(0, "%s: %s loads and parses", c->why, c->file);
			continue;
		}
		rc = (c->reversed ? sw_route_set_reversed : sw_route_set)(buf, &m, c->id, set, 8, &n, &e);
		set_str(buf, set, rc == SW_OK ? n : 0, out, sizeof(out));
		for (size_t k = 0; rc == SW_OK && k < n; k++)
			ok &= na_inside(&set[k], m.hdrs[set[k].hdr].value);
		tap_ok(rc == SW_OK && ok && strcmp(out, c->want) == 0, "%s: got \"%s\" (%s at %u %s)", c->why,
		       out, sw_status_name(rc), e.off, e.detail ? e.detail : "");
		free(buf);
	}
}

/* RFC 4475 name-addr values checked one by one. */
static void
test_corpus_values(void)
{
	static const struct {
		const char *why, *file;
		enum sw_hdr_id id;
		int rc;
		const char *display;
	} vc[] = {
		{ "RFC 4475 §3.1.2.6 quotbal To is rejected", "rfc4475/invalid/quotbal.dat", SW_HDR_TO,
		  SW_E_MALFORMED, NULL },
		{ "RFC 4475 §3.1.2.13 regbadct Contact is rejected", "rfc4475/invalid/regbadct.dat",
		  SW_HDR_CONTACT, SW_E_MALFORMED, NULL },
		{ "RFC 4475 §3.1.2.14 badaspec To is rejected", "rfc4475/invalid/badaspec.dat", SW_HDR_TO,
		  SW_E_MALFORMED, NULL },
		{ "RFC 4475 §3.1.1.6 lwsdisp From display", "rfc4475/valid/lwsdisp.dat", SW_HDR_FROM, SW_OK,
		  "caller" },
		{ "RFC 4475 §3.1.1.1 wsinv From with \\\\ and \\\" in quotes", "rfc4475/valid/wsinv.dat",
		  SW_HDR_FROM, SW_OK, "\"J Rosenberg \\\\\\\"\"" },
		{ "RFC 4475 §3.1.1.5 esc02 % in display", "rfc4475/valid/esc02.dat", SW_HDR_TO, SW_OK,
		  "\"%Z%45\"" },
		{ "RFC 4475 §3.3.4 unksm2 To addr-spec", "rfc4475/valid/unksm2.dat", SW_HDR_TO, SW_OK, "" },
		{ "RFC 4475 §3.1.1.7 longreq To", "rfc4475/valid/longreq.dat", SW_HDR_TO, SW_OK, NULL },
		{ "RFC 4475 §3.1.1.7 longreq From", "rfc4475/valid/longreq.dat", SW_HDR_FROM, SW_OK, "" },
	};

	for (size_t i = 0; i < sizeof(vc) / sizeof(vc[0]); i++) {
		struct sw_msg m;
		struct sw_nameaddr na;
		struct sw_err e = { 0, 0, NULL };
		size_t len;
		char *buf = load(vc[i].file, &len, &m);
		const struct sw_hdr *h = buf ? sw_msg_first(&m, vc[i].id) : NULL;
		int rc;

		if (h == NULL) {
			tap_ok(0, "%s: loads, header present", vc[i].why);
			free(buf);
			continue;
		}
		rc = sw_nameaddr_parse(buf, h->value, 0, &na, &e);
		tap_ok(rc == vc[i].rc && (rc != SW_OK || (eq_or_null(buf, na.display, vc[i].display) &&
							  na_inside(&na, h->value))),
		       "%s (got %s at %u: %s)", vc[i].why, sw_status_name(rc), e.off, e.detail ? e.detail : "");
		free(buf);
	}
}

/* RFC 4475 §3.1.1.9: the Request-URI user holds ';' and an escaped '@'. */
static void
test_semiuri(void)
{
	struct sw_msg m;
	struct sw_uri u;
	size_t len;
	char *buf = load("rfc4475/valid/semiuri.dat", &len, &m);

	tap_ok(buf != NULL && sw_uri_parse(buf, m.ruri, &u, NULL) == SW_OK &&
	       sw_slice_eq(buf, u.user, "user;par=u%40example.net") && sw_slice_eq(buf, u.host, "example.com") &&
	       u.params.len == 0, "RFC 4475 §3.1.1.9 semiuri: user is user;par=u%%40example.net, no URI params");
	free(buf);
}

static void
test_route_set_space(void)
{
	size_t len, n = 99;
	struct sw_msg m;
	struct sw_nameaddr set[3];
	char *buf = load("bench/a_register_path.sip", &len, &m);
	int rc;

	if (buf == NULL) {
		tap_ok(0, "bench REGISTER loads");
		return;
	}
	rc = sw_route_set(buf, &m, SW_HDR_PATH, set, 1, &n, NULL);
	tap_ok(rc == SW_E_NOSPACE && n == 3 && sw_slice_eq(buf, set[0].uri, "sip:term@p2.visit.net;lr"),
	       "cap 1 of 3: SW_E_NOSPACE, *n = 3 needed, first entry stored");
	rc = sw_route_set(buf, &m, SW_HDR_PATH, set, 3, &n, NULL);
	tap_ok(rc == SW_OK && n == 3, "exact capacity fits");
	rc = sw_route_set(buf, &m, SW_HDR_SERVICE_ROUTE, set, 0, &n, NULL);
	tap_ok(rc == SW_OK && n == 0, "absent header: empty set");
	rc = sw_route_set_reversed(buf, &m, SW_HDR_PATH, set, 2, &n, NULL);
	tap_ok(rc == SW_E_NOSPACE && n == 3, "reversed: SW_E_NOSPACE too");
	free(buf);
}

static void
test_route_write(void)
{
	static const char s[] =
		"SIP/2.0 200 OK\r\n"
		"Path: \"P one\" <sip:p1.example;lr> ;\r\n x = \"a b\" ; ob\r\n"
		"Path: sip:p2.example:5070;tag=7, <sip:[2001:db8::1];lr>;q=\"a,\r\n b\"\r\n"
		"\r\n";
	static const char want[] =
		"Route: <sip:p1.example;lr>;x=\"a b\";ob, <sip:p2.example:5070>;tag=7, "
		"<sip:[2001:db8::1];lr>;q=\"a, b\"\r\n";
	struct sw_msg m;
	struct sw_nameaddr set[4];
	char out[256];
	size_t n = 0, len = 7;
	int rc, nospace = 1;

	if (parse_msg(s, sizeof(s) - 1, &m) != SW_OK)
		return;
	rc = sw_route_set(s, &m, SW_HDR_PATH, set, 4, &n, NULL);
	tap_ok(rc == SW_OK && n == 3, "three Path entries");
	rc = sw_route_write(s, SW_HDR_ROUTE, set, n, out, sizeof(out), &len, NULL);
	tap_ok(rc == SW_OK && len == sizeof(want) - 1 && memcmp(out, want, len) == 0,
	       "Route line: <uri>, normalised params, folds in quoted values unfolded, no display names");
	for (size_t cap = 0; cap < sizeof(want) - 1; cap++) {
		rc = sw_route_write(s, SW_HDR_ROUTE, set, n, out, cap, &len, NULL);
		if (rc != SW_E_NOSPACE || len != 0)
			nospace = 0;
	}
	tap_ok(nospace, "every capacity below the line size gives SW_E_NOSPACE, never a truncated line");
	rc = sw_route_write(s, SW_HDR_ROUTE, set, n, out, sizeof(want) - 1, &len, NULL);
	tap_ok(rc == SW_OK && len == sizeof(want) - 1, "exact capacity fits");
	rc = sw_route_write(s, SW_HDR_ROUTE, set, 0, out, sizeof(out), &len, NULL);
	tap_ok(rc == SW_OK && len == 0, "empty route set writes no header");
	rc = sw_route_write(s, SW_HDR_SERVICE_ROUTE, set, 1, out, sizeof(out), &len, NULL);
	tap_ok(rc == SW_OK && len > 15 && memcmp(out, "Service-Route: <", 16) == 0, "header name from the id");
}

/* The RFC 4475 invalid messages whose name-addr lists are broken, and the
 * header that must be rejected; every other list of every corpus message
 * that parses must walk cleanly. */
static const struct {
	const char *file;
	enum sw_hdr_id id;
} bad_lists[] = {
	{ "rfc4475/invalid/badaspec.dat", SW_HDR_TO },    /* §3.1.2.14 space inside <> */
	{ "rfc4475/invalid/badinv01.dat", SW_HDR_CONTACT }, /* §3.1.2.1 ";;;" */
	{ "rfc4475/invalid/quotbal.dat", SW_HDR_TO },     /* §3.1.2.6 */
	{ "rfc4475/invalid/regbadct.dat", SW_HDR_CONTACT }, /* §3.1.2.13 */
};

struct sweep {
	int msgs, failures, expected_bad;
};

static void
sweep_one(const char *rel, const char *buf, size_t len, void *arg)
{
	static const enum sw_hdr_id ids[] = { SW_HDR_PATH, SW_HDR_SERVICE_ROUTE, SW_HDR_ROUTE,
					      SW_HDR_RECORD_ROUTE, SW_HDR_CONTACT, SW_HDR_FROM,
					      SW_HDR_TO };
	struct sweep *sw = arg;
	struct sw_arena a;
	struct sw_msg m;

	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	if (sw_msg_parse(buf, len, NULL, &a, &m, NULL) != SW_OK)
		return;
	sw->msgs++;
	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		struct sw_addr_iter it;
		struct sw_nameaddr na;
		struct sw_err e = { 0, 0, NULL };
		int rc, bad = 0;

		for (size_t j = 0; j < sizeof(bad_lists) / sizeof(bad_lists[0]); j++)
			bad |= strcmp(rel, bad_lists[j].file) == 0 && bad_lists[j].id == ids[k];
		sw_addr_iter_init(&it, buf, &m, ids[k]);
		while ((rc = sw_addr_iter_next(&it, &na, &e)) == 1)
			if (!na_inside(&na, m.hdrs[na.hdr].value))
				rc = SW_E_INVAL;
		if (bad && rc == SW_E_MALFORMED && e.off < len) {
			sw->expected_bad++;
		} else if (bad || rc != 0) {
			sw->failures++;
			tap_diag("%s %s: %s at %u", rel, sw_hdr_name(ids[k]), sw_status_name(rc), e.off);
		}
	}
}

static void
test_corpus_sweep(void)
{
	struct sweep sw = { 0, 0, 0 };
	int files = corpus_each(sweep_one, &sw);

	tap_ok(files > 100 && sw.msgs > 80 && sw.failures == 0 &&
	       sw.expected_bad == (int)(sizeof(bad_lists) / sizeof(bad_lists[0])),
	       "every list of every parsing corpus message walks cleanly, the four broken RFC 4475 ones "
	       "fail (%d files, %d messages, %d failures, %d expected rejections)", files, sw.msgs,
	       sw.failures, sw.expected_bad);
}

/* Every prefix of every table value, in an exact-size heap copy (ASan
 * builds catch any read past it), parses or fails with an offset inside. */
static void
test_prefixes(void)
{
	int ok = 1;

	for (size_t i = 0; i < sizeof(na_cases) / sizeof(na_cases[0]); i++) {
		size_t n = strlen(na_cases[i].in);

		for (size_t k = 0; k <= n; k++) {
			char *copy = malloc(k ? k : 1);
			struct sw_nameaddr na;
			struct sw_err e = { 0, 0, NULL };
			int rc;

			memcpy(copy, na_cases[i].in, k);
			rc = sw_nameaddr_parse(copy, sw_slice_make(0, (uint32_t)k), SW_NA_ALLOW_STAR, &na, &e);
			if ((rc == SW_OK && !na_inside(&na, sw_slice_make(0, (uint32_t)k))) ||
			    (rc != SW_OK && e.off > k))
				ok = 0;
			free(copy);
		}
	}
	tap_ok(ok, "every prefix of every name-addr case stays inside its bytes");
}

int
main(void)
{
	test_nameaddr_parse();
	test_lists();
	test_iter_details();
	test_sticky_error();
	test_star_after_angle();
	test_split_only();
	test_corpus();
	test_corpus_values();
	test_semiuri();
	test_route_set_space();
	test_route_write();
	test_corpus_sweep();
	test_prefixes();
	return tap_done();
}
