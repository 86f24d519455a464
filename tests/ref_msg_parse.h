/* Test-only reference copy of sw_msg_parse (see ref_msg_parse.c). */
#ifndef SIPWIRE_TESTS_REF_MSG_PARSE_H
#define SIPWIRE_TESTS_REF_MSG_PARSE_H

#include "sipwire/msg.h"

/* Same contract and results as sw_msg_parse before the fast path. */
int ref_msg_parse(const void *buf, size_t len, const struct sw_parse_cfg *cfg,
		  struct sw_arena *arena, struct sw_msg *msg, struct sw_err *err);

#endif
