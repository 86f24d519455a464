/* sipfrag sanitiser: keep the start line and the named header fields of a
 * refer NOTIFY's message/sipfrag body, delete the rest in place.
 *
 * Only deletes are used: each kept line stays exactly as it was on the wire
 * (the start line byte for byte), so the result is valid whenever the input
 * was, and the edits need no scratch bytes that must outlive the call.
 */
#include <string.h>

#include "err_int.h"
#include "ctype_tab.h"
#include "sipwire/edit.h"
#include "sipwire/sipfrag.h"
#include "sipwire/sipfrag_policy.h"

/* Next name of a keep list at *pos: returns its length (0 at the end) and
 * sets *start; -1 on a syntax error (*pos at the offending byte). */
static int
next_name(const char *list, size_t *pos, size_t *start)
{
	size_t p = *pos, s;

	while (list[p] == ' ' || list[p] == '\t')
		p++;
	if (list[p] == 0) {
		*pos = p;
		return 0;
	}
	s = p;
	while (sw_is((unsigned char)list[p], SW_CT_TOKEN))
		p++;
	if (p == s) {
		*pos = p;
		return -1;
	}
	*start = s;
	*pos = p;
	while (list[*pos] == ' ' || list[*pos] == '\t')
		(*pos)++;
	if (list[*pos] == ',') {
		(*pos)++;
		while (list[*pos] == ' ' || list[*pos] == '\t')
			(*pos)++;
		if (list[*pos] == 0)
			return -1; /* a trailing comma names nothing */
	} else if (list[*pos] != 0) {
		return -1;
	}
	return (int)(p - s);
}

int
sw_sipfrag_keep_check(const char *list, struct sw_err *err)
{
	size_t pos = 0, start = 0;
	int n, count = 0;

	if (list == NULL || strcmp(list, "none") == 0)
		return SW_OK;
	while ((n = next_name(list, &pos, &start)) > 0)
		count++;
	if (n < 0 || count == 0)
		return sw_err_at(err, SW_E_INVAL, (uint32_t)pos, "expected none or NAME[,NAME...]");
	return SW_OK;
}

/* The fragment describes a body that the sanitiser always removes. */
static int
is_content_hdr(unsigned id)
{
	return id == SW_HDR_CONTENT_LENGTH || id == SW_HDR_CONTENT_TYPE ||
	       id == SW_HDR_CONTENT_ENCODING || id == SW_HDR_CONTENT_LANGUAGE ||
	       id == SW_HDR_CONTENT_DISPOSITION || id == SW_HDR_MIME_VERSION;
}

/* The keep list resolved once per call: known header ids in a table (so
 * "From" keeps "f:" too), unknown names matched by name on demand. */
struct keep_set {
	const char *list; /* NULL: keep nothing */
	uint8_t id[SW_HDR__COUNT];
};

static void
keep_init(struct keep_set *k, const char *keep)
{
	size_t pos = 0, start = 0;
	int n;

	memset(k->id, 0, sizeof(k->id));
	k->list = keep != NULL && strcmp(keep, "none") != 0 ? keep : NULL;
	while (k->list != NULL && (n = next_name(k->list, &pos, &start)) > 0)
		k->id[sw_hdr_lookup(k->list + start, (size_t)n)] = 1;
}

/* Is the fragment header `h` (slices relative to f) kept? */
static int
kept(const char *f, const struct sw_hdr *h, const struct keep_set *k)
{
	size_t pos = 0, start = 0;
	int n;

	if (is_content_hdr(h->id))
		return 0;
	if (h->id != SW_HDR_OTHER || k->list == NULL || !k->id[SW_HDR_OTHER])
		return k->id[h->id];
	while ((n = next_name(k->list, &pos, &start)) > 0) {
		uint32_t i = 0;

		if (h->name.len != (uint32_t)n)
			continue;
		while (i < h->name.len &&
		       sw_lower[(unsigned char)f[h->name.off + i]] == sw_lower[(unsigned char)k->list[start + i]])
			i++;
		if (i == h->name.len)
			return 1;
	}
	return 0;
}

/* NOTIFY with Event: refer (event-type compared case-insensitively up to
 * its parameters, RFC 6665 §8.2.1) and a message/sipfrag body? 1 yes, 0 no,
 * <0 when Content-Type says sipfrag of another version or is malformed. */
static int
is_refer_notify(const char *b, const struct sw_msg *m, struct sw_err *err)
{
	const struct sw_hdr *ev, *ct;
	uint32_t e;

	if (m->kind != SW_MSG_REQUEST || m->method != SW_METHOD_NOTIFY)
		return 0;
	ev = sw_msg_first(m, SW_HDR_EVENT);
	ct = sw_msg_first(m, SW_HDR_CONTENT_TYPE);
	if (ev == NULL || ct == NULL)
		return 0;
	for (e = ev->value.off; e < ev->value.off + ev->value.len; e++)
		if (!sw_is((unsigned char)b[e], SW_CT_TOKEN))
			break;
	if (!sw_slice_ieq(b, sw_slice_make(ev->value.off, e - ev->value.off), "refer"))
		return 0;
	switch (sw_sipfrag_ctype_parse(b, ct->value, NULL, err)) {
	case SW_OK:
		return 1;
	case SW_E_NOTFOUND:
		return 0;
	case SW_E_VERSION:
		return SW_E_VERSION;
	default:
		return SW_E_MALFORMED;
	}
}

/* The byte ranges of fragment `fm` between its kept lines (adjacent
 * removals merged), at most `max`. Returns their number, or -1 when there
 * would be more than `max`. */
static int
removed_ranges(const char *f, const struct sw_msg *fm, uint32_t flen, const struct keep_set *k,
	       uint32_t (*r)[2], int max)
{
	uint32_t del_from = fm->kind != SW_MSG_NONE ? fm->start.len + 2 : 0;
	int n = 0;

	for (uint16_t i = 0; i <= fm->nhdrs; i++) {
		/* past the last header: the empty line and the body go */
		uint32_t at = i < fm->nhdrs ? fm->hdrs[i].line.off : flen;

		if (i < fm->nhdrs && !kept(f, &fm->hdrs[i], k))
			continue;
		if (at > del_from) {
			if (n == max)
				return -1;
			r[n][0] = del_from;
			r[n++][1] = at - del_from;
		}
		if (i < fm->nhdrs)
			del_from = fm->hdrs[i].line.off + fm->hdrs[i].line.len;
	}
	return n;
}

/* Adds the deletes; all of them fit (checked by the caller). */
static int
add_deletes(struct sw_edits *edits, uint32_t (*r)[2], int n, uint32_t base, struct sw_err *err)
{
	for (int i = 0; i < n; i++) {
		int rc = sw_edits_delete(edits, base + r[i][0], r[i][1]);

		if (rc != SW_OK)
			return sw_err_at(err, rc, base + r[i][0], "cannot add the sipfrag deletes");
	}
	return n > 0;
}

int
sw_sipfrag_sanitize(const void *buf, const struct sw_msg *msg, const char *keep,
		    struct sw_arena *scratch, struct sw_edits *edits, struct sw_err *err)
{
	const char *b = buf, *f;
	size_t mark = sw_arena_mark(scratch);
	uint32_t r[SW_EDITS_MAX][2];
	struct keep_set k;
	struct sw_msg fm;
	int n, rc = is_refer_notify(b, msg, err);

	if (rc <= 0)
		return rc;
	f = b + msg->body.off;
	rc = sw_sipfrag_parse(f, msg->body.len, NULL, scratch, &fm, err);
	if (rc != SW_OK) {
		if (err != NULL)
			err->off += msg->body.off;
		sw_arena_rewind(scratch, mark);
		return rc;
	}
	keep_init(&k, keep);
	n = removed_ranges(f, &fm, msg->body.len, &k, r, SW_EDITS_MAX - (int)sw_edits_count(edits));
	sw_arena_rewind(scratch, mark);
	/* all deletes fit or none is added */
	if (n < 0)
		return sw_err_at(err, SW_E_TOOMANY, msg->body.off, "too many sipfrag lines to remove");
	rc = add_deletes(edits, r, n, msg->body.off, err);
	return rc;
}
