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
#include "sipwire/reginfo.h"

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

struct grow {
	char *buf;
	size_t len, cap;
};

static int
grow_flush(struct sw_xmlw *w, const char *buf, size_t n)
{
	struct grow *g = w->user;

	if (g->len + n > g->cap) {
		g->cap = (g->len + n) * 2;
		g->buf = realloc(g->buf, g->cap);
		if (g->buf == NULL)
			return SW_E_NOSPACE;
	}
	memcpy(g->buf + g->len, buf, n);
	g->len += n;
	return 0;
}

static const struct sw_ri_param params[] = {
	{ { "+sip.instance", 13 }, { "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"", 49 } },
	{ { "reg-id", 6 }, { "1", 1 } },
};

/* Per-contact strings, made once so the timed loop is the writer alone. */
struct cdata {
	char id[16], uri[64];
	uint32_t id_len, uri_len;
};

static struct cdata *cdata;

static int
make_cdata(unsigned n)
{
	cdata = calloc(n, sizeof(*cdata));
	if (cdata == NULL)
		return -1;
	for (unsigned i = 0; i < n; i++) {
		cdata[i].id_len = (uint32_t)snprintf(cdata[i].id, sizeof(cdata[i].id), "c%u", i);
		cdata[i].uri_len = (uint32_t)snprintf(cdata[i].uri, sizeof(cdata[i].uri),
			"sip:alice@198.51.100.%u:%u;transport=tcp", i % 250, 5060 + i % 1000);
	}
	return 0;
}

/* The same document every time for a given n: the benchmark body. */
static int
write_doc(struct sw_xmlw *w, unsigned n)
{
	static const struct sw_ri_registration reg = {
		{ "sip:alice@example.com", 21 }, { "a7f3", 4 }, SW_RI_REG_ACTIVE, 0, 0 };
	struct sw_ri_writer r;
	struct sw_ri_contact c;

	memset(&c, 0, sizeof(c));
	c.state = SW_RI_ACTIVE;
	c.event = SW_RI_EV_REGISTERED;
	c.callid = (struct sw_ri_str){ "1j9FpLxk3uxtm8tn@192.0.2.1", 26 };
	c.pub_gruu = (struct sw_ri_str){ "sip:alice@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 70 };
	c.temp_gruu = (struct sw_ri_str){ "sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr", 61 };
	c.has = SW_RI_HAS_EXPIRES | SW_RI_HAS_DURATION | SW_RI_HAS_Q | SW_RI_HAS_CALLID |
		SW_RI_HAS_CSEQ | SW_RI_HAS_PUB_GRUU | SW_RI_HAS_TEMP_GRUU;
	c.q = 500;
	sw_ri_begin(&r, w, 12, SW_RI_FULL, SW_RI_W_GRUU_NS);
	sw_ri_registration(&r, &reg);
	for (unsigned i = 0; i < n; i++) {
		c.id = (struct sw_ri_str){ cdata[i].id, cdata[i].id_len };
		c.uri = (struct sw_ri_str){ cdata[i].uri, cdata[i].uri_len };
		c.expires = 3600 - i % 3600;
		c.duration = i;
		c.cseq = 1000 + i;
		c.temp_first_cseq = 1000 + i;
		sw_ri_contact(&r, &c, params, 2);
	}
	return sw_ri_end(&r);
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
		if (write_doc(&w, d->contacts) != SW_OK) {
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

static void XMLCALL
plain_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)name;
	(void)atts;
	(*(unsigned long *)ud)++;
}

static void XMLCALL
plain_end(void *ud, const XML_Char *name)
{
	(void)name;
	(*(unsigned long *)ud)++;
}

static int
plain_parse(XML_Parser xp, const struct doc *d, unsigned long *events)
{
	XML_SetUserData(xp, events);
	XML_SetElementHandler(xp, plain_start, plain_end);
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

	if (make_cdata(10000) != 0)
		return 1;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct grow g = { NULL, 0, 0 };
		char buf[2048];
		struct sw_xmlw w;

		sw_xmlw_init(&w, buf, sizeof(buf), grow_flush, &g, SW_XMLW_INDENT);
		if (write_doc(&w, docs[i].contacts) != SW_OK) {
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
