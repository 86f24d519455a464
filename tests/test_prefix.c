/* Every prefix of every corpus message, placed flush against a PROT_NONE
 * guard page, in every parse mode: the parser returns a status and never
 * reads past the input (an over-read faults). A proper prefix of a message
 * never parses as the same message: before the end of the header section it
 * is SW_E_INCOMPLETE (or the error the full message has at an earlier
 * offset); inside a body it is SW_E_LENGTH when Content-Length says more,
 * SW_E_INCOMPLETE in stream mode. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "corpus_iter.h"
#include "sipwire/msg.h"

static unsigned char *region;
static size_t page, region_len;
static unsigned char arena_mem[65536];

static int
parse_at_guard(const char *src, size_t len, enum sw_msg_mode mode, struct sw_msg *m, struct sw_err *e)
{
	unsigned char *p = region + region_len - page - len; /* input ends at the guard page */
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;
	struct sw_arena a;

	memcpy(p, src, len);
	cfg.mode = mode;
	sw_arena_init(&a, arena_mem, sizeof(arena_mem));
	return sw_msg_parse(p, len, &cfg, &a, m, e);
}

struct tally {
	int files, bad;
};

static int
prefix_ok(enum sw_msg_mode mode, int full_rc, const struct sw_msg *full, size_t n, int rc,
	  const struct sw_err *e, const struct sw_err *full_err)
{
	uint32_t body_at = full->hdr_end + 2;

	if (rc == SW_E_INCOMPLETE || (full_rc != SW_OK && rc == full_rc && e->off <= full_err->off))
		return 1;
	if (full_rc != SW_OK)
		return rc != SW_OK || mode == SW_MODE_FRAGMENT; /* error or a shorter valid fragment */
	if (mode == SW_MODE_FRAGMENT)
		return 1; /* any line boundary may end a fragment; statuses are all the check */
	if (n < body_at)
		return rc != SW_OK;
	if (mode == SW_MODE_STREAM)
		return 0;
	return full->content_length >= 0 ? rc == SW_E_LENGTH : rc == SW_OK;
}

static void
check_file(const char *rel, const char *buf, size_t len, void *arg)
{
	static const enum sw_msg_mode modes[] = { SW_MODE_DATAGRAM, SW_MODE_STREAM, SW_MODE_FRAGMENT };
	struct tally *t = arg;
	int bad = 0;

	if (len + page > region_len) {
		tap_ok(0, "%s: fits the guard harness", rel);
		return;
	}
	for (size_t mi = 0; mi < 3; mi++) {
		struct sw_msg full, m;
		struct sw_err fe = { 0 }, e = { 0 };
		int frc = parse_at_guard(buf, len, modes[mi], &full, &fe);
		size_t end = frc == SW_OK ? full.len : len;

		for (size_t n = 0; n < end && !bad; n++) {
			int rc = parse_at_guard(buf, n, modes[mi], &m, &e);

			if (!prefix_ok(modes[mi], frc, &full, n, rc, &e, &fe)) {
				tap_diag("%s mode %zu prefix %zu: %s at %u (full: %s)", rel, mi, n,
					 sw_status_name(rc), e.off, sw_status_name(frc));
				bad = 1;
			}
		}
	}
	t->files++;
	t->bad += bad;
	tap_ok(!bad, "%s: every prefix in every mode", rel);
}

int
main(void)
{
	struct tally t = { 0, 0 };

	page = (size_t)sysconf(_SC_PAGESIZE);
	region_len = 16 * page;
	region = mmap(NULL, region_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED || mprotect(region + region_len - page, page, PROT_NONE) != 0) {
		tap_ok(0, "guard page set up");
		return tap_done();
	}
	corpus_each(check_file, &t);
	tap_ok(t.files >= 100, "corpus walked (%d files)", t.files);
	return tap_done();
}
