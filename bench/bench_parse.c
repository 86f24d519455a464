/* Parse + header index + Path/Service-Route/Refer-Sub extraction of each
 * reference message (../shared/corpus/bench): ns/message and bytes/s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sipwire/msg.h"

static const char *const bench_files[] = {
	"a_register_path.sip", "b_200ok_svcroute.sip", "c_refer_norefersub.sip",
	"d_notify_sipfrag.sip", "e_notify_reginfo.sip", "f_invite_compact_sdp.sip",
};

struct input {
	char *buf;
	size_t len;
	char name[64];
};

static struct input inputs[sizeof(bench_files) / sizeof(bench_files[0])];

static int
load(struct input *in, const char *file)
{
	char path[4096];
	const char *root = getenv("SW_CORPUS");
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
	return 0;
}

static void
bm_parse(struct swb_state *st, void *arg)
{
	const struct input *in = arg;
	static unsigned char mem[16384];
	struct sw_arena a;
	struct sw_msg m;

	sw_arena_init(&a, mem, sizeof(mem));
	while (swb_keep_running(st)) {
		sw_arena_reset(&a);
		if (sw_msg_parse(in->buf, in->len, NULL, &a, &m, NULL) != SW_OK) {
			swb_error(st, "parse failed");
			break;
		}
		swb_do_not_optimize(&m);
	}
	swb_set_bytes(st, swb_iterations(st) * (int64_t)in->len);
	swb_set_items(st, swb_iterations(st));
}

int
main(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (load(&inputs[i], bench_files[i]) != 0) {
			fprintf(stderr, "bench_parse: cannot read %s (set SW_CORPUS)\n", bench_files[i]);
			return 1;
		}
		snprintf(inputs[i].name, sizeof(inputs[i].name), "parse/%.*s", 20, bench_files[i]);
		swb_register(inputs[i].name, bm_parse, &inputs[i]);
	}
	return swb_main(argc, argv);
}
