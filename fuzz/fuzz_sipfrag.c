/* libFuzzer target: the message/sipfrag parser and the sanitiser.
 *
 * Input byte 0 picks the keep list, the rest is a sipfrag body carried by a
 * fixed refer NOTIFY. Invariants (abort on violation):
 *  - the sanitiser fails exactly when sw_sipfrag_parse rejects the body,
 *    and then adds no edit;
 *  - after the edits the NOTIFY parses, Content-Length equals its body, the
 *    body is a valid sipfrag, and a start line of the input is still the
 *    first line, byte for byte;
 *  - a valid fragment's lines each end in CRLF;
 *  - the writer's status line round-trips any reason bytes it accepts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/edit.h"
#include "sipwire/sipfrag.h"
#include "sipwire/sipfrag_policy.h"

#define HEAD "NOTIFY sip:a@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKf\r\n" \
	     "From: <sip:b@x>;tag=1\r\nTo: <sip:a@x>;tag=2\r\nCall-ID: f@x\r\nCSeq: 2 NOTIFY\r\n" \
	     "Event: refer\r\nSubscription-State: active;expires=9\r\n" \
	     "Content-Type: message/sipfrag;version=2.0\r\n"

static const char *const keeps[] = { "none", "Retry-After,Warning", "From,To,Via,Contact,X-A,i" };

static unsigned char amem[1 << 16], smem[1 << 14];
static char msg[70000], out[70000];

static void
check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_sipfrag: invariant broken: %s\n", what);
		abort();
	}
}

static void
check_output(const struct sw_msg *orig, const struct sw_msg *frag, size_t olen)
{
	struct sw_arena a;
	struct sw_msg m, f;
	const char *ob;

	sw_arena_init(&a, amem, sizeof(amem));
	check(sw_msg_parse(out, olen, NULL, &a, &m, NULL) == SW_OK, "rewritten NOTIFY parses");
	check(m.content_length == m.body.len, "Content-Length equals the new body");
	ob = out + m.body.off;
	check(sw_sipfrag_parse(ob, m.body.len, NULL, &a, &f, NULL) == SW_OK, "new body is valid sipfrag");
	check(m.body.len < orig->body.len, "the sanitiser only removes");
	if (frag->kind != SW_MSG_NONE)
		check(f.start.len == frag->start.len &&
		      memcmp(ob, msg + orig->body.off, frag->start.len + 2) == 0,
		      "start line kept byte for byte");
}

/* Writer round trip: status code and reason from the input; whatever the
 * writer accepts must parse back (fragment mode) with the same code and
 * reason bytes, and whatever it refuses must be refused for a reason. */
static void
check_writer(const uint8_t *data, size_t size)
{
	static char frag[1024];
	unsigned code = 100 + ((unsigned)data[0] * 7u + (size > 1 ? data[1] : 0)) % 620;
	size_t rlen = size > 2 ? (size - 2 < 200 ? size - 2 : 200) : 0;
	const char *reason = (const char *)data + 2;
	struct sw_sipfrag_writer w;
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;
	struct sw_arena a;
	struct sw_msg m;
	size_t len = 0;
	int rc;

	sw_sipfrag_writer_init(&w, frag, sizeof(frag));
	sw_sipfrag_put_status(&w, code, reason, rlen);
	sw_sipfrag_put_header(&w, "Retry-After", 11, reason, rlen < 8 ? rlen : 8);
	rc = sw_sipfrag_finish(&w, &len);
	check(rc == SW_OK || rc == SW_E_RANGE || rc == SW_E_INVAL, "writer fails only for a reason");
	if (rc != SW_OK)
		return;
	cfg.mode = SW_MODE_FRAGMENT;
	sw_arena_init(&a, amem, sizeof(amem));
	check(sw_msg_parse(frag, len, &cfg, &a, &m, NULL) == SW_OK && m.len == len, "writer output parses");
	check(m.kind == SW_MSG_RESPONSE && m.status == code && m.reason.len == rlen &&
	      memcmp(frag + m.reason.off, reason, rlen) == 0 && m.nhdrs == 1, "status and reason round-trip");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_arena a, s;
	struct sw_msg m, frag;
	struct sw_edits e;
	size_t len, olen = 0;
	const char *keep;
	int prc, rc;

	if (size < 1 || size > 60000)
		return 0;
	check_writer(data, size);
	keep = keeps[data[0] % 3];
	len = (size_t)snprintf(msg, sizeof(msg), HEAD "Content-Length: %zu\r\n\r\n", size - 1);
	memcpy(msg + len, data + 1, size - 1);
	len += size - 1;

	sw_arena_init(&a, amem, sizeof(amem));
	prc = sw_sipfrag_parse(data + 1, size - 1, NULL, &a, &frag, NULL);
	for (uint16_t i = 0; prc == SW_OK && i < frag.nhdrs; i++)
		check(frag.hdrs[i].line.len >= 2 && data[1 + frag.hdrs[i].line.off + frag.hdrs[i].line.len - 1] == '\n' &&
		      data[1 + frag.hdrs[i].line.off + frag.hdrs[i].line.len - 2] == '\r', "header lines end in CRLF");

	sw_arena_init(&a, amem + (1 << 15), sizeof(amem) - (1 << 15));
	if (sw_msg_parse(msg, len, NULL, &a, &m, NULL) != SW_OK)
		return 0;
	sw_arena_init(&s, smem, sizeof(smem));
	sw_edits_init(&e);
	rc = sw_sipfrag_sanitize(msg, &m, keep, &s, &e, NULL);
	check((rc < 0) == (prc != SW_OK) || rc == SW_E_TOOMANY, "sanitiser fails iff the parser does");
	if (rc <= 0) {
		check(sw_edits_count(&e) == 0, "no edits unless sanitised");
		return 0;
	}
	check(sw_edits_apply_to(msg, len, &m, &e, out, sizeof(out), &olen, NULL) == SW_OK, "edits apply");
	check_output(&m, &frag, olen);
	return 0;
}
