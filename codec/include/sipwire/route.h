/* sipwire: name-addr / addr-spec lists and route sets.
 *
 * Path (RFC 3327), Service-Route (RFC 3608), Route and Record-Route
 * (RFC 3261 §20.30, §20.34) and Contact are lists of name-addr entries that
 * may be split over several header lines and comma-separated within a line.
 * struct sw_addr_iter walks every entry of one header id in wire order:
 * commas inside quoted display names (with \" escapes), inside <...> and
 * inside quoted parameter values do not split; folds are LWS.
 *
 * Everything is a slice into the message buffer; nothing is copied except
 * by sw_route_write, which writes into a caller buffer.
 */
#ifndef SIPWIRE_ROUTE_H
#define SIPWIRE_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/hdr.h"
#include "sipwire/msg.h"
#include "sipwire/slice.h"
#include "sipwire/status.h"
#include "sipwire/uri.h"

/* One entry of a name-addr list. All slices are relative to the message
 * base and lie inside the header value the entry came from. */
struct sw_nameaddr {
	struct sw_slice whole;   /* the entry, LWS-trimmed: from the display name (or
				    '<', or the addr-spec) to the end of its last
				    parameter; delete/replace this to edit one entry */
	struct sw_slice display; /* as written incl. quotes; len 0 when absent */
	struct sw_slice uri;     /* the URI without <> */
	struct sw_slice params;  /* header parameters after '>' (or after an addr-spec,
				    RFC 3261 §20) without the leading ';'; walk with
				    sw_param_next; len 0 when none */
	struct sw_uri u;         /* `uri` parsed (sw_uri_parse); for Contact '*' all
				    zero, slices empty at the '*' */
	uint16_t hdr;            /* index in msg->hdrs of the line holding the entry
				    (SW_HDR_NONE from sw_nameaddr_parse) */
	uint8_t angle;           /* URI was enclosed in <> (name-addr form) */
	uint8_t star;            /* Contact: '*' (uri.len == 0) */
};

/* Flags of sw_nameaddr_parse. */
enum sw_nameaddr_flag {
	SW_NA_ALLOW_STAR = 1u << 0, /* accept Contact's '*' as the whole value */
	/* Split and check the entry structure (display name, <>, header
	 * parameters, separators) but do not parse the URI: `uri` is set and
	 * starts with a letter, `u` is empty (all slices at the URI, no
	 * pflags). For hot paths that only locate entries; call sw_uri_parse
	 * on `uri` for the ones that matter. */
	SW_NA_SPLIT_ONLY = 1u << 1,
};

/*
 * Parse one name-addr / addr-spec value that is exactly `value` of `base`
 * (a From, To, Refer-To, Referred-By or single Contact value; leading and
 * trailing LWS allowed). In addr-spec form (no <>) the ';' parameters are
 * header parameters, and ',', '?' are not allowed (RFC 3261 §20).
 *
 * flags: enum sw_nameaddr_flag bits.
 * out: zeroed on entry; slices relative to base. err: may be NULL.
 * Returns SW_OK; SW_E_MALFORMED (unbalanced quote or '<', a top-level ',',
 * a display name that is neither a quoted-string nor tokens, bad header
 * parameter, trailing bytes) or an sw_uri_parse status for the URI, with
 * err->off set.
 */
int sw_nameaddr_parse(const void *base, struct sw_slice value, unsigned flags,
		      struct sw_nameaddr *out, struct sw_err *err);

/* Iterator state; treat as opaque. Holds a pointer to the message struct
 * and the buffer, which must outlive it; it allocates nothing. */
struct sw_addr_iter {
	const unsigned char *base;
	const struct sw_msg *msg;
	uint32_t pos, end;  /* cursor and end of the current header value */
	uint16_t hdr;       /* current header index, SW_HDR_NONE when done */
	uint8_t id;         /* enum sw_hdr_id being walked */
	uint8_t need_entry; /* an entry must follow (after ',' or at line start) */
	uint8_t flags;      /* SW_NA_SPLIT_ONLY or 0 */
	int status;         /* sticky: 0 running, <0 the error returned */
	struct sw_err err;  /* the sticky error's location */
};

/* Start walking every entry of every `id` header line of msg, in wire
 * order. base is the buffer msg was parsed from (the iterator may read any
 * byte of it before the end of a header value, never past that end).
 * Contact '*' entries are accepted when id is SW_HDR_CONTACT and '*' is
 * the whole line value. */
void sw_addr_iter_init(struct sw_addr_iter *it, const void *base, const struct sw_msg *msg,
		       enum sw_hdr_id id);

/* Same, with enum sw_nameaddr_flag bits: SW_NA_SPLIT_ONLY skips URI
 * parsing (see there); SW_NA_ALLOW_STAR is implied for Contact.
 *
 * An inline definition (C99/C11 `inline`; libsipwire holds the external
 * one, so taking its address or calling it from another language works):
 * a walk over an absent header, the usual case, then costs a few stores
 * and no call. It only reads msg->hdrs, msg->first and one header's value
 * slice. */
inline void
sw_addr_iter_init_flags(struct sw_addr_iter *it, const void *base, const struct sw_msg *msg,
			enum sw_hdr_id id, unsigned flags)
{
	uint16_t idx = (unsigned)id < SW_HDR__COUNT && msg->hdrs != NULL ? msg->first[id] : SW_HDR_NONE;

	/* field by field, no memset: `err` is only read once `status` is set */
	it->base = (const unsigned char *)base;
	it->msg = msg;
	it->id = (uint8_t)id;
	it->flags = (uint8_t)(flags & SW_NA_SPLIT_ONLY);
	it->status = 0;
	it->hdr = idx;
	it->need_entry = 1;
	it->pos = idx == SW_HDR_NONE ? 0 : msg->hdrs[idx].value.off;
	it->end = idx == SW_HDR_NONE ? 0 : it->pos + msg->hdrs[idx].value.len;
}

/*
 * Next entry. Returns 1 with every field of *out set; 0 at the end; a
 * negative status (SW_E_MALFORMED, SW_E_RANGE, ...) on a malformed entry,
 * an empty entry (", ," or an empty line value) or a trailing ',', with
 * err->off (may be NULL) at the offending byte. Errors are sticky: later
 * calls return the same status and location.
 */
inline int sw_addr_iter_next(struct sw_addr_iter *it, struct sw_nameaddr *out,
			     struct sw_err *err);

/* sw_addr_iter_next without its inline front (below): same contract. */
int sw_addr_iter_step(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err);

/* Inline definition of sw_addr_iter_next (C99/C11 `inline`; libsipwire
 * holds the external one): the end of a list, reached once per walk, needs
 * no call. */
inline int
sw_addr_iter_next(struct sw_addr_iter *it, struct sw_nameaddr *out, struct sw_err *err)
{
	if (it->status == 0 && it->hdr == SW_HDR_NONE)
		return 0;
	return sw_addr_iter_step(it, out, err);
}

/*
 * The rest of the walk without the entries: the same checks, errors and
 * final iterator state as calling sw_addr_iter_next until it returns 0 or
 * an error, but no struct sw_nameaddr is filled, so a caller that needs
 * the first entry and the count (a registrar's Path, a proxy's Route)
 * pays only for the checks. *n: the entries walked (before the error, if
 * any). Returns 0 at the end, or the status sw_addr_iter_next would have
 * returned for the offending entry, with err (may be NULL) set; errors
 * stay sticky as there.
 */
int sw_addr_iter_skip(struct sw_addr_iter *it, unsigned *n, struct sw_err *err);

/*
 * sw_addr_iter_skip that also gives the `uri` slice (as sw_addr_iter_next
 * sets it) of the first entry it walks: a registrar's or proxy's "first
 * entry and count" in one walk, with no struct sw_nameaddr filled. *first
 * is empty at offset 0 when *n is 0. Same return, *n, err and final state
 * as sw_addr_iter_skip.
 *
 * An inline definition (libsipwire holds the external one) whose front
 * answers the end of the list, an absent header being the usual case,
 * without a call; the rest is sw_addr_iter_skip_first_step.
 */
inline int sw_addr_iter_skip_first(struct sw_addr_iter *it, struct sw_slice *first,
				   unsigned *n, struct sw_err *err);

/* sw_addr_iter_skip_first without its inline front: same contract. */
int sw_addr_iter_skip_first_step(struct sw_addr_iter *it, struct sw_slice *first, unsigned *n,
				 struct sw_err *err);

inline int
sw_addr_iter_skip_first(struct sw_addr_iter *it, struct sw_slice *first, unsigned *n,
			struct sw_err *err)
{
	if (it->status == 0 && it->hdr == SW_HDR_NONE) {
		first->off = 0;
		first->len = 0;
		*n = 0;
		return 0;
	}
	return sw_addr_iter_skip_first_step(it, first, n, err);
}

/*
 * Route set from the `id` header list of msg (SW_HDR_PATH,
 * SW_HDR_SERVICE_ROUTE, SW_HDR_RECORD_ROUTE, SW_HDR_ROUTE) in received
 * order: the first Path value is the first Route (RFC 3327 §5.3); a
 * Service-Route list is the preloaded Route set in order (RFC 3608 §6.1);
 * Record-Route in a request gives a UAS its route set in order (RFC 3261
 * §12.1.1). Not reversed.
 *
 * out/cap: caller array of cap entries; the entries are slices of base,
 * valid as long as those bytes are. *n: entries in the list. Returns
 * SW_OK; SW_E_NOSPACE when cap is too small (out holds the first cap
 * entries and *n the number needed); or the iterator's error status.
 * An absent header gives SW_OK with *n == 0.
 */
int sw_route_set(const void *base, const struct sw_msg *msg, enum sw_hdr_id id,
		 struct sw_nameaddr *out, size_t cap, size_t *n, struct sw_err *err);

/* Like sw_route_set but in reverse order: the route set a UAC takes from
 * the Record-Route of a 2xx/1xx response (RFC 3261 §12.1.2). On
 * SW_E_NOSPACE out holds nothing useful; *n is the number needed. */
int sw_route_set_reversed(const void *base, const struct sw_msg *msg, enum sw_hdr_id id,
			  struct sw_nameaddr *out, size_t cap, size_t *n, struct sw_err *err);

/*
 * Write one header line "Name: <uri1>;p1, <uri2>\r\n" for the n entries of
 * set (whose slices are relative to base), using sw_hdr_name(id) ("Route"
 * for SW_HDR_ROUTE). Each entry is written as "<" uri ">" followed by its
 * header parameters normalised to ";name" / ";name=value" (LWS and folds
 * dropped); display names are dropped.
 *
 * out/cap: caller buffer; *len the bytes written. n == 0 writes nothing
 * (*len = 0, SW_OK): an empty route set has no header. Returns SW_OK;
 * SW_E_NOSPACE when the line does not fit (nothing is promised about out,
 * *len is 0, never a truncated line); SW_E_MALFORMED when an entry's
 * params do not parse.
 */
int sw_route_write(const void *base, enum sw_hdr_id id, const struct sw_nameaddr *set, size_t n,
		   char *out, size_t cap, size_t *len, struct sw_err *err);

#endif
