/* libFuzzer: parse -> canon -> parse. When an input parses and the writer
 * accepts its view (it refuses views that break RFC 3680 §5.1 rules, which
 * the lenient parser lets through), the canonical document must parse to
 * the same view, and canonicalising that again must give the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/reginfo_util.h"

static struct ru_ctx a, b;
static char c1[1 << 18], c2[1 << 18], da[65536], db[65536];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	size_t n1, n2;

	if (!ready) {
		if (ru_init(&a, NULL) != SW_OK || ru_init(&b, NULL) != SW_OK)
			abort();
		ready = 1;
	}
	if (ru_parse(&a, data, size, NULL) != SW_OK)
		return 0;
	n1 = ru_canon(&a.v, c1, sizeof(c1));
	if (n1 == 0)
		return 0; /* the writer refused the view: a documented outcome */
	if (ru_parse(&b, c1, n1, NULL) != SW_OK)
		abort();
	ru_digest(da, sizeof(da), &a.v);
	ru_digest(db, sizeof(db), &b.v);
	if (strcmp(da, db) != 0)
		abort();
	n2 = ru_canon(&b.v, c2, sizeof(c2));
	if (n2 != n1 || memcmp(c1, c2, n1) != 0)
		abort();
	return 0;
}
