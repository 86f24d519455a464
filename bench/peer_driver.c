/* peer_driver IMPL [--iterations N] FILE...: the `sipwire bench` contract
 * for any implementation in peers.h, so bench/callgrind.sh can count each
 * one's instructions the same way: every file is run once untimed (checks
 * it parses, warms lazy set-up), then N times; N=0 runs nothing more, so
 * (count(N) - count(0)) / N is the cost of one parse-and-extract. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "peers.h"

static int
usage(const char *msg)
{
	fprintf(stderr, "peer_driver: %s\nusage: peer_driver IMPL [--iterations N] FILE...\n"
			"IMPL:", msg);
	for (size_t i = 0; swp_impls[i] != NULL; i++)
		fprintf(stderr, " %s", swp_impls[i]->name);
	fputc('\n', stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	const struct swp_impl *impl;
	unsigned long iterations = 100000;
	int i = 2, rc = 0;

	if (argc < 2 || (impl = swp_find(argv[1])) == NULL)
		return usage(argc < 2 ? "no implementation" : "unknown implementation");
	if (i + 1 < argc && strcmp(argv[i], "--iterations") == 0) {
		char *end;

		iterations = strtoul(argv[i + 1], &end, 10);
		if (*end != 0 || argv[i + 1][0] == '-')
			return usage("--iterations needs a number");
		i += 2;
	}
	if (i >= argc)
		return usage("no input file");
	if (impl->init != NULL && impl->init() != 0) {
		fprintf(stderr, "peer_driver: %s does not initialise\n", impl->name);
		return 1;
	}
	for (; i < argc; i++) {
		struct swp_result r;
		volatile unsigned sink = 0;
		size_t len;
		char *buf = swb_read_file(argv[i], &len);

		if (buf == NULL)
			return 2;
		if (impl->run(buf, len, &r) == 0) {
			fprintf(stderr, "peer_driver: %s cannot parse %s\n", impl->name, argv[i]);
			rc = 1;
		} else {
			for (unsigned long n = 0; n < iterations; n++)
				sink += impl->run(buf, len, NULL);
			printf("%s: %s: %zu bytes, %lu iterations\n", impl->name, argv[i], len,
			       iterations);
		}
		(void)sink;
		free(buf);
	}
	return rc;
}
