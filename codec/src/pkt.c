/* pkt: Ethernet/VLAN/IPv4/IPv6/UDP view and length/checksum fixups.
 *
 * Every multi-byte field is read byte by byte in network order, so the code
 * needs no alignment and no <arpa/inet.h>. Each read is preceded by a bound
 * check against the captured length (headers) or the IP datagram end
 * (anything inside the datagram).
 */
#include <string.h>

#include "sipwire/pkt.h"

static inline uint16_t
rd16(const uint8_t *b)
{
	return (uint16_t)((uint16_t)b[0] << 8 | b[1]);
}

static inline uint32_t
rd32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int
fail(struct sw_err *err, int rc, size_t off, const char *detail)
{
	if (err != NULL) {
		err->off = (unsigned)off;
		err->need = 0;
		err->detail = detail;
	}
	return rc;
}

static int
is_vlan_tpid(uint16_t t)
{
	return t == SW_ETHERTYPE_VLAN || t == SW_ETHERTYPE_QINQ || t == SW_ETHERTYPE_QINQ_OLD;
}

/* Ethernet header and up to two tags; sets ethertype, nvlan, l3_off. */
static int
parse_l2(const uint8_t *b, size_t len, struct sw_pkt *p, struct sw_err *err)
{
	size_t off = 12;
	uint16_t type;

	if (len < SW_ETH_HLEN)
		return fail(err, SW_E_INCOMPLETE, len, "frame shorter than an Ethernet header");
	type = rd16(b + off);
	while (is_vlan_tpid(type)) {
		if (p->nvlan == 2)
			return fail(err, SW_E_TOOMANY, off, "more than two VLAN tags");
		if (off + 6 > len)
			return fail(err, SW_E_INCOMPLETE, len, "frame ends inside a VLAN tag");
		p->vlan_tci[p->nvlan++] = (uint16_t)(rd16(b + off + 2) & 0x0FFFu);
		off += 4;
		type = rd16(b + off);
	}
	p->ethertype = type;
	p->l3_off = (uint32_t)off + 2;
	return SW_OK;
}

static int
parse_ipv4(const uint8_t *b, size_t len, struct sw_pkt *p, struct sw_err *err)
{
	const uint8_t *ip = b + p->l3_off;
	uint32_t hlen, total, frag;

	if (p->l3_off + 20 > len)
		return fail(err, SW_E_INCOMPLETE, len, "frame ends inside the IPv4 header");
	if (ip[0] >> 4 != 4)
		return fail(err, SW_E_MALFORMED, p->l3_off, "IPv4 ethertype but version is not 4");
	hlen = (uint32_t)(ip[0] & 0x0Fu) * 4;
	if (hlen < 20)
		return fail(err, SW_E_MALFORMED, p->l3_off, "IPv4 IHL below 5");
	if (p->l3_off + hlen > len)
		return fail(err, SW_E_INCOMPLETE, len, "frame ends inside the IPv4 options");
	total = rd16(ip + 2);
	if (total < hlen)
		return fail(err, SW_E_MALFORMED, p->l3_off + 2,
			    "IPv4 total length below the header length");
	if (p->l3_off + total > len)
		return fail(err, SW_E_INCOMPLETE, len, "frame ends before the IPv4 total length");
	p->flags |= SW_PKT_F_IPV4 | (hlen > 20 ? SW_PKT_F_IPV4_OPTS : 0);
	p->l3_hlen = hlen;
	p->ip_end = p->l3_off + total;
	p->l4_off = p->l3_off + hlen;
	p->l4proto = ip[9];
	frag = rd16(ip + 6);
	if (frag & 0x3FFFu) { /* MF set or offset non-zero (DF alone is not a fragment) */
		p->flags |= SW_PKT_F_FRAG;
		p->frag_more = (frag & 0x2000u) != 0;
		p->frag_off = (frag & 0x1FFFu) * 8u;
		p->frag_id = rd16(ip + 4);
		if (p->frag_off == 0)
			p->flags |= SW_PKT_F_FRAG_FIRST;
	}
	return SW_OK;
}

/* Length of the IPv6 extension header of type nh at b[off], or 0 when nh is
 * not an extension header sw_pkt_parse walks through. */
static uint32_t
ipv6_ext_len(uint8_t nh, const uint8_t *h)
{
	switch (nh) {
	case 0:	  /* Hop-by-Hop Options */
	case 43:  /* Routing */
	case 60:  /* Destination Options */
	case 135: /* Mobility */
	case 139: /* HIP */
	case 140: /* Shim6 */
		return ((uint32_t)h[1] + 1) * 8;
	case 51: /* AH counts in 4-byte units, minus 2 (RFC 4302 §2.2) */
		return ((uint32_t)h[1] + 2) * 4;
	default:
		return 0;
	}
}

static int
walk_ipv6_ext(const uint8_t *b, struct sw_pkt *p, uint8_t nh, struct sw_err *err)
{
	uint32_t off = p->l3_off + 40, n = 0, elen;

	for (;;) {
		if (nh == 44) { /* Fragment header, RFC 8200 §4.5: fixed 8 bytes */
			if (off + 8 > p->ip_end)
				return fail(err, SW_E_MALFORMED, off,
					    "IPv6 fragment header past the packet");
			p->flags |= SW_PKT_F_FRAG;
			p->frag_off = rd16(b + off + 2) & 0xFFF8u;
			p->frag_more = b[off + 3] & 1u;
			p->frag_id = rd32(b + off + 4);
			p->frag_hdr_off = off;
			if (p->frag_off == 0)
				p->flags |= SW_PKT_F_FRAG_FIRST;
			elen = 8;
		} else {
			if (off + 2 > p->ip_end)
				break; /* let the L4 check report it when nh is a header we parse */
			elen = ipv6_ext_len(nh, b + off);
			if (elen == 0)
				break;
			if (off + elen > p->ip_end)
				return fail(err, SW_E_MALFORMED, off,
					    "IPv6 extension header past the packet");
		}
		if (++n > SW_PKT_MAX_EXT)
			return fail(err, SW_E_TOOMANY, off, "too many IPv6 extension headers");
		p->flags |= SW_PKT_F_IPV6_EXT;
		nh = b[off];
		off += elen;
		if (nh == 44 || (p->flags & SW_PKT_F_FRAG) == 0 || p->frag_off == 0)
			continue;
		break; /* a non-first fragment: what follows is not a header */
	}
	p->l4proto = nh;
	p->l4_off = off;
	p->l3_hlen = off - p->l3_off;
	return SW_OK;
}

static int
parse_ipv6(const uint8_t *b, size_t len, struct sw_pkt *p, struct sw_err *err)
{
	const uint8_t *ip = b + p->l3_off;
	uint32_t plen;

	if (p->l3_off + 40 > len)
		return fail(err, SW_E_INCOMPLETE, len, "frame ends inside the IPv6 header");
	if (ip[0] >> 4 != 6)
		return fail(err, SW_E_MALFORMED, p->l3_off, "IPv6 ethertype but version is not 6");
	plen = rd16(ip + 4);
	if (plen == 0)
		return fail(err, SW_E_UNSUPPORTED, p->l3_off + 4, "IPv6 jumbogram");
	if (p->l3_off + 40 + plen > len)
		return fail(err, SW_E_INCOMPLETE, len, "frame ends before the IPv6 payload length");
	p->flags |= SW_PKT_F_IPV6;
	p->ip_end = p->l3_off + 40 + plen;
	return walk_ipv6_ext(b, p, ip[6], err);
}

static int
parse_udp(const uint8_t *b, struct sw_pkt *p, struct sw_err *err)
{
	const uint8_t *u = b + p->l4_off;
	uint32_t ulen;
	int whole = (p->flags & SW_PKT_F_FRAG) == 0;

	if (p->l4_off + 8 > p->ip_end) {
		if (!whole)
			return SW_OK; /* a first fragment too short for the ports: no view */
		return fail(err, SW_E_MALFORMED, p->l4_off,
			    "IP datagram ends inside the UDP header");
	}
	ulen = rd16(u + 4);
	if (ulen < 8)
		return fail(err, SW_E_MALFORMED, p->l4_off + 4, "UDP length below 8");
	/* in a fragment the UDP length covers the reassembled datagram */
	if (whole && p->l4_off + ulen > p->ip_end)
		return fail(err, SW_E_MALFORMED, p->l4_off + 4, "UDP length past the IP datagram");
	p->flags |= SW_PKT_F_UDP;
	p->sport = rd16(u);
	p->dport = rd16(u + 2);
	p->udp_csum = rd16(u + 6);
	p->payload_off = p->l4_off + 8;
	p->payload_len = ulen - 8;
	return SW_OK;
}

int
sw_pkt_parse(const void *frame, size_t len, struct sw_pkt *p, struct sw_err *err)
{
	const uint8_t *b = frame;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = parse_l2(b, len, p, err);
	if (rc != SW_OK)
		return rc;
	if (p->ethertype == SW_ETHERTYPE_IPV4)
		rc = parse_ipv4(b, len, p, err);
	else if (p->ethertype == SW_ETHERTYPE_IPV6)
		rc = parse_ipv6(b, len, p, err);
	else
		return SW_OK;
	if (rc != SW_OK)
		return rc;
	if (p->ip_end < len)
		p->flags |= SW_PKT_F_TRAILER;
	if (p->l4proto != SW_IPPROTO_UDP)
		return SW_OK;
	if ((p->flags & SW_PKT_F_FRAG) && !(p->flags & SW_PKT_F_FRAG_FIRST))
		return SW_OK;
	return parse_udp(b, p, err);
}

int
sw_pkt_frag_may_match(const struct sw_pkt *p, const struct sw_portset *s)
{
	if (!(p->flags & SW_PKT_F_FRAG) || p->l4proto != SW_IPPROTO_UDP)
		return 0;
	if (!(p->flags & SW_PKT_F_FRAG_FIRST))
		return 1;
	if (!(p->flags & SW_PKT_F_UDP))
		return 1; /* tiny first fragment: reassembly will tell */
	return sw_portset_has(s, p->sport) || sw_portset_has(s, p->dport);
}
