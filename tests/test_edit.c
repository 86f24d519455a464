/* edit: sorted edit list, in-place and out-of-place apply, Content-Length
 * upkeep, all-or-nothing on errors, and a property test against a naive
 * reference built byte by byte. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sipwire/edit.h"
#include "sipwire/pkt.h"
#include "tap.h"

static unsigned char arena_mem[16384];

static int
parse(const char *s, size_t len, struct sw_msg *m)
{
	struct sw_arena a;
	struct sw_err e;

	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	return sw_msg_parse(s, len, NULL, &a, m, &e);
}

enum op { INS, DEL, REP, END };

struct op_spec {
	enum op op;
	uint32_t off, len;
	const char *bytes;
	int rc; /* expected status of the add */
};

struct list_case {
	const char *why;
	const char *in;
	struct op_spec ops[6];
	const char *out; /* NULL: apply must fail with apply_rc */
	int apply_rc;
};

static const struct list_case list_cases[] = {
	{ "insert at the start", "abcdef", { { INS, 0, 0, "XY", SW_OK }, { END } }, "XYabcdef", 0 },
	{ "insert at the end", "abcdef", { { INS, 6, 0, "XY", SW_OK }, { END } }, "abcdefXY", 0 },
	{ "delete a range", "abcdef", { { DEL, 1, 3, NULL, SW_OK }, { END } }, "aef", 0 },
	{ "replace, shorter", "abcdef", { { REP, 1, 4, "Z", SW_OK }, { END } }, "aZf", 0 },
	{ "replace, longer", "abcdef", { { REP, 2, 1, "1234", SW_OK }, { END } }, "ab1234def", 0 },
	{ "edits added out of order are sorted", "abcdef",
	  { { INS, 5, 0, "5", SW_OK }, { INS, 1, 0, "1", SW_OK }, { DEL, 3, 1, NULL, SW_OK }, { END } },
	  "a1bce5f", 0 },
	{ "same offset keeps insertion order", "abc",
	  { { INS, 1, 0, "X", SW_OK }, { INS, 1, 0, "Y", SW_OK }, { INS, 1, 0, "Z", SW_OK }, { END } },
	  "aXYZbc", 0 },
	{ "insert at the start of a replaced range comes after it when added after", "abcdef",
	  { { REP, 2, 2, "RR", SW_OK }, { INS, 2, 0, "I", SW_OK }, { END } }, "abRRIef", 0 },
	{ "insert at the start of a replaced range comes first when added first", "abcdef",
	  { { INS, 2, 0, "I", SW_OK }, { REP, 2, 2, "RR", SW_OK }, { END } }, "abIRRef", 0 },
	{ "insert at the end of a deleted range", "abcdef",
	  { { DEL, 1, 2, NULL, SW_OK }, { INS, 3, 0, "I", SW_OK }, { END } }, "aIdef", 0 },
	{ "adjacent deletes", "abcdef",
	  { { DEL, 1, 2, NULL, SW_OK }, { DEL, 3, 2, NULL, SW_OK }, { END } }, "af", 0 },
	{ "overlapping deletes rejected", "abcdef",
	  { { DEL, 1, 3, NULL, SW_OK }, { DEL, 3, 2, NULL, SW_E_INVAL }, { END } }, "aef", 0 },
	{ "replace inside a delete rejected", "abcdef",
	  { { DEL, 0, 5, NULL, SW_OK }, { REP, 2, 1, "x", SW_E_INVAL }, { END } }, "f", 0 },
	{ "insert strictly inside a delete rejected", "abcdef",
	  { { DEL, 1, 3, NULL, SW_OK }, { INS, 2, 0, "x", SW_E_INVAL }, { END } }, "aef", 0 },
	{ "delete over an earlier insert rejected", "abcdef",
	  { { INS, 3, 0, "x", SW_OK }, { DEL, 1, 4, NULL, SW_E_INVAL }, { END } }, "abcxdef", 0 },
	{ "empty edit rejected", "abc", { { INS, 1, 0, "", SW_E_INVAL }, { END } }, "abc", 0 },
	{ "offset overflow rejected", "abc", { { DEL, 0xfffffff0u, 0x20, NULL, SW_E_INVAL }, { END } },
	  "abc", 0 },
	{ "edit past the end fails at apply", "abc", { { DEL, 2, 2, NULL, SW_OK }, { END } }, NULL,
	  SW_E_INVAL },
	{ "insert past the end fails at apply", "abc", { { INS, 4, 0, "x", SW_OK }, { END } }, NULL,
	  SW_E_INVAL },
};

static int
add_op(struct sw_edits *e, const struct op_spec *o)
{
	uint32_t bl = o->bytes ? (uint32_t)strlen(o->bytes) : 0;

	switch (o->op) {
	case INS:
		return sw_edits_insert(e, o->off, o->bytes, bl);
	case DEL:
		return sw_edits_delete(e, o->off, o->len);
	default:
		return sw_edits_replace(e, o->off, o->len, o->bytes, bl);
	}
}

static void
run_list_case(const struct list_case *c)
{
	unsigned char buf[64], out[64];
	size_t len = strlen(c->in), nl = 0, ol = 0;
	struct sw_edits e;
	struct sw_err err;
	int rc, rc2, adds_ok = 1;

	sw_edits_init(&e);
	for (const struct op_spec *o = c->ops; o->op != END; o++) {
		rc = add_op(&e, o);
		adds_ok &= rc == o->rc;
	}
	tap_ok(adds_ok, "%s: each add returns its expected status", c->why);
	memset(buf, '#', sizeof(buf));
	memcpy(buf, c->in, len);
	rc = sw_edits_apply(buf, len, sizeof(buf), NULL, &e, &nl, &err);
	rc2 = sw_edits_apply_to(c->in, len, NULL, &e, out, sizeof(out), &ol, &err);
	if (c->out == NULL) {
		tap_ok(rc == c->apply_rc && rc2 == c->apply_rc && memcmp(buf, c->in, len) == 0,
		       "%s: apply fails with %s, buffer unchanged", c->why, sw_status_name(c->apply_rc));
		return;
	}
	tap_ok(rc == SW_OK && nl == strlen(c->out) && memcmp(buf, c->out, nl) == 0,
	       "%s: in place gives \"%s\" (got %.*s)", c->why, c->out, (int)nl, buf);
	tap_ok(rc2 == SW_OK && ol == strlen(c->out) && memcmp(out, c->out, ol) == 0,
	       "%s: apply_to gives the same bytes", c->why);
	tap_ok((int64_t)nl == (int64_t)len + e.delta, "%s: new length = old + delta", c->why);
}

static void
test_capacity(void)
{
	struct sw_edits e;
	int ok = 1;

	sw_edits_init(&e);
	for (uint32_t i = 0; i < SW_EDITS_MAX; i++)
		ok &= sw_edits_insert(&e, i, "x", 1) == SW_OK;
	tap_ok(ok, "SW_EDITS_MAX inserts accepted");
	TAP_EQ_INT(sw_edits_insert(&e, 0, "x", 1), SW_E_TOOMANY, "one more is SW_E_TOOMANY");
	TAP_EQ_INT(sw_edits_count(&e), SW_EDITS_MAX, "failed add leaves the list unchanged");
}

/* NOSPACE and every other error leave the whole buffer, tail room included,
 * byte-identical (DESIGN.md: apply is all-or-nothing). */
static void
test_nospace(void)
{
	static const char msg[] = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nl: 3\r\n\r\nabc";
	unsigned char buf[128], copy[128];
	size_t len = sizeof(msg) - 1, nl = 0;
	struct sw_edits e;
	struct sw_msg m;
	struct sw_err err = { 0, 0, NULL };
	int rc;

	tap_ok(parse(msg, len, &m) == SW_OK, "NOSPACE fixture parses");
	sw_edits_init(&e);
	sw_edits_insert(&e, m.hdrs[0].line.off, "Path: <sip:sbc;lr>\r\n", 20);
	sw_edits_insert(&e, m.body.off + 1, "0123456", 7); /* l: 3 -> l: 10 */
	memset(buf, 0xA5, sizeof(buf));
	memcpy(buf, msg, len);
	memcpy(copy, buf, sizeof(buf));
	for (size_t cap = len; cap < len + 28; cap++) {
		rc = sw_edits_apply(buf, len, cap, &m, &e, &nl, &err);
		if (rc != SW_E_NOSPACE || memcmp(buf, copy, sizeof(buf)) != 0) {
			tap_ok(0, "cap %zu: NOSPACE, buffer byte-identical (got %s)", cap, sw_status_name(rc));
			return;
		}
	}
	tap_ok(1, "every cap below len+28 is NOSPACE and leaves the buffer byte-identical");
	TAP_EQ_INT(err.need, len + 28, "err.need is the length the rewrite needs");
	rc = sw_edits_apply(buf, len, len + 28, &m, &e, &nl, &err);
	tap_ok(rc == SW_OK && nl == len + 28, "exact capacity is enough");
}

struct cl_case {
	const char *why;
	const char *in;
	const char *find; /* insert/delete position: just before this text */
	const char *ins;  /* insert text, or NULL to delete strlen(del) bytes */
	const char *del;
	const char *out;  /* NULL: expect apply_rc */
	int apply_rc;
	int last;         /* position at the last occurrence of find */
	uint32_t skip;    /* added to the position */
};

static const struct cl_case cl_cases[] = {
	{ "RFC 3261 §20.14 body insert updates Content-Length",
	  "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 3\r\nX: y\r\n\r\nabc", "bc", "ZZ", NULL,
	  "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\nX: y\r\n\r\naZZbc", 0 },
	{ "compact l: grows from one digit to two",
	  "MESSAGE sip:a@b SIP/2.0\r\nl: 9\r\n\r\n123456789", "9", "0", NULL,
	  "MESSAGE sip:a@b SIP/2.0\r\nl: 10\r\n\r\n1234567809", 0, 1 },
	{ "body delete shrinks Content-Length",
	  "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 10\r\n\r\n0123456789", "12345", NULL, "12345",
	  "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\n06789", 0 },
	{ "every repeated Content-Length line is rewritten",
	  "MESSAGE sip:a@b SIP/2.0\r\nl: 2\r\nContent-Length: 2\r\n\r\nab", "b", "c", NULL,
	  "MESSAGE sip:a@b SIP/2.0\r\nl: 3\r\nContent-Length: 3\r\n\r\nacb", 0, 1 },
	{ "RFC 3261 §18.3 datagram without Content-Length: none added",
	  "MESSAGE sip:a@b SIP/2.0\r\nX: y\r\n\r\nabc", "c", "ZZ", NULL,
	  "MESSAGE sip:a@b SIP/2.0\r\nX: y\r\n\r\nabZZc", 0 },
	{ "header-only edit leaves Content-Length alone",
	  "MESSAGE sip:a@b SIP/2.0\r\nX: y\r\nl: 3\r\n\r\nabc", "X:", "Y: z\r\n", NULL,
	  "MESSAGE sip:a@b SIP/2.0\r\nY: z\r\nX: y\r\nl: 3\r\n\r\nabc", 0 },
	{ "insert at the end of the headers is a header insert",
	  "MESSAGE sip:a@b SIP/2.0\r\nl: 1\r\n\r\nq", "\r\n\r\n", "H: 1\r\n", NULL,
	  "MESSAGE sip:a@b SIP/2.0\r\nl: 1\r\nH: 1\r\n\r\nq", 0, 0, 2 },
	{ "delete across the empty line rejected",
	  "MESSAGE sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabc", "\r\n\r\na", NULL, "\r\n\r\na", NULL, SW_E_INVAL },
};

static void
run_cl_case(const struct cl_case *c)
{
	size_t len = strlen(c->in), nl = 0;
	unsigned char buf[256];
	const char *at = strstr(c->in, c->find);
	struct sw_edits e;
	struct sw_msg m;
	struct sw_err err;
	uint32_t off;
	int rc;

	if (c->last)
		at = strrchr(c->in, c->find[0]);
	if (!tap_ok(at != NULL && parse(c->in, len, &m) == SW_OK, "%s: fixture parses", c->why))
		return;
	off = (uint32_t)(at - c->in) + c->skip;
	sw_edits_init(&e);
	if (c->ins != NULL)
		sw_edits_insert(&e, off, c->ins, (uint32_t)strlen(c->ins));
	else
		sw_edits_delete(&e, off, (uint32_t)strlen(c->del));
	memcpy(buf, c->in, len);
	rc = sw_edits_apply(buf, len, sizeof(buf), &m, &e, &nl, &err);
	if (c->out == NULL) {
		tap_ok(rc == c->apply_rc && memcmp(buf, c->in, len) == 0, "%s (got %s)", c->why,
		       sw_status_name(rc));
	} else {
		tap_ok(rc == SW_OK && nl == strlen(c->out) && memcmp(buf, c->out, nl) == 0,
		       "%s (%s)", c->why, sw_status_name(rc));
	}
}

static void
test_cl_conflict(void)
{
	static const char msg[] = "MESSAGE sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabc";
	unsigned char buf[128];
	size_t len = sizeof(msg) - 1, nl;
	struct sw_edits e;
	struct sw_msg m;
	struct sw_err err;
	uint32_t cl = (uint32_t)(strstr(msg, "l: ") - msg) + 3;

	parse(msg, len, &m);
	memcpy(buf, msg, len);
	sw_edits_init(&e);
	sw_edits_replace(&e, cl, 1, "7", 1);
	sw_edits_insert(&e, m.body.off, "x", 1);
	tap_ok(sw_edits_apply(buf, len, sizeof(buf), &m, &e, &nl, &err) == SW_E_INVAL &&
	       memcmp(buf, msg, len) == 0,
	       "caller edit of the Content-Length value plus a body change is SW_E_INVAL, unchanged");
	sw_edits_init(&e);
	sw_edits_replace(&e, cl, 1, "3", 1);
	tap_ok(sw_edits_apply(buf, len, sizeof(buf), &m, &e, &nl, &err) == SW_OK,
	       "caller edit of Content-Length without a body change is the caller's business");
}

/* ---- property test: random edit sets vs a byte-by-byte reference ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

struct ref_edit {
	uint32_t off, len, blen;
	const unsigned char *bytes;
};

/* Would this edit clash with the accepted ones? Decided from per-byte owners
 * (which delete range took a byte), independently of edit.c's rule. */
static int
ref_clash(const uint16_t *owner, size_t len, const struct ref_edit *acc, int nacc,
	  const struct ref_edit *x)
{
	if (x->len == 0 && x->blen == 0)
		return 1;
	if (x->len == 0)
		return x->off > 0 && x->off < len && owner[x->off - 1] != 0 &&
		       owner[x->off - 1] == owner[x->off];
	for (uint32_t p = x->off; p < x->off + x->len && p < len; p++)
		if (owner[p] != 0)
			return 1;
	for (int i = 0; i < nacc; i++)
		if (acc[i].len == 0 && acc[i].off > x->off && acc[i].off < x->off + x->len)
			return 1;
	return 0;
}

static size_t
ref_apply(const unsigned char *in, size_t len, const uint16_t *owner, const struct ref_edit *acc,
	  int nacc, unsigned char *out)
{
	size_t o = 0;

	for (size_t p = 0; p <= len; p++) {
		for (int i = 0; i < nacc; i++)
			if (acc[i].off == p) {
				memcpy(out + o, acc[i].bytes, acc[i].blen);
				o += acc[i].blen;
			}
		if (p < len && owner[p] == 0)
			out[o++] = in[p];
	}
	return o;
}

/* Rounds with only deletes and shortening replaces: the in-place apply
 * takes its one-pass shortcut (edit.c apply_shrink) on every such list,
 * so these rounds hold it against the reference and against apply_to,
 * which always plans. */
static int shrink_only;

static int
property_round(int round)
{
	static unsigned char pool[256];
	unsigned char in[200], buf[600], out[600], ref[600];
	uint16_t owner[200];
	struct ref_edit acc[SW_EDITS_MAX];
	struct sw_edits e;
	size_t len = 1 + rnd(sizeof(in) - 1), nl = 0, ol = 0, rl;
	int nacc = 0, tries = rnd(48), ok = 1;
	struct sw_err err;

	for (size_t i = 0; i < sizeof(pool); i++)
		pool[i] = (unsigned char)('A' + i % 26);
	for (size_t i = 0; i < len; i++)
		in[i] = (unsigned char)('a' + rnd(26));
	memset(owner, 0, sizeof(owner));
	sw_edits_init(&e);
	for (int t = 0; t < tries; t++) {
		struct ref_edit x = { rnd((uint32_t)len + 1), 0, 0, pool + rnd(128) };
		int kind = rnd(3), rc, want;

		if (kind != 0)
			x.len = rnd((uint32_t)(len - x.off) + 1) % 9;
		if (kind != 1)
			x.blen = rnd(12);
		if (shrink_only) {
			x.len = 1 + rnd((uint32_t)(len - x.off) + 1) % 9;
			x.blen = kind == 1 ? 0 : rnd(x.len + 1);
			if (x.off + x.len > len)
				continue;
		}
		/* an empty edit is invalid before anything else; a full list is
		 * reported before a clash */
		want = x.len == 0 && x.blen == 0 ? SW_E_INVAL
		       : nacc == SW_EDITS_MAX ? SW_E_TOOMANY
		       : ref_clash(owner, len, acc, nacc, &x) ? SW_E_INVAL : SW_OK;
		rc = sw_edits_replace(&e, x.off, x.len, x.bytes, x.blen);
		if (rc != want) {
			tap_diag("round %d: add {%u,%u,%u} got %d want %d", round, x.off, x.len, x.blen, rc, want);
			ok = 0;
		}
		if (rc == SW_OK) {
			for (uint32_t p = x.off; p < x.off + x.len; p++)
				owner[p] = (uint16_t)(nacc + 1);
			acc[nacc++] = x;
		}
	}
	rl = ref_apply(in, len, owner, acc, nacc, ref);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, in, len);
	ok &= sw_edits_apply(buf, len, sizeof(buf), NULL, &e, &nl, &err) == SW_OK;
	ok &= sw_edits_apply_to(in, len, NULL, &e, out, rl, &ol, &err) == SW_OK;
	ok &= nl == rl && ol == rl && memcmp(buf, ref, rl) == 0 && memcmp(out, ref, rl) == 0;
	ok &= (int64_t)rl == (int64_t)len + e.delta;
	if (shrink_only) { /* the carried sum (the worker's apply) equals a fresh one */
		uint32_t sum = sw_csum_add(0, in, len);

		memcpy(buf, in, len);
		ok &= sw_edits_apply_sum(buf, len, sizeof(buf), NULL, &e, &sum, &nl, &err) == SW_OK &&
		      nl == rl && memcmp(buf, ref, rl) == 0 &&
		      sum % 0xFFFFu == sw_csum_add(0, ref, rl) % 0xFFFFu;
	}
	if (rl > 0) {
		memcpy(buf, in, len);
		ok &= sw_edits_apply_to(in, len, NULL, &e, out, rl - 1, &ol, &err) == SW_E_NOSPACE;
		if (rl > len || (shrink_only && nacc > 0))
			ok &= sw_edits_apply(buf, len, rl - 1, NULL, &e, &nl, &err) == SW_E_NOSPACE &&
			      err.need == rl && memcmp(buf, in, len) == 0;
	}
	if (!ok)
		tap_diag("round %d failed: len %zu, %d edits", round, len, nacc);
	return ok;
}

static void
test_property(void)
{
	int ok = 1;

	for (int r = 0; r < 20000 && ok; r++)
		ok = property_round(r);
	tap_ok(ok, "20000 random edit sets: adds, in-place and apply_to match the byte-by-byte reference");
	shrink_only = 1;
	for (int r = 0; r < 20000 && ok; r++)
		ok = property_round(r);
	shrink_only = 0;
	tap_ok(ok, "20000 random delete/shorten-only sets (the in-place shortcut): same as the "
		   "reference and apply_to, carried checksum sum = a fresh one, NOSPACE with need and "
		   "the buffer untouched");
}

/* Random body edits on a message with Content-Length: the result parses,
 * its Content-Length equals the new body length (RFC 3261 §20.14) and the
 * body is what the reference builds. Compact and full names alternate. */
static int
body_round(int round)
{
	static char in[512];
	unsigned char buf[1024], ref[1024];
	uint16_t owner[512];
	struct ref_edit acc[8];
	struct sw_edits e;
	struct sw_msg m, m2;
	struct sw_err err;
	size_t blen = rnd(60), hl, len, nl, rl;
	int nacc = 0, ok;

	hl = (size_t)snprintf(in, sizeof(in), "MESSAGE sip:a@b SIP/2.0\r\n%s: %zu\r\nX: %d\r\n\r\n",
			      round & 1 ? "l" : "Content-Length", blen, round);
	for (size_t i = 0; i < blen; i++)
		in[hl + i] = (char)('a' + rnd(26));
	len = hl + blen;
	if (parse(in, len, &m) != SW_OK)
		return 0;
	memset(owner, 0, sizeof(owner));
	sw_edits_init(&e);
	for (int t = rnd(6); t > 0; t--) {
		struct ref_edit x = { (uint32_t)(hl + rnd((uint32_t)blen + 1)), 0, rnd(30),
				      (const unsigned char *)"0123456789012345678901234567890" };

		x.len = rnd((uint32_t)(len - x.off) + 1) % 12;
		if (ref_clash(owner, len, acc, nacc, &x) ||
		    sw_edits_replace(&e, x.off, x.len, x.bytes, x.blen) != SW_OK)
			continue;
		for (uint32_t p = x.off; p < x.off + x.len; p++)
			owner[p] = (uint16_t)(nacc + 1);
		acc[nacc++] = x;
	}
	rl = ref_apply((const unsigned char *)in, len, owner, acc, nacc, ref);
	memcpy(buf, in, len);
	if (sw_edits_apply(buf, len, sizeof(buf), &m, &e, &nl, &err) != SW_OK ||
	    parse((const char *)buf, nl, &m2) != SW_OK)
		return 0;
	ok = m2.content_length == (int64_t)m2.body.len && m2.body.len == rl - hl &&
	     memcmp(buf + m2.body.off, ref + hl, m2.body.len) == 0;
	return ok;
}

static void
test_body_property(void)
{
	int ok = 1, r;

	for (r = 0; r < 5000 && ok; r++)
		ok = body_round(r);
	tap_ok(ok, "5000 random body edit sets: output parses, Content-Length = new body length, body "
	       "matches the reference (stopped at round %d)", r - 1);
}

int
main(void)
{
	for (size_t i = 0; i < sizeof(list_cases) / sizeof(list_cases[0]); i++)
		run_list_case(&list_cases[i]);
	test_capacity();
	test_nospace();
	for (size_t i = 0; i < sizeof(cl_cases) / sizeof(cl_cases[0]); i++)
		run_cl_case(&cl_cases[i]);
	test_cl_conflict();
	test_property();
	test_body_property();
	return tap_done();
}
