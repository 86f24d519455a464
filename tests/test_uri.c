/* uri: SIP/SIPS/tel/absolute URI parsing and the generic parameter walker. */
#include <string.h>

#include "sipwire/uri.h"
#include "tap.h"

/* Expected parts; NULL means "not checked", "" means "present and empty". */
struct uri_case {
	const char *why;
	const char *uri;
	int rc;
	int kind;
	const char *user, *password, *host;
	int host_kind;
	long port; /* -1: no port */
	const char *params, *headers;
	unsigned pflags;
};

#define OK_SIP(why, uri, user, pw, host, hk, port, params, hdrs, pf) \
	{ why, uri, SW_OK, SW_URI_SIP, user, pw, host, hk, port, params, hdrs, pf }
#define BAD(why, uri, rc) { why, uri, rc, 0, NULL, NULL, NULL, 0, -1, NULL, NULL, 0 }

static const struct uri_case cases[] = {
	/* RFC 3261 §19.1.3 examples */
	OK_SIP("RFC 3261 §19.1.3 plain", "sip:alice@atlanta.com", "alice", "", "atlanta.com",
	       SW_HOST_NAME, -1, "", "", 0),
	OK_SIP("RFC 3261 §19.1.3 password and transport", "sip:alice:secretword@atlanta.com;transport=tcp",
	       "alice", "secretword", "atlanta.com", SW_HOST_NAME, -1, "transport=tcp", "",
	       SW_URI_P_TRANSPORT),
	{ "RFC 3261 §19.1.3 sips with headers", "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
	  SW_OK, SW_URI_SIPS, "alice", "", "atlanta.com", SW_HOST_NAME, -1, "",
	  "subject=project%20x&priority=urgent", 0 },
	OK_SIP("RFC 3261 §19.1.3 telephone-subscriber user", "sip:+1-212-555-1212:1234@gateway.com;user=phone",
	       "+1-212-555-1212", "1234", "gateway.com", SW_HOST_NAME, -1, "user=phone", "", SW_URI_P_USER),
	{ "RFC 3261 §19.1.3 sips numeric user", "sips:1212@gateway.com", SW_OK, SW_URI_SIPS, "1212", "",
	  "gateway.com", SW_HOST_NAME, -1, "", "", 0 },
	OK_SIP("RFC 3261 §19.1.3 IPv4 host", "sip:alice@192.0.2.4", "alice", "", "192.0.2.4", SW_HOST_IPV4,
	       -1, "", "", 0),
	OK_SIP("RFC 3261 §19.1.3 no user, method param, header", "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
	       "", "", "atlanta.com", SW_HOST_NAME, -1, "method=REGISTER", "to=alice%40atlanta.com",
	       SW_URI_P_METHOD),
	OK_SIP("RFC 3261 §19.1.3 ';' inside the user", "sip:alice;day=tuesday@atlanta.com",
	       "alice;day=tuesday", "", "atlanta.com", SW_HOST_NAME, -1, "", "", 0),
	/* RFC 4475 */
	OK_SIP("RFC 4475 §3.1.1.9 semiuri user", "sip:user;par=u%40example.net@example.com",
	       "user;par=u%40example.net", "", "example.com", SW_HOST_NAME, -1, "", "", 0),
	OK_SIP("RFC 4475 §3.1.1.3 escaped user", "sip:%75se%72@example.com", "%75se%72", "", "example.com",
	       SW_HOST_NAME, -1, "", "", 0),
	OK_SIP("RFC 4475 §3.1.1.3 escaped params are not lr", "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31",
	       "cal%6Cer", "", "host5.example.net", SW_HOST_NAME, -1, "%6C%72;n%61me=v%61lue%25%34%31", "", 0),
	OK_SIP("RFC 4475 §3.1.1.4 %00 in user", "sip:null-%00-null@example.com", "null-%00-null", "",
	       "example.com", SW_HOST_NAME, -1, "", "", 0),
	OK_SIP("RFC 4475 §3.3.14 escaped Route header", "sip:user@example.com?Route=%3Csip:sip.example.com%3E",
	       "user", "", "example.com", SW_HOST_NAME, -1, "", "Route=%3Csip:sip.example.com%3E", 0),
	{ "RFC 4475 §3.3.4 isbn scheme", "isbn:2983792873", SW_OK, SW_URI_OTHER, NULL, NULL, "",
	  SW_HOST_NONE, -1, NULL, NULL, 0 },
	{ "RFC 4475 §3.3.4 http scheme", "http://www.example.com", SW_OK, SW_URI_OTHER, NULL, NULL, "",
	  SW_HOST_NONE, -1, NULL, NULL, 0 },
	{ "RFC 4475 §3.3.3 soap.beep scheme", "soap.beep://192.0.2.103:3002", SW_OK, SW_URI_OTHER, NULL,
	  NULL, "", SW_HOST_NONE, -1, NULL, NULL, 0 },
	{ "scheme is case-insensitive", "SIP:a@B.example", SW_OK, SW_URI_SIP, "a", "", "B.example",
	  SW_HOST_NAME, -1, "", "", 0 },
	/* IPv6 references (RFC 3261 §25.1 IPv6reference) */
	OK_SIP("IPv6 with port", "sip:[2001:db8::10]:5070", "", "", "[2001:db8::10]", SW_HOST_IPV6, 5070,
	       "", "", 0),
	OK_SIP("IPv6 loopback", "sip:u@[::1];lr", "u", "", "[::1]", SW_HOST_IPV6, -1, "lr", "", SW_URI_P_LR),
	OK_SIP("IPv6 full form", "sip:[1:2:3:4:5:6:7:8]", "", "", "[1:2:3:4:5:6:7:8]", SW_HOST_IPV6, -1, "",
	       "", 0),
	OK_SIP("IPv6 with IPv4 tail", "sip:[::ffff:192.0.2.1]", "", "", "[::ffff:192.0.2.1]", SW_HOST_IPV6,
	       -1, "", "", 0),
	OK_SIP("IPv6 trailing ::", "sip:[2001:db8::]", "", "", "[2001:db8::]", SW_HOST_IPV6, -1, "", "", 0),
	BAD("IPv6 unclosed", "sip:[2001:db8::10", SW_E_MALFORMED),
	BAD("IPv6 nine groups", "sip:[1:2:3:4:5:6:7:8:9]", SW_E_MALFORMED),
	BAD("IPv6 seven groups without ::", "sip:[1:2:3:4:5:6:7]", SW_E_MALFORMED),
	BAD("IPv6 two ::", "sip:[1::2::3]", SW_E_MALFORMED),
	BAD("IPv6 five hex digits", "sip:[12345::1]", SW_E_MALFORMED),
	BAD("IPv6 bad IPv4 tail", "sip:[::ffff:1.2.3.256]", SW_E_MALFORMED),
	BAD("IPv6 ':::'", "sip:[:::]", SW_E_MALFORMED),
	BAD("IPv6 trailing single ':'", "sip:[1::2:]", SW_E_MALFORMED),
	BAD("IPv6 without brackets", "sip:2001:db8::1", SW_E_MALFORMED),
	/* hosts and ports */
	OK_SIP("port 65535", "sip:a@b.example:65535", "a", "", "b.example", SW_HOST_NAME, 65535, "", "", 0),
	OK_SIP("port 0 with leading zeros", "sip:a@b.example:0000", "a", "", "b.example", SW_HOST_NAME, 0, "",
	       "", 0),
	BAD("port 65536", "sip:a@b.example:65536", SW_E_RANGE),
	BAD("very long port", "sip:a@b.example:99999999999999999999", SW_E_RANGE),
	BAD("empty port", "sip:a@b.example:", SW_E_MALFORMED),
	OK_SIP("FQDN with trailing dot", "sip:a@example.com.", "a", "", "example.com.", SW_HOST_NAME, -1,
	       "", "", 0),
	BAD("empty label", "sip:a@a..example", SW_E_MALFORMED),
	BAD("label starts with '-'", "sip:a@-x.example", SW_E_MALFORMED),
	BAD("label ends with '-'", "sip:a@x-.example", SW_E_MALFORMED),
	BAD("numeric top label is no hostname", "sip:a@1.2.3", SW_E_MALFORMED),
	BAD("IPv4 part above 255", "sip:a@256.1.1.1", SW_E_MALFORMED),
	BAD("underscore in host", "sip:a@ex_ample.com", SW_E_MALFORMED),
	BAD("empty host", "sip:a@", SW_E_MALFORMED),
	BAD("empty host before port", "sip::5060", SW_E_MALFORMED),
	/* userinfo */
	BAD("empty user", "sip:@b.example", SW_E_MALFORMED),
	OK_SIP("empty password", "sip:a:@b.example", "a", "", "b.example", SW_HOST_NAME, -1, "", "", 0),
	BAD("';' in password", "sip:a:p;w@b.example", SW_E_MALFORMED),
	BAD("broken escape", "sip:a%2@b.example", SW_E_MALFORMED),
	BAD("non-hex escape", "sip:a%zz@b.example", SW_E_MALFORMED),
	BAD("escape cut by the end", "sip:b.example;x=%4", SW_E_MALFORMED),
	/* parameters */
	OK_SIP("RFC 3261 §19.1.1 well-known params", "sip:p.example;lr;ob;transport=tcp;maddr=192.0.2.1;ttl=5;user=ip;method=INVITE;received=10.0.0.1",
	       "", "", "p.example", SW_HOST_NAME, -1,
	       "lr;ob;transport=tcp;maddr=192.0.2.1;ttl=5;user=ip;method=INVITE;received=10.0.0.1", "",
	       SW_URI_P_LR | SW_URI_P_OB | SW_URI_P_TRANSPORT | SW_URI_P_MADDR | SW_URI_P_TTL |
		       SW_URI_P_USER | SW_URI_P_METHOD | SW_URI_P_RECEIVED),
	OK_SIP("param names are case-insensitive", "sip:p.example;LR;Transport=UDP", "", "", "p.example",
	       SW_HOST_NAME, -1, "LR;Transport=UDP", "", SW_URI_P_LR | SW_URI_P_TRANSPORT),
	OK_SIP("lr=on (RFC 2543 style) still lr", "sip:p.example;lr=on", "", "", "p.example", SW_HOST_NAME,
	       -1, "lr=on", "", SW_URI_P_LR),
	OK_SIP("IPv6 in maddr", "sip:p.example;maddr=[::1]", "", "", "p.example", SW_HOST_NAME, -1,
	       "maddr=[::1]", "", SW_URI_P_MADDR),
	BAD("empty parameter", "sip:p.example;;lr", SW_E_MALFORMED),
	BAD("trailing ';'", "sip:p.example;lr;", SW_E_MALFORMED),
	BAD("parameter with empty value", "sip:p.example;lr=", SW_E_MALFORMED),
	BAD("LWS inside URI", "sip:a@b.example c", SW_E_MALFORMED),
	BAD("LWS before param", "sip:a@b.example ;lr", SW_E_MALFORMED),
	/* headers */
	OK_SIP("header with empty value", "sip:b.example?x=1&y=", "", "", "b.example", SW_HOST_NAME, -1, "",
	       "x=1&y=", 0),
	BAD("header without '='", "sip:b.example?x", SW_E_MALFORMED),
	BAD("header without name", "sip:b.example?=1", SW_E_MALFORMED),
	BAD("empty headers", "sip:b.example?", SW_E_MALFORMED),
	BAD("'<' in URI", "sip:b.example<", SW_E_MALFORMED),
	/* tel (RFC 3966) */
	{ "RFC 3966 global number", "tel:+1-201-555-0123", SW_OK, SW_URI_TEL, "+1-201-555-0123", "", "",
	  SW_HOST_NONE, -1, "", "", 0 },
	{ "RFC 3966 local number with phone-context", "tel:7042;phone-context=example.com", SW_OK,
	  SW_URI_TEL, "7042", "", "", SW_HOST_NONE, -1, "phone-context=example.com", "", 0 },
	{ "RFC 3966 local number with * and #", "tel:*67#;ext=1", SW_OK, SW_URI_TEL, "*67#", "", "",
	  SW_HOST_NONE, -1, "ext=1", "", 0 },
	BAD("RFC 3966 '+' without digits", "tel:+", SW_E_MALFORMED),
	BAD("RFC 3966 letter in global number", "tel:+12x4", SW_E_MALFORMED),
	BAD("RFC 3966 empty param", "tel:+1234;;x", SW_E_MALFORMED),
	/* schemes */
	BAD("no scheme", "alice@atlanta.com", SW_E_MALFORMED),
	BAD("scheme starts with a digit", "1sip:a@b", SW_E_MALFORMED),
	BAD("empty opaque part", "foo:", SW_E_MALFORMED),
	BAD("empty input", "", SW_E_MALFORMED),
	BAD("space in opaque part", "foo:a b", SW_E_MALFORMED),
};

static int
inside(struct sw_slice s, uint32_t off, uint32_t len)
{
	return s.off >= off && s.len <= len && s.off - off <= len - s.len;
}

static int
part_is(const char *buf, struct sw_slice s, const char *want)
{
	return want == NULL || sw_slice_eq(buf, s, want);
}

static int
all_inside(const struct sw_uri *u, uint32_t off, uint32_t len)
{
	const struct sw_slice sl[] = { u->whole, u->scheme, u->opaque, u->user, u->password, u->host,
				       u->port, u->params, u->headers, u->transport, u->maddr,
				       u->ttl, u->user_param, u->method, u->received };

	for (size_t i = 0; i < sizeof(sl) / sizeof(sl[0]); i++)
		if (!inside(sl[i], off, len))
			return 0;
	return 1;
}

static void
test_uri_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct uri_case *c = &cases[i];
		char buf[256];
		struct sw_uri u;
		struct sw_err e = { 0, 0, NULL };
		size_t n = strlen(c->uri);
		int rc, ok;

		/* put the URI at offset 3 so offsets are really relative to base */
		memcpy(buf, "<<<", 3);
		memcpy(buf + 3, c->uri, n);
		rc = sw_uri_parse(buf, sw_slice_make(3, (uint32_t)n), &u, &e);
		if (c->rc != SW_OK) {
			tap_ok(rc == c->rc && e.off >= 3 && e.off <= 3 + n,
			       "%s: %s -> %s (got %s at %u: %s)", c->why, c->uri, sw_status_name(c->rc),
			       sw_status_name(rc), e.off, e.detail ? e.detail : "");
			continue;
		}
		ok = rc == SW_OK && u.kind == c->kind && part_is(buf, u.user, c->user) &&
		     part_is(buf, u.password, c->password) && part_is(buf, u.host, c->host) &&
		     u.host_kind == c->host_kind && part_is(buf, u.params, c->params) &&
		     part_is(buf, u.headers, c->headers) && u.pflags == c->pflags &&
		     (c->port < 0 ? !u.has_port : (u.has_port && u.port_num == (uint32_t)c->port)) &&
		     all_inside(&u, 3, (uint32_t)n) && u.whole.off == 3 && u.whole.len == n;
		tap_ok(ok, "%s: %s (rc %s at %u %s)", c->why, c->uri, sw_status_name(rc), e.off,
		       e.detail ? e.detail : "");
	}
}

static void
test_param_values(void)
{
	static const char s[] = "sip:p.example;transport=TLS;maddr=[::1];ttl=15;user=phone;method=REFER;received=192.0.2.9";
	struct sw_uri u;

	tap_ok(sw_uri_parse(s, sw_slice_make(0, sizeof(s) - 1), &u, NULL) == SW_OK, "well-known values parse");
	tap_ok(sw_slice_eq(s, u.transport, "TLS") && sw_slice_eq(s, u.maddr, "[::1]") &&
	       sw_slice_eq(s, u.ttl, "15") && sw_slice_eq(s, u.user_param, "phone") &&
	       sw_slice_eq(s, u.method, "REFER") && sw_slice_eq(s, u.received, "192.0.2.9"),
	       "RFC 3261 §19.1.1 values of transport, maddr, ttl, user, method, received");
	tap_ok(sw_slice_eq(s, u.scheme, "sip") && sw_slice_eq(s, u.opaque, s + 4), "scheme and opaque");
}

/* Walk a parameter list and render it as "name|name=value|...!erroff". */
static void
walk(const char *s, char *out, size_t cap)
{
	struct sw_slice rest = sw_slice_make(0, (uint32_t)strlen(s)), n, v;
	size_t len = 0;
	int k;

	out[0] = 0;
	while ((k = sw_param_next(s, &rest, &n, &v)) > 0) {
		if (!inside(n, 0, (uint32_t)strlen(s)) || !inside(v, 0, (uint32_t)strlen(s))) {
			snprintf(out, cap, "slice outside input");
			return;
		}
		len += (size_t)snprintf(out + len, cap - len, "%s%.*s", len ? "|" : "", (int)n.len, s + n.off);
		if (k == SW_PARAM_VALUE)
			len += (size_t)snprintf(out + len, cap - len, "=%.*s", (int)v.len, s + v.off);
		else if (v.len != 0)
			len += (size_t)snprintf(out + len, cap - len, "(flag with value)");
	}
	if (k < 0)
		snprintf(out + len, cap - len, "!%u", rest.off);
}

static void
test_param_walk(void)
{
	static const struct {
		const char *why, *in, *want;
	} pc[] = {
		{ "URI params without leading ';'", "lr;transport=udp", "lr|transport=udp" },
		{ "leading ';' and LWS", " ;a=b", "a=b" },
		{ "RFC 3261 §25.1 SEMI and EQUAL allow LWS", "a ; b = c ;d", "a|b=c|d" },
		{ "folded LWS", "a\r\n ;\r\n\tb=c", "a|b=c" },
		{ "quoted value keeps commas and ';'", "x=\"a,b;c\";y", "x=\"a,b;c\"|y" },
		{ "quoted value with escaped quote", "x=\"a\\\"b\"", "x=\"a\\\"b\"" },
		{ "IPv6 value", "received=[2001:db8::1]", "received=[2001:db8::1]" },
		{ "empty list", "", "" },
		{ "LWS only", "  ", "" },
		{ "';;' is an empty parameter", "a;;b", "a!2" },
		{ "trailing ';'", "a;", "a!2" },
		{ "'name=' without value", "a=;b", "!2" },
		{ "two names without ';' (error on the first)", "a b", "!2" },
		{ "unterminated quoted value", "a=\"xy", "!2" },
		{ "bare CR inside quotes", "a=\"x\ry\"", "!4" },
		{ "comma ends nothing here", "a,b", "!1" },
	};
	char out[256];

	for (size_t i = 0; i < sizeof(pc) / sizeof(pc[0]); i++) {
		walk(pc[i].in, out, sizeof(out));
		tap_ok(strcmp(out, pc[i].want) == 0, "sw_param_next %s: got \"%s\" want \"%s\"", pc[i].why,
		       out, pc[i].want);
	}
}

static void
test_param_find(void)
{
	static const char s[] = "Transport=TCP;LR;ob;x=\"q;r\";empty";
	struct sw_slice all = sw_slice_make(0, sizeof(s) - 1), v;

	tap_ok(sw_param_find(s, all, "lr", &v) == SW_PARAM_FLAG && v.len == 0, "find flag, case-insensitive");
	tap_ok(sw_param_find(s, all, "transport", &v) == SW_PARAM_VALUE && sw_slice_eq(s, v, "TCP"),
	       "find valued parameter");
	tap_ok(sw_param_find(s, all, "x", &v) == SW_PARAM_VALUE && sw_slice_eq(s, v, "\"q;r\""),
	       "find quoted value with ';' inside");
	tap_ok(sw_param_find(s, all, "q", NULL) == 0, "';' inside quotes is not a separator");
	tap_ok(sw_param_find(s, all, "missing", NULL) == 0, "absent parameter is 0");
	tap_ok(sw_param_find(s, all, "l", NULL) == 0, "prefix of a name does not match");
	tap_ok(sw_param_find("a;;lr", sw_slice_make(0, 5), "lr", NULL) == SW_E_MALFORMED,
	       "malformed list before the match is an error");
}

/* Every prefix of every URI case, in an exact-size heap copy (ASan builds
 * catch a read past it), parses or fails with an offset inside. */
static void
test_prefixes(void)
{
	int ok = 1;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = strlen(cases[i].uri);

		for (size_t k = 0; k <= n; k++) {
			char *copy = malloc(k ? k : 1);
			struct sw_uri u;
			struct sw_err e = { 0, 0, NULL };
			int rc;

			memcpy(copy, cases[i].uri, k);
			rc = sw_uri_parse(copy, sw_slice_make(0, (uint32_t)k), &u, &e);
			if ((rc == SW_OK && !all_inside(&u, 0, (uint32_t)k)) || (rc != SW_OK && e.off > k))
				ok = 0;
			free(copy);
		}
	}
	tap_ok(ok, "every prefix of every URI case stays inside its bytes");
}

int
main(void)
{
	test_uri_cases();
	test_param_values();
	test_param_walk();
	test_param_find();
	test_prefixes();
	return tap_done();
}
