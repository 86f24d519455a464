/* Internal: where a codec function says why it failed. */
#ifndef SIPWIRE_ERR_INT_H
#define SIPWIRE_ERR_INT_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/status.h"

/* Record off and detail in *err (when the caller passed one) and return
 * rc, so a failure reads `return sw_err_at(err, SW_E_..., off, "...")`. */
static inline int
sw_err_at(struct sw_err *err, int rc, uint32_t off, const char *detail)
{
	if (err != NULL) {
		err->off = off;
		err->detail = detail;
	}
	return rc;
}

#endif
