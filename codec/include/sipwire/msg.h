/* sipwire: SIP message parser (RFC 3261 §7, §25).
 *
 * sw_msg_parse reads a message from a const buffer and fills a struct sw_msg
 * made of offsets into that buffer. It never writes to the input and never
 * touches the heap: the header table comes from a caller-supplied arena.
 */
#ifndef SIPWIRE_MSG_H
#define SIPWIRE_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/arena.h"
#include "sipwire/hdr.h"
#include "sipwire/slice.h"
#include "sipwire/status.h"

#define SW_METHOD_LIST(X) \
	X(INVITE) X(ACK) X(BYE) X(CANCEL) X(REGISTER) X(OPTIONS) X(INFO) X(PRACK) \
	X(UPDATE) X(SUBSCRIBE) X(NOTIFY) X(REFER) X(MESSAGE) X(PUBLISH)

enum sw_method {
	SW_METHOD_OTHER = 0,
#define SW_METHOD_ENUM(m) SW_METHOD_##m,
	SW_METHOD_LIST(SW_METHOD_ENUM)
#undef SW_METHOD_ENUM
	SW_METHOD__COUNT
};

/* Method id of the `len` bytes at `p` (methods are case-sensitive, RFC 3261
 * §7.1); SW_METHOD_OTHER for extension methods. */
enum sw_method sw_method_lookup(const char *p, size_t len);
const char *sw_method_name(enum sw_method m);

enum sw_msg_kind {
	SW_MSG_NONE = 0, /* fragment mode only: no start line */
	SW_MSG_REQUEST,
	SW_MSG_RESPONSE,
};

enum sw_msg_mode {
	/* UDP: the message is the whole datagram. The body is the rest of the
	 * datagram; a Content-Length larger than that is SW_E_LENGTH, a smaller
	 * one ends the message early (RFC 3261 §18.3). */
	SW_MODE_DATAGRAM = 0,
	/* TCP: Content-Length is required (RFC 3261 §18.3, §20.14); a message not
	 * yet complete gives SW_E_INCOMPLETE with err->need set. Leading CRLFs
	 * (keep-alives) are skipped. msg->len says where the next message starts. */
	SW_MODE_STREAM,
	/* message/sipfrag (RFC 3420): the start line is optional, the headers
	 * may end at the end of input, a body needs the empty line before it. */
	SW_MODE_FRAGMENT,
};

struct sw_limits {
	uint32_t max_headers; /* header lines per message (default 128) */
	uint32_t max_line;    /* bytes in one header line incl. folds (default 8192) */
	uint32_t max_msg;     /* bytes in the message (default 65535) */
};

#define SW_LIMITS_DEFAULT { 128, 8192, 65535 }

struct sw_parse_cfg {
	enum sw_msg_mode mode;
	struct sw_limits limits;
};

#define SW_PARSE_CFG_DEFAULT { SW_MODE_DATAGRAM, SW_LIMITS_DEFAULT }

#define SW_HDR_NONE 0xFFFFu

struct sw_hdr {
	struct sw_slice name;  /* as written, e.g. "v" or "VIA" */
	struct sw_slice value; /* first to last non-LWS byte; may hold CRLF folds */
	struct sw_slice line;  /* the whole header line(s), name to final CRLF incl. */
	uint16_t id;           /* enum sw_hdr_id */
	uint16_t next;         /* index of the next header with this id, or SW_HDR_NONE */
	uint8_t folded;        /* value spans continuation lines */
};

struct sw_msg {
	uint8_t kind;                  /* enum sw_msg_kind */
	uint8_t mode;                  /* enum sw_msg_mode it was parsed in */
	uint8_t method;                /* enum sw_method: request method, or CSeq method of a response */
	uint16_t status;               /* responses: 100..699 */
	struct sw_slice start;         /* start line without its CRLF; {0,0} when none */
	struct sw_slice method_name;   /* requests */
	struct sw_slice ruri;          /* requests */
	struct sw_slice version;       /* "SIP/2.0" as written */
	struct sw_slice reason;        /* responses; may be empty */
	struct sw_hdr *hdrs;           /* nhdrs entries in wire order, in the arena */
	uint16_t nhdrs;
	uint16_t first[SW_HDR__COUNT]; /* first instance of each id, or SW_HDR_NONE */
	uint32_t hdr_end;              /* offset of the CRLF that ends the header section
					  (fragment mode without one: end of the last header) */
	struct sw_slice body;
	int64_t content_length;        /* -1 when there is no Content-Length header */
	uint32_t cseq;                 /* CSeq number, when has_cseq */
	uint8_t has_cseq;
	uint8_t cseq_method_id;        /* enum sw_method */
	struct sw_slice cseq_method;
	uint32_t len;                  /* bytes the message occupies from offset 0 */
};

/*
 * Parse the message at buf[0..len).
 *
 * cfg: mode and limits; NULL means SW_PARSE_CFG_DEFAULT.
 * arena: supplies msg->hdrs; what the parse takes stays allocated until the
 *   caller rewinds or resets the arena. Too small: SW_E_NOSPACE.
 * msg: zeroed on entry, filled on success; slices are offsets into buf and
 *   stay valid as long as the bytes do (the struct holds no pointer into buf).
 * err: may be NULL; on failure says where parsing stopped and why.
 *
 * Returns SW_OK, or SW_E_MALFORMED, SW_E_INCOMPLETE, SW_E_NOSPACE,
 * SW_E_TOOMANY (more than max_headers), SW_E_TOOLONG (line or message over
 * its limit), SW_E_VERSION (not SIP/2.0), SW_E_RANGE (status code, CSeq or
 * Content-Length out of range), SW_E_LENGTH (Content-Length disagrees with
 * the datagram, or conflicting Content-Length headers).
 *
 * This is the structural parse the data plane needs: start line, header
 * table, CSeq and framing. sw_msg_check adds the RFC 3261 syntax checks of
 * the core headers.
 */
int sw_msg_parse(const void *buf, size_t len, const struct sw_parse_cfg *cfg,
		 struct sw_arena *arena, struct sw_msg *msg, struct sw_err *err);

/*
 * Strict RFC 3261 checks on a parsed message: Request-URI syntax (no
 * enclosing <>, no embedded LWS, no escaped headers in a SIP URI), exactly
 * one of Call-ID/From/To/CSeq/Max-Forwards where present, required headers
 * (Via, From, To, Call-ID, CSeq) present, From/To/Contact name-addr syntax
 * (balanced quotes, no LWS in addr-spec, token display names), CSeq and
 * Max-Forwards ranges, CSeq method equal to the request method, Via syntax,
 * Date in GMT. Returns SW_OK or the first violation with err->off.
 */
int sw_msg_check(const void *buf, const struct sw_msg *msg, struct sw_err *err);

/* First header with `id`, or NULL. */
static inline const struct sw_hdr *
sw_msg_first(const struct sw_msg *m, enum sw_hdr_id id)
{
	uint16_t i = m->first[id];

	return i == SW_HDR_NONE ? NULL : &m->hdrs[i];
}

/* Next header with the same id as `h`, or NULL. */
static inline const struct sw_hdr *
sw_msg_next(const struct sw_msg *m, const struct sw_hdr *h)
{
	return h->next == SW_HDR_NONE ? NULL : &m->hdrs[h->next];
}

/* Number of header lines with `id`. */
unsigned sw_msg_count(const struct sw_msg *m, enum sw_hdr_id id);

/* Arena bytes sw_msg_parse needs for `max_headers` headers (for sizing). */
size_t sw_msg_arena_need(uint32_t max_headers);

#endif
