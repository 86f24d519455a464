/* pkt: Internet checksums, length fixups after a rewrite, UDP port sets. */
#include <string.h>

#include "sipwire/pkt.h"

static inline uint16_t
rd16(const uint8_t *b)
{
	return (uint16_t)((uint16_t)b[0] << 8 | b[1]);
}

static inline void
wr16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* Two end-around-carry steps fold any 64-bit (32-bit) value: the first
 * leaves at most 2^32 + 2^32 - 2 (2^16 + 2^16 - 2), the second a value
 * that fits. Straight-line code: these run several times per packet. */
static inline uint32_t
fold32(uint64_t acc)
{
	acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
	return (uint32_t)((acc & 0xFFFFFFFFu) + (acc >> 32));
}

static inline uint16_t
fold16(uint32_t sum)
{
	sum = (sum & 0xFFFFu) + (sum >> 16);
	return (uint16_t)((sum & 0xFFFFu) + (sum >> 16));
}

/* The one's-complement sum does not depend on byte order (RFC 1071 §2(B)):
 * add native 32-bit words, fold, and swap once on little-endian hosts to
 * return a sum of big-endian 16-bit words, which callers can chain. */
uint32_t
sw_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *b = data;
	uint64_t acc = 0, a1 = 0, w8[2];
	uint16_t native;
	uint32_t w;

	/* 64-bit words with end-around carry (RFC 1071 §2(C): any word size
	 * folds to the same 16-bit sum), two chains so the adds overlap */
	for (; len >= 16; b += 16, len -= 16) {
		memcpy(w8, b, 16);
		acc += w8[0];
		acc += acc < w8[0];
		a1 += w8[1];
		a1 += a1 < w8[1];
	}
	acc = fold32(acc) + (uint64_t)fold32(a1);
	for (; len >= 4; b += 4, len -= 4) {
		memcpy(&w, b, 4);
		acc += w;
	}
	if (len >= 2) {
		uint16_t h;

		memcpy(&h, b, 2);
		acc += h;
		b += 2;
		len -= 2;
	}
	native = fold16(fold32(acc));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	native = (uint16_t)(native << 8 | native >> 8);
#endif
	sum = fold32((uint64_t)sum + native);
	if (len == 1)
		sum = fold32((uint64_t)sum + ((uint32_t)b[0] << 8));
	return sum;
}

/* Inline twins of the two exported helpers below, for the fixups in this
 * file (one call each per rewritten packet otherwise). */
static inline uint16_t
csum_fold(uint32_t sum)
{
	return (uint16_t)~fold16(sum);
}

static inline uint16_t
csum_update16(uint16_t csum, uint16_t old, uint16_t new_)
{
	uint32_t s = (uint32_t)(uint16_t)~csum + (uint16_t)~old + new_;

	return (uint16_t)~fold16(s);
}

uint16_t
sw_csum_fold(uint32_t sum)
{
	return csum_fold(sum);
}

uint16_t
sw_csum_update16(uint16_t csum, uint16_t old, uint16_t new_)
{
	return csum_update16(csum, old, new_);
}

uint16_t
sw_ipv4_hdr_csum(const void *ip, size_t hlen)
{
	const uint8_t *b = ip;
	uint32_t s = sw_csum_add(0, b, 10); /* the checksum field (bytes 10-11) counts as 0 */

	s = sw_csum_add(s, b + 12, hlen - 12);
	return sw_csum_fold(s);
}

/* Source and destination addresses as 16-bit words (IPv4: 4, IPv6: 16),
 * unrolled by the compiler: cheaper than sw_csum_add's set-up for 8 or 32
 * bytes, and the sum is the same. */
static inline uint32_t
addr_sum(const uint8_t *a, unsigned words)
{
	uint32_t s = 0;

	for (unsigned i = 0; i < words; i++)
		s += rd16(a + 2 * i);
	return s;
}

static inline uint32_t
pseudo_sum(const uint8_t *f, const struct sw_pkt *p)
{
	uint32_t ulen = p->payload_len + 8;

	if (p->flags & SW_PKT_F_IPV4) /* source + destination */
		return addr_sum(f + p->l3_off + 12, 4) + SW_IPPROTO_UDP + ulen;
	/* RFC 8200 §8.1; with a Routing header the destination would be the
	 * final one: sipwire does not rewrite such packets' addresses, and the
	 * sender computed the checksum the same way, so the fixed header's
	 * destination is used as received. */
	return addr_sum(f + p->l3_off + 8, 16) + SW_IPPROTO_UDP + (ulen >> 16) + (ulen & 0xFFFFu);
}

/* Pseudo-header + UDP header as in the frame (ports, length; the checksum
 * field as 0). */
static uint32_t
headers_sum(const uint8_t *f, const struct sw_pkt *p)
{
	const uint8_t *u = f + p->l4_off;

	return pseudo_sum(f, p) + rd16(u) + rd16(u + 2) + rd16(u + 4);
}

uint16_t
sw_pkt_udp_pseudo(const void *frame, const struct sw_pkt *p)
{
	return fold16(pseudo_sum(frame, p));
}

/* The field value for a datagram whose covered words sum to s: computed 0
 * goes out as 0xFFFF, since 0 means "no checksum" (RFC 768). */
static uint16_t
udp_field(uint32_t s)
{
	uint16_t c = csum_fold(s);

	return c == 0 ? 0xFFFFu : c;
}

uint16_t
sw_pkt_udp_csum(const void *frame, const struct sw_pkt *p)
{
	const uint8_t *f = frame;

	return udp_field(sw_csum_add(headers_sum(f, p), f + p->payload_off, p->payload_len));
}

int
sw_pkt_udp_payload_sum(const void *frame, const struct sw_pkt *p, uint32_t *sum)
{
	if ((p->flags & (SW_PKT_F_UDP | SW_PKT_F_FRAG)) != SW_PKT_F_UDP || p->udp_csum == 0)
		return 0;
	/* field = ~(headers + payload), so payload = ~field - headers */
	*sum = fold16((uint32_t)(uint16_t)~p->udp_csum +
		      (uint16_t)~fold16(headers_sum(frame, p)));
	return 1;
}

static int
fix_fail(struct sw_err *err, int rc, const char *detail)
{
	if (err != NULL) {
		err->off = 0;
		err->need = 0;
		err->detail = detail;
	}
	return rc;
}

static void
fix_l3(uint8_t *f, const struct sw_pkt *p, uint32_t new_end, unsigned flags)
{
	uint8_t *ip = f + p->l3_off;

	if (p->flags & SW_PKT_F_IPV4) {
		uint16_t old_total = rd16(ip + 2), total = (uint16_t)(new_end - p->l3_off);

		wr16(ip + 2, total);
		/* incremental (RFC 1624): a header that arrived with a bad
		 * checksum keeps it, so the next hop still drops it */
		if (flags & SW_FIX_NO_IP_CSUM)
			wr16(ip + 10, 0);
		else
			wr16(ip + 10, csum_update16(rd16(ip + 10), old_total, total));
	} else {
		wr16(ip + 4, (uint16_t)(new_end - p->l3_off - 40));
	}
}

/* RFC 1624 eqn. 3 for the UDP checksum field `old` after the payload's sum
 * went from sums[0] to sums[1] and the UDP length (counted twice: pseudo
 * and UDP header; IPv6's 32-bit length has a zero upper word below 65536)
 * from ulen0 to ulen1. A computed 0 goes out as 0xFFFF (RFC 768). */
static uint16_t
udp_field_update(uint16_t old, const uint32_t sums[2], uint32_t ulen0, uint32_t ulen1)
{
	uint32_t s = (uint16_t)~old;

	s += 0xFFFFu - fold16(sums[0]) + fold16(sums[1]);
	s += 2 * (0xFFFFu - ulen0) + 2 * ulen1;
	return udp_field(s);
}

/* sw_pkt_fixup and sw_pkt_fixup_sum: sums NULL means "sum the new
 * payload". */
static int
fixup(uint8_t *f, size_t cap, struct sw_pkt *p, uint32_t new_payload_len, unsigned flags,
      const uint32_t *sums, size_t *frame_len, struct sw_err *err)
{
	uint64_t new_end = (uint64_t)p->payload_off + new_payload_len;
	uint64_t ip_len = new_end - p->l3_off - ((p->flags & SW_PKT_F_IPV6) ? 40 : 0);
	uint32_t ulen0 = p->payload_len + 8;
	uint16_t c, old = rd16(f + p->l4_off + 6);

	if ((p->flags & (SW_PKT_F_UDP | SW_PKT_F_FRAG)) != SW_PKT_F_UDP)
		return fix_fail(err, SW_E_INVAL, "not a complete UDP datagram");
	if (new_payload_len + 8ull > 0xFFFFu || ip_len > 0xFFFFu)
		return fix_fail(err, SW_E_TOOLONG, "IP or UDP length would pass 65535");
	if (new_end > cap)
		return fix_fail(err, SW_E_NOSPACE, "payload past the buffer");
	fix_l3(f, p, (uint32_t)new_end, flags);
	wr16(f + p->l4_off + 4, (uint16_t)(new_payload_len + 8));
	p->payload_len = new_payload_len;
	p->ip_end = (uint32_t)new_end;
	p->flags &= ~(uint32_t)SW_PKT_F_TRAILER;
	if ((flags & SW_FIX_KEEP_ZERO_CSUM) && (p->flags & SW_PKT_F_IPV4) && p->udp_csum == 0)
		c = 0;
	else if (flags & SW_FIX_L4_PSEUDO)
		c = sw_pkt_udp_pseudo(f, p);
	else if (sums != NULL && old != 0)
		c = udp_field_update(old, sums, ulen0, new_payload_len + 8);
	else
		c = sw_pkt_udp_csum(f, p);
	wr16(f + p->l4_off + 6, c);
	p->udp_csum = c;
	*frame_len = (size_t)new_end;
	return SW_OK;
}

int
sw_pkt_fixup(void *frame, size_t cap, struct sw_pkt *p, uint32_t new_payload_len, unsigned flags,
	     size_t *frame_len, struct sw_err *err)
{
	return fixup(frame, cap, p, new_payload_len, flags, NULL, frame_len, err);
}

int
sw_pkt_fixup_sum(void *frame, size_t cap, struct sw_pkt *p, uint32_t new_payload_len,
		 uint32_t old_sum, uint32_t new_sum, unsigned flags, size_t *frame_len,
		 struct sw_err *err)
{
	const uint32_t sums[2] = { old_sum, new_sum };

	return fixup(frame, cap, p, new_payload_len, flags, sums, frame_len, err);
}

void
sw_portset_clear(struct sw_portset *s)
{
	memset(s, 0, sizeof(*s));
}

/* One decimal port at *pp; advances *pp. */
static int
port_num(const char **pp, uint32_t *out)
{
	const char *q = *pp;
	uint32_t v = 0;

	if (*q < '0' || *q > '9')
		return SW_E_MALFORMED;
	for (; *q >= '0' && *q <= '9'; q++) {
		v = v * 10 + (uint32_t)(*q - '0');
		if (v > 65535)
			return SW_E_RANGE;
	}
	if (v == 0)
		return SW_E_RANGE;
	*pp = q;
	*out = v;
	return SW_OK;
}

int
sw_portset_parse(struct sw_portset *s, const char *list, struct sw_err *err)
{
	const char *q;
	uint32_t lo, hi;
	int rc, pass;

	/* pass 0 validates, pass 1 adds: the set is untouched on error */
	for (pass = 0; pass < 2; pass++) {
		for (q = list;;) {
			const char *item = q;

			if ((rc = port_num(&q, &lo)) != SW_OK)
				goto out_bad;
			hi = lo;
			if (*q == '-') {
				q++;
				if ((rc = port_num(&q, &hi)) != SW_OK)
					goto out_bad;
				if (hi < lo) {
					q = item;
					rc = SW_E_RANGE;
					goto out_bad;
				}
			}
			for (; pass == 1 && lo <= hi; lo++)
				sw_portset_add(s, (uint16_t)lo);
			if (*q == '\0')
				break;
			if (*q++ != ',') {
				q--;
				rc = SW_E_MALFORMED;
				goto out_bad;
			}
		}
	}
	return SW_OK;
out_bad:
	if (err != NULL) {
		err->off = (unsigned)(q - list);
		err->need = 0;
		err->detail = "port list: N or N-M, comma-separated, 1..65535";
	}
	return rc;
}
