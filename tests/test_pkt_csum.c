/* Incremental UDP checksum (sw_pkt_udp_payload_sum -> sw_edits_apply_sum
 * -> sw_pkt_fixup_sum, what sipwire-dp runs) against the full recompute
 * (sw_edits_apply -> sw_pkt_fixup), over every corpus message in IPv4 and
 * IPv6 frames and many random edit lists each; plus the behaviour for a
 * datagram that arrives with a wrong checksum (it stays wrong), with none
 * (IPv4 zero: no sum to start from) and for a result whose sum is zero.
 *
 * The frames' incoming checksums come from a naive one-word-at-a-time
 * reference (RFC 1071 §1), independent of codec/src/pkt_csum.c.
 */
#include <stdint.h>
#include <string.h>

#include "corpus_iter.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/pkt.h"
#include "tap.h"

#define ROOM 4096 /* bytes a rewrite may add */
#define LISTS 24  /* random edit lists per message and frame layout */

static uint32_t rng = 0x9E3779B9u;

static uint32_t
rnd(uint32_t n)
{
	rng = rng * 1664525u + 1013904223u;
	return n ? (rng >> 8) % n : 0;
}

static uint32_t
ref_sum(const uint8_t *b, size_t len)
{
	uint64_t s = 0;

	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)b[i] << 8 | (i + 1 < len ? b[i + 1] : 0);
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint32_t)s;
}

/* The UDP checksum the frame should carry (0 -> 0xFFFF). */
static uint16_t
ref_udp(const uint8_t *f, const struct sw_pkt *p)
{
	uint8_t ph[40];
	uint32_t ulen = p->payload_len + 8, s;
	size_t n;

	memset(ph, 0, sizeof(ph));
	if (p->flags & SW_PKT_F_IPV4) {
		memcpy(ph, f + p->l3_off + 12, 8);
		ph[9] = 17;
		ph[10] = (uint8_t)(ulen >> 8);
		ph[11] = (uint8_t)ulen;
		n = 12;
	} else {
		memcpy(ph, f + p->l3_off + 8, 32);
		ph[34] = (uint8_t)(ulen >> 8);
		ph[35] = (uint8_t)ulen;
		ph[39] = 17;
		n = 40;
	}
	s = ref_sum(ph, n) + ref_sum(f + p->l4_off, 6) + ref_sum(f + p->payload_off, p->payload_len);
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	s = (uint16_t)~s;
	return s == 0 ? 0xFFFF : (uint16_t)s;
}

/* Ethernet (+ one 802.1Q tag when vlan) + IPv4 or IPv6 + UDP + payload,
 * with a right UDP checksum; returns the frame length. */
static size_t
frame(uint8_t *f, const char *pl, size_t len, int v6, int vlan)
{
	size_t l3 = 14 + (vlan ? 4 : 0), l4 = l3 + (v6 ? 40 : 20), ulen = len + 8;
	struct sw_pkt p;
	uint16_t c;

	memset(f, 0, l4 + 8);
	memcpy(f, "\x02\0\0\0\0\x01\x02\0\0\0\0\x02", 12);
	if (vlan)
		memcpy(f + 12, "\x81\x00\x00\x64", 4);
	f[l3 - 2] = v6 ? 0x86 : 0x08;
	f[l3 - 1] = v6 ? 0xDD : 0x00;
	if (v6) {
		f[l3] = 0x60;
		f[l3 + 4] = (uint8_t)(ulen >> 8);
		f[l3 + 5] = (uint8_t)ulen;
		f[l3 + 6] = 17;
		f[l3 + 7] = 64;
		memcpy(f + l3 + 8, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x0a", 16);
		memcpy(f + l3 + 24, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\x01\x7b", 16);
	} else {
		f[l3] = 0x45;
		f[l3 + 2] = (uint8_t)((ulen + 20) >> 8);
		f[l3 + 3] = (uint8_t)(ulen + 20);
		f[l3 + 8] = 64;
		f[l3 + 9] = 17;
		memcpy(f + l3 + 12, "\xc0\x00\x02\x0a\xc6\x33\x64\x7b", 8);
	}
	memcpy(f + l4, "\xc0\x00\x13\xc4", 4);
	f[l4 + 4] = (uint8_t)(ulen >> 8);
	f[l4 + 5] = (uint8_t)ulen;
	memcpy(f + l4 + 8, pl, len);
	if (sw_pkt_parse(f, l4 + 8 + len, &p, NULL) != SW_OK)
		return 0;
	c = ref_udp(f, &p);
	f[l4 + 6] = (uint8_t)(c >> 8);
	f[l4 + 7] = (uint8_t)c;
	return l4 + 8 + len;
}

/* Random bytes edits insert (never inside the buffer being rewritten). */
static uint8_t pool[512];

/* 1..8 random inserts, deletes and replaces over len bytes (clashing ones
 * are refused by the list and simply not added). */
static void
random_edits(struct sw_edits *e, uint32_t len)
{
	uint32_t n = 1 + rnd(8);

	sw_edits_init(e);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t off = rnd(len + 1), dl = rnd(len - off + 1), bl = rnd(48);
		const uint8_t *bytes = pool + rnd(sizeof(pool) - 48);

		if (rnd(4) == 0)
			dl = rnd(2) ? dl % 4 : 0; /* short and odd/even deletes too */
		if (dl > 64 && rnd(2))
			dl %= 64;
		switch (rnd(3)) {
		case 0:
			(void)sw_edits_insert(e, off, bytes, bl ? bl : 1);
			break;
		case 1:
			if (dl > 0)
				(void)sw_edits_delete(e, off, dl);
			break;
		default:
			if (dl + bl > 0)
				(void)sw_edits_replace(e, off, dl, bytes, bl);
			break;
		}
	}
}

struct tally {
	unsigned lists, same, sum_exact, wrong_stays_wrong, wrong_lists, failed_rc;
};

/* One edit list on one frame: full path into a, incremental path into b. */
static void
one_list(const uint8_t *f0, size_t flen, const struct sw_msg *m, struct tally *t)
{
	static uint8_t a[2048 + ROOM], b[2048 + ROOM];
	struct sw_edits e;
	struct sw_pkt pa, pb;
	size_t nla, nlb, fa, fb;
	uint32_t sum, sum0;
	int ra, rb;

	memcpy(a, f0, flen);
	sw_pkt_parse(a, flen, &pa, NULL);
	random_edits(&e, pa.payload_len);
	memcpy(b, f0, flen);
	pb = pa;
	ra = sw_edits_apply(a + pa.payload_off, pa.payload_len, sizeof(a) - pa.payload_off, m, &e,
			    &nla, NULL);
	if (!sw_pkt_udp_payload_sum(b, &pb, &sum)) {
		t->failed_rc++;
		return;
	}
	sum0 = sum;
	rb = sw_edits_apply_sum(b + pb.payload_off, pb.payload_len, sizeof(b) - pb.payload_off, m,
				&e, &sum, &nlb, NULL);
	if (ra != rb) {
		t->failed_rc++;
		return;
	}
	if (ra != SW_OK)
		return; /* an edit the message framing refuses: same answer both ways */
	t->lists++;
	ra = sw_pkt_fixup(a, sizeof(a), &pa, (uint32_t)nla, 0, &fa, NULL);
	rb = sw_pkt_fixup_sum(b, sizeof(b), &pb, (uint32_t)nlb, sum0, sum, 0, &fb, NULL);
	if (ra == SW_OK && rb == SW_OK && fa == fb && memcmp(a, b, fa) == 0 &&
	    pb.udp_csum == ref_udp(b, &pb))
		t->same++;
	if (sum % 0xFFFF == ref_sum(b + pb.payload_off, pb.payload_len) % 0xFFFF)
		t->sum_exact++;
}

/* The same lists on a frame whose checksum field is off by a non-zero
 * amount: the incremental path must not "repair" it. */
static void
one_wrong(const uint8_t *f0, size_t flen, const struct sw_msg *m, struct tally *t)
{
	static uint8_t b[2048 + ROOM];
	struct sw_edits e;
	struct sw_pkt p;
	uint32_t sum, sum0;
	size_t nl, fl;
	uint16_t c;

	memcpy(b, f0, flen);
	sw_pkt_parse(b, flen, &p, NULL);
	/* an error of 1..0xFFFE in the field, never the value 0 ("no checksum") */
	do
		c = (uint16_t)(p.udp_csum + 1 + rnd(0xFFFE));
	while (c == 0 || (c == 0xFFFF && p.udp_csum == 0xFFFF));
	b[p.l4_off + 6] = (uint8_t)(c >> 8);
	b[p.l4_off + 7] = (uint8_t)c;
	sw_pkt_parse(b, flen, &p, NULL);
	random_edits(&e, p.payload_len);
	if (!sw_pkt_udp_payload_sum(b, &p, &sum))
		return;
	sum0 = sum;
	if (sw_edits_apply_sum(b + p.payload_off, p.payload_len, sizeof(b) - p.payload_off, m, &e,
			       &sum, &nl, NULL) != SW_OK ||
	    sw_pkt_fixup_sum(b, sizeof(b), &p, (uint32_t)nl, sum0, sum, 0, &fl, NULL) != SW_OK)
		return;
	t->wrong_lists++;
	t->wrong_stays_wrong += p.udp_csum != ref_udp(b, &p);
}

static struct tally tally_raw, tally_msg;

static void
each_message(const char *rel, const char *buf, size_t len, void *arg)
{
	static uint8_t f[2048];
	static unsigned char amem[64 * 1024];
	struct sw_arena ar;
	struct sw_msg m;
	int parsed;

	(void)rel;
	(void)arg;
	if (len > 1400)
		return;
	sw_arena_init(&ar, amem, sizeof(amem));
	parsed = sw_msg_parse(buf, len, NULL, &ar, &m, NULL) == SW_OK;
	for (int layout = 0; layout < 4; layout++) {
		size_t fl = frame(f, buf, len, layout & 1, layout >> 1);

		for (int k = 0; fl > 0 && k < LISTS; k++) {
			one_list(f, fl, NULL, &tally_raw);
			if (parsed)
				one_list(f, fl, &m, &tally_msg);
			one_wrong(f, fl, parsed ? &m : NULL, &tally_raw);
		}
	}
}

static void
test_differential(void)
{
	int n = corpus_each(each_message, NULL);
	const struct tally *r = &tally_raw, *s = &tally_msg;

	tap_ok(n > 50 && r->lists > 5000 && s->lists > 1000, "corpus: %d messages, %u + %u lists applied",
	       n, r->lists, s->lists);
	tap_ok(r->failed_rc == 0 && s->failed_rc == 0,
	       "incremental apply gives the status the plain apply gives (%u, %u differ)",
	       r->failed_rc, s->failed_rc);
	tap_ok(r->same == r->lists, "raw edits: frame byte-identical to the full recompute (%u / %u)",
	       r->same, r->lists);
	tap_ok(s->same == s->lists,
	       "edits with Content-Length upkeep: byte-identical to the full recompute (%u / %u)",
	       s->same, s->lists);
	tap_ok(r->sum_exact == r->lists && s->sum_exact == s->lists,
	       "carried sum equals the new payload's sum modulo 0xFFFF (%u + %u)", r->sum_exact,
	       s->sum_exact);
	tap_ok(r->wrong_lists > 1000 && r->wrong_stays_wrong == r->wrong_lists,
	       "a wrong incoming checksum stays wrong after the rewrite (%u / %u)",
	       r->wrong_stays_wrong, r->wrong_lists);
}

/* RFC 768: a computed 0 is sent as 0xFFFF; the carried sum must get there
 * too. The edits replace "abcd" by "zz" + a word chosen (edits do not copy
 * their bytes) so that the rewritten datagram's sum is 0 modulo 0xFFFF. */
static void
test_zero_result(void)
{
	static uint8_t a[256 + ROOM], b[256 + ROOM];
	const char *pl = "OPTIONS sip:x SIP/2.0\r\nX: abcd\r\n\r\n";
	uint8_t w[4] = { 'z', 'z', 0, 0 };
	struct sw_edits e;
	struct sw_pkt pa, pb;
	size_t fl, nl, fa, fb;
	uint32_t sum, s;

	for (int v6 = 0; v6 < 2; v6++) {
		fl = frame(b, pl, strlen(pl), v6, 0);
		sw_pkt_parse(b, fl, &pb, NULL);
		sw_edits_init(&e);
		sw_edits_insert(&e, 3, "ab", 2); /* an even shift before it, an odd one after */
		sw_edits_delete(&e, 8, 2);
		sw_edits_replace(&e, 26, 4, w, 4);
		sw_edits_insert(&e, 31, "!", 1);
		w[2] = w[3] = 0;
		memcpy(a, b, fl);
		pa = pb;
		sw_edits_apply(a + pa.payload_off, pa.payload_len, sizeof(a) - pa.payload_off, NULL, &e,
			       &nl, NULL);
		sw_pkt_fixup(a, sizeof(a), &pa, (uint32_t)nl, 0, &fa, NULL);
		s = 0xFFFFu - (uint16_t)~pa.udp_csum; /* the word at an even offset (28) that zeroes it */
		w[2] = (uint8_t)(s >> 8);
		w[3] = (uint8_t)s;
		memcpy(a, b, fl);
		pa = pb;
		sw_edits_apply(a + pa.payload_off, pa.payload_len, sizeof(a) - pa.payload_off, NULL, &e,
			       &nl, NULL);
		sw_pkt_fixup(a, sizeof(a), &pa, (uint32_t)nl, 0, &fa, NULL);
		sw_pkt_udp_payload_sum(b, &pb, &sum);
		s = sum;
		sw_edits_apply_sum(b + pb.payload_off, pb.payload_len, sizeof(b) - pb.payload_off, NULL,
				   &e, &sum, &nl, NULL);
		sw_pkt_fixup_sum(b, sizeof(b), &pb, (uint32_t)nl, s, sum, 0, &fb, NULL);
		tap_ok(pa.udp_csum == 0xFFFF && pb.udp_csum == 0xFFFF && fa == fb && memcmp(a, b, fa) == 0,
		       "IPv%d: a zero sum goes out as 0xFFFF both ways (full %04x, carried %04x)",
		       v6 ? 6 : 4, pa.udp_csum, pb.udp_csum);
	}
}

static void
test_no_sum(void)
{
	static uint8_t f[256];
	const char *pl = "OPTIONS sip:x SIP/2.0\r\n\r\n";
	size_t fl = frame(f, pl, strlen(pl), 0, 0);
	struct sw_pkt p;
	uint32_t sum = 12345;

	f[fl - strlen(pl) - 2] = f[fl - strlen(pl) - 1] = 0; /* RFC 768: no checksum */
	sw_pkt_parse(f, fl, &p, NULL);
	tap_ok(p.udp_csum == 0 && sw_pkt_udp_payload_sum(f, &p, &sum) == 0 && sum == 12345,
	       "IPv4 without checksum: no payload sum to start from (the worker recomputes)");
	p.flags |= SW_PKT_F_FRAG;
	tap_ok(sw_pkt_udp_payload_sum(f, &p, &sum) == 0, "a fragment: no payload sum");
}

/* All-or-nothing holds for the sum as for the bytes. */
static void
test_nospace_sum(void)
{
	unsigned char buf[64], before[64];
	const char *in = "REGISTER sip:a SIP/2.0\r\n\r\n";
	size_t len = strlen(in), nl = 0;
	struct sw_edits e;
	uint32_t sum = 777;

	memset(buf, '#', sizeof(buf));
	memcpy(buf, in, len);
	memcpy(before, buf, sizeof(buf));
	sw_edits_init(&e);
	sw_edits_insert(&e, 24, "Path: <sip:p.example.net;lr>\r\n", 30);
	sw_edits_delete(&e, 0, 1);
	tap_ok(sw_edits_apply_sum(buf, len, len + 10, NULL, &e, &sum, &nl, NULL) == SW_E_NOSPACE &&
	       sum == 777 && memcmp(buf, before, sizeof(buf)) == 0,
	       "NOSPACE: buffer and sum unchanged");
	sw_edits_init(&e);
	sw_edits_insert(&e, 24, "Path: <sip:p.example.net;lr>\r\n", 30);
	tap_ok(sw_edits_apply_sum(buf, len, len + 10, NULL, &e, &sum, &nl, NULL) == SW_E_NOSPACE &&
	       sum == 777 && memcmp(buf, before, sizeof(buf)) == 0,
	       "NOSPACE on the one-edit path: buffer and sum unchanged");
}

int
main(void)
{
	for (size_t i = 0; i < sizeof(pool); i++)
		pool[i] = (uint8_t)rnd(256);
	test_differential();
	test_zero_result();
	test_no_sum();
	test_nospace_sum();
	return tap_done();
}
