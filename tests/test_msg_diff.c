/* msg_diff: sw_msg_parse's fast header-line loop (fast_headers over the
 * block classifier's window) against the general per-line path it falls
 * back to (slow_header), forced for every line with sw_msg_parse_general
 * (msg_int.h). Bug this pins: a fast path that accepts, rejects or slices
 * a line differently from the general rules. Every field of struct sw_msg,
 * every header slice, id, next chain and folded flag, the status, err.off,
 * err.need and err.detail, and the arena use must be identical on: every
 * file under the shared corpus, every prefix of each (flush against a
 * PROT_NONE page, so an over-read faults), all three modes, tight limits
 * (max_headers, max_line, a small arena), random mutations (byte flips,
 * inserted CR / LF / SP / HT / ':'), and with every classifier variant this
 * CPU runs (scalar, SSE4.2, AVX2) on the fast side, forced through
 * sw_msg_parse_with. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, DT_DIR */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ctype_tab.h"
#include "msg_int.h"
#include "tap.h"

#define MAX_FILE 65536

static unsigned char *region;
static size_t page, region_len;
static unsigned char mem_a[1 << 16], mem_b[1 << 16];

struct tally {
	unsigned long runs, bad;
	const char *first_bad;
};

static char first_bad_buf[600];

static int
slice_eq(struct sw_slice a, struct sw_slice b)
{
	return a.off == b.off && a.len == b.len;
}

/* Field by field: the header table lives at different arena addresses. */
static const char *
msg_diff(const struct sw_msg *a, const struct sw_msg *b)
{
	if (a->kind != b->kind || a->mode != b->mode || a->method != b->method ||
	    a->status != b->status)
		return "kind/mode/method/status";
	if (!slice_eq(a->start, b->start) || !slice_eq(a->method_name, b->method_name) ||
	    !slice_eq(a->ruri, b->ruri) || !slice_eq(a->version, b->version) ||
	    !slice_eq(a->reason, b->reason))
		return "start line slices";
	if (a->nhdrs != b->nhdrs || (a->hdrs == NULL) != (b->hdrs == NULL))
		return "nhdrs";
	if (memcmp(a->first, b->first, sizeof(a->first)) != 0)
		return "first[]";
	if (a->hdr_end != b->hdr_end || !slice_eq(a->body, b->body) ||
	    a->content_length != b->content_length || a->len != b->len)
		return "framing";
	if (a->cseq != b->cseq || a->has_cseq != b->has_cseq ||
	    a->cseq_method_id != b->cseq_method_id || !slice_eq(a->cseq_method, b->cseq_method))
		return "CSeq";
	for (unsigned i = 0; i < a->nhdrs; i++) {
		const struct sw_hdr *h = &a->hdrs[i], *k = &b->hdrs[i];

		if (!slice_eq(h->name, k->name) || !slice_eq(h->value, k->value) ||
		    !slice_eq(h->line, k->line) || h->id != k->id || h->next != k->next ||
		    h->folded != k->folded)
			return "header entry";
	}
	return NULL;
}

/* One comparison: buf[0..len) flush against the guard page. */
static void
compare(struct tally *t, const char *what, const unsigned char *src, size_t len,
	const struct sw_parse_cfg *cfg, size_t arena_cap, sw_scan_classify_fn classify)
{
	unsigned char *p = region + region_len - page - len;
	struct sw_arena aa, ab;
	struct sw_msg ma, mb;
	struct sw_err ea = { 0, 0, NULL }, eb = { 0, 0, NULL };
	const char *why = NULL;
	int ra, rb;

	memcpy(p, src, len);
	sw_arena_init(&aa, mem_a, arena_cap);
	sw_arena_init(&ab, mem_b, arena_cap);
	ra = sw_msg_parse_with(classify, p, len, cfg, &aa, &ma, &ea);
	rb = sw_msg_parse_general(p, len, cfg, &ab, &mb, &eb);
	t->runs++;
	if (ra != rb)
		why = "status";
	else if (ea.off != eb.off || ea.need != eb.need ||
		 (ea.detail == NULL) != (eb.detail == NULL) ||
		 (ea.detail != NULL && strcmp(ea.detail, eb.detail) != 0))
		why = "err";
	else if (aa.used != ab.used)
		why = "arena use";
	else if (ra == SW_OK)
		why = msg_diff(&ma, &mb);
	if (why == NULL)
		return;
	if (t->bad++ == 0) {
		snprintf(first_bad_buf, sizeof(first_bad_buf),
			 "%.60s len %zu mode %d: %s differs (rc %d/%d, off %u/%u)", what, len,
			 (int)cfg->mode, why, ra, rb, ea.off, eb.off);
		t->first_bad = first_bad_buf;
	}
}

/* Every mode and a few limit settings on one input. */
static void
compare_all(struct tally *t, const char *what, const unsigned char *src, size_t len,
	    sw_scan_classify_fn classify, int tight)
{
	static const enum sw_msg_mode modes[] = { SW_MODE_DATAGRAM, SW_MODE_STREAM,
						  SW_MODE_FRAGMENT };

	for (size_t i = 0; i < 3; i++) {
		struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;

		cfg.mode = modes[i];
		compare(t, what, src, len, &cfg, sizeof(mem_a), classify);
		if (!tight)
			continue;
		cfg.limits.max_headers = 5; /* SW_E_TOOMANY mid-section */
		compare(t, what, src, len, &cfg, sizeof(mem_a), classify);
		cfg.limits.max_headers = 128;
		cfg.limits.max_line = 40; /* SW_E_TOOLONG on common lines */
		compare(t, what, src, len, &cfg, sizeof(mem_a), classify);
		cfg.limits.max_line = 8192;
		cfg.limits.max_msg = 300; /* message limit inside the section */
		compare(t, what, src, len, &cfg, sizeof(mem_a), classify);
		cfg.limits.max_msg = 65535;
		compare(t, what, src, len, &cfg, 7 * sizeof(struct sw_hdr) + 3, classify);
	}
}

/* Byte flips and inserted structure bytes at random places. */
static void
mutate(struct tally *t, const char *rel, const unsigned char *src, size_t len,
       sw_scan_classify_fn classify, unsigned *seed)
{
	static const unsigned char ins[] = { '\r', '\n', ' ', '\t', ':', 0x80, 'A' };
	static unsigned char buf[MAX_FILE + 4];

	for (int k = 0; k < 60 && len > 0 && len < MAX_FILE; k++) {
		size_t at = (size_t)rand_r(seed) % len, n = len;

		memcpy(buf, src, len);
		if (k % 2 == 0) {
			buf[at] ^= (unsigned char)(1u << (rand_r(seed) % 8));
		} else {
			memmove(buf + at + 1, buf + at, len - at);
			buf[at] = ins[(unsigned)rand_r(seed) % sizeof(ins)];
			n++;
		}
		if (k % 3 == 0) /* a second change near the first */
			buf[(at + (size_t)rand_r(seed) % 8) % n] = ins[(unsigned)rand_r(seed) % sizeof(ins)];
		compare_all(t, rel, buf, n, classify, 0);
	}
}

static void
check_file(struct tally *t, const char *rel, const unsigned char *buf, size_t len,
	   sw_scan_classify_fn classify, unsigned *seed)
{
	/* large binary files (pcaps): every prefix near the start and the end */
	for (size_t n = 0; n <= len; n++) {
		if (len > 8192 && n > 2048 && n + 2048 < len && n % 97 != 0)
			continue;
		compare_all(t, rel, buf, n, classify, n == len || n % 7 == 0);
	}
	mutate(t, rel, buf, len, classify, seed);
}

static void
walk(struct tally *t, const char *dir, const char *rel, sw_scan_classify_fn classify,
     unsigned *seed, int *files)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[1024], sub[600];
		size_t len;
		char *buf;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		if (de->d_type == DT_DIR) {
			walk(t, path, sub, classify, seed, files);
			continue;
		}
		buf = tap_slurp(path, &len);
		if (buf == NULL || len > MAX_FILE) {
			free(buf);
			continue;
		}
		check_file(t, sub, (const unsigned char *)buf, len, classify, seed);
		free(buf);
		(*files)++;
	}
	closedir(d);
}

/* Hand-made lines around the fast path's edges. */
static const char *const edge_cases[] = {
	"OPTIONS sip:a SIP/2.0\r\nVia: x\r\nTo: a\r\n\r\n",
	"OPTIONS sip:a SIP/2.0\r\nVia:x\r\nTo : a\r\nFrom:  b\r\nCall-ID: c \r\n\r\n",
	"OPTIONS sip:a SIP/2.0\r\nVia: x\r\n y\r\nTo: a\r\n\tb\r\n\r\n",
	"OPTIONS sip:a SIP/2.0\r\nVia: x\nTo: a\r\n\r\n",
	"OPTIONS sip:a SIP/2.0\r\nVia: \r\nTo: a\r\n\r\n",
	"OPTIONS sip:a SIP/2.0\r\n: x\r\nTo: a\r\n\r\n",
	"OPTIONS sip:a SIP/2.0\r\nX-\x80: x\r\n\r\n",
	("OPTIONS sip:a SIP/2.0\r\nCSeq: 1 OPTIONS\r\nCSeq: 2 OPTIONS\r\nContent-Length: 0\r\n"
	 "Content-Length: 1\r\n\r\n"),
	"OPTIONS sip:a SIP/2.0\r\nCSeq: 99999999999 OPTIONS\r\n\r\n",
	"OPTIONS sip:a SIP/2.0\r\nContent-Length: x\r\n\r\n",
	"SIP/2.0 200 OK\r\nv: a\r\nf: b\r\nt: c\r\ni: d\r\nl: 2\r\n\r\nab",
	"OPTIONS sip:a SIP/2.0\r\nVia: x\r",
	"OPTIONS sip:a SIP/2.0\r\nVia: x\r\n",
	"Via: x\r\nTo: y\r\n",
	"OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\nTo: a\r\n\r\n",
	"OPTIONS sip:a SIP/2.0\r\n\nVia: x\r\n\r\n",
};

static void
check_edges(struct tally *t, sw_scan_classify_fn classify)
{
	static unsigned char buf[8192]; /* 12 lines of up to 220 bytes + 600 */

	for (size_t i = 0; i < sizeof(edge_cases) / sizeof(edge_cases[0]); i++)
		for (size_t n = 0; n <= strlen(edge_cases[i]); n++)
			compare_all(t, edge_cases[i], (const unsigned char *)edge_cases[i], n, classify, 1);
	/* the line-length limit at and around every line's length (the line
	 * loop compares the length less one against max_line - 1) */
	for (uint32_t ml = 0; ml < 48; ml++) {
		static const char m[] = "OPTIONS sip:a SIP/2.0\r\nA: 1\r\nVia: SIP/2.0/UDP h\r\n"
					"To: <sip:bob@example.com>\r\nCall-ID: 0123456789abcdef0123456789\r\n\r\n";
		struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;

		cfg.limits.max_line = ml;
		compare(t, "max_line sweep", (const unsigned char *)m, sizeof(m) - 1, &cfg, sizeof(mem_a),
			classify);
	}
	/* a header line longer than one classifier window (512 bytes), and
	 * lines crossing the window end at every offset */
	for (size_t pad = 0; pad < 130; pad++) {
		size_t n = (size_t)snprintf((char *)buf, sizeof(buf), "OPTIONS sip:a SIP/2.0\r\n");

		for (size_t l = 0; l < 12; l++) {
			n += (size_t)snprintf((char *)buf + n, sizeof(buf) - n, "X-%zu: ", l);
			memset(buf + n, 'v', pad + l * 7);
			n += pad + l * 7;
			buf[n++] = '\r';
			buf[n++] = '\n';
		}
		memset(buf + n - 2, 'w', 600);
		n += 598;
		memcpy(buf + n, "\r\n\r\n", 4);
		compare_all(t, "window edges", buf, n + 4, classify, 1);
	}
}

/* The Request-URI run (msg.c's ruri_end: inline 32-byte steps while 32
 * bytes are readable, then sw_scan_uric_end) against the byte rule: URIs
 * of 1 to 80 bytes with every byte value at every position, the message
 * flush against the guard page with no header or a few after the start
 * line, so the steps meet the input end at every offset. Bug this pins: a
 * vector step that stops at the wrong byte, reads past the input or past
 * the line's CR. */
static void
check_ruri(struct tally *t)
{
	static const char *const tails[] = { "", "Via: x\r\nTo: y\r\nFrom: zz\r\n" };
	static unsigned char buf[256];
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;

	for (size_t ti = 0; ti < 2; ti++)
		for (uint32_t n = 1; n <= 80; n++)
			for (uint32_t k = 0; k < n; k++)
				for (unsigned c = 0; c < 256; c++) {
					const uint32_t u = 8;
					uint32_t e = u, len;
					unsigned char *p;
					struct sw_arena a;
					struct sw_msg m;
					struct sw_err err = { 0, 0, NULL };
					int rc, ok;

					if (c == '\r' || c == '\n') /* they end the line: other tests */
						continue;
					len = (uint32_t)snprintf((char *)buf, sizeof(buf), "OPTIONS %*s SIP/2.0\r\n%s\r\n",
								 (int)n, "", tails[ti]);
					memset(buf + u, 'a' + k % 26, n);
					buf[u + k] = (unsigned char)c;
					p = region + region_len - page - len;
					memcpy(p, buf, len);
					while (sw_is(p[e], SW_CT_URIC))
						e++;
					sw_arena_init(&a, mem_a, sizeof(mem_a));
					rc = sw_msg_parse(p, len, &cfg, &a, &m, &err);
					if (c == '<' && k == 0)
						ok = rc == SW_E_MALFORMED && err.off == u;
					else if (e == u || p[e] != ' ')
						ok = rc == SW_E_MALFORMED && err.off == e;
					else if (e == u + n)
						ok = rc == SW_OK && m.ruri.off == u && m.ruri.len == n;
					else /* an SP inside: the version check fails after it */
						ok = rc != SW_OK && err.off > e;
					t->runs++;
					if (!ok && t->bad++ == 0) {
						snprintf(first_bad_buf, sizeof(first_bad_buf),
							 "URI of %u bytes, 0x%02x at %u: rc %d off %u (run end %u)", n,
							 c, k, rc, err.off, e);
						t->first_bad = first_bad_buf;
					}
				}
}

/* CSeq (msg.c's take_cseq: 1-7 digits, one SP, a known method, read by
 * words when 16 bytes are readable from the value) against sw_msgp_cseq_general,
 * which takes a value starting closer than that to the input end: the
 * same CSeq line once followed by another header (the shortcut, where it
 * applies) and once last in the input (the general decoder, for values
 * of up to 11 bytes). Numbers, separators and methods around the edges of
 * the shortcut, in requests and a response. Bug this pins: the shortcut
 * accepting, rejecting or slicing a CSeq unlike the general rules. */
static void
check_cseq(struct tally *t)
{
	static const char *const starts[] = { "INVITE sip:a SIP/2.0", "NOTIFY sip:a SIP/2.0",
					      "REGISTER sip:a SIP/2.0", "SIP/2.0 200 OK" };
	static const char *const nums[] = { "", "0", "7", "42", "123", "1234", "1234567", "12345678",
					    "00000001", "2147483647", "12a", "-1" };
	static const char *const seps[] = { " ", "  ", "\t", " \t", "", "\r\n ", " \r\n " };
	static const char *const methods[] = { "INVITE", "invite", "BYE", "ACK", "REGISTER",
					       "REGISTE", "SUBSCRIBE", "NOTIFY", "NOTIFYX", "FOO",
					       "X", "", "B@E", "INVITE;", "NOTIFY " };
	struct sw_parse_cfg cfg = SW_PARSE_CFG_DEFAULT;
	char a[256], b[256];

	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		for (size_t j = 0; j < sizeof(nums) / sizeof(nums[0]); j++)
			for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++)
				for (size_t l = 0; l < sizeof(methods) / sizeof(methods[0]); l++) {
					const char *why = NULL;
					struct sw_arena aa, ab;
					struct sw_msg ma, mb;
					struct sw_err ea = { 0, 0, NULL }, eb = { 0, 0, NULL };
					size_t na = (size_t)snprintf(a, sizeof(a), "%s\r\nCSeq: %s%s%s\r\nX: 0123456789abcdef\r\n\r\n",
								     starts[i], nums[j], seps[k], methods[l]);
					size_t nb = (size_t)snprintf(b, sizeof(b), "%s\r\nCSeq: %s%s%s\r\n\r\n",
								     starts[i], nums[j], seps[k], methods[l]);
					unsigned char *p = region + region_len - page - nb;
					int ra, rb;

					memcpy(p, b, nb);
					sw_arena_init(&aa, mem_a, sizeof(mem_a));
					sw_arena_init(&ab, mem_b, sizeof(mem_b));
					ra = sw_msg_parse(a, na, &cfg, &aa, &ma, &ea);
					rb = sw_msg_parse(p, nb, &cfg, &ab, &mb, &eb);
					t->runs++;
					if (ra != rb)
						why = "status";
					else if (ea.off != eb.off || (ea.detail == NULL) != (eb.detail == NULL) ||
						 (ea.detail != NULL && strcmp(ea.detail, eb.detail) != 0))
						why = "err";
					else if (ra == SW_OK &&
						 (ma.cseq != mb.cseq || ma.has_cseq != mb.has_cseq ||
						  ma.cseq_method_id != mb.cseq_method_id || ma.method != mb.method ||
						  !slice_eq(ma.cseq_method, mb.cseq_method)))
						why = "CSeq fields";
					if (why != NULL && t->bad++ == 0) {
						snprintf(first_bad_buf, sizeof(first_bad_buf),
							 "CSeq \"%s%s%s\" after %.8s: %s differs (rc %d/%d, off %u/%u)",
							 nums[j], seps[k], methods[l], starts[i], why, ra, rb, ea.off, eb.off);
						t->first_bad = first_bad_buf;
					}
				}
}

int
main(void)
{
	page = (size_t)sysconf(_SC_PAGESIZE);
	region_len = MAX_FILE + 8192 + 2 * page;
	region_len = (region_len + page - 1) / page * page;
	region = mmap(NULL, region_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED || mprotect(region + region_len - page, page, PROT_NONE) != 0) {
		tap_skip("no guard page");
		return 0;
	}
	{
		struct tally t = { 0, 0, NULL };

		check_ruri(&t);
		tap_ok(t.bad == 0, "Request-URI run: every byte at every position of 1..80-byte URIs "
				   "at the input end, as the byte rule (%lu parses)%s%s",
		       t.runs, t.first_bad ? "; first: " : "", t.first_bad ? t.first_bad : "");
	}
	{
		struct tally t = { 0, 0, NULL };

		check_cseq(&t);
		tap_ok(t.bad == 0, "CSeq shortcut (value 16 bytes from the end) as the general decoder "
				   "(value last in the input) (%lu pairs)%s%s",
		       t.runs, t.first_bad ? "; first: " : "", t.first_bad ? t.first_bad : "");
	}
	for (unsigned v = 0; v < sw_scan_nvariants; v++) {
		const struct sw_scan_variant *var = &sw_scan_variants[v];
		struct tally t = { 0, 0, NULL };
		unsigned seed = 4475u + v;
		int files = 0;

		if (!sw_scan_supported(var)) {
			tap_skip(var->name);
			continue;
		}
		check_edges(&t, var->classify);
		tap_ok(t.bad == 0,
		       "%s: hand-made edge cases: fast path identical to the general path "
		       "(%lu parses)%s%s",
		       var->name, t.runs, t.first_bad ? "; first: " : "", t.first_bad ? t.first_bad : "");
		t = (struct tally){ 0, 0, NULL };
		walk(&t, tap_corpus(""), "", var->classify, &seed, &files);
		tap_ok(files > 100 && t.bad == 0,
		       "%s: %d corpus files, every prefix, 3 modes, limits, mutations: fast path "
		       "identical to the general path (%lu parses, %lu differ)%s%s",
		       var->name, files, t.runs, t.bad, t.first_bad ? "; first: " : "",
		       t.first_bad ? t.first_bad : "");
	}
	return tap_done();
}
