/* pkt: Ethernet/VLAN/IPv4/IPv6/UDP view, checksums and fixups.
 *
 * Frames are built here byte by byte with checksums from a naive reference
 * (one 16-bit word at a time, RFC 1071 §1), so the optimised code in
 * codec/src/pkt_csum.c is checked against an independent implementation.
 */
#include <stdint.h>
#include <string.h>

#include "sipwire/pkt.h"
#include "tap.h"

/* ---- naive reference ---- */

static uint16_t
ref_csum(const uint8_t *b, size_t len)
{
	uint64_t s = 0;

	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)b[i] << 8 | (i + 1 < len ? b[i + 1] : 0);
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

static void
put16(uint8_t *b, unsigned v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static unsigned
get16(const uint8_t *b)
{
	return (unsigned)b[0] << 8 | b[1];
}

/* UDP checksum from a concatenated pseudo-header + segment buffer. */
static uint16_t
ref_udp_csum(const uint8_t *f, unsigned l3, unsigned l4, unsigned ulen, int v6)
{
	static uint8_t tmp[70000];
	size_t n = 0;
	uint16_t c;

	if (v6) {
		memcpy(tmp, f + l3 + 8, 32);
		memset(tmp + 32, 0, 8);
		put16(tmp + 34, ulen);
		tmp[39] = 17;
		n = 40;
	} else {
		memcpy(tmp, f + l3 + 12, 8);
		tmp[8] = 0;
		tmp[9] = 17;
		put16(tmp + 10, ulen);
		n = 12;
	}
	memcpy(tmp + n, f + l4, ulen);
	tmp[n + 6] = tmp[n + 7] = 0;
	c = ref_csum(tmp, n + ulen);
	return c == 0 ? 0xFFFF : c;
}

/* ---- frame builder ---- */

struct fspec {
	uint8_t nvlan;
	uint16_t tpid[2];
	uint8_t ipver;      /* 0: ARP-like non-IP frame */
	uint8_t v4opt;      /* bytes of IPv4 options (multiple of 4) */
	uint8_t next[4];    /* IPv6 extension headers in order, 0xFF ends */
	uint16_t frag;      /* IPv4: flags+offset field; IPv6: fragment header offset|M */
	uint8_t proto;      /* 17 UDP, 6 TCP */
	uint16_t sport, dport;
	const char *payload;
	uint16_t trailer;   /* Ethernet padding bytes after the datagram */
	uint8_t zero_csum;  /* IPv4 UDP sent without checksum */
};

static int
has_v6frag(const struct fspec *s)
{
	for (int i = 0; i < 4 && s->next[i] != 0xFF; i++)
		if (s->next[i] == 44)
			return 1;
	return 0;
}

static size_t
build_ip6_ext(uint8_t *b, const struct fspec *s, uint8_t *first_nh)
{
	size_t off = 0;
	uint8_t *prev = first_nh;

	for (int i = 0; i < 4 && s->next[i] != 0xFF; i++) {
		uint8_t t = s->next[i];

		*prev = t;
		prev = b + off;
		memset(b + off, 0, 16);
		if (t == 44) {
			put16(b + off + 2, s->frag);
			b[off + 7] = 0x42;
			off += 8;
		} else if (t == 51) {
			b[off + 1] = 2; /* (2 + 2) * 4 = 16 bytes */
			off += 16;
		} else {
			b[off + 1] = 1; /* (1 + 1) * 8 = 16 bytes */
			b[off + 2] = 1; /* PadN */
			b[off + 3] = 12;
			off += 16;
		}
	}
	*prev = s->proto;
	return off;
}

static size_t
build(uint8_t *f, const struct fspec *s)
{
	size_t plen = s->payload ? strlen(s->payload) : 0, off = 12, l3, l4, ext = 0;
	int frag = s->ipver == 4 ? (s->frag & 0x3FFF) != 0 : has_v6frag(s);

	memset(f, 0, 2048);
	for (int i = 0; i < 6; i++)
		f[i] = (uint8_t)(0x02 + i), f[6 + i] = (uint8_t)(0x12 + i);
	for (int i = 0; i < s->nvlan; i++, off += 4) {
		put16(f + off, s->tpid[i]);
		put16(f + off + 2, 100u + (unsigned)i);
	}
	put16(f + off, s->ipver == 4 ? 0x0800 : s->ipver == 6 ? 0x86DD : 0x0806);
	l3 = off + 2;
	if (s->ipver == 0) {
		memset(f + l3, 0xAB, 28);
		return l3 + 28;
	}
	if (s->ipver == 4) {
		f[l3] = (uint8_t)(0x40 | (5 + s->v4opt / 4));
		put16(f + l3 + 4, 0x1234);
		put16(f + l3 + 6, s->frag);
		f[l3 + 8] = 64;
		f[l3 + 9] = s->proto;
		memcpy(f + l3 + 12, "\xc0\x00\x02\x01\xc6\x33\x64\x07", 8);
		memset(f + l3 + 20, 1, s->v4opt); /* NOP options */
		l4 = l3 + 20 + s->v4opt;
	} else {
		f[l3] = 0x60;
		f[l3 + 7] = 64;
		for (int i = 0; i < 16; i++)
			f[l3 + 8 + i] = (uint8_t)(0x20 + i), f[l3 + 24 + i] = (uint8_t)(0x90 - i);
		ext = build_ip6_ext(f + l3 + 40, s, f + l3 + 6);
		l4 = l3 + 40 + ext;
	}
	size_t l4len = (s->proto == 17 ? 8 : 20) + plen;
	memcpy(f + l4 + (s->proto == 17 ? 8 : 20), s->payload ? s->payload : "", plen);
	if (s->proto == 17) {
		put16(f + l4, s->sport);
		put16(f + l4 + 2, s->dport);
		put16(f + l4 + 4, (unsigned)l4len);
	}
	if (s->ipver == 4) {
		put16(f + l3 + 2, (unsigned)(l4 + l4len - l3));
		put16(f + l3 + 10, ref_csum(f + l3, 20 + s->v4opt));
	} else {
		put16(f + l3 + 4, (unsigned)(l4 + l4len - l3 - 40));
	}
	if (s->proto == 17 && !frag && !s->zero_csum)
		put16(f + l4 + 6, ref_udp_csum(f, (unsigned)l3, (unsigned)l4, (unsigned)l4len, s->ipver == 6));
	memset(f + l4 + l4len, 0, s->trailer);
	return l4 + l4len + s->trailer;
}

#define NOEXT { 0xFF, 0xFF, 0xFF, 0xFF }
#define SIP "REGISTER sip:a SIP/2.0\r\n\r\n"

struct view_case {
	const char *why;
	struct fspec s;
	int rc;
	uint32_t flags;
	unsigned l3_off, payload_off, frag_off;
	uint8_t nvlan, sip; /* sip: sw_pkt_is_udp_to with {5060} */
};

static const struct view_case view_cases[] = {
	{ "plain IPv4/UDP to 5060", { 0, {0}, 4, 0, NOEXT, 0, 17, 40000, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP, 14, 42, 0, 0, 1 },
	{ "IPv4/UDP from 5060 (responses)", { 0, {0}, 4, 0, NOEXT, 0, 17, 5060, 40000, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP, 14, 42, 0, 0, 1 },
	{ "IPv4/UDP other ports", { 0, {0}, 4, 0, NOEXT, 0, 17, 53, 40000, "x", 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP, 14, 42, 0, 0, 0 },
	{ "802.1Q single tag", { 1, {0x8100}, 4, 0, NOEXT, 0, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP, 18, 46, 0, 1, 1 },
	{ "802.1ad QinQ", { 2, {0x88A8, 0x8100}, 4, 0, NOEXT, 0, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP, 22, 50, 0, 2, 1 },
	{ "pre-standard 0x9100 S-tag", { 2, {0x9100, 0x8100}, 4, 0, NOEXT, 0, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP, 22, 50, 0, 2, 1 },
	{ "RFC 791 IPv4 options", { 0, {0}, 4, 12, NOEXT, 0, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP | SW_PKT_F_IPV4_OPTS, 14, 54, 0, 0, 1 },
	{ "IPv4 DF alone is not a fragment", { 0, {0}, 4, 0, NOEXT, 0x4000, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP, 14, 42, 0, 0, 1 },
	{ "RFC 791 first fragment (MF)", { 0, {0}, 4, 0, NOEXT, 0x2000, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP | SW_PKT_F_FRAG | SW_PKT_F_FRAG_FIRST, 14, 42, 0, 0, 0 },
	{ "RFC 791 last fragment (offset 185*8)", { 0, {0}, 4, 0, NOEXT, 185, 17, 0, 0, "tail", 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_FRAG, 14, 0, 1480, 0, 0 },
	{ "IPv4/TCP", { 0, {0}, 4, 0, NOEXT, 0, 6, 0, 0, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV4, 14, 0, 0, 0, 0 },
	{ "Ethernet padding after a short datagram", { 0, {0}, 4, 0, NOEXT, 0, 17, 5060, 5060, "x", 10, 0 }, SW_OK,
	  SW_PKT_F_IPV4 | SW_PKT_F_UDP | SW_PKT_F_TRAILER, 14, 42, 0, 0, 1 },
	{ "non-IP ethertype", { 0, {0}, 0, 0, NOEXT, 0, 0, 0, 0, NULL, 0, 0 }, SW_OK, 0, 14, 0, 0, 0, 0 },
	{ "IPv6/UDP", { 0, {0}, 6, 0, NOEXT, 0, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV6 | SW_PKT_F_UDP, 14, 62, 0, 0, 1 },
	{ "IPv6 hop-by-hop + destination options (RFC 8200 §4.3, §4.6)",
	  { 0, {0}, 6, 0, { 0, 60, 0xFF, 0xFF }, 0, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV6 | SW_PKT_F_UDP | SW_PKT_F_IPV6_EXT, 14, 94, 0, 0, 1 },
	{ "IPv6 routing + AH (RFC 4302 §2.2 length)",
	  { 1, {0x8100}, 6, 0, { 43, 51, 0xFF, 0xFF }, 0, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV6 | SW_PKT_F_UDP | SW_PKT_F_IPV6_EXT, 18, 98, 0, 1, 1 },
	{ "RFC 8200 §4.5 first IPv6 fragment",
	  { 0, {0}, 6, 0, { 44, 0xFF, 0xFF, 0xFF }, 1, 17, 5060, 5060, SIP, 0, 0 }, SW_OK,
	  SW_PKT_F_IPV6 | SW_PKT_F_UDP | SW_PKT_F_IPV6_EXT | SW_PKT_F_FRAG | SW_PKT_F_FRAG_FIRST,
	  14, 70, 0, 0, 0 },
	{ "RFC 8200 §4.5 later IPv6 fragment",
	  { 0, {0}, 6, 0, { 44, 0xFF, 0xFF, 0xFF }, 1232, 17, 0, 0, "tail", 0, 0 }, SW_OK,
	  SW_PKT_F_IPV6 | SW_PKT_F_IPV6_EXT | SW_PKT_F_FRAG, 14, 0, 1232, 0, 0 },
};

static void
test_views(void)
{
	static uint8_t f[2048];
	struct sw_portset ps;

	sw_portset_clear(&ps);
	sw_portset_add(&ps, 5060);
	for (size_t i = 0; i < sizeof(view_cases) / sizeof(view_cases[0]); i++) {
		const struct view_case *c = &view_cases[i];
		size_t len = build(f, &c->s);
		struct sw_pkt p;
		struct sw_err e = { 0 };
		int rc = sw_pkt_parse(f, len, &p, &e);
		int ok = rc == c->rc && p.flags == c->flags && p.l3_off == c->l3_off &&
			 p.nvlan == c->nvlan && sw_pkt_is_udp_to(&p, &ps) == c->sip &&
			 (!(c->flags & SW_PKT_F_UDP) || p.payload_off == c->payload_off) &&
			 p.frag_off == c->frag_off;

		/* RFC 8200 §4.5: the fragment header follows the extension
		 * headers before it (none in these cases) */
		if (ok && (c->flags & SW_PKT_F_IPV6) && (c->flags & SW_PKT_F_FRAG))
			ok = p.frag_hdr_off == c->l3_off + 40;
		else if (ok)
			ok = p.frag_hdr_off == 0;
		if (ok && (c->flags & SW_PKT_F_UDP) && !(c->flags & SW_PKT_F_FRAG))
			ok = p.payload_len == strlen(c->s.payload) && p.sport == c->s.sport &&
			     p.dport == c->s.dport &&
			     memcmp(f + p.payload_off, c->s.payload, p.payload_len) == 0;
		tap_ok(ok, "view: %s (rc %s flags %#x l3 %u payload %u frag %u)", c->why,
		       sw_status_name(rc), p.flags, p.l3_off, p.payload_off, p.frag_off);
	}
}

/* Every prefix of a valid frame shorter than its IP datagram must be
 * SW_E_INCOMPLETE: never OK with a view past the bytes, never a crash. */
static void
test_truncation(void)
{
	static uint8_t f[2048];

	for (size_t i = 0; i < sizeof(view_cases) / sizeof(view_cases[0]); i++) {
		const struct view_case *c = &view_cases[i];
		size_t len = build(f, &c->s), bad = 0, first_bad = 0;
		size_t need = len - c->s.trailer;

		if (c->s.ipver == 0)
			need = 14;
		for (size_t n = 0; n < need; n++) {
			/* an exact-size heap copy, so ASan sees any over-read */
			uint8_t *g = malloc(n ? n : 1);
			struct sw_pkt p;

			memcpy(g, f, n);
			if (sw_pkt_parse(g, n, &p, NULL) != SW_E_INCOMPLETE && bad++ == 0)
				first_bad = n;
			free(g);
		}
		tap_ok(bad == 0, "truncated at every length < %zu: %s (%zu wrong, first at %zu)", need,
		       c->why, bad, first_bad);
	}
}

static void
patch_and_parse(const struct fspec *s, const char *why, unsigned off, unsigned val, unsigned off2,
		unsigned val2, int want)
{
	static uint8_t f[2048];
	size_t len = build(f, s);
	struct sw_pkt p;
	struct sw_err e = { 0 };
	int rc;

	f[off] = (uint8_t)val;
	if (off2 != 0)
		f[off2] = (uint8_t)val2;
	rc = sw_pkt_parse(f, len, &p, &e);
	tap_ok(rc == want, "inconsistent: %s -> %s (got %s: %s)", why, sw_status_name(want),
	       sw_status_name(rc), e.detail ? e.detail : "");
}

static void
test_inconsistent(void)
{
	const struct fspec v4 = { 0, {0}, 4, 0, NOEXT, 0, 17, 5060, 5060, SIP, 0, 0 };
	const struct fspec v6 = { 0, {0}, 6, 0, NOEXT, 0, 17, 5060, 5060, SIP, 0, 0 };
	const struct fspec v6x = { 0, {0}, 6, 0, { 0, 60, 0xFF, 0xFF }, 0, 17, 5060, 5060, SIP, 0, 0 };
	static uint8_t f[2048];
	struct sw_pkt p;
	size_t len;

	patch_and_parse(&v4, "RFC 791 IHL 4", 14, 0x44, 0, 0, SW_E_MALFORMED);
	patch_and_parse(&v4, "version 6 under ethertype 0x0800", 14, 0x65, 0, 0, SW_E_MALFORMED);
	patch_and_parse(&v4, "total length below IHL", 16, 0, 17, 10, SW_E_MALFORMED);
	patch_and_parse(&v4, "RFC 768 UDP length 7", 38, 0, 39, 7, SW_E_MALFORMED);
	patch_and_parse(&v4, "UDP length past the datagram", 38, 0x01, 39, 0xFF, SW_E_MALFORMED);
	patch_and_parse(&v4, "total length past the frame", 16, 0x05, 0, 0, SW_E_INCOMPLETE);
	patch_and_parse(&v6, "RFC 2675 jumbogram (payload length 0)", 18, 0, 19, 0, SW_E_UNSUPPORTED);
	patch_and_parse(&v6, "version 4 under ethertype 0x86DD", 14, 0x40, 0, 0, SW_E_MALFORMED);
	patch_and_parse(&v6x, "hop-by-hop length past the packet", 55, 0xF0, 0, 0, SW_E_MALFORMED);

	/* three tags */
	struct fspec q3 = { 2, {0x88A8, 0x8100}, 4, 0, NOEXT, 0, 17, 5060, 5060, SIP, 0, 0 };
	patch_and_parse(&q3, "three VLAN tags (IEEE 802.1ad allows two here)", 20, 0x81, 21, 0x00,
			SW_E_TOOMANY);

	/* a chain of nine destination-options headers */
	len = build(f, &v6);
	memmove(f + 54 + 9 * 8, f + 54, len - 54);
	f[20] = 60;
	for (int i = 0; i < 9; i++) {
		memset(f + 54 + i * 8, 0, 8);
		f[54 + i * 8] = i == 8 ? 17 : 60;
		f[54 + i * 8 + 2] = 1; /* PadN of 4 */
		f[54 + i * 8 + 3] = 4;
	}
	put16(f + 18, get16(f + 18) + 72);
	tap_ok(sw_pkt_parse(f, len + 72, &p, NULL) == SW_E_TOOMANY,
	       "IPv6 chain of 9 extension headers > SW_PKT_MAX_EXT: toomany");
	f[54 + 8 * 8 - 8] = 17; /* cut the chain to 8 */
	put16(f + 18, get16(f + 18) - 8);
	memmove(f + 54 + 64, f + 54 + 72, len - 54);
	tap_ok(sw_pkt_parse(f, len + 64, &p, NULL) == SW_OK && p.payload_off == 54 + 64 + 8,
	       "IPv6 chain of 8 extension headers: ok, payload after them");
}

/* sw_csum_add over random buffers, split at random even points and with
 * random alignment, against the naive reference. */
static void
test_csum_random(void)
{
	static uint8_t buf[4096 + 8];
	uint32_t seed = 12345, wrong = 0;

	for (int iter = 0; iter < 2000; iter++) {
		size_t align = (seed = seed * 1103515245u + 12345u) >> 29;
		size_t len = ((seed = seed * 1103515245u + 12345u) >> 8) % 4096;
		size_t cut = (((seed = seed * 1103515245u + 12345u) >> 8) % (len + 1)) & ~(size_t)1;
		uint8_t *b = buf + align;

		for (size_t i = 0; i < len; i++)
			b[i] = (uint8_t)((seed = seed * 1103515245u + 12345u) >> 24);
		if (iter == 0)
			memset(b, 0xFF, len); /* all-ones: the carry path */
		uint32_t s = sw_csum_add(sw_csum_add(0, b, cut), b + cut, len - cut);
		if (sw_csum_fold(s) != ref_csum(b, len))
			wrong++;
	}
	tap_ok(wrong == 0, "RFC 1071 sum, chained and unaligned, = naive reference (%u of 2000 wrong)",
	       wrong);
}

static void
test_csum_update(void)
{
	static uint8_t b[64];
	uint32_t seed = 99, wrong = 0;

	for (int iter = 0; iter < 5000; iter++) {
		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = (uint8_t)((seed = seed * 1103515245u + 12345u) >> 24);
		unsigned w = ((seed = seed * 1103515245u + 12345u) >> 8) % 32;
		uint16_t c = ref_csum(b, sizeof(b));
		uint16_t old = (uint16_t)get16(b + 2 * w), nw = (uint16_t)(seed >> 3);

		if (iter % 7 == 0)
			nw = (uint16_t)~old; /* RFC 1624 §3: the -0/+0 corner */
		put16(b + 2 * w, nw);
		uint16_t inc = sw_csum_update16(c, old, nw), full = ref_csum(b, sizeof(b));
		/* one's complement has two zeros: 0x0000 and 0xFFFF verify equally */
		if (inc != full && !((inc == 0 || inc == 0xFFFF) && (full == 0 || full == 0xFFFF)))
			wrong++;
	}
	tap_ok(wrong == 0, "RFC 1624 eqn. 3 incremental update = full recompute (%u of 5000 wrong)",
	       wrong);
}

/* The view's checksum functions agree with what the builder stored. */
static void
test_csum_frames(void)
{
	static uint8_t f[2048];

	for (size_t i = 0; i < sizeof(view_cases) / sizeof(view_cases[0]); i++) {
		const struct view_case *c = &view_cases[i];
		size_t len = build(f, &c->s);
		struct sw_pkt p;

		if (sw_pkt_parse(f, len, &p, NULL) != SW_OK || !(p.flags & SW_PKT_F_UDP) ||
		    (p.flags & SW_PKT_F_FRAG))
			continue;
		int ok = sw_pkt_udp_csum(f, &p) == get16(f + p.l4_off + 6);
		if (p.flags & SW_PKT_F_IPV4)
			ok = ok && sw_ipv4_hdr_csum(f + p.l3_off, p.l3_hlen) == get16(f + p.l3_off + 10);
		tap_ok(ok, "checksums of %s = reference", c->why);
	}
}

struct fix_case {
	const char *why;
	struct fspec s;
	const char *new_payload;
};

static const struct fix_case fix_cases[] = {
	{ "IPv4 grow (Path inserted)", { 0, {0}, 4, 0, NOEXT, 0, 17, 5060, 5060, SIP, 0, 0 },
	  "REGISTER sip:a SIP/2.0\r\nPath: <sip:sbc.example.net;lr>\r\n\r\n" },
	{ "IPv4 shrink (Refer-Sub stripped)", { 0, {0}, 4, 0, NOEXT, 0, 17, 5060, 5060,
	  "REFER sip:b SIP/2.0\r\nRefer-Sub: false\r\n\r\n", 0, 0 }, "REFER sip:b SIP/2.0\r\n\r\n" },
	{ "IPv4 options + QinQ, odd payload length", { 2, {0x88A8, 0x8100}, 4, 8, NOEXT, 0, 17, 5060,
	  5060, SIP, 0, 0 }, "OPTIONS sip:x SIP/2.0\r\n\r\nodd" },
	{ "Ethernet padding dropped by the fixup", { 0, {0}, 4, 0, NOEXT, 0, 17, 5060, 5060, "x", 20, 0 },
	  "SIP/2.0 200 OK\r\n\r\n" },
	{ "IPv6 with extension headers", { 1, {0x8100}, 6, 0, { 0, 60, 0xFF, 0xFF }, 0, 17, 5060, 5060,
	  SIP, 0, 0 }, "REGISTER sip:a SIP/2.0\r\nPath: <sip:[2001:db8::1];lr>\r\n\r\n" },
	{ "IPv6 same length", { 0, {0}, 6, 0, NOEXT, 0, 17, 5060, 5060, "abcd", 0, 0 }, "wxyz" },
};

/* After the fixup the frame must be byte-identical to one built directly
 * with the new payload. */
static void
test_fixup(void)
{
	static uint8_t f[2048], want[2048];

	for (size_t i = 0; i < sizeof(fix_cases) / sizeof(fix_cases[0]); i++) {
		const struct fix_case *c = &fix_cases[i];
		struct fspec ns = c->s;
		size_t len = build(f, &c->s), wlen, flen = 0;
		struct sw_pkt p, q;
		uint32_t nl = (uint32_t)strlen(c->new_payload);
		int rc;

		ns.payload = c->new_payload;
		ns.trailer = 0;
		wlen = build(want, &ns);
		build(f, &c->s);
		sw_pkt_parse(f, len, &p, NULL);
		memcpy(f + p.payload_off, c->new_payload, nl);
		rc = sw_pkt_fixup(f, sizeof(f), &p, nl, 0, &flen, NULL);
		tap_ok(rc == SW_OK && flen == wlen && memcmp(f, want, wlen) == 0 &&
		       sw_pkt_parse(f, flen, &q, NULL) == SW_OK && q.payload_len == nl &&
		       p.payload_len == nl && p.udp_csum == get16(want + p.l4_off + 6),
		       "fixup: %s (rc %s, len %zu want %zu)", c->why, sw_status_name(rc), flen, wlen);
	}
}

static void
test_fixup_flags(void)
{
	static uint8_t f[2048];
	struct fspec s = { 0, {0}, 4, 0, NOEXT, 0, 17, 5060, 5060, SIP, 0, 1 };
	struct sw_pkt p;
	size_t len = build(f, &s), flen;

	sw_pkt_parse(f, len, &p, NULL);
	tap_ok(sw_pkt_fixup(f, sizeof(f), &p, p.payload_len, SW_FIX_KEEP_ZERO_CSUM, &flen, NULL) == SW_OK &&
	       get16(f + 40) == 0, "RFC 768: zero UDP checksum kept with SW_FIX_KEEP_ZERO_CSUM");
	tap_ok(sw_pkt_fixup(f, sizeof(f), &p, p.payload_len, 0, &flen, NULL) == SW_OK &&
	       get16(f + 40) == ref_udp_csum(f, 14, 34, p.payload_len + 8, 0),
	       "zero UDP checksum replaced by a real one without the flag");
	tap_ok(sw_pkt_fixup(f, sizeof(f), &p, p.payload_len, SW_FIX_NO_IP_CSUM | SW_FIX_L4_PSEUDO,
			    &flen, NULL) == SW_OK && get16(f + 24) == 0 &&
	       get16(f + 40) == (uint16_t)~ref_csum((const uint8_t *)"\xc0\x00\x02\x01\xc6\x33\x64\x07"
						     "\x00\x11\x00\x22", 12),
	       "offload flags: IP checksum 0, UDP field holds the pseudo-header sum");

	struct sw_err e = { 0 };
	build(f, &s);
	sw_pkt_parse(f, len, &p, NULL);
	uint8_t before[2048];
	memcpy(before, f, sizeof(f));
	tap_ok(sw_pkt_fixup(f, len + 3, &p, p.payload_len + 4, 0, &flen, &e) == SW_E_NOSPACE &&
	       memcmp(before, f, sizeof(f)) == 0, "payload past cap: nospace, frame untouched");
	tap_ok(sw_pkt_fixup(f, 70000, &p, 65530, 0, &flen, &e) == SW_E_TOOLONG &&
	       memcmp(before, f, sizeof(f)) == 0, "UDP length > 65535: toolong, frame untouched");
	s.frag = 0x2000;
	len = build(f, &s);
	sw_pkt_parse(f, len, &p, NULL);
	tap_ok(sw_pkt_fixup(f, sizeof(f), &p, 4, 0, &flen, &e) == SW_E_INVAL,
	       "a fragment cannot be fixed up: inval");
}

struct port_case {
	const char *list;
	int rc;
	unsigned off;
	uint16_t in, out;
};

static const struct port_case port_cases[] = {
	{ "5060", SW_OK, 0, 5060, 5061 },
	{ "5060,5080", SW_OK, 0, 5080, 5070 },
	{ "5060-5070,6000", SW_OK, 0, 5065, 5071 },
	{ "65535", SW_OK, 0, 65535, 1 },
	{ "", SW_E_MALFORMED, 0, 0, 0 },
	{ "5060,", SW_E_MALFORMED, 5, 0, 0 },
	{ "5060;5080", SW_E_MALFORMED, 4, 0, 0 },
	{ "0", SW_E_RANGE, 0, 0, 0 },
	{ "65536", SW_E_RANGE, 0, 0, 0 },
	{ "5070-5060", SW_E_RANGE, 0, 0, 0 },
	{ "sip", SW_E_MALFORMED, 0, 0, 0 },
};

static void
test_portset(void)
{
	static struct sw_portset s;

	for (size_t i = 0; i < sizeof(port_cases) / sizeof(port_cases[0]); i++) {
		const struct port_case *c = &port_cases[i];
		struct sw_err e = { 0 };
		int rc;

		sw_portset_clear(&s);
		rc = sw_portset_parse(&s, c->list, &e);
		int ok = rc == c->rc;
		if (rc == SW_OK)
			ok = ok && sw_portset_has(&s, c->in) && !sw_portset_has(&s, c->out);
		else
			ok = ok && e.off == c->off && !sw_portset_has(&s, 5060);
		tap_ok(ok, "ports \"%s\": %s (got %s at %u)", c->list, sw_status_name(c->rc),
		       sw_status_name(rc), e.off);
	}
}

int
main(void)
{
	test_views();
	test_truncation();
	test_inconsistent();
	test_csum_random();
	test_csum_update();
	test_csum_frames();
	test_fixup();
	test_fixup_flags();
	test_portset();
	return tap_done();
}
