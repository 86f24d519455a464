/* Minimal TAP producer for sipwire's tests (meson test protocol: 'tap'). */
#ifndef SIPWIRE_TESTS_TAP_H
#define SIPWIRE_TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	return cond;
}

static inline void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static inline void
tap_skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#define TAP_EQ_INT(a, b, what) \
	tap_ok((long long)(a) == (long long)(b), "%s (got %lld, want %lld)", (what), \
	       (long long)(a), (long long)(b))

/* Read a whole file into a malloc'd buffer (tests only). NULL on failure. */
static inline char *
tap_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else if (buf != NULL) {
			buf[n] = 0;
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* Path of a file under the shared corpus (env SW_CORPUS set by meson). */
static inline const char *
tap_corpus(const char *rel)
{
	static char path[4096];
	const char *root = getenv("SW_CORPUS");

	snprintf(path, sizeof(path), "%s/%s", root ? root : "../shared/corpus", rel);
	return path;
}

#endif
