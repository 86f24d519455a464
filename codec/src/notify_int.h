/* Internal: pieces shared by the NOTIFY and SUBSCRIBE builders. */
#ifndef SIPWIRE_NOTIFY_INT_H
#define SIPWIRE_NOTIFY_INT_H

#include "outbuf.h"
#include "sipwire/notify.h"

/* Validation of caller strings: each returns 1 when `s` may be written. */
int sw_nb_is_class(const char *s, unsigned cls);   /* non-empty, every byte in cls */
int sw_nb_is_text(const char *s);                  /* non-empty, one line of text */
int sw_nb_is_uri(const char *s);                   /* non-empty URI, no <> or LWS */
int sw_nb_is_call_id(const char *s);               /* word [ "@" word ] */
int sw_nb_is_branch(const char *s);                /* token starting with z9hG4bK */

/* "Via: ...;branch=B\r\n" from a prepared identity (branch already checked). */
void sw_nb_via(struct sw_ob *o, const struct sw_local *l, const char *branch);
/* "Subscription-State: ...\r\n"; SW_E_INVAL for a bad state or term_reason. */
int sw_nb_substate(struct sw_ob *o, enum sw_substate st, uint32_t expires, const char *term_reason);

int sw_nb_fail(struct sw_err *err, int rc, unsigned off, const char *detail);

#endif
