/* Walk the message files of the shared corpus (tests only). */
#ifndef SIPWIRE_TESTS_CORPUS_ITER_H
#define SIPWIRE_TESTS_CORPUS_ITER_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static const char *const corpus_dirs[] = {
	"rfc4475/valid", "rfc4475/invalid", "rfc4475/unclassified", "examples", "bench",
};

/* Calls fn(rel_path, bytes, len, arg) for every .dat/.sip file; returns the count. */
static inline int
corpus_each(void (*fn)(const char *rel, const char *buf, size_t len, void *arg), void *arg)
{
	int n = 0;

	for (size_t d = 0; d < sizeof(corpus_dirs) / sizeof(corpus_dirs[0]); d++) {
		DIR *dir = opendir(tap_corpus(corpus_dirs[d]));
		struct dirent *de;

		if (dir == NULL)
			continue;
		while ((de = readdir(dir)) != NULL) {
			char rel[512];
			size_t len, nl = strlen(de->d_name);
			char *buf;

			if (nl < 5 || (strcmp(de->d_name + nl - 4, ".dat") != 0 &&
				       strcmp(de->d_name + nl - 4, ".sip") != 0))
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", corpus_dirs[d], de->d_name);
			buf = tap_slurp(tap_corpus(rel), &len);
			if (buf == NULL)
				continue;
			fn(rel, buf, len, arg);
			free(buf);
			n++;
		}
		closedir(dir);
	}
	return n;
}

#endif
