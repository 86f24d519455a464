/* Loading the benchmark messages (benchmarks may use the heap; the codec
 * they measure may not). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

char *
swb_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "cannot read %s\n", path);
		free(buf);
		buf = NULL;
	} else {
		*len = (size_t)n;
	}
	if (f != NULL)
		fclose(f);
	return buf;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct swb_msgfile *)a)->name, ((const struct swb_msgfile *)b)->name);
}

int
swb_corpus_load(struct swb_msgfile *files, int cap)
{
	const char *root = getenv("SW_CORPUS");
	char dir[4096], path[8192];
	struct dirent *e;
	DIR *d;
	int n = 0, bad = 0;

	snprintf(dir, sizeof(dir), "%s/bench", root != NULL ? root : "../shared/corpus");
	d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "cannot open %s (set SW_CORPUS)\n", dir);
		return -1;
	}
	while (n < cap && (e = readdir(d)) != NULL) {
		const char *dot = strrchr(e->d_name, '.');

		if (e->d_name[0] == '.' || dot == NULL || strcmp(dot, ".sip") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		files[n].buf = swb_read_file(path, &files[n].len);
		if (files[n].buf == NULL) {
			bad = 1;
			break;
		}
		snprintf(files[n].name, sizeof(files[n].name), "%.*s", (int)(dot - e->d_name),
			 e->d_name);
		n++;
	}
	closedir(d);
	if (n == 0 || bad) {
		fprintf(stderr, "%s: no .sip message, or one cannot be read\n", dir);
		return -1;
	}
	qsort(files, (size_t)n, sizeof(files[0]), by_name);
	return n;
}
