/* fuzz_scan: every scanner variant this CPU runs gives the scalar answer
 * (first byte of its class in b[pos..end), else end) for every start
 * offset, over the whole input and over a prefix chosen by its first byte;
 * sw_scan_line gives the LF and the first colon before it.
 * ASan catches any read outside the exactly-sized input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

/* k 3 and 4 are the run scanners: the first byte outside RFC 3261's
 * token set, or outside the bytes a URI holds unescaped */
static int
in_class(int k, unsigned char c)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	if (k == 0)
		return c == '\n';
	if (k == 1)
		return c == ':';
	if (k == 2)
		return c == ',' || c == '"' || c == '<' || c == '>' || c == '\\';
	if (c == 0)
		return 1;
	if (strchr(alnum, c) != NULL)
		return 0;
	return strchr(k == 3 ? "-.!%*_+`'~" : "-_.!~*'()%;/?:@&=+$,[]", c) == NULL;
}

#define NSCAN 5

static sw_scan_fn
fn_of(const struct sw_scan_variant *v, int k)
{
	const sw_scan_fn fns[NSCAN] = { v->lf, v->colon, v->sep, v->token_end, v->uric_end };

	return fns[k];
}

enum { MAXLEN = 2048 };

/* want[pos] is the first class byte at or after pos, built backwards in
 * one pass; the scalar variant is held to it at every 8th offset (all of
 * them would make each input quadratic), the vector variants at all. */
/* sw_scan_line of every vector variant against the lf and colon tables. */
static void
check_line(const unsigned char *b, uint32_t end, const uint32_t *lf, const uint32_t *colon)
{
	for (uint32_t pos = 0; pos <= end; pos++)
		for (unsigned v = 0; v < sw_scan_nvariants; v++) {
			uint32_t c = 0, l;

			if (v == 0 && pos % 8 != 0)
				continue;
			if (!sw_scan_supported(&sw_scan_variants[v]))
				break;
			l = sw_scan_variants[v].line(b, pos, end, &c);
			if (l != lf[pos] || c != (colon[pos] < l ? colon[pos] : l))
				abort();
		}
}

static void
check_end(const unsigned char *b, uint32_t end)
{
	static uint32_t tabs[NSCAN][MAXLEN + 1];

	for (int k = 0; k < NSCAN; k++) {
		uint32_t *want = tabs[k];

		want[end] = end;
		for (uint32_t i = end; i-- > 0;)
			want[i] = in_class(k, b[i]) ? i : want[i + 1];
		for (uint32_t pos = 0; pos <= end; pos++) {
			if (pos % 8 == 0 && fn_of(&sw_scan_variants[0], k)(b, pos, end) != want[pos])
				abort();
			for (unsigned v = 1; v < sw_scan_nvariants; v++)
				if (sw_scan_supported(&sw_scan_variants[v]) &&
				    fn_of(&sw_scan_variants[v], k)(b, pos, end) != want[pos])
					abort();
		}
	}
	check_line(b, end, tabs[0], tabs[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t len = size > MAXLEN ? MAXLEN : (uint32_t)size;

	check_end(data, len);
	if (len > 0)
		check_end(data, data[0] % (len + 1));
	return 0;
}
