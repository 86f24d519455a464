/* reginfo parser error paths: schema violations, unknown namespaces,
 * limits, positions, and hostile XML (RFC 3680 §5.4, §9; XML 1.0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reginfo_util.h"
#include "tap.h"

static struct ru_ctx ctx, ctx2;

#define HEAD "<?xml version=\"1.0\"?>\n<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" "
#define REG "<registration aor=\"sip:a@example.com\" id=\"r\" state=\"active\">"
#define C_OPEN "<contact id=\"1\" state=\"active\" event=\"registered\""

struct bad_case {
	const char *why;
	const char *doc;
	int rc;
};

static const struct bad_case bad_cases[] = {
	{ "RFC 3680 §5.4: version required", HEAD "state=\"full\"/>", SW_E_NOTFOUND },
	{ "RFC 3680 §5.4: state full|partial", HEAD "version=\"0\" state=\"bogus\"/>", SW_E_MALFORMED },
	{ "RFC 3680 §5.4: version is a nonNegativeInteger", HEAD "version=\"-1\" state=\"full\"/>",
	  SW_E_MALFORMED },
	{ "version above 2^64-1", HEAD "version=\"18446744073709551616\" state=\"full\"/>", SW_E_RANGE },
	{ "RFC 3680 §5.4: registration aor required",
	  HEAD "version=\"0\" state=\"full\"><registration id=\"r\" state=\"active\"/></reginfo>",
	  SW_E_NOTFOUND },
	{ "RFC 3680 §5.4: registration state enumerated",
	  HEAD "version=\"0\" state=\"full\"><registration aor=\"a\" id=\"r\" state=\"on\"/></reginfo>",
	  SW_E_MALFORMED },
	{ "RFC 3680 §5.4: contact needs <uri>",
	  HEAD "version=\"0\" state=\"full\">" REG C_OPEN "/></registration></reginfo>", SW_E_NOTFOUND },
	{ "RFC 3680 §5.4: contact event required",
	  HEAD "version=\"0\" state=\"full\">" REG
	  "<contact id=\"1\" state=\"active\"><uri>sip:x</uri></contact></registration></reginfo>",
	  SW_E_NOTFOUND },
	{ "RFC 3680 §5.4: unknown event",
	  HEAD "version=\"0\" state=\"full\">" REG
	  "<contact id=\"1\" state=\"active\" event=\"moved\"><uri>sip:x</uri></contact></registration></reginfo>",
	  SW_E_MALFORMED },
	{ "RFC 3261 §20.10: q with four decimals",
	  HEAD "version=\"0\" state=\"full\">" REG C_OPEN
	  " q=\"0.5000\"><uri>sip:x</uri></contact></registration></reginfo>", SW_E_MALFORMED },
	{ "RFC 3261 §20.10: q above 1",
	  HEAD "version=\"0\" state=\"full\">" REG C_OPEN
	  " q=\"1.5\"><uri>sip:x</uri></contact></registration></reginfo>", SW_E_MALFORMED },
	{ "RFC 3680 §5.4: expires is unsignedLong",
	  HEAD "version=\"0\" state=\"full\">" REG C_OPEN
	  " expires=\"1e3\"><uri>sip:x</uri></contact></registration></reginfo>", SW_E_MALFORMED },
	{ "one <uri> per contact",
	  HEAD "version=\"0\" state=\"full\">" REG C_OPEN
	  "><uri>sip:x</uri><uri>sip:y</uri></contact></registration></reginfo>", SW_E_MALFORMED },
	{ "RFC 5628 §9: temp-gruu needs first-cseq",
	  HEAD "version=\"0\" state=\"full\">" REG C_OPEN "><uri>sip:x</uri>"
	  "<g:temp-gruu xmlns:g=\"urn:ietf:params:xml:ns:gruuinfo\" uri=\"sip:t\"/>"
	  "</contact></registration></reginfo>", SW_E_NOTFOUND },
	{ "RFC 3680 §5.4: unknown-param needs name",
	  HEAD "version=\"0\" state=\"full\">" REG C_OPEN "><uri>sip:x</uri>"
	  "<unknown-param>v</unknown-param></contact></registration></reginfo>", SW_E_NOTFOUND },
	{ "root must be reginfo in its namespace", "<reginfo version=\"0\" state=\"full\"/>",
	  SW_E_NOTFOUND },
	{ "root in another namespace", "<x:reginfo xmlns:x=\"urn:example\" version=\"0\" state=\"full\"/>",
	  SW_E_NOTFOUND },
	{ "XML 1.0: unclosed element", HEAD "version=\"0\" state=\"full\">" REG "</reginfo>", SW_E_XML },
	{ "XML 1.0 §4.1: undefined entity", HEAD "version=\"0\" state=\"full\">&nope;</reginfo>",
	  SW_E_XML },
	{ "XML 1.0 §2.2: invalid UTF-8", HEAD "version=\"0\" state=\"full\">\xff</reginfo>", SW_E_XML },
	{ "empty document", "", SW_E_XML },
	{ "DOCTYPE refused", "<!DOCTYPE reginfo>" HEAD "version=\"0\" state=\"full\"/>", SW_E_XML },
};

static void
test_bad(void)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *b = &bad_cases[i];
		struct sw_err err = { 0, 0, NULL };
		int rc = ru_parse(&ctx, b->doc, strlen(b->doc), &err);

		tap_ok(rc == b->rc && err.detail != NULL && err.off <= strlen(b->doc),
		       "%s (got %s: %s)", b->why, sw_status_name(rc), err.detail ? err.detail : "-");
		/* the same verdict when fed one byte at a time */
		rc = ru_parse_chunked(&ctx2, b->doc, strlen(b->doc), 1, NULL);
		TAP_EQ_INT(rc, b->rc, "  ... and byte by byte");
	}
}

static void
test_position(void)
{
	static const char doc[] = HEAD "version=\"0\" state=\"full\">\n"
				  "  <registration aor=\"a\" id=\"b\" state=\"weird\"/>\n</reginfo>\n";
	struct sw_err err = { 0, 0, NULL };
	int rc = ru_parse(&ctx, doc, sizeof(doc) - 1, &err);
	const char *at = strstr(doc, "<registration");

	tap_ok(rc == SW_E_MALFORMED && ctx.p.err_line == 3 && ctx.p.err_col == 3 &&
	       err.off == (unsigned)(at - doc),
	       "error position: line %u column %u offset %u", ctx.p.err_line, ctx.p.err_col, err.off);
}

/* RFC 3680 §5.4: elements and attributes from other namespaces (and unknown
 * reginfo elements) are ignored, together with everything inside them. */
static void
test_foreign(void)
{
	static const char plain[] = HEAD "version=\"3\" state=\"partial\">" REG C_OPEN
		"><uri>sip:x@192.0.2.1</uri><unknown-param name=\"n\">v</unknown-param>"
		"</contact></registration></reginfo>";
	static const char foreign[] = HEAD "xmlns:x=\"urn:example:ext\" x:a=\"1\" version=\"3\" state=\"partial\">"
		"<x:top><registration aor=\"sip:evil\" id=\"z\" state=\"init\"/></x:top>"
		"<registration aor=\"sip:a@example.com\" x:attr=\"q\" id=\"r\" state=\"active\">"
		"<x:ext><contact id=\"9\" state=\"active\" event=\"registered\"><uri>sip:no</uri></contact></x:ext>"
		C_OPEN " x:q=\"0.7\"><x:uri>sip:wrong</x:uri><uri>sip:x@192.0.2.1<x:b>ignored</x:b></uri>"
		"<future-element>text<deeper/></future-element>"
		"<unknown-param name=\"n\" x:name=\"m\">v</unknown-param><x:pub-gruu uri=\"sip:g\"/>"
		"</contact><contact-v2/></registration><x:tail/></reginfo>";
	static char d1[4096], d2[4096];
	int rc1 = ru_parse(&ctx, plain, sizeof(plain) - 1, NULL);
	int rc2;

	ru_digest(d1, sizeof(d1), &ctx.v);
	rc2 = ru_parse(&ctx, foreign, sizeof(foreign) - 1, NULL);
	ru_digest(d2, sizeof(d2), &ctx.v);
	if (!tap_ok(rc1 == SW_OK && rc2 == SW_OK && strcmp(d1, d2) == 0,
		    "RFC 3680 §5.4: unknown namespaces and elements ignored"))
		tap_diag("%d %d\n# %s\n# %s", rc1, rc2, d1, d2);
}

static void
test_limits(void)
{
	static struct ru_ctx small;
	static const char two[] = HEAD "version=\"0\" state=\"full\">" REG C_OPEN "><uri>sip:x</uri></contact>"
		"<contact id=\"2\" state=\"active\" event=\"created\"><uri>sip:y</uri></contact>"
		"</registration></reginfo>";
	static const char ent[] = HEAD "version=\"0\" state=\"full\">" REG C_OPEN
		"><uri>sip:x&amp;y</uri></contact></registration></reginfo>";
	struct sw_ri_limits lim = SW_RI_LIMITS_DEFAULT;
	struct sw_ri_parser p;
	static unsigned char mem[4096];
	char sbuf[4];
	int rc;

	TAP_EQ_INT(ru_init(&small, NULL), SW_OK, "parser init");
	sw_ri_view_init(&small.v, small.regs, 1, small.contacts, 1, small.params, 1);
	rc = ru_parse(&small, two, sizeof(two) - 1, NULL);
	TAP_EQ_INT(rc, SW_E_TOOMANY, "view with room for one contact: SW_E_TOOMANY");
	sw_ri_view_init(&small.v, small.regs, 4, small.contacts, 4, small.params, 4);
	sw_arena_init(&small.strings, sbuf, sizeof(sbuf));
	rc = sw_ri_parse(&small.p, ent, sizeof(ent) - 1, &small.v, &small.strings, NULL);
	TAP_EQ_INT(rc, SW_E_NOSPACE, "decoded value and a 4-byte strings arena: SW_E_NOSPACE");
	sw_arena_init(&small.strings, sbuf, 0);
	rc = sw_ri_parse(&small.p, two, sizeof(two) - 1, &small.v, &small.strings, NULL);
	TAP_EQ_INT(rc, SW_OK, "no decoding needed: zero-copy strings, empty arena is enough");
	tap_ok(small.contacts[0].uri.p > two && small.contacts[0].uri.p < two + sizeof(two),
	       "uri points into the input");
	rc = sw_ri_parser_init(&p, mem, sizeof(mem), NULL);
	TAP_EQ_INT(rc, SW_E_NOSPACE, "4 KiB of parser memory: SW_E_NOSPACE at init");
	lim.max_depth = 3;
	sw_ri_parser_fini(&small.p);
	ru_init(&small, &lim);
	rc = ru_parse(&small, two, sizeof(two) - 1, NULL);
	TAP_EQ_INT(rc, SW_E_TOOMANY, "max_depth 3 < the 4 levels of <uri>: SW_E_TOOMANY");
	lim = (struct sw_ri_limits)SW_RI_LIMITS_DEFAULT;
	lim.max_value = 4;
	sw_ri_parser_fini(&small.p);
	ru_init(&small, &lim);
	rc = ru_parse(&small, two, sizeof(two) - 1, NULL);
	TAP_EQ_INT(rc, SW_E_TOOLONG, "max_value 4 < 'sip:a@example.com': SW_E_TOOLONG");
	lim = (struct sw_ri_limits)SW_RI_LIMITS_DEFAULT;
	lim.max_depth = 0;
	TAP_EQ_INT(sw_ri_parser_init(&p, small.pmem, sizeof(small.pmem), &lim), SW_E_INVAL,
		   "max_depth 0 refused");
	sw_ri_parser_fini(&small.p);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
deep_doc(unsigned levels, size_t *len)
{
	size_t cap = 200 + (size_t)levels * 20, n;
	char *d = malloc(cap);

	n = (size_t)snprintf(d, cap, HEAD "xmlns:x=\"urn:x\" version=\"0\" state=\"full\">");
	for (unsigned i = 0; i < levels; i++)
		n += (size_t)snprintf(d + n, cap - n, "<x:d>");
	for (unsigned i = 0; i < levels; i++)
		n += (size_t)snprintf(d + n, cap - n, "</x:d>");
	n += (size_t)snprintf(d + n, cap - n, "</reginfo>");
	*len = n;
	return d;
}

static char *
big_attr_doc(size_t attr, size_t *len)
{
	char *d = malloc(attr + 512);
	size_t n = (size_t)sprintf(d, HEAD "version=\"0\" state=\"full\"><registration aor=\"sip:");

	memset(d + n, 'a', attr);
	n += attr;
	n += (size_t)sprintf(d + n, "\" id=\"r\" state=\"init\"/></reginfo>");
	*len = n;
	return d;
}

static void
adversarial(const char *why, const char *doc, size_t len, int want1, int want2)
{
	struct sw_err err = { 0, 0, NULL };
	double t0 = now();
	int rc = ru_parse(&ctx, doc, len, &err);
	double dt = now() - t0;

	tap_ok((rc == want1 || rc == want2) && dt < 0.25, "%s: %s in %.1f ms (%s)", why,
	       sw_status_name(rc), dt * 1e3, err.detail ? err.detail : "-");
}

static void
test_adversarial(void)
{
	static const char laughs[] =
		"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		"<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
		"<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
		"<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
		"<!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>"
		"<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"0\" state=\"full\">"
		"<registration aor=\"&lol9;\" id=\"r\" state=\"init\"/></reginfo>";
	static const char external[] =
		"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
		"<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"0\" state=\"full\">"
		"<registration aor=\"sip:a\" id=\"&x;\" state=\"init\"/></reginfo>";
	static const char param_ent[] =
		"<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://192.0.2.1/evil.dtd\">"
		"<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"0\" state=\"full\"/>";
	struct sw_ri_limits lim = SW_RI_LIMITS_DEFAULT;
	size_t len;
	char *d;

	adversarial("billion laughs", laughs, sizeof(laughs) - 1, SW_E_XML, SW_E_XML);
	adversarial("external entity", external, sizeof(external) - 1, SW_E_XML, SW_E_XML);
	adversarial("external DTD", param_ent, sizeof(param_ent) - 1, SW_E_XML, SW_E_XML);
	d = deep_doc(10000, &len);
	adversarial("10,000-deep nesting", d, len, SW_E_TOOMANY, SW_E_TOOMANY);
	free(d);
	d = big_attr_doc(1u << 20, &len);
	adversarial("1 MiB attribute, default limits", d, len, SW_E_TOOLONG, SW_E_TOOLONG);
	/* with max_doc raised, the value limit or parser memory stops it */
	lim.max_doc = 4u << 20;
	sw_ri_parser_fini(&ctx.p);
	ru_init(&ctx, &lim);
	adversarial("1 MiB attribute, max_doc 4 MiB", d, len, SW_E_NOSPACE, SW_E_TOOLONG);
	free(d);
	d = deep_doc(10000, &len);
	adversarial("10,000-deep nesting, max_doc 4 MiB", d, len, SW_E_TOOMANY, SW_E_TOOMANY);
	free(d);
	sw_ri_parser_fini(&ctx.p);
	ru_init(&ctx, NULL);
}

/* After any failure, the same parser parses the next document correctly. */
static void
test_reuse(void)
{
	static const char good[] = HEAD "version=\"5\" state=\"full\">" REG C_OPEN "><uri>sip:x</uri>"
		"</contact></registration></reginfo>";
	static char want[1024], got[1024];
	int bad = 0;

	ru_parse(&ctx2, good, sizeof(good) - 1, NULL);
	ru_digest(want, sizeof(want), &ctx2.v);
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		ru_parse(&ctx, bad_cases[i].doc, strlen(bad_cases[i].doc), NULL);
		if (ru_parse(&ctx, good, sizeof(good) - 1, NULL) != SW_OK)
			bad++;
		ru_digest(got, sizeof(got), &ctx.v);
		bad += strcmp(got, want) != 0;
	}
	tap_ok(bad == 0 && strstr(want, "v=5 full") != NULL,
	       "XML_ParserReset: a failed document leaves no trace in the next");
}

int
main(void)
{
	if (ru_init(&ctx, NULL) != SW_OK || ru_init(&ctx2, NULL) != SW_OK) {
		printf("Bail out! parser init\n");
		return 1;
	}
	test_bad();
	test_position();
	test_foreign();
	test_limits();
	test_adversarial();
	test_reuse();
	return tap_done();
}
