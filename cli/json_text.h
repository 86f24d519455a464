#ifndef SIPWIRE_CLI_JSON_TEXT_H
#define SIPWIRE_CLI_JSON_TEXT_H

#include <jansson.h>

#include "sipwire/slice.h"

/* A JSON string holding the bytes of `s` (folds unfolded, invalid UTF-8
 * replaced by U+FFFD). Never NULL. */
json_t *json_text(const char *base, struct sw_slice s);

#endif
