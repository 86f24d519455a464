/* sipwire: slices, the zero-copy result type of every parser.
 *
 * A slice is an offset and a length relative to the start of the buffer the
 * parser was given, never a pointer, so it stays valid when the caller moves
 * the bytes (an mbuf prepend, a shift by the edit engine).
 */
#ifndef SIPWIRE_SLICE_H
#define SIPWIRE_SLICE_H

#include <stddef.h>
#include <stdint.h>

struct sw_slice {
	uint32_t off;
	uint32_t len;
};

/* Pointer to the first byte of `s` inside `base`. */
static inline const char *
sw_slice_ptr(const void *base, struct sw_slice s)
{
	return (const char *)base + s.off;
}

static inline struct sw_slice
sw_slice_make(uint32_t off, uint32_t len)
{
	struct sw_slice s = { off, len };
	return s;
}

/* Case-insensitive ASCII comparison of a slice with a NUL-terminated literal. */
int sw_slice_ieq(const void *base, struct sw_slice s, const char *lit);

/* Byte-exact comparison of a slice with a NUL-terminated literal. */
int sw_slice_eq(const void *base, struct sw_slice s, const char *lit);

#endif
