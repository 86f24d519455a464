/* reginfo_driver sw|expat CONTACTS ITERATIONS: builds the bench_reginfo
 * document with CONTACTS contacts, then parses it ITERATIONS times with
 * sw_ri_parse (sw) or with plain expat reset between documents (expat,
 * element callbacks that only count). For bench/callgrind_reginfo.sh:
 * instructions(N) - instructions(0) cancel set-up. */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reginfo_doc.h"

static int
run_sw(const struct swr_grow *g, unsigned n, long iters)
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
run_expat(const struct swr_grow *g, long iters)
{
	unsigned long events = 0;
	XML_Parser xp = XML_ParserCreateNS(NULL, ' ');

	for (long i = 0; i < iters; i++) {
		XML_ParserReset(xp, NULL);
		swr_expat_count(xp, &events);
		if (XML_Parse(xp, g->buf, (int)g->len, XML_TRUE) != XML_STATUS_OK)
			return 1;
	}
	XML_ParserFree(xp);
	return 0;
}

int
main(int argc, char **argv)
{
	struct swr_grow g = { NULL, 0, 0 };
	unsigned n;
	long iters;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: reginfo_driver sw|expat CONTACTS ITERATIONS\n");
		return 2;
	}
	n = (unsigned)strtoul(argv[2], NULL, 10);
	iters = strtol(argv[3], NULL, 10);
	if (swr_build(&g, n) != SW_OK) {
		free(g.buf);
		return 1;
	}
	rc = strcmp(argv[1], "sw") == 0 ? run_sw(&g, n, iters) : run_expat(&g, iters);
	free(g.buf);
	return rc;
}
