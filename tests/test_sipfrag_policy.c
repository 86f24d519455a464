/* sipfrag_policy: the topology-hiding sanitiser for refer NOTIFY bodies
 * (RFC 3515 §2.4.5, RFC 3420) on its own and through sw_policy_apply:
 * exactly the configured header fields survive, the start line is kept
 * byte for byte, Content-Length follows, invalid bodies stay unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/edit.h"
#include "sipwire/policy.h"
#include "sipwire/sipfrag.h"
#include "sipwire/sipfrag_policy.h"
#include "tap.h"

static unsigned char arena_mem[32768];
static unsigned char scratch_mem[4096];
static char msgbuf[4096], out[4096];

#define NOTIFY_HEAD(event, ctype)                                                          \
	"NOTIFY sip:alice@192.0.2.10:5060 SIP/2.0\r\n"                                     \
	"Via: SIP/2.0/UDP 192.0.2.55:5060;branch=z9hG4bK9fa3\r\n"                          \
	"From: <sip:bob@example.net>;tag=86\r\nTo: <sip:alice@example.net>;tag=93\r\n"     \
	"Call-ID: 3c26@192.0.2.10\r\nCSeq: 72 NOTIFY\r\nEvent: " event "\r\n"              \
	"Subscription-State: active;expires=60\r\nContent-Type: " ctype "\r\n"

struct scase {
	const char *why;
	const char *head;   /* NOTIFY header section without Content-Length */
	const char *body;   /* the sipfrag body */
	const char *keep;
	int rc;             /* sw_sipfrag_sanitize */
	const char *want;   /* body after apply (rc == 1), else NULL */
};

#define REFER_SF NOTIFY_HEAD("refer", "message/sipfrag;version=2.0")

static const struct scase scases[] = {
	{ "RFC 3515 §2.4.5 status-only body: nothing to remove", REFER_SF, "SIP/2.0 200 OK\r\n", NULL, 0, NULL },
	{ "only the named header survives, status line kept", REFER_SF,
	  "SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP core1.internal;branch=z9hG4bKc\r\n"
	  "Retry-After: 60\r\nContact: <sip:10.0.0.7>\r\n", "Retry-After", 1,
	  "SIP/2.0 486 Busy Here\r\nRetry-After: 60\r\n" },
	{ "default none: every header goes", REFER_SF,
	  "SIP/2.0 603 Declined\r\nServer: core-b2bua 4.2\r\nWarning: 399 core.internal \"x\"\r\n", "none", 1,
	  "SIP/2.0 603 Declined\r\n" },
	{ "RFC 3420 §2 the fragment's body, its Content-* and empty line go, even when named", REFER_SF,
	  "SIP/2.0 200 OK\r\nContent-Type: application/sdp\r\nContent-Length: 24\r\n\r\n"
	  "v=0\r\nc=IN IP4 10.0.0.7\r\n", "Content-Type,Content-Length", 1, "SIP/2.0 200 OK\r\n" },
	{ "RFC 3261 §7.3.3 compact f: kept by the name From; case-insensitive list", REFER_SF,
	  "SIP/2.0 180 Ringing\r\nf: <sip:carol@example.net>;tag=c1\r\nRecord-Route: <sip:10.0.0.1;lr>\r\n"
	  "X-Core-Node: n7\r\n", " from , x-core-node ", 1,
	  "SIP/2.0 180 Ringing\r\nf: <sip:carol@example.net>;tag=c1\r\nX-Core-Node: n7\r\n" },
	{ "kept lines keep their order, folds and odd spacing byte for byte", REFER_SF,
	  "SIP/2.0 503  Service  Unavailable (core overload) \r\nVia: SIP/2.0/UDP a.internal\r\n"
	  "Warning: 399 core.internal\r\n  \"busy\"\r\nVia: SIP/2.0/UDP b.internal\r\nRetry-After: 5\r\n",
	  "Retry-After,Warning", 1,
	  "SIP/2.0 503  Service  Unavailable (core overload) \r\nWarning: 399 core.internal\r\n  \"busy\"\r\n"
	  "Retry-After: 5\r\n" },
	{ "RFC 3420 §3.1 fragment without a start line becomes empty", REFER_SF,
	  "Warning: 399 core.internal oops\r\n", NULL, 1, "" },
	{ "RFC 6665 §8.2.1 event type case-insensitive, with id", NOTIFY_HEAD("Refer;id=93809824", "message/sipfrag"),
	  "SIP/2.0 100 Trying\r\nServer: x\r\n", NULL, 1, "SIP/2.0 100 Trying\r\n" },
	{ "RFC 3420 §3.2 invalid body is left alone and reported", REFER_SF, "SIP/2.0 200\r\nServer: x\r\n",
	  NULL, SW_E_MALFORMED, NULL },
	{ "RFC 3420 §2 header line without CRLF is reported", REFER_SF, "SIP/2.0 200 OK\r\nServer: x",
	  NULL, SW_E_MALFORMED, NULL },
	{ "RFC 3420 §5 version 3.0 is not ours to rewrite", NOTIFY_HEAD("refer", "message/sipfrag;version=3.0"),
	  "SIP/2.0 200 OK\r\nServer: x\r\n", NULL, SW_E_VERSION, NULL },
	{ "another event package is not touched", NOTIFY_HEAD("presence", "message/sipfrag"),
	  "SIP/2.0 200 OK\r\nServer: x\r\n", NULL, 0, NULL },
	{ "another body type is not touched", NOTIFY_HEAD("refer", "text/plain"),
	  "SIP/2.0 200 OK\r\nServer: x\r\n", NULL, 0, NULL },
};

static size_t
make_msg(const struct scase *c)
{
	return (size_t)snprintf(msgbuf, sizeof(msgbuf), "%sContent-Length: %zu\r\n\r\n%s", c->head,
				strlen(c->body), c->body);
}

static int
parse(const char *b, size_t len, struct sw_msg *m)
{
	struct sw_arena a;

	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	return sw_msg_parse(b, len, NULL, &a, m, NULL);
}

/* The rewritten message: Content-Length equals the new body, which is the
 * wanted text, parses as sipfrag, and starts with the original start line. */
static int
check_result(const struct scase *c, const char *o, size_t olen, const struct sw_msg *orig_frag)
{
	static unsigned char mem[16384];
	struct sw_msg m, f;
	struct sw_arena a;

	if (parse(o, olen, &m) != SW_OK || m.content_length != m.body.len ||
	    m.body.len != strlen(c->want) || memcmp(o + m.body.off, c->want, m.body.len) != 0)
		return 0;
	sw_arena_init(&a, mem, sizeof(mem));
	if (sw_sipfrag_parse(o + m.body.off, m.body.len, NULL, &a, &f, NULL) != SW_OK)
		return 0;
	return orig_frag->kind == SW_MSG_NONE ||
	       (f.start.len == orig_frag->start.len &&
		memcmp(o + m.body.off, c->body, f.start.len + 2) == 0);
}

static void
test_sanitize(void)
{
	for (size_t i = 0; i < sizeof(scases) / sizeof(scases[0]); i++) {
		const struct scase *c = &scases[i];
		size_t len = make_msg(c), olen = 0;
		struct sw_arena scratch, fa;
		struct sw_edits e;
		struct sw_msg m, frag;
		struct sw_err err = { 0 };
		int rc, ok;

		if (parse(msgbuf, len, &m) != SW_OK) {
			tap_ok(0, "%s: the NOTIFY parses", c->why);
			continue;
		}
		sw_arena_init(&scratch, scratch_mem, sizeof(scratch_mem));
		sw_arena_init(&fa, arena_mem + 16384, 16384);
		sw_edits_init(&e);
		rc = sw_sipfrag_sanitize(msgbuf, &m, c->keep, &scratch, &e, &err);
		ok = rc == c->rc && sw_arena_mark(&scratch) == 0;
		if (rc <= 0)
			ok = ok && sw_edits_count(&e) == 0;
		if (ok && rc == SW_E_MALFORMED)
			ok = err.off >= m.body.off && err.off <= len;
		if (ok && rc == 1) {
			sw_sipfrag_parse(msgbuf + m.body.off, m.body.len, NULL, &fa, &frag, NULL);
			ok = sw_edits_apply_to(msgbuf, len, &m, &e, out, sizeof(out), &olen, &err) == SW_OK &&
			     check_result(c, out, olen, &frag);
		}
		tap_ok(ok, "%s: %d (got %d: %s)", c->why, c->rc, rc, rc < 0 && err.detail ? err.detail : "");
	}
}

static void
test_keep_check(void)
{
	static const struct {
		const char *list;
		int rc;
	} cases[] = {
		{ "none", SW_OK }, { "Retry-After", SW_OK }, { "Warning, Retry-After ,X-A", SW_OK },
		{ "f,i", SW_OK }, { "", SW_E_INVAL }, { "Warning,", SW_E_INVAL }, { ",Warning", SW_E_INVAL },
		{ "Bad Name", SW_E_INVAL }, { "Warning;x", SW_E_INVAL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tap_ok(sw_sipfrag_keep_check(cases[i].list, NULL) == cases[i].rc,
		       "--sipfrag-headers '%s': %s", cases[i].list, sw_status_name(cases[i].rc));
}

/* Through the policy engine: the option, the direction and the fired bit. */
static void
test_policy(void)
{
	const struct scase *c = &scases[1];
	size_t len = make_msg(c), olen = 0;
	struct sw_policy p, off;
	struct sw_arena scratch;
	struct sw_edits e;
	struct sw_msg m;
	struct sw_err err = { 0 };
	unsigned fired = 0;
	int rc;

	sw_policy_init(&p);
	sw_policy_init(&off);
	tap_ok(sw_policy_set(&p, "sipfrag-headers", "Bad Name", &err) == SW_E_INVAL,
	       "sw_policy_set refuses a bad sipfrag-headers list");
	tap_ok(sw_policy_set(&p, "sipfrag-headers", "Retry-After", &err) == SW_OK,
	       "sw_policy_set takes sipfrag-headers Retry-After");
	parse(msgbuf, len, &m);
	sw_arena_init(&scratch, scratch_mem, sizeof(scratch_mem));
	rc = sw_policy_apply(msgbuf, &m, &p, SW_DIR_CORE, NULL, &scratch, &e, &fired, &err);
	if (rc == SW_OK && sw_edits_apply_to(msgbuf, len, &m, &e, out, sizeof(out) - 1, &olen, &err) == SW_OK)
		out[olen] = 0;
	else
		out[0] = 0;
	tap_ok(rc == SW_OK && fired == SW_POL_SIPFRAG &&
	       strstr(out, "\r\n\r\nSIP/2.0 486 Busy Here\r\nRetry-After: 60\r\n") != NULL &&
	       strstr(out, "Content-Length: 40\r\n") != NULL,
	       "towards the access side: sanitised, SW_POL_SIPFRAG fired, Content-Length 39");
	rc = sw_policy_apply(msgbuf, &m, &p, SW_DIR_ACCESS, NULL, &scratch, &e, &fired, &err);
	tap_ok(rc == SW_OK && fired == 0 && sw_edits_count(&e) == 0, "towards the core: untouched");
	rc = sw_policy_apply(msgbuf, &m, &off, SW_DIR_CORE, NULL, &scratch, &e, &fired, &err);
	tap_ok(rc == SW_OK && fired == 0 && sw_edits_count(&e) == 0, "sipfrag-headers not set: untouched");
	len = make_msg(&scases[8]);
	parse(msgbuf, len, &m);
	rc = sw_policy_apply(msgbuf, &m, &p, SW_DIR_CORE, NULL, &scratch, &e, &fired, &err);
	tap_ok(rc == SW_E_MALFORMED && sw_edits_count(&e) == 0 && fired == 0,
	       "invalid sipfrag: reported with its status, no edits (forwarded unchanged)");
}

int
main(void)
{
	test_sanitize();
	test_keep_check();
	test_policy();
	return tap_done();
}
