/* Parse + header index + Path/Service-Route/Refer-Sub extraction of each
 * reference message (../shared/corpus/bench): ns/message and bytes/s. The
 * work is bench/extract.c, the same function `sipwire bench` and
 * bench_peers time. */
#include <stdio.h>

#include "corpus.h"
#include "extract.h"
#include "harness.h"

enum { MAX_MSGS = 64 };

struct input {
	const struct swb_msgfile *f;
	char name[96];
};

static struct swb_msgfile files[MAX_MSGS];
static struct input inputs[MAX_MSGS];

static void
bm_parse(struct swb_state *st, void *arg)
{
	const struct input *in = arg;
	static unsigned char mem[16384];
	struct sw_arena a;
	struct sw_msg m;
	struct swx_out x;

	sw_arena_init(&a, mem, sizeof(mem));
	while (swb_keep_running(st)) {
		if (swx_parse_extract(in->f->buf, in->f->len, &a, &m, &x, NULL) != SW_OK) {
			swb_error(st, "parse or extraction failed");
			break;
		}
		swb_do_not_optimize(&m);
		swb_do_not_optimize(&x);
	}
	swb_set_bytes(st, swb_iterations(st) * (int64_t)in->f->len);
	swb_set_items(st, swb_iterations(st));
}

int
main(int argc, char **argv)
{
	int n = swb_corpus_load(files, MAX_MSGS);

	if (n < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		inputs[i].f = &files[i];
		snprintf(inputs[i].name, sizeof(inputs[i].name), "parse/%s", files[i].name);
		swb_register(inputs[i].name, bm_parse, &inputs[i]);
	}
	return swb_main(argc, argv);
}
