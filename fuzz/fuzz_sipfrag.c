/* libFuzzer target: the message/sipfrag parser and the sanitiser.
 *
 * Input byte 0 picks the keep list, the rest is a sipfrag body carried by a
 * fixed refer NOTIFY. Invariants (abort on violation):
 *  - the sanitiser fails exactly when sw_sipfrag_parse rejects the body,
 *    and then adds no edit;
 *  - after the edits the NOTIFY parses, Content-Length equals its body, the
 *    body is a valid sipfrag, and a start line of the input is still the
 *    first line, byte for byte;
 *  - a valid fragment's lines each end in CRLF.
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
