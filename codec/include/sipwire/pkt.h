/* sipwire: packet view, the L2/L3/L4 layer under the SIP codec.
 *
 * sw_pkt_parse reads an Ethernet frame (0, 1 or 2 VLAN tags, 802.1Q and
 * 802.1ad) carrying IPv4 (options, fragments) or IPv6 (extension headers,
 * fragment header) and, when the transport is UDP, gives the offsets of the
 * UDP payload. After a rewrite changed the payload length, sw_pkt_fixup
 * writes the new IP and UDP lengths and checksums. Pure C over a plain
 * buffer: the DPDK worker, the tests and the pcap tools run the same code.
 *
 * Every field read from the wire is checked against the captured length
 * before it is used. Nothing here writes to the frame except sw_pkt_fixup.
 */
#ifndef SIPWIRE_PKT_H
#define SIPWIRE_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/status.h"

#define SW_ETH_HLEN	      14u
#define SW_ETHERTYPE_IPV4     0x0800u
#define SW_ETHERTYPE_IPV6     0x86DDu
#define SW_ETHERTYPE_VLAN     0x8100u /* 802.1Q C-tag */
#define SW_ETHERTYPE_QINQ     0x88A8u /* 802.1ad S-tag */
#define SW_ETHERTYPE_QINQ_OLD 0x9100u /* pre-standard S-tag still seen on the wire */
#define SW_IPPROTO_TCP	      6u
#define SW_IPPROTO_UDP	      17u

/* Most extension headers sw_pkt_parse walks before it gives up on an IPv6
 * packet (SW_E_TOOMANY): a bound against header chains built to burn CPU. */
#define SW_PKT_MAX_EXT 8u

enum sw_pkt_flag {
	SW_PKT_F_IPV4 = 1u << 0,
	SW_PKT_F_IPV6 = 1u << 1,
	SW_PKT_F_UDP = 1u << 2,	       /* l4_off points at a complete UDP header */
	SW_PKT_F_FRAG = 1u << 3,       /* an IP fragment (IPv4 MF/offset, IPv6 fragment header) */
	SW_PKT_F_FRAG_FIRST = 1u << 4, /* fragment at offset 0: the L4 header is in it */
	SW_PKT_F_IPV4_OPTS = 1u << 5,  /* IPv4 header longer than 20 bytes */
	SW_PKT_F_IPV6_EXT = 1u << 6,   /* at least one IPv6 extension header */
	SW_PKT_F_TRAILER = 1u << 7,    /* bytes after the IP datagram (Ethernet padding) */
};

/* View of one frame; every offset is from the first byte of the frame.
 * Fields beyond what the frame carries are 0 (a non-IP frame has only the
 * L2 fields). */
struct sw_pkt {
	uint32_t flags;	       /* enum sw_pkt_flag bits */
	uint16_t ethertype;    /* after the VLAN tags */
	uint8_t nvlan;	       /* 0, 1 or 2 */
	uint8_t l4proto;       /* IP protocol / last IPv6 next-header */
	uint16_t vlan_tci[2];  /* outer first */
	uint32_t l3_off;       /* IP header */
	uint32_t l3_hlen;      /* IPv4 header with options; IPv6 fixed header + extensions */
	uint32_t ip_end;       /* end of the IP datagram (l3_off + IP length) */
	uint32_t l4_off;       /* first byte after the IP headers */
	uint32_t frag_off;     /* fragment offset in bytes (fragments only) */
	uint32_t frag_id;      /* IPv4 identification / IPv6 fragment identification */
	uint8_t frag_more;     /* MF / M flag */
	uint32_t frag_hdr_off; /* IPv6: offset of the fragment header (0: none) */
	uint16_t sport, dport; /* UDP only */
	uint16_t udp_csum;     /* UDP checksum as received */
	uint32_t payload_off;  /* UDP payload (UDP only) */
	uint32_t payload_len;  /* from the UDP length field */
};

/*
 * Parse the frame at frame[0..len) into *p (zeroed on entry).
 *
 * Returns SW_OK for any well-formed frame, whatever it carries: look at
 * p->flags to know whether it is IPv4/IPv6/UDP. Errors (err->off says where):
 *   SW_E_INCOMPLETE  the frame ends inside a header, or before the IP length
 *   SW_E_MALFORMED   inconsistent fields: IPv4 version/IHL, total length
 *                    shorter than the header, UDP length below 8 or past the
 *                    IP datagram, an IPv6 extension running past the packet
 *   SW_E_TOOMANY     more than two VLAN tags, or more than SW_PKT_MAX_EXT
 *                    IPv6 extension headers
 *   SW_E_UNSUPPORTED IPv6 jumbogram (payload length 0)
 * The frame is never written. err may be NULL.
 */
int sw_pkt_parse(const void *frame, size_t len, struct sw_pkt *p, struct sw_err *err);

/* A set of UDP ports (a 64 Kibit bitmap, caller-owned, 8 KiB). */
struct sw_portset {
	uint64_t bits[65536 / 64];
};

void sw_portset_clear(struct sw_portset *s);

static inline void
sw_portset_add(struct sw_portset *s, uint16_t port)
{
	s->bits[port >> 6] |= (uint64_t)1 << (port & 63);
}

static inline int
sw_portset_has(const struct sw_portset *s, uint16_t port)
{
	return (int)((s->bits[port >> 6] >> (port & 63)) & 1u);
}

/* Add the comma-separated ports in the NUL-terminated `list` ("5060,5080";
 * ranges "5060-5070" allowed). Returns SW_OK, SW_E_MALFORMED (not a number,
 * empty item) or SW_E_RANGE (0 or > 65535, reversed range); err->off is the
 * offending byte. The set is unchanged on error. */
int sw_portset_parse(struct sw_portset *s, const char *list, struct sw_err *err);

/* Non-zero when p is a complete (unfragmented) UDP datagram to or from a
 * port in `s`. */
static inline int
sw_pkt_is_udp_to(const struct sw_pkt *p, const struct sw_portset *s)
{
	return (p->flags & (SW_PKT_F_UDP | SW_PKT_F_FRAG)) == SW_PKT_F_UDP &&
	       (sw_portset_has(s, p->dport) || sw_portset_has(s, p->sport));
}

/* Non-zero when p is an IP fragment that may belong to such a datagram:
 * non-first fragments carry no ports, so every UDP-or-unknown fragment
 * qualifies; a first fragment must show a port in `s`. */
int sw_pkt_frag_may_match(const struct sw_pkt *p, const struct sw_portset *s);

/* ---- checksums (RFC 1071, RFC 1624) ---- */

/* One's-complement sum of data[0..len) added to `sum` (not folded, not
 * inverted). Odd lengths are padded with a zero byte, so only the last call
 * of a chain may have an odd length. */
uint32_t sw_csum_add(uint32_t sum, const void *data, size_t len);

/* Fold a 32-bit partial sum to 16 bits and invert: the checksum field value. */
uint16_t sw_csum_fold(uint32_t sum);

/* RFC 1624 eqn. 3: checksum `csum` (as stored) after one 16-bit word of the
 * covered data changed from `old` to `new_`. Host-order values. */
uint16_t sw_csum_update16(uint16_t csum, uint16_t old, uint16_t new_);

/* IPv4 header checksum of the header at ip (hlen bytes), the field being
 * treated as zero. Host order. */
uint16_t sw_ipv4_hdr_csum(const void *ip, size_t hlen);

/* UDP checksum (RFC 768; RFC 8200 §8.1 for IPv6) of the datagram p describes
 * in `frame`: pseudo-header + UDP header (checksum field taken as zero) +
 * payload. Never 0: a computed 0 is returned as 0xFFFF. Host order. */
uint16_t sw_pkt_udp_csum(const void *frame, const struct sw_pkt *p);

/* Pseudo-header sum only (addresses, protocol, UDP length), folded but not
 * inverted: what a NIC's UDP checksum offload expects in the field. */
uint16_t sw_pkt_udp_pseudo(const void *frame, const struct sw_pkt *p);

/*
 * The one's-complement sum of the UDP payload (16-bit big-endian words from
 * the first payload byte, folded to 16 bits) that the received checksum
 * implies: ~field minus the pseudo-header and UDP header words. It is the
 * payload's true sum (modulo 0xFFFF) when the received checksum is right,
 * and off by exactly the checksum's error when it is wrong, so a rewrite
 * carried through sw_edits_apply_sum and sw_pkt_fixup_sum keeps a right
 * checksum right and a wrong one wrong (RFC 1624 incremental update; see
 * docs/dpdk-app.md "UDP checksums").
 *
 * Returns 1 with *sum set; 0 when there is nothing to start from: p is not
 * a complete UDP datagram, or the checksum field is 0 (IPv4 "no checksum",
 * RFC 768; 0 is not a valid IPv6 value, RFC 8200 §8.1): such a datagram
 * needs the full recompute of sw_pkt_fixup. Reads the frame's addresses and
 * UDP header, never the payload.
 */
int sw_pkt_udp_payload_sum(const void *frame, const struct sw_pkt *p, uint32_t *sum);

/* ---- fixups after a payload rewrite ---- */

enum sw_fixup_flag {
	SW_FIX_NO_IP_CSUM = 1u << 0, /* hardware computes the IPv4 header checksum: write 0 */
	SW_FIX_L4_PSEUDO = 1u << 1,  /* hardware computes the UDP checksum: write the pseudo sum */
	SW_FIX_KEEP_ZERO_CSUM = 1u << 2, /* IPv4 UDP sent without checksum stays at 0 (RFC 768) */
};

/*
 * The UDP payload of the frame p describes (p from sw_pkt_parse on the
 * same bytes, a complete UDP datagram: SW_PKT_F_UDP set, not a fragment) now
 * has `new_payload_len` bytes at p->payload_off. Rewrite IPv4 total length
 * (and header checksum, incrementally), or IPv6 payload length (extension
 * headers kept), UDP length and UDP checksum (full recompute over the new
 * payload), and update *p to match. Bytes past the old IP datagram (Ethernet
 * padding) are no longer counted: *frame_len receives the new frame length
 * (p->payload_off + new_payload_len), which the caller must make the frame's
 * length.
 *
 * cap: bytes writable at frame (the payload must already be there).
 * Returns SW_OK; SW_E_INVAL when p is not a complete UDP datagram;
 * SW_E_NOSPACE when the new payload does not fit in cap; SW_E_TOOLONG when
 * the IP or UDP length would pass 65535. On error nothing is written.
 */
int sw_pkt_fixup(void *frame, size_t cap, struct sw_pkt *p, uint32_t new_payload_len,
		 unsigned flags, size_t *frame_len, struct sw_err *err);

/*
 * sw_pkt_fixup with the UDP checksum updated instead of recomputed (RFC 1624
 * eqn. 3): old_sum and new_sum are the one's-complement sums of the payload
 * before and after the rewrite (any unfolded 32-bit form), as
 * sw_pkt_udp_payload_sum and sw_edits_apply_sum give them. The received
 * checksum field moves by their difference and by the UDP length change;
 * neither the payload nor the addresses are read, and an error the field
 * had is kept (see sw_pkt_udp_payload_sum). A field of 0 (no checksum) is
 * recomputed in full as by sw_pkt_fixup; SW_FIX_KEEP_ZERO_CSUM and
 * SW_FIX_L4_PSEUDO act as there. Same returns.
 */
int sw_pkt_fixup_sum(void *frame, size_t cap, struct sw_pkt *p, uint32_t new_payload_len,
		     uint32_t old_sum, uint32_t new_sum, unsigned flags, size_t *frame_len,
		     struct sw_err *err);

#endif
