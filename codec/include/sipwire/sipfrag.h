/* sipwire: message/sipfrag bodies (RFC 3420).
 *
 * A sipfrag is what is left of a SIP message after deleting the start line,
 * whole header fields or the body:
 *	sipfrag = [ start-line ] *message-header [ CRLF [ message-body ] ]
 * Every line ends in CRLF; a body needs the empty line and the header fields
 * that describe it (RFC 3420 §2, RFC 3261 §7.4).
 *
 * The writer fills a caller buffer and never truncates: when the buffer is
 * too small the error is SW_E_NOSPACE and the writer stops. The parser is
 * sw_msg_parse in SW_MODE_FRAGMENT plus the header checks a fragment needs.
 */
#ifndef SIPWIRE_SIPFRAG_H
#define SIPWIRE_SIPFRAG_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/arena.h"
#include "sipwire/msg.h"
#include "sipwire/slice.h"
#include "sipwire/status.h"

/* The Content-Type value sipwire writes for a sipfrag body (RFC 3420 §5,
 * RFC 3515 §2.4.5). */
#define SW_SIPFRAG_CTYPE "message/sipfrag;version=2.0"

/* ---- writer ------------------------------------------------------------ */

/* Writer state. Fields are private; the struct is public so it can live on
 * the stack. The first error sticks: later calls write nothing and return
 * it again, so a sequence of puts can be checked once at sw_sipfrag_finish. */
struct sw_sipfrag_writer {
	char *buf;
	size_t cap;
	size_t len;
	int err;          /* first error, SW_OK while there is none */
	uint8_t stage;    /* 0 nothing yet, 1 start line, 2 headers, 3 body */
	uint8_t has_ctype;
	int64_t clen;     /* value of a caller-written Content-Length, -1 if none */
};

/* Start writing into buf[0..cap). The buffer stays the caller's; the writer
 * keeps a pointer to it until the caller stops using `w`. */
void sw_sipfrag_writer_init(struct sw_sipfrag_writer *w, void *buf, size_t cap);

/* "SIP/2.0 <code> <reason>\r\n". code must be 100..699 (SW_E_RANGE);
 * reason (reason_len bytes, may be 0) must not hold CR, LF or other controls
 * except HTAB (SW_E_INVAL); it is written as given, any length. Only as the
 * first put (SW_E_STATE otherwise). */
int sw_sipfrag_put_status(struct sw_sipfrag_writer *w, unsigned code, const char *reason,
			  size_t reason_len);

/* "<method> <request-uri> SIP/2.0\r\n": method a token, request-uri a URI
 * sw_uri_parse accepts, without <>, LWS or (sip/sips) URI headers
 * (SW_E_INVAL). First put only. */
int sw_sipfrag_put_request(struct sw_sipfrag_writer *w, const char *method, size_t method_len,
			   const char *ruri, size_t ruri_len);

/* "<name>: <value>\r\n". name a token (SW_E_INVAL); value without CR, LF
 * or controls other than HTAB (SW_E_INVAL; folded values are not written).
 * The value's own grammar (Via, From, ...) is not checked here: run
 * sw_sipfrag_parse on the result when the values come from outside.
 * A Content-Length written here must be a number and must match a later
 * sw_sipfrag_put_body. SW_E_STATE after the body. */
int sw_sipfrag_put_header(struct sw_sipfrag_writer *w, const char *name, size_t name_len,
			  const char *value, size_t value_len);

/* The body: writes "Content-Type: <ctype>\r\n" when ctype is not NULL,
 * "Content-Length: <body_len>\r\n" unless the caller wrote one, then the
 * empty line and the body bytes (copied). A non-empty body needs a
 * Content-Type from here or an earlier put_header (SW_E_STATE, RFC 3261
 * §7.4.1); a caller Content-Length different from body_len is SW_E_LENGTH.
 * At most once, last. */
int sw_sipfrag_put_body(struct sw_sipfrag_writer *w, const char *ctype, const void *body,
			size_t body_len);

/* Ends the fragment: returns the sticky status (SW_OK or the first error)
 * and, on SW_OK, the fragment length in *len. A fragment with no put at all
 * is the empty fragment (length 0), which RFC 3420 allows. */
int sw_sipfrag_finish(const struct sw_sipfrag_writer *w, size_t *len);

/* One call for the common REFER case: "SIP/2.0 <code> <reason>\r\n" into
 * buf[0..cap). reason NULL means the RFC 3261 §21 phrase of `code` (empty
 * for codes it does not name). Returns the length written (> 0), or a
 * negative status: SW_E_RANGE, SW_E_INVAL, SW_E_NOSPACE (nothing useful in
 * buf then). */
long sw_sipfrag_write_status(void *buf, size_t cap, unsigned code, const char *reason,
			     size_t reason_len);

/* RFC 3261 §21 reason phrase of `code` ("Not Found"); "" for codes it does
 * not name. Static string. */
const char *sw_reason_phrase(unsigned code);

/* ---- Content-Type ------------------------------------------------------ */

/* Writes "message/sipfrag;version=<version>" (version NULL: "2.0") into
 * dst[0..cap) and its length in *len; no NUL is written. version must be
 * 1*DIGIT "." 1*DIGIT (SW_E_INVAL). SW_E_NOSPACE when it does not fit. */
int sw_sipfrag_ctype_write(char *dst, size_t cap, const char *version, size_t *len);

/* Is the Content-Type value `v` (a slice of base) message/sipfrag?
 * Media type and subtype compare case-insensitively, LWS around ";" and "="
 * is allowed, the version parameter may be quoted. *version (may be NULL)
 * gets the version value ({0,0} when absent: RFC 3420 §5 default 2.0).
 * Returns SW_OK for message/sipfrag of version 2.0, SW_E_NOTFOUND for
 * another media type, SW_E_VERSION for another version, SW_E_MALFORMED
 * (err->off) when the value is not a media-type. */
int sw_sipfrag_ctype_parse(const void *base, struct sw_slice v, struct sw_slice *version,
			   struct sw_err *err);

/* ---- parser ------------------------------------------------------------ */

/*
 * Parse the sipfrag at buf[0..len): sw_msg_parse in SW_MODE_FRAGMENT
 * (limits: `lim`, NULL for SW_LIMITS_DEFAULT), then the RFC 3420 rules a
 * structural parse does not see:
 *  - a fragment is complete input: a line cut short is SW_E_MALFORMED, not
 *    SW_E_INCOMPLETE;
 *  - a non-empty body needs Content-Type (RFC 3420 §2, RFC 3261 §7.4.1), and
 *    a Content-Length, when present, must equal the bytes after the empty
 *    line (SW_E_LENGTH);
 *  - the header syntax checks of sw_msg_check (Via, From/To, Contact and
 *    the other name-addr lists, Call-ID, Max-Forwards, CSeq, Date, fields
 *    allowed once; required headers are not required in a fragment), plus
 *    at most one tag in From and To (RFC 3420 §3.2) and a Content-Type that
 *    is a media-type. Other header fields only get the structural check.
 * arena and msg as for sw_msg_parse (slices relative to buf). err may be NULL.
 * Returns SW_OK or the status of the first violation with err->off.
 */
int sw_sipfrag_parse(const void *buf, size_t len, const struct sw_limits *lim,
		     struct sw_arena *arena, struct sw_msg *msg, struct sw_err *err);

#endif
