/* reginfo (RFC 3680 §5, RFC 5628): writer MUSTs, parser views of the RFC
 * examples, canonical round trips, chunked parsing, hostile characters.
 * Parser error paths are in test_reginfo_parse.c, tracking in
 * test_reginfo_track.c.
 *
 * `test_reginfo --emit DIR` writes every document the writer produces here
 * into DIR instead of testing; tests/reginfo_xmllint.sh validates them with
 * xmllint against the RFC schemas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reginfo_util.h"
#include "sipwire/msg.h"
#include "tap.h"

static struct ru_ctx ctx, ctx2;

/* ------------------------------------------------------------ RFC examples */

struct example {
	const char *file;
	const char *digest;
};

static const struct example examples[] = {
	{ "rfc3680-sec5.3-example.xml",
	  "v=0 full | reg aor=sip:user@example.com id=as9 st=active"
	  " | c id=76 st=active ev=registered uri=sip:user@pc887.example.com dur=7322 q=800"
	  " | c id=77 st=terminated ev=expired uri=sip:user@university.edu dur=3600 q=500" },
	{ "rfc3680-sec6-notify-3-init.xml", "v=0 full | reg aor=sip:joe@example.com id=a7 st=init" },
	{ "rfc3680-sec6-notify-7-partial.xml",
	  "v=1 partial | reg aor=sip:joe@example.com id=a7 st=active"
	  " | c id=76 st=active ev=registered uri=sip:joe@pc34.example.com dur=0" },
	{ "rfc5628-sec7-sample.xml",
	  "v=0 full | reg aor=sip:user@example.com id=as9 st=active"
	  " | c id=76 st=active ev=registered uri=sip:user@192.0.2.1 exp=3599 dur=36001 q=800"
	  " callid=1j9FpLxk3uxtm8tn@192.0.2.1 cseq=54321"
	  " p=+sip.instance =\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\""
	  " pub=sip:user@example.com;gr=hha9s8d-999a"
	  " temp=sip:8ffkas08af7fasklzi9@example.com;gr first=54301" },
	{ "rfc5628-sec8.2-notify-body.xml",
	  "v=1 full | reg aor=sip:user_aor_1@example.net id=a7 st=active"
	  " | c id=92 st=active ev=registered uri=sip:ua.example.com exp=3599 dur=1"
	  " callid=faif9a@ua.example.com cseq=23001"
	  " p=+sip.instance =\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\""
	  " pub=sip:user_aor_1@example.net;gr=hha9s8d-999a"
	  " temp=sip:8ffkas08af7fasklzi9@example.net;gr first=54301"
	  " | reg aor=sip:user_aor_2@example.net id=a8 st=active"
	  " | c id=93 st=active ev=created uri=sip:ua.example.com exp=3599 dur=1"
	  " callid=faif9a@ua.example.com cseq=23001"
	  " p=+sip.instance =\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\""
	  " pub=sip:user_aor_2@example.net;gr=hha9s8d-999b"
	  " temp=sip:07hcovy36vp6vngvbia@example.net;gr first=54301"
	  " | reg aor=sip:+358504821437@example.net;user=phone id=a9 st=active"
	  " | c id=94 st=active ev=created uri=sip:ua.example.com exp=3599 dur=1"
	  " callid=faif9a@ua.example.com cseq=23001"
	  " p=+sip.instance =\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\""
	  " pub=sip:+358504821437@example.net;user=phone;gr=hha9s8d-999c"
	  " temp=sip:h99egjbv17fe8ibvlka@example.net;gr first=54301" },
};

/* Every two-chunk split and several fixed chunk sizes give `want`. */
static int
chunked_same(const char *doc, size_t len, const char *want)
{
	static char d[8192];
	static const size_t steps[] = { 1, 2, 3, 7, 64, 4096 };

	for (size_t at = 0; at <= len; at++) {
		if (ru_parse_split(&ctx2, doc, len, at, NULL) != SW_OK)
			return tap_diag("split at %zu fails", at), 0;
		ru_digest(d, sizeof(d), &ctx2.v);
		if (strcmp(d, want) != 0)
			return tap_diag("split at %zu: %s", at, d), 0;
	}
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (ru_parse_chunked(&ctx2, doc, len, steps[i], NULL) != SW_OK)
			return tap_diag("chunks of %zu fail", steps[i]), 0;
		ru_digest(d, sizeof(d), &ctx2.v);
		if (strcmp(d, want) != 0)
			return tap_diag("chunks of %zu: %s", steps[i], d), 0;
	}
	return 1;
}

static void
test_examples(void)
{
	static char d[8192], d2[8192], c1[16384], c2[16384];

	for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
		const struct example *e = &examples[i];
		char rel[256];
		size_t len = 0, n1, n2;
		char *doc;
		struct sw_err err = { 0, 0, NULL };
		int rc;

		snprintf(rel, sizeof(rel), "reginfo/examples/%s", e->file);
		doc = tap_slurp(tap_corpus(rel), &len);
		if (!tap_ok(doc != NULL, "%s readable", e->file))
			continue;
		rc = ru_parse(&ctx, doc, len, &err);
		ru_digest(d, sizeof(d), &ctx.v);
		if (!tap_ok(rc == SW_OK && strcmp(d, e->digest) == 0, "%s parses to the RFC's view",
			    e->file))
			tap_diag("rc %d (%s) got: %s", rc, err.detail ? err.detail : "", d);
		n1 = ru_canon(&ctx.v, c1, sizeof(c1));
		rc = ru_parse(&ctx2, c1, n1, NULL);
		ru_digest(d2, sizeof(d2), &ctx2.v);
		n2 = ru_canon(&ctx2.v, c2, sizeof(c2));
		tap_ok(n1 > 0 && rc == SW_OK && strcmp(d, d2) == 0,
		       "%s: canonical form parses to the same view", e->file);
		tap_ok(n1 == n2 && memcmp(c1, c2, n1) == 0, "%s: canon(canon(x)) == canon(x)", e->file);
		tap_ok(chunked_same(doc, len, e->digest),
		       "%s: same view for every split point and chunk size down to 1 byte", e->file);
		snprintf(rel, sizeof(rel), "canon-%.*s", (int)(strlen(e->file) - 4), e->file);
		ru_emit(rel, c1, n1);
		free(doc);
	}
}

/* ------------------------------------------------------------ writer */

#define S(lit) ((struct sw_ri_str){ (lit), (uint32_t)sizeof(lit) - 1 })

static const struct sw_ri_param hostile_params[] = {
	{ S("+sip.instance"), S("\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"") },
	{ S("reg-id"), S("1") },
	{ S("x-flag"), S("") },
	{ S("x-q&a"), S("'single' & \"double\" <angle>") },
};

/* A document with every character XML cares about in every string. */
static size_t
write_hostile(char *out, size_t cap, unsigned wflags, int *rc)
{
	struct sw_xmlw w;
	struct sw_ri_writer r;
	struct sw_ri_registration reg = { S("sip:alice&bob@example.com;x=\"<y>\""), S("r'1\"&<>"),
					  SW_RI_REG_ACTIVE, 0, 0 };
	struct sw_ri_contact c;

	memset(&c, 0, sizeof(c));
	c.id = S("c&1<2>");
	c.uri = S("sip:a@h.example;p=<x>&q=\"'");
	c.display = S("Ann & \"Bo\" <b> 'c' \xc3\xa9\xe4\xb8\xad\r\nline2\ttab");
	c.lang = S("en-GB");
	c.callid = S("a&b<c>\"d'@h.example");
	c.pub_gruu = S("sip:alice@example.com;gr=urn:uuid:00000000-0000-1000-8000-000A95A0E128");
	c.temp_gruu = S("sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr");
	c.temp_first_cseq = 1;
	c.expires = 3600;
	c.duration = 0;
	c.cseq = 4294967295u;
	c.q = 125;
	c.state = SW_RI_ACTIVE;
	c.event = SW_RI_EV_CREATED;
	c.has = SW_RI_HAS_EXPIRES | SW_RI_HAS_DURATION | SW_RI_HAS_Q | SW_RI_HAS_CALLID |
		SW_RI_HAS_CSEQ | SW_RI_HAS_DISPLAY | SW_RI_HAS_LANG | SW_RI_HAS_PUB_GRUU |
		SW_RI_HAS_TEMP_GRUU;
	sw_xmlw_init(&w, out, cap, NULL, NULL, SW_XMLW_INDENT);
	sw_ri_begin(&r, &w, 42, SW_RI_FULL, wflags);
	sw_ri_registration(&r, &reg);
	sw_ri_contact(&r, &c, hostile_params, 4);
	*rc = sw_ri_end(&r);
	return (size_t)sw_xmlw_len(&w);
}

static const char hostile_digest[] =
	"v=42 full | reg aor=sip:alice&bob@example.com;x=\"<y>\" id=r'1\"&<> st=active"
	" | c id=c&1<2> st=active ev=created uri=sip:a@h.example;p=<x>&q=\"' exp=3600 dur=0 q=125"
	" callid=a&b<c>\"d'@h.example cseq=4294967295"
	" dn=Ann & \"Bo\" <b> 'c' \xc3\xa9\xe4\xb8\xad\r\nline2\ttab lang=en-GB"
	" p=+sip.instance =\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\" p=reg-id =1"
	" p=x-flag = p=x-q&a ='single' & \"double\" <angle>"
	" pub=sip:alice@example.com;gr=urn:uuid:00000000-0000-1000-8000-000A95A0E128"
	" temp=sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr first=1";

static void
test_hostile(void)
{
	static char out[8192], d[8192];
	const unsigned fl[] = { SW_RI_W_GRUU_NS, 0 };

	for (size_t i = 0; i < 2; i++) {
		int rc;
		size_t n = write_hostile(out, sizeof(out), fl[i], &rc);

		TAP_EQ_INT(rc, SW_OK, fl[i] ? "hostile document, gr declared on root"
					    : "hostile document, gr declared on each GRUU");
		rc = ru_parse(&ctx, out, n, NULL);
		ru_digest(d, sizeof(d), &ctx.v);
		if (!tap_ok(rc == SW_OK && strcmp(d, hostile_digest) == 0,
			    "RFC 3680 §5: & < > \" ' and <urn:...> survive write -> parse"))
			tap_diag("rc %d got: %s", rc, d);
		tap_ok(fl[i] != 0 || strstr(out, "<reginfo xmlns=\"" SW_RI_NS "\" version") != NULL,
		       "gr namespace not declared on the root when not asked for");
		ru_emit(fl[i] ? "hostile-gr-root" : "hostile-gr-local", out, n);
	}
}

/* One registration with a contact for each RFC 3680 §5.1 event. */
static void
test_all_events(void)
{
	static char out[16384], d[8192];
	struct sw_xmlw w;
	struct sw_ri_writer r;
	struct sw_ri_registration reg = { S("sip:ev@example.com"), S("r9"), SW_RI_REG_ACTIVE, 0, 0 };
	int rc;

	sw_xmlw_init(&w, out, sizeof(out), NULL, NULL, SW_XMLW_INDENT);
	sw_ri_begin(&r, &w, 7, SW_RI_PARTIAL, 0);
	sw_ri_registration(&r, &reg);
	for (unsigned ev = 0; ev < SW_RI_EV__COUNT; ev++) {
		struct sw_ri_contact c;
		char id[8];

		memset(&c, 0, sizeof(c));
		snprintf(id, sizeof(id), "e%u", ev);
		c.id = (struct sw_ri_str){ id, (uint32_t)strlen(id) };
		c.uri = S("sip:ev@192.0.2.9");
		c.event = (uint8_t)ev;
		c.state = ev <= SW_RI_EV_SHORTENED ? SW_RI_ACTIVE : SW_RI_TERMINATED;
		c.expires = ev;
		c.retry_after = 30;
		c.q = (uint16_t)(ev * 111);
		c.has = SW_RI_HAS_EXPIRES | SW_RI_HAS_Q |
			(ev == SW_RI_EV_PROBATION ? SW_RI_HAS_RETRY_AFTER : 0);
		sw_ri_contact(&r, &c, NULL, 0);
	}
	rc = sw_ri_end(&r);
	TAP_EQ_INT(rc, SW_OK, "RFC 3680 §5.1: one contact per event, states matching");
	rc = ru_parse(&ctx, out, (size_t)sw_xmlw_len(&w), NULL);
	ru_digest(d, sizeof(d), &ctx.v);
	tap_ok(rc == SW_OK && ctx.v.ncontacts == SW_RI_EV__COUNT &&
	       strstr(d, "ev=probation uri=sip:ev@192.0.2.9 exp=6 ra=30 q=666") != NULL &&
	       strstr(d, "ev=rejected uri=sip:ev@192.0.2.9 exp=8 q=888") != NULL,
	       "events and q values read back");
	ru_emit("all-events-partial", out, (size_t)sw_xmlw_len(&w));
}

struct must_case {
	const char *why;
	int field; /* which mutation */
	int rc;
};

static const struct must_case must_cases[] = {
	{ "baseline contact is accepted", 0, SW_OK },
	{ "RFC 3680 §5.1: shortened without expires", 1, SW_E_STATE },
	{ "RFC 3680 §5.1: probation without retry-after", 2, SW_E_STATE },
	{ "RFC 3680 §5.1: event expired on an active contact", 3, SW_E_STATE },
	{ "RFC 3680 §5.1: event registered on a terminated contact", 4, SW_E_STATE },
	{ "RFC 3680 §5.4: contact id required", 5, SW_E_STATE },
	{ "RFC 3680 §5.4: contact uri required", 6, SW_E_STATE },
	{ "RFC 3680 §5.4: registration aor required", 7, SW_E_STATE },
	{ "contact outside a registration", 8, SW_E_STATE },
	{ "RFC 3261 §20.10: q above 1", 9, SW_E_STATE },
	{ "RFC 3680 §5.4: unknown-param name required", 10, SW_E_STATE },
	{ "XML 1.0 §2.2: invalid UTF-8 in display-name", 11, SW_E_INVAL },
	{ "RFC 5628 §9: temp-gruu uri required", 12, SW_E_STATE },
	{ "RFC 3680 §5.4: registration id required", 13, SW_E_STATE },
};

static void
test_musts(void)
{
	for (size_t i = 0; i < sizeof(must_cases) / sizeof(must_cases[0]); i++) {
		const struct must_case *m = &must_cases[i];
		char out[2048];
		struct sw_xmlw w;
		struct sw_ri_writer r;
		struct sw_ri_registration reg = { S("sip:a@example.com"), S("r"), SW_RI_REG_ACTIVE, 0, 0 };
		struct sw_ri_param prm = { S("n"), S("v") };
		struct sw_ri_contact c;
		int rc;

		memset(&c, 0, sizeof(c));
		c.id = S("1");
		c.uri = S("sip:a@192.0.2.1");
		c.event = SW_RI_EV_SHORTENED;
		c.state = SW_RI_ACTIVE;
		c.has = SW_RI_HAS_EXPIRES;
		switch (m->field) {
		case 1: c.has = 0; break;
		case 2: c.event = SW_RI_EV_PROBATION; c.state = SW_RI_TERMINATED; break;
		case 3: c.event = SW_RI_EV_EXPIRED; break;
		case 4: c.event = SW_RI_EV_REGISTERED; c.state = SW_RI_TERMINATED; break;
		case 5: c.id.len = 0; break;
		case 6: c.uri.len = 0; break;
		case 7: reg.aor.len = 0; break;
		case 9: c.has |= SW_RI_HAS_Q; c.q = 1001; break;
		case 10: prm.name.len = 0; break;
		case 11: c.has |= SW_RI_HAS_DISPLAY; c.display = S("\xc3("); break;
		case 12: c.has |= SW_RI_HAS_TEMP_GRUU; break;
		case 13: reg.id.len = 0; break;
		default: break;
		}
		sw_xmlw_init(&w, out, sizeof(out), NULL, NULL, 0);
		sw_ri_begin(&r, &w, 0, SW_RI_FULL, 0);
		if (m->field != 8)
			sw_ri_registration(&r, &reg);
		sw_ri_contact(&r, &c, &prm, 1);
		rc = sw_ri_end(&r);
		TAP_EQ_INT(rc, m->rc, m->why);
	}
}

static void
test_q(void)
{
	static const struct { unsigned q; const char *s; } qs[] = {
		{ 0, "0.0" }, { 1, "0.001" }, { 10, "0.01" }, { 125, "0.125" }, { 500, "0.5" },
		{ 800, "0.8" }, { 999, "0.999" }, { 1000, "1.0" }, { 1001, "" },
	};

	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		char b[8];
		size_t n = sw_ri_q_format(b, qs[i].q);

		tap_ok(n == strlen(qs[i].s) && memcmp(b, qs[i].s, n) == 0,
		       "RFC 3261 §20.10 qvalue %u -> '%s'", qs[i].q, qs[i].s);
	}
}

/* ------------------------------------------------ observed registration */

/* A REGISTER that adds two contacts (one with hostile characters and an
 * instance id, one whose expiry the registrar shortens) and removes a
 * third, and the 2xx listing the bindings plus one from another UA. */
static const char obs_reg[] =
	"REGISTER sip:example.com SIP/2.0\r\n"
	"Via: SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bKnashds7\r\n"
	"From: <sip:alice@example.com>;tag=a73kszlfl\r\n"
	"To: \"Alice & Bob\" <sip:alice@example.com>\r\n"
	"Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.7&<x>\r\n"
	"CSeq: 7 REGISTER\r\n"
	"Max-Forwards: 70\r\n"
	"Contact: \"A <&> \\\"Q\\\" 'S'\" <sip:a&b=c@192.0.2.7;transport=tcp;x=1&2>;expires=3600"
	";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1;audio\r\n"
	"Contact: <sip:alice@198.51.100.9>;expires=7200;q=0.5\r\n"
	"m: <sip:alice@203.0.113.1>;expires=0\r\n"
	"Content-Length: 0\r\n\r\n";
static const char obs_ok[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bKnashds7\r\n"
	"From: <sip:alice@example.com>;tag=a73kszlfl\r\n"
	"To: \"Alice & Bob\" <sip:alice@example.com>;tag=37GkEhwl6\r\n"
	"Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.7&<x>\r\n"
	"CSeq: 7 REGISTER\r\n"
	"Contact: \"A <&> \\\"Q\\\" 'S'\" <sip:a&b=c@192.0.2.7;transport=tcp;x=1&2>;expires=3600"
	";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1;audio"
	";pub-gruu=\"sip:alice@example.com;gr=urn:uuid:00000000-0000-1000-8000-000A95A0E128\""
	";temp-gruu=\"sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr\"\r\n"
	"Contact: <sip:alice@198.51.100.9>;expires=1800;q=0.5, <sip:alice@192.0.2.200>;expires=99\r\n"
	"Content-Length: 0\r\n\r\n";

struct obs_msgs {
	unsigned char mem[2][16384];
	struct sw_arena a[2];
	struct sw_msg m[2];
};

static int
obs_parse(struct obs_msgs *o, const char *reg, const char *ok)
{
	sw_arena_init(&o->a[0], o->mem[0], sizeof(o->mem[0]));
	sw_arena_init(&o->a[1], o->mem[1], sizeof(o->mem[1]));
	if (sw_msg_parse(reg, strlen(reg), NULL, &o->a[0], &o->m[0], NULL) != SW_OK)
		return -1;
	return sw_msg_parse(ok, strlen(ok), NULL, &o->a[1], &o->m[1], NULL);
}

static size_t
obs_write(const char *reg, const char *ok, const uint8_t *key, char *out, size_t cap, int *rc)
{
	static struct obs_msgs o;
	struct sw_xmlw w;

	if (obs_parse(&o, reg, ok) != SW_OK) {
		*rc = -100;
		return 0;
	}
	sw_xmlw_init(&w, out, cap, NULL, NULL, SW_XMLW_INDENT);
	struct sw_err err = { 0, 0, NULL };

	*rc = sw_ri_from_register(&w, reg, &o.m[0], ok, &o.m[1], 3, key, &err);
	if (*rc != SW_OK && *rc != SW_E_STATE)
		tap_diag("from_register: %d at %u: %s", *rc, err.off, err.detail ? err.detail : "-");
	return (size_t)sw_xmlw_len(&w);
}

static void
test_observed(void)
{
	static char out[16384], out2[16384], d[8192];
	static char reg_copy[sizeof(obs_reg)], ok_copy[sizeof(obs_ok)];
	static const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	int rc, rc2;
	size_t n = obs_write(obs_reg, obs_ok, NULL, out, sizeof(out), &rc), n2;

	TAP_EQ_INT(rc, SW_OK, "reginfo from an observed REGISTER/200 with hostile characters");
	rc = ru_parse(&ctx, out, n, NULL);
	ru_digest(d, sizeof(d), &ctx.v);
	tap_ok(rc == SW_OK && ctx.v.nregs == 1 && ctx.v.ncontacts == 4 &&
	       strstr(d, "reg aor=sip:alice@example.com id=r") != NULL &&
	       strstr(d, "uri=sip:a&b=c@192.0.2.7;transport=tcp;x=1&2 exp=3600 "
			 "callid=1j9FpLxk3uxtm8tn@192.0.2.7&<x> cseq=7 dn=A <&> \"Q\" 'S' "
			 "p=+sip.instance =\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\" "
			 "p=reg-id =1 p=audio = "
			 "pub=sip:alice@example.com;gr=urn:uuid:00000000-0000-1000-8000-000A95A0E128 "
			 "temp=sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr first=7") != NULL,
	       "RFC 5628 §5: contact params as unknown-param, GRUUs unquoted, first-cseq = REGISTER CSeq");
	tap_ok(strstr(d, "st=active ev=shortened uri=sip:alice@198.51.100.9 exp=1800 q=500 "
			 "callid=1j9FpLxk3uxtm8tn@192.0.2.7&<x> cseq=7") != NULL,
	       "RFC 3680 §5.1: registrar granted 1800 of 7200: event shortened with expires");
	tap_ok(strstr(d, "st=active ev=registered uri=sip:alice@192.0.2.200 exp=99 |") != NULL,
	       "binding of another REGISTER: no callid/cseq");
	tap_ok(strstr(d, "st=terminated ev=unregistered uri=sip:alice@203.0.113.1 exp=0 "
			 "callid=1j9FpLxk3uxtm8tn@192.0.2.7&<x> cseq=7") != NULL,
	       "RFC 3680 §5.1: expires=0 in the REGISTER: terminated, unregistered");
	ru_emit("from-register-hostile", out, n);
	/* ids: the same bytes at other addresses give the same document */
	memcpy(reg_copy, obs_reg, sizeof(obs_reg));
	memcpy(ok_copy, obs_ok, sizeof(obs_ok));
	n2 = obs_write(reg_copy, ok_copy, NULL, out2, sizeof(out2), &rc2);
	tap_ok(rc2 == SW_OK && n2 == n && memcmp(out, out2, n) == 0,
	       "ids come from the AOR and contact URI, not from memory addresses");
	n2 = obs_write(obs_reg, obs_ok, key, out2, sizeof(out2), &rc2);
	tap_ok(rc2 == SW_OK && n2 == n && memcmp(out, out2, n) != 0,
	       "a keyed id changes the ids and nothing else in size");
	{
		char bad_ok[sizeof(obs_ok) + 8];
		char *p;

		memcpy(bad_ok, obs_ok, sizeof(obs_ok));
		p = strstr(bad_ok, "CSeq: 7");
		p[6] = '8';
		obs_write(obs_reg, bad_ok, NULL, out2, sizeof(out2), &rc2);
		TAP_EQ_INT(rc2, SW_E_STATE, "RFC 3261 §17.1.3: 2xx of another transaction refused");
		memcpy(bad_ok, obs_ok, sizeof(obs_ok));
		memcpy(bad_ok + 8, "401 Unauthorized", 16);
		p = strstr(bad_ok, "\r\n");
		memmove(bad_ok + 24, p, strlen(p) + 1);
		obs_write(obs_reg, bad_ok, NULL, out2, sizeof(out2), &rc2);
		TAP_EQ_INT(rc2, SW_E_STATE, "a 401 is not a registration");
	}
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--emit") == 0)
		ru_emit_dir = argv[2];
	if (ru_init(&ctx, NULL) != SW_OK || ru_init(&ctx2, NULL) != SW_OK) {
		printf("Bail out! parser init\n");
		return 1;
	}
	test_examples();
	test_hostile();
	test_all_events();
	test_observed();
	if (ru_emit_dir != NULL)
		return 0;
	test_musts();
	test_q();
	return tap_done();
}
