/* The line loop's constants (see msg_k.h for why they live here). */
#include "msg_k.h"

const struct sw_line_k sw_line_k = {
	.colons = { ':', ':', ':', ':', ':', ':', ':', ':', ':', ':', ':', ':', ':', ':', ':', ':' },
	/* check word bytes: b[colon - 1], ':', ' ', b[colon + 2], b[lf - 2],
	 * '\r', '\n', b[lf + 1] (first byte lowest) */
	.fixed_mask = 0x00ffff0000ffff00u,
	.fixed = 0x000a0d0000203a00u,
	.lws_mask = 0xd6ffffd6d2ffffd6u,
	.ones = 0x0101010101010101u,
	.highs = 0x8080808080808080u,
	.lo_nib = 0x0f0f0f0f0f0f0f0fu,
	.hi_nib = 0xf0f0f0f0f0f0f0f0u,
	.zeros = 0x3030303030303030u,
	.sixes = 0x0606060606060606u,
	.pairs = 0x00ff00ff00ff00ffu,
	.quads = 0x0000ffff0000ffffu,
};
