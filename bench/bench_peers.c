/* sipwire beside sofia-sip, osip2 and libre, plus a memchr line-count floor,
 * in one process: the same parse-and-extract work (peers.h) on every message
 * of the bench corpus. Each peer's extraction is compared with sipwire's
 * before anything is timed; a peer that disagrees fails its benchmark
 * (swb_error) and the program exits 1.
 *
 * Names are peers/<message>/<implementation>; bench/peers-table.sh turns the
 * JSON output into the markdown table of docs/benchmarks.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "harness.h"
#include "peers.h"

enum { MAX_MSGS = 64, MAX_IMPLS = 8 };

struct case_arg {
	const struct swp_impl *impl;
	const struct swb_msgfile *msg;
	char why[1024];  /* non-empty: the check failed, the benchmark reports it */
	char name[128];
};

static struct swb_msgfile msgs[MAX_MSGS];
static struct case_arg cases[MAX_MSGS * MAX_IMPLS];
static int check_failed;

static void
bm_case(struct swb_state *st, void *arg)
{
	const struct case_arg *c = arg;
	unsigned v = 0;

	if (c->why[0] != 0) {
		swb_error(st, c->why);
		return;
	}
	while (swb_keep_running(st)) {
		v = c->impl->run(c->msg->buf, c->msg->len, NULL);
		if (v == 0) {
			swb_error(st, "parse failed");
			break;
		}
		swb_do_not_optimize(&v);
	}
	swb_set_bytes(st, swb_iterations(st) * (int64_t)c->msg->len);
	swb_set_items(st, swb_iterations(st));
}

/* Run impl once with output and compare with sipwire's result. */
static void
check(struct case_arg *c, const struct swp_result *ref, int ref_ok)
{
	struct swp_result r;
	char why[600];

	memset(&r, 0, sizeof(r));
	c->why[0] = 0;
	if (strcmp(c->impl->name, "memchr-floor") == 0)
		return; /* extracts nothing: a lower bound, not a parser */
	if (!ref_ok)
		snprintf(c->why, sizeof(c->why), "sipwire cannot parse %s", c->msg->name);
	else if (c->impl->run(c->msg->buf, c->msg->len, &r) == 0)
		snprintf(c->why, sizeof(c->why), "%s cannot parse %s", c->impl->name, c->msg->name);
	else if (!swp_result_eq(ref, &r, why, sizeof(why)))
		snprintf(c->why, sizeof(c->why), "%s disagrees with sipwire on %s: %s", c->impl->name,
			 c->msg->name, why);
	if (c->why[0] != 0) {
		fprintf(stderr, "bench_peers: %s\n", c->why);
		check_failed = 1;
	}
}

int
main(int argc, char **argv)
{
	int nmsg = swb_corpus_load(msgs, MAX_MSGS), ncase = 0;

	if (nmsg < 0)
		return 1;
	for (size_t i = 0; swp_impls[i] != NULL; i++)
		if (swp_impls[i]->init != NULL && swp_impls[i]->init() != 0) {
			fprintf(stderr, "bench_peers: %s does not initialise\n", swp_impls[i]->name);
			return 1;
		}
	for (int m = 0; m < nmsg; m++) {
		struct swp_result ref;
		int ref_ok;

		memset(&ref, 0, sizeof(ref));
		ref_ok = swp_impls[0]->run(msgs[m].buf, msgs[m].len, &ref) != 0;
		for (size_t i = 0; swp_impls[i] != NULL && i < MAX_IMPLS; i++) {
			struct case_arg *c = &cases[ncase++];

			c->impl = swp_impls[i];
			c->msg = &msgs[m];
			check(c, &ref, ref_ok);
			snprintf(c->name, sizeof(c->name), "peers/%s/%s", msgs[m].name, c->impl->name);
			swb_register(c->name, bm_case, c);
		}
	}
	/* a failed check also fails the run, so the smoke test catches it */
	return swb_main(argc, argv) != 0 || check_failed ? 1 : 0;
}
