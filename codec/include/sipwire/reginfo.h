/* sipwire: registration event package documents (RFC 3680 §5) with the
 * GRUU extension (RFC 5628).
 *
 * Three parts share one data model:
 *  - a streaming writer on sw_xmlw: one call per registration and per
 *    contact, so memory does not depend on the number of contacts;
 *  - a namespace-aware expat parser that runs on caller memory only (no
 *    heap) and fills a bounded view;
 *  - version tracking (RFC 3680 §4.7.2, §5.2) over a bounded state table.
 */
#ifndef SIPWIRE_REGINFO_H
#define SIPWIRE_REGINFO_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/arena.h"
#include "sipwire/status.h"
#include "sipwire/xmlw.h"

#define SW_RI_NS "urn:ietf:params:xml:ns:reginfo"
#define SW_RI_GRUU_NS "urn:ietf:params:xml:ns:gruuinfo"

/* A string in a view: pointer and length. It points into the parsed input
 * (single-buffer parse, value needed no decoding) or into the caller's
 * strings arena; either way it lives as long as both of those do. For the
 * writer it is any caller memory that lives until the call returns. */
struct sw_ri_str {
	const char *p;
	uint32_t len;
};

enum sw_ri_doc_state { SW_RI_FULL, SW_RI_PARTIAL };
enum sw_ri_reg_state { SW_RI_REG_INIT, SW_RI_REG_ACTIVE, SW_RI_REG_TERMINATED };
enum sw_ri_contact_state { SW_RI_ACTIVE, SW_RI_TERMINATED };

/* RFC 3680 §5.1 contact events, in the order of the schema. */
#define SW_RI_EVENT_LIST(X) \
	X(REGISTERED, "registered") X(CREATED, "created") X(REFRESHED, "refreshed") \
	X(SHORTENED, "shortened") X(EXPIRED, "expired") X(DEACTIVATED, "deactivated") \
	X(PROBATION, "probation") X(UNREGISTERED, "unregistered") X(REJECTED, "rejected")

enum sw_ri_event {
#define SW_RI_EVENT_ENUM(id, s) SW_RI_EV_##id,
	SW_RI_EVENT_LIST(SW_RI_EVENT_ENUM)
#undef SW_RI_EVENT_ENUM
	SW_RI_EV__COUNT
};

/* Which optional contact fields are present. */
enum sw_ri_has {
	SW_RI_HAS_EXPIRES = 1u << 0,
	SW_RI_HAS_RETRY_AFTER = 1u << 1,
	SW_RI_HAS_DURATION = 1u << 2,
	SW_RI_HAS_Q = 1u << 3,
	SW_RI_HAS_CALLID = 1u << 4,
	SW_RI_HAS_CSEQ = 1u << 5,
	SW_RI_HAS_DISPLAY = 1u << 6,
	SW_RI_HAS_LANG = 1u << 7,
	SW_RI_HAS_PUB_GRUU = 1u << 8,
	SW_RI_HAS_TEMP_GRUU = 1u << 9,
};

/* <unknown-param name="name">value</unknown-param> (RFC 3680 §5.1). */
struct sw_ri_param {
	struct sw_ri_str name, value;
};

struct sw_ri_contact {
	struct sw_ri_str id, uri, display, lang, callid;
	struct sw_ri_str pub_gruu, temp_gruu; /* RFC 5628 §5 */
	uint64_t expires, retry_after, duration, cseq, temp_first_cseq;
	uint32_t has;         /* SW_RI_HAS_* */
	uint16_t q;           /* RFC 3261 qvalue in thousandths (0..1000) */
	uint8_t state;        /* enum sw_ri_contact_state */
	uint8_t event;        /* enum sw_ri_event */
	uint32_t param_first; /* view only: this contact's params are */
	uint32_t nparams;     /*   view->params[param_first .. +nparams) */
};

struct sw_ri_registration {
	struct sw_ri_str aor, id;
	uint8_t state;          /* enum sw_ri_reg_state */
	uint32_t contact_first; /* view only: view->contacts[contact_first .. */
	uint32_t ncontacts;     /*   + ncontacts) */
};

/* A parsed document. The arrays are the caller's; max_* are their
 * capacities, n* how many entries the parse filled. */
struct sw_ri_view {
	uint64_t version;
	uint8_t state; /* enum sw_ri_doc_state */
	struct sw_ri_registration *regs;
	struct sw_ri_contact *contacts;
	struct sw_ri_param *params;
	uint32_t nregs, ncontacts, nparams;
	uint32_t max_regs, max_contacts, max_params;
};

/* Point `v` at caller arrays (which must outlive it) and empty it. */
void sw_ri_view_init(struct sw_ri_view *v, struct sw_ri_registration *regs, uint32_t max_regs,
		     struct sw_ri_contact *contacts, uint32_t max_contacts,
		     struct sw_ri_param *params, uint32_t max_params);

/* Strings used in documents ("full", "active", "registered", ...). */
const char *sw_ri_event_name(unsigned ev);
const char *sw_ri_doc_state_name(unsigned st);
const char *sw_ri_reg_state_name(unsigned st);
const char *sw_ri_contact_state_name(unsigned st);

/* ---------------------------------------------------------------- writer */

enum sw_ri_wflags {
	/* Declare xmlns:gr on <reginfo> because GRUUs follow. Without it a GRUU
	 * element carries its own xmlns:gr, so the prefix is only ever declared
	 * where it is used. */
	SW_RI_W_GRUU_NS = 1,
};

struct sw_ri_writer {
	struct sw_xmlw *x;
	uint8_t flags;
	uint8_t in_reg; /* a <registration> is open */
};

/*
 * Begin a document on `x` (caller's writer, already initialised, nothing
 * written yet): XML declaration and <reginfo version state>. Errors go to
 * x's sticky status, reported by sw_ri_end.
 */
void sw_ri_begin(struct sw_ri_writer *r, struct sw_xmlw *x, uint64_t version,
		 enum sw_ri_doc_state state, unsigned flags);

/* Open a <registration> (closing the previous one). aor and id must be
 * non-empty (RFC 3680 §5.1: both required), else SW_E_STATE. Only aor, id
 * and state are read. */
void sw_ri_registration(struct sw_ri_writer *r, const struct sw_ri_registration *reg);

/*
 * Write one complete <contact> into the open registration, with `nparams`
 * unknown-params from `params`. Enforced (SW_E_STATE): a registration is
 * open; id and uri non-empty; event "shortened" has expires and "probation"
 * has retry-after (RFC 3680 §5.1); the state matches the event (registered,
 * created, refreshed, shortened leave the contact active; the others
 * terminate it, RFC 3680 §5.1 state machine); q <= 1000; every param has a
 * name; a temp-gruu has a uri (first-cseq is always written). Strings are
 * escaped; invalid UTF-8 is SW_E_INVAL.
 */
void sw_ri_contact(struct sw_ri_writer *r, const struct sw_ri_contact *c,
		   const struct sw_ri_param *params, size_t nparams);

/* Close everything and finish the writer. Returns its sticky status
 * (SW_OK, SW_E_STATE, SW_E_INVAL, SW_E_NOSPACE, or the flush callback's). */
int sw_ri_end(struct sw_ri_writer *r);

/* Format an RFC 3261 qvalue given in thousandths: "0.5", "0.125", "1.0",
 * "0.0". buf needs 6 bytes; returns the length (0 when q > 1000). */
size_t sw_ri_q_format(char *buf, unsigned q);

/* Write a whole view (e.g. from sw_ri_parse) as one document on `x`;
 * xmlns:gr is declared on the root when any contact has a GRUU. Returns
 * what sw_ri_end returns. */
int sw_ri_write_view(struct sw_xmlw *x, const struct sw_ri_view *v);

/* ---------------------------------------------------------------- parser */

struct sw_ri_limits {
	uint32_t max_doc;       /* bytes per document (default 262144): SW_E_TOOLONG */
	uint32_t max_depth;     /* element nesting (default 16): SW_E_TOOMANY */
	uint32_t max_value;     /* bytes in one kept attribute or text value (4096) */
	float max_amplification;       /* expat billion-laughs factor (default 16) */
	uint64_t amplification_start;  /* bytes before that factor applies (65536) */
	/* bytes per expat call in sw_ri_parse (default 61440). Every call but
	 * the last costs an extra pass for line/column, so larger is faster;
	 * expat's buffer, in parser memory, grows to the next power of two
	 * above block + largest token + 1 KiB. */
	uint32_t feed_block;
};

#define SW_RI_LIMITS_DEFAULT { 262144, 16, 4096, 16.0f, 65536, 61440 }

/* Bytes of parser memory that hold expat for documents up to max_doc =
 * 256 KiB whose tokens (start tags) stay under ~3 KiB: expat's own state
 * (~25 KiB), its input buffer (64 KiB, 128 KiB once a document is over
 * 60 KiB, both kept for reuse) and the max_value text scratch. A longer
 * token doubles the buffer again; when memory runs out the parse fails with
 * SW_E_NOSPACE. */
#define SW_RI_PARSER_MEM_DEFAULT (256u * 1024u)

/* Memory suite state carved from the parser memory; see xml_heap.c. */
struct sw_ri_heap {
	struct sw_arena a;
	void *free_list[24]; /* recycled blocks by power-of-two size class */
};

struct sw_ri_parser {
	void *xp; /* the expat parser, living in `heap` */
	struct sw_ri_heap heap;
	struct sw_ri_limits lim;
	/* per document */
	struct sw_ri_view *v;
	struct sw_arena *strings;
	const char *base; /* single-buffer parse: the input, for zero-copy strings */
	size_t base_len;
	uint64_t fed;     /* bytes given to expat so far */
	int status;       /* first error seen in a handler */
	const char *detail;
	uint32_t depth, ignore_depth;
	uint8_t kind[8];  /* element kind per open level (internal) */
	uint8_t done, text_mode;
	size_t attr_off, attr_end; /* current start tag in base (single-buffer parse) */
	char *text;       /* scratch for character data, lim.max_value bytes */
	const char *text_ptr;
	uint32_t text_len;
	/* error position, set when a parse fails */
	uint32_t err_line, err_col;
	uint64_t err_off;
};

/*
 * Set up a reusable parser in mem[0..cap) (caller-owned, must outlive the
 * parser and not be touched while it lives). lim NULL means
 * SW_RI_LIMITS_DEFAULT. Returns SW_OK, SW_E_NOSPACE (cap too small) or
 * SW_E_INVAL (bad limits). After this call, parsing makes no heap calls:
 * expat's memory comes from `mem` through an arena-backed suite and the
 * parser is reset, not recreated, between documents.
 */
int sw_ri_parser_init(struct sw_ri_parser *p, void *mem, size_t cap,
		      const struct sw_ri_limits *lim);

/* Release expat's state (memory stays the caller's). */
void sw_ri_parser_fini(struct sw_ri_parser *p);

/*
 * Parse the document buf[0..len) into `v` (emptied on entry). Strings that
 * need no decoding point into buf; the others are copied into `strings`
 * (caller's arena; not reset here). Returns SW_OK, or:
 *  SW_E_XML      not well-formed, a DOCTYPE/entity declaration (refused:
 *                no DTDs, so no external or expanding entities), or an
 *                amplification over the limit;
 *  SW_E_TOOLONG  document over max_doc, or a value over max_value;
 *  SW_E_TOOMANY  nesting over max_depth, or a view array full;
 *  SW_E_NOTFOUND root is not reginfo in SW_RI_NS, or a required attribute
 *                or <uri> missing;
 *  SW_E_MALFORMED an enumerated value, number or q not as the schema says,
 *                or a second <uri> / GRUU of one kind in a contact;
 *  SW_E_RANGE    a number above 2^64-1;
 *  SW_E_NOSPACE  parser memory or `strings` exhausted.
 * One parser serves one thread at a time (it holds per-document state).
 * err (may be NULL) gets the byte offset and a static detail; the line and
 * column are in p->err_line / p->err_col (1-based).
 */
int sw_ri_parse(struct sw_ri_parser *p, const void *buf, size_t len, struct sw_ri_view *v,
		struct sw_arena *strings, struct sw_err *err);

/* Streaming form: begin, then feed chunks of any size (down to one byte)
 * with final = 1 on the last (which may be empty). Strings are always copied
 * into `strings` here. Each call returns SW_OK or the error sw_ri_parse
 * would give; after an error the document is dead until the next begin. */
void sw_ri_parse_begin(struct sw_ri_parser *p, struct sw_ri_view *v, struct sw_arena *strings);
int sw_ri_parse_chunk(struct sw_ri_parser *p, const void *data, size_t len, int final,
		      struct sw_err *err);

/* ------------------------------------------ reginfo from a registration */

/* An id key: registration and contact ids are SipHash-2-4 of the AOR (and
 * the contact URI) under it, so they are stable across documents and
 * processes and reveal nothing else. NULL uses an all-zero key: still
 * stable, but guessable from the AOR. */
#define SW_RI_ID_KEY_LEN 16

/*
 * Write the full-state document (RFC 3680 §5) an SBC can derive from one
 * observed REGISTER and its 2xx response, for the REGISTER's AOR (its To
 * URI):
 *  - each Contact of the 2xx is an active contact; expires from its
 *    expires parameter, else the 2xx Expires header; event "shortened"
 *    when the registrar granted less than the REGISTER asked for, else
 *    "registered"; q from its q parameter; callid and cseq from the
 *    REGISTER when the REGISTER carried that contact;
 *  - its other parameters (+sip.instance, reg-id, ...) become
 *    unknown-param elements with their values as written; pub-gruu and
 *    temp-gruu (RFC 5627 §5.3) become gr:pub-gruu and gr:temp-gruu, the
 *    temp GRUU's first-cseq being the REGISTER's CSeq (RFC 5628 §5);
 *  - a REGISTER contact with expires 0 that the 2xx no longer lists is a
 *    terminated contact with event "unregistered";
 *  - the registration is active with any active contact, else terminated
 *    (init when neither message has a contact: a fetch of an empty AOR);
 *  - ids: "r" / "c" followed by 12 hex digits of SipHash-2-4 (id_key) of
 *    the AOR / of the AOR and the contact URI.
 * reg/ok: parsed REGISTER and response (buffers reg_buf/ok_buf), only read.
 * x: initialised writer with nothing written yet; finished here.
 * Returns SW_OK or: SW_E_STATE (not a REGISTER and its 2xx: method,
 * status, CSeq or Call-ID differ); SW_E_NOTFOUND (no To); SW_E_MALFORMED
 * or another address-parser status for a bad To / Contact list (err->off
 * relative to the message named in err->detail); SW_E_TOOMANY (more than
 * 16 parameters on a contact); SW_E_TOOLONG (a quoted display name or
 * GRUU over 1 KiB); or what sw_ri_end returns.
 */
struct sw_msg;
int sw_ri_from_register(struct sw_xmlw *x, const void *reg_buf, const struct sw_msg *reg,
			const void *ok_buf, const struct sw_msg *ok, uint64_t version,
			const uint8_t *id_key, struct sw_err *err);

/* ------------------------------------------------- topology hiding hook */

struct sw_edits;

/* Unknown-params kept by the rewriter (RFC 5626 / RFC 5627 need them end
 * to end); every other contact parameter is dropped. */
#define SW_RI_PARAM_ALLOW { "+sip.instance", "reg-id" }

/* Check a --reginfo-host-map value "FROM=TO[,FROM=TO...]": both sides
 * non-empty hosts (letters, digits, '.', '-', ':' and IPv6 brackets).
 * Returns SW_OK or SW_E_INVAL with err->off inside map. */
int sw_ri_host_map_check(const char *map, struct sw_err *err);

/* Scratch bytes sw_ri_policy_rewrite may take for a body of `body_len`:
 * expat and its buffer, the view, copies of decoded strings and the new
 * body (at most twice the old one plus 1 KiB). About 45 KiB for a typical
 * 1.5 KiB body. */
#define SW_RI_POLICY_SCRATCH(body_len) (32768u + 11u * (size_t)(body_len))

/*
 * Topology hiding for a NOTIFY with Event: reg and an
 * application/reginfo+xml body heading to the access side: parse the
 * body, map contact and GRUU URI hosts per `host_map` (checked with
 * sw_ri_host_map_check; hosts compare case-insensitively), drop callid and
 * cseq, keep only the SW_RI_PARAM_ALLOW unknown-params, and regenerate the
 * document as one body replacement in `edits` (Content-Length is fixed by
 * sw_edits_apply). The new body lives in `scratch` until the edits are
 * applied; scratch needs SW_RI_POLICY_SCRATCH(body length) bytes.
 * Other messages, and documents that need no change, get no edit.
 * *changed is set to 1 when an edit was added.
 * Returns SW_OK, or with no edit added: the parser's status for an
 * invalid body (left unchanged, reported: err->off inside the body,
 * relative to buf), the writer's (SW_E_STATE: the document breaks an RFC
 * 3680 §5.1 rule), SW_E_NOSPACE (scratch too small), or an edit status.
 */
int sw_ri_policy_rewrite(const void *buf, const struct sw_msg *msg, const char *host_map,
			 struct sw_arena *scratch, struct sw_edits *edits, int *changed,
			 struct sw_err *err);

/* ------------------------------------------------------ version tracking */

#define SW_RI_ID_MAX 64
#define SW_RI_URI_MAX 256

struct sw_ri_track_reg {
	char id[SW_RI_ID_MAX];
	char aor[SW_RI_URI_MAX];
	uint16_t id_len, aor_len;
	uint8_t state;
};

struct sw_ri_track_contact {
	char id[SW_RI_ID_MAX];
	char uri[SW_RI_URI_MAX];
	uint16_t id_len, uri_len;
	uint32_t reg; /* index into regs */
	uint8_t state, event;
	uint32_t has; /* SW_RI_HAS_EXPIRES only */
	uint64_t expires;
};

/* The subscriber's copy of the registration state: live registrations and
 * contacts (terminated ones are removed when a document reports them). */
struct sw_ri_tracker {
	uint64_t version;
	uint8_t have_version;
	struct sw_ri_track_reg *regs;
	struct sw_ri_track_contact *contacts;
	uint32_t nregs, ncontacts, max_regs, max_contacts;
};

enum sw_ri_verdict {
	SW_RI_APPLY,          /* the next version, or full state: applied */
	SW_RI_APPLY_RESYNC,   /* partial state after a gap (or with no base):
				 applied, and the subscriber should refresh its
				 SUBSCRIBE to get full state (RFC 3680 §5.2) */
	SW_RI_DISCARD,        /* version not newer than the last applied */
};

/* Empty tracker over caller arrays (outlive it). A new subscription (whose
 * versions restart at 0, RFC 3680 §4.7.2) needs a fresh init. */
void sw_ri_tracker_init(struct sw_ri_tracker *t, struct sw_ri_track_reg *regs, uint32_t max_regs,
			struct sw_ri_track_contact *contacts, uint32_t max_contacts);

/*
 * Decide what to do with document `v` and apply it: full state replaces the
 * table, partial state updates registrations by id and contacts by
 * (registration id, contact id). All or nothing: on error the table and the
 * version are unchanged. Returns SW_OK with *verdict set, SW_E_TOOMANY (a
 * table full), or SW_E_TOOLONG (an id over SW_RI_ID_MAX or a URI over
 * SW_RI_URI_MAX bytes).
 */
int sw_ri_track(struct sw_ri_tracker *t, const struct sw_ri_view *v, enum sw_ri_verdict *verdict);

#endif
