/* Heap-call counting for the zero-allocation tests: this header defines
 * malloc, calloc, realloc, free, posix_memalign and aligned_alloc in the
 * test binary that includes it (once), forwarding to glibc's __libc_*
 * entry points and counting every call in `heap_calls`.
 *
 * Sanitizer builds interpose the same functions, so there SW_HEAP_COUNTING
 * stays undefined and the test reports a skip instead. */
#ifndef SIPWIRE_TESTS_HEAP_COUNT_H
#define SIPWIRE_TESTS_HEAP_COUNT_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
#define SW_HEAP_NO_INTERPOSE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SW_HEAP_NO_INTERPOSE 1
#endif
#endif

#ifndef SW_HEAP_NO_INTERPOSE
#define SW_HEAP_COUNTING 1

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t a, size_t n);
extern void __libc_free(void *p);

static volatile unsigned long heap_calls;

void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);
int posix_memalign(void **out, size_t a, size_t n);
void *aligned_alloc(size_t a, size_t n);

void *
malloc(size_t n)
{
	heap_calls++;
	return __libc_malloc(n);
}

void *
calloc(size_t n, size_t m)
{
	heap_calls++;
	return __libc_calloc(n, m);
}

void *
realloc(void *p, size_t n)
{
	heap_calls++;
	return __libc_realloc(p, n);
}

void
free(void *p)
{
	if (p != NULL)
		heap_calls++;
	__libc_free(p);
}

int
posix_memalign(void **out, size_t a, size_t n)
{
	heap_calls++;
	*out = __libc_memalign(a, n);
	return *out == NULL ? 12 /* ENOMEM */ : 0;
}

void *
aligned_alloc(size_t a, size_t n)
{
	heap_calls++;
	return __libc_memalign(a, n);
}

/* Proof that the interposition works in this binary: one malloc and one
 * free must move the counter by two. A zero-allocation test that cannot
 * see allocations would pass by measuring nothing. */
static inline int
heap_count_works(void)
{
	unsigned long before = heap_calls;
	void *volatile p = malloc(16);

	free(p);
	return heap_calls == before + 2;
}
#endif

#endif
