/* The reginfo benchmark document, shared by bench_reginfo (Google
 * Benchmark) and reginfo_driver (callgrind): a full-state document for one
 * AOR with N contacts carrying GRUUs, +sip.instance, callid, cseq and q. */
#ifndef SIPWIRE_BENCH_REGINFO_DOC_H
#define SIPWIRE_BENCH_REGINFO_DOC_H

#include <expat.h>

#include "sipwire/reginfo.h"

/* Growing output buffer for sw_xmlw's flush callback (bench tools may use
 * the heap; the codec may not). */
struct swr_grow {
	char *buf;
	size_t len, cap;
};

int swr_grow_flush(struct sw_xmlw *w, const char *buf, size_t n);

/* Make the per-contact strings for up to `max` contacts once, so a timed
 * loop around swr_write_doc measures the writer alone. 0 or -1. */
int swr_contacts_init(unsigned max);

/* Write the document with n (<= max) contacts through w. */
int swr_write_doc(struct sw_xmlw *w, unsigned n);

/* The document with n contacts into g (g->buf is malloc'd). */
int swr_build(struct swr_grow *g, unsigned n);

/* Plain expat as the comparison: element callbacks that only count into
 * *events. */
void swr_expat_count(XML_Parser xp, unsigned long *events);

#endif
