/* sipfrag and NOTIFY building: ns per status-only fragment, per complete
 * refer NOTIFY (RFC 3515 §4.1 F1 REFER in, F5-style NOTIFY out), per
 * sipfrag parse and per sanitised refer NOTIFY. No heap in the timed loops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sipwire/notify.h"
#include "sipwire/sipfrag.h"
#include "sipwire/sipfrag_policy.h"

static char refer[4096];
static size_t refer_len;
static unsigned char refer_mem[16384];
static struct sw_msg refer_msg;

static const char notify_with_frag[] =
	"NOTIFY sip:alice@192.0.2.10:5060 SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 192.0.2.55:5060;branch=z9hG4bK9fa3\r\n"
	"From: <sip:bob@example.net>;tag=86\r\nTo: <sip:alice@example.net>;tag=93\r\n"
	"Call-ID: 3c26@192.0.2.10\r\nCSeq: 72 NOTIFY\r\nEvent: refer\r\n"
	"Subscription-State: active;expires=60\r\nContent-Type: message/sipfrag;version=2.0\r\n"
	"Content-Length: 129\r\n\r\n"
	"SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP core1.internal;branch=z9hG4bKc\r\n"
	"Retry-After: 60\r\nContact: <sip:10.0.0.7>\r\nServer: b2bua\r\n";

static void
bm_write_status(struct swb_state *st, void *arg)
{
	char buf[64];

	(void)arg;
	while (swb_keep_running(st)) {
		long n = sw_sipfrag_write_status(buf, sizeof(buf), 486, "Busy Here", 9);

		swb_do_not_optimize(&n);
		swb_do_not_optimize(buf);
	}
	swb_set_items(st, swb_iterations(st));
}

static void
bm_notify_refer(struct swb_state *st, void *arg)
{
	static char out[1500];
	const struct sw_local_id local = { "agentb.atlanta.example.com", 5060, "UDP", "z9hG4bK9323394234", "b" };
	struct sw_refer_notify p = { 200, "OK", SW_SUBSTATE_TERMINATED, 0, "noresource", 1993403,
				     "4992881234", SW_EVENT_ID_AUTO };
	size_t len = 0;

	(void)arg;
	while (swb_keep_running(st)) {
		if (sw_notify_refer_build(refer, &refer_msg, &local, &p, out, sizeof(out), &len, NULL) != SW_OK) {
			swb_error(st, "build failed");
			break;
		}
		swb_do_not_optimize(out);
	}
	swb_counter(st, "bytes_out", (double)len);
	swb_set_items(st, swb_iterations(st));
}

/* The same NOTIFY from a REFER dialog and local identity prepared once: the
 * cost of each NOTIFY a notifier sends for a REFER it already parsed. */
static void
bm_notify_refer_prepared(struct swb_state *st, void *arg)
{
	static char out[1500];
	const struct sw_local_id id = { "agentb.atlanta.example.com", 5060, "UDP", NULL, "b" };
	struct sw_refer_notify p = { 200, "OK", SW_SUBSTATE_TERMINATED, 0, "noresource", 1993403,
				     "4992881234", SW_EVENT_ID_AUTO };
	struct sw_refer_dialog d;
	struct sw_local l;
	size_t len = 0;

	(void)arg;
	if (sw_refer_dialog_init(&d, refer, &refer_msg, NULL) != SW_OK || sw_local_prepare(&l, &id, NULL) != SW_OK) {
		swb_error(st, "prepare failed");
		return;
	}
	while (swb_keep_running(st)) {
		if (sw_notify_refer_write(refer, &d, &l, "z9hG4bK9323394234", &p, out, sizeof(out), &len,
					  NULL) != SW_OK) {
			swb_error(st, "write failed");
			break;
		}
		swb_do_not_optimize(out);
	}
	swb_counter(st, "bytes_out", (double)len);
	swb_set_items(st, swb_iterations(st));
}

static void
bm_parse_frag(struct swb_state *st, void *arg)
{
	static const char frag[] = "SIP/2.0 400 Bad Request\r\n"
				   "Warning: 399 atlanta.com Your Event header field was malformed\r\n";
	static unsigned char mem[4096];
	struct sw_arena a;
	struct sw_msg m;

	(void)arg;
	sw_arena_init(&a, mem, sizeof(mem));
	while (swb_keep_running(st)) {
		sw_arena_reset(&a);
		if (sw_sipfrag_parse(frag, sizeof(frag) - 1, NULL, &a, &m, NULL) != SW_OK) {
			swb_error(st, "parse failed");
			break;
		}
		swb_do_not_optimize(&m);
	}
	swb_set_items(st, swb_iterations(st));
}

static void
bm_sanitize(struct swb_state *st, void *arg)
{
	static unsigned char mem[16384], smem[4096];
	static struct sw_edits e;
	struct sw_arena a, s;
	struct sw_msg m;

	(void)arg;
	sw_arena_init(&a, mem, sizeof(mem));
	if (sw_msg_parse(notify_with_frag, sizeof(notify_with_frag) - 1, NULL, &a, &m, NULL) != SW_OK) {
		swb_error(st, "NOTIFY does not parse");
		return;
	}
	sw_arena_init(&s, smem, sizeof(smem));
	while (swb_keep_running(st)) {
		sw_edits_init(&e);
		if (sw_sipfrag_sanitize(notify_with_frag, &m, "Retry-After", &s, &e, NULL) != 1) {
			swb_error(st, "sanitize failed");
			break;
		}
		swb_do_not_optimize(&e);
	}
	swb_set_items(st, swb_iterations(st));
}

int
main(int argc, char **argv)
{
	char path[4096];
	const char *root = getenv("SW_CORPUS");
	FILE *f;
	struct sw_arena a;

	snprintf(path, sizeof(path), "%s/examples/rfc3515-f1-refer.sip", root ? root : "../shared/corpus");
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "bench_sipfrag: cannot read %s (set SW_CORPUS)\n", path);
		return 1;
	}
	refer_len = fread(refer, 1, sizeof(refer), f);
	fclose(f);
	sw_arena_init(&a, refer_mem, sizeof(refer_mem));
	if (sw_msg_parse(refer, refer_len, NULL, &a, &refer_msg, NULL) != SW_OK) {
		fprintf(stderr, "bench_sipfrag: the REFER does not parse\n");
		return 1;
	}
	swb_register("sipfrag/write_status_only", bm_write_status, NULL);
	swb_register("notify/refer_status_only", bm_notify_refer, NULL);
	swb_register("notify/refer_status_only_prepared", bm_notify_refer_prepared, NULL);
	swb_register("sipfrag/parse_400_warning", bm_parse_frag, NULL);
	swb_register("sipfrag/sanitize_refer_notify", bm_sanitize, NULL);
	return swb_main(argc, argv);
}
