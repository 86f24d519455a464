/* Shared helpers for sipwire's libFuzzer targets: invariant checks that
 * abort with a message, so libFuzzer records the input as a crash. */
#ifndef SIPWIRE_FUZZ_COMMON_H
#define SIPWIRE_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sipwire/slice.h"

static inline void
fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "invariant violated: %s\n", what);
		abort();
	}
}

/* s lies inside in (an empty s may sit at either end). */
static inline int
fz_inside(struct sw_slice s, struct sw_slice in)
{
	return s.off >= in.off && s.len <= in.len && s.off - in.off <= in.len - s.len;
}

static inline int
fz_slice_same(struct sw_slice a, struct sw_slice b)
{
	return a.off == b.off && a.len == b.len;
}

#endif
