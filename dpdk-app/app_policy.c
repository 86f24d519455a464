/* sipwire-dp: policy glue (see app_policy.h). */
#include <stdio.h>
#include <string.h>

#include "app_policy.h"

/* The policy options of `sipwire rewrite` (DESIGN.md); the second field says
 * whether the option takes a value. */
static const struct {
	const char *name;
	int takes_value;
} policy_options[] = {
	{ "flow-key", 1 },
	{ "path", 1 },
	{ "path-ob", 0 },
	{ "refer-sub", 1 },
	{ "reginfo-host-map", 1 },
	{ "service-route", 1 },
	{ "sipfrag-headers", 1 },
	{ "strip-path-echo", 0 },
};

void
app_policy_init(struct app_policy *p)
{
	memset(p, 0, sizeof(*p));
}

int
app_policy_is_option(const char *name, int *takes_value)
{
	for (size_t i = 0; i < sizeof(policy_options) / sizeof(policy_options[0]); i++) {
		if (strcmp(name, policy_options[i].name) == 0) {
			*takes_value = policy_options[i].takes_value;
			return 1;
		}
	}
	return 0;
}

int
app_policy_set(struct app_policy *p, const char *name, const char *value, char *msg,
	       size_t msglen)
{
	(void)p;
	(void)value;
	snprintf(msg, msglen,
		 "--%s: this build has no policy engine yet (codec policy.h not merged); "
		 "only --policy none|full without policy options is accepted", name);
	return -1;
}

enum app_policy_result
app_policy_apply(const struct app_policy *p, struct app_policy_lcore *pl, void *buf, size_t len,
		 size_t cap, const struct sw_msg *msg, enum app_dir dir, const struct sw_pkt *pkt,
		 const void *frame, struct sw_arena *scratch, size_t *new_len, unsigned *fired)
{
	(void)p, (void)pl, (void)buf, (void)cap, (void)msg, (void)dir, (void)pkt, (void)frame;
	(void)scratch;
	*fired = 0;
	*new_len = len;
	return APP_POL_UNCHANGED;
}
