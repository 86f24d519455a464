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
};
