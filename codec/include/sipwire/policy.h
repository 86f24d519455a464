/* sipwire: SBC header policies.
 *
 * A policy turns a parsed message plus the direction it travels into a list
 * of edits (edit.h); the caller applies them in place. The same struct and
 * the same option names serve `sipwire rewrite` and the DPDK worker
 * `sipwire-dp`, so both accept exactly the same set. Policies (RFC basis
 * and examples in docs/policies.md):
 *
 *  path             REGISTER from the access side: insert the SBC's Path
 *                   entry as the topmost value (RFC 3327 §5.2), only when
 *                   the UA sent `Supported: path`; adds `path` to Require.
 *  path-ob          add the `ob` URI parameter when RFC 5626 §5.1 allows it
 *                   (exactly one Via value, Contact with reg-id and
 *                   +sip.instance).
 *  flow-key         the Path URI user part becomes a flow token of the
 *                   REGISTER's transport source (token.h); the same key
 *                   authenticates route-restore tokens.
 *  service-route    2xx to REGISTER from the core: keep, prepend:URI, or
 *                   replace:URI (the removed set rides in the URI, restored
 *                   byte-exact on later access-side requests).
 *  strip-path-echo  remove Path from 2xx to REGISTER going to the access side.
 *  refer-sub        REFER: pass, suppress, strip (RFC 4488).
 *  sipfrag-headers  NOTIFY Event: refer towards the access side: its
 *                   message/sipfrag body keeps the start line byte-exact and
 *                   only the named header fields ("none": no header field);
 *                   off when not set (sipfrag_policy.h).
 *  reginfo-host-map: hook owned by the reginfo module (NOTIFY towards the
 *                   access side).
 */
#ifndef SIPWIRE_POLICY_H
#define SIPWIRE_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/arena.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/status.h"
#include "sipwire/token.h" /* struct sw_flow, enum sw_transport */

enum sw_direction {
	SW_DIR_ACCESS, /* arrived from the access side, heading to the core */
	SW_DIR_CORE,   /* arrived from the core, heading to the access side */
};

enum sw_sr_mode {
	SW_SR_KEEP = 0,
	SW_SR_PREPEND,
	SW_SR_REPLACE,
};

enum sw_refer_sub_mode {
	SW_RS_PASS = 0,
	SW_RS_SUPPRESS,
	SW_RS_STRIP,
};

/* Bits of *fired, one per policy, for per-policy counters. */
enum sw_policy_bit {
	SW_POL_PATH = 1u << 0,          /* Path entry inserted */
	SW_POL_SERVICE_ROUTE = 1u << 1, /* Service-Route prepended or replaced */
	SW_POL_SR_RESTORE = 1u << 2,    /* route set restored from a token */
	SW_POL_PATH_STRIP = 1u << 3,    /* Path echo removed */
	SW_POL_REFER_SUB = 1u << 4,     /* Refer-Sub / norefersub changed */
	SW_POL_SIPFRAG = 1u << 5,       /* sipfrag body sanitised (sipfrag module) */
	SW_POL_REGINFO = 1u << 6,       /* reginfo body rewritten (reginfo module) */
};

/* The URI parameter holding a route-restore token. */
#define SW_POLICY_RESTORE_PARAM "swrs"

/* Room for a rendered Path line: "Path: <" + a URI of at most 256 bytes +
 * ";ob" + ">\r\n" + "Require: path\r\n". */
#define SW_POLICY_PATH_LINE_MAX 288

/* Configuration; fill with sw_policy_init + sw_policy_set, then read-only
 * (share it between lcores freely). Every string is borrowed. */
struct sw_policy {
	const char *path_uri;        /* --path, without <>; NULL: no Path policy */
	uint32_t path_uri_len;
	uint32_t path_rest;          /* offset after "sip:" in path_uri */
	uint32_t path_q;             /* offset of '?' (URI headers) or path_uri_len */
	uint8_t path_has_user;
	uint8_t path_has_ob;         /* the configured URI already carries ob */
	uint8_t path_ob;             /* --path-ob */
	uint8_t have_key;            /* --flow-key given */
	uint8_t strip_path_echo;     /* --strip-path-echo */
	uint8_t sr_mode;             /* enum sw_sr_mode */
	uint8_t refer_sub;           /* enum sw_refer_sub_mode */
	uint8_t key[SW_TOKEN_KEY_LEN];
	const char *sr_uri;          /* URI of prepend:/replace:, without <> */
	uint32_t sr_uri_len;
	uint32_t sr_q;               /* offset of '?' or sr_uri_len */
	const char *sipfrag_headers; /* --sipfrag-headers NAME,... (sipfrag module) */
	const char *reginfo_host_map; /* --reginfo-host-map FROM=TO,... (reginfo module) */
	/* The Path line, rendered by sw_policy_set("path") so the rule builds
	 * nothing per message: [0] "Path: <URI>\r\n", [1] the same with ";ob"
	 * before the URI's headers, each followed by "Require: path\r\n"
	 * (used when the message has no Require line). A flow token goes in
	 * after "Path: <sip:" (path_rest). path_line_len (without the Require
	 * line) 0: not rendered, the rule builds the line itself. */
	char path_line[2][SW_POLICY_PATH_LINE_MAX];
	uint16_t path_line_len[2];
};

/* Everything off: sw_policy_apply then never produces edits. */
void sw_policy_init(struct sw_policy *p);

/*
 * Set one option: `name` without "--" ("path", "path-ob", "flow-key",
 * "service-route", "strip-path-echo", "refer-sub", "sipfrag-headers",
 * "reginfo-host-map"); `value` is NULL for the flags (path-ob,
 * strip-path-echo) and required for the others. The value string is
 * borrowed and must outlive the policy. URIs are given without <> and are
 * checked with the URI parser (a sip/sips URI for path and service-route).
 *
 * Returns SW_OK; SW_E_NOTFOUND for an unknown name; SW_E_INVAL for a
 * missing/extra value or a bad one (err->detail says which, err->off the
 * byte offset inside value).
 */
int sw_policy_set(struct sw_policy *p, const char *name, const char *value, struct sw_err *err);

/*
 * Cross-option checks, once after the last sw_policy_set: service-route
 * replace needs flow-key (the token key); flow-key with path needs a Path
 * URI without a user part (the token becomes the user part). Returns SW_OK
 * or SW_E_INVAL with err->detail.
 */
int sw_policy_check(const struct sw_policy *p, struct sw_err *err);

/*
 * Decide the edits for one message.
 *
 * buf/msg: the message and its parse (sw_msg_parse); not modified.
 * dir: where the message is heading (enum sw_direction).
 * src: transport source of the packet (for flow tokens); NULL when unknown.
 * scratch: bytes the edits insert are built here; they must stay there until
 *   the edits are applied (rewind/reset the arena after apply).
 * edits: emptied first, then filled; no edits means the message passes
 *   unchanged. Apply with sw_edits_apply(buf, len, cap, msg, edits, ...).
 * fired: may be NULL; set to the enum sw_policy_bit bits that produced edits.
 * err: may be NULL; says why on a negative return.
 *
 * Returns SW_OK (with or without edits), or, with NO edits at all:
 *  SW_E_MALFORMED  a header list the policy had to read does not parse;
 *  SW_E_UNSUPPORTED a REGISTER to take a Path whose UA did not send
 *                  `Supported: path` (RFC 3327 §5.2: a proxy that needs
 *                  Path SHOULD reject with 421 Extension Required);
 *  SW_E_AUTH       an access-side request whose top Route carries a
 *                  restore token that fails verification;
 *  SW_E_NOTFOUND   flow-key is set but src is NULL;
 *  SW_E_INVAL      src is not a valid flow (family 4/6, transport 1..3), or
 *                  service-route replace without flow-key (sw_policy_check
 *                  catches that at configuration time);
 *  SW_E_TOOLONG    the Service-Route set to hide exceeds SW_ROUTE_TEXT_MAX;
 *  SW_E_NOSPACE    scratch is too small (4 KiB suffices for these rules);
 *  SW_E_TOOMANY    more edits than SW_EDITS_MAX (more than ~28 lines to
 *                  remove);
 *  SW_E_MALFORMED, SW_E_VERSION, SW_E_LENGTH, ... a refer NOTIFY whose
 *                  message/sipfrag body is not valid sipfrag (sipfrag-headers
 *                  set; the sw_sipfrag_parse status, err->off into buf).
 * The caller counts these per status and forwards unchanged or drops as the
 * deployment decides.
 */
int sw_policy_apply(const void *buf, const struct sw_msg *msg, const struct sw_policy *p,
		    enum sw_direction dir, const struct sw_flow *src, struct sw_arena *scratch,
		    struct sw_edits *edits, unsigned *fired, struct sw_err *err);

/*
 * Route-token memo: an S-CSCF puts the same Service-Route set into the 2xx
 * to REGISTER of every user it serves, and the restore token depends only
 * on the key and the exact set text, so a worker that saw a set before can
 * copy its token instead of running the MAC and the escaping again.
 *
 * Caller-owned, one per worker / lcore (it is written on every use: never
 * share one between threads); the codec keeps no state of its own. Fixed
 * size (sizeof(struct sw_policy_memo) is 3,116 bytes), no pointers inside:
 * each entry holds a copy of the joined set text (the Service-Route values
 * joined by ',', exactly what the token carries) and the token made from
 * it. A hit needs the same key and byte-identical text; the memo is bound
 * to the key it was first used with and is emptied when a policy with
 * another key uses it, so it never serves a token made under another key.
 * Sets longer than SW_POLICY_MEMO_TEXT_MAX, or whose token is longer than
 * SW_POLICY_MEMO_TOKEN_MAX, bypass it. Replacement is round-robin.
 */
#define SW_POLICY_MEMO_ENTRIES 4
#define SW_POLICY_MEMO_TEXT_MAX 256
#define SW_POLICY_MEMO_TOKEN_MAX 512

struct sw_policy_memo_entry {
	uint16_t text_len; /* 0: empty slot */
	uint16_t token_len;
	char text[SW_POLICY_MEMO_TEXT_MAX];
	char token[SW_POLICY_MEMO_TOKEN_MAX];
};

struct sw_policy_memo {
	uint8_t key[SW_TOKEN_KEY_LEN]; /* the key the entries were made with */
	uint8_t bound;                 /* key[] valid */
	uint8_t next;                  /* round-robin victim */
	uint32_t hits, misses;         /* lookups served / not served (stats) */
	struct sw_policy_memo_entry e[SW_POLICY_MEMO_ENTRIES];
};

/* Empty memo, bound to no key. */
void sw_policy_memo_init(struct sw_policy_memo *m);

/*
 * sw_policy_apply with a route-token memo: same arguments, same results,
 * byte-identical edits; memo (may be NULL: no memo) is read and updated
 * when a Service-Route replace needs a token, and only then. The memo is
 * borrowed for the call; it keeps copies, never pointers into buf.
 */
int sw_policy_apply_memo(const void *buf, const struct sw_msg *msg, const struct sw_policy *p,
			 enum sw_direction dir, const struct sw_flow *src, struct sw_arena *scratch,
			 struct sw_edits *edits, unsigned *fired, struct sw_err *err,
			 struct sw_policy_memo *memo);

/*
 * RFC 5626 §5.3 at the edge: a request from the core whose top Route is the
 * SBC's Path URI (same host and port as --path) carries the flow token in
 * its user part; decode it so the caller can send the request down that
 * flow. buf/msg as for sw_policy_apply; out zeroed unless 1 is returned.
 *
 * Returns 1 with *out set (token verified with the policy's flow-key); 0
 * when there is no Route, the top Route is not the SBC's Path URI, it has no
 * user part, or no path/flow-key is configured; SW_E_AUTH when the user part
 * is not a valid token under the key (tampered or foreign); SW_E_MALFORMED
 * when the Route list does not parse.
 */
int sw_policy_route_flow(const void *buf, const struct sw_msg *msg, const struct sw_policy *p,
			 struct sw_flow *out, struct sw_err *err);

#endif
