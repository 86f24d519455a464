/* Internal: lexical helpers shared by uri.c, route.c and refer_sub.c.
 *
 * All take the buffer, a cursor and an end offset (exclusive) and return a
 * new cursor; SW_LEX_BAD marks failure. They never read at or past `end`.
 */
#ifndef SIPWIRE_LEX_H
#define SIPWIRE_LEX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sipwire/slice.h"
#include "sipwire/uri.h"

#define SW_LEX_BAD UINT32_MAX

/* Skip LWS: SP / HT, and CRLF folds (CRLF followed by SP / HT). */
static inline uint32_t
sw_lex_lws(const unsigned char *b, uint32_t p, uint32_t end)
{
	for (;;) {
		if (p < end && (b[p] == ' ' || b[p] == '\t'))
			p++;
		else if (end - p >= 3 && b[p] == '\r' && b[p + 1] == '\n' &&
			 (b[p + 2] == ' ' || b[p + 2] == '\t'))
			p += 3;
		else
			return p;
	}
}

/* b[p] is '"': the offset just after the closing quote of the
 * quoted-string (RFC 3261 §25.1: qdtext / quoted-pair, folds allowed), or
 * SW_LEX_BAD with *bad at the offending byte (unterminated, a bare CR/LF
 * or another control byte). */
uint32_t sw_lex_quoted(const unsigned char *b, uint32_t p, uint32_t end, uint32_t *bad);

/* One generic parameter "name [LWS = LWS value]" starting at b[p] (the
 * first byte of the name). Returns the offset just after the parameter and
 * sets *name, *value and *kind (SW_PARAM_FLAG / SW_PARAM_VALUE), or
 * SW_LEX_BAD with *bad and *detail. */
uint32_t sw_lex_param(const unsigned char *b, uint32_t p, uint32_t end, struct sw_slice *name,
		      struct sw_slice *value, int *kind, uint32_t *bad, const char **detail);

/* A run of parameters "; p1 ; p2=v ..." starting at b[p] == ';'. Returns
 * the offset just after the last parameter (before any trailing LWS) and
 * sets *params to span the first name to that offset; or SW_LEX_BAD with
 * *bad and *detail. Stops at the first byte after LWS that is not ';'. */
uint32_t sw_lex_params(const unsigned char *b, uint32_t p, uint32_t end, struct sw_slice *params,
		       uint32_t *bad, const char **detail);

/* Zero *u and park every slice at s (whole = s), so that a URI that is
 * absent or not parsed still has all its slices inside the input. */
void sw_uri_reset(struct sw_uri *u, struct sw_slice s);

/* The same, inlined into the hot paths (no call, so no spills around it). */
static inline void
sw_uri_reset_inline(struct sw_uri *u, struct sw_slice s)
{
	const struct sw_slice z = { s.off, 0 };
	uint64_t w;

	/* one 8-byte store per slice: a compound literal compiles to a
	 * `rep stos` over the whole struct and the offsets on top, and slice
	 * assignments to two 4-byte stores each */
	memcpy(&w, &z, sizeof(w));
	u->whole = s;
	memcpy(&u->scheme, &w, sizeof(w));
	memcpy(&u->opaque, &w, sizeof(w));
	memcpy(&u->user, &w, sizeof(w));
	memcpy(&u->password, &w, sizeof(w));
	memcpy(&u->host, &w, sizeof(w));
	memcpy(&u->port, &w, sizeof(w));
	memcpy(&u->params, &w, sizeof(w));
	memcpy(&u->headers, &w, sizeof(w));
	memcpy(&u->transport, &w, sizeof(w));
	memcpy(&u->maddr, &w, sizeof(w));
	memcpy(&u->ttl, &w, sizeof(w));
	memcpy(&u->user_param, &w, sizeof(w));
	memcpy(&u->method, &w, sizeof(w));
	memcpy(&u->received, &w, sizeof(w));
	memset(&u->port_num, 0, sizeof(*u) - offsetof(struct sw_uri, port_num));
}


#endif
