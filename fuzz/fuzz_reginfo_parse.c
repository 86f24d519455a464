/* libFuzzer: reginfo parser. Invariants checked on every input:
 * - the parse never crashes and reports a known status with an offset
 *   inside the input and a detail;
 * - feeding the same bytes in two chunks (split chosen by the input) or
 *   one byte at a time gives the same status, and on success the same view;
 * - every string in the view lies inside the input or the strings arena. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/reginfo_util.h"

static struct ru_ctx a, b;
static char da[65536], db[65536];

static int
inside(struct sw_ri_str s, const uint8_t *in, size_t len, const struct ru_ctx *c)
{
	const char *p = s.p;

	if (s.len == 0)
		return 1;
	if (p >= (const char *)in && p + s.len <= (const char *)in + len)
		return 1;
	return (const unsigned char *)p >= c->smem &&
	       (const unsigned char *)p + s.len <= c->smem + c->strings.used;
}

static void
check_strings(const uint8_t *in, size_t len)
{
	for (uint32_t i = 0; i < a.v.nregs; i++)
		if (!inside(a.v.regs[i].aor, in, len, &a) || !inside(a.v.regs[i].id, in, len, &a))
			abort();
	for (uint32_t i = 0; i < a.v.ncontacts; i++) {
		const struct sw_ri_contact *c = &a.v.contacts[i];

		if (!inside(c->id, in, len, &a) || !inside(c->uri, in, len, &a) ||
		    !inside(c->callid, in, len, &a) || !inside(c->display, in, len, &a) ||
		    !inside(c->pub_gruu, in, len, &a) || !inside(c->temp_gruu, in, len, &a))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct sw_err err = { 0, 0, NULL };
	size_t split = size ? data[0] % (size + 1) : 0;
	int rc, rc2;

	if (!ready) {
		if (ru_init(&a, NULL) != SW_OK || ru_init(&b, NULL) != SW_OK)
			abort();
		ready = 1;
	}
	rc = ru_parse(&a, data, size, &err);
	if (rc > 0 || rc < SW_E_UNSUPPORTED || (err.detail == NULL && rc != SW_OK))
		abort();
	if (rc != SW_OK && err.off > size && rc != SW_E_TOOLONG)
		abort();
	rc2 = ru_parse_split(&b, (const char *)data, size, split, NULL);
	if (rc2 != rc)
		abort();
	if (rc == SW_OK) {
		check_strings(data, size);
		ru_digest(da, sizeof(da), &a.v);
		ru_digest(db, sizeof(db), &b.v);
		if (strcmp(da, db) != 0)
			abort();
	}
	if (size < 2048) {
		rc2 = ru_parse_chunked(&b, (const char *)data, size, 1, NULL);
		if (rc2 != rc)
			abort();
		if (rc == SW_OK) {
			ru_digest(db, sizeof(db), &b.v);
			if (strcmp(da, db) != 0)
				abort();
		}
	}
	return 0;
}
