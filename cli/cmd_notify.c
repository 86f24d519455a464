/* sipwire notify-refer: build the NOTIFY that reports REFER progress.
 *
 *   sipwire notify-refer --refer FILE --status CODE [--reason TEXT]
 *       --state active|pending|terminated [--expires N] [--reason-param R]
 *       [--cseq N] [--local HOST[:PORT]] [--transport T] [--user U]
 *       [--branch B] [--tag T] [--event-id auto|always|never] [--iterations N]
 *
 * Prints the NOTIFY bytes. Without --branch/--tag, both are derived from the
 * REFER's Call-ID and the NOTIFY CSeq, so the output is reproducible.
 * --iterations N builds the message N times and prints it once (N = 0 parses
 * the REFER and builds nothing): callgrind(N) - callgrind(0) over N is the
 * instruction cost of one build. With --prepared the REFER's dialog and the
 * local identity are prepared once and only sw_notify_refer_write runs N
 * times (the cost of each further NOTIFY for the same REFER).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sipwire/notify.h"

static const char notify_usage[] =
	"sipwire notify-refer --refer FILE --status CODE [--reason TEXT] "
	"--state active|pending|terminated [--expires N] [--reason-param R] [--cseq N] "
	"[--local HOST[:PORT]] [--transport T] [--user U] [--branch B] [--tag T] "
	"[--event-id auto|always|never] [--iterations N [--prepared]]";

struct notify_args {
	const char *refer, *state, *local, *event_id;
	unsigned long iterations;
	int prepared;
	struct sw_local_id id;
	struct sw_refer_notify p;
	char host[256];
};

static int
num_arg(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	*out = strtoul(s, &end, 10);
	return *end != 0 || *out > max ? -1 : 0;
}

/* HOST, HOST:PORT, [V6] or [V6]:PORT into a->host / a->id.port. */
static int
split_local(struct notify_args *a)
{
	const char *s = a->local, *colon = strrchr(s, ':');
	unsigned long port = 0;
	size_t hlen;

	if (colon != NULL && (s[0] != '[' || colon > strchr(s, ']'))) {
		if (num_arg(colon + 1, 65535, &port) != 0)
			return -1;
		hlen = (size_t)(colon - s);
	} else {
		hlen = strlen(s);
	}
	if (hlen == 0 || hlen >= sizeof(a->host))
		return -1;
	memcpy(a->host, s, hlen);
	a->host[hlen] = 0;
	a->id.host = a->host;
	a->id.port = (uint16_t)port;
	return 0;
}

static int
set_option(struct notify_args *a, const char *opt, const char *val)
{
	unsigned long n;

	if (strcmp(opt, "--refer") == 0)
		a->refer = val;
	else if (strcmp(opt, "--status") == 0 && num_arg(val, 999, &n) == 0)
		a->p.status = (unsigned)n;
	else if (strcmp(opt, "--reason") == 0)
		a->p.reason = val;
	else if (strcmp(opt, "--state") == 0)
		a->state = val;
	else if (strcmp(opt, "--expires") == 0 && num_arg(val, 0xffffffffu, &n) == 0)
		a->p.expires = (uint32_t)n;
	else if (strcmp(opt, "--reason-param") == 0)
		a->p.term_reason = val;
	else if (strcmp(opt, "--cseq") == 0 && num_arg(val, 0xffffffffu, &n) == 0)
		a->p.cseq = (uint32_t)n;
	else if (strcmp(opt, "--local") == 0)
		a->local = val;
	else if (strcmp(opt, "--transport") == 0)
		a->id.transport = val;
	else if (strcmp(opt, "--branch") == 0)
		a->id.branch = val;
	else if (strcmp(opt, "--user") == 0)
		a->id.user = val;
	else if (strcmp(opt, "--tag") == 0)
		a->p.local_tag = val;
	else if (strcmp(opt, "--event-id") == 0)
		a->event_id = val;
	else if (strcmp(opt, "--iterations") == 0 && num_arg(val, 1000000000ul, &n) == 0)
		a->iterations = n;
	else
		return -1;
	return 0;
}

static int
parse_args(int argc, char **argv, struct notify_args *a)
{
	memset(a, 0, sizeof(*a));
	a->p.cseq = 1;
	a->p.expires = 60;
	a->iterations = 1;
	a->local = "localhost";
	for (int i = 1; i < argc; i += 2) {
		if (strcmp(argv[i], "--prepared") == 0) {
			a->prepared = 1;
			i--;
			continue;
		}
		if (i + 1 >= argc || set_option(a, argv[i], argv[i + 1]) != 0)
			return cli_usage(notify_usage, "unknown option or bad value");
	}
	if (a->refer == NULL || a->p.status == 0 || a->state == NULL)
		return cli_usage(notify_usage, "--refer, --status and --state are required");
	if (strcmp(a->state, "active") == 0)
		a->p.state = SW_SUBSTATE_ACTIVE;
	else if (strcmp(a->state, "pending") == 0)
		a->p.state = SW_SUBSTATE_PENDING;
	else if (strcmp(a->state, "terminated") == 0)
		a->p.state = SW_SUBSTATE_TERMINATED;
	else
		return cli_usage(notify_usage, "--state is active, pending or terminated");
	if (a->event_id == NULL || strcmp(a->event_id, "auto") == 0)
		a->p.event_id = SW_EVENT_ID_AUTO;
	else if (strcmp(a->event_id, "always") == 0)
		a->p.event_id = SW_EVENT_ID_ALWAYS;
	else if (strcmp(a->event_id, "never") == 0)
		a->p.event_id = SW_EVENT_ID_NEVER;
	else
		return cli_usage(notify_usage, "--event-id is auto, always or never");
	if (split_local(a) != 0)
		return cli_usage(notify_usage, "--local is HOST[:PORT]");
	return CLI_OK;
}

/* FNV-1a over the Call-ID and the CSeq: a stable branch and tag per NOTIFY. */
static unsigned long
derive(const char *b, const struct sw_msg *m, uint32_t cseq)
{
	const struct sw_hdr *h = sw_msg_first(m, SW_HDR_CALL_ID);
	unsigned long x = 2166136261ul;

	for (uint32_t i = 0; h != NULL && i < h->value.len; i++)
		x = ((x ^ (unsigned char)b[h->value.off + i]) * 16777619ul) & 0xfffffffful;
	return ((x ^ cseq) * 16777619ul) & 0xfffffffful;
}

/* --prepared: dialog and local identity once, then N writes. */
static int
build_prepared(const char *refer, const struct sw_msg *m, const struct notify_args *a, char *out,
	       size_t cap, size_t *len, struct sw_err *err)
{
	struct sw_refer_dialog d;
	struct sw_local l;
	int rc = sw_refer_dialog_init(&d, refer, m, err);

	if (rc == SW_OK)
		rc = sw_local_prepare(&l, &a->id, err);
	for (unsigned long i = 0; rc == SW_OK && i < a->iterations; i++)
		rc = sw_notify_refer_write(refer, &d, &l, a->id.branch, &a->p, out, cap, len, err);
	return rc;
}

int
cmd_notify_refer(int argc, char **argv)
{
	static unsigned char mem[1 << 16];
	static char out[1 << 16];
	char branch[32], tag[16];
	struct notify_args a;
	struct sw_arena arena;
	struct sw_msg m;
	struct sw_err err = { 0, 0, NULL };
	size_t len = 0, rlen;
	char *refer;
	int rc = parse_args(argc, argv, &a);

	if (rc != CLI_OK)
		return rc;
	if ((refer = cli_read_input(a.refer, &rlen, 0)) == NULL)
		return CLI_USAGE;
	sw_arena_init(&arena, mem, sizeof(mem));
	rc = sw_msg_parse(refer, rlen, NULL, &arena, &m, &err);
	if (rc == SW_OK) {
		snprintf(branch, sizeof(branch), "z9hG4bKsw%08lx", derive(refer, &m, a.p.cseq));
		snprintf(tag, sizeof(tag), "sw%08lx", derive(refer, &m, ~a.p.cseq));
		if (a.id.branch == NULL)
			a.id.branch = branch;
		if (a.p.local_tag == NULL)
			a.p.local_tag = tag;
	}
	if (rc == SW_OK && a.prepared)
		rc = build_prepared(refer, &m, &a, out, sizeof(out), &len, &err);
	for (unsigned long i = 0; rc == SW_OK && !a.prepared && i < a.iterations; i++)
		rc = sw_notify_refer_build(refer, &m, &a.id, &a.p, out, sizeof(out), &len, &err);
	if (rc != SW_OK)
		rc = cli_reject(rc, &err);
	else if (a.iterations > 0)
		fwrite(out, 1, len, stdout);
	free(refer);
	return rc;
}
