/* sipwire reginfo: parse, canonicalise and generate RFC 3680 reginfo XML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "sipwire/msg.h"
#include "sipwire/reginfo.h"
#include "sipwire/token.h"

static const char reginfo_usage[] =
	"sipwire reginfo --parse FILE | --canon FILE | "
	"--from-register REG --response OK [--version N] [--id-key HEX32]";

/* Everything a parse needs, sized from the input (the CLI may use the heap;
 * the codec only sees the buffers). */
struct ri_doc {
	char *in;
	size_t len;
	void *pmem, *smem;
	struct sw_ri_registration *regs;
	struct sw_ri_contact *contacts;
	struct sw_ri_param *params;
	struct sw_ri_parser p;
	struct sw_arena strings;
	struct sw_ri_view v;
};

static void
ri_doc_free(struct ri_doc *d)
{
	if (d->pmem != NULL)
		sw_ri_parser_fini(&d->p);
	free(d->in);
	free(d->pmem);
	free(d->smem);
	free(d->regs);
	free(d->contacts);
	free(d->params);
}

/* Read and parse FILE; returns CLI_OK, or prints the rejection / reason. */
static int
ri_doc_load(struct ri_doc *d, const char *path)
{
	struct sw_ri_limits lim = SW_RI_LIMITS_DEFAULT;
	size_t n, pcap = SW_RI_PARSER_MEM_DEFAULT;
	struct sw_err err = { 0, 0, NULL };
	int rc;

	memset(d, 0, sizeof(*d));
	d->in = cli_read_input(path, &d->len, 0);
	if (d->in == NULL)
		return CLI_USAGE;
	/* a debugging tool takes big documents: limits follow the input */
	if (d->len > lim.max_doc)
		lim.max_doc = d->len > (1u << 30) ? (1u << 30) : (uint32_t)d->len;
	n = d->len / 32 + 16;
	d->pmem = malloc(pcap);
	d->smem = malloc(d->len + 16);
	d->regs = calloc(n, sizeof(*d->regs));
	d->contacts = calloc(n, sizeof(*d->contacts));
	d->params = calloc(n, sizeof(*d->params));
	if (d->pmem == NULL || d->smem == NULL || d->regs == NULL || d->contacts == NULL ||
	    d->params == NULL) {
		fprintf(stderr, "sipwire: out of memory\n");
		return CLI_USAGE;
	}
	rc = sw_ri_parser_init(&d->p, d->pmem, pcap, &lim);
	if (rc != SW_OK)
		return cli_reject(rc, NULL);
	sw_arena_init(&d->strings, d->smem, d->len + 16);
	sw_ri_view_init(&d->v, d->regs, (uint32_t)n, d->contacts, (uint32_t)n, d->params, (uint32_t)n);
	rc = sw_ri_parse(&d->p, d->in, d->len, &d->v, &d->strings, &err);
	if (rc != SW_OK) {
		fprintf(stderr, "sipwire: line %u, column %u: %s\n", d->p.err_line, d->p.err_col,
			err.detail ? err.detail : sw_strerror(rc));
		return cli_reject(rc, &err);
	}
	return CLI_OK;
}

static json_t *
ri_str(struct sw_ri_str s)
{
	return json_stringn(s.p, s.len);
}

static json_t *
ri_contact_json(const struct sw_ri_view *v, const struct sw_ri_contact *c)
{
	json_t *o = json_object(), *ps = json_array();
	char q[8];

	json_object_set_new(o, "id", ri_str(c->id));
	json_object_set_new(o, "state", json_string(sw_ri_contact_state_name(c->state)));
	json_object_set_new(o, "event", json_string(sw_ri_event_name(c->event)));
	json_object_set_new(o, "uri", ri_str(c->uri));
	if (c->has & SW_RI_HAS_DISPLAY)
		json_object_set_new(o, "display_name", ri_str(c->display));
	if (c->has & SW_RI_HAS_LANG)
		json_object_set_new(o, "lang", ri_str(c->lang));
	if (c->has & SW_RI_HAS_EXPIRES)
		json_object_set_new(o, "expires", json_integer((json_int_t)c->expires));
	if (c->has & SW_RI_HAS_RETRY_AFTER)
		json_object_set_new(o, "retry_after", json_integer((json_int_t)c->retry_after));
	if (c->has & SW_RI_HAS_DURATION)
		json_object_set_new(o, "duration_registered", json_integer((json_int_t)c->duration));
	if (c->has & SW_RI_HAS_Q)
		json_object_set_new(o, "q", json_stringn(q, sw_ri_q_format(q, c->q)));
	if (c->has & SW_RI_HAS_CALLID)
		json_object_set_new(o, "callid", ri_str(c->callid));
	if (c->has & SW_RI_HAS_CSEQ)
		json_object_set_new(o, "cseq", json_integer((json_int_t)c->cseq));
	for (uint32_t i = 0; i < c->nparams; i++) {
		const struct sw_ri_param *pr = &v->params[c->param_first + i];

		json_array_append_new(ps, json_pack("{s:o, s:o}", "name", ri_str(pr->name), "value",
						    ri_str(pr->value)));
	}
	json_object_set_new(o, "unknown_params", ps);
	if (c->has & SW_RI_HAS_PUB_GRUU)
		json_object_set_new(o, "pub_gruu", ri_str(c->pub_gruu));
	if (c->has & SW_RI_HAS_TEMP_GRUU)
		json_object_set_new(o, "temp_gruu",
				    json_pack("{s:o, s:I}", "uri", ri_str(c->temp_gruu), "first_cseq",
					      (json_int_t)c->temp_first_cseq));
	return o;
}

/* The JSON form of a view (also used by tests through the CLI). */
static json_t *
ri_view_json(const struct sw_ri_view *v)
{
	json_t *regs = json_array();

	for (uint32_t i = 0; i < v->nregs; i++) {
		const struct sw_ri_registration *r = &v->regs[i];
		json_t *cs = json_array();

		for (uint32_t j = 0; j < r->ncontacts; j++)
			json_array_append_new(cs, ri_contact_json(v, &v->contacts[r->contact_first + j]));
		json_array_append_new(regs, json_pack("{s:o, s:o, s:s, s:o}", "aor", ri_str(r->aor),
						      "id", ri_str(r->id), "state",
						      sw_ri_reg_state_name(r->state), "contacts", cs));
	}
	return json_pack("{s:I, s:s, s:o}", "version", (json_int_t)v->version, "state",
			 sw_ri_doc_state_name(v->state), "registrations", regs);
}

/* Growable output for the writer: the document is printed only once it is
 * complete, so a rejection never leaves half a document on stdout. */
struct ri_out {
	char *buf;
	size_t len, cap;
};

static int
ri_out_flush(struct sw_xmlw *w, const char *buf, size_t count)
{
	struct ri_out *o = w->user;

	if (count > o->cap - o->len) {
		size_t ncap = (o->cap + count) * 2;
		char *nb = realloc(o->buf, ncap);

		if (nb == NULL)
			return SW_E_NOSPACE;
		o->buf = nb;
		o->cap = ncap;
	}
	memcpy(o->buf + o->len, buf, count);
	o->len += count;
	return 0;
}

static int
ri_print_view(const struct sw_ri_view *v)
{
	char buf[4096];
	struct sw_xmlw w;
	struct ri_out o = { NULL, 0, 0 };
	struct sw_err err = { 0, 0, "the document breaks an RFC 3680 §5 rule the writer enforces" };
	int rc;

	sw_xmlw_init(&w, buf, sizeof(buf), ri_out_flush, &o, SW_XMLW_INDENT);
	rc = sw_ri_write_view(&w, v);
	if (rc == SW_OK)
		fwrite(o.buf, 1, o.len, stdout);
	free(o.buf);
	return rc == SW_OK ? CLI_OK : cli_reject(rc, &err);
}

static int
ri_parse_or_canon(const char *path, int canon)
{
	struct ri_doc d;
	int rc = ri_doc_load(&d, path);

	if (rc == CLI_OK && canon) {
		rc = ri_print_view(&d.v);
	} else if (rc == CLI_OK) {
		json_t *j = ri_view_json(&d.v);

		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
	}
	ri_doc_free(&d);
	return rc;
}

/* A SIP message file parsed into `m`; msg arena from the heap (CLI). */
struct ri_sip {
	char *buf;
	size_t len;
	void *mem;
	struct sw_arena a;
	struct sw_msg m;
};

static int
ri_sip_load(struct ri_sip *s, const char *path)
{
	struct sw_err err = { 0, 0, NULL };
	size_t need = sw_msg_arena_need(128);
	int rc;

	memset(s, 0, sizeof(*s));
	s->buf = cli_read_input(path, &s->len, 0);
	s->mem = malloc(need);
	if (s->buf == NULL || s->mem == NULL)
		return CLI_USAGE;
	sw_arena_init(&s->a, s->mem, need);
	rc = sw_msg_parse(s->buf, s->len, NULL, &s->a, &s->m, &err);
	if (rc != SW_OK) {
		fprintf(stderr, "sipwire: %s: %s\n", path, err.detail ? err.detail : sw_strerror(rc));
		return cli_reject(rc, &err);
	}
	return CLI_OK;
}

static int
ri_from_register(const char *regp, const char *okp, const char *ver, const char *keyhex)
{
	struct ri_sip reg, ok;
	struct ri_out o = { NULL, 0, 0 };
	struct sw_err err = { 0, 0, NULL };
	uint8_t key[SW_TOKEN_KEY_LEN];
	unsigned long long v = 0;
	char buf[4096], *end = NULL;
	struct sw_xmlw w;
	int rc;

	if (ver != NULL) {
		v = strtoull(ver, &end, 10);
		if (ver[0] < '0' || ver[0] > '9' || *end != 0)
			return cli_usage(reginfo_usage, "--version takes a number");
	}
	if (keyhex != NULL && sw_token_key_from_hex(keyhex, strlen(keyhex), key) != SW_OK)
		return cli_usage(reginfo_usage, "--id-key takes 32 hex digits");
	rc = ri_sip_load(&reg, regp);
	if (rc == CLI_OK)
		rc = ri_sip_load(&ok, okp);
	if (rc == CLI_OK) {
		sw_xmlw_init(&w, buf, sizeof(buf), ri_out_flush, &o, SW_XMLW_INDENT);
		rc = sw_ri_from_register(&w, reg.buf, &reg.m, ok.buf, &ok.m, v,
					 keyhex != NULL ? key : NULL, &err);
		if (rc == SW_OK)
			fwrite(o.buf, 1, o.len, stdout);
		else
			rc = cli_reject(rc, &err);
	}
	free(o.buf);
	free(reg.buf);
	free(reg.mem);
	free(ok.buf);
	free(ok.mem);
	return rc;
}

int
cmd_reginfo(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "--from-register") == 0 &&
	    strcmp(argv[3], "--response") == 0) {
		const char *ver = NULL, *key = NULL;

		for (int i = 5; i < argc; i += 2) {
			if (i + 1 >= argc)
				return cli_usage(reginfo_usage, "option without a value");
			if (strcmp(argv[i], "--version") == 0)
				ver = argv[i + 1];
			else if (strcmp(argv[i], "--id-key") == 0)
				key = argv[i + 1];
			else
				return cli_usage(reginfo_usage, "unknown option");
		}
		return ri_from_register(argv[2], argv[4], ver, key);
	}
	if (argc == 3 && strcmp(argv[1], "--parse") == 0)
		return ri_parse_or_canon(argv[2], 0);
	if (argc == 3 && strcmp(argv[1], "--canon") == 0)
		return ri_parse_or_canon(argv[2], 1);
	return cli_usage(reginfo_usage, argc < 2 ? "reginfo needs an action" : "bad arguments");
}
