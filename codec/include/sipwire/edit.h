/* sipwire: edit list and in-place rewrite.
 *
 * A rewrite is a list of byte edits against the original message: insert
 * bytes at an offset, delete a range, replace a range. The list lives in a
 * fixed array inside struct sw_edits (no heap), kept sorted by offset; edits
 * at the same offset keep the order they were added in. Offsets always refer
 * to the ORIGINAL bytes, so a policy can add edits in any order without
 * recomputing positions.
 *
 * sw_edits_apply rewrites the buffer in place using the spare capacity after
 * the message (mbuf tailroom): each kept byte is moved at most once, with
 * one memmove per kept segment (segments shifted right are moved back to
 * front, segments shifted left front to back, then the inserted bytes are
 * copied into the gaps). It is all-or-nothing: every check happens before
 * the first byte moves, so on any error the buffer is byte-identical.
 *
 * Content-Length upkeep: when the edits change the body length and the
 * message carries Content-Length (full "Content-Length" or compact "l"),
 * the value of every Content-Length line is rewritten in the same apply.
 * A missing Content-Length is NOT added: RFC 3261 §18.3 / §20.14 make it
 * mandatory only on stream transports (where sw_msg_parse already refuses a
 * message without it); in a datagram the body runs to the end of the packet,
 * which stays true after the rewrite.
 */
#ifndef SIPWIRE_EDIT_H
#define SIPWIRE_EDIT_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/msg.h"
#include "sipwire/status.h"

/* Edits a caller may add; SW_EDITS_RESERVED more slots are kept for the
 * Content-Length rewrites sw_edits_apply adds on its own copy. */
#define SW_EDITS_MAX 32
#define SW_EDITS_RESERVED 4

struct sw_edit {
	uint32_t off;      /* in the original bytes */
	uint32_t len;      /* original bytes removed from off (0: pure insert) */
	uint32_t blen;     /* bytes inserted at off (0: pure delete) */
	const void *bytes; /* blen bytes; owned by the caller, valid until apply */
};

struct sw_edits {
	uint32_t n;
	int64_t delta; /* sum of blen - len: the length change of the message */
	struct sw_edit e[SW_EDITS_MAX + SW_EDITS_RESERVED];
};

/* Empty the list. Cheap: the array is not cleared. */
void sw_edits_init(struct sw_edits *e);

/*
 * Add one edit. `bytes` is not copied: it must stay valid and unchanged until
 * sw_edits_apply / sw_edits_apply_to returns, and for the in-place apply it
 * must not point into the buffer being rewritten.
 *
 * sw_edits_insert: blen bytes go in before the original byte at `off`.
 * sw_edits_delete: original bytes [off, off+len) go away.
 * sw_edits_replace: [off, off+len) is replaced by blen bytes.
 *
 * Returns SW_OK; SW_E_INVAL when the range of a delete/replace overlaps the
 * range of another delete/replace, when an insert falls strictly inside such
 * a range (its position no longer exists), when off+len overflows, or for an
 * empty edit (len 0 and blen 0) or bytes == NULL with blen > 0;
 * SW_E_TOOMANY when SW_EDITS_MAX edits are already present. On error the
 * list is unchanged. Offsets are checked against the message at apply time.
 */
int sw_edits_insert(struct sw_edits *e, uint32_t off, const void *bytes, uint32_t len);
int sw_edits_delete(struct sw_edits *e, uint32_t off, uint32_t len);
int sw_edits_replace(struct sw_edits *e, uint32_t off, uint32_t len, const void *bytes,
		     uint32_t blen);

/* Number of edits (0: the message is left alone). */
static inline uint32_t
sw_edits_count(const struct sw_edits *e)
{
	return e->n;
}

/*
 * Rewrite buf[0..len) in place; the buffer has `cap` bytes of room in all
 * (cap >= len). len is the message's length (msg->len in stream mode, where
 * the next message may follow; the whole datagram in datagram mode). Bytes
 * in [len, cap) are free room and may be overwritten on success; on error
 * nothing in [0, cap) is written. `msg` is the parse of these bytes (it supplies the body and
 * Content-Length positions); it may be NULL to apply raw byte edits with no
 * Content-Length upkeep. On SW_OK *new_len is the new message length; the
 * bytes of `msg` then describe the OLD layout (re-parse if needed).
 *
 * Returns SW_OK; SW_E_NOSPACE when the result would not fit in cap
 * (err->need = the length it needs); SW_E_INVAL when an edit reaches past
 * len, a delete/replace straddles the empty line that ends the headers, the
 * caller's edits touch the Content-Length value that the apply must rewrite,
 * or the body edits would make the body length negative; SW_E_TOOLONG when
 * the result exceeds UINT32_MAX. On every error the buffer is unchanged.
 */
int sw_edits_apply(void *buf, size_t len, size_t cap, const struct sw_msg *msg,
		   const struct sw_edits *e, size_t *new_len, struct sw_err *err);

/*
 * sw_edits_apply that also carries the Internet checksum sum of the message
 * across the rewrite, so a UDP checksum can be updated without summing the
 * whole payload again (RFC 1071 sum, RFC 1624 update; the worker gets *sum
 * from sw_pkt_udp_payload_sum and hands it to sw_pkt_fixup_sum).
 *
 * *sum: in, the one's-complement sum of buf[0..len) as 16-bit big-endian
 * words starting at buf[0] (any unfolded 32-bit form, e.g.
 * sw_csum_add(0, buf, len)); out, on SW_OK, the sum of buf[0..*new_len)
 * folded to 16 bits (modulo 0xFFFF: 0 and 0xFFFF are the same sum). What
 * it reads: the bytes the edits remove and insert and, when edits shift
 * kept bytes by an odd count, the kept bytes on the smaller side of that
 * split (an odd shift swaps the halves of their 16-bit words); bytes shifted
 * by an even count are never read. A wrong input sum gives a wrong output
 * sum, never a right one. Same returns as sw_edits_apply; on error *sum is
 * unchanged.
 */
int sw_edits_apply_sum(void *buf, size_t len, size_t cap, const struct sw_msg *msg,
		       const struct sw_edits *e, uint32_t *sum, size_t *new_len,
		       struct sw_err *err);

/*
 * Same edits, written into out[0..out_cap) instead; `in` is not modified and
 * must not overlap `out`. Same returns as sw_edits_apply (SW_E_NOSPACE when
 * out_cap is too small; out is then untouched). *out_len = bytes written.
 */
int sw_edits_apply_to(const void *in, size_t len, const struct sw_msg *msg,
		      const struct sw_edits *e, void *out, size_t out_cap, size_t *out_len,
		      struct sw_err *err);

#endif
