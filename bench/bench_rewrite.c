/* Rewrite cost against parse cost, in one binary:
 *   parse/...        copy the packet into the work buffer, parse
 *   rewrite/path     copy, parse, Path policy (flow token), apply in place
 *   rewrite/path-ob  same without the flow token
 *   rewrite/sr       copy, parse, Service-Route replace (route token), apply;
 *                    no memo: every packet pays the MAC and the escaping
 *   rewrite/sr-memo  same with a route-token memo (policy.h) kept warm: the
 *                    same set every time, so after the first packet each
 *                    token is a memo hit (compare + copy)
 *   rewrite/refer    copy, parse, --refer-sub strip on c_refer_norefersub.sip
 *                    (Refer-Sub line and the norefersub option tag go)
 *   rewrite/restore  copy, parse, route restore: f_invite_compact_sdp.sip
 *                    with a top Route carrying the token the sr case made
 *                    (verify, check the set, put it back)
 * The copy stands for the packet arriving in a fresh mbuf; both sides pay it.
 *
 * `bench_rewrite --count MODE N` runs MODE (parse-a, parse-b, path, path-plain,
 * sr, sr-memo, parse-c, refer, parse-d, restore) N times outside Google Benchmark, for callgrind:
 *   valgrind --tool=callgrind bench_rewrite --count path 1000   (minus N=0)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/policy.h"

struct job {
	const char *file;
	char *orig;
	size_t len;
	struct sw_policy pol;
	enum sw_direction dir;
	int rewrite; /* 0: parse only */
	int memo;    /* 1: route-token memo kept warm across packets */
};

static const struct sw_flow src = { 4, SW_TRANSPORT_UDP, 40123, { 198, 51, 100, 7 } };
static unsigned char work[4096], amem[16384], smem[4096];
static struct sw_policy_memo memo; /* the bench's one "lcore" */

static int
load(struct job *j)
{
	char path[4096];
	const char *root = getenv("SW_CORPUS");
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/bench/%s", root ? root : "../shared/corpus", j->file);
	f = fopen(path, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (size_t)n > sizeof(work) / 2)
		return -1;
	j->orig = malloc((size_t)n);
	j->len = (size_t)n;
	if (j->orig == NULL || fread(j->orig, 1, j->len, f) != j->len)
		return -1;
	fclose(f);
	return 0;
}

/* One packet: returns the new length, 0 on any failure. */
static size_t
one(const struct job *j, struct sw_arena *a, struct sw_arena *s)
{
	struct sw_edits e;
	struct sw_msg m;
	size_t nl = j->len;

	memcpy(work, j->orig, j->len);
	sw_arena_reset(a);
	sw_arena_reset(s);
	if (sw_msg_parse(work, j->len, NULL, a, &m, NULL) != SW_OK)
		return 0;
	if (!j->rewrite)
		return m.nhdrs;
	if ((j->memo ? sw_policy_apply_memo(work, &m, &j->pol, j->dir, &src, s, &e, NULL, NULL, &memo)
		     : sw_policy_apply(work, &m, &j->pol, j->dir, &src, s, &e, NULL, NULL)) != SW_OK ||
	    sw_edits_count(&e) == 0 ||
	    sw_edits_apply(work, j->len, sizeof(work), &m, &e, &nl, NULL) != SW_OK)
		return 0;
	return nl;
}

static void
bm_job(struct swb_state *st, void *arg)
{
	const struct job *j = arg;
	struct sw_arena a, s;

	sw_arena_init(&a, amem, sizeof(amem));
	sw_arena_init(&s, smem, sizeof(smem));
	while (swb_keep_running(st)) {
		size_t r = one(j, &a, &s);

		if (r == 0) {
			swb_error(st, "parse/policy/apply failed");
			break;
		}
		swb_do_not_optimize(&r);
		swb_do_not_optimize(work);
	}
	swb_set_bytes(st, swb_iterations(st) * (int64_t)j->len);
	swb_set_items(st, swb_iterations(st));
}

static struct job jobs[] = {
	{ "a_register_path.sip", NULL, 0, { 0 }, SW_DIR_ACCESS, 0, 0 },
	{ "b_200ok_svcroute.sip", NULL, 0, { 0 }, SW_DIR_CORE, 0, 0 },
	{ "a_register_path.sip", NULL, 0, { 0 }, SW_DIR_ACCESS, 1, 0 },
	{ "a_register_path.sip", NULL, 0, { 0 }, SW_DIR_ACCESS, 1, 0 },
	{ "b_200ok_svcroute.sip", NULL, 0, { 0 }, SW_DIR_CORE, 1, 0 },
	{ "b_200ok_svcroute.sip", NULL, 0, { 0 }, SW_DIR_CORE, 1, 1 },
	{ "c_refer_norefersub.sip", NULL, 0, { 0 }, SW_DIR_ACCESS, 0, 0 },
	{ "c_refer_norefersub.sip", NULL, 0, { 0 }, SW_DIR_ACCESS, 1, 0 },
	{ "f_invite_compact_sdp.sip", NULL, 0, { 0 }, SW_DIR_ACCESS, 0, 0 },
	{ "f_invite_compact_sdp.sip", NULL, 0, { 0 }, SW_DIR_ACCESS, 1, 0 },
};
#define NJOBS (sizeof(jobs) / sizeof(jobs[0]))
static const char *const names[NJOBS] = { "parse-a", "parse-b", "path", "path-plain", "sr", "sr-memo",
						  "parse-c", "refer",
						  "parse-d", "restore" };

/* Jobs 8 and 9 get "Route: <URI>" after the request line, URI being the
 * Service-Route the sr job writes (its route token included). */
static int
add_route(void)
{
	static const char line[] = "Service-Route: <";
	struct sw_arena a, s;
	size_t n, hl;
	const char *u = NULL, *gt, *eol;
	char *m;

	sw_arena_init(&a, amem, sizeof(amem));
	sw_arena_init(&s, smem, sizeof(smem));
	n = one(&jobs[4], &a, &s);
	for (size_t i = 0; u == NULL && i + sizeof(line) - 1 <= n; i++)
		if (memcmp(work + i, line, sizeof(line) - 1) == 0)
			u = (const char *)work + i;
	gt = u ? memchr(u, '>', n - (size_t)(u - (const char *)work)) : NULL;
	eol = memchr(jobs[8].orig, '\n', jobs[8].len);
	if (gt == NULL || eol == NULL)
		return -1;
	hl = (size_t)(eol + 1 - jobs[8].orig);
	m = malloc(jobs[8].len + (size_t)(gt - u) + 16);
	if (m == NULL)
		return -1;
	memcpy(m, jobs[8].orig, hl);
	n = hl + (size_t)sprintf(m + hl, "Route: %.*s\r\n", (int)(gt + 1 - u - 15), u + 15);
	memcpy(m + n, jobs[8].orig + hl, jobs[8].len - hl);
	n += jobs[8].len - hl;
	for (size_t i = 8; i < 10; i++) {
		jobs[i].orig = m;
		jobs[i].len = n;
		jobs[i].pol = jobs[4].pol;
	}
	return 0;
}

static int
setup(void)
{
	struct sw_err err;
	int bad = 0;

	for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		sw_policy_init(&jobs[i].pol);
		if (load(&jobs[i]) != 0) {
			fprintf(stderr, "bench_rewrite: cannot read %s (set SW_CORPUS)\n", jobs[i].file);
			return -1;
		}
	}
	bad |= sw_policy_set(&jobs[2].pol, "path", "sip:sbc.example.net;lr", &err);
	bad |= sw_policy_set(&jobs[2].pol, "flow-key", "000102030405060708090a0b0c0d0e0f", &err);
	bad |= sw_policy_set(&jobs[3].pol, "path", "sip:sbc.example.net;lr", &err);
	bad |= sw_policy_set(&jobs[4].pol, "service-route", "replace:sip:sbc.example.net;lr", &err);
	bad |= sw_policy_set(&jobs[4].pol, "flow-key", "000102030405060708090a0b0c0d0e0f", &err);
	jobs[5].pol = jobs[4].pol;
	bad |= sw_policy_set(&jobs[7].pol, "refer-sub", "strip", &err);
	sw_policy_memo_init(&memo);
	return bad || add_route() != 0 ? -1 : 0;
}

/* --count MODE N: a plain loop for instruction counting. */
static int
count_mode(const char *mode, const char *n_str)
{
	unsigned long n = strtoul(n_str, NULL, 10);
	struct sw_arena a, s;
	size_t acc = 0;

	sw_arena_init(&a, amem, sizeof(amem));
	sw_arena_init(&s, smem, sizeof(smem));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(mode, names[i]) != 0)
			continue;
		for (unsigned long k = 0; k < n; k++)
			acc += one(&jobs[i], &a, &s);
		printf("%s x%lu: %zu\n", mode, n, acc);
		return 0;
	}
	fprintf(stderr, "bench_rewrite: unknown mode %s\n", mode);
	return 2;
}

int
main(int argc, char **argv)
{
	static char bm_names[NJOBS][64];

	if (setup() != 0)
		return 1;
	if (argc == 4 && strcmp(argv[1], "--count") == 0)
		return count_mode(argv[2], argv[3]);
	for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		snprintf(bm_names[i], sizeof(bm_names[i]), "%s/%s", jobs[i].rewrite ? "rewrite" : "parse",
			 names[i]);
		swb_register(bm_names[i], bm_job, &jobs[i]);
	}
	return swb_main(argc, argv);
}
