/* sipwire-dp: glue between the worker and the codec's policy engine.
 *
 * Kept apart so the worker loop reads the same whether or not a policy is
 * configured: app_policy_apply turns one parsed message into an in-place
 * rewrite of the payload, or leaves it alone.
 */
#ifndef SIPWIRE_DP_APP_POLICY_H
#define SIPWIRE_DP_APP_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "sipwire/arena.h"
#include "sipwire/msg.h"
#include "sipwire/pkt.h"

enum app_dir {
	APP_DIR_ACCESS = 0, /* arrived from the access side, heading to the core */
	APP_DIR_CORE = 1,   /* arrived from the core, heading to the access side */
};

/* Read-only after start-up; shared by every lcore. */
struct app_policy {
	int forward_only; /* --policy none: no classification, a plain forward loop */
	int configured;   /* at least one policy option was given */
};

/* Per-lcore scratch (edit list and the like); owned by one lcore. */
struct app_policy_lcore {
	uint64_t unused;
};

enum app_policy_result {
	APP_POL_UNCHANGED = 0, /* nothing to do */
	APP_POL_REWRITTEN,     /* payload rewritten in place, *new_len set */
	APP_POL_NO_ROOM,       /* the rewrite did not fit in cap: payload untouched */
	APP_POL_ERROR,         /* the policy refused the message: payload untouched */
};

void app_policy_init(struct app_policy *p);

/* Set one policy option (name without "--"; value NULL for flags). Returns 0,
 * or -1 with a message in msg. */
int app_policy_set(struct app_policy *p, const char *name, const char *value, char *msg,
		   size_t msglen);

/* Non-zero when `name` is a policy option and whether it takes a value. */
int app_policy_is_option(const char *name, int *takes_value);

/*
 * Apply the configured policies to the message at buf[0..len) (parsed into
 * msg), rewriting it in place within cap bytes. dir is the direction; src the
 * packet's transport source (for flow tokens). scratch is rewound by the
 * caller after each packet. *fired receives the policy bits that fired.
 */
enum app_policy_result app_policy_apply(const struct app_policy *p, struct app_policy_lcore *pl,
					void *buf, size_t len, size_t cap,
					const struct sw_msg *msg, enum app_dir dir,
					const struct sw_pkt *pkt, const void *frame,
					struct sw_arena *scratch, size_t *new_len, unsigned *fired);

/* Bits of *fired, mapped onto the per-policy counters. */
enum app_fired {
	APP_FIRED_PATH = 1u << 0,
	APP_FIRED_SERVICE_ROUTE = 1u << 1,
	APP_FIRED_SR_RESTORE = 1u << 2,
	APP_FIRED_PATH_STRIP = 1u << 3,
	APP_FIRED_REFER_SUB = 1u << 4,
	APP_FIRED_SIPFRAG = 1u << 5,
	APP_FIRED_REGINFO = 1u << 6,
};

#endif
