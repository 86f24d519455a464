/* policy memo: sw_policy_apply_memo must give byte-identical results to
 * sw_policy_apply (RFC 3608 Service-Route replace, docs/policies.md "route
 * token memo"), whatever the memo holds:
 *  - every corpus message x every policy set x both directions, with one
 *    memo shared by two policies under different keys (cold, warm, key
 *    switches, round-robin eviction across the corpus);
 *  - table cases on a 2xx to REGISTER: cold miss, warm hit, two sets
 *    alternating more often than there are entries, more sets than entries
 *    (eviction: every lookup misses), a second key through the same memo,
 *    a folded set, a set over the entry bound (bypass);
 *  - tokens served from the memo verify under the key and restore the set
 *    byte-exact through sw_policy_apply on an access-side request, and are
 *    rejected under the other key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_iter.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/policy.h"
#include "sipwire/token.h"

#define KEY "000102030405060708090a0b0c0d0e0f"
#define KEY2 "f0e0d0c0b0a090807060504030201000"
#define SBC "sip:sbc.example.net;lr"

static const char *const sets[][6] = {
	{ "path", SBC, "flow-key", KEY, "path-ob", NULL },
	{ "service-route", "replace:" SBC, "flow-key", KEY, "strip-path-echo", NULL },
	{ "service-route", "replace:" SBC, "flow-key", KEY2, NULL, NULL },
	{ "service-route", "prepend:" SBC, "refer-sub", "suppress" },
	{ "refer-sub", "strip" },
};
#define NSETS (sizeof(sets) / sizeof(sets[0]))

static struct sw_policy pols[NSETS];
static struct sw_policy_memo shared, own[NSETS];
static unsigned char amem[65536], smem[8192], pkt[65536];
static unsigned char out_plain[65536 + 4096], out_memo[65536 + 4096];
static const struct sw_flow src = { 4, SW_TRANSPORT_UDP, 5060, { 192, 0, 2, 4 } };

/* One policy run, output into out; returns rc, *olen and *fired set. */
static int
run(const unsigned char *in, size_t len, const struct sw_policy *p, enum sw_direction dir,
    struct sw_policy_memo *memo, int use_memo, unsigned char *out, size_t *olen, unsigned *fired)
{
	struct sw_arena a, s;
	struct sw_edits e;
	struct sw_msg m;
	int rc;

	memcpy(out, in, len);
	*olen = len;
	*fired = 0;
	sw_arena_init(&a, amem, sizeof(amem));
	sw_arena_init(&s, smem, sizeof(smem));
	rc = sw_msg_parse(out, len, NULL, &a, &m, NULL);
	if (rc != SW_OK)
		return 1000 + rc;
	rc = use_memo ? sw_policy_apply_memo(out, &m, p, dir, &src, &s, &e, fired, NULL, memo)
		      : sw_policy_apply(out, &m, p, dir, &src, &s, &e, fired, NULL);
	if (rc == SW_OK)
		rc = sw_edits_apply(out, len, len + 4096, &m, &e, olen, NULL);
	return rc;
}

/* Memo and plain agree on status, fired bits and bytes. */
static int
same_as_plain(const unsigned char *in, size_t len, const struct sw_policy *p, enum sw_direction dir,
	      struct sw_policy_memo *memo)
{
	size_t l1, l2;
	unsigned f1, f2;
	int r1 = run(in, len, p, dir, NULL, 0, out_plain, &l1, &f1);
	int r2 = run(in, len, p, dir, memo, 1, out_memo, &l2, &f2);

	return r1 == r2 && f1 == f2 && l1 == l2 && memcmp(out_plain, out_memo, l1) == 0;
}

struct sweep {
	int files, bad;
};

static void
sweep_file(const char *rel, const char *buf, size_t len, void *arg)
{
	struct sweep *sw = arg;
	int bad = 0;

	if (len > sizeof(pkt))
		return;
	memcpy(pkt, buf, len);
	sw->files++;
	/* each set twice in a row: the second round finds this message's set
	 * in the memo; the next set under the other key empties it */
	for (size_t i = 0; i < NSETS; i++)
		for (int round = 0; round < 2; round++)
			for (int dir = SW_DIR_ACCESS; dir <= SW_DIR_CORE; dir++)
				if (!same_as_plain(pkt, len, &pols[i], (enum sw_direction)dir, &shared)) {
					bad++;
					tap_diag("%s: set %zu dir %d round %d differs", rel, i, dir, round);
				}
	sw->bad += bad;
}

/* Second pass with one memo per policy (no key switches): hits across
 * messages and on each repeat. */
static void
sweep_per_policy(const char *rel, const char *buf, size_t len, void *arg)
{
	struct sweep *sw = arg;

	(void)rel;
	if (len > sizeof(pkt))
		return;
	memcpy(pkt, buf, len);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < NSETS; i++)
			if (!same_as_plain(pkt, len, &pols[i], SW_DIR_CORE, &own[i]))
				sw->bad++;
}

/* A 2xx to REGISTER with the given Service-Route lines (each "\r\n"-ended). */
static size_t
make_200(char *b, size_t cap, const char *sr_lines)
{
	int n = snprintf(b, cap,
			 "SIP/2.0 200 OK\r\n"
			 "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKmemo1\r\n"
			 "%s"
			 "From: <sip:alice@example.net>;tag=a1\r\n"
			 "To: <sip:alice@example.net>;tag=b2\r\n"
			 "Call-ID: memo@192.0.2.4\r\n"
			 "CSeq: 7 REGISTER\r\n"
			 "Content-Length: 0\r\n\r\n",
			 sr_lines);
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

static const char *const srs[] = {
	("Service-Route: <sip:orig@scscf1.home.example.net:5060;lr>\r\n"
	 "Service-Route: <sip:orig-app@as7.home.example.net;lr>\r\n"),
	"Service-Route: <sip:orig@scscf2.home.example.net;lr>\r\n",
	"Service-Route: <sip:orig@scscf3.home.example.net;lr>, <sip:as1.home.example.net;lr>\r\n",
	"Service-Route: <sip:orig@scscf4.home.example.net;lr;x=\"a,b\">\r\n",
	"Service-Route: <sip:orig@scscf5.home.example.net;lr>\r\n",
	"Service-Route: <sip:orig@scscf6.home.example.net;lr>\r\n",
	"Service-Route: <sip:orig@scscf8.home.example.net;lr>\r\n",
};
/* the joined set text of srs[0], what a restore must give back */
#define SRS0_TEXT "<sip:orig@scscf1.home.example.net:5060;lr>,<sip:orig-app@as7.home.example.net;lr>"

/* Apply pols[k] with memo to the 200 OK of sr_lines; check it matches the
 * plain run; return the token of the output in tok. */
static int
one_200(const char *sr_lines, size_t k, struct sw_policy_memo *memo, char *tok, size_t cap)
{
	static char b[4096];
	size_t len = make_200(b, sizeof(b), sr_lines), tl;
	const char *t, *end;

	if (len == 0 || !same_as_plain((unsigned char *)b, len, &pols[k], SW_DIR_CORE, memo))
		return 0;
	t = strstr((const char *)out_memo, ";" SW_POLICY_RESTORE_PARAM "=");
	if (t == NULL)
		return 0;
	t += strlen(";" SW_POLICY_RESTORE_PARAM "=");
	end = strchr(t, '>');
	tl = end ? (size_t)(end - t) : 0;
	if (tl == 0 || tl >= cap)
		return 0;
	memcpy(tok, t, tl);
	tok[tl] = '\0';
	return 1;
}

/* The token restores `want` byte-exact through the policy (access side). */
static int
restores(const char *tok, size_t k, const char *want)
{
	static char b[8192];
	char line[1200];
	size_t len, olen;
	unsigned fired;
	int n = snprintf(b, sizeof(b),
			 "INVITE sip:bob@example.net SIP/2.0\r\n"
			 "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKmemo2\r\n"
			 "Route: <" SBC ";" SW_POLICY_RESTORE_PARAM "=%s>\r\n"
			 "From: <sip:alice@example.net>;tag=a1\r\n"
			 "To: <sip:bob@example.net>\r\n"
			 "Call-ID: memo2@192.0.2.4\r\n"
			 "CSeq: 1 INVITE\r\n"
			 "Content-Length: 0\r\n\r\n",
			 tok);

	if (n < 0 || (size_t)n >= sizeof(b))
		return 0;
	len = (size_t)n;
	if (run((unsigned char *)b, len, &pols[k], SW_DIR_ACCESS, NULL, 0, out_plain, &olen, &fired) !=
		    SW_OK ||
	    fired != SW_POL_SR_RESTORE)
		return 0;
	snprintf(line, sizeof(line), "\r\nRoute: %s\r\n", want);
	out_plain[olen] = '\0';
	return strstr((const char *)out_plain, line) != NULL;
}

static void
table_cycles(struct sw_policy_memo *mp)
{
	struct sw_policy_memo m;
	char tok[2048], tok2[2048];
	uint32_t h, mi;
	int ok = 1;

	sw_policy_memo_init(&m);
	tap_ok(one_200(srs[0], 1, &m, tok, sizeof(tok)) && m.hits == 0 && m.misses == 1,
	       "RFC 3608 replace, cold memo: miss, output as without memo");
	tap_ok(one_200(srs[0], 1, &m, tok2, sizeof(tok2)) && m.hits == 1 && strcmp(tok, tok2) == 0,
	       "same set again: hit, same token, output as without memo");
	tap_ok(restores(tok2, 1, SRS0_TEXT), "token served by the memo restores the set byte-exact");
	tap_ok(!restores(tok2, 2, SRS0_TEXT), "the same token fails under the other key (SW_E_AUTH)");

	/* two sets alternating, far more often than there are entries */
	h = m.hits;
	for (int i = 0; i < 4 * SW_POLICY_MEMO_ENTRIES; i++)
		ok &= one_200(srs[i % 2], 1, &m, tok, sizeof(tok));
	tap_ok(ok && m.hits - h == 4 * SW_POLICY_MEMO_ENTRIES - 1,
	       "two sets alternating %d times: one miss (the new set), the rest hits (%u)",
	       4 * SW_POLICY_MEMO_ENTRIES, m.hits - h);

	/* more distinct sets than entries, cycled: round-robin evicts each
	 * one just before it comes back, so every lookup misses */
	h = m.hits;
	mi = m.misses;
	ok = 1;
	for (int i = 0; i < 3 * (SW_POLICY_MEMO_ENTRIES + 1); i++)
		ok &= one_200(srs[2 + i % (SW_POLICY_MEMO_ENTRIES + 1)], 1, &m, tok, sizeof(tok));
	tap_ok(ok && m.hits == h && m.misses - mi == 3 * (SW_POLICY_MEMO_ENTRIES + 1),
	       "%d sets cycled through %d entries: all misses after eviction, output unchanged",
	       SW_POLICY_MEMO_ENTRIES + 1, SW_POLICY_MEMO_ENTRIES);
	ok = one_200(srs[2 + (3 * (SW_POLICY_MEMO_ENTRIES + 1) - 1) % (SW_POLICY_MEMO_ENTRIES + 1)], 1, &m,
		     tok, sizeof(tok));
	tap_ok(ok && m.hits == h + 1, "the most recent set is still held after the evictions");
	*mp = m;

}

/* Key switches, a folded set and the bypass, on the memo the cycle left. */
static void
table_keys(struct sw_policy_memo *mp)
{
	struct sw_policy_memo m = *mp;
	char tok[2048], tok2[2048], big[700];
	uint32_t h;
	int ok;

	/* the same memo under a second key: never the first key's token */
	ok = one_200(srs[0], 1, &m, tok, sizeof(tok)) && one_200(srs[0], 1, &m, tok, sizeof(tok));
	h = m.hits;
	ok &= one_200(srs[0], 2, &m, tok2, sizeof(tok2));
	tap_ok(ok && m.hits == h && strcmp(tok, tok2) != 0,
	       "second key, same set, same memo: miss, token of the second key");
	tap_ok(restores(tok2, 2, SRS0_TEXT) && !restores(tok2, 1, SRS0_TEXT),
	       "second-key token restores under the second key only");
	ok = one_200(srs[0], 1, &m, tok, sizeof(tok));
	tap_ok(ok && m.hits == h && restores(tok, 1, SRS0_TEXT),
	       "back to the first key: the memo was emptied, miss, first-key token");

	/* folded set: entries joined by ',' are the memo text */
	ok = one_200("Service-Route: <sip:a@scscf7.home.example.net;lr>,\r\n <sip:b@as8.home.example.net;lr>\r\n",
		     1, &m, tok, sizeof(tok));
	h = m.hits;
	ok &= one_200("Service-Route: <sip:a@scscf7.home.example.net;lr>,\r\n <sip:b@as8.home.example.net;lr>\r\n",
		      1, &m, tok2, sizeof(tok2));
	tap_ok(ok && m.hits == h + 1 && strcmp(tok, tok2) == 0 &&
		       restores(tok2, 1, "<sip:a@scscf7.home.example.net;lr>,<sip:b@as8.home.example.net;lr>"),
	       "folded Service-Route: hit on repeat, restores the joined entries");

	/* a set over the entry bound bypasses the memo */
	{
		static char lines[1024];
		size_t u = SW_POLICY_MEMO_TEXT_MAX + 20;

		memset(big, 'u', u);
		big[u] = '\0';
		snprintf(lines, sizeof(lines), "Service-Route: <sip:%s@scscf9.home.example.net;lr>\r\n", big);
		h = m.hits;
		ok = one_200(lines, 1, &m, tok, sizeof(tok)) && one_200(lines, 1, &m, tok2, sizeof(tok2));
		tap_ok(ok && m.hits == h && strcmp(tok, tok2) == 0,
		       "set longer than SW_POLICY_MEMO_TEXT_MAX: never a hit, output unchanged");
	}
}

int
main(void)
{
	struct sweep sw = { 0, 0 };
	int n;

	for (size_t i = 0; i < NSETS; i++) {
		sw_policy_init(&pols[i]);
		for (int k = 0; k < 6 && sets[i][k] != NULL; k += 2)
			if (sw_policy_set(&pols[i], sets[i][k], sets[i][k + 1], NULL) != SW_OK)
				tap_ok(0, "policy set %zu option %s", i, sets[i][k]);
	}
	sw_policy_memo_init(&shared);
	tap_ok(sizeof(struct sw_policy_memo) == 3116, "memo is %zu bytes (policy.h says 3,116)",
	       sizeof(struct sw_policy_memo));
	n = corpus_each(sweep_file, &sw);
	tap_ok(n >= 100 && sw.bad == 0, "corpus: %d messages x %zu sets x 2 directions x 2 rounds, "
	       "shared memo under two keys: %d outputs differ", n, NSETS, sw.bad);
	tap_ok(shared.hits > 0 && shared.misses > 0, "shared memo saw hits (%u) and misses (%u)",
	       shared.hits, shared.misses);
	sw.bad = 0;
	for (size_t i = 0; i < NSETS; i++)
		sw_policy_memo_init(&own[i]);
	corpus_each(sweep_per_policy, &sw);
	tap_ok(sw.bad == 0 && own[1].hits > 0 && own[2].hits > 0,
	       "corpus with one memo per policy: %d differ, %u + %u hits", sw.bad, own[1].hits,
	       own[2].hits);
	{
		static struct sw_policy_memo m;

		table_cycles(&m);
		table_keys(&m);
	}
	return tap_done();
}
