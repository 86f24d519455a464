/* expat memory suite over caller memory.
 *
 * expat takes an allocator through XML_ParserCreate_MM, but its three
 * functions get no context pointer. The one piece of mutable static state in
 * the codec is therefore a thread-local "current heap" pointer, set for the
 * duration of each call into expat (sw_xh_enter / sw_xh_leave) and restored
 * afterwards; it is never shared between threads and never outlives the
 * call. Blocks come from the heap's arena in power-of-two payload classes
 * and freed blocks go to per-class free lists, so a parser that is reset
 * and reused reaches a fixed footprint.
 */
#include <string.h>

#include "xml_heap.h"

#define SW_XH_HDR 16u
#define SW_XH_MIN_SHIFT 5u
#define SW_XH_CLASSES 24u

struct sw_xh_hdr {
	uint32_t cls;  /* payload is 1 << (cls + SW_XH_MIN_SHIFT) bytes */
	uint32_t size; /* bytes the caller asked for */
	uint64_t pad;
};

static _Thread_local struct sw_ri_heap *sw_xh_cur;

static void *
sw_xh_alloc(size_t size)
{
	struct sw_ri_heap *h = sw_xh_cur;
	struct sw_xh_hdr *b;
	unsigned cls = 0;

	if (h == NULL || size > UINT32_MAX - SW_XH_HDR)
		return NULL;
	/* classes count payload only: expat asks for powers of two, which
	 * then fit a class exactly */
	while (cls < SW_XH_CLASSES && ((size_t)1 << (cls + SW_XH_MIN_SHIFT)) < size)
		cls++;
	if (cls == SW_XH_CLASSES)
		return NULL;
	b = h->free_list[cls];
	if (b != NULL) {
		memcpy(&h->free_list[cls], (char *)b + SW_XH_HDR, sizeof(void *));
	} else {
		b = sw_arena_alloc(&h->a, SW_XH_HDR + ((size_t)1 << (cls + SW_XH_MIN_SHIFT)), 16);
		if (b == NULL)
			return NULL;
	}
	b->cls = cls;
	b->size = (uint32_t)size;
	return (char *)b + SW_XH_HDR;
}

static void
sw_xh_release(void *ptr)
{
	struct sw_ri_heap *h = sw_xh_cur;
	struct sw_xh_hdr *b;

	if (ptr == NULL || h == NULL)
		return;
	b = (struct sw_xh_hdr *)((char *)ptr - SW_XH_HDR);
	memcpy(ptr, &h->free_list[b->cls], sizeof(void *));
	h->free_list[b->cls] = b;
}

static void *
sw_xh_grow(void *ptr, size_t size)
{
	struct sw_xh_hdr *b;
	void *n;

	if (ptr == NULL)
		return sw_xh_alloc(size);
	b = (struct sw_xh_hdr *)((char *)ptr - SW_XH_HDR);
	if (size <= ((size_t)1 << (b->cls + SW_XH_MIN_SHIFT))) {
		b->size = (uint32_t)size;
		return ptr;
	}
	n = sw_xh_alloc(size);
	if (n == NULL)
		return NULL;
	memcpy(n, ptr, b->size < size ? b->size : size);
	sw_xh_release(ptr);
	return n;
}

const XML_Memory_Handling_Suite sw_xh_suite = { sw_xh_alloc, sw_xh_grow, sw_xh_release };

struct sw_ri_heap *
sw_xh_enter(struct sw_ri_parser *p)
{
	struct sw_ri_heap *prev = sw_xh_cur;

	sw_xh_cur = &p->heap;
	return prev;
}

void
sw_xh_leave(struct sw_ri_heap *prev)
{
	sw_xh_cur = prev;
}

