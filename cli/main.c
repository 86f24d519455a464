/* sipwire: command-line front end of the codec. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "bench", cmd_bench, "parse files repeatedly; ns/message and MB/s" },
	{ "inspect", cmd_inspect, "parse one message and print it as JSON" },
	{ "notify-refer", cmd_notify_refer, "build the NOTIFY reporting REFER progress" },
	{ "reginfo", cmd_reginfo, "parse, canonicalise and generate RFC 3680 reginfo XML" },
	{ "rewrite", cmd_rewrite, "apply the SBC policies; print the rewritten message" },
	{ "sipfrag", cmd_sipfrag, "write a message/sipfrag body, or parse one (--parse)" },
};

char *
cli_read_input(const char *path, size_t *len, size_t extra)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 65536, n = 0, r;
	char *buf;

	if (f == NULL) {
		fprintf(stderr, "sipwire: cannot open %s\n", path);
		return NULL;
	}
	buf = malloc(cap + extra);
	while (buf != NULL && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + extra);
			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf == NULL || ferror(f)) {
		fprintf(stderr, "sipwire: cannot read %s\n", path);
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}

int
cli_reject(int status, const struct sw_err *err)
{
	json_t *o = json_pack("{s:s, s:I, s:s}", "error", sw_status_name(status), "offset",
			      (json_int_t)(err ? err->off : 0), "detail",
			      err && err->detail ? err->detail : sw_strerror(status));

	json_dumpf(o, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(o);
	return CLI_REJECT;
}

int
cli_usage(const char *usage, const char *msg)
{
	if (msg != NULL)
		fprintf(stderr, "sipwire: %s\n", msg);
	fprintf(stderr, "usage: %s\n", usage);
	return CLI_USAGE;
}

static int
usage(void)
{
	fprintf(stderr, "usage: sipwire COMMAND [options] FILE|-\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "  %-12s %s\n", commands[i].name, commands[i].help);
	return CLI_USAGE;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage();
		return CLI_OK;
	}
	fprintf(stderr, "sipwire: unknown command '%s'\n", argv[1]);
	return usage();
}
