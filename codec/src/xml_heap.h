/* Internal: the arena-backed expat memory suite (xml_heap.c). */
#ifndef SIPWIRE_XML_HEAP_H
#define SIPWIRE_XML_HEAP_H

#include <expat.h>

#include "sipwire/reginfo.h"

/* malloc/realloc/free replacements drawing on the heap made current by
 * sw_xh_enter; NULL (allocation failure) when there is none. */
extern const XML_Memory_Handling_Suite sw_xh_suite;

/* Make p's heap current for this thread; returns the previous one, to give
 * back to sw_xh_leave when the call into expat returns. */
struct sw_ri_heap *sw_xh_enter(struct sw_ri_parser *p);
void sw_xh_leave(struct sw_ri_heap *prev);

#endif
