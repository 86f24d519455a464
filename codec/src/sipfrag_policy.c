/* sipfrag sanitiser: keep the start line and the named header fields of a
 * refer NOTIFY's message/sipfrag body, delete the rest in place.
 *
 * Only deletes are used: each kept line stays exactly as it was on the wire
 * (the start line byte for byte), so the result is valid whenever the input
 * was, and the edits need no scratch bytes that must outlive the call.
 */
#include <string.h>

#include "ctype_tab.h"
#include "sipwire/edit.h"
#include "sipwire/sipfrag.h"
#include "sipwire/sipfrag_policy.h"

static int
sfail(struct sw_err *err, int rc, uint32_t off, const char *detail)
{
	if (err != NULL) {
		err->off = off;
		err->detail = detail;
	}
	return rc;
}

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
		return sfail(err, SW_E_INVAL, (uint32_t)pos, "expected none or NAME[,NAME...]");
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

/* Is the fragment header `h` (slices relative to f) named in keep? Known
 * headers match by id, so "From" keeps "f:" too; others by name. */
static int
kept(const char *f, const struct sw_hdr *h, const char *keep)
{
	size_t pos = 0, start = 0;
	int n;

	if (keep == NULL || strcmp(keep, "none") == 0 || is_content_hdr(h->id))
		return 0;
	while ((n = next_name(keep, &pos, &start)) > 0) {
		if (h->id != SW_HDR_OTHER) {
			if (sw_hdr_lookup(keep + start, (size_t)n) == h->id)
				return 1;
		} else if (h->name.len == (uint32_t)n) {
			uint32_t i = 0;

			while (i < h->name.len && sw_lower[(unsigned char)f[h->name.off + i]] ==
						  sw_lower[(unsigned char)keep[start + i]])
				i++;
			if (i == h->name.len)
				return 1;
		}
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

/* Deletes for everything between the kept lines of fragment `fm` (which
 * starts at `base` in the message); adjacent removals merge into one. With
 * edits == NULL only counts them. Returns the number of deletes or a
 * negative status. */
static int
add_deletes(struct sw_edits *edits, const char *f, const struct sw_msg *fm, uint32_t flen,
	    uint32_t base, const char *keep, struct sw_err *err)
{
	uint32_t del_from = fm->kind != SW_MSG_NONE ? fm->start.len + 2 : 0;
	int n = 0, rc;

	for (uint16_t i = 0; i <= fm->nhdrs; i++) {
		/* past the last header: the empty line and the body go */
		uint32_t at = i < fm->nhdrs ? fm->hdrs[i].line.off : flen;

		if (i < fm->nhdrs && !kept(f, &fm->hdrs[i], keep))
			continue;
		if (at > del_from) {
			rc = edits ? sw_edits_delete(edits, base + del_from, at - del_from) : SW_OK;
			if (rc != SW_OK)
				return sfail(err, rc, base + del_from, "cannot add the sipfrag deletes");
			n++;
		}
		if (i < fm->nhdrs)
			del_from = fm->hdrs[i].line.off + fm->hdrs[i].line.len;
	}
	return n;
}

int
sw_sipfrag_sanitize(const void *buf, const struct sw_msg *msg, const char *keep,
		    struct sw_arena *scratch, struct sw_edits *edits, struct sw_err *err)
{
	const char *b = buf, *f;
	size_t mark = sw_arena_mark(scratch);
	struct sw_msg fm;
	int rc = is_refer_notify(b, msg, err);

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
	/* count first, so a full list fails before any delete is added */
	rc = add_deletes(NULL, f, &fm, msg->body.len, msg->body.off, keep, err);
	if (rc > 0 && sw_edits_count(edits) + (unsigned)rc > SW_EDITS_MAX)
		rc = sfail(err, SW_E_TOOMANY, msg->body.off, "too many sipfrag lines to remove");
	else if (rc > 0)
		rc = add_deletes(edits, f, &fm, msg->body.len, msg->body.off, keep, err);
	sw_arena_rewind(scratch, mark);
	if (rc > 0)
		rc = 1;
	return rc;
}
