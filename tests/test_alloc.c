/* Zero allocation, proved: this binary interposes malloc, calloc, realloc
 * and free with counting wrappers, then runs the codec over every corpus
 * message. After start-up (reading the files) the counters must not move. */
#include <stddef.h>
#include <string.h>

#include "corpus_iter.h"
#include "sipwire/msg.h"
#include "sipwire/notify.h"
#include "sipwire/sipfrag.h"
#include "sipwire/sipfrag_policy.h"

#include "heap_count.h"

#ifdef SW_HEAP_COUNTING

static unsigned char arena_mem[65536];

/* sipfrag module: the message as a fragment, its body as a fragment, the
 * sanitiser, and for a REFER the NOTIFY that reports its progress. */
static void
sipfrag_work(const char *buf, size_t len)
{
	static const struct sw_local_id local = { "192.0.2.1", 5060, "UDP", "z9hG4bKa1", NULL };
	static const struct sw_refer_notify p = { 200, NULL, SW_SUBSTATE_TERMINATED, 0, NULL, 2, "t1",
						  SW_EVENT_ID_AUTO };
	static char out[2048];
	static struct sw_edits e;
	struct sw_arena a, s;
	struct sw_msg m, f;
	size_t n;

	sw_arena_init(&a, arena_mem, sizeof(arena_mem) / 2);
	sw_arena_init(&s, arena_mem + sizeof(arena_mem) / 2, sizeof(arena_mem) / 2);
	(void)sw_sipfrag_parse(buf, len, NULL, &a, &f, NULL);
	sw_arena_reset(&a);
	if (sw_msg_parse(buf, len, NULL, &a, &m, NULL) != SW_OK)
		return;
	(void)sw_sipfrag_parse(buf + m.body.off, m.body.len, NULL, &s, &f, NULL);
	sw_edits_init(&e);
	(void)sw_sipfrag_sanitize(buf, &m, "Retry-After,Warning", &s, &e, NULL);
	(void)sw_notify_refer_build(buf, &m, &local, &p, out, sizeof(out), &n, NULL);
}

/* The per-message work of the data plane, in every mode. */
static void
work(const char *buf, size_t len)
{
	static const enum sw_msg_mode modes[] = { SW_MODE_DATAGRAM, SW_MODE_STREAM, SW_MODE_FRAGMENT };
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;
	struct sw_arena a;
	struct sw_msg m;
	struct sw_err e;

	for (size_t i = 0; i < 3; i++) {
		cfg.mode = modes[i];
		sw_arena_init(&a, arena_mem, sizeof(arena_mem));
		if (sw_msg_parse(buf, len, &cfg, &a, &m, &e) == SW_OK)
			(void)sw_msg_check(buf, &m, &e);
	}
	sipfrag_work(buf, len);
}

static void
count_file(const char *rel, const char *buf, size_t len, void *arg)
{
	unsigned long before = heap_calls;

	work(buf, len);
	(void)arg;
	tap_ok(heap_calls == before, "%s: %lu heap calls while parsing", rel, heap_calls - before);
}
#endif

int
main(void)
{
#ifndef SW_HEAP_COUNTING
	tap_skip("AddressSanitizer owns malloc here; the release build runs this test");
#else
	tap_ok(heap_count_works(), "the interposed allocator counts (self-check)");
	tap_ok(corpus_each(count_file, NULL) >= 100, "corpus walked");
#endif
	return tap_done();
}
