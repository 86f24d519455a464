/* Zero heap in steady state (DESIGN.md invariants): malloc, calloc, realloc,
 * free and the aligned variants are interposed in this binary with
 * counters; after the first parse, 10,000 parses (whole and chunked) and a
 * 10,000-contact streamed document make no heap call at all.
 *
 * A control first shows the counters see expat's own allocations (plain
 * XML_ParserCreateNS), so a zero below is a measurement, not a blind spot.
 * Not built with sanitizers, which interpose the same functions. */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reginfo_util.h"
#include "tap.h"

#include "heap_count.h"

static struct ru_ctx ctx;
static char *docs[5];
static size_t lens[5];

static const char *const files[] = {
	"reginfo/examples/rfc3680-sec5.3-example.xml",
	"reginfo/examples/rfc3680-sec6-notify-3-init.xml",
	"reginfo/examples/rfc3680-sec6-notify-7-partial.xml",
	"reginfo/examples/rfc5628-sec7-sample.xml",
	"reginfo/examples/rfc5628-sec8.2-notify-body.xml",
};

static int
discard(struct sw_xmlw *w, const char *buf, size_t n)
{
	(void)w;
	(void)buf;
	(void)n;
	return 0;
}

static int
write_big(void)
{
	static const struct sw_ri_registration reg = { { "sip:a@example.com", 17 }, { "r", 1 },
						       SW_RI_REG_ACTIVE, 0, 0 };
	char buf[2048];
	struct sw_xmlw w;
	struct sw_ri_writer r;
	struct sw_ri_contact c;

	memset(&c, 0, sizeof(c));
	c.uri = (struct sw_ri_str){ "sip:a@192.0.2.1;transport=tcp", 29 };
	c.event = SW_RI_EV_REGISTERED;
	c.has = SW_RI_HAS_EXPIRES | SW_RI_HAS_Q;
	c.q = 500;
	sw_xmlw_init(&w, buf, sizeof(buf), discard, NULL, SW_XMLW_INDENT);
	sw_ri_begin(&r, &w, 1, SW_RI_FULL, 0);
	sw_ri_registration(&r, &reg);
	for (unsigned i = 0; i < 10000; i++) {
		char id[12];

		c.id = (struct sw_ri_str){ id, (uint32_t)snprintf(id, sizeof(id), "%u", i) };
		c.expires = i;
		sw_ri_contact(&r, &c, NULL, 0);
	}
	return sw_ri_end(&r);
}

int
main(void)
{
	unsigned long before, failures = 0;
	XML_Parser plain;

	tap_diag("heap-counting shim active"); /* stdout's buffer is allocated here */
	before = heap_calls;
	plain = XML_ParserCreateNS(NULL, ' ');
	XML_ParserFree(plain);
	tap_ok(heap_calls > before, "control: the counters see plain expat (%lu calls)",
	       heap_calls - before);
	for (size_t i = 0; i < 5; i++)
		if ((docs[i] = tap_slurp(tap_corpus(files[i]), &lens[i])) == NULL) {
			printf("Bail out! cannot read %s\n", files[i]);
			return 1;
		}
	before = heap_calls;
	if (ru_init(&ctx, NULL) != SW_OK)
		failures++;
	for (size_t i = 0; i < 5; i++) {
		failures += ru_parse(&ctx, docs[i], lens[i], NULL) != SW_OK;
		failures += ru_parse_chunked(&ctx, docs[i], lens[i], 7, NULL) != SW_OK;
	}
	tap_ok(heap_calls == before && failures == 0,
	       "parser set-up and first parses use caller memory only (%lu heap calls)",
	       heap_calls - before);
	before = heap_calls;
	for (unsigned i = 0; i < 10000; i++) {
		size_t k = i % 5;

		if (i % 2 == 0)
			failures += ru_parse(&ctx, docs[k], lens[k], NULL) != SW_OK;
		else
			failures += ru_parse_chunked(&ctx, docs[k], lens[k], 1 + i % 97, NULL) != SW_OK;
	}
	tap_ok(failures == 0, "10,000 parses succeed");
	tap_ok(heap_calls == before, "10,000 parses after the first: %lu heap calls",
	       heap_calls - before);
	before = heap_calls;
	failures = write_big() != SW_OK;
	tap_ok(failures == 0 && heap_calls == before,
	       "10,000-contact document through a 2 KiB buffer: %lu heap calls", heap_calls - before);
	{
		size_t used = ctx.p.heap.a.used;

		for (unsigned i = 0; i < 1000; i++)
			failures += ru_parse_chunked(&ctx, docs[i % 5], lens[i % 5], 1 + i % 89, NULL);
		tap_ok(failures == 0 && ctx.p.heap.a.used == used,
		       "parser memory stays at %zu bytes: freed blocks are recycled", used);
	}
	sw_ri_parser_fini(&ctx.p);
	for (size_t i = 0; i < 5; i++)
		__libc_free(docs[i]);
	return tap_done();
}
