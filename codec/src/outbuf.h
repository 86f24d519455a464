/* Internal: a bounded output cursor for the builders.
 *
 * The first write that does not fit sets a sticky SW_E_NOSPACE and parks the
 * cursor at the end, so a builder can emit a whole message and check once
 * (the mpack writer idea). Never writes past `end`.
 */
#ifndef SIPWIRE_OUTBUF_H
#define SIPWIRE_OUTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sipwire/status.h"

struct sw_ob {
	char *p;
	char *start;
	char *end;
	int err;
};

static inline void
sw_ob_init(struct sw_ob *o, void *buf, size_t cap)
{
	o->start = o->p = buf;
	o->end = o->p + (buf != NULL ? cap : 0);
	o->err = SW_OK;
}

static inline void
sw_ob_put(struct sw_ob *o, const void *s, size_t n)
{
	if ((size_t)(o->end - o->p) < n) {
		o->err = SW_E_NOSPACE;
		o->p = o->end;
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
}

/* A string literal; sizeof keeps the length a compile-time constant. */
#define SW_OB_LIT(o, lit) sw_ob_put((o), (lit), sizeof(lit) - 1)

static inline void
sw_ob_str(struct sw_ob *o, const char *s)
{
	sw_ob_put(o, s, strlen(s));
}

static inline void
sw_ob_u32(struct sw_ob *o, uint32_t v)
{
	char tmp[10];
	size_t n = sizeof(tmp);

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	sw_ob_put(o, tmp + n, sizeof(tmp) - n);
}

static inline size_t
sw_ob_len(const struct sw_ob *o)
{
	return (size_t)(o->p - o->start);
}

#endif
