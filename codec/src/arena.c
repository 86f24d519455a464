#include <string.h>

#include "sipwire/arena.h"

void
sw_arena_init(struct sw_arena *a, void *mem, size_t cap)
{
	a->mem = mem;
	a->cap = mem == NULL ? 0 : cap;
	a->used = 0;
}

/* The checks and the arithmetic of the inline sw_arena_alloc, out of
 * line: it reaches here when its fast path does not apply, and gives the
 * answer (NULL for a bad alignment, no memory or no room). */
void *
sw_arena_alloc_general(struct sw_arena *a, size_t size, size_t align)
{
	uintptr_t base, p;
	size_t pad;

	if (align == 0 || (align & (align - 1)) != 0 || align > 64 || a->mem == NULL)
		return NULL;
	base = (uintptr_t)a->mem;
	p = (base + a->used + (align - 1)) & ~(uintptr_t)(align - 1);
	pad = (size_t)(p - (base + a->used));
	/* written as two checks so neither sum can wrap */
	if (pad > a->cap - a->used || size > a->cap - a->used - pad)
		return NULL;
	a->used += pad + size;
	return (void *)p;
}

void *
sw_arena_zalloc(struct sw_arena *a, size_t size, size_t align)
{
	void *p = sw_arena_alloc(a, size, align);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

void
sw_arena_rewind(struct sw_arena *a, size_t mark)
{
	if (mark <= a->used)
		a->used = mark;
}
