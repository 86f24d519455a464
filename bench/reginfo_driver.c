/* reginfo_driver sw|expat CONTACTS ITERATIONS: builds the bench_reginfo
 * document with CONTACTS contacts, then parses it ITERATIONS times with
 * sw_ri_parse (sw) or with plain expat reset between documents (expat,
 * element callbacks that only count). For bench/callgrind_reginfo.sh:
 * instructions(N) - instructions(0) cancel set-up. */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/reginfo.h"

struct grow {
	char *buf;
	size_t len, cap;
};

static int
grow_flush(struct sw_xmlw *w, const char *buf, size_t n)
{
	struct grow *g = w->user;

	if (g->len + n > g->cap) {
		char *nb = realloc(g->buf, (g->len + n) * 2);

		if (nb == NULL)
			return SW_E_NOSPACE;
		g->buf = nb;
		g->cap = (g->len + n) * 2;
	}
	memcpy(g->buf + g->len, buf, n);
	g->len += n;
	return 0;
}

static int
build(struct grow *g, unsigned n)
{
	static const struct sw_ri_registration reg = { { "sip:alice@example.com", 21 },
						       { "a7f3", 4 }, SW_RI_REG_ACTIVE, 0, 0 };
	static const struct sw_ri_param prm[] = {
		{ { "+sip.instance", 13 }, { "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"", 49 } },
		{ { "reg-id", 6 }, { "1", 1 } },
	};
	char buf[2048], id[16], uri[64];
	struct sw_xmlw w;
	struct sw_ri_writer r;
	struct sw_ri_contact c;

	memset(&c, 0, sizeof(c));
	c.event = SW_RI_EV_REGISTERED;
	c.callid = (struct sw_ri_str){ "1j9FpLxk3uxtm8tn@192.0.2.1", 26 };
	c.pub_gruu = (struct sw_ri_str){ "sip:alice@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 70 };
	c.temp_gruu = (struct sw_ri_str){ "sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr", 61 };
	c.has = SW_RI_HAS_EXPIRES | SW_RI_HAS_DURATION | SW_RI_HAS_Q | SW_RI_HAS_CALLID |
		SW_RI_HAS_CSEQ | SW_RI_HAS_PUB_GRUU | SW_RI_HAS_TEMP_GRUU;
	c.q = 500;
	sw_xmlw_init(&w, buf, sizeof(buf), grow_flush, g, SW_XMLW_INDENT);
	sw_ri_begin(&r, &w, 12, SW_RI_FULL, SW_RI_W_GRUU_NS);
	sw_ri_registration(&r, &reg);
	for (unsigned i = 0; i < n; i++) {
		c.id = (struct sw_ri_str){ id, (uint32_t)snprintf(id, sizeof(id), "c%u", i) };
		c.uri = (struct sw_ri_str){ uri, (uint32_t)snprintf(uri, sizeof(uri),
			"sip:alice@198.51.100.%u:%u;transport=tcp", i % 250, 5060 + i % 1000) };
		c.expires = 3600 - i % 3600;
		c.duration = i;
		c.cseq = c.temp_first_cseq = 1000 + i;
		sw_ri_contact(&r, &c, prm, 2);
	}
	return sw_ri_end(&r);
}

static void XMLCALL
on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)name;
	(void)atts;
	(*(unsigned long *)ud)++;
}

static void XMLCALL
on_end(void *ud, const XML_Char *name)
{
	(void)name;
	(*(unsigned long *)ud)++;
}

static int
run_sw(const struct grow *g, unsigned n, long iters)
{
	struct sw_ri_limits lim = SW_RI_LIMITS_DEFAULT;
	size_t pcap = SW_RI_PARSER_MEM_DEFAULT + 2 * g->len;
	void *pm = malloc(pcap), *sm = malloc(g->len);
	struct sw_ri_contact *cs = calloc(n + 1, sizeof(*cs));
	struct sw_ri_param *ps = calloc(2 * n + 1, sizeof(*ps));
	struct sw_ri_registration regs[2];
	struct sw_ri_parser p;
	struct sw_ri_view v;
	struct sw_arena a;
	int rc = 0;

	lim.max_doc = lim.feed_block = (uint32_t)g->len;
	if (pm == NULL || sm == NULL || cs == NULL || ps == NULL ||
	    sw_ri_parser_init(&p, pm, pcap, &lim) != SW_OK)
		return 1; /* a bench tool: the exit releases the rest */
	sw_ri_view_init(&v, regs, 2, cs, n + 1, ps, 2 * n + 1);
	for (long i = 0; i < iters && rc == 0; i++) {
		sw_arena_init(&a, sm, g->len);
		rc = sw_ri_parse(&p, g->buf, g->len, &v, &a, NULL) != SW_OK || v.ncontacts != n;
	}
	sw_ri_parser_fini(&p);
	free(pm);
	free(sm);
	free(cs);
	free(ps);
	return rc;
}

static int
run_expat(const struct grow *g, long iters)
{
	unsigned long events = 0;
	XML_Parser xp = XML_ParserCreateNS(NULL, ' ');

	for (long i = 0; i < iters; i++) {
		XML_ParserReset(xp, NULL);
		XML_SetUserData(xp, &events);
		XML_SetElementHandler(xp, on_start, on_end);
		if (XML_Parse(xp, g->buf, (int)g->len, XML_TRUE) != XML_STATUS_OK)
			return 1;
	}
	XML_ParserFree(xp);
	return 0;
}

int
main(int argc, char **argv)
{
	struct grow g = { NULL, 0, 0 };
	unsigned n;
	long iters;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: reginfo_driver sw|expat CONTACTS ITERATIONS\n");
		return 2;
	}
	n = (unsigned)strtoul(argv[2], NULL, 10);
	iters = strtol(argv[3], NULL, 10);
	if (build(&g, n) != SW_OK) {
		free(g.buf);
		return 1;
	}
	rc = strcmp(argv[1], "sw") == 0 ? run_sw(&g, n, iters) : run_expat(&g, iters);
	free(g.buf);
	return rc;
}
