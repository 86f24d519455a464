/* Every complete SIP message among the RFC examples in
 * ../shared/corpus/examples parses, and passes the strict checks except
 * where the RFC itself abbreviates the message (listed here with why).
 * The message/sipfrag bodies (rfc3420-*, rfc3515-sipfrag-*) are covered by
 * the sipfrag tests. */
#include <string.h>

#include "corpus_iter.h"
#include "sipwire/msg.h"

struct exception {
	const char *prefix; /* file name prefix */
	int rc;             /* what sw_msg_check returns */
	const char *why;
};

static const struct exception exceptions[] = {
	{ "rfc3327-invite-", SW_E_MALFORMED,
	  "RFC 3327 §5.5.2 prints the Request-URI without the sip: scheme" },
	{ "rfc5628-sec8", SW_E_NOTFOUND,
	  "RFC 5628 §8 omits Via (and more) from its illustrative messages" },
};

static unsigned char mem[65536];

static void
check_example(const char *rel, const char *buf, size_t len, void *arg)
{
	const char *name = strrchr(rel, '/') + 1;
	const struct exception *ex = NULL;
	struct sw_arena a;
	struct sw_msg m;
	struct sw_err e = { 0 };
	int rc;

	(void)arg;
	if (strncmp(rel, "examples/", 9) != 0 || strncmp(name, "rfc3420-", 8) == 0 ||
	    strncmp(name, "rfc3515-sipfrag-", 16) == 0)
		return;
	for (size_t i = 0; i < sizeof(exceptions) / sizeof(exceptions[0]); i++)
		if (strncmp(name, exceptions[i].prefix, strlen(exceptions[i].prefix)) == 0)
			ex = &exceptions[i];
	sw_arena_init(&a, mem, sizeof(mem));
	rc = sw_msg_parse(buf, len, NULL, &a, &m, &e);
	tap_ok(rc == SW_OK && m.len == len, "%s: parses (%s at %u)", name, sw_status_name(rc), e.off);
	if (rc != SW_OK)
		return;
	rc = sw_msg_check(buf, &m, &e);
	if (ex != NULL)
		tap_ok(rc == ex->rc, "%s: strict check says %s: %s (got %s)", name,
		       sw_status_name(ex->rc), ex->why, sw_status_name(rc));
	else
		tap_ok(rc == SW_OK, "%s: passes the strict checks (%s at %u: %s)", name,
		       sw_status_name(rc), e.off, e.detail ? e.detail : "-");
}

int
main(void)
{
	tap_ok(corpus_each(check_example, NULL) > 100, "corpus walked");
	return tap_done();
}
