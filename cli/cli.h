/* sipwire CLI: shared helpers for the subcommands.
 * Exit codes (DESIGN.md contract): 0 success, 1 input rejected, 2 usage. */
#ifndef SIPWIRE_CLI_H
#define SIPWIRE_CLI_H

#include <stddef.h>

#include "sipwire/status.h"

enum { CLI_OK = 0, CLI_REJECT = 1, CLI_USAGE = 2 };

/* Read FILE or "-" (stdin) whole into a malloc'd buffer with `extra` spare
 * bytes after the data (room for in-place rewrites). Prints the reason and
 * returns NULL on failure. The CLI may use the heap; the codec may not. */
char *cli_read_input(const char *path, size_t *len, size_t extra);

/* Print the rejection object {"error","offset","detail"} on stdout; returns
 * CLI_REJECT. */
int cli_reject(int status, const struct sw_err *err);

/* Print `msg` and the subcommand usage to stderr; returns CLI_USAGE. */
int cli_usage(const char *usage, const char *msg);

int cmd_inspect(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_notify_refer(int argc, char **argv);
int cmd_reginfo(int argc, char **argv);
int cmd_rewrite(int argc, char **argv);
int cmd_sipfrag(int argc, char **argv);

#endif
