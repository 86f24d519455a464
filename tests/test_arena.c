/* arena: alignment, exhaustion, mark/rewind (DESIGN.md invariants). */
#include <stdint.h>

#include "sipwire/arena.h"
#include "tap.h"

int
main(void)
{
	_Alignas(64) unsigned char mem[256];
	struct sw_arena a;
	void *p, *q;
	size_t m;

	sw_arena_init(&a, mem, sizeof(mem));
	p = sw_arena_alloc(&a, 3, 1);
	tap_ok(p == mem, "first allocation starts at the buffer");
	q = sw_arena_alloc(&a, 8, 8);
	tap_ok(q == mem + 8 && ((uintptr_t)q & 7) == 0, "alignment 8 pads to offset 8");
	tap_ok(sw_arena_alloc(&a, 8, 3) == NULL, "non power-of-two alignment is refused");
	m = sw_arena_mark(&a);
	tap_ok(sw_arena_alloc(&a, 240, 1) == mem + 16, "fill to the end exactly");
	tap_ok(sw_arena_alloc(&a, 1, 1) == NULL, "exhausted arena returns NULL, no fallback");
	sw_arena_rewind(&a, m);
	tap_ok(sw_arena_avail(&a) == 240, "rewind gives the bytes back");
	tap_ok(sw_arena_alloc(&a, SIZE_MAX, 1) == NULL, "huge size cannot wrap");
	tap_ok(sw_arena_alloc(&a, 232, 64) == NULL, "padding counts against capacity");
	sw_arena_reset(&a);
	tap_ok(sw_arena_avail(&a) == 256, "reset empties the arena");
	sw_arena_init(&a, NULL, 100);
	tap_ok(sw_arena_alloc(&a, 1, 1) == NULL && a.cap == 0, "NULL memory means capacity 0");
	unsigned char *z = (sw_arena_init(&a, mem, sizeof(mem)), mem[0] = 0xaa, sw_arena_zalloc(&a, 4, 1));
	tap_ok(z != NULL && z[0] == 0, "zalloc zero-fills");
	return tap_done();
}
