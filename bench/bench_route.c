/* Name-addr list walking on the reference messages (../shared/corpus/bench):
 * the message is parsed once; the timed loop iterates every entry of Path,
 * Service-Route, Route, Record-Route and Contact (each URI parsed), reads
 * Refer-Sub and looks for the norefersub option tag. Bytes are the list
 * header values walked; items are the entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sipwire/msg.h"
#include "sipwire/refer_sub.h"
#include "sipwire/route.h"

static const char *const bench_files[] = {
	"a_register_path.sip", "b_200ok_svcroute.sip", "c_refer_norefersub.sip",
	"d_notify_sipfrag.sip", "e_notify_reginfo.sip", "f_invite_compact_sdp.sip",
};

static const enum sw_hdr_id lists[] = { SW_HDR_PATH, SW_HDR_SERVICE_ROUTE, SW_HDR_ROUTE,
					SW_HDR_RECORD_ROUTE, SW_HDR_CONTACT };

struct input {
	char *buf;
	size_t len;
	unsigned char mem[16384];
	struct sw_msg msg;
	int64_t list_bytes, entries;
	char name[64];
};

static struct input inputs[sizeof(bench_files) / sizeof(bench_files[0])];

static int
load(struct input *in, const char *file)
{
	char path[4096];
	const char *root = getenv("SW_CORPUS");
	struct sw_arena a;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/bench/%s", root ? root : "../shared/corpus", file);
	f = fopen(path, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		return -1;
	in->buf = malloc((size_t)n);
	in->len = (size_t)n;
	if (in->buf == NULL || fread(in->buf, 1, in->len, f) != in->len)
		return -1;
	fclose(f);
	sw_arena_init(&a, in->mem, sizeof(in->mem));
	if (sw_msg_parse(in->buf, in->len, NULL, &a, &in->msg, NULL) != SW_OK)
		return -1;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		for (const struct sw_hdr *h = sw_msg_first(&in->msg, lists[i]); h; h = sw_msg_next(&in->msg, h))
			in->list_bytes += h->value.len;
	return 0;
}

/* One pass over every list; returns the entries seen or -1 on an error. */
static int64_t
walk_all(const struct input *in, unsigned flags)
{
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_refer_sub rs;
	int64_t n = 0;
	int rc;

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		sw_addr_iter_init_flags(&it, in->buf, &in->msg, lists[i], flags);
		while ((rc = sw_addr_iter_next(&it, &na, NULL)) == 1) {
			swb_do_not_optimize(&na);
			n++;
		}
		if (rc < 0)
			return -1;
	}
	if (sw_refer_sub_get(in->buf, &in->msg, &rs, NULL) < 0 ||
	    sw_option_tag_has(in->buf, &in->msg, SW_HDR_SUPPORTED, "norefersub") < 0)
		return -1;
	swb_do_not_optimize(&rs);
	return n;
}

static void
bm_walk(struct swb_state *st, void *arg)
{
	struct input *in = arg;

	in->entries = walk_all(in, 0);
	if (in->entries < 0) {
		swb_error(st, "list walk failed");
		return;
	}
	while (swb_keep_running(st))
		walk_all(in, 0);
	swb_set_bytes(st, swb_iterations(st) * in->list_bytes);
	swb_set_items(st, swb_iterations(st) * in->entries);
	swb_counter(st, "entries", (double)in->entries);
}

/* `bench_route --iterations N FILE [split]`: walk FILE's lists N times
 * outside Google Benchmark (with SW_NA_SPLIT_ONLY when "split"), so
 * callgrind(N) - callgrind(0), divided by N, is the exact instruction cost
 * of one walk. */
static int
count_mode(const char *n_arg, const char *file, unsigned flags)
{
	unsigned long n = strtoul(n_arg, NULL, 10);
	int64_t sum = 0;

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (strcmp(bench_files[i], file) != 0)
			continue;
		for (unsigned long k = 0; k < n; k++)
			sum += walk_all(&inputs[i], flags);
		printf("%s: %lu walks, %lld entries\n", file, n, (long long)sum);
		return 0;
	}
	fprintf(stderr, "bench_route: %s is not a bench file\n", file);
	return 1;
}

/* `bench_route --uri N TEXT` / `--nameaddr N TEXT`: parse one URI or one
 * name-addr N times (callgrind per-call counts, as above). */
static int
one_mode(const char *what, const char *n_arg, const char *text)
{
	unsigned long n = strtoul(n_arg, NULL, 10);
	struct sw_slice s = sw_slice_make(0, (uint32_t)strlen(text));
	struct sw_nameaddr na;
	int bad = 0, uri = strcmp(what, "--uri") == 0;

	for (unsigned long k = 0; k < n; k++) {
		if (uri)
			bad |= sw_uri_parse(text, s, &na.u, NULL) != SW_OK;
		else
			bad |= sw_nameaddr_parse(text, s, 0, &na, NULL) != SW_OK;
		swb_do_not_optimize(&na);
	}
	printf("%s %s: %lu parses%s\n", what, text, n, bad ? ", rejected" : "");
	return bad;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && (strcmp(argv[1], "--uri") == 0 || strcmp(argv[1], "--nameaddr") == 0))
		return one_mode(argv[1], argv[2], argv[3]);
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (load(&inputs[i], bench_files[i]) != 0) {
			fprintf(stderr, "bench_route: cannot read or parse %s (set SW_CORPUS)\n", bench_files[i]);
			return 1;
		}
		snprintf(inputs[i].name, sizeof(inputs[i].name), "route/%.*s", 20, bench_files[i]);
		swb_register(inputs[i].name, bm_walk, &inputs[i]);
	}
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "--iterations") == 0)
		return count_mode(argv[2], argv[3], argc == 5 && strcmp(argv[4], "split") == 0 ?
				  SW_NA_SPLIT_ONLY : 0);
	return swb_main(argc, argv);
}
