/* sipwire inspect [--stream] [--lax] FILE|-: one JSON object describing the
 * message (DESIGN.md contract). The message must pass sw_msg_parse and, unless
 * --lax, sw_msg_check; a rejection prints {"error","offset","detail"} and
 * exits 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "json_text.h"
#include "sipwire/msg.h"
#include "sipwire/refer_sub.h"
#include "sipwire/route.h"

static const char inspect_usage[] = "sipwire inspect [--stream] [--lax] FILE|-";

/* Header parameters as an object: flag -> true, name=value -> "value". */
static json_t *
params_json(const char *b, struct sw_slice params, int *rc)
{
	json_t *o = json_object();
	struct sw_slice rest = params, name, value;
	int k;

	while ((k = sw_param_next(b, &rest, &name, &value)) > 0) {
		char key[256];

		snprintf(key, sizeof(key), "%.*s", (int)name.len, b + name.off);
		json_object_set_new(o, key, k == SW_PARAM_FLAG ? json_true() : json_text(b, value));
	}
	if (k < 0)
		*rc = k;
	return o;
}

/* Display name without its quotes and with quoted-pairs resolved. */
static json_t *
display_json(const char *b, struct sw_slice d)
{
	char *tmp;
	size_t o = 0;
	json_t *j;

	if (d.len == 0)
		return json_null();
	if (b[d.off] != '"')
		return json_text(b, d);
	tmp = malloc(d.len);
	if (tmp == NULL)
		return json_null();
	for (uint32_t i = 1; i + 1 < d.len; i++) {
		if (b[d.off + i] == '\\' && i + 2 < d.len)
			i++;
		tmp[o++] = b[d.off + i];
	}
	j = json_text(tmp, sw_slice_make(0, (uint32_t)o));
	free(tmp);
	return j;
}

static json_t *
addr_list_json(const char *b, const struct sw_msg *m, enum sw_hdr_id id, int *rc,
	       struct sw_err *err)
{
	json_t *a = json_array();
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	int k;

	sw_addr_iter_init(&it, b, m, id);
	while ((k = sw_addr_iter_next(&it, &na, err)) > 0) {
		json_t *e = json_object();

		json_object_set_new(e, "display", display_json(b, na.display));
		json_object_set_new(e, "uri", json_text(b, na.uri));
		json_object_set_new(e, "lr", json_boolean(na.u.pflags & SW_URI_P_LR));
		json_object_set_new(e, "params", params_json(b, na.params, rc));
		json_array_append_new(a, e);
	}
	if (k < 0)
		*rc = k;
	return a;
}

static json_t *
refer_sub_json(const char *b, const struct sw_msg *m, int *rc, struct sw_err *err)
{
	struct sw_refer_sub rs;
	int k = sw_refer_sub_get(b, m, &rs, err);
	json_t *o;

	if (k < 0)
		*rc = k;
	if (k <= 0)
		return json_null();
	o = json_object();
	json_object_set_new(o, "value", json_boolean(rs.value));
	json_object_set_new(o, "params", params_json(b, rs.params, rc));
	return o;
}

static json_t *
tags_json(const char *b, const struct sw_msg *m, enum sw_hdr_id id, int *rc, struct sw_err *err)
{
	json_t *a = json_array();
	struct sw_tag_iter it;
	struct sw_slice tag;
	int k;

	sw_tag_iter_init(&it, b, m, id);
	while ((k = sw_tag_iter_next(&it, &tag, err)) > 0)
		json_array_append_new(a, json_text(b, tag));
	if (k < 0)
		*rc = k;
	return a;
}

static json_t *
start_json(const char *b, const struct sw_msg *m)
{
	json_t *o = json_object();
	int req = m->kind == SW_MSG_REQUEST;

	json_object_set_new(o, "kind", json_string(req ? "request" : "response"));
	json_object_set_new(o, "method", req ? json_text(b, m->method_name)
					     : m->has_cseq ? json_text(b, m->cseq_method) : json_null());
	json_object_set_new(o, "request_uri", req ? json_text(b, m->ruri) : json_null());
	json_object_set_new(o, "status", req ? json_null() : json_integer(m->status));
	json_object_set_new(o, "reason", req ? json_null() : json_text(b, m->reason));
	return o;
}

static json_t *
message_json(const char *b, const struct sw_msg *m, int *rc, struct sw_err *err)
{
	json_t *o = start_json(b, m), *hdrs = json_array();

	for (unsigned i = 0; i < m->nhdrs; i++) {
		json_t *h = json_object();

		json_object_set_new(h, "name", json_text(b, m->hdrs[i].name));
		json_object_set_new(h, "value", json_text(b, m->hdrs[i].value));
		json_array_append_new(hdrs, h);
	}
	json_object_set_new(o, "headers", hdrs);
	json_object_set_new(o, "path", addr_list_json(b, m, SW_HDR_PATH, rc, err));
	json_object_set_new(o, "service_route", addr_list_json(b, m, SW_HDR_SERVICE_ROUTE, rc, err));
	json_object_set_new(o, "route", addr_list_json(b, m, SW_HDR_ROUTE, rc, err));
	json_object_set_new(o, "record_route", addr_list_json(b, m, SW_HDR_RECORD_ROUTE, rc, err));
	json_object_set_new(o, "refer_sub", refer_sub_json(b, m, rc, err));
	json_object_set_new(o, "supported", tags_json(b, m, SW_HDR_SUPPORTED, rc, err));
	json_object_set_new(o, "content_length",
			    m->content_length >= 0 ? json_integer(m->content_length) : json_null());
	json_object_set_new(o, "body_length", json_integer(m->body.len));
	return o;
}

int
cmd_inspect(int argc, char **argv)
{
	static unsigned char mem[1 << 16];
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;
	struct sw_err err = { 0 };
	struct sw_arena a;
	struct sw_msg m;
	int i, lax = 0, rc;
	size_t len;
	char *buf;
	json_t *o;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != 0; i++) {
		if (strcmp(argv[i], "--stream") == 0)
			cfg.mode = SW_MODE_STREAM;
		else if (strcmp(argv[i], "--lax") == 0)
			lax = 1;
		else
			return cli_usage(inspect_usage, "unknown option");
	}
	if (i != argc - 1)
		return cli_usage(inspect_usage, "exactly one input file expected");
	buf = cli_read_input(argv[i], &len, 0);
	if (buf == NULL)
		return CLI_USAGE;
	sw_arena_init(&a, mem, sizeof(mem));
	rc = sw_msg_parse(buf, len, &cfg, &a, &m, &err);
	if (rc == SW_OK && !lax)
		rc = sw_msg_check(buf, &m, &err);
	if (rc != SW_OK) {
		free(buf);
		return cli_reject(rc, &err);
	}
	o = message_json(buf, &m, &rc, &err);
	if (rc == SW_OK) {
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	}
	json_decref(o);
	free(buf);
	return rc == SW_OK ? CLI_OK : cli_reject(rc, &err);
}
