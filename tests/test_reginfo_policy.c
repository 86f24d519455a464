/* reginfo topology hiding through sw_policy_apply (--reginfo-host-map):
 * NOTIFY Event: reg towards the access side, body regenerated through the
 * edit engine (RFC 3680 §5, RFC 6665 §8.2.1).
 *
 * `test_reginfo_policy --emit DIR` writes the rewritten bodies for the
 * xmllint test instead of testing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reginfo_util.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/policy.h"
#include "sipwire/reginfo.h"
#include "tap.h"

static struct ru_ctx ctx;

struct map_case {
	const char *map;
	int rc;
};

static const struct map_case map_cases[] = {
	{ "pc33.example.com=sbc.example.net", SW_OK },
	{ "192.0.2.1=203.0.113.5,[2001:db8::1]=edge.example", SW_OK },
	{ "", SW_E_INVAL },
	{ "a=", SW_E_INVAL },
	{ "=b", SW_E_INVAL },
	{ "a=b,", SW_E_INVAL },
	{ "a b=c", SW_E_INVAL },
	{ "a=b=c", SW_E_INVAL },
	{ "a=<b>", SW_E_INVAL },
};

static void
test_map_option(void)
{
	for (size_t i = 0; i < sizeof(map_cases) / sizeof(map_cases[0]); i++) {
		struct sw_policy p;
		struct sw_err err = { 0, 0, NULL };
		int rc;

		sw_policy_init(&p);
		rc = sw_policy_set(&p, "reginfo-host-map", map_cases[i].map, &err);
		tap_ok(rc == map_cases[i].rc, "--reginfo-host-map '%s': %s", map_cases[i].map,
		       sw_status_name(rc));
	}
}

#define NOTIFY_HEAD(event, ctype) \
	"NOTIFY sip:ua@198.51.100.7:5060 SIP/2.0\r\n" \
	"Via: SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKnasfd6\r\n" \
	"From: <sip:alice@example.com>;tag=xfg9\r\n" \
	"To: <sip:ua@example.com>;tag=7ks1\r\n" \
	"Call-ID: 9asd8f7@192.0.2.99\r\n" \
	"CSeq: 41 NOTIFY\r\n" \
	"Event: " event "\r\n" \
	"Subscription-State: active;expires=3600\r\n" \
	"Content-Type: " ctype "\r\n"

static const char body_core[] =
	"<?xml version=\"1.0\"?>\n"
	"<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"4\" state=\"full\">\n"
	" <registration aor=\"sip:alice@example.com\" id=\"a7\" state=\"active\">\n"
	"  <contact id=\"76\" state=\"active\" event=\"registered\" expires=\"3600\" q=\"0.8\""
	" callid=\"1j9FpLxk3uxtm8tn@pc33.example.com\" cseq=\"54321\">\n"
	"   <uri>sip:alice@PC33.example.com:5060;transport=tcp</uri>\n"
	"   <display-name xml:lang=\"en\">Alice &amp; &lt;Bob&gt; \"A\" 'B'</display-name>\n"
	"   <unknown-param name=\"+sip.instance\">\"&lt;urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6&gt;\"</unknown-param>\n"
	"   <unknown-param name=\"reg-id\">1</unknown-param>\n"
	"   <unknown-param name=\"x-internal-hop\">core-7.example.internal</unknown-param>\n"
	"   <gr:pub-gruu xmlns:gr=\"urn:ietf:params:xml:ns:gruuinfo\" uri=\"sip:alice@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\"/>\n"
	"  </contact>\n"
	"  <contact id=\"77\" state=\"terminated\" event=\"expired\">\n"
	"   <uri>sip:alice@192.0.2.1</uri>\n"
	"  </contact>\n"
	" </registration>\n"
	"</reginfo>\n";

struct run {
	char in[8192], out[16384];
	size_t in_len, out_len;
	unsigned char mm[2][16384], scratch[1 << 18];
	struct sw_arena ma[2], sa;
	struct sw_msg m, m2;
	struct sw_edits e;
	unsigned fired;
	int rc, apply_rc;
	struct sw_err err;
};

/* Build head + body, run the policy, apply the edits into r->out. */
static void
run(struct run *r, const char *head, const char *body, const char *map, enum sw_direction dir,
    size_t scratch)
{
	struct sw_policy p;

	r->in_len = (size_t)snprintf(r->in, sizeof(r->in), "%sContent-Length: %zu\r\n\r\n%s", head,
				     strlen(body), body);
	sw_arena_init(&r->ma[0], r->mm[0], sizeof(r->mm[0]));
	sw_arena_init(&r->ma[1], r->mm[1], sizeof(r->mm[1]));
	sw_arena_init(&r->sa, r->scratch, scratch);
	memset(&r->err, 0, sizeof(r->err));
	r->apply_rc = -100;
	r->out_len = 0;
	sw_policy_init(&p);
	if (map != NULL && sw_policy_set(&p, "reginfo-host-map", map, NULL) != SW_OK) {
		r->rc = -200;
		return;
	}
	if (sw_msg_parse(r->in, r->in_len, NULL, &r->ma[0], &r->m, NULL) != SW_OK) {
		r->rc = -300;
		return;
	}
	r->rc = sw_policy_apply(r->in, &r->m, &p, dir, NULL, &r->sa, &r->e, &r->fired, &r->err);
	if (r->rc == SW_OK)
		r->apply_rc = sw_edits_apply_to(r->in, r->in_len, &r->m, &r->e, r->out,
						sizeof(r->out), &r->out_len, NULL);
}

static void
test_rewrite(void)
{
	static struct run r;
	static char d[8192];
	int rc;

	run(&r, NOTIFY_HEAD("reg", "application/reginfo+xml"), body_core,
	    "pc33.example.com=sbc.example.net,192.0.2.1=203.0.113.5", SW_DIR_CORE, sizeof(r.scratch));
	tap_ok(r.rc == SW_OK && r.fired == SW_POL_REGINFO && sw_edits_count(&r.e) == 1 &&
	       r.apply_rc == SW_OK, "NOTIFY Event: reg to the access side: one body edit (rc %d)",
	       r.rc);
	rc = sw_msg_parse(r.out, r.out_len, NULL, &r.ma[1], &r.m2, NULL);
	tap_ok(rc == SW_OK && r.m2.content_length == (int64_t)r.m2.body.len,
	       "RFC 3261 §20.14: Content-Length follows the new body (%lld)",
	       (long long)r.m2.content_length);
	if (rc != SW_OK)
		return;
	ru_emit("policy-rewritten", r.out + r.m2.body.off, r.m2.body.len);
	rc = ru_parse(&ctx, r.out + r.m2.body.off, r.m2.body.len, NULL);
	ru_digest(d, sizeof(d), &ctx.v);
	if (!tap_ok(rc == SW_OK && strcmp(d,
		"v=4 full | reg aor=sip:alice@example.com id=a7 st=active"
		" | c id=76 st=active ev=registered uri=sip:alice@sbc.example.net:5060;transport=tcp"
		" exp=3600 q=800 dn=Alice & <Bob> \"A\" 'B' lang=en"
		" p=+sip.instance =\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\" p=reg-id =1"
		" pub=sip:alice@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
		" | c id=77 st=terminated ev=expired uri=sip:alice@203.0.113.5") == 0,
		"hosts mapped (case-insensitive), callid/cseq dropped, params allow-listed"))
		tap_diag("%s", d);
	tap_ok(strstr(r.out, "core-7.example.internal") == NULL && strstr(r.out, "pc33") == NULL &&
	       strstr(r.out, "PC33") == NULL && strstr(r.out, "54321") == NULL,
	       "no trace of the core topology in the rewritten message");
	tap_ok(memcmp(r.out, r.in, r.m.body.off - 22) == 0,
	       "the headers before Content-Length are untouched");
}

struct skip_case {
	const char *why;
	const char *head;
	const char *body;
	const char *map;
	enum sw_direction dir;
	int rc;
};

static const char body_clean[] =
	"<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"1\" state=\"partial\">"
	"<registration aor=\"sip:a@example.com\" id=\"r\" state=\"active\">"
	"<contact id=\"1\" state=\"active\" event=\"refreshed\"><uri>sip:a@edge.example</uri>"
	"<unknown-param name=\"reg-id\">2</unknown-param></contact></registration></reginfo>";

static const struct skip_case skip_cases[] = {
	{ "towards the core: untouched", NOTIFY_HEAD("reg", "application/reginfo+xml"), body_core,
	  "pc33.example.com=x.example", SW_DIR_ACCESS, SW_OK },
	{ "Event: refer: not ours", NOTIFY_HEAD("refer", "message/sipfrag"), "SIP/2.0 200 OK\r\n",
	  "pc33.example.com=x.example", SW_DIR_CORE, SW_OK },
	{ "Event: regx is another package", NOTIFY_HEAD("regx", "application/reginfo+xml"),
	  body_core, "pc33.example.com=x.example", SW_DIR_CORE, SW_OK },
	{ "other Content-Type: untouched", NOTIFY_HEAD("reg", "application/xml"), body_core,
	  "pc33.example.com=x.example", SW_DIR_CORE, SW_OK },
	{ "no host map configured: untouched", NOTIFY_HEAD("reg", "application/reginfo+xml"),
	  body_core, NULL, SW_DIR_CORE, SW_OK },
	{ "nothing to hide: no edit", NOTIFY_HEAD("reg;id=5", "application/reginfo+xml"), body_clean,
	  "pc33.example.com=x.example", SW_DIR_CORE, SW_OK },
	{ "invalid body: left unchanged, reported", NOTIFY_HEAD("reg", "application/reginfo+xml"),
	  "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"1\" state=\"full\"><oops>",
	  "pc33.example.com=x.example", SW_DIR_CORE, SW_E_XML },
	{ "DOCTYPE in the body: refused, unchanged",
	  NOTIFY_HEAD("reg", "application/reginfo+xml"),
	  "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
	  "pc33.example.com=x.example", SW_DIR_CORE, SW_E_XML },
};

static void
test_skips(void)
{
	static struct run r;

	for (size_t i = 0; i < sizeof(skip_cases) / sizeof(skip_cases[0]); i++) {
		const struct skip_case *s = &skip_cases[i];

		run(&r, s->head, s->body, s->map, s->dir, sizeof(r.scratch));
		tap_ok(r.rc == s->rc && sw_edits_count(&r.e) == 0 && r.fired == 0 &&
		       (r.rc == SW_OK || (r.err.off >= r.m.body.off && r.err.detail != NULL)),
		       "%s (rc %s, %u edits)", s->why, sw_status_name(r.rc), sw_edits_count(&r.e));
	}
	run(&r, NOTIFY_HEAD("reg", "application/reginfo+xml"), body_core,
	    "pc33.example.com=sbc.example.net", SW_DIR_CORE, 4096);
	tap_ok(r.rc == SW_E_NOSPACE && sw_edits_count(&r.e) == 0 && r.sa.used == 0,
	       "scratch too small: SW_E_NOSPACE, no edit, scratch rewound");
	run(&r, NOTIFY_HEAD("reg", "application/reginfo+xml"), body_core,
	    "pc33.example.com=sbc.example.net", SW_DIR_CORE,
	    SW_RI_POLICY_SCRATCH(sizeof(body_core) - 1));
	tap_ok(r.rc == SW_OK && sw_edits_count(&r.e) == 1,
	       "SW_RI_POLICY_SCRATCH(body) is enough (%zu bytes used)", r.sa.used);
}

/* The RFC 5628 §8.2 NOTIFY (three registrations with GRUUs) from the
 * corpus, with 48 KiB of scratch: what fits beside the message parse in
 * a 64 KiB per-lcore arena. */
static void
test_corpus_notify(void)
{
	static struct run r;
	size_t len = 0;
	char *msg = tap_slurp(tap_corpus("examples/rfc5628-sec8.2-notify-reginfo-gruu.sip"), &len);
	struct sw_policy p;
	int rc;

	if (!tap_ok(msg != NULL && len < sizeof(r.in), "corpus NOTIFY readable"))
		return;
	memcpy(r.in, msg, len);
	r.in_len = len;
	free(msg);
	sw_arena_init(&r.ma[0], r.mm[0], sizeof(r.mm[0]));
	sw_arena_init(&r.ma[1], r.mm[1], sizeof(r.mm[1]));
	sw_arena_init(&r.sa, r.scratch, 48 * 1024);
	sw_policy_init(&p);
	rc = sw_policy_set(&p, "reginfo-host-map", "ua.example.com=edge.example.net", NULL);
	if (rc == SW_OK)
		rc = sw_msg_parse(r.in, r.in_len, NULL, &r.ma[0], &r.m, NULL);
	if (rc == SW_OK)
		rc = sw_policy_apply(r.in, &r.m, &p, SW_DIR_CORE, NULL, &r.sa, &r.e, &r.fired, NULL);
	if (rc == SW_OK)
		rc = sw_edits_apply_to(r.in, r.in_len, &r.m, &r.e, r.out, sizeof(r.out), &r.out_len, NULL);
	if (rc == SW_OK)
		rc = sw_msg_parse(r.out, r.out_len, NULL, &r.ma[1], &r.m2, NULL);
	tap_ok(rc == SW_OK && r.fired == SW_POL_REGINFO,
	       "RFC 5628 §8.2 NOTIFY rewritten within 48 KiB of scratch (%zu-byte body)",
	       (size_t)r.m.body.len);
	if (rc != SW_OK)
		return;
	ru_emit("policy-rfc5628-notify", r.out + r.m2.body.off, r.m2.body.len);
	rc = ru_parse(&ctx, r.out + r.m2.body.off, r.m2.body.len, NULL);
	tap_ok(rc == SW_OK && ctx.v.nregs == 3 && ctx.v.ncontacts == 3 &&
	       memcmp(ctx.v.contacts[2].uri.p, "sip:edge.example.net", 20) == 0 &&
	       !(ctx.v.contacts[0].has & SW_RI_HAS_CALLID) && ctx.v.nparams == 3,
	       "three registrations kept, hosts mapped, callid dropped, +sip.instance kept");
}

/* SW_RI_POLICY_SCRATCH holds for bodies from one to 300 contacts. */
static void
test_scratch_bound(void)
{
	static const unsigned ns[] = { 1, 10, 100, 300 };

	for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		size_t cap = 200 + 260 * ns[k], n, mlen;
		char *body = malloc(cap), *msg = malloc(cap + 1024);
		unsigned char *scratch, mm[16384];
		struct sw_arena a, sa;
		struct sw_msg m;
		struct sw_edits e;
		int changed = 0, rc;

		n = (size_t)snprintf(body, cap, "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" "
				     "version=\"1\" state=\"full\"><registration aor=\"sip:a@b\" "
				     "id=\"r\" state=\"active\">");
		for (unsigned i = 0; i < ns[k]; i++)
			n += (size_t)snprintf(body + n, cap - n,
				"<contact id=\"c%u\" state=\"active\" event=\"registered\" "
				"callid=\"x%u@core.internal\" cseq=\"%u\"><uri>sip:a@core.internal:%u</uri>"
				"<unknown-param name=\"reg-id\">1</unknown-param></contact>", i, i, i, 5060 + i);
		n += (size_t)snprintf(body + n, cap - n, "</registration></reginfo>");
		mlen = (size_t)snprintf(msg, cap + 1024, NOTIFY_HEAD("reg", "application/reginfo+xml")
					"Content-Length: %zu\r\n\r\n%s", n, body);
		scratch = malloc(SW_RI_POLICY_SCRATCH(n));
		sw_arena_init(&a, mm, sizeof(mm));
		sw_arena_init(&sa, scratch, SW_RI_POLICY_SCRATCH(n));
		sw_edits_init(&e);
		rc = sw_msg_parse(msg, mlen, NULL, &a, &m, NULL);
		if (rc == SW_OK)
			rc = sw_ri_policy_rewrite(msg, &m, "core.internal=edge.example", &sa, &e,
						  &changed, NULL);
		tap_ok(rc == SW_OK && changed == 1,
		       "%u contacts (%zu-byte body): SW_RI_POLICY_SCRATCH = %zu is enough (rc %d)",
		       ns[k], n, (size_t)SW_RI_POLICY_SCRATCH(n), rc);
		free(body);
		free(msg);
		free(scratch);
	}
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--emit") == 0)
		ru_emit_dir = argv[2];
	if (ru_init(&ctx, NULL) != SW_OK) {
		printf("Bail out! parser init\n");
		return 1;
	}
	test_rewrite();
	test_corpus_notify();
	if (ru_emit_dir != NULL)
		return 0;
	test_map_option();
	test_skips();
	test_scratch_bound();
	return tap_done();
}
