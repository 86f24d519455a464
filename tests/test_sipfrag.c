/* sipfrag: writer (golden files, every short buffer), parser (RFC 3420 and
 * RFC 3515 corpus fragments, edge cases), writer -> parser round trip,
 * Content-Type helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/sipfrag.h"
#include "tap.h"

static unsigned char arena_mem[32768];

/* ---- writer ------------------------------------------------------------ */

struct wop {
	char kind; /* 's' status, 'r' request line, 'h' header, 'b' body */
	unsigned code;
	const char *a; /* reason (NULL: default phrase) / method / name / ctype */
	const char *b; /* request-uri / value / body */
};

struct wcase {
	const char *why;
	const char *golden; /* file under tests/golden/sipfrag, or NULL */
	int rc;             /* expected status of sw_sipfrag_finish */
	struct wop ops[6];
};

static const struct wcase wcases[] = {
	{ "RFC 3515 §2.4.5 status line only", "status-200.frag", SW_OK, { { 's', 200, NULL, NULL } } },
	{ "RFC 3420 §3.1 status line only", "status-603.frag", SW_OK, { { 's', 603, "Declined", NULL } } },
	{ "RFC 3261 §25.1 empty Reason-Phrase keeps its SP", "status-299-empty-reason.frag", SW_OK,
	  { { 's', 299, NULL, NULL } } },
	{ "real reason phrase of any length is kept", "status-486-long-reason.frag", SW_OK,
	  { { 's', 486, "Busy Here - the callee is on another call and asked not to be disturbed for the next hour", NULL } } },
	{ "RFC 3420 §3.1 request line only", "request-invite.frag", SW_OK,
	  { { 'r', 0, "INVITE", "sip:alice@atlanta.com" } } },
	{ "RFC 3420 §3.1 status line and Warning", "status-400-warning.frag", SW_OK,
	  { { 's', 400, NULL, NULL }, { 'h', 0, "Warning", "399 atlanta.com Your Event header field was malformed" } } },
	{ "RFC 3420 §3.1 headers without a start line", "headers-only.frag", SW_OK,
	  { { 'h', 0, "From", "Alice <sip:alice@atlanta.com>" }, { 'h', 0, "Call-ID", "a84b4c76e66710" } } },
	{ "RFC 3420 §2 body with Content-Type, Content-Length and empty line", "status-text-body.frag", SW_OK,
	  { { 's', 200, "OK", NULL }, { 'b', 0, "text/plain", "Hi There!\r\n" } } },
	{ "RFC 3420 §3.1 headers and body, no start line", "headers-text-body.frag", SW_OK,
	  { { 'h', 0, "Content-Type", "text/plain" }, { 'b', 0, NULL, "Hi There!\r\n" } } },
	{ "RFC 3420 §2 empty body still gets its empty line", "status-empty-body.frag", SW_OK,
	  { { 's', 180, NULL, NULL }, { 'b', 0, NULL, "" } } },
	{ "status code below 100", NULL, SW_E_RANGE, { { 's', 99, "x", NULL } } },
	{ "status code above 699", NULL, SW_E_RANGE, { { 's', 700, "x", NULL } } },
	{ "CRLF inside the reason phrase would end the line", NULL, SW_E_INVAL,
	  { { 's', 200, "OK\r\nVia: x", NULL } } },
	{ "request line with LWS in the Request-URI", NULL, SW_E_INVAL,
	  { { 'r', 0, "INVITE", "sip:a@b; lr" } } },
	{ "request line with <> around the Request-URI", NULL, SW_E_INVAL,
	  { { 'r', 0, "INVITE", "<sip:a@b>" } } },
	{ "RFC 3261 §19.1.1 Request-URI without a scheme", NULL, SW_E_INVAL, { { 'r', 0, "INVITE", "alice" } } },
	{ "RFC 3261 §19.1.1 table 1 SIP Request-URI with headers", NULL, SW_E_INVAL,
	  { { 'r', 0, "INVITE", "sip:a@b?subject=x" } } },
	{ "method is not a token", NULL, SW_E_INVAL, { { 'r', 0, "IN VITE", "sip:a@b" } } },
	{ "header name is not a token", NULL, SW_E_INVAL, { { 'h', 0, "Bad Name", "x" } } },
	{ "header value with a bare LF", NULL, SW_E_INVAL, { { 'h', 0, "Subject", "a\nb" } } },
	{ "two start lines", NULL, SW_E_STATE, { { 's', 200, NULL, NULL }, { 's', 200, NULL, NULL } } },
	{ "start line after a header", NULL, SW_E_STATE,
	  { { 'h', 0, "Subject", "x" }, { 's', 200, NULL, NULL } } },
	{ "RFC 3261 §7.4.1 body without Content-Type", NULL, SW_E_STATE,
	  { { 's', 200, NULL, NULL }, { 'b', 0, NULL, "abc" } } },
	{ "RFC 3261 §7.4.1 two Content-Types", NULL, SW_E_STATE,
	  { { 'h', 0, "c", "text/plain" }, { 'b', 0, "text/plain", "abc" } } },
	{ "caller Content-Length that disagrees with the body", NULL, SW_E_LENGTH,
	  { { 'h', 0, "Content-Length", "4" }, { 'b', 0, "text/plain", "abc" } } },
	{ "header after the body", NULL, SW_E_STATE,
	  { { 'b', 0, NULL, "" }, { 'h', 0, "Subject", "x" } } },
	{ "first error sticks", NULL, SW_E_RANGE,
	  { { 's', 7, NULL, NULL }, { 'h', 0, "Bad Name", "x" } } },
};

static int
run_ops(const struct wcase *c, void *buf, size_t cap, size_t *len)
{
	struct sw_sipfrag_writer w;

	sw_sipfrag_writer_init(&w, buf, cap);
	for (const struct wop *o = c->ops; o < c->ops + 6 && o->kind != 0; o++) {
		const char *r = o->a;

		switch (o->kind) {
		case 's':
			if (r == NULL)
				r = sw_reason_phrase(o->code);
			sw_sipfrag_put_status(&w, o->code, r, strlen(r));
			break;
		case 'r':
			sw_sipfrag_put_request(&w, o->a, strlen(o->a), o->b, strlen(o->b));
			break;
		case 'h':
			sw_sipfrag_put_header(&w, o->a, strlen(o->a), o->b, strlen(o->b));
			break;
		case 'b':
			sw_sipfrag_put_body(&w, o->a, o->b, strlen(o->b));
			break;
		}
	}
	return sw_sipfrag_finish(&w, len);
}

static char *
golden(const char *name, size_t *len)
{
	char path[4096];
	const char *root = getenv("SW_SOURCE_ROOT");

	snprintf(path, sizeof(path), "%s/tests/golden/sipfrag/%s", root ? root : ".", name);
	return tap_slurp(path, len);
}

/* The writer never writes past cap and reports SW_E_NOSPACE for every
 * buffer shorter than the fragment. */
static void
check_short_buffers(const struct wcase *c, size_t need)
{
	static char buf[512];
	int bad = 0;

	for (size_t cap = 0; cap < need && cap + 8 <= sizeof(buf); cap++) {
		size_t len = 0;

		memset(buf, 0x5a, sizeof(buf));
		if (run_ops(c, buf, cap, &len) != SW_E_NOSPACE)
			bad++;
		for (size_t i = cap; i < cap + 8; i++)
			bad += buf[i] != 0x5a;
	}
	tap_ok(bad == 0, "%s: SW_E_NOSPACE and no byte past cap for caps 0..%zu", c->why, need - 1);
}

/* Writer output parses back and keeps the start line and headers. */
static void
check_round_trip(const struct wcase *c, const char *out, size_t len)
{
	struct sw_arena a;
	struct sw_msg m;
	struct sw_err e = { 0 };
	int rc, ok;

	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	rc = sw_sipfrag_parse(out, len, NULL, &a, &m, &e);
	ok = rc == SW_OK;
	if (ok && c->ops[0].kind == 's')
		ok = m.kind == SW_MSG_RESPONSE && m.status == c->ops[0].code;
	if (ok && c->ops[0].kind == 'r')
		ok = m.kind == SW_MSG_REQUEST && sw_slice_eq(out, m.ruri, c->ops[0].b);
	for (int i = 0; ok && i < 6 && c->ops[i].kind != 0; i++)
		if (c->ops[i].kind == 'b')
			ok = m.body.len == strlen(c->ops[i].b) &&
			     memcmp(out + m.body.off, c->ops[i].b, m.body.len) == 0;
	tap_ok(ok, "%s: round trip through sw_sipfrag_parse (%s at %u)", c->why, sw_status_name(rc), e.off);
}

static void
test_writer(void)
{
	static char buf[1024];

	for (size_t i = 0; i < sizeof(wcases) / sizeof(wcases[0]); i++) {
		const struct wcase *c = &wcases[i];
		size_t len = 0, glen = 0;
		int rc = run_ops(c, buf, sizeof(buf), &len);
		char *g;

		if (c->golden == NULL) {
			tap_ok(rc == c->rc, "%s: %s (got %s)", c->why, sw_status_name(c->rc), sw_status_name(rc));
			continue;
		}
		g = golden(c->golden, &glen);
		tap_ok(rc == SW_OK && g != NULL && len == glen && memcmp(buf, g, len) == 0,
		       "%s: matches golden %s (rc %s, %zu bytes)", c->why, c->golden, sw_status_name(rc), len);
		free(g);
		check_short_buffers(c, len);
		check_round_trip(c, buf, len);
	}
}

static void
test_write_status(void)
{
	char buf[64];
	long n = sw_sipfrag_write_status(buf, sizeof(buf), 503, NULL, 0);

	tap_ok(n == 33 && memcmp(buf, "SIP/2.0 503 Service Unavailable\r\n", 33) == 0,
	       "RFC 3515 §2.4.5 503 with its RFC 3261 §21 phrase");
	tap_ok(sw_sipfrag_write_status(buf, 15, 200, NULL, 0) == SW_E_NOSPACE,
	       "16-byte status line into 15 bytes is SW_E_NOSPACE");
	tap_ok(sw_sipfrag_write_status(buf, 16, 200, NULL, 0) == 16, "exact fit");
	tap_ok(sw_sipfrag_write_status(buf, sizeof(buf), 1000, NULL, 0) == SW_E_RANGE, "code 1000");
	tap_ok(strcmp(sw_reason_phrase(603), "Decline") == 0 && strcmp(sw_reason_phrase(199), "") == 0,
	       "RFC 3261 §21.6.2 603 Decline; unknown code has an empty phrase");
}

/* ---- Content-Type -------------------------------------------------------- */

struct ctcase {
	const char *why;
	const char *value;
	int rc;
	const char *version; /* expected version slice text, "" when absent */
};

static const struct ctcase ctcases[] = {
	{ "RFC 3515 §2.4.5 with version", "message/sipfrag;version=2.0", SW_OK, "2.0" },
	{ "RFC 3420 §5 version defaults to 2.0", "message/sipfrag", SW_OK, "" },
	{ "RFC 3261 §7.3.1 case-insensitive type, LWS around ';' '='", "Message/SIPfrag ; Version = \"2.0\"",
	  SW_OK, "2.0" },
	{ "other parameters are skipped", "message/sipfrag;charset=utf-8;version=2.0", SW_OK, "2.0" },
	{ "RFC 3420 §5 version other than 2.0", "message/sipfrag;version=3.0", SW_E_VERSION, "3.0" },
	{ "another media type", "application/sdp", SW_E_NOTFOUND, "" },
	{ "message/sip is not sipfrag", "message/sip", SW_E_NOTFOUND, "" },
	{ "missing subtype", "message/", SW_E_MALFORMED, "" },
	{ "parameter without value", "message/sipfrag;version", SW_E_MALFORMED, "" },
	{ "unterminated quoted value", "message/sipfrag;version=\"2.0", SW_E_MALFORMED, "" },
};

static void
test_ctype(void)
{
	char buf[64];
	size_t len = 0;

	for (size_t i = 0; i < sizeof(ctcases) / sizeof(ctcases[0]); i++) {
		const struct ctcase *c = &ctcases[i];
		struct sw_slice ver = { 0, 0 };
		struct sw_err e = { 0 };
		int rc = sw_sipfrag_ctype_parse(c->value, sw_slice_make(0, (uint32_t)strlen(c->value)), &ver, &e);
		int vok = rc == SW_E_MALFORMED || rc == SW_E_NOTFOUND || sw_slice_eq(c->value, ver, c->version);

		tap_ok(rc == c->rc && vok, "Content-Type %s: %s (got %s)", c->why, sw_status_name(c->rc),
		       sw_status_name(rc));
	}
	tap_ok(sw_sipfrag_ctype_write(buf, sizeof(buf), NULL, &len) == SW_OK && len == strlen(SW_SIPFRAG_CTYPE) &&
	       memcmp(buf, SW_SIPFRAG_CTYPE, len) == 0, "Content-Type writer: default version 2.0");
	tap_ok(sw_sipfrag_ctype_write(buf, 26, NULL, &len) == SW_E_NOSPACE, "Content-Type writer: NOSPACE");
	tap_ok(sw_sipfrag_ctype_write(buf, sizeof(buf), "2.x", &len) == SW_E_INVAL, "Content-Type writer: bad version");
}

/* ---- parser: corpus ------------------------------------------------------ */

struct ccase {
	const char *file;   /* under corpus/examples */
	int rc;
	const char *marker; /* error offset = offset of this text (+delta); NULL: not checked */
	int delta;
	int status;         /* expected status code when rc == SW_OK and > 0 */
};

static const struct ccase ccases[] = {
	{ "rfc3420-valid-1-request-line-only.sip", SW_OK, NULL, 0, 0 },
	{ "rfc3420-valid-2-status-line-only.sip", SW_OK, NULL, 0, 603 },
	{ "rfc3420-valid-3-register-subset.sip", SW_OK, NULL, 0, 0 },
	{ "rfc3420-valid-4-400-with-warning.sip", SW_OK, NULL, 0, 400 },
	{ "rfc3420-valid-5-no-start-line.sip", SW_OK, NULL, 0, 0 },
	{ "rfc3420-valid-6-200-with-sdp-body.sip", SW_OK, NULL, 0, 200 },
	{ "rfc3420-valid-7-headers-and-text-body.sip", SW_OK, NULL, 0, 0 },
	{ "rfc3420-invalid-1-incomplete-request-line.sip", SW_E_MALFORMED, "\r\n", 0, 0 },
	{ "rfc3420-invalid-2-bad-sip-version.sip", SW_E_VERSION, "SIP/1.09", 0, 0 },
	{ "rfc3420-invalid-3-status-line-no-code.sip", SW_E_MALFORMED, "\r\n", 0, 0 },
	{ "rfc3420-invalid-4-status-line-no-version.sip", SW_E_MALFORMED, "Found", 0, 0 },
	{ "rfc3420-invalid-5-invalid-via-and-to.sip", SW_E_MALFORMED, ";branch", 0, 0 },
	{ "rfc3420-invalid-6-invalid-call-id.sip", SW_E_MALFORMED, " is invalid", 0, 0 },
	{ "rfc3420-invalid-7-duplicate-from-tag.sip", SW_E_MALFORMED, "tag=z9hG4bK99234", 0, 0 },
	{ "rfc3420-invalid-8-body-without-headers.sip", SW_E_MALFORMED, "There!", 0, 0 },
	{ "rfc3515-sipfrag-100.sip", SW_OK, NULL, 0, 100 },
	{ "rfc3515-sipfrag-200.sip", SW_OK, NULL, 0, 200 },
	{ "rfc3515-sipfrag-503.sip", SW_OK, NULL, 0, 503 },
	{ "rfc3515-sipfrag-603.sip", SW_OK, NULL, 0, 603 },
};

static void
test_corpus(void)
{
	for (size_t i = 0; i < sizeof(ccases) / sizeof(ccases[0]); i++) {
		const struct ccase *c = &ccases[i];
		char rel[256];
		size_t len = 0;
		char *buf;
		struct sw_arena a;
		struct sw_msg m;
		struct sw_err e = { 0 };
		int rc, ok;

		snprintf(rel, sizeof(rel), "examples/%s", c->file);
		buf = tap_slurp(tap_corpus(rel), &len);
		if (buf == NULL) {
			tap_ok(0, "%s: cannot read the corpus file", c->file);
			continue;
		}
		sw_arena_init(&a, arena_mem, sizeof(arena_mem));
		rc = sw_sipfrag_parse(buf, len, NULL, &a, &m, &e);
		ok = rc == c->rc;
		if (ok && c->marker != NULL)
			ok = strstr(buf, c->marker) != NULL &&
			     e.off == (unsigned)(strstr(buf, c->marker) - buf + c->delta);
		if (ok && c->status > 0)
			ok = m.kind == SW_MSG_RESPONSE && m.status == c->status;
		tap_ok(ok, "RFC 3420/3515 %s: %s (got %s at %u: %s)", c->file, sw_status_name(c->rc),
		       sw_status_name(rc), e.off, e.detail ? e.detail : "");
		free(buf);
	}
}

/* RFC 3515 §4 NOTIFY messages: the message parses and its body is a valid
 * message/sipfrag announced as such. */
static void
test_notify_bodies(void)
{
	static const struct {
		const char *file;
		unsigned status;
	} files[] = {
		{ "rfc3515-f3-notify-100-trying.sip", 100 },
		{ "rfc3515-f5-notify-200-ok.sip", 200 },
		{ "rfc3515-f9-notify-100-trying.sip", 100 },
		{ "rfc3515-f11-notify-200-ok.sip", 200 },
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char rel[256];
		size_t len = 0;
		char *buf;
		struct sw_arena a;
		struct sw_msg m, f;
		struct sw_err e = { 0 };
		const struct sw_hdr *ct;
		int rc, ok;

		snprintf(rel, sizeof(rel), "examples/%s", files[i].file);
		buf = tap_slurp(tap_corpus(rel), &len);
		if (buf == NULL) {
			tap_ok(0, "%s: cannot read the corpus file", files[i].file);
			continue;
		}
		sw_arena_init(&a, arena_mem, sizeof(arena_mem));
		rc = sw_msg_parse(buf, len, NULL, &a, &m, &e);
		ct = rc == SW_OK ? sw_msg_first(&m, SW_HDR_CONTENT_TYPE) : NULL;
		ok = ct != NULL && sw_sipfrag_ctype_parse(buf, ct->value, NULL, &e) == SW_OK;
		if (ok)
			rc = sw_sipfrag_parse(buf + m.body.off, m.body.len, NULL, &a, &f, &e);
		ok = ok && rc == SW_OK && f.kind == SW_MSG_RESPONSE && f.status == files[i].status;
		tap_ok(ok, "RFC 3515 §4 %s: body is message/sipfrag %u (%s)", files[i].file, files[i].status,
		       sw_status_name(rc));
		free(buf);
	}
}

/* ---- parser: edge cases ------------------------------------------------- */

struct pcase {
	const char *why;
	const char *frag;
	int rc;
};

static const struct pcase pcases[] = {
	{ "RFC 3420 §2 empty fragment", "", SW_OK },
	{ "RFC 3420 §2 only the empty line", "\r\n", SW_OK },
	{ "RFC 3420 §2 body without any header", "\r\nabc", SW_E_MALFORMED },
	{ "RFC 3420 §2 status line without CRLF", "SIP/2.0 200 OK", SW_E_MALFORMED },
	{ "RFC 3420 §2 header line cut short", "SIP/2.0 200 OK\r\nSubject: x", SW_E_MALFORMED },
	{ "RFC 3261 §7.5 LF-only line end", "SIP/2.0 200 OK\n", SW_E_MALFORMED },
	{ "Content-Length shorter than the body", "Content-Type: text/plain\r\nl: 2\r\n\r\nabc", SW_E_LENGTH },
	{ "Content-Length longer than the body", "Content-Type: text/plain\r\nl: 4\r\n\r\nabc", SW_E_LENGTH },
	{ "Content-Type without Content-Length frames to the end", "c: text/plain\r\n\r\nabc", SW_OK },
	{ "RFC 3261 §20.42 Via with IPv6 sent-by and port", "Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKx\r\n", SW_OK },
	{ "RFC 3261 §20.42 two via-parms in one line, LWS around '/'",
	  "v: SIP / 2.0 / TCP a.example.com ;received=192.0.2.1, SIP/2.0/UDP b.example.com:5070\r\n", SW_OK },
	{ "Via without sent-by", "Via: SIP/2.0/UDP\r\n", SW_E_MALFORMED },
	{ "Via with a bad port", "Via: SIP/2.0/UDP a.example.com:50600x\r\n", SW_E_MALFORMED },
	{ "Via: trailing comma", "Via: SIP/2.0/UDP a.example.com,\r\n", SW_E_MALFORMED },
	{ "RFC 3261 §25.1 Call-ID with '@'", "i: f81d4fae-7dec-11d0-a765@foo.bar.com\r\n", SW_OK },
	{ "Call-ID with an empty word after '@'", "Call-ID: abc@\r\n", SW_E_MALFORMED },
	{ "RFC 3261 §20.22 Max-Forwards 256", "Max-Forwards: 256\r\n", SW_E_RANGE },
	{ "Max-Forwards not a number", "Max-Forwards: ten\r\n", SW_E_MALFORMED },
	{ "Content-Type without subtype", "Content-Type: text\r\n", SW_E_MALFORMED },
	{ "RFC 3261 §20.16 CSeq without method", "CSeq: 1\r\n", SW_E_MALFORMED },
	{ "RFC 3420 §3.2 two tags in To", "To: <sip:a@b>;tag=1;tag=2\r\n", SW_E_MALFORMED },
	{ "one tag in To and From", "To: <sip:a@b>;tag=1\r\nf: sip:c@d;tag=2\r\n", SW_OK },
	{ "RFC 3261 §7.3.1 From twice", "From: <sip:a@b>\r\nFrom: <sip:a@b>\r\n", SW_E_MALFORMED },
	{ "RFC 3420 §3.1 Contact list folded over two lines",
	  "Contact: <sip:a@b>;q=0.9,\r\n <sip:c@d>;q=0.1\r\n", SW_OK },
	{ "Contact entry that is not a name-addr", "Contact: <sip:a@b\r\n", SW_E_MALFORMED },
};

static void
test_parser_cases(void)
{
	for (size_t i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		const struct pcase *c = &pcases[i];
		struct sw_arena a;
		struct sw_msg m;
		struct sw_err e = { 0 };
		int rc;

		sw_arena_init(&a, arena_mem, sizeof(arena_mem));
		rc = sw_sipfrag_parse(c->frag, strlen(c->frag), NULL, &a, &m, &e);
		tap_ok(rc == c->rc, "%s: %s (got %s at %u: %s)", c->why, sw_status_name(c->rc),
		       sw_status_name(rc), e.off, e.detail ? e.detail : "");
	}
}

int
main(void)
{
	test_writer();
	test_write_status();
	test_ctype();
	test_corpus();
	test_notify_bodies();
	test_parser_cases();
	return tap_done();
}
