/* sipwire rewrite: apply the SBC policies to one message and print the
 * rewritten bytes. Every policy option goes through sw_policy_set, so this
 * command and sipwire-dp accept exactly the same set. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/policy.h"

static const char rewrite_usage[] =
	"sipwire rewrite --direction access|core [--path URI] [--path-ob] [--flow-key HEX]\n"
	"       [--service-route keep|prepend:URI|replace:URI] [--strip-path-echo]\n"
	"       [--refer-sub pass|suppress|strip] [--sipfrag-headers NAME,...]\n"
	"       [--reginfo-host-map FROM=TO,...] [--src IP:PORT[/udp|tcp|tls]] FILE|-";

/* Room after the message for what the policies insert (a Path line with a
 * flow token, a Service-Route line with a route token, a restored set). */
#define REWRITE_TAILROOM 4096

/* "192.0.2.1:5060", "[2001:db8::1]:5060", optional "/udp|tcp|tls". */
static int
parse_src(const char *s, struct sw_flow *f)
{
	char host[64];
	const char *colon, *slash = strchr(s, '/'), *end = slash ? slash : s + strlen(s);
	const char *h = s;
	size_t hl;
	char *pe;
	unsigned long port;

	memset(f, 0, sizeof(*f));
	f->transport = SW_TRANSPORT_UDP;
	if (slash != NULL) {
		if (strcmp(slash + 1, "udp") == 0)
			f->transport = SW_TRANSPORT_UDP;
		else if (strcmp(slash + 1, "tcp") == 0)
			f->transport = SW_TRANSPORT_TCP;
		else if (strcmp(slash + 1, "tls") == 0)
			f->transport = SW_TRANSPORT_TLS;
		else
			return -1;
	}
	colon = end;
	while (colon > s && *colon != ':')
		colon--;
	if (*colon != ':')
		return -1;
	if (s[0] == '[') {
		if (colon == s || colon[-1] != ']')
			return -1;
		h = s + 1;
		hl = (size_t)(colon - 1 - h);
	} else {
		hl = (size_t)(colon - s);
	}
	if (hl == 0 || hl >= sizeof(host))
		return -1;
	memcpy(host, h, hl);
	host[hl] = 0;
	port = strtoul(colon + 1, &pe, 10);
	if (pe != end || colon + 1 == end || port > 65535)
		return -1;
	f->port = (uint16_t)port;
	if (inet_pton(AF_INET, host, f->addr) == 1)
		f->family = 4;
	else if (s[0] == '[' && inet_pton(AF_INET6, host, f->addr) == 1)
		f->family = 6;
	else
		return -1;
	return 0;
}

/* Options with a value, passed to sw_policy_set under their name. */
static const char *const valued[] = {
	"path", "flow-key", "service-route", "refer-sub", "sipfrag-headers", "reginfo-host-map",
};

static int
take_policy_opt(struct sw_policy *p, const char *opt, const char *val, int *used)
{
	struct sw_err err = { 0, 0, NULL };
	const char *name = opt + 2;
	int rc, needs = 0;
	char msg[256];

	for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
		needs |= strcmp(name, valued[k]) == 0;
	if (needs && val == NULL)
		return cli_usage(rewrite_usage, "option needs a value");
	*used = needs;
	rc = sw_policy_set(p, name, needs ? val : NULL, &err);
	if (rc == SW_OK)
		return CLI_OK;
	snprintf(msg, sizeof(msg), "%s: %s", opt, rc == SW_E_NOTFOUND ? "unknown option" : err.detail);
	return cli_usage(rewrite_usage, msg);
}

static int
rewrite_file(const char *path, const struct sw_policy *pol, enum sw_direction dir,
	     const struct sw_flow *src)
{
	/* scratch: the reginfo hook needs SW_RI_POLICY_SCRATCH(body) (reginfo.h) */
	static unsigned char amem[65536], smem[1u << 20];
	struct sw_arena a, scratch;
	struct sw_edits edits;
	struct sw_msg m;
	/* one message per run, so the memo never hits; kept so the CLI goes
	 * through the same call as the DPDK worker */
	struct sw_policy_memo memo;
	struct sw_err err = { 0, 0, NULL };
	size_t len, nl;
	char *buf = cli_read_input(path, &len, REWRITE_TAILROOM);
	int rc;

	if (buf == NULL)
		return CLI_USAGE;
	sw_arena_init(&a, amem, sizeof(amem));
	sw_arena_init(&scratch, smem, sizeof(smem));
	sw_policy_memo_init(&memo);
	rc = sw_msg_parse(buf, len, NULL, &a, &m, &err);
	if (rc == SW_OK)
		rc = sw_policy_apply_memo(buf, &m, pol, dir, src, &scratch, &edits, NULL, &err, &memo);
	if (rc == SW_OK)
		rc = sw_edits_apply(buf, len, len + REWRITE_TAILROOM, &m, &edits, &nl, &err);
	if (rc != SW_OK) {
		free(buf);
		return cli_reject(rc, &err);
	}
	fwrite(buf, 1, nl, stdout);
	free(buf);
	return CLI_OK;
}

int
cmd_rewrite(int argc, char **argv)
{
	struct sw_policy pol;
	struct sw_flow src, *srcp = NULL;
	struct sw_err err = { 0, 0, NULL };
	int dir = -1, i, used, rc;

	sw_policy_init(&pol);
	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 1 + used) {
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		used = 1;
		if (strcmp(argv[i], "--direction") == 0) {
			if (val == NULL || (strcmp(val, "access") != 0 && strcmp(val, "core") != 0))
				return cli_usage(rewrite_usage, "--direction access|core");
			dir = strcmp(val, "access") == 0 ? SW_DIR_ACCESS : SW_DIR_CORE;
		} else if (strcmp(argv[i], "--src") == 0) {
			if (val == NULL || parse_src(val, &src) != 0)
				return cli_usage(rewrite_usage, "--src IP:PORT[/udp|tcp|tls] ([v6]:port for IPv6)");
			srcp = &src;
		} else if ((rc = take_policy_opt(&pol, argv[i], val, &used)) != CLI_OK) {
			return rc;
		}
	}
	if (dir < 0)
		return cli_usage(rewrite_usage, "--direction is required");
	if (i + 1 != argc)
		return cli_usage(rewrite_usage, "exactly one FILE or - expected");
	if (sw_policy_check(&pol, &err) != SW_OK)
		return cli_usage(rewrite_usage, err.detail);
	return rewrite_file(argv[i], &pol, (enum sw_direction)dir, srcp);
}
