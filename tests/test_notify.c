/* notify: REFER-progress NOTIFY (RFC 3515 §2.4.4-2.4.6, checked against the
 * RFC 3515 §4 flows), reg SUBSCRIBE and reg NOTIFY (RFC 3680 §4) builders:
 * golden outputs, parse-back sanity, every short buffer, bad arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/notify.h"
#include "sipwire/reginfo.h"
#include "sipwire/sipfrag.h"
#include "tap.h"

static unsigned char arena_mem[32768];
static char out[4096];

/* A REFER inside a dialog that was record-routed by two proxies; the To
 * carries a tag, so Event: refer gets its id (RFC 3515 §2.4.6). */
static const char refer_rr[] =
	"REFER sip:bob@[2001:db8::20]:5062;transport=tcp SIP/2.0\r\n"
	"Via: SIP/2.0/TCP p1.example.net;branch=z9hG4bKp1\r\n"
	"Via: SIP/2.0/TCP [2001:db8::10]:5060;branch=z9hG4bKa\r\n"
	"Record-Route: <sip:p1.example.net;lr>\r\n"
	"Record-Route: <sip:p2.example.net;lr>, <sip:p3.example.net;lr>\r\n"
	"From: \"Alice\" <sip:alice@example.net>;tag=a1\r\n"
	"To: <sip:bob@example.net>;tag=b2\r\n"
	"Call-ID: 77c1@[2001:db8::10]\r\n"
	"CSeq: 4711 REFER\r\n"
	"Max-Forwards: 69\r\n"
	"Refer-To: <sip:carol@example.net>\r\n"
	"Contact: \"Alice\" <sip:alice@[2001:db8::10]:5060;transport=tcp>;expires=60\r\n"
	"Content-Length: 0\r\n\r\n";

static char *
slurp_rel(const char *dir, const char *name, size_t *len)
{
	char path[1024];

	if (strcmp(dir, "corpus") == 0) {
		snprintf(path, sizeof(path), "examples/%s", name);
		return tap_slurp(tap_corpus(path), len);
	}
	snprintf(path, sizeof(path), "%.900s/tests/golden/sipfrag/%s",
		 getenv("SW_SOURCE_ROOT") ? getenv("SW_SOURCE_ROOT") : ".", name);
	return tap_slurp(path, len);
}

/* What sw_msg_check would insist on for a request we send: it parses as a
 * datagram and as a stream, has exactly one From/To/Call-ID/CSeq/
 * Max-Forwards and at least one Via, CSeq names the method, Content-Length
 * equals the body, and sw_msg_check finds nothing to object to. */
static int
sane(const char *m, size_t len, const char *method, struct sw_msg *msg)
{
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;
	struct sw_arena a;
	struct sw_err e = { 0 };
	static const enum sw_hdr_id once[] = { SW_HDR_FROM, SW_HDR_TO, SW_HDR_CALL_ID, SW_HDR_CSEQ,
					       SW_HDR_MAX_FORWARDS, SW_HDR_CONTENT_LENGTH };

	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	cfg.mode = SW_MODE_STREAM;
	if (sw_msg_parse(m, len, &cfg, &a, msg, &e) != SW_OK || msg->len != len)
		return 0;
	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	if (sw_msg_parse(m, len, NULL, &a, msg, &e) != SW_OK || msg->kind != SW_MSG_REQUEST)
		return 0;
	for (size_t i = 0; i < sizeof(once) / sizeof(once[0]); i++)
		if (sw_msg_count(msg, once[i]) != 1)
			return 0;
	if (sw_msg_count(msg, SW_HDR_VIA) < 1 || !sw_slice_eq(m, msg->method_name, method) ||
	    !sw_slice_eq(m, msg->cseq_method, method) || msg->content_length != msg->body.len)
		return 0;
	return sw_msg_check(m, msg, &e) == SW_OK;
}

static int
parse_refer(const char *buf, size_t len, struct sw_msg *m)
{
	static unsigned char mem[16384];
	struct sw_arena a;

	sw_arena_init(&a, mem, sizeof(mem));
	return sw_msg_parse(buf, len, NULL, &a, m, NULL);
}

struct rcase {
	const char *why;
	const char *refer_file; /* corpus file, or NULL for refer_rr */
	const char *golden;
	struct sw_local_id local;
	struct sw_refer_notify p;
};

static const struct rcase rcases[] = {
	{ "RFC 3515 §4.1 F5 from F1: dialog-creating REFER, no id, local tag added",
	  "rfc3515-f1-refer.sip", "notify-refer-f5.sip",
	  { "agentb.atlanta.example.com", 0, NULL, "z9hG4bK9323394234", "b" },
	  { 200, NULL, SW_SUBSTATE_TERMINATED, 0, NULL, 1993403, "4992881234", SW_EVENT_ID_AUTO } },
	{ "RFC 3515 §4.2 F11 from F7: second REFER in the dialog gets ;id=",
	  "rfc3515-f7-refer.sip", "notify-refer-f11.sip",
	  { "agentb.atlanta.example.com", 0, "UDP", "z9hG4bK2994a93eb-fe", "b" },
	  { 200, "OK", SW_SUBSTATE_TERMINATED, 0, "noresource", 1993405, NULL, SW_EVENT_ID_AUTO } },
	{ "RFC 3261 §12.1.1 Record-Route becomes Route; TCP, IPv6, port, active",
	  NULL, "notify-refer-rr.sip",
	  { "[2001:db8::20]", 5062, "TCP", "z9hG4bKn1", NULL },
	  { 183, "Session Progress (early media towards Carol)", SW_SUBSTATE_ACTIVE, 58, NULL, 2,
	    NULL, SW_EVENT_ID_AUTO } },
};

static void
test_refer_golden(void)
{
	for (size_t i = 0; i < sizeof(rcases) / sizeof(rcases[0]); i++) {
		const struct rcase *c = &rcases[i];
		size_t rlen = 0, glen = 0, len = 0, bad = 0;
		char *refer = c->refer_file ? slurp_rel("corpus", c->refer_file, &rlen) : NULL;
		const char *rb = refer ? refer : refer_rr;
		char *g = slurp_rel("golden", c->golden, &glen);
		struct sw_msg rm, nm, fm;
		struct sw_arena a;
		struct sw_err e = { 0 };
		int rc;

		if (refer == NULL)
			rlen = sizeof(refer_rr) - 1;
		if (g == NULL || parse_refer(rb, rlen, &rm) != SW_OK) {
			tap_ok(0, "%s: inputs", c->why);
			continue;
		}
		rc = sw_notify_refer_build(rb, &rm, &c->local, &c->p, out, sizeof(out), &len, &e);
		tap_ok(rc == SW_OK && len == glen && memcmp(out, g, len) == 0, "%s: matches %s (%s: %s)",
		       c->why, c->golden, sw_status_name(rc), e.detail ? e.detail : "");
		tap_ok(rc == SW_OK && sane(out, len, "NOTIFY", &nm), "%s: parses back and is sane", c->why);
		sw_arena_init(&a, arena_mem, sizeof(arena_mem));
		tap_ok(rc == SW_OK && sw_sipfrag_parse(out + nm.body.off, nm.body.len, NULL, &a, &fm, &e) == SW_OK &&
		       fm.kind == SW_MSG_RESPONSE && fm.status == c->p.status && fm.nhdrs == 0,
		       "%s: body is a status-only sipfrag %u", c->why, c->p.status);
		for (size_t cap = 0; rc == SW_OK && cap < len; cap++) {
			memset(out, 0x5a, sizeof(out));
			bad += sw_notify_refer_build(rb, &rm, &c->local, &c->p, out, cap, &glen, &e) != SW_E_NOSPACE;
			bad += out[cap] != 0x5a;
		}
		tap_ok(rc == SW_OK && bad == 0, "%s: SW_E_NOSPACE, no byte past cap, for caps 0..%zu", c->why,
		       len - 1);
		free(g);
		free(refer);
	}
}

struct ecase {
	const char *why;
	const char *refer;
	struct sw_local_id local;
	struct sw_refer_notify p;
	int rc;
};

#define GOOD_LOCAL { "h.example.com", 5060, "UDP", "z9hG4bKx", NULL }
#define GOOD_REFER_HEAD "REFER sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKq\r\n" \
	"From: <sip:a@h>;tag=1\r\nCall-ID: c1\r\nCSeq: 5 REFER\r\n"

static const struct ecase ecases[] = {
	{ "RFC 3515 §2.4.4 needs a local tag when the REFER To has none",
	  GOOD_REFER_HEAD "To: <sip:b@h>\r\nContact: <sip:a@h>\r\n\r\n", GOOD_LOCAL,
	  { 200, NULL, SW_SUBSTATE_ACTIVE, 60, NULL, 1, NULL, SW_EVENT_ID_AUTO }, SW_E_INVAL },
	{ "a ;tag inside the URI is not a header tag",
	  GOOD_REFER_HEAD "To: <sip:b@h;tag=x>\r\nContact: <sip:a@h>\r\n\r\n", GOOD_LOCAL,
	  { 200, NULL, SW_SUBSTATE_ACTIVE, 60, NULL, 1, NULL, SW_EVENT_ID_AUTO }, SW_E_INVAL },
	{ "RFC 3261 §12.1.1 REFER without Contact has no remote target",
	  GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\n\r\n", GOOD_LOCAL,
	  { 200, NULL, SW_SUBSTATE_ACTIVE, 60, NULL, 1, NULL, SW_EVENT_ID_AUTO }, SW_E_NOTFOUND },
	{ "not a REFER", "NOTIFY sip:b@h SIP/2.0\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\n"
	  "Call-ID: c\r\nCSeq: 1 NOTIFY\r\nContact: <sip:a@h>\r\n\r\n", GOOD_LOCAL,
	  { 200, NULL, SW_SUBSTATE_ACTIVE, 60, NULL, 1, NULL, SW_EVENT_ID_AUTO }, SW_E_INVAL },
	{ "status 700", GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\nContact: <sip:a@h>\r\n\r\n", GOOD_LOCAL,
	  { 700, "x", SW_SUBSTATE_ACTIVE, 60, NULL, 1, NULL, SW_EVENT_ID_AUTO }, SW_E_RANGE },
	{ "RFC 3261 §8.1.1.5 CSeq 2**31", GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\nContact: <sip:a@h>\r\n\r\n",
	  GOOD_LOCAL, { 200, NULL, SW_SUBSTATE_ACTIVE, 60, NULL, 0x80000000u, NULL, SW_EVENT_ID_AUTO },
	  SW_E_RANGE },
	{ "RFC 3261 §8.1.1.7 branch without the magic cookie",
	  GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\nContact: <sip:a@h>\r\n\r\n",
	  { "h.example.com", 0, NULL, "abc", NULL },
	  { 200, NULL, SW_SUBSTATE_ACTIVE, 60, NULL, 1, NULL, SW_EVENT_ID_AUTO }, SW_E_INVAL },
	{ "local host with a space", GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\nContact: <sip:a@h>\r\n\r\n",
	  { "h example", 0, NULL, "z9hG4bK1", NULL },
	  { 200, NULL, SW_SUBSTATE_ACTIVE, 60, NULL, 1, NULL, SW_EVENT_ID_AUTO }, SW_E_INVAL },
	{ "reason phrase with CRLF", GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\nContact: <sip:a@h>\r\n\r\n",
	  GOOD_LOCAL, { 200, "OK\r\nX: y", SW_SUBSTATE_ACTIVE, 60, NULL, 1, NULL, SW_EVENT_ID_AUTO },
	  SW_E_INVAL },
	{ "terminated reason that is not a token",
	  GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\nContact: <sip:a@h>\r\n\r\n", GOOD_LOCAL,
	  { 200, NULL, SW_SUBSTATE_TERMINATED, 0, "no resource", 1, NULL, SW_EVENT_ID_AUTO }, SW_E_INVAL },
	{ "Contact without the closing '>'",
	  GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\nContact: <sip:a@h\r\n\r\n", GOOD_LOCAL,
	  { 200, NULL, SW_SUBSTATE_ACTIVE, 60, NULL, 1, NULL, SW_EVENT_ID_AUTO }, SW_E_MALFORMED },
	{ "RFC 3515 §2.4.6 EVENT_ID_NEVER and a bare addr-spec Contact",
	  GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\nContact: sip:a@h;expires=5\r\n\r\n", GOOD_LOCAL,
	  { 202, NULL, SW_SUBSTATE_PENDING, 60, NULL, 1, NULL, SW_EVENT_ID_NEVER }, SW_OK },
};

static void
test_refer_errors(void)
{
	for (size_t i = 0; i < sizeof(ecases) / sizeof(ecases[0]); i++) {
		const struct ecase *c = &ecases[i];
		struct sw_msg rm, nm;
		struct sw_err e = { 0 };
		size_t len = 0;
		int rc = parse_refer(c->refer, strlen(c->refer), &rm);

		if (rc == SW_OK)
			rc = sw_notify_refer_build(c->refer, &rm, &c->local, &c->p, out, sizeof(out), &len, &e);
		if (rc == SW_OK)
			out[len] = 0; /* for strstr; every message here is far below sizeof(out) */
		if (rc == SW_OK && c->rc == SW_OK)
			rc = sane(out, len, "NOTIFY", &nm) && strstr(out, "\r\nEvent: refer\r\n") &&
			     strstr(out, "NOTIFY sip:a@h;expires=5 SIP/2.0\r\n") == NULL ? SW_OK : SW_E_STATE;
		tap_ok(rc == c->rc, "%s: %s (got %s: %s)", c->why, sw_status_name(c->rc), sw_status_name(rc),
		       e.detail ? e.detail : "");
	}
}

/* The two-step path (prepare once, write per NOTIFY) gives the same bytes
 * as the one-shot builder, for 100 Trying then the final 200. */
static void
test_prepared(void)
{
	static char one[4096];
	const struct rcase *c = &rcases[2];
	struct sw_refer_notify p = c->p;
	struct sw_refer_dialog d;
	struct sw_local l;
	struct sw_msg rm;
	struct sw_err e = { 0 };
	size_t n1 = 0, n2 = 0;
	int ok = parse_refer(refer_rr, sizeof(refer_rr) - 1, &rm) == SW_OK &&
		 sw_refer_dialog_init(&d, refer_rr, &rm, &e) == SW_OK && sw_local_prepare(&l, &c->local, &e) == SW_OK;

	for (unsigned status = 100; ok && status <= 200; status += 100) {
		p.status = status;
		p.reason = NULL;
		ok = sw_notify_refer_build(refer_rr, &rm, &c->local, &p, one, sizeof(one), &n1, &e) == SW_OK &&
		     sw_notify_refer_write(refer_rr, &d, &l, c->local.branch, &p, out, sizeof(out), &n2, &e) == SW_OK &&
		     n1 == n2 && memcmp(one, out, n1) == 0;
	}
	tap_ok(ok, "sw_refer_dialog_init + sw_notify_refer_write == sw_notify_refer_build (100, 200)");
	tap_ok(d.nrr == 2 && d.to_tag == 1 && d.cseq == 4711, "dialog: 2 Record-Route lines, To tag, CSeq 4711");
	tap_ok(sw_notify_refer_write(refer_rr, &d, &l, "z9hG4bK", &p, out, sizeof(out), &n2, &e) == SW_E_INVAL,
	       "RFC 3261 §8.1.1.7 a branch that is only the magic cookie is refused");
}

static void
test_local_and_rr_limits(void)
{
	static char host[400], refer[2048];
	struct sw_local_id id = { host, 0, NULL, "z9hG4bK1", NULL };
	struct sw_refer_dialog d;
	struct sw_local l;
	struct sw_msg rm;
	struct sw_err e = { 0 };
	size_t n;

	memset(host, 'h', sizeof(host) - 1);
	tap_ok(sw_local_prepare(&l, &id, &e) == SW_E_TOOLONG, "a 399-byte local host is SW_E_TOOLONG");
	id.host = "a.example.com";
	id.transport = "TLS";
	id.user = "notifier";
	tap_ok(sw_local_prepare(&l, &id, &e) == SW_OK && l.contact_len == 53 &&
	       memcmp(l.contact, "Contact: <sip:notifier@a.example.com;transport=tls>\r\n", 53) == 0,
	       "RFC 3261 §19.1.1 TLS contact carries transport=tls, lower case");
	n = (size_t)snprintf(refer, sizeof(refer), "%s", GOOD_REFER_HEAD "To: <sip:b@h>;tag=2\r\nContact: <sip:a@h>\r\n");
	for (int i = 0; i <= SW_REFER_RR_MAX; i++)
		n += (size_t)snprintf(refer + n, sizeof(refer) - n, "Record-Route: <sip:p%d.example.net;lr>\r\n", i);
	n += (size_t)snprintf(refer + n, sizeof(refer) - n, "\r\n");
	tap_ok(parse_refer(refer, n, &rm) == SW_OK && sw_refer_dialog_init(&d, refer, &rm, &e) == SW_E_TOOMANY,
	       "more than SW_REFER_RR_MAX Record-Route lines is SW_E_TOOMANY");
}

/* ---- reg event ------------------------------------------------------------ */

static void
test_subscribe(void)
{
	struct sw_local_id local = { "app.example.com", 0, NULL, "z9hG4bKnashds7", NULL };
	struct sw_reg_subscribe p = { "sip:joe@example.com", "<sip:app.example.com>", "123aa9", NULL,
				      "9987@app.example.com", 9887, SW_REG_EXPIRES_DEFAULT, NULL };
	size_t len = 0, glen = 0;
	char *g = slurp_rel("golden", "subscribe-reg.sip", &glen);
	struct sw_msg m;
	struct sw_err e = { 0 };
	int rc = sw_subscribe_reg_build(&local, &p, out, sizeof(out), &len, &e);

	tap_ok(rc == SW_OK && g != NULL && len == glen && memcmp(out, g, len) == 0,
	       "RFC 3680 §4.1/§4.4/§4.5 SUBSCRIBE matches subscribe-reg.sip (%s)", sw_status_name(rc));
	tap_ok(rc == SW_OK && sane(out, len, "SUBSCRIBE", &m), "reg SUBSCRIBE parses back and is sane");
	free(g);
	p.expires = 0;
	p.to_tag = "xyzygg";
	p.route = "<sip:pcscf.example.com;lr>";
	rc = sw_subscribe_reg_build(&local, &p, out, sizeof(out) - 1, &len, &e);
	out[rc == SW_OK ? len : 0] = 0;
	tap_ok(rc == SW_OK && sane(out, len, "SUBSCRIBE", &m) && strstr(out, "\r\nExpires: 0\r\n") &&
	       strstr(out, "\r\nTo: <sip:joe@example.com>;tag=xyzygg\r\n") &&
	       strstr(out, "\r\nRoute: <sip:pcscf.example.com;lr>\r\n"),
	       "RFC 6665 §4.1.2.3 unsubscribe in the dialog: Expires 0, To tag, Route");
	{
		struct sw_reg_subscribe d = SW_REG_SUBSCRIBE_DEFAULTS;

		d.aor = "sip:joe@example.com";
		d.from = "<sip:app.example.com>";
		d.from_tag = "t";
		d.call_id = "c";
		tap_ok(sw_subscribe_reg_build(&local, &d, out, sizeof(out) - 1, &len, &e) == SW_OK &&
		       (out[len] = 0, strstr(out, "\r\nExpires: 3761\r\n") != NULL),
		       "RFC 3680 §4.4 SW_REG_SUBSCRIBE_DEFAULTS asks for 3761 s");
	}
	p.call_id = "has space";
	tap_ok(sw_subscribe_reg_build(&local, &p, out, sizeof(out), &len, &e) == SW_E_INVAL,
	       "Call-ID with a space is refused");
	p.call_id = "c";
	tap_ok(sw_subscribe_reg_build(&local, &p, out, 100, &len, &e) == SW_E_NOSPACE, "SUBSCRIBE into 100 bytes");
}

/* RFC 3680 §6 message (3) body, written by the callback in place. */
static const char reginfo_doc[] =
	"<?xml version=\"1.0\"?>\r\n"
	"<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\"\r\n"
	"             version=\"0\" state=\"full\">\r\n"
	"  <registration aor=\"sip:joe@example.com\" id=\"a7\" state=\"init\" />\r\n"
	"</reginfo>\r\n";

struct body_arg {
	const char *base; /* the output buffer, to prove the body is written in place */
	size_t base_cap;
	int in_place;
};

static int
write_reginfo(void *arg, char *dst, size_t cap, size_t *len)
{
	struct body_arg *ba = arg;

	ba->in_place = dst > ba->base && dst + cap == ba->base + ba->base_cap;
	if (cap < sizeof(reginfo_doc) - 1)
		return SW_E_NOSPACE;
	memcpy(dst, reginfo_doc, sizeof(reginfo_doc) - 1);
	*len = sizeof(reginfo_doc) - 1;
	return SW_OK;
}

static void
test_reg_notify(void)
{
	struct sw_local_id local = { "server19.example.com", 0, NULL, "z9hG4bKnasaii", NULL };
	struct sw_reg_notify p = { "sip:app.example.com", "sip:joe@example.com", "xyzygg",
				   "sip:app.example.com;tag=123aa9", "9987@app.example.com", 1288,
				   SW_SUBSTATE_ACTIVE, 3761, NULL, NULL };
	struct body_arg ba = { out, 1500, 0 };
	size_t len = 0, glen = 0, bad = 0;
	char *g = slurp_rel("golden", "notify-reg.sip", &glen);
	struct sw_msg m;
	struct sw_err e = { 0 };
	int rc = sw_notify_reg_build(&local, &p, write_reginfo, &ba, out, 1500, &len, &e);

	tap_ok(rc == SW_OK && g != NULL && len == glen && memcmp(out, g, len) == 0,
	       "RFC 3680 §6 (3) NOTIFY matches notify-reg.sip (%s)", sw_status_name(rc));
	tap_ok(rc == SW_OK && ba.in_place, "the body callback writes straight into the output buffer");
	tap_ok(rc == SW_OK && sane(out, len, "NOTIFY", &m) && m.body.len == sizeof(reginfo_doc) - 1,
	       "reg NOTIFY parses back, padded Content-Length equals the body");
	free(g);
	for (size_t cap = 0; cap < len; cap++) {
		ba.base_cap = cap;
		memset(out, 0x5a, sizeof(out));
		rc = sw_notify_reg_build(&local, &p, write_reginfo, &ba, out, cap, &glen, &e);
		/* a smaller buffer needs a narrower Content-Length field, so the
		 * message may still fit a byte or two below the 1500-byte size */
		if (rc == SW_OK)
			bad += cap + 3 < len || glen > cap || !sane(out, glen, "NOTIFY", &m);
		else
			bad += rc != SW_E_NOSPACE;
		bad += out[cap] != 0x5a;
	}
	tap_ok(bad == 0, "reg NOTIFY: SW_E_NOSPACE (or a narrower field that fits), no byte past cap, "
	       "for caps 0..%zu", len - 1);
	p.state = SW_SUBSTATE_TERMINATED;
	p.term_reason = "timeout";
	ba.base_cap = sizeof(out) - 1;
	rc = sw_notify_reg_build(&local, &p, write_reginfo, &ba, out, sizeof(out) - 1, &len, &e);
	out[rc == SW_OK ? len : 0] = 0;
	tap_ok(rc == SW_OK && sane(out, len, "NOTIFY", &m) &&
	       strstr(out, "\r\nSubscription-State: terminated;reason=timeout\r\n") &&
	       strstr(out, "\r\nContent-Length:  191\r\n"),
	       "RFC 6665 §4.2.2 terminated;reason=timeout; 4096-byte buffer gives a 4-digit field");
}

/* The reginfo writer plugs in as the body callback: the document it writes
 * in place parses back with the reginfo parser, and the NOTIFY is sane. */
static void
test_reg_notify_reginfo(void)
{
	static unsigned char pmem[SW_RI_PARSER_MEM_DEFAULT], smem[8192];
	struct sw_local_id local = { "scscf.example.com", 5060, "TCP", "z9hG4bKri1", NULL };
	struct sw_reg_notify p = { "sip:pcscf.example.com;transport=tcp", "<sip:joe@example.com>", "r1",
				   "<sip:pcscf.example.com>;tag=s9", "ri-1@scscf.example.com", 7,
				   SW_SUBSTATE_ACTIVE, 600, NULL, NULL };
	struct sw_ri_registration reg = { { "sip:joe@example.com", 19 }, { "a7", 2 }, SW_RI_REG_ACTIVE, 0, 1 };
	struct sw_ri_contact ct = { 0 };
	struct sw_ri_param no_param = { { "", 0 }, { "", 0 } };
	struct sw_ri_registration pregs[2];
	struct sw_ri_contact pcts[2];
	struct sw_ri_param pparams[1];
	struct sw_ri_view v, pv;
	struct sw_ri_parser rp;
	struct sw_arena strings;
	struct sw_msg m;
	struct sw_err e = { 0 };
	size_t len = 0;
	int rc;

	ct.id = (struct sw_ri_str){ "76", 2 };
	ct.uri = (struct sw_ri_str){ "sip:joe@[2001:db8::7]:5060;transport=tcp&x=<y>", 46 };
	ct.state = SW_RI_ACTIVE;
	ct.event = SW_RI_EV_REGISTERED;
	ct.expires = 3600;
	ct.has = SW_RI_HAS_EXPIRES;
	/* a params array even when empty: sw_ri_write_view adds offsets to it */
	sw_ri_view_init(&v, &reg, 1, &ct, 1, &no_param, 0);
	v.nregs = 1;
	v.ncontacts = 1;
	v.version = 3;
	v.state = SW_RI_FULL;
	rc = sw_notify_reg_build(&local, &p, sw_notify_reg_body_view, &v, out, sizeof(out), &len, &e);
	tap_ok(rc == SW_OK && sane(out, len, "NOTIFY", &m), "RFC 3680 §5 reginfo writer as the body: sane NOTIFY (%s)",
	       sw_status_name(rc));
	sw_ri_view_init(&pv, pregs, 2, pcts, 2, pparams, 1);
	sw_arena_init(&strings, smem, sizeof(smem));
	rc = rc == SW_OK ? sw_ri_parser_init(&rp, pmem, sizeof(pmem), NULL) : rc;
	if (rc == SW_OK) {
		rc = sw_ri_parse(&rp, out + m.body.off, m.body.len, &pv, &strings, &e);
		sw_ri_parser_fini(&rp);
	}
	tap_ok(rc == SW_OK && pv.version == 3 && pv.nregs == 1 && pv.ncontacts == 1 &&
	       pcts[0].uri.len == 46 && memcmp(pcts[0].uri.p, ct.uri.p, 46) == 0,
	       "the body parses back with the reginfo parser; the escaped URI round-trips (%s)", sw_status_name(rc));
	rc = sw_notify_reg_build(&local, &p, sw_notify_reg_body_view, &v, out, 600, &len, &e);
	tap_ok(rc == SW_E_NOSPACE, "a document that does not fit is SW_E_NOSPACE from the writer");
}

int
main(void)
{
	test_refer_golden();
	test_refer_errors();
	test_prepared();
	test_local_and_rr_limits();
	test_subscribe();
	test_reg_notify();
	test_reg_notify_reginfo();
	return tap_done();
}
