/* The benchmark messages: every regular file in $SW_CORPUS/bench (default
 * ../shared/corpus/bench), loaded once, in name order. */
#ifndef SIPWIRE_BENCH_CORPUS_H
#define SIPWIRE_BENCH_CORPUS_H

#include <stddef.h>

struct swb_msgfile {
	char *buf;       /* malloc'd, lives until exit */
	size_t len;
	char name[64];   /* file name without its extension */
};

/* Load up to `cap` messages into files[]; returns how many, or -1 (with a
 * message on stderr) when the directory cannot be read or is empty. */
int swb_corpus_load(struct swb_msgfile *files, int cap);

/* Read one file whole; NULL (with a message on stderr) on failure. */
char *swb_read_file(const char *path, size_t *len);

#endif
