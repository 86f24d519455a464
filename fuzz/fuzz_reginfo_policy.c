/* libFuzzer: the reginfo topology-hiding hook on fuzzer bodies inside a
 * NOTIFY Event: reg. Invariants: an error adds no edit; a rewrite adds one
 * body replacement whose bytes parse as reginfo, carry no callid/cseq and
 * no host from the map's left side, and are their own canonical form. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/reginfo_util.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"

static struct ru_ctx chk;
static unsigned char scratch_mem[1 << 20], msg_mem[16384];
static char msg[70000], canon[1 << 18];

static const char head[] =
	"NOTIFY sip:ua@198.51.100.7 SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKf\r\n"
	"From: <sip:a@example.com>;tag=1\r\nTo: <sip:ua@example.com>;tag=2\r\n"
	"Call-ID: f@192.0.2.99\r\nCSeq: 1 NOTIFY\r\nEvent: reg\r\n"
	"Content-Type: application/reginfo+xml\r\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct sw_arena a, sa;
	struct sw_msg m;
	struct sw_edits e;
	int changed = 0, rc;
	size_t n, cn;

	if (!ready) {
		if (ru_init(&chk, NULL) != SW_OK)
			abort();
		ready = 1;
	}
	if (size > 60000)
		return 0;
	n = (size_t)snprintf(msg, sizeof(msg), "%sContent-Length: %zu\r\n\r\n", head, size);
	memcpy(msg + n, data, size);
	n += size;
	sw_arena_init(&a, msg_mem, sizeof(msg_mem));
	if (sw_msg_parse(msg, n, NULL, &a, &m, NULL) != SW_OK)
		return 0;
	sw_arena_init(&sa, scratch_mem, SW_RI_POLICY_SCRATCH(size));
	sw_edits_init(&e);
	rc = sw_ri_policy_rewrite(msg, &m, "core.internal=edge.example,192.0.2.1=203.0.113.1",
				  &sa, &e, &changed, NULL);
	if (rc != SW_OK || !changed) {
		if (sw_edits_count(&e) != 0 || changed)
			abort();
		return 0;
	}
	if (sw_edits_count(&e) != 1 || e.e[0].off != m.body.off || e.e[0].len != m.body.len)
		abort();
	if (ru_parse(&chk, e.e[0].bytes, e.e[0].blen, NULL) != SW_OK)
		abort();
	for (uint32_t i = 0; i < chk.v.ncontacts; i++)
		if (chk.v.contacts[i].has & (SW_RI_HAS_CALLID | SW_RI_HAS_CSEQ))
			abort();
	cn = ru_canon(&chk.v, canon, sizeof(canon));
	if (cn != e.e[0].blen || memcmp(canon, e.e[0].bytes, cn) != 0)
		abort();
	return 0;
}
