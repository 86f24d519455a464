/* Side-by-side parse-and-extract work through sipwire and the peer parsers.
 *
 * Every implementation does the same job per message: a full parse, then the
 * first value and the number of entries of Path and Service-Route, and the
 * Refer-Sub value. swp_run with out == NULL is the timed form; with out set it
 * also renders what it found as text (not timed), so bench_peers can check
 * each peer against sipwire before timing it.
 */
#ifndef SIPWIRE_BENCH_PEERS_H
#define SIPWIRE_BENCH_PEERS_H

#include <stddef.h>

/* What the extraction found, as text, for comparing implementations. */
struct swp_result {
	unsigned path_n;        /* Path entries over all lines */
	unsigned sr_n;          /* Service-Route entries over all lines */
	int refer_sub;          /* -1 absent, 0 false, 1 true */
	char path_first[256];   /* URI of the first Path entry, "" when none */
	char sr_first[256];     /* URI of the first Service-Route entry, "" when none */
};

struct swp_impl {
	const char *name;
	/* One-off set-up (parser tables); 0 or -1. May be NULL. */
	int (*init)(void);
	/* Parse buf[0..len) and extract; fills *out when out != NULL. Returns a
	 * value derived from the work (never 0 on success) or 0 on failure. */
	unsigned (*run)(const char *buf, size_t len, struct swp_result *out);
};

/* Implementations, NULL-terminated: "sipwire", "memchr-floor", then the
 * peers this build has (SWP_HAVE_PEERS). */
extern const struct swp_impl *const swp_impls[];

/* Look an implementation up by name; NULL when this build lacks it. */
const struct swp_impl *swp_find(const char *name);

/* 1 when a and b hold the same extraction; else 0 and a short reason in why. */
int swp_result_eq(const struct swp_result *a, const struct swp_result *b, char *why, size_t n);

/* Copy `len` bytes at `p` into dst (size n) as a C string, truncating. */
void swp_text(char *dst, size_t n, const char *p, size_t len);

/* The peers, each in its own file (their headers clash). */
extern const struct swp_impl swp_sofia, swp_osip, swp_re;

#endif
