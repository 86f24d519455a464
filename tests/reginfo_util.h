/* Helpers shared by the reginfo tests: a fixed parse context, a one-line
 * digest of a view (every field, so two views with equal digests are
 * equal), and canonical output into memory. */
#ifndef SIPWIRE_TESTS_REGINFO_UTIL_H
#define SIPWIRE_TESTS_REGINFO_UTIL_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/reginfo.h"

#define RU_MAX 64

struct ru_ctx {
	unsigned char pmem[SW_RI_PARSER_MEM_DEFAULT];
	unsigned char smem[65536];
	struct sw_ri_parser p;
	struct sw_arena strings;
	struct sw_ri_registration regs[RU_MAX];
	struct sw_ri_contact contacts[RU_MAX];
	struct sw_ri_param params[RU_MAX];
	struct sw_ri_view v;
};

static inline int
ru_init(struct ru_ctx *c, const struct sw_ri_limits *lim)
{
	sw_arena_init(&c->strings, c->smem, sizeof(c->smem));
	sw_ri_view_init(&c->v, c->regs, RU_MAX, c->contacts, RU_MAX, c->params, RU_MAX);
	return sw_ri_parser_init(&c->p, c->pmem, sizeof(c->pmem), lim);
}

static inline int
ru_parse(struct ru_ctx *c, const void *buf, size_t len, struct sw_err *err)
{
	sw_arena_reset(&c->strings);
	return sw_ri_parse(&c->p, buf, len, &c->v, &c->strings, err);
}

/* Parse in chunks of `step` bytes (the last may be shorter). */
static inline int
ru_parse_chunked(struct ru_ctx *c, const char *buf, size_t len, size_t step, struct sw_err *err)
{
	size_t off = 0;
	int rc = SW_OK;

	sw_arena_reset(&c->strings);
	sw_ri_parse_begin(&c->p, &c->v, &c->strings);
	do {
		size_t n = len - off < step ? len - off : step;

		rc = sw_ri_parse_chunk(&c->p, buf + off, n, off + n == len, err);
		off += n;
	} while (rc == SW_OK && off < len);
	return rc;
}

/* Split at `at`: two chunks, then an empty final one. */
static inline int
ru_parse_split(struct ru_ctx *c, const char *buf, size_t len, size_t at, struct sw_err *err)
{
	int rc;

	sw_arena_reset(&c->strings);
	sw_ri_parse_begin(&c->p, &c->v, &c->strings);
	rc = sw_ri_parse_chunk(&c->p, buf, at, 0, err);
	if (rc == SW_OK)
		rc = sw_ri_parse_chunk(&c->p, buf + at, len - at, 0, err);
	if (rc == SW_OK)
		rc = sw_ri_parse_chunk(&c->p, "", 0, 1, err);
	return rc;
}

static inline void
ru_cat(char *d, size_t cap, const char *fmt, const char *s, size_t n)
{
	size_t l = strlen(d);

	if (l < cap)
		snprintf(d + l, cap - l, fmt, (int)n, s);
}

static inline void
ru_num(char *d, size_t cap, const char *name, uint64_t v)
{
	size_t l = strlen(d);

	if (l < cap)
		snprintf(d + l, cap - l, " %s=%" PRIu64, name, v);
}

#define RU_S(d, cap, label, str) ru_cat(d, cap, " " label "=%.*s", (str).p, (str).len)

static inline void
ru_contact_digest(char *d, size_t cap, const struct sw_ri_view *v, const struct sw_ri_contact *c)
{
	RU_S(d, cap, "| c id", c->id);
	ru_cat(d, cap, " st=%.*s", sw_ri_contact_state_name(c->state), 20);
	ru_cat(d, cap, " ev=%.*s", sw_ri_event_name(c->event), 20);
	RU_S(d, cap, "uri", c->uri);
	if (c->has & SW_RI_HAS_EXPIRES)
		ru_num(d, cap, "exp", c->expires);
	if (c->has & SW_RI_HAS_RETRY_AFTER)
		ru_num(d, cap, "ra", c->retry_after);
	if (c->has & SW_RI_HAS_DURATION)
		ru_num(d, cap, "dur", c->duration);
	if (c->has & SW_RI_HAS_Q)
		ru_num(d, cap, "q", c->q);
	if (c->has & SW_RI_HAS_CALLID)
		RU_S(d, cap, "callid", c->callid);
	if (c->has & SW_RI_HAS_CSEQ)
		ru_num(d, cap, "cseq", c->cseq);
	if (c->has & SW_RI_HAS_DISPLAY)
		RU_S(d, cap, "dn", c->display);
	if (c->has & SW_RI_HAS_LANG)
		RU_S(d, cap, "lang", c->lang);
	for (uint32_t i = 0; i < c->nparams; i++) {
		RU_S(d, cap, "p", v->params[c->param_first + i].name);
		RU_S(d, cap, "", v->params[c->param_first + i].value);
	}
	if (c->has & SW_RI_HAS_PUB_GRUU)
		RU_S(d, cap, "pub", c->pub_gruu);
	if (c->has & SW_RI_HAS_TEMP_GRUU) {
		RU_S(d, cap, "temp", c->temp_gruu);
		ru_num(d, cap, "first", c->temp_first_cseq);
	}
}

static inline void
ru_digest(char *d, size_t cap, const struct sw_ri_view *v)
{
	snprintf(d, cap, "v=%" PRIu64 " %s", v->version, sw_ri_doc_state_name(v->state));
	for (uint32_t i = 0; i < v->nregs; i++) {
		const struct sw_ri_registration *r = &v->regs[i];

		RU_S(d, cap, "| reg aor", r->aor);
		RU_S(d, cap, "id", r->id);
		ru_cat(d, cap, " st=%.*s", sw_ri_reg_state_name(r->state), 20);
		for (uint32_t j = 0; j < r->ncontacts; j++)
			ru_contact_digest(d, cap, v, &v->contacts[r->contact_first + j]);
	}
}

/* Canonical form of a view into out[0..cap); returns length or 0. */
static inline size_t
ru_canon(const struct sw_ri_view *v, char *out, size_t cap)
{
	struct sw_xmlw w;

	sw_xmlw_init(&w, out, cap, NULL, NULL, SW_XMLW_INDENT);
	if (sw_ri_write_view(&w, v) != SW_OK)
		return 0;
	return (size_t)sw_xmlw_len(&w);
}

/* Where ru_emit writes the documents a test produces (NULL: nowhere); the
 * xmllint test sets it from argv and validates every file written there. */
static const char *ru_emit_dir;

/* Write `doc` as <ru_emit_dir>/<name>.xml; exit 2 when that fails, so the
 * schema check can never run on a missing document. */
static inline void
ru_emit(const char *name, const char *doc, size_t len)
{
	char path[4096];
	FILE *f;

	if (ru_emit_dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s.xml", ru_emit_dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(doc, 1, len, f) != len) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(2);
	}
	fclose(f);
}

#endif
