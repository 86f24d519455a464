/* docs/reginfo.md example: write a reginfo document through a 256-byte
 * buffer, parse it back without the heap, and feed it to a tracker.
 * Built and run by `meson test` (suite docs). */
#include <stdio.h>
#include <string.h>

#include "sipwire/reginfo.h"

/* The writer hands over full buffers here; a real caller would append to
 * an mbuf chain or a socket. */
struct out {
	char doc[4096];
	size_t len;
};

static int
flush(struct sw_xmlw *w, const char *buf, size_t n)
{
	struct out *o = w->user;

	if (n > sizeof(o->doc) - o->len)
		return SW_E_NOSPACE;
	memcpy(o->doc + o->len, buf, n);
	o->len += n;
	return SW_OK;
}

#define STR(lit) ((struct sw_ri_str){ (lit), sizeof(lit) - 1 })

int
main(void)
{
	/* 1. write: one registration, two contacts, one with a GRUU */
	static struct out o;
	char buf[256];
	struct sw_xmlw w;
	struct sw_ri_writer r;
	struct sw_ri_registration reg = { STR("sip:alice@example.com"), STR("a7"),
					  SW_RI_REG_ACTIVE, 0, 0 };
	struct sw_ri_param inst = { STR("+sip.instance"),
				    STR("\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"") };
	struct sw_ri_contact c;

	sw_xmlw_init(&w, buf, sizeof(buf), flush, &o, SW_XMLW_INDENT);
	sw_ri_begin(&r, &w, 0, SW_RI_FULL, SW_RI_W_GRUU_NS);
	sw_ri_registration(&r, &reg);
	memset(&c, 0, sizeof(c));
	c.id = STR("76");
	c.uri = STR("sip:alice@192.0.2.1;transport=tcp");
	c.state = SW_RI_ACTIVE;
	c.event = SW_RI_EV_SHORTENED; /* RFC 3680 §5.1: needs expires */
	c.expires = 1800;
	c.q = 500;                    /* written as q="0.5" */
	c.pub_gruu = STR("sip:alice@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
	c.has = SW_RI_HAS_EXPIRES | SW_RI_HAS_Q | SW_RI_HAS_PUB_GRUU;
	sw_ri_contact(&r, &c, &inst, 1);
	memset(&c, 0, sizeof(c));
	c.id = STR("77");
	c.uri = STR("sip:alice@198.51.100.4");
	c.state = SW_RI_TERMINATED;
	c.event = SW_RI_EV_EXPIRED;
	sw_ri_contact(&r, &c, NULL, 0);
	if (sw_ri_end(&r) != SW_OK) /* the one error check the writer needs */
		return 1;
	fwrite(o.doc, 1, o.len, stdout);

	/* 2. parse: caller memory only; the parser is reusable */
	static unsigned char pmem[SW_RI_PARSER_MEM_DEFAULT], smem[1024];
	struct sw_ri_parser p;
	struct sw_ri_registration regs[4];
	struct sw_ri_contact contacts[8];
	struct sw_ri_param params[8];
	struct sw_ri_view v;
	struct sw_arena strings;
	struct sw_err err = { 0, 0, NULL };

	if (sw_ri_parser_init(&p, pmem, sizeof(pmem), NULL) != SW_OK)
		return 1;
	sw_ri_view_init(&v, regs, 4, contacts, 8, params, 8);
	sw_arena_init(&strings, smem, sizeof(smem));
	if (sw_ri_parse(&p, o.doc, o.len, &v, &strings, &err) != SW_OK) {
		fprintf(stderr, "line %u col %u: %s\n", p.err_line, p.err_col, err.detail);
		return 1;
	}
	printf("parsed: version %llu, %u contact(s), first q=%u/1000 %s\n",
	       (unsigned long long)v.version, v.ncontacts, contacts[0].q,
	       sw_ri_event_name(contacts[0].event));

	/* 3. track: the terminated contact is not kept */
	struct sw_ri_track_reg treg[2];
	struct sw_ri_track_contact tcon[4];
	struct sw_ri_tracker t;
	enum sw_ri_verdict vd;

	sw_ri_tracker_init(&t, treg, 2, tcon, 4);
	if (sw_ri_track(&t, &v, &vd) != SW_OK || vd != SW_RI_APPLY || t.ncontacts != 1)
		return 1;
	if (sw_ri_track(&t, &v, &vd) != SW_OK || vd != SW_RI_DISCARD) /* same version again */
		return 1;
	printf("tracked: %u live contact(s) at version %llu\n", t.ncontacts,
	       (unsigned long long)t.version);
	sw_ri_parser_fini(&p);
	return 0;
}
