/* scan: every SIMD scanner variant this CPU runs gives the reference answer
 * (the first byte of its class in b[pos..end), else end) on every corpus
 * message (every length, from every offset within 200 bytes of its end, and
 * every offset of the whole message) and on random buffers; the scalar
 * variant matches it at every offset of each whole message; no
 * variant reads outside b[0..end) (buffers flush against PROT_NONE pages on
 * both sides). The bug this pins: a vector tail block that overreads the
 * end of a datagram, or a mask shift that reports a match before pos. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <dirent.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "scan.h"
#include "tap.h"

enum { MAXLEN = 16384, TAIL = 200 };

static const char *const corpus_dirs[] = {
	"bench", "examples", "rfc4475/valid", "rfc4475/invalid",
};

struct guarded {
	unsigned char *tail_page; /* first byte of the guard page after the data */
	unsigned char *head;      /* first byte after the guard page before the data */
};

/* Two mappings: data ending at a guard page, data starting after one. */
static int
guarded_init(struct guarded *g)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), span = (MAXLEN / pg + 1) * pg;
	unsigned char *a = mmap(NULL, span + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *c = mmap(NULL, span + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED || c == MAP_FAILED || mprotect(a + span, pg, PROT_NONE) != 0 ||
	    mprotect(c, pg, PROT_NONE) != 0)
		return -1;
	g->tail_page = a + span;
	g->head = c + pg;
	return 0;
}

typedef int (*class_fn)(unsigned char c);

static int
is_lf(unsigned char c)
{
	return c == '\n';
}

static int
is_colon(unsigned char c)
{
	return c == ':';
}

static int
is_sep(unsigned char c)
{
	return c == ',' || c == '"' || c == '<' || c == '>' || c == '\\';
}

/* The run scanners stop at the first byte outside a set: RFC 3261 §25.1
 * token, and the bytes a Request-URI may hold unescaped (§25.1 reserved /
 * unreserved / escaped's '%', and '[' ']' of IPv6 references). */
static int
not_token(unsigned char c)
{
	return c == 0 || strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			       "-.!%*_+`'~", c) == NULL;
}

static int
not_uric(unsigned char c)
{
	return c == 0 || strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			       "-_.!~*'()%;/?:@&=+$,[]", c) == NULL;
}

#define NCLASS 5 /* scanner k < NCLASS finds the first byte of classes[k]; k == NCLASS is line */
static const class_fn classes[NCLASS] = { is_lf, is_colon, is_sep, not_token, not_uric };
static const char *const class_names[NCLASS + 1] = { "lf", "colon", "sep", "token_end", "uric_end",
						     "line" };

static sw_scan_fn
fn_of(const struct sw_scan_variant *v, int k)
{
	const sw_scan_fn fns[NCLASS] = { v->lf, v->colon, v->sep, v->token_end, v->uric_end };

	return fns[k];
}

/* Check scanner k of variant v on b[0..end) at every pos in [from, end]
 * against the tables (nx[c][i] = first byte of class c at or after i in the
 * whole message; k 3 is sw_scan_line: the LF, and the colon before it).
 * Returns mismatches; *bad_pos is the first. */
static unsigned
check_prefix(const struct sw_scan_variant *v, int k, const unsigned char *b, uint32_t from,
	     uint32_t end, uint32_t *const nx[NCLASS], uint32_t *bad_pos)
{
	unsigned bad = 0;

	for (uint32_t pos = from; pos <= end; pos++) {
		uint32_t want = nx[k == NCLASS ? 0 : k][pos], got, colon = 0, want_colon;

		want = want < end ? want : end;
		if (k < NCLASS) {
			got = fn_of(v, k)(b, pos, end);
			want_colon = colon;
		} else {
			got = v->line(b, pos, end, &colon);
			want_colon = nx[1][pos] < want ? nx[1][pos] : want;
		}
		if ((got != want || colon != want_colon) && bad++ == 0)
			*bad_pos = pos;
	}
	return bad;
}

static void
next_table(const unsigned char *msg, uint32_t len, class_fn cls, uint32_t *next)
{
	next[len] = len;
	for (uint32_t i = len; i-- > 0;)
		next[i] = cls(msg[i]) ? i : next[i + 1];
}

/* Every length of msg, each copied flush against the tail guard page, and
 * the whole message flush after the head guard page. */
static unsigned
check_message(const struct guarded *g, const struct sw_scan_variant *v, int k,
	      const unsigned char *msg, uint32_t len, const char **what, uint32_t *at)
{
	static uint32_t t[NCLASS][MAXLEN + 1];
	uint32_t *const nx[NCLASS] = { t[0], t[1], t[2], t[3], t[4] };
	unsigned bad = 0;

	for (int c = 0; c < NCLASS; c++)
		next_table(msg, len, classes[c], nx[c]);
	/* Every length, each copy ending at the guard page, from every offset
	 * within TAIL bytes of that end: the vector tail logic (64- and 32-byte
	 * steps, then the overlapping last block) only involves the last 96
	 * bytes, and offsets further back are the whole-message case below.
	 * The scalar loops are the reference and have no tail logic. */
	for (uint32_t end = v == &sw_scan_variants[0] ? len + 1 : 0; end <= len; end++) {
		unsigned char *b = g->tail_page - end;

		memcpy(b, msg, end);
		if (check_prefix(v, k, b, end > TAIL ? end - TAIL : 0, end, nx, at) != 0 && bad++ == 0)
			*what = "prefix flush against the end guard";
	}
	memcpy(g->head, msg, len);
	if (check_prefix(v, k, g->head, 0, len, nx, at) != 0 && bad++ == 0)
		*what = "message flush after the start guard";
	return bad;
}

static unsigned
check_dir(const struct guarded *g, const struct sw_scan_variant *v, int k, const char *rel,
	  unsigned *files)
{
	DIR *d = opendir(tap_corpus(rel));
	struct dirent *e;
	unsigned bad = 0;

	if (d == NULL)
		return 1;
	while ((e = readdir(d)) != NULL) {
		char path[8192];
		const char *what = "";
		uint32_t at = 0;
		size_t len;
		unsigned char *msg;

		if (strstr(e->d_name, ".sip") == NULL && strstr(e->d_name, ".dat") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tap_corpus(rel), e->d_name);
		msg = (unsigned char *)tap_slurp(path, &len);
		if (msg == NULL || len > MAXLEN) {
			free(msg);
			bad++;
			continue;
		}
		(*files)++;
		if (check_message(g, v, k, msg, (uint32_t)len, &what, &at) != 0) {
			tap_diag("%s/%s: %s, first bad pos %u", rel, e->d_name, what, at);
			bad++;
		}
		free(msg);
	}
	closedir(d);
	return bad;
}

/* xorshift: deterministic random buffers rich in the bytes scanned for. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static unsigned
check_random(const struct guarded *g, const struct sw_scan_variant *v, int k)
{
	static const unsigned char alphabet[] = "\n:,\"<>\\\r ab";
	static unsigned char msg[300];
	uint32_t seed = 0x9e3779b9u;
	unsigned bad = 0;

	for (int round = 0; round < 400; round++) {
		uint32_t len = rnd(&seed) % sizeof(msg), density = 1 + rnd(&seed) % 64, at = 0;
		const char *what = "";

		/* the run scanners get long runs: filler from their sets */
		for (uint32_t i = 0; i < len; i++)
			msg[i] = rnd(&seed) % density == 0 ? alphabet[rnd(&seed) % 11]
				 : k == 3 || k == 4 ? (unsigned char)"aZ9-%~.!"[rnd(&seed) % 8]
						    : (unsigned char)rnd(&seed);
		if (check_message(g, v, k, msg, len, &what, &at) != 0 && bad++ == 0)
			tap_diag("random round %d (len %u): %s, pos %u", round, len, what, at);
	}
	return bad;
}

/* sw_scan_classify variant v on b[0..end) from pos against the bytes:
 * window base and length, every bit of every block it writes. */
static int
classify_ok(const struct sw_scan_variant *v, const unsigned char *b, uint32_t pos, uint32_t end)
{
	struct sw_scan_win w;
	uint32_t want = end - pos < 64u * SW_SCAN_WIN_BLOCKS ? end - pos : 64u * SW_SCAN_WIN_BLOCKS;

	memset(&w, 0xa5, sizeof(w)); /* garbage where nothing is written */
	v->classify(b, pos, end, &w);
	if (w.base != pos || w.len != want)
		return 0;
	for (uint32_t i = 0; i < (want + 63) / 64 * 64; i++) {
		int lf = (int)(w.lf[i >> 6] >> (i & 63) & 1);

		if (lf != (i < want && b[pos + i] == '\n'))
			return 0;
	}
	return 1;
}

/* Random buffers dense in LF and ':' of every length up to 1,200, flush
 * against the guard page after them and right after the one before
 * them, classified from many offsets (windows of every fill). */
static unsigned
check_classify(const struct guarded *g, const struct sw_scan_variant *v)
{
	static const unsigned char alphabet[] = "\n:\r ab";
	static unsigned char msg[1200];
	uint32_t seed = 0x5eed5eedu;
	unsigned bad = 0;

	for (uint32_t len = 0; len <= sizeof(msg); len += 1 + len / 16) {
		for (uint32_t i = 0; i < len; i++)
			msg[i] = rnd(&seed) % 4 == 0 ? alphabet[rnd(&seed) % 6] : (unsigned char)rnd(&seed);
		memcpy(g->tail_page - len, msg, len);
		memcpy(g->head, msg, len);
		for (uint32_t pos = 0; pos <= len; pos += 1 + pos / 8) {
			bad += !classify_ok(v, g->tail_page - len, pos, len);
			bad += !classify_ok(v, g->head, pos, len);
		}
	}
	return bad;
}

int
main(void)
{
	struct guarded g;
	unsigned nsupported = 0;

	if (!tap_ok(guarded_init(&g) == 0, "guard pages mapped"))
		return tap_done();
	for (unsigned v = 0; v < sw_scan_nvariants; v++) {
		const struct sw_scan_variant *var = &sw_scan_variants[v];

		if (!sw_scan_supported(var)) {
			tap_skip(var->name);
			continue;
		}
		nsupported++;
		for (int k = 0; k <= NCLASS; k++) {
			unsigned files = 0, bad = 0;

			for (size_t d = 0; d < sizeof(corpus_dirs) / sizeof(corpus_dirs[0]); d++)
				bad += check_dir(&g, var, k, corpus_dirs[d], &files);
			tap_ok(bad == 0 && files > 50, "%s %s: every length and offset of %u corpus files",
			       var->name, class_names[k], files);
			tap_ok(check_random(&g, var, k) == 0, "%s %s: 400 random buffers",
			       var->name, class_names[k]);
		}
		tap_ok(check_classify(&g, var) == 0,
		       "%s classify: LF/':' window bits of random buffers at guard pages, many offsets",
		       var->name);
	}
	tap_ok(sw_scan_supported(sw_scan_best()) && nsupported >= 1, "dispatch picks a supported variant (%s)",
	       sw_scan_best()->name);
	for (int k = 0; k < NCLASS; k++) {
		static const unsigned char line[] = "Path: <sip:a@b;lr>, \"x,\\\"y\" <sip:c>\r\nVia: x\r\n";
		static const sw_scan_fn pubs[NCLASS] = { sw_scan_lf, sw_scan_colon, sw_scan_sep,
							 sw_scan_token_end, sw_scan_uric_end };
		const struct sw_scan_variant *best = sw_scan_best();
		sw_scan_fn pub = pubs[k];
		unsigned bad = 0;

		for (uint32_t pos = 0; pos < sizeof(line) - 1; pos++)
			bad += pub(line, pos, sizeof(line) - 1) != fn_of(best, k)(line, pos, sizeof(line) - 1);
		tap_ok(bad == 0, "sw_scan_%s dispatches to %s", class_names[k], best->name);
	}
	{
		static const unsigned char line[] = "Via: SIP/2.0/UDP a:5060\r\nno colon here\r\n";
		const struct sw_scan_variant *best = sw_scan_best();
		unsigned bad = 0;

		for (uint32_t pos = 0; pos < sizeof(line) - 1; pos++) {
			uint32_t c1 = 0, c2 = 1;

			bad += sw_scan_line(line, pos, sizeof(line) - 1, &c1) !=
			       best->line(line, pos, sizeof(line) - 1, &c2);
			bad += c1 != c2;
		}
		tap_ok(bad == 0, "sw_scan_line dispatches to %s", best->name);
	}
	return tap_done();
}
