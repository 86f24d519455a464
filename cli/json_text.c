/* JSON strings from wire bytes: jansson needs valid UTF-8, SIP allows any
 * octet in places (quoted-pairs, bodies). Invalid sequences become U+FFFD;
 * a fold (CRLF followed by SP/HT) becomes one SP, as RFC 3261 §7.3.1 lets
 * a reader do. */
#include <stdlib.h>
#include <string.h>

#include "json_text.h"

/* Length of the valid UTF-8 sequence at p (1..4), or 0. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned min;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0)
		len = 2, min = 0x80;
	else if ((p[0] & 0xf0) == 0xe0)
		len = 3, min = 0x800;
	else if ((p[0] & 0xf8) == 0xf0 && p[0] <= 0xf4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	unsigned cp = p[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

json_t *
json_text(const char *base, struct sw_slice s)
{
	const unsigned char *p = (const unsigned char *)base + s.off;
	char *out = malloc((size_t)s.len * 3 + 1);
	size_t o = 0;
	json_t *j;

	if (out == NULL)
		return json_null();
	for (size_t i = 0; i < s.len;) {
		size_t n = utf8_seq(p + i, s.len - i);

		if (p[i] == '\r' && i + 2 < s.len && p[i + 1] == '\n' && (p[i + 2] == ' ' || p[i + 2] == '\t')) {
			out[o++] = ' ';
			for (i += 2; i < s.len && (p[i] == ' ' || p[i] == '\t'); i++)
				;
		} else if (n == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(out + o, p + i, n);
			o += n;
			i += n;
		}
	}
	j = json_stringn(out, o);
	free(out);
	return j != NULL ? j : json_null();
}
