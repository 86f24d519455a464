/* fuzz_pkt: sw_pkt_parse on arbitrary frames, then the fixup round trip.
 *
 * Invariants checked (abort on violation):
 * - a successful view stays inside the frame: l3_off <= l4_off <= ip_end <=
 *   len, and a UDP payload ends inside the IP datagram;
 * - for a complete UDP datagram, sw_pkt_fixup to the same payload length
 *   (and to a grown one) gives a frame that parses again with the same
 *   ports and payload, a UDP checksum that verifies, and a valid IPv4 header
 *   checksum when the incoming one was valid;
 * - the payload bytes are never touched;
 * - sw_pkt_udp_payload_sum gives the payload's true sum exactly when the
 *   received checksum is right (and a different one when it is wrong), and
 *   sw_pkt_fixup_sum from the old and new payload sums writes the frame
 *   sw_pkt_fixup writes when the received checksum was right.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/edit.h"
#include "sipwire/pkt.h"

static uint8_t buf[65536 + 256];

static void
check_view(const struct sw_pkt *p, size_t len)
{
	if (p->ip_end == 0)
		return;
	if (p->l3_off > p->l4_off || p->l4_off > p->ip_end || p->ip_end > len)
		abort();
	if ((p->flags & SW_PKT_F_UDP) && !(p->flags & SW_PKT_F_FRAG) &&
	    (p->payload_off != p->l4_off + 8 || p->payload_off + p->payload_len > p->ip_end))
		abort();
}

static uint32_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xFFFFu) + (s >> 16);
	return s % 0xFFFFu; /* 0 and 0xFFFF are the same sum */
}

static uint8_t buf2[65536 + 256];

/* The incremental checksum inputs (what sipwire-dp runs) against the full
 * recompute: p describes data, the payload grows by `grow` 'x' bytes. */
static void
sum_path(const uint8_t *data, size_t len, const struct sw_pkt *p0, uint32_t grow)
{
	struct sw_pkt p = *p0, q = *p0;
	static const char xs[97] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				   "xxxxxxxxxxxxxxxxxxxxxxxx";
	uint32_t sum, sum0, nl = p0->payload_len + grow;
	size_t fa, fb, nb;
	struct sw_edits e;
	int right = p0->udp_csum != 0 && sw_pkt_udp_csum(data, p0) == p0->udp_csum;

	if (!sw_pkt_udp_payload_sum(data, p0, &sum)) {
		if (p0->udp_csum != 0)
			abort();
		return;
	}
	if ((fold(sum) == fold(sw_csum_add(0, data + p0->payload_off, p0->payload_len))) != right)
		abort();
	sum0 = sum;
	memcpy(buf, data, len);
	memset(buf + p.payload_off + p.payload_len, 'x', grow);
	if (sw_pkt_fixup(buf, sizeof(buf), &p, nl, 0, &fa, NULL) != SW_OK)
		return;
	/* the same growth as an edit, the sum carried through it */
	memcpy(buf2, data, len);
	sw_edits_init(&e);
	if (grow > 0 && sw_edits_insert(&e, q.payload_len, xs, grow) != SW_OK)
		abort();
	if (sw_edits_apply_sum(buf2 + q.payload_off, q.payload_len, sizeof(buf2) - q.payload_off, NULL,
			       &e, &sum, &nb, NULL) != SW_OK || nb != nl ||
	    sw_pkt_fixup_sum(buf2, sizeof(buf2), &q, nl, sum0, sum, 0, &fb, NULL) != SW_OK || fa != fb)
		abort();
	/* right: the frame the full recompute writes; wrong: still wrong */
	if (right ? memcmp(buf, buf2, fa) != 0 || p.udp_csum != q.udp_csum
		  : sw_pkt_udp_csum(buf2, &q) == q.udp_csum)
		abort();
}

static void
round_trip(const uint8_t *data, size_t len, struct sw_pkt *p, uint32_t grow)
{
	struct sw_pkt q;
	size_t flen;
	int v4_ok = (p->flags & SW_PKT_F_IPV4) && sw_ipv4_hdr_csum(data + p->l3_off, p->l3_hlen) ==
		    (uint16_t)(data[p->l3_off + 10] << 8 | data[p->l3_off + 11]);
	uint32_t nl = p->payload_len + grow;

	memcpy(buf, data, len);
	memset(buf + p->payload_off + p->payload_len, 'x', grow);
	if (sw_pkt_fixup(buf, sizeof(buf), p, nl, 0, &flen, NULL) != SW_OK)
		return; /* past 65535: allowed to refuse */
	if (sw_pkt_parse(buf, flen, &q, NULL) != SW_OK || !(q.flags & SW_PKT_F_UDP))
		abort();
	if (q.payload_len != nl || q.sport != p->sport || q.dport != p->dport ||
	    q.payload_off != p->payload_off)
		abort();
	if (memcmp(buf + q.payload_off, data + q.payload_off, nl - grow) != 0)
		abort();
	if (sw_pkt_udp_csum(buf, &q) != q.udp_csum)
		abort();
	if (v4_ok && sw_ipv4_hdr_csum(buf + q.l3_off, q.l3_hlen) != (uint16_t)(buf[q.l3_off + 10] << 8 |
									   buf[q.l3_off + 11]))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sw_pkt p, p2;

	if (len > 65536)
		return 0;
	if (sw_pkt_parse(data, len, &p, NULL) != SW_OK)
		return 0;
	check_view(&p, len);
	if ((p.flags & (SW_PKT_F_UDP | SW_PKT_F_FRAG)) != SW_PKT_F_UDP)
		return 0;
	p2 = p;
	sum_path(data, len, &p, (uint32_t)(len % 97));
	round_trip(data, len, &p, 0);
	round_trip(data, len, &p2, (uint32_t)(len % 97));
	return 0;
}
