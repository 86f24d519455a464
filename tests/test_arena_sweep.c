/* Arena-capacity sweep: every corpus message parsed with an arena of 0, 1,
 * 2, ... bytes up to what the parse needs. Each capacity gives SW_OK or
 * SW_E_NOSPACE (never another status, never a crash); the smallest capacity
 * that works is the message's header count times the slot size (the parser
 * keeps only the slots it used), every larger one works too, a failed parse
 * leaves the arena empty, and a successful one gives the same header table
 * as an ample arena. */
#include <string.h>

#include "corpus_iter.h"
#include "sipwire/msg.h"

static _Alignas(64) unsigned char mem[65536];

static int
same_table(const struct sw_msg *a, const struct sw_msg *b)
{
	if (a->nhdrs != b->nhdrs || a->len != b->len || memcmp(a->first, b->first, sizeof(a->first)) != 0)
		return 0;
	for (unsigned i = 0; i < a->nhdrs; i++)
		if (memcmp(&a->hdrs[i], &b->hdrs[i], sizeof(a->hdrs[i])) != 0)
			return 0;
	return 1;
}

static void
sweep(const char *rel, const char *buf, size_t len, void *arg)
{
	static _Alignas(64) unsigned char ample[65536];
	struct sw_arena a, big;
	struct sw_msg ref, m;
	size_t need, cap;
	int rc, bad = 0, first_ok = -1;

	(void)arg;
	sw_arena_init(&big, ample, sizeof(ample));
	if (sw_msg_parse(buf, len, NULL, &big, &ref, NULL) != SW_OK)
		return; /* invalid messages are the other tests' business */
	need = (size_t)ref.nhdrs * sizeof(struct sw_hdr);
	for (cap = 0; cap <= need + 64 && !bad; cap++) {
		sw_arena_init(&a, mem, cap);
		rc = sw_msg_parse(buf, len, NULL, &a, &m, NULL);
		if (rc == SW_OK) {
			if (first_ok < 0)
				first_ok = (int)cap;
			bad = !same_table(&ref, &m) || a.used != need;
		} else {
			bad = rc != SW_E_NOSPACE || a.used != 0 || first_ok >= 0;
		}
	}
	tap_ok(!bad && first_ok >= 0 && (size_t)first_ok <= need + _Alignof(struct sw_hdr),
	       "%s: capacities 0..%zu give NOSPACE then OK from %d on (%u headers)", rel, need + 64,
	       first_ok, ref.nhdrs);
}

int
main(void)
{
	tap_ok(corpus_each(sweep, NULL) > 100, "corpus walked");
	return tap_done();
}
