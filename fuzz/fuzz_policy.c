/* Fuzz the policies: parse, apply every policy set in both directions,
 * rewrite in place, re-parse. Invariants checked on every input:
 *  - a failing policy leaves no edits;
 *  - output length = input length + edit delta, in place and apply_to agree;
 *  - the output parses (unless the input was at a parser limit) and every
 *    header line the policies do not target is byte-identical, in order,
 *    with the same start line and body;
 *  - one byte less room is SW_E_NOSPACE and leaves the buffer unchanged;
 *  - a Service-Route replaced and sent back as the top Route is restored to
 *    the original entries byte-exact;
 *  - sw_edits_apply_sum writes the same bytes and carries the input's
 *    one's-complement sum to the output's (the incremental UDP checksum
 *    of sipwire-dp);
 *  - sw_policy_apply_memo gives the same status, fired bits and output
 *    bytes as sw_policy_apply, cold and warm (each call twice), with one
 *    memo kept across inputs (hits and round-robin eviction) and one
 *    shared by two keys (never the other key's token).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/pkt.h"
#include "sipwire/policy.h"
#include "sipwire/route.h"

#define MAXMSG 8192
#define ROOM 4096

static const char *const policy_sets[][8] = {
	{ "path", "sip:sbc.example.net;lr", "path-ob", NULL, "flow-key", "000102030405060708090a0b0c0d0e0f" },
	{ "service-route", "prepend:sip:sbc.example.net;lr", "strip-path-echo", NULL },
	{ "service-route", "replace:sip:sbc.example.net;lr", "flow-key", "000102030405060708090a0b0c0d0e0f" },
	{ "refer-sub", "suppress" },
	{ "refer-sub", "strip", "strip-path-echo", NULL },
};
#define NSETS (sizeof(policy_sets) / sizeof(policy_sets[0]))

static struct sw_policy policies[NSETS], other_key;
static struct sw_policy_memo memo_kept, memo_shared;
static unsigned char amem[65536], amem2[65536], smem[8192];
static unsigned char buf[MAXMSG + ROOM], out[MAXMSG + ROOM], small[MAXMSG + ROOM];

static void
setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	for (size_t i = 0; i < NSETS; i++) {
		sw_policy_init(&policies[i]);
		for (int k = 0; k < 8 && policy_sets[i][k] != NULL; k += 2)
			if (sw_policy_set(&policies[i], policy_sets[i][k], policy_sets[i][k + 1], NULL) != SW_OK)
				abort();
	}
	sw_policy_init(&other_key);
	if (sw_policy_set(&other_key, "service-route", "replace:sip:sbc.example.net;lr", NULL) != SW_OK ||
	    sw_policy_set(&other_key, "flow-key", "f0e0d0c0b0a090807060504030201000", NULL) != SW_OK)
		abort();
	sw_policy_memo_init(&memo_kept);
	sw_policy_memo_init(&memo_shared);
}

static int
targeted(unsigned id)
{
	return id == SW_HDR_PATH || id == SW_HDR_SERVICE_ROUTE || id == SW_HDR_REQUIRE ||
	       id == SW_HDR_SUPPORTED || id == SW_HDR_REFER_SUB || id == SW_HDR_ROUTE ||
	       id == SW_HDR_CONTENT_LENGTH;
}

static void
check_untouched(const uint8_t *in, const struct sw_msg *mi, const uint8_t *o, const struct sw_msg *mo)
{
	unsigned i = 0, j = 0;

	if (mi->start.len != mo->start.len || memcmp(in + mi->start.off, o + mo->start.off, mi->start.len) ||
	    mi->body.len != mo->body.len || memcmp(in + mi->body.off, o + mo->body.off, mi->body.len))
		abort();
	for (;;) {
		while (i < mi->nhdrs && targeted(mi->hdrs[i].id))
			i++;
		while (j < mo->nhdrs && targeted(mo->hdrs[j].id))
			j++;
		if (i == mi->nhdrs || j == mo->nhdrs) {
			if (i != mi->nhdrs || j != mo->nhdrs)
				abort();
			return;
		}
		if (mi->hdrs[i].line.len != mo->hdrs[j].line.len ||
		    memcmp(in + mi->hdrs[i].line.off, o + mo->hdrs[j].line.off, mi->hdrs[i].line.len))
			abort();
		i++;
		j++;
	}
}

/* Entries of an address list, as one '|' string, into dst (0 when the
 * list does not fit; *bad = 1 when it does not parse). */
static size_t
entries(const uint8_t *b, const struct sw_msg *m, enum sw_hdr_id id, char *dst, size_t cap,
	int *bad)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	size_t o = 0;
	int rc;

	*bad = 0;
	sw_addr_iter_init(&it, b, m, id);
	while ((rc = sw_addr_iter_next(&it, &na, NULL)) == 1) {
		if (o + na.whole.len + 1 > cap)
			return 0;
		if (o > 0)
			dst[o++] = '|';
		memcpy(dst + o, b + na.whole.off, na.whole.len);
		o += na.whole.len;
	}
	*bad = rc < 0;
	return o;
}

/* The replaced Service-Route, used as the top Route of a request, comes
 * back as the original entries. A set whose lines do not parse was hidden
 * unparsed (the values joined by ','): the restore refuses it with
 * SW_E_MALFORMED, or, when the joined text is a valid list (a quoted
 * string or <...> split over two lines), restores that valid list. */
static void
check_restore(const uint8_t *in, const struct sw_msg *mi, const uint8_t *o, const struct sw_msg *mo)
{
	static char req[MAXMSG + ROOM], want[MAXMSG], got[MAXMSG];
	struct sw_arena a, s;
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_edits e;
	struct sw_msg m, m2;
	int n, bad, bad2;
	size_t wl = entries(in, mi, SW_HDR_SERVICE_ROUTE, want, sizeof(want), &bad), len, nl, gl;

	sw_addr_iter_init(&it, o, mo, SW_HDR_SERVICE_ROUTE);
	if ((wl == 0 && !bad) || sw_addr_iter_next(&it, &na, NULL) != 1)
		abort();
	n = snprintf(req, MAXMSG, "OPTIONS sip:x SIP/2.0\r\nRoute: %.*s\r\n\r\n", (int)na.whole.len,
		     (const char *)o + na.whole.off);
	if (n <= 0 || n >= MAXMSG)
		return;
	len = (size_t)n;
	sw_arena_init(&a, amem2, sizeof(amem2));
	sw_arena_init(&s, smem, sizeof(smem));
	if (sw_msg_parse(req, len, NULL, &a, &m, NULL) != SW_OK)
		abort();
	n = sw_policy_apply(req, &m, &policies[2], SW_DIR_ACCESS, NULL, &s, &e, NULL, NULL);
	if (bad && n == SW_E_MALFORMED) {
		if (sw_edits_count(&e) != 0)
			abort();
		return;
	}
	if (n != SW_OK || sw_edits_apply(req, len, sizeof(req), &m, &e, &nl, NULL) != SW_OK)
		abort();
	sw_arena_init(&a, amem2, sizeof(amem2));
	if (sw_msg_parse(req, nl, NULL, &a, &m2, NULL) != SW_OK)
		return; /* a restored set longer than max_line: the parser's limit */
	gl = entries((const uint8_t *)req, &m2, SW_HDR_ROUTE, got, sizeof(got), &bad2);
	if (bad2 || (!bad && (gl != wl || memcmp(got, want, wl) != 0)))
		abort();
}

static void
run(const uint8_t *in, size_t len, const struct sw_msg *mi, size_t set, enum sw_direction dir)
{
	static const struct sw_flow src = { 4, SW_TRANSPORT_UDP, 5060, { 192, 0, 2, 1 } };
	struct sw_arena s, a;
	struct sw_edits e;
	struct sw_msg mo;
	unsigned fired;
	size_t nl, ol, dummy;
	uint32_t sum;
	int rc;

	sw_arena_init(&s, smem, sizeof(smem));
	rc = sw_policy_apply(in, mi, &policies[set], dir, &src, &s, &e, &fired, NULL);
	if (rc != SW_OK) {
		if (sw_edits_count(&e) != 0)
			abort();
		return;
	}
	memcpy(buf, in, len);
	if (sw_edits_apply(buf, len, sizeof(buf), mi, &e, &nl, NULL) != SW_OK ||
	    (int64_t)nl != (int64_t)len + e.delta)
		abort();
	if (sw_edits_apply_to(in, len, mi, &e, out, sizeof(out), &ol, NULL) != SW_OK || ol != nl ||
	    memcmp(out, buf, nl) != 0)
		abort();
	memcpy(out, in, len);
	sum = sw_csum_add(0, in, len);
	if (sw_edits_apply_sum(out, len, sizeof(out), mi, &e, &sum, &ol, NULL) != SW_OK || ol != nl ||
	    memcmp(out, buf, nl) != 0 || sum > 0xFFFFu ||
	    sum % 0xFFFFu != sw_csum_add(0, buf, nl) % 0xFFFFu) /* 65536 = 1 mod 0xFFFF */
		abort();
	if (e.delta > 0) {
		memset(small, 0xee, sizeof(small));
		memcpy(small, in, len);
		rc = sw_edits_apply(small, len, nl - 1, mi, &e, &dummy, NULL);
		if (rc != SW_E_NOSPACE || memcmp(small, in, len) != 0 || small[len] != 0xee)
			abort();
	}
	sw_arena_init(&a, amem2, sizeof(amem2));
	rc = sw_msg_parse(buf, nl, NULL, &a, &mo, NULL);
	if (rc == SW_E_TOOMANY || rc == SW_E_TOOLONG)
		return; /* the input sat at a parser limit; our lines pushed it over */
	if (rc != SW_OK)
		abort();
	check_untouched(in, mi, buf, &mo);
	if (set == 2 && (fired & SW_POL_SERVICE_ROUTE))
		check_restore(in, mi, buf, &mo);
}

/* One apply + in-place rewrite into dst; *fired and *dl set on SW_OK. */
static int
apply_into(const uint8_t *in, size_t len, const struct sw_msg *mi, const struct sw_policy *p,
	   enum sw_direction dir, struct sw_policy_memo *memo, uint8_t *dst, size_t *dl,
	   unsigned *fired)
{
	static const struct sw_flow src = { 4, SW_TRANSPORT_UDP, 5060, { 192, 0, 2, 1 } };
	struct sw_arena s;
	struct sw_edits e;
	int rc;

	sw_arena_init(&s, smem, sizeof(smem));
	rc = memo != NULL ? sw_policy_apply_memo(in, mi, p, dir, &src, &s, &e, fired, NULL, memo)
			  : sw_policy_apply(in, mi, p, dir, &src, &s, &e, fired, NULL);
	if (rc != SW_OK) {
		if (sw_edits_count(&e) != 0)
			abort();
		return rc;
	}
	memcpy(dst, in, len);
	if (sw_edits_apply(dst, len, MAXMSG + ROOM, mi, &e, dl, NULL) != SW_OK)
		abort();
	return SW_OK;
}

/* The memo path gives exactly what the plain path gives, twice in a row
 * (the second call is a hit whenever the first one stored the set). */
static void
memo_same(const uint8_t *in, size_t len, const struct sw_msg *mi, const struct sw_policy *p,
	  enum sw_direction dir, struct sw_policy_memo *memo)
{
	unsigned f0 = 0, f1 = 0;
	size_t l0 = 0, l1 = 0;
	int rc0 = apply_into(in, len, mi, p, dir, NULL, buf, &l0, &f0);

	for (int k = 0; k < 2; k++) {
		int rc1 = apply_into(in, len, mi, p, dir, memo, out, &l1, &f1);

		if (rc1 != rc0 || (rc0 == SW_OK && (f1 != f0 || l1 != l0 || memcmp(out, buf, l0) != 0)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_arena a;
	struct sw_msg m;

	setup();
	if (size > MAXMSG)
		return 0;
	sw_arena_init(&a, amem, sizeof(amem));
	if (sw_msg_parse(data, size, NULL, &a, &m, NULL) != SW_OK)
		return 0;
	for (size_t set = 0; set < NSETS; set++) {
		run(data, size, &m, set, SW_DIR_ACCESS);
		run(data, size, &m, set, SW_DIR_CORE);
		memo_same(data, size, &m, &policies[set], SW_DIR_CORE, &memo_kept);
	}
	memo_same(data, size, &m, &policies[2], SW_DIR_CORE, &memo_shared);
	memo_same(data, size, &m, &other_key, SW_DIR_CORE, &memo_shared);
	memo_same(data, size, &m, &policies[2], SW_DIR_ACCESS, &memo_shared);
	return 0;
}
