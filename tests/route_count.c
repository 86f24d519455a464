/* route_count: instructions per list entry of sw_addr_iter_next, under
 * callgrind (not a test).
 *
 *   route_count [--split] N FILE...
 *
 * Parses each message file once, then N times walks every entry of its
 * Path, Service-Route, Route and Record-Route lines with
 * sw_addr_iter_next (URIs parsed, or SW_NA_SPLIT_ONLY with --split) and
 * prints the entries and errors of one round. Run it with N and with 0
 * under valgrind --tool=callgrind: (Ir(N) - Ir(0)) / N is the walk of one
 * round, start-up and file loading cancel out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/arena.h"
#include "sipwire/msg.h"
#include "sipwire/route.h"

#define MAX_FILES 256

static const enum sw_hdr_id lists[] = {
	SW_HDR_PATH, SW_HDR_SERVICE_ROUTE, SW_HDR_ROUTE, SW_HDR_RECORD_ROUTE,
};

struct msg_file {
	char *buf;
	struct sw_msg m;
	unsigned char mem[16384];
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n)
		*len = (size_t)n;
	else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* One round over every list of every message: entries walked, and the
 * walks that ended in an error added to *bad. */
static unsigned long
walk_all(struct msg_file *fs, int nf, unsigned flags, unsigned long *bad)
{
	unsigned long k = 0;

	for (int i = 0; i < nf; i++)
		for (size_t j = 0; j < sizeof(lists) / sizeof(lists[0]); j++) {
			struct sw_addr_iter it;
			struct sw_nameaddr na;
			int rc;

			sw_addr_iter_init_flags(&it, fs[i].buf, &fs[i].m, lists[j], flags);
			while ((rc = sw_addr_iter_next(&it, &na, NULL)) == 1)
				k++;
			*bad += rc != 0;
		}
	return k;
}

int
main(int argc, char **argv)
{
	static struct msg_file fs[MAX_FILES];
	unsigned flags = 0;
	unsigned long n, k = 0, bad = 0;
	int a = 1, nf = 0;

	if (a < argc && strcmp(argv[a], "--split") == 0) {
		flags = SW_NA_SPLIT_ONLY;
		a++;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: route_count [--split] N FILE...\n");
		return 2;
	}
	n = strtoul(argv[a++], NULL, 10);
	for (; a < argc && nf < MAX_FILES; a++) {
		struct sw_arena ar;
		size_t len = 0;

		fs[nf].buf = slurp(argv[a], &len);
		if (fs[nf].buf == NULL)
			continue;
		sw_arena_init(&ar, fs[nf].mem, sizeof(fs[nf].mem));
		if (sw_msg_parse(fs[nf].buf, len, NULL, &ar, &fs[nf].m, NULL) == SW_OK)
			nf++;
		else
			free(fs[nf].buf);
	}
	/* the printed round is outside the N counted ones */
	k = walk_all(fs, nf, flags, &bad);
	printf("%d messages, %lu entries, %lu walks ending in an error per round\n", nf, k, bad);
	for (unsigned long i = 0; i < n; i++)
		walk_all(fs, nf, flags, &bad);
	for (int i = 0; i < nf; i++)
		free(fs[i].buf);
	return 0;
}
