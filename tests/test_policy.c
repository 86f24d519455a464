/* policy: each SBC rule on the RFC 3327 / 3608 / 4488 / 3515 / 5628 corpus
 * messages and on folded, compact, comma-list, quoted-comma and IPv6
 * messages. For every case: golden output bytes; re-parsing the output
 * gives exactly the expected Path / Service-Route / Refer-Sub / Supported /
 * Require values; every other header line is byte-identical and in order;
 * output length = input length + edit delta; in-place and out-of-place
 * apply agree; one byte less room is SW_E_NOSPACE with the buffer
 * byte-identical. Then replace-then-restore round trips and tampered or
 * foreign tokens.
 *
 * SW_UPDATE_GOLDEN=1 rewrites the golden files (review the diff!). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/policy.h"
#include "sipwire/refer_sub.h"
#include "sipwire/route.h"
#include "tap.h"

#define KEY "000102030405060708090a0b0c0d0e0f"
#define KEY2 "f0e0d0c0b0a090807060504030201000"
#define SBC "sip:sbc.example.net;lr"

static unsigned char amem[65536], amem2[65536], smem[8192];
static uint8_t key_bytes[16];

struct pcase {
	const char *name; /* golden file stem */
	const char *why;
	const char *in;   /* "ex:" corpus/examples, "b:" corpus/bench, "in:" golden/policy/in */
	int dir;
	const char *opts; /* "name=value name ..." for sw_policy_set */
	struct sw_flow src;
	int rc;
	unsigned fired;
	/* after re-parse, entries joined by '|'; "" absent; NULL not checked.
	 * {FLOW}: the flow token of src; {SRTOK}: route token of the input's
	 * Service-Route set */
	const char *path, *sr, *refer_sub, *supported, *require;
};

#define V4(a, b, c, d, port, tr) { 4, tr, port, { a, b, c, d } }
#define NOSRC { 0 }
#define A SW_DIR_ACCESS
#define C SW_DIR_CORE

static const struct pcase cases[] = {
	{ "3327_f1_path", "RFC 3327 §5.2 Path on the UA's first REGISTER, flow token (RFC 5626 §5.2)",
	  "ex:rfc3327-register-f1-register-ua1-to-p1.sip", A, "path=" SBC " flow-key=" KEY " path-ob",
	  V4(192, 0, 2, 4, 5060, SW_TRANSPORT_UDP), SW_OK, SW_POL_PATH,
	  "<sip:{FLOW}@sbc.example.net;lr>", "", NULL, "path", "path" },
	{ "3327_f2_path", "RFC 3327 §5.2 topmost Path above an existing one",
	  "ex:rfc3327-register-f2-register-p1-to-p2.sip", A, "path=" SBC, NOSRC, SW_OK, SW_POL_PATH,
	  "<sip:sbc.example.net;lr>|<sip:P1.EXAMPLEVISITED.COM;lr>", NULL, NULL, "path", "path" },
	{ "3327_f4_path", "RFC 3327 §5.2 a comma list of Path values keeps its order below ours",
	  "ex:rfc3327-register-f4-register-p3-to-registrar.sip", A, "path=" SBC, NOSRC, SW_OK,
	  SW_POL_PATH, "<sip:sbc.example.net;lr>|<sip:P3.EXAMPLEHOME.COM;lr>|<sip:P1.EXAMPLEVISITED.COM;lr>",
	  NULL, NULL, "path", "path" },
	{ NULL, "RFC 3327 §5.2 no Supported: path: SHOULD NOT add Path, reject (421)",
	  "ex:rfc3608-register-f1-register-ua1-to-p1.sip", A, "path=" SBC, NOSRC, SW_E_UNSUPPORTED,
	  0, NULL, NULL, NULL, NULL, NULL },
	{ NULL, "no Supported: path among other tags", "in:reg_no_path_support.sip", A, "path=" SBC,
	  NOSRC, SW_E_UNSUPPORTED, 0, NULL, NULL, NULL, NULL, NULL },
	{ NULL, "flow-key without a transport source", "ex:rfc3327-register-f1-register-ua1-to-p1.sip",
	  A, "path=" SBC " flow-key=" KEY, NOSRC, SW_E_NOTFOUND, 0, NULL, NULL, NULL, NULL, NULL },
	{ "3327_f1_core", "REGISTER heading to the access side is not given a Path",
	  "ex:rfc3327-register-f1-register-ua1-to-p1.sip", C, "path=" SBC, NOSRC, SW_OK, 0,
	  "", NULL, NULL, "path", "" },
	{ "bench_register_path", "bench REGISTER: not the first hop (3 Via), so no ob (RFC 5626 §5.1)",
	  "b:a_register_path.sip", A, "path=" SBC " path-ob flow-key=" KEY,
	  V4(198, 51, 100, 7, 40123, SW_TRANSPORT_UDP), SW_OK, SW_POL_PATH,
	  "<sip:{FLOW}@sbc.example.net;lr>|<sip:term@p2.visit.net;lr>|<sip:edge1@p1.visit.net;lr;ob>|<sip:fe7a@10.20.0.5:5070;lr>",
	  NULL, NULL, "path|outbound", "path" },
	{ "reg_folded", "folded Path and Supported lines; one Via + reg-id + instance: ob (RFC 5626 §5.1)",
	  "in:reg_folded.sip", A, "path=" SBC " path-ob", NOSRC, SW_OK, SW_POL_PATH,
	  "<sip:sbc.example.net;lr;ob>|<sip:p1.example.net;lr>|<sip:p0.example.net;lr>", NULL, NULL,
	  "outbound|path", "gruu|path" },
	{ "reg_compact", "compact forms (v, k, m, l); TCP flow token; ob", "in:reg_compact.sip", A,
	  "path=" SBC " path-ob flow-key=" KEY, V4(192, 0, 2, 9, 40000, SW_TRANSPORT_TCP), SW_OK,
	  SW_POL_PATH, "<sip:{FLOW}@sbc.example.net;lr;ob>", NULL, NULL, "path|outbound", "path" },
	{ "reg_ipv6", "IPv6 Via and Contact, IPv6 flow token, quoted display names with commas",
	  "in:reg_ipv6.sip", A, "path=sip:[2001:db8::1]:5060;lr path-ob flow-key=" KEY,
	  { 6, SW_TRANSPORT_UDP, 5060, { 0x20, 0x01, 0x0d, 0xb8, [15] = 4 } }, SW_OK, SW_POL_PATH,
	  "<sip:{FLOW}@[2001:db8::1]:5060;lr;ob>", NULL, NULL, "path|outbound", "path" },
	{ "reg_two_hops", "two Via values in one line: no ob; Require: path already there",
	  "in:reg_two_hops.sip", A, "path=" SBC " path-ob", NOSRC, SW_OK, SW_POL_PATH,
	  "<sip:sbc.example.net;lr>|\"Edge, West\" <sip:p1.example.net;lr>;x=\"a,b\"|<sip:[2001:db8::7]:5070;lr>",
	  NULL, NULL, "path", "path" },
	{ "3327_f6_strip", "strip the Path echo of the 200 OK (RFC 3327 §5.3 echo)",
	  "ex:rfc3327-register-f6-200-registrar-to-p3.sip", C, "strip-path-echo", NOSRC, SW_OK,
	  SW_POL_PATH_STRIP, "", NULL, NULL, NULL, NULL },
	{ "3327_f6_access", "Path echo kept on a 200 OK going to the core", "ex:rfc3327-register-f6-200-registrar-to-p3.sip",
	  A, "strip-path-echo", NOSRC, SW_OK, 0,
	  "<sip:P3.EXAMPLEHOME.COM;lr>|<sip:P1.EXAMPLEVISITED.COM;lr>", NULL, NULL, NULL, NULL },
	{ "3608_f6_prepend", "RFC 3608 prepend to a folded comma list",
	  "ex:rfc3608-register-f6-200-r-to-p2.sip", C, "service-route=prepend:" SBC, NOSRC, SW_OK,
	  SW_POL_SERVICE_ROUTE, "", "<sip:sbc.example.net;lr>|<sip:P2.HOME.EXAMPLE.COM;lr>|<sip:HSP.HOME.EXAMPLE.COM;lr>",
	  NULL, NULL, NULL },
	{ "3608_f6_replace", "RFC 3608 Service-Route replaced (topology hiding), folded list",
	  "ex:rfc3608-register-f6-200-r-to-p2.sip", C, "service-route=replace:" SBC " flow-key=" KEY,
	  NOSRC, SW_OK, SW_POL_SERVICE_ROUTE, "", "<sip:sbc.example.net;lr;swrs={SRTOK}>", NULL, NULL, NULL },
	{ "3608_f8_keep", "keep leaves the 200 OK alone", "ex:rfc3608-register-f8-200-p1-to-ua1.sip", C,
	  "service-route=keep", NOSRC, SW_OK, 0, NULL, "<sip:P2.HOME.EXAMPLE.COM;lr>|<sip:HSP.HOME.EXAMPLE.COM;lr>",
	  NULL, NULL, NULL },
	{ "5628_replace_strip", "RFC 5628 §8.2 200 OK: replace Service-Route and strip Path",
	  "ex:rfc5628-sec8.2-200-ok-path-service-route-gruu.sip", C,
	  "service-route=replace:sip:edge.example.net;lr?x=y flow-key=" KEY " strip-path-echo", NOSRC,
	  SW_OK, SW_POL_SERVICE_ROUTE | SW_POL_PATH_STRIP, "",
	  "<sip:edge.example.net;lr;swrs={SRTOK}?x=y>", NULL, NULL, NULL },
	{ "bench_200_replace", "bench 200 OK: replace two Service-Route lines", "b:b_200ok_svcroute.sip",
	  C, "service-route=replace:" SBC " flow-key=" KEY, NOSRC, SW_OK, SW_POL_SERVICE_ROUTE,
	  "<sip:term@p2.visit.net;lr>|<sip:edge1@p1.visit.net;lr;ob>|<sip:fe7a@10.20.0.5:5070;lr>",
	  "<sip:sbc.example.net;lr;swrs={SRTOK}>", NULL, "path|outbound|gruu", "path" },
	{ "ok_sr_quoted", "quoted display names with commas, split Service-Route lines, IPv6",
	  "in:ok_sr_quoted.sip", C, "service-route=replace:" SBC " flow-key=" KEY " strip-path-echo",
	  NOSRC, SW_OK, SW_POL_SERVICE_ROUTE | SW_POL_PATH_STRIP, "",
	  "<sip:sbc.example.net;lr;swrs={SRTOK}>", NULL, NULL, NULL },
	{ "ok_no_sr", "replace with no Service-Route: nothing to hide", "in:ok_no_sr.sip", C,
	  "service-route=replace:" SBC " flow-key=" KEY, NOSRC, SW_OK, 0, NULL, "", NULL, NULL, NULL },
	{ "ok_no_sr_prepend", "prepend with no Service-Route adds one after the Via", "in:ok_no_sr.sip",
	  C, "service-route=prepend:" SBC, NOSRC, SW_OK, SW_POL_SERVICE_ROUTE, NULL,
	  "<sip:sbc.example.net;lr>", NULL, NULL, NULL },
	{ "3515_f1_suppress", "RFC 4488 suppress: Refer-Sub: false and a new Supported line",
	  "ex:rfc3515-f1-refer.sip", A, "refer-sub=suppress", NOSRC, SW_OK, SW_POL_REFER_SUB, NULL,
	  NULL, "false", "norefersub", NULL },
	{ "3515_f1_strip", "strip on a REFER without either: untouched", "ex:rfc3515-f1-refer.sip", A,
	  "refer-sub=strip", NOSRC, SW_OK, 0, NULL, NULL, "", "", NULL },
	{ "4488_s6_strip", "RFC 4488 §6 REFER: strip Refer-Sub and the only norefersub tag",
	  "ex:rfc4488-sec6-refer-refer-sub-false.sip", C, "refer-sub=strip", NOSRC, SW_OK,
	  SW_POL_REFER_SUB, NULL, NULL, "", "", NULL },
	{ "4488_s6_suppress", "suppress leaves an explicit Refer-Sub alone",
	  "ex:rfc4488-sec6-refer-refer-sub-false.sip", A, "refer-sub=suppress", NOSRC, SW_OK, 0,
	  NULL, NULL, "false", "norefersub", NULL },
	{ "bench_refer_strip", "bench REFER: norefersub first of three tags", "b:c_refer_norefersub.sip",
	  A, "refer-sub=strip", NOSRC, SW_OK, SW_POL_REFER_SUB, NULL, NULL, "", "replaces|timer", NULL },
	{ "refer_compact", "compact k lines, Require: norefersub, Refer-Sub with a parameter",
	  "in:refer_compact.sip", A, "refer-sub=strip", NOSRC, SW_OK, SW_POL_REFER_SUB, NULL, NULL,
	  "", "timer|replaces", "" },
	{ "refer_supported", "suppress extends the existing folded Supported line",
	  "in:refer_supported.sip", A, "refer-sub=suppress", NOSRC, SW_OK, SW_POL_REFER_SUB, NULL,
	  NULL, "false", "replaces|timer|norefersub", NULL },
	{ "refer_true", "suppress keeps the issuer's Refer-Sub: true", "in:refer_true.sip", A,
	  "refer-sub=suppress", NOSRC, SW_OK, 0, NULL, NULL, "true", "", NULL },
	{ "ok_refer_strip", "RFC 4488 §4: a 2xx to REFER keeps what the recipient said",
	  "in:ok_refer.sip", C, "refer-sub=strip", NOSRC, SW_OK, 0, NULL, NULL, "false", "norefersub",
	  NULL },
	{ "msg_body_all", "a MESSAGE with a body: no policy applies", "in:msg_body.sip", A,
	  "path=" SBC " service-route=replace:" SBC " flow-key=" KEY " refer-sub=suppress strip-path-echo",
	  V4(192, 0, 2, 10, 5060, SW_TRANSPORT_UDP), SW_OK, 0, "", "", "", "", NULL },
	{ "3608_invite_f1", "an access request whose Route holds no token is untouched",
	  "ex:rfc3608-invite-f1-invite-ua1-to-p1.sip", A, "flow-key=" KEY, NOSRC, SW_OK, 0, NULL, NULL,
	  NULL, NULL, NULL },
};

static char *
load_input(const char *spec, size_t *len)
{
	char path[4096];
	const char *corpus = getenv("SW_CORPUS"), *root = getenv("SW_SOURCE_ROOT");
	const char *file = strchr(spec, ':') + 1;

	if (strncmp(spec, "ex:", 3) == 0)
		snprintf(path, sizeof(path), "%s/examples/%s", corpus ? corpus : "../shared/corpus", file);
	else if (strncmp(spec, "b:", 2) == 0)
		snprintf(path, sizeof(path), "%s/bench/%s", corpus ? corpus : "../shared/corpus", file);
	else
		snprintf(path, sizeof(path), "%s/tests/golden/policy/in/%s", root ? root : ".", file);
	return tap_slurp(path, len);
}

/* Policy from "name=value name ..." through sw_policy_set, as the CLI does.
 * The strings live in `store`, which must outlive the policy. */
static int
make_policy(const char *opts, char *store, size_t cap, struct sw_policy *p)
{
	struct sw_err err;
	char *save = NULL, *tok;

	sw_policy_init(p);
	snprintf(store, cap, "%s", opts);
	for (tok = strtok_r(store, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (eq != NULL)
			*eq++ = 0;
		if (sw_policy_set(p, tok, eq, &err) != SW_OK)
			return -1;
	}
	return sw_policy_check(p, &err) == SW_OK ? 0 : -1;
}

static int
parse_msg(const char *buf, size_t len, unsigned char *mem, size_t cap, struct sw_msg *m)
{
	struct sw_arena a;

	sw_arena_init(&a, mem, cap);
	return sw_msg_parse(buf, len, NULL, &a, m, NULL);
}

/* Entries of an address list joined by '|' ("" when absent). */
static int
addr_list(const char *b, const struct sw_msg *m, enum sw_hdr_id id, char *out, size_t cap)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	size_t o = 0;
	int rc;

	out[0] = 0;
	sw_addr_iter_init(&it, b, m, id);
	while ((rc = sw_addr_iter_next(&it, &na, NULL)) == 1)
		o += (size_t)snprintf(out + o, cap - o, "%s%.*s", o ? "|" : "", (int)na.whole.len,
				      b + na.whole.off);
	return rc;
}

static int
tag_list(const char *b, const struct sw_msg *m, enum sw_hdr_id id, char *out, size_t cap)
{
	struct sw_tag_iter it;
	struct sw_slice t;
	size_t o = 0;
	int rc;

	out[0] = 0;
	sw_tag_iter_init(&it, b, m, id);
	while ((rc = sw_tag_iter_next(&it, &t, NULL)) == 1)
		o += (size_t)snprintf(out + o, cap - o, "%s%.*s", o ? "|" : "", (int)t.len, b + t.off);
	return rc;
}

static void
refer_sub_value(const char *b, const struct sw_msg *m, char *out, size_t cap)
{
	struct sw_refer_sub rs;
	int rc = sw_refer_sub_get(b, m, &rs, NULL);

	snprintf(out, cap, "%s", rc == 1 ? (rs.value ? "true" : "false") : rc == 0 ? "" : "BAD");
}

/* Expand {FLOW} and {SRTOK} in an expectation. */
static void
expand(const char *tmpl, const struct pcase *c, const char *in, const struct sw_msg *min,
       char *out, size_t cap)
{
	char tok[SW_ROUTE_TOKEN_MAX + 1];
	size_t n = 0;
	const char *ph;

	tok[0] = 0;
	if ((ph = strstr(tmpl, "{FLOW}")) != NULL) {
		sw_flow_token_encode(key_bytes, &c->src, tok, sizeof(tok), &n);
	} else if ((ph = strstr(tmpl, "{SRTOK}")) != NULL) {
		struct sw_nameaddr set[32];
		struct sw_slice sl[32];
		size_t k = 0;

		sw_route_set(in, min, SW_HDR_SERVICE_ROUTE, set, 32, &k, NULL);
		for (size_t i = 0; i < k; i++)
			sl[i] = set[i].whole;
		sw_route_token_encode(key_bytes, in, sl, k, tok, sizeof(tok), &n);
	}
	tok[n] = 0;
	if (ph == NULL)
		snprintf(out, cap, "%s", tmpl);
	else
		snprintf(out, cap, "%.*s%s%s", (int)(ph - tmpl), tmpl, tok, strchr(ph, '}') + 1);
}

static int
targeted(unsigned id)
{
	return id == SW_HDR_PATH || id == SW_HDR_SERVICE_ROUTE || id == SW_HDR_REQUIRE ||
	       id == SW_HDR_SUPPORTED || id == SW_HDR_REFER_SUB || id == SW_HDR_ROUTE ||
	       id == SW_HDR_CONTENT_LENGTH;
}

/* Start line, body and every line of a header the policies do not target
 * are byte-identical and in the same order. */
static int
untouched_identical(const char *in, const struct sw_msg *mi, const char *out,
		    const struct sw_msg *mo)
{
	unsigned i = 0, j = 0;

	if (mi->start.len != mo->start.len || memcmp(in + mi->start.off, out + mo->start.off, mi->start.len) ||
	    mi->body.len != mo->body.len || memcmp(in + mi->body.off, out + mo->body.off, mi->body.len))
		return 0;
	for (;;) {
		while (i < mi->nhdrs && targeted(mi->hdrs[i].id))
			i++;
		while (j < mo->nhdrs && targeted(mo->hdrs[j].id))
			j++;
		if (i == mi->nhdrs || j == mo->nhdrs)
			return i == mi->nhdrs && j == mo->nhdrs;
		if (mi->hdrs[i].line.len != mo->hdrs[j].line.len ||
		    memcmp(in + mi->hdrs[i].line.off, out + mo->hdrs[j].line.off, mi->hdrs[i].line.len))
			return 0;
		i++;
		j++;
	}
}

static void
check_list(const char *what, const char *tmpl, const char *got, const struct pcase *c,
	   const char *in, const struct sw_msg *mi)
{
	char want[2048];

	if (tmpl == NULL)
		return;
	expand(tmpl, c, in, mi, want, sizeof(want));
	if (!tap_ok(strcmp(want, got) == 0, "%s: re-parsed %s", c->why, what))
		tap_diag("want %s\n# got  %s", want, got);
}

static void
check_golden(const struct pcase *c, const char *out, size_t len)
{
	char path[4096];
	const char *root = getenv("SW_SOURCE_ROOT");
	size_t glen = 0;
	char *g;

	snprintf(path, sizeof(path), "%s/tests/golden/policy/%s.sip", root ? root : ".", c->name);
	if (getenv("SW_UPDATE_GOLDEN") != NULL) {
		FILE *f = fopen(path, "wb");

		tap_ok(f != NULL && fwrite(out, 1, len, f) == len && fclose(f) == 0, "%s: golden written",
		       c->name);
		return;
	}
	g = tap_slurp(path, &glen);
	tap_ok(g != NULL && glen == len && memcmp(g, out, len) == 0, "%s: output equals golden %s.sip",
	       c->why, c->name);
	free(g);
}

/* The first Path entry's user part is a flow token that decodes to src. */
static void
check_flow(const struct pcase *c, const char *out, const struct sw_msg *mo)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_flow f;
	uint8_t other[16];

	sw_addr_iter_init(&it, out, mo, SW_HDR_PATH);
	if (!tap_ok(sw_addr_iter_next(&it, &na, NULL) == 1 && na.u.has_user, "%s: Path has a user part",
		    c->why))
		return;
	tap_ok(sw_flow_token_decode(key_bytes, out + na.u.user.off, na.u.user.len, &f) == SW_OK &&
	       f.family == c->src.family && f.port == c->src.port && f.transport == c->src.transport &&
	       memcmp(f.addr, c->src.addr, c->src.family == 4 ? 4 : 16) == 0,
	       "%s: Path user part decodes to the REGISTER's transport source", c->why);
	sw_token_key_from_hex(KEY2, 32, other);
	TAP_EQ_INT(sw_flow_token_decode(other, out + na.u.user.off, na.u.user.len, &f), SW_E_AUTH,
		   "flow token in the Path fails under a foreign key");
}

static int
do_apply(const struct pcase *c, const char *in, const struct sw_msg *mi, const struct sw_policy *pol,
	 struct sw_edits *e, unsigned *fired)
{
	struct sw_arena scratch;
	struct sw_err err = { 0, 0, NULL };

	sw_arena_init(&scratch, smem, sizeof(smem));
	return sw_policy_apply(in, mi, pol, (enum sw_direction)c->dir, c->src.family ? &c->src : NULL,
			       &scratch, e, fired, &err);
}

/* Apply in place, out of place and with one byte too little room. */
static char *
apply_all(const struct pcase *c, const char *in, size_t len, const struct sw_msg *mi,
	  const struct sw_edits *e, size_t *nl)
{
	size_t cap = len + 4096, ol = 0;
	char *buf = calloc(1, cap), *out = calloc(1, cap), *copy = malloc(cap);
	struct sw_err err;
	int rc;

	memcpy(buf, in, len);
	rc = sw_edits_apply(buf, len, cap, mi, e, nl, &err);
	tap_ok(rc == SW_OK && (int64_t)*nl == (int64_t)len + e->delta,
	       "%s: applied; output length = input length + edit delta (%+lld)", c->why,
	       (long long)e->delta);
	tap_ok(sw_edits_apply_to(in, len, mi, e, out, cap, &ol, &err) == SW_OK && ol == *nl &&
	       memcmp(out, buf, ol) == 0, "%s: apply_to gives the same bytes", c->why);
	if (e->delta > 0) {
		size_t small = (size_t)((int64_t)len + e->delta - 1), dummy;

		memset(out, 0x5a, cap);
		memcpy(out, in, len);
		memcpy(copy, out, cap);
		rc = sw_edits_apply(out, len, small, mi, e, &dummy, &err);
		tap_ok(rc == SW_E_NOSPACE && memcmp(out, copy, cap) == 0,
		       "%s: one byte short is NOSPACE, buffer byte-identical", c->why);
	}
	free(out);
	free(copy);
	return buf;
}

static void
check_output(const struct pcase *c, const char *in, const struct sw_msg *mi, const char *out,
	     size_t nl)
{
	struct sw_msg mo;
	char got[2048];

	if (!tap_ok(parse_msg(out, nl, amem2, sizeof(amem2), &mo) == SW_OK, "%s: output parses", c->why))
		return;
	tap_ok(untouched_identical(in, mi, out, &mo),
	       "%s: start line, body and untargeted header lines byte-identical, same order", c->why);
	addr_list(out, &mo, SW_HDR_PATH, got, sizeof(got));
	check_list("Path", c->path, got, c, in, mi);
	addr_list(out, &mo, SW_HDR_SERVICE_ROUTE, got, sizeof(got));
	check_list("Service-Route", c->sr, got, c, in, mi);
	refer_sub_value(out, &mo, got, sizeof(got));
	check_list("Refer-Sub", c->refer_sub, got, c, in, mi);
	tag_list(out, &mo, SW_HDR_SUPPORTED, got, sizeof(got));
	check_list("Supported", c->supported, got, c, in, mi);
	tag_list(out, &mo, SW_HDR_REQUIRE, got, sizeof(got));
	check_list("Require", c->require, got, c, in, mi);
	if (c->path != NULL && strstr(c->path, "{FLOW}") != NULL)
		check_flow(c, out, &mo);
}

static void
run_case(const struct pcase *c)
{
	char store[512];
	struct sw_policy pol;
	struct sw_edits e;
	struct sw_msg mi;
	size_t len = 0, nl = 0;
	unsigned fired = 0;
	char *in = load_input(c->in, &len), *out;
	int rc;

	if (!tap_ok(in != NULL && parse_msg(in, len, amem, sizeof(amem), &mi) == SW_OK &&
		    make_policy(c->opts, store, sizeof(store), &pol) == 0, "%s: input and policy", c->why)) {
		free(in);
		return;
	}
	rc = do_apply(c, in, &mi, &pol, &e, &fired);
	tap_ok(rc == c->rc && fired == c->fired, "%s: %s, fired 0x%x (got %s, 0x%x)", c->why,
	       sw_status_name(c->rc), c->fired, sw_status_name(rc), fired);
	if (rc != SW_OK || fired == 0)
		tap_ok(sw_edits_count(&e) == 0, "%s: no edits", c->why);
	if (rc == SW_OK) {
		out = apply_all(c, in, len, &mi, &e, &nl);
		check_output(c, in, &mi, out, nl);
		if (c->name != NULL)
			check_golden(c, out, nl);
		free(out);
	}
	free(in);
}

static const char invite_fmt[] =
	"INVITE sip:bob@example.org SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKrestore\r\n"
	"Max-Forwards: 70\r\n"
	"Route: %s, <sip:next.example.net;lr>\r\n"
	"From: <sip:ua1@example.com>;tag=r1\r\n"
	"To: <sip:bob@example.org>\r\n"
	"Call-ID: restore@192.0.2.4\r\n"
	"CSeq: 1 INVITE\r\n"
	"Content-Length: 0\r\n\r\n";

/* Access-side request through the SBC with `route` as top Route, under
 * policy `opts`; *fired, *rc and the re-parsed Route list in got. */
static int
restore_through(const char *route, const char *opts, unsigned *fired, char *got, size_t gcap)
{
	static const struct pcase rc_case = { NULL, "restore", "", SW_DIR_ACCESS, "", { 0 }, 0, 0 };
	char req[2048], store[256], *out;
	struct sw_policy pol;
	struct sw_edits e;
	struct sw_msg m, mo;
	size_t nl = 0, len = (size_t)snprintf(req, sizeof(req), invite_fmt, route);
	int rc;

	if (parse_msg(req, len, amem, sizeof(amem), &m) != SW_OK ||
	    make_policy(opts, store, sizeof(store), &pol) != 0)
		return -100;
	rc = do_apply(&rc_case, req, &m, &pol, &e, fired);
	if (rc != SW_OK)
		return sw_edits_count(&e) == 0 ? rc : -101;
	out = calloc(1, len + 4096);
	memcpy(out, req, len);
	if (sw_edits_apply(out, len, len + 4096, &m, &e, &nl, NULL) != SW_OK ||
	    parse_msg(out, nl, amem2, sizeof(amem2), &mo) != SW_OK || !untouched_identical(req, &m, out, &mo))
		rc = -102;
	else
		addr_list(out, &mo, SW_HDR_ROUTE, got, gcap);
	free(out);
	return rc;
}

/* RFC 3608 topology hiding round trip: the Service-Route the UA gets,
 * used as its Route, gives the home network the original set byte-exact. */
static void
test_restore(const struct pcase *c)
{
	char store[512], want[2048], got[2048], route[2048];
	struct sw_policy pol;
	struct sw_edits e;
	struct sw_msg mi, mo;
	size_t len = 0, nl = 0;
	unsigned fired = 0;
	char *in = load_input(c->in, &len), *out, *v;
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	int rc;

	parse_msg(in, len, amem, sizeof(amem), &mi);
	make_policy(c->opts, store, sizeof(store), &pol);
	addr_list(in, &mi, SW_HDR_SERVICE_ROUTE, want, sizeof(want));
	strncat(want, "|<sip:next.example.net;lr>", sizeof(want) - strlen(want) - 1);
	do_apply(c, in, &mi, &pol, &e, &fired);
	out = apply_all(c, in, len, &mi, &e, &nl);
	parse_msg(out, nl, amem2, sizeof(amem2), &mo);
	sw_addr_iter_init(&it, out, &mo, SW_HDR_SERVICE_ROUTE);
	sw_addr_iter_next(&it, &na, NULL);
	snprintf(route, sizeof(route), "%.*s", (int)na.whole.len, out + na.whole.off);
	free(out);
	free(in);
	rc = restore_through(route, "flow-key=" KEY, &fired, got, sizeof(got));
	tap_ok(rc == SW_OK && fired == SW_POL_SR_RESTORE && strcmp(got, want) == 0,
	       "%s: replace then restore gives the original route set byte-exact", c->why);
	rc = restore_through(route, "flow-key=" KEY2, &fired, got, sizeof(got));
	TAP_EQ_INT(rc, SW_E_AUTH, "restore token under a foreign key: SW_E_AUTH, no edits");
	v = strstr(route, SW_POLICY_RESTORE_PARAM "=") + 5;
	for (size_t k = 0, tl = strcspn(v, ">?"); k < tl; k += 7) {
		char saved = v[k];

		v[k] = saved == 'a' ? 'b' : 'a';
		rc = restore_through(route, "flow-key=" KEY, &fired, got, sizeof(got));
		v[k] = saved;
		if (rc != SW_E_AUTH) {
			tap_ok(0, "tampered restore token (char %zu) rejected (got %d)", k, rc);
			tap_diag("%s", route);
			return;
		}
	}
	tap_ok(1, "%s: tampered restore tokens are SW_E_AUTH", c->why);
}

static void
test_restore_other(void)
{
	char got[2048];
	unsigned fired = 9;
	int rc;

	rc = restore_through("<sip:sbc.example.net;lr;swrs=>", "flow-key=" KEY, &fired, got, sizeof(got));
	TAP_EQ_INT(rc, SW_E_MALFORMED, "empty swrs parameter value does not parse (malformed Route)");
	rc = restore_through("<sip:sbc.example.net;lr;swrs=aaaa>", "flow-key=" KEY, &fired, got, sizeof(got));
	TAP_EQ_INT(rc, SW_E_AUTH, "a short forged token is SW_E_AUTH");
	rc = restore_through("<sip:p1.example.net;lr>", "flow-key=" KEY, &fired, got, sizeof(got));
	tap_ok(rc == SW_OK && fired == 0, "a top Route without the parameter is left alone");
	rc = restore_through("<sip:sbc.example.net;lr;swrs=aaaa>", "path=" SBC, &fired, got, sizeof(got));
	tap_ok(rc == SW_OK && fired == 0, "without a key there is no restore");
}

static int
route_flow(const char *route, const char *opts, struct sw_flow *f)
{
	char req[1024], store[256];
	struct sw_policy pol;
	struct sw_msg m;
	int len = snprintf(req, sizeof(req), invite_fmt, route);

	if (parse_msg(req, (size_t)len, amem, sizeof(amem), &m) != SW_OK ||
	    make_policy(opts, store, sizeof(store), &pol) != 0)
		return -100;
	return sw_policy_route_flow(req, &m, &pol, f, NULL);
}

/* RFC 5626 §5.3: a request from the core routed to the SBC's Path URI
 * gives back the flow of the REGISTER. */
static void
test_route_flow(void)
{
	const struct sw_flow in = { 4, SW_TRANSPORT_TCP, 40000, { 192, 0, 2, 9 } };
	char tok[SW_FLOW_TOKEN_MAX + 1], route[256];
	struct sw_flow f;
	size_t n;
	int rc;

	sw_flow_token_encode(key_bytes, &in, tok, sizeof(tok), &n);
	tok[n] = 0;
	snprintf(route, sizeof(route), "<sip:%s@SBC.example.net;lr;ob>", tok);
	rc = route_flow(route, "path=" SBC " flow-key=" KEY, &f);
	tap_ok(rc == 1 && f.family == 4 && f.transport == SW_TRANSPORT_TCP && f.port == 40000 &&
	       memcmp(f.addr, in.addr, 4) == 0, "RFC 5626 §5.3 top Route to our Path URI gives the flow");
	TAP_EQ_INT(route_flow(route, "path=" SBC " flow-key=" KEY2, &f), SW_E_AUTH,
		   "flow token under a foreign key is SW_E_AUTH");
	route[5] = route[5] == 'A' ? 'B' : 'A';
	TAP_EQ_INT(route_flow(route, "path=" SBC " flow-key=" KEY, &f), SW_E_AUTH,
		   "tampered flow token is SW_E_AUTH");
	snprintf(route, sizeof(route), "<sip:%s@other.example.net;lr>", tok);
	TAP_EQ_INT(route_flow(route, "path=" SBC " flow-key=" KEY, &f), 0, "another host is not ours");
	snprintf(route, sizeof(route), "<sip:%s@sbc.example.net:5070;lr>", tok);
	TAP_EQ_INT(route_flow(route, "path=" SBC " flow-key=" KEY, &f), 0, "another port is not ours");
	TAP_EQ_INT(route_flow("<sip:sbc.example.net;lr>", "path=" SBC " flow-key=" KEY, &f), 0,
		   "our URI without a user part carries no flow");
	TAP_EQ_INT(route_flow(route, "path=" SBC, &f), 0, "no flow-key, no flow");
}

static void
test_set_errors(void)
{
	struct sw_policy p;
	struct sw_err err;

	sw_policy_init(&p);
	TAP_EQ_INT(sw_policy_set(&p, "bogus", "x", &err), SW_E_NOTFOUND, "unknown option");
	TAP_EQ_INT(sw_policy_set(&p, "path", "<sip:x;lr>", &err), SW_E_INVAL, "path URI with <>");
	TAP_EQ_INT(sw_policy_set(&p, "path", "tel:+123", &err), SW_E_INVAL, "path needs sip/sips");
	TAP_EQ_INT(sw_policy_set(&p, "path", NULL, &err), SW_E_INVAL, "path needs a value");
	TAP_EQ_INT(sw_policy_set(&p, "path-ob", "1", &err), SW_E_INVAL, "path-ob takes no value");
	TAP_EQ_INT(sw_policy_set(&p, "flow-key", "abc", &err), SW_E_INVAL, "short flow key");
	TAP_EQ_INT(sw_policy_set(&p, "service-route", "drop", &err), SW_E_INVAL, "bad service-route mode");
	TAP_EQ_INT(sw_policy_set(&p, "service-route", "replace:sip:x;swrs=1", &err), SW_E_INVAL,
		   "replace URI already holding the token parameter");
	TAP_EQ_INT(sw_policy_set(&p, "refer-sub", "maybe", &err), SW_E_INVAL, "bad refer-sub mode");
	TAP_EQ_INT(sw_policy_set(&p, "service-route", "replace:" SBC, &err), SW_OK, "replace accepted");
	TAP_EQ_INT(sw_policy_check(&p, &err), SW_E_INVAL, "replace without flow-key fails the check");
	sw_policy_init(&p);
	sw_policy_set(&p, "path", "sip:user@sbc.example.net;lr", &err);
	sw_policy_set(&p, "flow-key", KEY, &err);
	TAP_EQ_INT(sw_policy_check(&p, &err), SW_E_INVAL, "flow-key with a user part in the path URI");
}

int
main(void)
{
	sw_token_key_from_hex(KEY, 32, key_bytes);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if ((cases[i].fired & SW_POL_SERVICE_ROUTE) && strstr(cases[i].opts, "replace:") != NULL)
			test_restore(&cases[i]);
	test_restore_other();
	test_route_flow();
	test_set_errors();
	return tap_done();
}
