#include <string.h>

#include "ctype_tab.h"
#include "sipwire/slice.h"

int
sw_slice_ieq(const void *base, struct sw_slice s, const char *lit)
{
	const unsigned char *p = (const unsigned char *)base + s.off;
	size_t n = strlen(lit);

	if (n != s.len)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (sw_lower[p[i]] != sw_lower[(unsigned char)lit[i]])
			return 0;
	return 1;
}

int
sw_slice_eq(const void *base, struct sw_slice s, const char *lit)
{
	size_t n = strlen(lit);

	return n == s.len && memcmp((const char *)base + s.off, lit, n) == 0;
}
