/* sipwire-dp: policy glue (see app_policy.h). */
#include <stdio.h>
#include <string.h>

#include "app_policy.h"

void
app_policy_init(struct app_policy *p)
{
	memset(p, 0, sizeof(*p));
	sw_policy_init(&p->sw);
}

void
app_policy_lcore_init(struct app_policy_lcore *pl)
{
	sw_edits_init(&pl->edits);
	sw_policy_memo_init(&pl->memo);
}

int
app_policy_set(struct app_policy *p, const char *name, const char *value, char *msg, size_t msglen)
{
	struct sw_err err = {0};
	int rc = sw_policy_set(&p->sw, name, value, &err);

	if (rc == SW_OK)
		return 0;
	/* the detail first: a long value must not push it out of the message */
	snprintf(msg, msglen, "--%s: %s (%s at offset %u of '%.60s%s')", name,
		 err.detail ? err.detail : sw_strerror(rc), sw_status_name(rc), err.off,
		 value ? value : "", value && strlen(value) > 60 ? "..." : "");
	return -1;
}

int
app_policy_finish(struct app_policy *p, char *msg, size_t msglen)
{
	struct sw_err err = {0};
	int rc = sw_policy_check(&p->sw, &err);

	if (rc == SW_OK)
		return 0;
	snprintf(msg, msglen, "policy options do not fit together: %s",
		 err.detail ? err.detail : sw_strerror(rc));
	return -1;
}
