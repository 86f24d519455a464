/* Route sets (RFC 3327 §5.3, RFC 3608 §6.1, RFC 3261 §12.1) collected
 * with the name-addr iterator, and a Route-style header line written from
 * one (sw_route_set, sw_route_set_reversed, sw_route_write; route.h). Kept
 * apart from route.c, which holds the entry parser and the iterator. */
#include <string.h>

#include "err_int.h"
#include "sipwire/route.h"
#include "sipwire/uri.h"

int
sw_route_set(const void *base, const struct sw_msg *msg, enum sw_hdr_id id,
	     struct sw_nameaddr *out, size_t cap, size_t *n, struct sw_err *err)
{
	struct sw_addr_iter it;
	struct sw_nameaddr tmp;
	size_t k = 0;
	int rc;

	sw_addr_iter_init(&it, base, msg, id);
	while ((rc = sw_addr_iter_next(&it, k < cap ? &out[k] : &tmp, err)) == 1)
		k++;
	*n = k;
	if (rc < 0)
		return rc;
	if (k > cap)
		return sw_err_at(err, SW_E_NOSPACE, 0, "route set larger than the caller's array");
	return SW_OK;
}

int
sw_route_set_reversed(const void *base, const struct sw_msg *msg, enum sw_hdr_id id,
		      struct sw_nameaddr *out, size_t cap, size_t *n, struct sw_err *err)
{
	int rc = sw_route_set(base, msg, id, out, cap, n, err);

	if (rc != SW_OK)
		return rc;
	for (size_t i = 0, j = *n; i + 1 < j; i++, j--) {
		struct sw_nameaddr t = out[i];

		out[i] = out[j - 1];
		out[j - 1] = t;
	}
	return SW_OK;
}

/* Bounded writer: a put that does not fit sets `full` and writes nothing. */
struct wbuf {
	char *p;
	size_t cap, len;
	int full;
};

static void
put(struct wbuf *w, const void *s, size_t n)
{
	if (w->full || n > w->cap - w->len) {
		w->full = 1;
		return;
	}
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

/* Copy a parameter value; a quoted value may hold folds, which become the
 * SP/HT that follows the CRLF (RFC 3261 §7.3.1), so the line written has
 * no line breaks inside. */
static void
put_unfolded(struct wbuf *w, const unsigned char *v, size_t n)
{
	const unsigned char *cr;

	while (n > 0 && (cr = memchr(v, '\r', n)) != NULL) {
		put(w, v, (size_t)(cr - v));
		n -= (size_t)(cr - v);
		/* sw_lex_quoted only accepts a CR as part of CRLF SP/HT */
		v = cr + (n >= 2 ? 2 : n);
		n -= n >= 2 ? 2 : n;
	}
	put(w, v, n);
}

/* "<uri>;p1;p2=v" for one entry, parameters normalised (no LWS). */
static int
put_entry(struct wbuf *w, const unsigned char *b, const struct sw_nameaddr *na,
	  struct sw_err *err)
{
	struct sw_slice rest = na->params, n, v;
	int kind;

	put(w, "<", 1);
	put(w, b + na->uri.off, na->uri.len);
	put(w, ">", 1);
	while ((kind = sw_param_next(b, &rest, &n, &v)) > 0) {
		put(w, ";", 1);
		put(w, b + n.off, n.len);
		if (kind == SW_PARAM_VALUE) {
			put(w, "=", 1);
			put_unfolded(w, b + v.off, v.len);
		}
	}
	if (kind < 0)
		return sw_err_at(err, kind, rest.off, "bad header parameter in route entry");
	return SW_OK;
}

int
sw_route_write(const void *base, enum sw_hdr_id id, const struct sw_nameaddr *set, size_t n,
	       char *out, size_t cap, size_t *len, struct sw_err *err)
{
	struct wbuf w = { out, cap, 0, 0 };
	const char *name = sw_hdr_name(id);
	int rc;

	*len = 0;
	if (n == 0)
		return SW_OK;
	if (name == NULL || *name == '\0')
		return sw_err_at(err, SW_E_INVAL, 0, "header id has no name");
	put(&w, name, strlen(name));
	put(&w, ": ", 2);
	for (size_t i = 0; i < n; i++) {
		if (set[i].star || set[i].uri.len == 0)
			return sw_err_at(err, SW_E_INVAL, set[i].whole.off, "entry without a URI");
		if (i > 0)
			put(&w, ", ", 2);
		rc = put_entry(&w, base, &set[i], err);
		if (rc != SW_OK)
			return rc;
	}
	put(&w, "\r\n", 2);
	if (w.full)
		return sw_err_at(err, SW_E_NOSPACE, (unsigned)cap, "route header does not fit the buffer");
	*len = w.len;
	return SW_OK;
}
