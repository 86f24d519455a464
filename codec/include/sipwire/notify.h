/* sipwire: NOTIFY and SUBSCRIBE builders.
 *
 * Each builder writes one complete SIP request into a caller buffer (an mbuf
 * data area in the worker) in one forward pass: no heap, no arena, no copy
 * of a body that is already in place. A buffer that is too small gives
 * SW_E_NOSPACE and the bytes written so far are garbage: nothing is ever
 * truncated. What the builders produce parses back with sw_msg_parse.
 *
 *  - sw_notify_refer_build: the NOTIFY reporting REFER progress (RFC 3515
 *    §2.4.4-2.4.6, RFC 6665) with a status-line message/sipfrag body.
 *  - sw_subscribe_reg_build: a SUBSCRIBE to the reg event (RFC 3680 §4).
 *  - sw_notify_reg_build: a NOTIFY for the reg event whose body a callback
 *    writes straight into the output buffer (the reginfo writer).
 */
#ifndef SIPWIRE_NOTIFY_H
#define SIPWIRE_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/msg.h"
#include "sipwire/status.h"

/* Who sends the request: Via sent-by, Contact and the Via branch.
 * All strings are NUL-terminated, owned by the caller, read during the call. */
struct sw_local_id {
	const char *host;      /* host name, IPv4 address or "[IPv6]" reference */
	uint16_t port;         /* 0: no port written (default port of the transport) */
	const char *transport; /* Via transport token ("UDP", "TCP", "TLS"); NULL: "UDP" */
	const char *branch;    /* Via branch, a token starting with "z9hG4bK" (RFC 3261 §8.1.1.7) */
	const char *user;      /* Contact user part; NULL: none */
};

/* Subscription-State values (RFC 6665 §8.2.3). */
enum sw_substate {
	SW_SUBSTATE_ACTIVE = 0,
	SW_SUBSTATE_PENDING,
	SW_SUBSTATE_TERMINATED,
};

/* When to put ";id=<REFER CSeq>" on Event: refer (RFC 3515 §2.4.6). */
enum sw_event_id {
	/* Only for a REFER whose To has a tag, i.e. a REFER inside an existing
	 * dialog: it may be the second or later REFER of that dialog, where
	 * the id is mandatory; for the first REFER it is allowed. A REFER
	 * without a To tag creates its dialog, so it is the first and the id
	 * is left out, as in RFC 3515 §4.1 F3/F5. */
	SW_EVENT_ID_AUTO = 0,
	SW_EVENT_ID_ALWAYS,
	SW_EVENT_ID_NEVER,
};

/* RFC 3680 §4.4: default duration of a reg subscription. */
#define SW_REG_EXPIRES_DEFAULT 3761u

struct sw_refer_notify {
	unsigned status;         /* status code for the sipfrag, 100..699 */
	const char *reason;      /* reason phrase; NULL: the RFC 3261 §21 phrase */
	enum sw_substate state;
	uint32_t expires;        /* active/pending: expires=N */
	const char *term_reason; /* terminated: reason=...; NULL: "noresource"; "": none */
	uint32_t cseq;           /* CSeq number of this NOTIFY (below 2**31) */
	const char *local_tag;   /* From tag when the REFER's To has none (dialog-creating REFER) */
	enum sw_event_id event_id;
};

/*
 * NOTIFY for the implicit subscription of a REFER (RFC 3515 §2.4.4-2.4.6):
 *	NOTIFY <REFER Contact URI> SIP/2.0
 *	Via: SIP/2.0/<transport> <host>[:<port>];branch=<branch>
 *	Route: <each REFER Record-Route value, in order (RFC 3261 §12.1.1)>
 *	To: <REFER From value, with its tag>
 *	From: <REFER To value>[;tag=<local_tag> when it has none]
 *	Call-ID: <REFER Call-ID>
 *	CSeq: <cseq> NOTIFY
 *	Max-Forwards: 70
 *	Event: refer[;id=<REFER CSeq number>]
 *	Subscription-State: active;expires=N | pending;expires=N | terminated[;reason=R]
 *	Contact: <sip:[user@]host[:port][;transport=tcp|tls]>
 *	Content-Type: message/sipfrag;version=2.0
 *	Content-Length: N
 *
 *	SIP/2.0 <status> <reason>
 *
 * One call: refer_buf/refer is the REFER as parsed by sw_msg_parse (read
 * only during the call). out[0..cap): the caller's buffer; *out_len gets the
 * length. It is sw_local_prepare + sw_refer_dialog_init +
 * sw_notify_refer_write; a notifier that sends several NOTIFYs for one REFER
 * (100 Trying, then the final status) prepares both once and calls
 * sw_notify_refer_write per NOTIFY.
 * Returns SW_OK; SW_E_INVAL (not a REFER, or a bad field in `local`/`p`,
 * err->detail says which); SW_E_NOTFOUND (the REFER lacks From, To,
 * Call-ID, CSeq or Contact); SW_E_MALFORMED or another sw_nameaddr_parse
 * status (its Contact or To is not a name-addr, err->off into refer_buf);
 * SW_E_TOOMANY (more than SW_REFER_RR_MAX Record-Route lines); SW_E_TOOLONG
 * (local host too long); SW_E_RANGE (status or cseq); SW_E_NOSPACE (cap
 * too small).
 */
int sw_notify_refer_build(const void *refer_buf, const struct sw_msg *refer,
			  const struct sw_local_id *local, const struct sw_refer_notify *p, void *out,
			  size_t cap, size_t *out_len, struct sw_err *err);

#define SW_LOCAL_VIA_MAX 300
#define SW_LOCAL_CONTACT_MAX 340

/* A local identity checked once, with its Via prefix ("Via: SIP/2.0/T
 * host[:port];branch=") and its Contact line rendered. Plain bytes: copy
 * it, share it read-only between lcores. */
struct sw_local {
	char via[SW_LOCAL_VIA_MAX];
	char contact[SW_LOCAL_CONTACT_MAX];
	uint16_t via_len;
	uint16_t contact_len;
};

/* Check `id` (its branch is ignored: it changes per request) and render it
 * into *l. Returns SW_OK; SW_E_INVAL (bad host, transport or user,
 * err->detail); SW_E_TOOLONG (host and user longer than about 250 bytes). */
int sw_local_prepare(struct sw_local *l, const struct sw_local_id *id, struct sw_err *err);

#define SW_REFER_RR_MAX 8

/* The dialog identifiers of a REFER the NOTIFYs need: slices into the
 * REFER's buffer, so it stays valid as long as those bytes do. */
struct sw_refer_dialog {
	struct sw_slice target;  /* Contact URI: NOTIFY Request-URI */
	struct sw_slice from;    /* REFER From value: NOTIFY To */
	struct sw_slice to;      /* REFER To value: NOTIFY From */
	struct sw_slice call_id;
	struct sw_slice rr[SW_REFER_RR_MAX]; /* Record-Route values: Route lines */
	uint32_t cseq;           /* REFER CSeq number: Event id */
	uint8_t nrr;
	uint8_t to_tag;          /* the REFER To has a tag (REFER inside a dialog) */
};

/* Take the dialog identifiers of a parsed REFER (Contact and To go through
 * sw_addr_iter / sw_nameaddr_parse). Same statuses as sw_notify_refer_build
 * for the REFER. */
int sw_refer_dialog_init(struct sw_refer_dialog *d, const void *refer_buf,
			 const struct sw_msg *refer, struct sw_err *err);

/* The NOTIFY of sw_notify_refer_build from prepared parts: only copies and
 * checks the per-NOTIFY fields (branch: a token starting with "z9hG4bK";
 * p's reason, term_reason, local_tag, status, cseq). Same statuses. */
int sw_notify_refer_write(const void *refer_buf, const struct sw_refer_dialog *d,
			  const struct sw_local *l, const char *branch,
			  const struct sw_refer_notify *p, void *out, size_t cap, size_t *out_len,
			  struct sw_err *err);

struct sw_reg_subscribe {
	const char *aor;      /* Request-URI and To: the address-of-record watched (RFC 3680 §3) */
	const char *from;     /* subscriber, a URI or name-addr written as given (no tag) */
	const char *from_tag;
	const char *to_tag;   /* refresh inside the subscription dialog; NULL: initial */
	const char *call_id;
	uint32_t cseq;
	uint32_t expires;     /* SW_REG_EXPIRES_DEFAULT; 0 ends (or fetches) the subscription */
	const char *route;    /* Route value (e.g. the Service-Route); NULL: none */
};

/* Designated-initialiser defaults: expires 3761 (RFC 3680 §4.4). Use as
 * `struct sw_reg_subscribe s = SW_REG_SUBSCRIBE_DEFAULTS;` then set the rest;
 * a zeroed struct would ask for Expires: 0, which ends the subscription. */
#define SW_REG_SUBSCRIBE_DEFAULTS { .expires = SW_REG_EXPIRES_DEFAULT }

/*
 * SUBSCRIBE to the reg event (RFC 3680 §4.1, §4.4, §4.5):
 *	SUBSCRIBE <aor> SIP/2.0, Via, Route?, From: <from>;tag=, To: <aor>[;tag=],
 *	Call-ID, CSeq: N SUBSCRIBE, Max-Forwards: 70, Event: reg,
 *	Expires: N, Accept: application/reginfo+xml, Contact, Content-Length: 0.
 * `aor` is a URI (written in <> in To). Returns SW_OK, SW_E_INVAL (bad or
 * missing field), SW_E_RANGE (cseq), SW_E_NOSPACE.
 */
int sw_subscribe_reg_build(const struct sw_local_id *local, const struct sw_reg_subscribe *p,
			   void *out, size_t cap, size_t *out_len, struct sw_err *err);

struct sw_reg_notify {
	const char *ruri;     /* the subscriber's Contact URI (remote target) */
	const char *from;     /* the notifier side: the AOR, URI or name-addr as given (no tag) */
	const char *from_tag;
	const char *to;       /* the subscriber: its SUBSCRIBE From value incl. its tag */
	const char *call_id;
	uint32_t cseq;
	enum sw_substate state;
	uint32_t expires;     /* active/pending: expires=N */
	const char *term_reason; /* terminated: reason=...; NULL: "noresource"; "": none */
	const char *route;    /* Route value; NULL: none */
};

/* Writes the body straight into dst[0..cap) and its length into *len.
 * Returns SW_OK or a negative status (SW_E_NOSPACE when cap is too small),
 * which the builder returns unchanged. */
typedef int (*sw_body_fn)(void *arg, char *dst, size_t cap, size_t *len);

/*
 * NOTIFY for the reg event (RFC 3680 §4.5, §4.7): the header as for
 * sw_notify_refer_build with Event: reg and Content-Type:
 * application/reginfo+xml; then `body(arg, dst, room, &n)` writes the
 * document in place right after the empty line, and the builder patches
 * the Content-Length it left room for (padding goes between the colon and
 * the digits, which SIP allows as LWS). The body is never copied.
 * Returns SW_OK, what `body` returned, SW_E_INVAL, SW_E_RANGE, SW_E_NOSPACE.
 */
int sw_notify_reg_build(const struct sw_local_id *local, const struct sw_reg_notify *p,
			sw_body_fn body, void *arg, void *out, size_t cap, size_t *out_len,
			struct sw_err *err);

/* Body callback that writes the reginfo document of a struct sw_ri_view
 * (reginfo.h; `view` is a `const struct sw_ri_view *`) straight into dst
 * with the reginfo writer (no flush callback, so nothing is copied twice).
 * Returns what sw_ri_write_view returns (SW_E_NOSPACE when dst is too
 * small). Pass it with the view as `arg` to sw_notify_reg_build. */
int sw_notify_reg_body_view(void *view, char *dst, size_t cap, size_t *len);

#endif
