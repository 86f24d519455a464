/* sipwire: streaming XML writer.
 *
 * Writes XML into a caller buffer. When the buffer fills, the optional flush
 * callback receives the bytes written so far and the buffer is reused, so a
 * document of any size streams through a fixed buffer (a 10,000-contact
 * reginfo document through 2 KiB). Without a callback a full buffer is
 * SW_E_NOSPACE.
 *
 * Errors are sticky: the first failure is remembered, every later call is a
 * no-op, and the caller checks once at the end (sw_xmlw_finish). Text and
 * attribute values are escaped and checked (UTF-8 must be valid, XML 1.0
 * forbidden characters are refused with SW_E_INVAL). Element and attribute
 * names are the caller's: they are written as given (checked only for bytes
 * that would break the markup). The writer holds no heap memory, does not
 * recurse, and its state is a fixed-size struct (well under 1 KiB).
 */
#ifndef SIPWIRE_XMLW_H
#define SIPWIRE_XMLW_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sipwire/status.h"

/* Deepest element nesting the writer tracks; deeper is SW_E_TOOMANY. */
#define SW_XMLW_MAX_DEPTH 16

struct sw_xmlw;

/* Receives `count` bytes at `buf` (the writer's buffer, reused after the
 * call returns). Returns 0, or a negative status that becomes the writer's
 * sticky error. */
typedef int (*sw_xmlw_flush_fn)(struct sw_xmlw *w, const char *buf, size_t count);

enum sw_xmlw_flags {
	SW_XMLW_INDENT = 1, /* newline + two spaces per level before child elements */
};

struct sw_xmlw {
	char *buf;              /* caller's buffer, never owned */
	size_t cap;
	size_t pos;             /* bytes in buf not yet flushed */
	uint64_t flushed;       /* bytes handed to the flush callback so far */
	sw_xmlw_flush_fn flush; /* NULL: buffer full is SW_E_NOSPACE */
	void *user;             /* for the callback */
	int err;                /* sticky status, SW_OK while all is well */
	uint8_t depth;          /* open elements */
	uint8_t tag_open;       /* start tag still open: attributes may follow */
	uint8_t flags;
	uint8_t root_done;      /* the root element has been closed */
	uint16_t kids;          /* bit d: element at depth d has child elements */
	uint16_t texts;         /* bit d: element at depth d has text content */
	const char *names[SW_XMLW_MAX_DEPTH]; /* open element names (caller strings) */
};

/*
 * Start writing into buf[0..cap) (caller-owned; must outlive the writer).
 * flush may be NULL; user is passed back through w->user. flags: 0 or
 * SW_XMLW_INDENT. A zero-sized buffer makes the writer fail with
 * SW_E_INVAL (with a callback) or SW_E_NOSPACE (without) at the first write.
 */
void sw_xmlw_init(struct sw_xmlw *w, void *buf, size_t cap, sw_xmlw_flush_fn flush, void *user,
		  unsigned flags);

/* The XML declaration `<?xml version="1.0" encoding="UTF-8"?>`. Must come
 * first; later it is SW_E_STATE. */
void sw_xmlw_decl(struct sw_xmlw *w);

/* Open element `name` ("prefix:local" allowed). `name` must stay valid until
 * the matching sw_xmlw_end. Too deep: SW_E_TOOMANY. A second root element:
 * SW_E_STATE. */
void sw_xmlw_start(struct sw_xmlw *w, const char *name);

/* Attribute on the element opened last, before any content. The value is
 * `len` bytes at `val` (not NUL-terminated, copied out at once) and is
 * escaped: & < > " ' and tab/CR/LF as character references. After content:
 * SW_E_STATE. */
void sw_xmlw_attr(struct sw_xmlw *w, const char *name, const char *val, size_t len);

/* Same with a NUL-terminated value. */
static inline void
sw_xmlw_attr_str(struct sw_xmlw *w, const char *name, const char *val)
{
	sw_xmlw_attr(w, name, val, strlen(val));
}

/* Attribute with a decimal unsigned value (xs:unsignedLong). */
void sw_xmlw_attr_u64(struct sw_xmlw *w, const char *name, uint64_t v);

/* Character data inside the element opened last; escaped (& < > and CR). */
void sw_xmlw_text(struct sw_xmlw *w, const char *s, size_t len);

/* Close the element opened last (`<x/>` when it has no content). With no
 * open element: SW_E_STATE. */
void sw_xmlw_end(struct sw_xmlw *w);

/*
 * End the document: every element must be closed (else SW_E_STATE), a final
 * newline is written, and with a callback the remaining bytes are flushed.
 * Returns the sticky status: SW_OK, SW_E_NOSPACE (no callback and the buffer
 * is full), SW_E_INVAL (bad UTF-8, forbidden character, bad name),
 * SW_E_TOOMANY, SW_E_STATE, or the callback's status. Without a callback the
 * document is buf[0..sw_xmlw_len(w)). A second call only returns the status.
 */
int sw_xmlw_finish(struct sw_xmlw *w);

/* Total bytes produced so far (flushed plus buffered). */
static inline uint64_t
sw_xmlw_len(const struct sw_xmlw *w)
{
	return w->flushed + w->pos;
}

/* Sticky status without finishing. */
static inline int
sw_xmlw_error(const struct sw_xmlw *w)
{
	return w->err;
}

/* Record `status` as the sticky error unless one is already set; used by
 * layers on top (reginfo) to stop the document with their own reason. */
static inline void
sw_xmlw_fail(struct sw_xmlw *w, int status)
{
	if (w->err == SW_OK)
		w->err = status;
}

/* Slow path of sw_xmlw_put: flushes and loops; not for direct use. */
void sw_xmlw_put_slow(struct sw_xmlw *w, const char *p, size_t n);

/* Append raw bytes (already valid markup). The common case, room in the
 * buffer, is inline; the rest goes to the out-of-line slow path. */
static inline void
sw_xmlw_put(struct sw_xmlw *w, const char *p, size_t n)
{
	if (__builtin_expect(n <= w->cap - w->pos && w->err == SW_OK, 1)) {
		memcpy(w->buf + w->pos, p, n);
		w->pos += n;
		return;
	}
	sw_xmlw_put_slow(w, p, n);
}

#endif
