/* sipwire-dp: glue between the worker and the codec's policy engine.
 *
 * Kept apart so the worker loop reads the same whether or not a policy is
 * configured: app_policy_apply turns one parsed message into an in-place
 * rewrite of the payload, or leaves it alone.
 */
#ifndef SIPWIRE_DP_APP_POLICY_H
#define SIPWIRE_DP_APP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sipwire/arena.h"
#include "sipwire/edit.h"
#include "sipwire/msg.h"
#include "sipwire/pkt.h"
#include "sipwire/policy.h"

enum app_dir {
	APP_DIR_ACCESS = SW_DIR_ACCESS, /* arrived from the access side, heading to the core */
	APP_DIR_CORE = SW_DIR_CORE,	/* arrived from the core, heading to the access side */
};

/* Read-only after start-up; shared by every lcore. */
struct app_policy {
	int forward_only; /* --policy none: no classification, a plain forward loop */
	int configured;	  /* at least one policy option was given */
	struct sw_policy sw;
};

/* Per-lcore policy state; owned by one lcore, never shared. The memo
 * lets a Service-Route set this lcore has seen before (the S-CSCF sends the
 * same set to every user) reuse its route-restore token (policy.h). */
struct app_policy_lcore {
	struct sw_edits edits;
	struct sw_policy_memo memo;
};

/* sums[0] of app_policy_apply when there is none: a sum is <= 0xFFFF. */
#define APP_NO_SUM UINT32_MAX

enum app_policy_result {
	APP_POL_UNCHANGED = 0, /* nothing to do */
	APP_POL_REWRITTEN,     /* payload rewritten in place, *new_len set */
	APP_POL_NO_ROOM,       /* the rewrite did not fit in cap: payload untouched */
	APP_POL_ERROR,	       /* the policy refused the message: payload untouched */
	APP_POL_AUTH,	       /* a route-restore token failed verification: untouched */
};

void app_policy_init(struct app_policy *p);

/* Per-lcore state before the lcore's first packet. */
void app_policy_lcore_init(struct app_policy_lcore *pl);

/* Set one policy option (name without "--"; value NULL for flags). Returns 0,
 * or -1 with a message in msg. */
int app_policy_set(struct app_policy *p, const char *name, const char *value, char *msg,
		   size_t msglen);

/* Cross-option checks once every option is in (sw_policy_check). Returns 0,
 * or -1 with a message in msg. */
int app_policy_finish(struct app_policy *p, char *msg, size_t msglen);

/*
 * Apply the configured policies to the message at buf[0..len) (parsed into
 * msg), rewriting it in place within cap bytes. dir is the direction; pkt
 * and frame give the packet's transport source (for flow tokens). scratch
 * is rewound by the caller after each packet. sums: NULL, or two slots
 * for the payload's one's-complement sums before and after the rewrite
 * when the result is APP_POL_REWRITTEN (what sw_pkt_fixup_sum takes): the
 * old one from the received UDP checksum, carried through the edits
 * (sw_pkt_udp_payload_sum, sw_edits_apply_sum); sums[0] is APP_NO_SUM when
 * the datagram has no checksum to start from. *fired receives the policy
 * bits that fired. Inline: called for every SIP message, and the worker
 * is its only caller (measured: ~40 instructions a packet of argument
 * passing and frame set-up as a call into another file).
 */
/* The packet's transport source, for RFC 5626 flow tokens. */
static inline void
app_flow_of(const struct sw_pkt *pkt, const void *frame, struct sw_flow *f)
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

static inline enum app_policy_result
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
		app_flow_of(pkt, frame, &src);
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

/* *fired carries enum sw_policy_bit bits (policy.h). */

#endif
