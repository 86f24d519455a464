/* fuzz_uri: sw_uri_parse on raw bytes, held against the general parser.
 *
 * The input is one URI (no <>, no LWS), parsed from an exact-size heap
 * copy so that ASan sees any read past the slice (the AVX2 windows of
 * uri_fast.c load 16 or 32 bytes at a time). sw_uri_parse (the sip/sips
 * fast path with its fallback) and sw_uri_parse_general (uri_int.h) must
 * give the same status, error offset and detail, and every field; on
 * success every slice lies inside the input and the port is in range;
 * sw_param_next walks the parameters of a parsed URI to their end. The
 * same is checked for the input shifted one byte into a larger buffer
 * (a slice that does not start at 0). */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "route_cmp.h"
#include "sipwire/uri.h"
#include "uri_int.h"

static void
check_one(const char *base, struct sw_slice s)
{
	struct sw_uri a, b;
	struct sw_err ea = { 7, 7, "unset" }, eb = ea;
	int ra, rb;

	memset(&a, 0xA5, sizeof(a));
	memset(&b, 0x5A, sizeof(b));
	ra = sw_uri_parse(base, s, &a, &ea);
	rb = sw_uri_parse_general(base, s, &b, &eb);
	fz_check(ra == rb, "fast and general URI parsers give the same status");
	fz_check(cmp_err_same(&ea, &eb), "same error offset and detail");
	fz_check(cmp_uri_same(&a, &b), "same fields and slices");
	if (ra != SW_OK)
		return;
	{
		const struct sw_slice sl[] = { a.whole, a.scheme, a.opaque, a.user, a.password, a.host,
					       a.port, a.params, a.headers, a.transport, a.maddr,
					       a.ttl, a.user_param, a.method, a.received };
		struct sw_slice rest = a.params, name, value;
		int k, steps = 0;

		for (size_t i = 0; i < sizeof(sl) / sizeof(sl[0]); i++)
			fz_check(fz_inside(sl[i], s), "URI slice inside the input");
		fz_check(!a.has_port || a.port_num <= 65535, "port in range");
		while ((k = sw_param_next(base, &rest, &name, &value)) > 0 && steps++ < 4096)
			fz_check(fz_inside(name, a.params) && fz_inside(value, a.params),
				 "parameter inside the URI parameters");
		fz_check(k == 0, "URI parameters walk to their end");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *c;

	if (size > 4096)
		return 0;
	c = malloc(size + 1);
	if (c == NULL)
		return 0;
	memcpy(c, data, size);
	check_one(c, sw_slice_make(0, (uint32_t)size));
	free(c);
	c = malloc(size + 1);
	if (c == NULL)
		return 0;
	c[0] = '<';
	memcpy(c + 1, data, size);
	check_one(c, sw_slice_make(1, (uint32_t)size));
	free(c);
	return 0;
}
