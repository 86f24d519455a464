/* sipwire: sipfrag sanitising for topology hiding (policy hook).
 *
 * A NOTIFY for the refer event carries a message/sipfrag body that may quote
 * the far side's response: its Via, Contact, Record-Route, Server or SDP
 * reveal the core network. Towards the access side the SBC keeps the start
 * line byte for byte (the status code is what the referrer acts on, RFC 3515
 * §2.4.5) and only the header fields an operator names; everything else in
 * the fragment (other header fields, the empty line, the fragment's own
 * body) is deleted through the edit engine, which fixes Content-Length.
 */
#ifndef SIPWIRE_SIPFRAG_POLICY_H
#define SIPWIRE_SIPFRAG_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/arena.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/status.h"

/* Checks a --sipfrag-headers value: "none", or header names (tokens;
 * compact forms allowed) separated by commas with optional SP/HT around
 * them. Content-* fields are accepted but never kept (the fragment's body
 * they describe is always removed). Returns SW_OK or SW_E_INVAL with
 * err->off at the offending byte of `list`. */
int sw_sipfrag_keep_check(const char *list, struct sw_err *err);

/*
 * Sanitise the sipfrag body of `msg` if it is a NOTIFY with Event: refer
 * and Content-Type message/sipfrag (version 2.0 or absent).
 *
 * buf/msg: the message and its sw_msg_parse result; not modified.
 * keep: a list accepted by sw_sipfrag_keep_check ("none" or NULL: keep no
 *   header field); borrowed for the call.
 * scratch: holds the fragment's header table during the call only (rewound
 *   before returning); about 32 bytes per fragment header line.
 * edits: deletes are appended (offsets into buf); nothing is inserted, so
 *   the edits reference no memory of their own.
 * err: may be NULL; set on a negative return.
 *
 * Returns 1 when deletes were added; 0 when the message is not such a
 * NOTIFY, or its fragment already holds nothing to remove; a negative
 * status, with no edit added, when the body is not a valid message/sipfrag
 * (the sw_sipfrag_parse status, offsets relative to buf; SW_E_VERSION for
 * a version other than 2.0) or when `edits` has no room for the deletes
 * (SW_E_TOOMANY); SW_E_INVAL from the edit engine only if another rule
 * already edited inside the body (some deletes may then be in `edits`:
 * sw_policy_apply empties the list on any error).
 */
int sw_sipfrag_sanitize(const void *buf, const struct sw_msg *msg, const char *keep,
			struct sw_arena *scratch, struct sw_edits *edits, struct sw_err *err);

#endif
