/* reginfo topology hiding (the policy hook for NOTIFY Event: reg heading
 * to the access side): host map, no callid/cseq, allow-listed params. */
#include <string.h>

#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/reginfo.h"
#include "sipwire/uri.h"

static int
ri_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
}

int
sw_ri_host_map_check(const char *map, struct sw_err *err)
{
	size_t i = 0, side_len = 0;
	int side = 0; /* 0: FROM, 1: TO */

	for (;; i++) {
		char c = map[i];

		if (c == '=' && side == 0 && side_len > 0) {
			side = 1;
			side_len = 0;
		} else if ((c == ',' || c == 0) && side == 1 && side_len > 0) {
			if (c == 0)
				return SW_OK;
			side = 0;
			side_len = 0;
		} else if (ri_host_char(c)) {
			side_len++;
		} else {
			if (err != NULL) {
				err->off = (unsigned)i;
				err->need = 0;
				err->detail = "reginfo-host-map is FROM=TO[,FROM=TO...] with host names";
			}
			return SW_E_INVAL;
		}
	}
}

/* The replacement host for `host` (case-insensitive), or NULL. */
static const char *
ri_map_find(const char *map, const char *host, size_t hlen, size_t *tolen)
{
	const char *e = map;

	while (*e != 0) {
		const char *eq = strchr(e, '='), *end = strchr(eq, ',');
		size_t flen = (size_t)(eq - e), i;

		if (end == NULL)
			end = eq + strlen(eq);
		for (i = 0; flen == hlen && i < hlen; i++)
			if ((e[i] | 0x20) != (host[i] | 0x20))
				break;
		if (flen == hlen && i == hlen) {
			*tolen = (size_t)(end - eq - 1);
			return eq + 1;
		}
		e = *end == ',' ? end + 1 : end;
	}
	return NULL;
}

/* Replace the host of URI *u when the map names it; the new string is
 * built in `a`. Returns 1 changed, 0 not, SW_E_NOSPACE. Strings that do not
 * parse as URIs are left alone (the writer still escapes them). */
static int
ri_map_uri(struct sw_arena *a, struct sw_ri_str *u, const char *map)
{
	struct sw_uri uri;
	const char *to;
	size_t tolen;
	char *n;

	if (u->len == 0 || sw_uri_parse(u->p, sw_slice_make(0, u->len), &uri, NULL) != SW_OK ||
	    uri.host.len == 0)
		return 0;
	to = ri_map_find(map, u->p + uri.host.off, uri.host.len, &tolen);
	if (to == NULL)
		return 0;
	n = sw_arena_alloc(a, u->len - uri.host.len + tolen, 1);
	if (n == NULL)
		return SW_E_NOSPACE;
	memcpy(n, u->p, uri.host.off);
	memcpy(n + uri.host.off, to, tolen);
	memcpy(n + uri.host.off + tolen, u->p + uri.host.off + uri.host.len,
	       u->len - uri.host.off - uri.host.len);
	u->len = (uint32_t)(u->len - uri.host.len + tolen);
	u->p = n;
	return 1;
}

/* `value` starts with `word` (case-insensitive) followed by its end,
 * ';' or LWS. */
static int
ri_starts_word(const char *b, struct sw_slice v, const char *word)
{
	size_t n = strlen(word);
	char next;

	if (v.len < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((b[v.off + i] | 0x20) != (word[i] | 0x20))
			return 0;
	next = v.len == n ? ';' : b[v.off + n];
	return next == ';' || next == ' ' || next == '\t' || next == '\r';
}

static int
ri_is_reg_notify(const char *b, const struct sw_msg *m)
{
	const struct sw_hdr *ev = sw_msg_first(m, SW_HDR_EVENT);
	const struct sw_hdr *ct = sw_msg_first(m, SW_HDR_CONTENT_TYPE);

	return m->kind == SW_MSG_REQUEST && m->method == SW_METHOD_NOTIFY && ev != NULL &&
	       ct != NULL && m->body.len > 0 && ri_starts_word(b, ev->value, "reg") &&
	       ri_starts_word(b, ct->value, "application/reginfo+xml");
}

static int
ri_allowed(struct sw_ri_str name)
{
	static const char *const allow[] = SW_RI_PARAM_ALLOW;

	for (size_t i = 0; i < sizeof(allow) / sizeof(allow[0]); i++) {
		size_t n = strlen(allow[i]), k;

		for (k = 0; n == name.len && k < n; k++)
			if ((name.p[k] | 0x20) != (allow[i][k] | 0x20))
				break;
		if (n == name.len && k == n)
			return 1;
	}
	return 0;
}

/* Apply the rules to every contact of the view; returns changes made (>0),
 * 0, or SW_E_NOSPACE. */
static int
ri_hide(struct sw_ri_view *v, const char *map, struct sw_arena *a)
{
	int changed = 0, rc;
	uint32_t w = 0;

	for (uint32_t i = 0; i < v->ncontacts; i++) {
		struct sw_ri_contact *c = &v->contacts[i];
		uint32_t first = w;

		if (c->has & (SW_RI_HAS_CALLID | SW_RI_HAS_CSEQ)) {
			c->has &= ~(uint32_t)(SW_RI_HAS_CALLID | SW_RI_HAS_CSEQ);
			changed++;
		}
		struct sw_ri_str *uris[3] = { &c->uri, &c->pub_gruu, &c->temp_gruu };

		for (int k = 0; k < 3; k++) {
			if ((rc = ri_map_uri(a, uris[k], map)) < 0)
				return rc;
			changed += rc;
		}
		for (uint32_t k = 0; k < c->nparams; k++) {
			struct sw_ri_param *p = &v->params[c->param_first + k];

			if (ri_allowed(p->name))
				v->params[w++] = *p; /* w never passes the read index */
			else
				changed++;
		}
		c->param_first = first;
		c->nparams = w - first;
	}
	v->nparams = w;
	return changed;
}

/* Parser, view and strings for one body, all in `a`. */
struct ri_work {
	struct sw_ri_parser p;
	struct sw_ri_view v;
	struct sw_arena strings;
};

/* Occurrences of `word` in b[0..len): an upper bound on the elements of
 * that name, to size the view for this body rather than for the worst. */
static uint32_t
ri_count(const char *b, uint32_t len, const char *word)
{
	size_t n = strlen(word), i = 0;
	uint32_t k = 0;
	const char *p;

	while (i + n <= len && (p = memchr(b + i, word[0], len - i - n + 1)) != NULL) {
		i = (size_t)(p - b);
		if (memcmp(p, word, n) == 0) {
			k++;
			i += n;
		} else {
			i++;
		}
	}
	return k;
}

static int
ri_work_init(struct ri_work *wk, struct sw_arena *a, const char *body, uint32_t len)
{
	struct sw_ri_limits lim = SW_RI_LIMITS_DEFAULT;
	/* expat's own state (~18 KiB), the max_value text scratch and its input
	 * buffer (the next power of two above the body plus 1 KiB) */
	size_t pcap = 24576 + (size_t)lim.max_value + 2 * ((size_t)len + 1024);
	uint32_t nc = ri_count(body, len, "contact") + 1;
	uint32_t np = ri_count(body, len, "unknown-param") + 1;
	uint32_t nr = ri_count(body, len, "registration") + 1;
	void *pm = sw_arena_alloc(a, pcap, 16);
	void *sm = sw_arena_alloc(a, len, 1);
	struct sw_ri_registration *r = sw_arena_alloc(a, nr * sizeof(*r), 8);
	struct sw_ri_contact *c = sw_arena_alloc(a, nc * sizeof(*c), 8);
	struct sw_ri_param *p = sw_arena_alloc(a, np * sizeof(*p), 8);

	if (pm == NULL || sm == NULL || r == NULL || c == NULL || p == NULL)
		return SW_E_NOSPACE;
	lim.max_doc = len;
	lim.feed_block = len;
	sw_arena_init(&wk->strings, sm, len);
	sw_ri_view_init(&wk->v, r, nr, c, nc, p, np);
	return sw_ri_parser_init(&wk->p, pm, pcap, &lim);
}

int
sw_ri_policy_rewrite(const void *buf, const struct sw_msg *msg, const char *host_map,
		     struct sw_arena *scratch, struct sw_edits *edits, int *changed,
		     struct sw_err *err)
{
	const char *b = buf;
	struct sw_slice body = msg->body;
	size_t mark = sw_arena_mark(scratch), ocap = 2 * (size_t)body.len + 1024, keep;
	struct sw_err perr = { 0, 0, NULL };
	struct sw_xmlw x;
	struct ri_work wk;
	char *out;
	int rc;

	*changed = 0;
	if (host_map == NULL || !ri_is_reg_notify(b, msg))
		return SW_OK;
	/* the new body first: everything after it is released before return */
	out = sw_arena_alloc(scratch, ocap, 1);
	keep = sw_arena_mark(scratch);
	rc = out == NULL ? SW_E_NOSPACE : ri_work_init(&wk, scratch, b + body.off, body.len);
	if (rc == SW_OK) {
		rc = sw_ri_parse(&wk.p, b + body.off, body.len, &wk.v, &wk.strings, &perr);
		if (rc != SW_OK && err != NULL) {
			err->off = body.off + perr.off; /* the body stays as it is */
			err->need = 0;
			err->detail = perr.detail;
		}
		if (rc == SW_OK && (rc = ri_hide(&wk.v, host_map, scratch)) > 0) {
			sw_xmlw_init(&x, out, ocap, NULL, NULL, SW_XMLW_INDENT);
			rc = sw_ri_write_view(&x, &wk.v);
			if (rc == SW_OK)
				rc = sw_edits_replace(edits, body.off, body.len, out,
						      (uint32_t)sw_xmlw_len(&x));
			*changed = rc == SW_OK;
		}
		sw_ri_parser_fini(&wk.p);
	}
	sw_arena_rewind(scratch, *changed ? keep : mark);
	return rc;
}
