/* sipwire sipfrag: write a message/sipfrag body, or parse one into JSON.
 *
 *   sipwire sipfrag [--status CODE [--reason TEXT] | --request 'METHOD URI']
 *                   [--header 'Name: value']... [--body-file F --content-type T]
 *   sipwire sipfrag --parse FILE|-
 *
 * Exit 0 on success, 1 when the codec rejects the input (one JSON rejection
 * object on stdout), 2 on usage errors (DESIGN.md contract).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "json_text.h"
#include "sipwire/sipfrag.h"

static const char sipfrag_usage[] =
	"sipwire sipfrag [--status CODE [--reason TEXT] | --request 'METHOD URI'] "
	"[--header 'Name: value']... [--body-file F --content-type T]\n"
	"       sipwire sipfrag --parse FILE|-";

#define MAX_HEADERS 64

struct frag_args {
	long status;           /* -1: none */
	const char *reason;
	const char *request;
	const char *headers[MAX_HEADERS];
	int nheaders;
	const char *body_file;
	const char *ctype;
	const char *parse;
};

static int
parse_args(int argc, char **argv, struct frag_args *a)
{
	memset(a, 0, sizeof(*a));
	a->status = -1;
	if (argc < 2)
		return cli_usage(sipfrag_usage, "nothing to write");
	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (val == NULL)
			return cli_usage(sipfrag_usage, "option needs a value");
		i++;
		if (strcmp(opt, "--status") == 0) {
			a->status = strtol(val, &end, 10);
			if (*end != 0 || end == val || a->status < 0)
				return cli_usage(sipfrag_usage, "--status needs a number");
		} else if (strcmp(opt, "--reason") == 0) {
			a->reason = val;
		} else if (strcmp(opt, "--request") == 0) {
			a->request = val;
		} else if (strcmp(opt, "--header") == 0) {
			if (a->nheaders == MAX_HEADERS || strchr(val, ':') == NULL)
				return cli_usage(sipfrag_usage, "--header needs 'Name: value' (at most 64)");
			a->headers[a->nheaders++] = val;
		} else if (strcmp(opt, "--body-file") == 0) {
			a->body_file = val;
		} else if (strcmp(opt, "--content-type") == 0) {
			a->ctype = val;
		} else if (strcmp(opt, "--parse") == 0) {
			a->parse = val;
		} else {
			return cli_usage(sipfrag_usage, "unknown option");
		}
	}
	if (a->parse != NULL && (a->status >= 0 || a->request || a->nheaders || a->body_file))
		return cli_usage(sipfrag_usage, "--parse takes no writer options");
	if (a->status >= 0 && a->request != NULL)
		return cli_usage(sipfrag_usage, "--status and --request exclude each other");
	if ((a->body_file == NULL) != (a->ctype == NULL))
		return cli_usage(sipfrag_usage, "--body-file and --content-type go together");
	if (a->reason != NULL && a->status < 0)
		return cli_usage(sipfrag_usage, "--reason needs --status");
	return CLI_OK;
}

/* Puts the start line and the headers; returns the writer status. */
static int
write_head(struct sw_sipfrag_writer *w, const struct frag_args *a)
{
	if (a->status >= 0) {
		const char *r = a->reason ? a->reason : sw_reason_phrase((unsigned)a->status);

		sw_sipfrag_put_status(w, a->status > 999 ? 1000 : (unsigned)a->status, r, strlen(r));
	} else if (a->request != NULL) {
		const char *sp = strchr(a->request, ' ');

		if (sp == NULL)
			sw_sipfrag_put_request(w, a->request, strlen(a->request), "", 0);
		else
			sw_sipfrag_put_request(w, a->request, (size_t)(sp - a->request), sp + 1, strlen(sp + 1));
	}
	for (int i = 0; i < a->nheaders; i++) {
		const char *h = a->headers[i], *colon = strchr(h, ':'), *v = colon + 1;
		size_t nlen = (size_t)(colon - h);

		while (nlen > 0 && (h[nlen - 1] == ' ' || h[nlen - 1] == '\t'))
			nlen--;
		while (*v == ' ' || *v == '\t')
			v++;
		sw_sipfrag_put_header(w, h, nlen, v, strlen(v));
	}
	return w->err;
}

static int
do_write(const struct frag_args *a)
{
	size_t blen = 0, len = 0, cap;
	char *body = NULL, *out;
	struct sw_sipfrag_writer w;
	struct sw_err err = { 0, 0, NULL };
	int rc;

	if (a->body_file != NULL && (body = cli_read_input(a->body_file, &blen, 0)) == NULL)
		return CLI_USAGE;
	cap = 65536 + blen;
	out = malloc(cap);
	if (out == NULL) {
		free(body);
		return cli_usage(sipfrag_usage, "out of memory");
	}
	sw_sipfrag_writer_init(&w, out, cap);
	write_head(&w, a);
	if (a->body_file != NULL)
		sw_sipfrag_put_body(&w, a->ctype, body, blen);
	rc = sw_sipfrag_finish(&w, &len);
	if (rc != SW_OK) {
		err.off = (unsigned)w.len;
		err.detail = rc == SW_E_RANGE ? "status code not in 100..699"
			   : rc == SW_E_STATE ? "a body needs a Content-Type"
			   : rc == SW_E_INVAL ? "start line or header field is not valid SIP" : NULL;
		rc = cli_reject(rc, &err);
	} else {
		fwrite(out, 1, len, stdout);
		rc = CLI_OK;
	}
	free(out);
	free(body);
	return rc;
}

static json_t *
start_json(const char *b, const struct sw_msg *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(m->kind == SW_MSG_REQUEST ? "request"
						   : m->kind == SW_MSG_RESPONSE ? "response" : "none"));
	json_object_set_new(o, "start_line", m->kind ? json_text(b, m->start) : json_null());
	json_object_set_new(o, "method", m->kind == SW_MSG_REQUEST ? json_text(b, m->method_name) : json_null());
	json_object_set_new(o, "request_uri", m->kind == SW_MSG_REQUEST ? json_text(b, m->ruri) : json_null());
	json_object_set_new(o, "status", m->kind == SW_MSG_RESPONSE ? json_integer(m->status) : json_null());
	json_object_set_new(o, "reason", m->kind == SW_MSG_RESPONSE ? json_text(b, m->reason) : json_null());
	return o;
}

static int
do_parse(const char *path)
{
	static unsigned char mem[1 << 16];
	struct sw_arena arena;
	struct sw_msg m;
	struct sw_err err = { 0, 0, NULL };
	size_t len;
	char *buf = cli_read_input(path, &len, 0);
	json_t *o, *hs;
	int rc;

	if (buf == NULL)
		return CLI_USAGE;
	sw_arena_init(&arena, mem, sizeof(mem));
	rc = sw_sipfrag_parse(buf, len, NULL, &arena, &m, &err);
	if (rc != SW_OK) {
		free(buf);
		return cli_reject(rc, &err);
	}
	o = start_json(buf, &m);
	hs = json_array();
	for (uint16_t i = 0; i < m.nhdrs; i++)
		json_array_append_new(hs, json_pack("{s:o, s:o}", "name", json_text(buf, m.hdrs[i].name),
						    "value", json_text(buf, m.hdrs[i].value)));
	json_object_set_new(o, "headers", hs);
	json_object_set_new(o, "content_length",
			    m.content_length >= 0 ? json_integer(m.content_length) : json_null());
	json_object_set_new(o, "body_length", json_integer(m.body.len));
	json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
	free(buf);
	return CLI_OK;
}

int
cmd_sipfrag(int argc, char **argv)
{
	struct frag_args a;
	int rc = parse_args(argc, argv, &a);

	if (rc != CLI_OK)
		return rc;
	if (a.parse != NULL)
		return do_parse(a.parse);
	return do_write(&a);
}
