/* sipwire: Refer-Sub (RFC 4488) and option tags.
 *
 *   Refer-Sub       = "Refer-Sub" HCOLON refer-sub-value *(SEMI exten)
 *   refer-sub-value = "true" / "false"           (RFC 4488 §7.2)
 *
 * The value is case-insensitive and single-valued: `false;foo=bar` is
 * false. The option tag "norefersub" in Supported/Require says a UA can do
 * without the implicit subscription.
 */
#ifndef SIPWIRE_REFER_SUB_H
#define SIPWIRE_REFER_SUB_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/hdr.h"
#include "sipwire/msg.h"
#include "sipwire/slice.h"
#include "sipwire/status.h"

struct sw_refer_sub {
	struct sw_slice token;  /* "true"/"false" as written */
	struct sw_slice params; /* extension params after the value, without the
				   leading ';'; walk with sw_param_next; len 0 when none */
	uint16_t hdr;           /* index of the header line in msg->hdrs
				   (SW_HDR_NONE from sw_refer_sub_parse) */
	uint8_t value;          /* 1 = true, 0 = false */
};

/*
 * Parse one Refer-Sub value: exactly the bytes `value` of `base` (the
 * struct sw_hdr.value of the line; LWS and folds allowed around ';' and
 * '='). out: zeroed on entry; slices relative to base. err: may be NULL.
 * Returns SW_OK or SW_E_MALFORMED with err->off at the first offending byte
 * (a value other than true/false, a ',' list, a bad extension parameter).
 */
int sw_refer_sub_parse(const void *base, struct sw_slice value, struct sw_refer_sub *out,
		       struct sw_err *err);

/*
 * The Refer-Sub of msg (parsed from base). Returns 1 with *out filled when
 * there is exactly one valid Refer-Sub line; 0 when there is none (*out
 * zeroed, hdr SW_HDR_NONE); SW_E_MALFORMED when the value is malformed or
 * when there is more than one Refer-Sub line (err->off at the second line).
 */
inline int sw_refer_sub_get(const void *base, const struct sw_msg *msg,
			    struct sw_refer_sub *out, struct sw_err *err);

/* sw_refer_sub_get without its inline front (below): same contract. */
int sw_refer_sub_get_step(const void *base, const struct sw_msg *msg, struct sw_refer_sub *out,
			  struct sw_err *err);

/* Inline definition of sw_refer_sub_get (C99/C11 `inline`; libsipwire
 * holds the external one, so taking its address works as before): the
 * usual answer, no Refer-Sub line, costs no call. */
inline int
sw_refer_sub_get(const void *base, const struct sw_msg *msg, struct sw_refer_sub *out,
		 struct sw_err *err)
{
	if (msg->hdrs == NULL || msg->first[SW_HDR_REFER_SUB] == SW_HDR_NONE) {
		*out = (struct sw_refer_sub){ { 0, 0 }, { 0, 0 }, SW_HDR_NONE, 0 };
		return 0;
	}
	return sw_refer_sub_get_step(base, msg, out, err);
}

/* Iterator over the option tags of every `id` line (Supported, Require,
 * Proxy-Require, Unsupported; compact "k" included since lines are
 * matched by id). Treat as opaque; it borrows base and msg. */
struct sw_tag_iter {
	const unsigned char *base;
	const struct sw_msg *msg;
	uint32_t pos, end;
	uint16_t hdr;       /* current header index, SW_HDR_NONE when done */
	uint8_t need_entry; /* a tag must follow (after ',') */
	int status;         /* sticky error, 0 while running */
	struct sw_err err;
};

/* Start walking the option tags of every `id` line of msg in wire order.
 * base is the buffer msg was parsed from; both must outlive the iterator,
 * which allocates nothing. */
void sw_tag_iter_init(struct sw_tag_iter *it, const void *base, const struct sw_msg *msg,
		      enum sw_hdr_id id);

/*
 * Next option tag (a token, RFC 3261 §25: option-tag = token) as a slice
 * relative to base. An empty line value is an empty list (Supported may be
 * empty, RFC 3261 §20.37). Returns 1 with *tag set; 0 at the end;
 * SW_E_MALFORMED (sticky) for an empty entry (", ,"), a trailing ',' or a
 * non-token byte, with err->off (may be NULL) at that byte.
 */
int sw_tag_iter_next(struct sw_tag_iter *it, struct sw_slice *tag, struct sw_err *err);

/*
 * Whether option tag `tag` (NUL-terminated, compared case-insensitively)
 * appears in any `id` line of msg. Returns 1 when present, 0 when absent,
 * SW_E_MALFORMED when a list is malformed before the tag is found. Test
 * with `== 1` (or `> 0`), not for truth: errors are negative.
 */
int sw_option_tag_has(const void *base, const struct sw_msg *msg, enum sw_hdr_id id,
		      const char *tag);

#endif
