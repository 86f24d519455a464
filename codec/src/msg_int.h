/* Internal: sw_msg_parse with the block classifier chosen by the caller, so
 * tests and the fuzzer run the scalar and SSE4.2 paths on any CPU, and
 * optionally with the fast header-line loop switched off, so they can hold
 * the fast path against the general per-line path it falls back to. */
#ifndef SIPWIRE_MSG_INT_H
#define SIPWIRE_MSG_INT_H

#include "scan.h"
#include "sipwire/msg.h"

/* Bits of sw_msg_parse_with's `flags`. */
enum sw_msg_parse_flag {
	/* every header line through the general path (slow_header: folds,
	 * LWS around the colon, limits, exact errors), none through the
	 * fast line loop; the results must be the same either way */
	SW_MSG_PARSE_GENERAL = 1u << 0,
};

/* sw_msg_parse (same contract and results) with `classify` (one of
 * sw_scan_variants[].classify the CPU supports) instead of the one
 * sw_scan_classify resolves to, and `flags` (enum sw_msg_parse_flag bits,
 * 0 for what sw_msg_parse does). With SW_MSG_PARSE_GENERAL the classifier
 * is not used: the general path finds lines with sw_scan_line. */
int sw_msg_parse_with(sw_scan_classify_fn classify, unsigned flags, const void *buf, size_t len,
		      const struct sw_parse_cfg *cfg, struct sw_arena *arena, struct sw_msg *msg,
		      struct sw_err *err);

#endif
