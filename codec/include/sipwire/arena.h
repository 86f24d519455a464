/* sipwire: arena, the only working memory the codec uses.
 *
 * A bump allocator over memory the caller owns. The codec never falls back
 * to the heap: when the arena is full, allocation fails and the operation
 * that needed it returns SW_E_NOSPACE.
 */
#ifndef SIPWIRE_ARENA_H
#define SIPWIRE_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct sw_arena {
	unsigned char *mem;
	size_t cap;
	size_t used;
};

/* Use `cap` bytes at `mem` (caller-owned, outlives the arena). mem may be
 * NULL only when cap is 0. */
void sw_arena_init(struct sw_arena *a, void *mem, size_t cap);

/* The whole of sw_arena_alloc, argument checks included: what the inline
 * below calls when its fast path does not apply (a bad alignment, no
 * memory, no room). Not for direct use. */
void *sw_arena_alloc_general(struct sw_arena *a, size_t size, size_t align);

/* `size` bytes aligned to `align` (a power of two, at most 64), or NULL when
 * the arena cannot hold them. The memory is not zeroed. Valid until the
 * arena is rewound past it or reset. size 0 returns a valid unique-enough
 * pointer only if alignment fits; callers should not ask for 0 bytes.
 *
 * Inline: an allocation that fits (the usual case) is a few instructions
 * in the caller, with the same address and the same fill level as the
 * general path gives; anything else goes to sw_arena_alloc_general, which
 * answers as sw_arena_alloc always did. With a constant `align` the
 * alignment check folds away. */
static inline void *
sw_arena_alloc(struct sw_arena *a, size_t size, size_t align)
{
	if (align - 1 < 64 && (align & (align - 1)) == 0 && a->mem != NULL) {
		uintptr_t at = (uintptr_t)a->mem + a->used;
		uintptr_t p = (at + (align - 1)) & ~(uintptr_t)(align - 1);
		size_t pad = (size_t)(p - at), room = a->cap - a->used;

		/* two checks, as in the general path, so no sum can wrap */
		if (pad <= room && size <= room - pad) {
			a->used += pad + size;
			return (void *)p;
		}
	}
	return sw_arena_alloc_general(a, size, align);
}

/* Like sw_arena_alloc, zero-filled. */
void *sw_arena_zalloc(struct sw_arena *a, size_t size, size_t align);

/* Current fill level, to pass to sw_arena_rewind later. */
static inline size_t
sw_arena_mark(const struct sw_arena *a)
{
	return a->used;
}

/* Free everything allocated since `mark` (from sw_arena_mark). */
void sw_arena_rewind(struct sw_arena *a, size_t mark);

/* Free everything. */
static inline void
sw_arena_reset(struct sw_arena *a)
{
	a->used = 0;
}

/* Bytes still available at alignment 1. */
static inline size_t
sw_arena_avail(const struct sw_arena *a)
{
	return a->cap - a->used;
}

#endif
