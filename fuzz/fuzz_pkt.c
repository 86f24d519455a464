/* fuzz_pkt: sw_pkt_parse on arbitrary frames, then the fixup round trip.
 *
 * Invariants checked (abort on violation):
 * - a successful view stays inside the frame: l3_off <= l4_off <= ip_end <=
 *   len, and a UDP payload ends inside the IP datagram;
 * - for a complete UDP datagram, sw_pkt_fixup to the same payload length
 *   (and to a grown one) gives a frame that parses again with the same
 *   ports and payload, a UDP checksum that verifies, and a valid IPv4 header
 *   checksum when the incoming one was valid;
 * - the payload bytes are never touched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	round_trip(data, len, &p, 0);
	round_trip(data, len, &p2, (uint32_t)(len % 97));
	return 0;
}
