/* Internal: sw_msg_parse with the block classifier chosen by the caller, so
 * tests and the fuzzer run the scalar and SSE4.2 paths on any CPU, and
 * with the fast header-line loop kept out, so they can hold the fast path
 * against the general per-line path it falls back to. */
#ifndef SIPWIRE_MSG_INT_H
#define SIPWIRE_MSG_INT_H

#include "scan.h"
#include "sipwire/msg.h"

/* sw_msg_parse (same contract and results) with `classify` (one of
 * sw_scan_variants[].classify the CPU supports) instead of the one
 * sw_scan_classify resolves to. */
int sw_msg_parse_with(sw_scan_classify_fn classify, const void *buf, size_t len,
		      const struct sw_parse_cfg *cfg, struct sw_arena *arena, struct sw_msg *msg,
		      struct sw_err *err);

/* sw_msg_parse (same contract; the results must be the same) with every
 * header line through the general per-line path (slow_header: folds, LWS
 * around the colon, limits, exact errors) and none through the fast line
 * loop (it is given a classifier that finds no line end). */
int sw_msg_parse_general(const void *buf, size_t len, const struct sw_parse_cfg *cfg,
			 struct sw_arena *arena, struct sw_msg *msg, struct sw_err *err);

#endif
