/* arena: alignment, exhaustion, mark/rewind (DESIGN.md invariants). */
#include <stdint.h>

#include "sipwire/arena.h"
#include "tap.h"

/* Every start misalignment of the memory, fill level near the end,
 * size around the room left and alignment (valid and not): same pointer
 * and same fill level from the inline path and sw_arena_alloc_general (the
 * out-of-line function it stands in front of, which holds every rule). Also an
 * arena whose fields were set by hand with no memory. Returns mismatches. */
static unsigned
differential(unsigned char *mem, size_t memlen)
{
	static const size_t aligns[] = { 0, 1, 2, 3, 4, 8, 16, 24, 32, 64, 128, SIZE_MAX };
	static const size_t sizes[] = { 0, 1, 2, 7, 8, 15, 16, 63, 64, 65, 100,
					SIZE_MAX / 2, SIZE_MAX - 1, SIZE_MAX };
	unsigned bad = 0;

	for (size_t off = 0; off < 64; off++)
		for (size_t used = 0; used <= 128; used++)
			for (size_t ai = 0; ai < sizeof(aligns) / sizeof(aligns[0]); ai++)
				for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]) + 3; si++) {
					struct sw_arena x, y;
					size_t cap = 128, size;
					void *p, *q;

					/* the last three sizes: exactly the room, one over, one under */
					size = si < sizeof(sizes) / sizeof(sizes[0])
						       ? sizes[si]
						       : cap - used + (si - sizeof(sizes) / sizeof(sizes[0])) - 1;
					if (off + cap > memlen)
						return bad + 1;
					sw_arena_init(&x, mem + off, cap);
					x.used = used;
					y = x;
					p = sw_arena_alloc(&x, size, aligns[ai]);
					q = sw_arena_alloc_general(&y, size, aligns[ai]);
					bad += p != q || x.used != y.used;
				}
	for (size_t ai = 0; ai < sizeof(aligns) / sizeof(aligns[0]); ai++) {
		struct sw_arena x = { NULL, 100, 0 }, y = x;

		bad += sw_arena_alloc(&x, 1, aligns[ai]) != sw_arena_alloc_general(&y, 1, aligns[ai]) ||
		       x.used != y.used;
	}
	return bad;
}

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
	{
		static _Alignas(64) unsigned char big[256];

		tap_ok(differential(big, sizeof(big)) == 0,
		       "inline fast path = the general allocator (pointer and fill level), "
		       "every start offset 0..63, fill 0..128, 12 alignments, 17 sizes");
	}
	return tap_done();
}
