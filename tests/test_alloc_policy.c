/* Zero allocation for the rewrite path: malloc, calloc, realloc and free are
 * interposed with counters, then every corpus message is parsed, run
 * through every policy set in both directions and rewritten in place. The
 * counters must not move while a message is processed (the file reading
 * around it may allocate). Also checks the policies really fired on the
 * corpus, so the test cannot pass by doing nothing. */
#include <stddef.h>
#include <string.h>

#include "corpus_iter.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/policy.h"

#include "heap_count.h"

#ifdef SW_HEAP_COUNTING

#define KEY "000102030405060708090a0b0c0d0e0f"

static const char *const sets[][6] = {
	{ "path", "sip:sbc.example.net;lr", "flow-key", KEY, "path-ob", NULL },
	{ "service-route", "replace:sip:sbc.example.net;lr", "flow-key", KEY, "strip-path-echo", NULL },
	{ "service-route", "prepend:sip:sbc.example.net;lr", "refer-sub", "suppress" },
	{ "refer-sub", "strip" },
};
#define NSETS (sizeof(sets) / sizeof(sets[0]))

static struct sw_policy pols[NSETS];
static unsigned char amem[65536], smem[4096], pkt[65536], out[65536 + 4096];
static unsigned fired_any;

static void
work(const char *buf, size_t len)
{
	static const struct sw_flow src = { 6, SW_TRANSPORT_TLS, 5061, { 0x20, 0x01, 0x0d, 0xb8 } };
	struct sw_arena a, s;
	struct sw_edits e;
	struct sw_msg m;
	unsigned fired;
	size_t nl;

	if (len > 65536)
		return;
	memcpy(pkt, buf, len);
	sw_arena_init(&a, amem, sizeof(amem));
	if (sw_msg_parse(pkt, len, NULL, &a, &m, NULL) != SW_OK)
		return;
	for (size_t i = 0; i < NSETS; i++)
		for (int dir = SW_DIR_ACCESS; dir <= SW_DIR_CORE; dir++) {
			sw_arena_init(&s, smem, sizeof(smem));
			if (sw_policy_apply(pkt, &m, &pols[i], (enum sw_direction)dir, &src, &s, &e, &fired,
					    NULL) != SW_OK)
				continue;
			fired_any |= fired;
			/* in place, on a copy, so every set sees the original message */
			memcpy(out, pkt, len);
			(void)sw_edits_apply(out, len, sizeof(out), &m, &e, &nl, NULL);
		}
}

static void
count_file(const char *rel, const char *buf, size_t len, void *arg)
{
	unsigned long before = heap_calls;

	work(buf, len);
	(void)arg;
	tap_ok(heap_calls == before, "%s: %lu heap calls in parse + policies + apply", rel,
	       heap_calls - before);
}
#endif

int
main(void)
{
#ifndef SW_HEAP_COUNTING
	tap_skip("AddressSanitizer owns malloc here; the release build runs this test");
#else
	tap_ok(heap_count_works(), "the interposed allocator counts (self-check)");
	for (size_t i = 0; i < NSETS; i++) {
		sw_policy_init(&pols[i]);
		for (int k = 0; k < 6 && sets[i][k] != NULL; k += 2)
			sw_policy_set(&pols[i], sets[i][k], sets[i][k + 1], NULL);
	}
	tap_ok(corpus_each(count_file, NULL) >= 100, "corpus walked");
	TAP_EQ_INT(fired_any, SW_POL_PATH | SW_POL_SERVICE_ROUTE | SW_POL_PATH_STRIP | SW_POL_REFER_SUB,
		   "Path, Service-Route, Path strip and Refer-Sub all fired somewhere in the corpus");
#endif
	return tap_done();
}
