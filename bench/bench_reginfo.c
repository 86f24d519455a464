/* reginfo writer and parser throughput.
 *
 * write/N: a full-state document with N contacts (GRUUs, +sip.instance,
 *   callid, cseq, q) streamed through a 2 KiB buffer; the flush callback
 *   only counts, so the figure is the writer's own cost.
 * parse/N: sw_ri_parse (arena memory suite, parser reset, view building)
 *   on the document write/N produced.
 * expat_new/N: plain expat on the same bytes with its default allocator:
 *   XML_ParserCreateNS per document, start/end element callbacks that only
 *   count, XML_ParserFree.
 * expat_reset/N: the same plain expat parser reused with XML_ParserReset.
 * The ratio parse / expat_* is the cost of the arena and the view. */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "reginfo_doc.h"

struct doc {
	unsigned contacts;
	char *xml;
	size_t len;
	char name[4][32];
};

static struct doc docs[] = { { 1 }, { 10 }, { 100 }, { 10000 } };

static int
count_flush(struct sw_xmlw *w, const char *buf, size_t n)
{
	uint64_t *total = w->user;

	(void)buf;
	*total += n;
	return 0;
}

static void
bm_write(struct swb_state *st, void *arg)
{
	struct doc *d = arg;
	char buf[2048];
	uint64_t total = 0;
	struct sw_xmlw w;

	while (swb_keep_running(st)) {
		sw_xmlw_init(&w, buf, sizeof(buf), count_flush, &total, SW_XMLW_INDENT);
		if (swr_write_doc(&w, d->contacts) != SW_OK) {
			swb_error(st, "write failed");
			return;
		}
	}
	swb_set_bytes(st, (int64_t)total);
	swb_counter(st, "doc_bytes", (double)d->len);
	swb_counter(st, "writer_state_bytes", (double)sizeof(struct sw_xmlw));
}

static void
bm_parse(struct swb_state *st, void *arg)
{
	struct doc *d = arg;
	struct sw_ri_limits lim = SW_RI_LIMITS_DEFAULT;
	/* one expat call per document, as plain expat gets: the buffer then
	 * holds the whole document */
	size_t pcap = SW_RI_PARSER_MEM_DEFAULT + 2 * d->len;
	unsigned char *pmem = malloc(pcap);
	struct sw_ri_parser p;
	struct sw_ri_registration regs[2];
	struct sw_ri_contact *cs = calloc(d->contacts, sizeof(*cs));
	struct sw_ri_param *ps = calloc(2 * d->contacts, sizeof(*ps));
	void *smem = malloc(d->len);
	struct sw_arena strings;
	struct sw_ri_view v;

	lim.max_doc = (uint32_t)d->len;
	lim.feed_block = (uint32_t)d->len;
	if (cs == NULL || ps == NULL || smem == NULL || pmem == NULL ||
	    sw_ri_parser_init(&p, pmem, pcap, &lim) != SW_OK) {
		swb_error(st, "setup failed");
		return;
	}
	sw_ri_view_init(&v, regs, 2, cs, d->contacts, ps, 2 * d->contacts);
	sw_arena_init(&strings, smem, d->len);
	while (swb_keep_running(st)) {
		sw_arena_reset(&strings);
		if (sw_ri_parse(&p, d->xml, d->len, &v, &strings, NULL) != SW_OK ||
		    v.ncontacts != d->contacts) {
			swb_error(st, "parse failed");
			break;
		}
	}
	swb_set_bytes(st, swb_iterations(st) * (int64_t)d->len);
	swb_counter(st, "strings_arena_bytes", (double)strings.used);
	swb_counter(st, "parser_mem_bytes", (double)p.heap.a.used);
	sw_ri_parser_fini(&p);
	free(pmem);
	free(cs);
	free(ps);
	free(smem);
}

static int
plain_parse(XML_Parser xp, const struct doc *d, unsigned long *events)
{
	swr_expat_count(xp, events);
	return XML_Parse(xp, d->xml, (int)d->len, XML_TRUE) == XML_STATUS_OK;
}

static void
bm_expat_new(struct swb_state *st, void *arg)
{
	struct doc *d = arg;
	unsigned long events = 0;

	while (swb_keep_running(st)) {
		XML_Parser xp = XML_ParserCreateNS(NULL, ' ');
		int ok = xp != NULL && plain_parse(xp, d, &events);

		XML_ParserFree(xp);
		if (!ok) {
			swb_error(st, "expat failed");
			break;
		}
	}
	swb_set_bytes(st, swb_iterations(st) * (int64_t)d->len);
	swb_do_not_optimize(&events);
}

static void
bm_expat_reset(struct swb_state *st, void *arg)
{
	struct doc *d = arg;
	unsigned long events = 0;
	XML_Parser xp = XML_ParserCreateNS(NULL, ' ');

	while (swb_keep_running(st)) {
		XML_ParserReset(xp, NULL);
		if (!plain_parse(xp, d, &events)) {
			swb_error(st, "expat failed");
			break;
		}
	}
	XML_ParserFree(xp);
	swb_set_bytes(st, swb_iterations(st) * (int64_t)d->len);
	swb_do_not_optimize(&events);
}

int
main(int argc, char **argv)
{
	static const char *const kinds[] = { "write", "parse", "expat_new", "expat_reset" };
	static const swb_fn fns[] = { bm_write, bm_parse, bm_expat_new, bm_expat_reset };

	if (swr_contacts_init(10000) != 0)
		return 1;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct swr_grow g = { NULL, 0, 0 };
		char buf[2048];
		struct sw_xmlw w;

		sw_xmlw_init(&w, buf, sizeof(buf), swr_grow_flush, &g, SW_XMLW_INDENT);
		if (swr_write_doc(&w, docs[i].contacts) != SW_OK) {
			fprintf(stderr, "bench_reginfo: cannot build the %u-contact document\n",
				docs[i].contacts);
			return 1;
		}
		docs[i].xml = g.buf;
		docs[i].len = g.len;
	}
	for (size_t k = 0; k < 4; k++)
		for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
			snprintf(docs[i].name[k], sizeof(docs[i].name[k]), "%s/%u", kinds[k],
				 docs[i].contacts);
			swb_register(docs[i].name[k], fns[k], &docs[i]);
		}
	return swb_main(argc, argv);
}
