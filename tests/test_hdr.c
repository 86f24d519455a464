/* hdr: sw_hdr_lookup against a plain reference lookup (every name of
 * SW_HDR_LIST, case-insensitive, RFC 3261 §7.3.1; compact forms §7.3.3) on
 * every name in three casings, every single-byte change and length change
 * of each, and every one-byte name; each input flush against a guard page
 * (the word-at-a-time compare must never read past len). The bug this pins:
 * a case fold that also accepts a non-letter ('\r' | 0x20 == '-'). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <ctype.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sipwire/hdr.h"
#include "tap.h"

static unsigned char *guard; /* first byte of a PROT_NONE page */

static enum sw_hdr_id
reference(const unsigned char *s, size_t len)
{
	for (unsigned id = 1; id < SW_HDR__COUNT; id++) {
		const char *n = sw_hdr_name((enum sw_hdr_id)id);
		size_t i = 0;

		if (len == 1 && sw_hdr_compact((enum sw_hdr_id)id) != 0 &&
		    tolower(s[0]) == tolower((unsigned char)sw_hdr_compact((enum sw_hdr_id)id)))
			return (enum sw_hdr_id)id;
		if (strlen(n) != len)
			continue;
		while (i < len && tolower(s[i]) == tolower((unsigned char)n[i]))
			i++;
		if (i == len)
			return (enum sw_hdr_id)id;
	}
	return SW_HDR_OTHER;
}

/* Look s up flush against the guard page; 1 when it agrees with reference. */
static int
agrees(const unsigned char *s, size_t len)
{
	unsigned char *p = guard - len;

	memcpy(p, s, len);
	return sw_hdr_lookup((const char *)p, len) == reference(s, len);
}

static unsigned
check_name(const char *name, unsigned *tried)
{
	unsigned char buf[64];
	size_t len = strlen(name);
	unsigned bad = 0;

	for (int casing = 0; casing < 3; casing++) {
		for (size_t i = 0; i < len; i++)
			buf[i] = casing == 0 ? (unsigned char)name[i]
					     : (unsigned char)(casing == 1 ? tolower(name[i]) : toupper(name[i]));
		bad += !agrees(buf, len);
		for (size_t i = 0; i < len; i++) {
			unsigned char keep = buf[i];

			for (unsigned c = 0; c < 256; c++) {
				buf[i] = (unsigned char)c;
				bad += !agrees(buf, len);
				(*tried)++;
			}
			buf[i] = keep;
		}
		for (size_t l = 0; l <= len + 1 && l < sizeof(buf); l++) {
			buf[len] = 'x';
			bad += !agrees(buf, l);
			(*tried)++;
		}
	}
	return bad;
}

int
main(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *map = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned bad = 0, tried = 0;

	if (!tap_ok(map != MAP_FAILED && mprotect(map + pg, pg, PROT_NONE) == 0, "guard page mapped"))
		return tap_done();
	guard = map + pg;
	for (unsigned id = 1; id < SW_HDR__COUNT; id++) {
		unsigned b = check_name(sw_hdr_name((enum sw_hdr_id)id), &tried);

		if (b != 0)
			tap_diag("%s: %u disagreements", sw_hdr_name((enum sw_hdr_id)id), b);
		bad += b;
	}
	tap_ok(bad == 0, "every name, casing, one-byte change and length change agrees (%u inputs)", tried);
	bad = 0;
	for (unsigned c = 0; c < 256; c++) {
		unsigned char one = (unsigned char)c;

		bad += !agrees(&one, 1);
	}
	tap_ok(bad == 0, "every one-byte name (compact forms, RFC 3261 §7.3.3)");
	TAP_EQ_INT(sw_hdr_lookup("Content\rLength", 14), SW_HDR_OTHER, "CR is not '-' (case fold only on letters)");
	TAP_EQ_INT(sw_hdr_lookup("PATH", 4), SW_HDR_PATH, "PATH");
	TAP_EQ_INT(sw_hdr_lookup("service-ROUTE", 13), SW_HDR_SERVICE_ROUTE, "service-ROUTE");
	TAP_EQ_INT(sw_hdr_lookup("Refer-Sub", 9), SW_HDR_REFER_SUB, "Refer-Sub (RFC 4488)");
	return tap_done();
}
