#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reginfo_doc.h"

int
swr_grow_flush(struct sw_xmlw *w, const char *buf, size_t n)
{
	struct swr_grow *g = w->user;

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

static const struct sw_ri_param params[] = {
	{ { "+sip.instance", 13 }, { "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"", 49 } },
	{ { "reg-id", 6 }, { "1", 1 } },
};

struct cdata {
	char id[16], uri[64];
	uint32_t id_len, uri_len;
};

static struct cdata *cdata;
static unsigned cdata_n;

int
swr_contacts_init(unsigned max)
{
	free(cdata);
	cdata = calloc(max, sizeof(*cdata));
	if (cdata == NULL)
		return -1;
	for (unsigned i = 0; i < max; i++) {
		cdata[i].id_len = (uint32_t)snprintf(cdata[i].id, sizeof(cdata[i].id), "c%u", i);
		cdata[i].uri_len = (uint32_t)snprintf(cdata[i].uri, sizeof(cdata[i].uri),
			"sip:alice@198.51.100.%u:%u;transport=tcp", i % 250, 5060 + i % 1000);
	}
	cdata_n = max;
	return 0;
}

int
swr_write_doc(struct sw_xmlw *w, unsigned n)
{
	static const struct sw_ri_registration reg = {
		{ "sip:alice@example.com", 21 }, { "a7f3", 4 }, SW_RI_REG_ACTIVE, 0, 0 };
	struct sw_ri_writer r;
	struct sw_ri_contact c;

	if (n > cdata_n)
		return SW_E_INVAL;
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

int
swr_build(struct swr_grow *g, unsigned n)
{
	char buf[2048];
	struct sw_xmlw w;

	if (n > cdata_n && swr_contacts_init(n) != 0)
		return SW_E_NOSPACE;
	sw_xmlw_init(&w, buf, sizeof(buf), swr_grow_flush, g, SW_XMLW_INDENT);
	return swr_write_doc(&w, n);
}

static void XMLCALL
count_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)name;
	(void)atts;
	(*(unsigned long *)ud)++;
}

static void XMLCALL
count_end(void *ud, const XML_Char *name)
{
	(void)name;
	(*(unsigned long *)ud)++;
}

void
swr_expat_count(XML_Parser xp, unsigned long *events)
{
	XML_SetUserData(xp, events);
	XML_SetElementHandler(xp, count_start, count_end);
}
