/* sipwire bench [--iterations N] [--parse-only] FILE...: parse (and
 * extract the routing headers of) each file N times; print ns/message and
 * MB/s. N=0 loads the files and parses nothing, so `callgrind(N) -
 * callgrind(0)` over N is the instruction cost of one parse (with
 * --parse-only: of sw_msg_parse alone). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "extract.h"
#include "sipwire/msg.h"

static const char bench_usage[] = "sipwire bench [--iterations N] [--parse-only] FILE...";

/* The work a data plane does per message, the same function the Google
 * Benchmark programs time (bench/extract.c): parse, then the first entry
 * and entry count of Path and Service-Route and the Refer-Sub value.
 * Returns a value derived from the result so the compiler cannot drop the
 * work; 0 when the message does not parse. */
static unsigned
parse_and_extract(const char *buf, size_t len, struct sw_arena *a, struct sw_msg *m)
{
	struct swx_out x;

	if (swx_parse_extract(buf, len, a, m, &x, NULL) != SW_OK)
		return 0;
	return 1u + m->nhdrs + x.path_n + x.sr_n + (unsigned)x.refer_sub + x.path_first.len;
}

/* sw_msg_parse alone, same arena handling as swx_parse_extract. */
static unsigned
parse_only(const char *buf, size_t len, struct sw_arena *a, struct sw_msg *m)
{
	sw_arena_reset(a);
	if (sw_msg_parse(buf, len, NULL, a, m, NULL) != SW_OK)
		return 0;
	return 1u + m->nhdrs;
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int
cmd_bench(int argc, char **argv)
{
	static unsigned char mem[65536];
	unsigned long iterations = 100000;
	unsigned (*work)(const char *, size_t, struct sw_arena *, struct sw_msg *) = parse_and_extract;
	struct sw_arena a;
	struct sw_msg m;
	int i = 1, rc = CLI_OK;

	if (i < argc && strcmp(argv[i], "--iterations") == 0) {
		char *end;

		if (i + 1 >= argc)
			return cli_usage(bench_usage, "--iterations needs a number");
		iterations = strtoul(argv[i + 1], &end, 10);
		if (*end != 0 || argv[i + 1][0] == '-')
			return cli_usage(bench_usage, "--iterations needs a number");
		i += 2;
	}
	if (i < argc && strcmp(argv[i], "--parse-only") == 0) {
		work = parse_only;
		i++;
	}
	if (i >= argc)
		return cli_usage(bench_usage, "no input file");
	sw_arena_init(&a, mem, sizeof(mem));
	for (; i < argc; i++) {
		size_t len;
		char *buf = cli_read_input(argv[i], &len, 0);
		volatile unsigned sink = 0;
		struct sw_err err = { 0 };
		struct swx_out x;
		double t0, dt;
		int prc;

		if (buf == NULL)
			return CLI_USAGE;
		prc = swx_parse_extract(buf, len, &a, &m, &x, &err);
		if (prc != SW_OK) {
			fprintf(stderr, "%s: ", argv[i]);
			rc = cli_reject(prc, &err);
			free(buf);
			continue;
		}
		t0 = now_ns();
		for (unsigned long n = 0; n < iterations; n++)
			sink += work(buf, len, &a, &m);
		dt = now_ns() - t0;
		if (iterations > 0)
			printf("%s: %zu bytes, %lu iterations, %.1f ns/message, %.1f MB/s\n", argv[i], len,
			       iterations, dt / (double)iterations,
			       (double)len * (double)iterations / (dt / 1e9) / 1e6);
		else
			printf("%s: %zu bytes, 0 iterations\n", argv[i], len);
		(void)sink;
		free(buf);
	}
	return rc;
}
