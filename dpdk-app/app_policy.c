/* sipwire-dp: policy glue (see app_policy.h). */
#include <stdbool.h>
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

/* The packet's transport source, for RFC 5626 flow tokens. */
static void
flow_of(const struct sw_pkt *pkt, const void *frame, struct sw_flow *f)
{
	const uint8_t *ip = (const uint8_t *)frame + pkt->l3_off;

	memset(f, 0, sizeof(*f));
	f->transport = SW_TRANSPORT_UDP;
	f->port = pkt->sport;
	if (pkt->flags & SW_PKT_F_IPV4) {
		f->family = 4;
		memcpy(f->addr, ip + 12, 4);
	} else {
		f->family = 6;
		memcpy(f->addr, ip + 8, 16);
	}
}

enum app_policy_result
app_policy_apply(const struct app_policy *p, struct app_policy_lcore *pl, void *buf, size_t len,
		 size_t cap, const struct sw_msg *msg, enum app_dir dir, const struct sw_pkt *pkt,
		 const void *frame, struct sw_arena *scratch, uint32_t *sums, size_t *new_len,
		 unsigned *fired)
{
	struct sw_flow src;
	int rc;
	bool carry;

	*fired = 0;
	*new_len = len;
	if (!p->configured)
		return APP_POL_UNCHANGED;
	/* only a flow token needs the transport source (policy.h) */
	if (p->sw.have_key)
		flow_of(pkt, frame, &src);
	rc = sw_policy_apply_memo(buf, msg, &p->sw, (enum sw_direction)dir,
				  p->sw.have_key ? &src : NULL, scratch, &pl->edits, fired, NULL,
				  &pl->memo);
	if (rc != SW_OK) {
		*fired = 0;
		return rc == SW_E_AUTH ? APP_POL_AUTH : APP_POL_ERROR;
	}
	if (sw_edits_count(&pl->edits) == 0)
		return APP_POL_UNCHANGED;
	/* the payload's sum, from the received checksum, only once there is
	 * something to rewrite */
	carry = sums != NULL && sw_pkt_udp_payload_sum(frame, pkt, &sums[0]);
	if (carry)
		sums[1] = sums[0];
	else if (sums != NULL)
		sums[0] = APP_NO_SUM;
	rc = sw_edits_apply_sum(buf, len, cap, msg, &pl->edits, carry ? &sums[1] : NULL, new_len, NULL);
	if (rc == SW_OK)
		return APP_POL_REWRITTEN;
	*fired = 0;
	*new_len = len;
	return rc == SW_E_NOSPACE ? APP_POL_NO_ROOM : APP_POL_ERROR;
}
