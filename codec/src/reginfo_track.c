/* reginfo version tracking and state table (RFC 3680 §4.7.2, §5.2).
 *
 * The notifier numbers documents 0, 1, 2, ... per subscription. The
 * subscriber discards a document whose version is not newer than the last
 * one it applied; a partial document that skips versions cannot be trusted
 * to bring the copy up to date, so it is applied and a full-state refresh is
 * requested. The table keeps live registrations and contacts only.
 */
#include <string.h>

#include "sipwire/reginfo.h"

void
sw_ri_tracker_init(struct sw_ri_tracker *t, struct sw_ri_track_reg *regs, uint32_t max_regs,
		   struct sw_ri_track_contact *contacts, uint32_t max_contacts)
{
	memset(t, 0, sizeof(*t));
	t->regs = regs;
	t->contacts = contacts;
	t->max_regs = regs ? max_regs : 0;
	t->max_contacts = contacts ? max_contacts : 0;
}

static int
sw_ri_find_reg(const struct sw_ri_tracker *t, struct sw_ri_str id)
{
	for (uint32_t i = 0; i < t->nregs; i++)
		if (t->regs[i].id_len == id.len && memcmp(t->regs[i].id, id.p, id.len) == 0)
			return (int)i;
	return -1;
}

static int
sw_ri_find_contact(const struct sw_ri_tracker *t, int reg, struct sw_ri_str id)
{
	for (uint32_t i = 0; reg >= 0 && i < t->ncontacts; i++) {
		const struct sw_ri_track_contact *c = &t->contacts[i];

		if (c->reg == (uint32_t)reg && c->id_len == id.len && memcmp(c->id, id.p, id.len) == 0)
			return (int)i;
	}
	return -1;
}

static uint32_t
sw_ri_count_contacts(const struct sw_ri_tracker *t, int reg)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < t->ncontacts; i++)
		n += t->contacts[i].reg == (uint32_t)reg;
	return n;
}

/* Lengths first, then what the table would hold after applying `v`
 * (counting a new id twice if the document repeats it: never too few). */
static int
sw_ri_track_check(const struct sw_ri_tracker *t, const struct sw_ri_view *v)
{
	int64_t regs = v->state == SW_RI_FULL ? 0 : t->nregs;
	int64_t cons = v->state == SW_RI_FULL ? 0 : t->ncontacts;

	for (uint32_t i = 0; i < v->nregs; i++) {
		const struct sw_ri_registration *r = &v->regs[i];
		int ri = v->state == SW_RI_FULL ? -1 : sw_ri_find_reg(t, r->id);

		if (r->id.len > SW_RI_ID_MAX || r->aor.len > SW_RI_URI_MAX)
			return SW_E_TOOLONG;
		if (r->state == SW_RI_REG_TERMINATED) {
			if (ri >= 0) {
				regs--;
				cons -= sw_ri_count_contacts(t, ri);
			}
			continue;
		}
		regs += ri < 0;
		for (uint32_t j = 0; j < r->ncontacts; j++) {
			const struct sw_ri_contact *c = &v->contacts[r->contact_first + j];
			int ci = sw_ri_find_contact(t, ri, c->id);

			if (c->id.len > SW_RI_ID_MAX || c->uri.len > SW_RI_URI_MAX)
				return SW_E_TOOLONG;
			if (c->state == SW_RI_TERMINATED)
				cons -= ci >= 0;
			else
				cons += ci < 0;
		}
	}
	if (regs > (int64_t)t->max_regs || cons > (int64_t)t->max_contacts)
		return SW_E_TOOMANY;
	return SW_OK;
}

static void
sw_ri_remove_contact(struct sw_ri_tracker *t, uint32_t i)
{
	memmove(&t->contacts[i], &t->contacts[i + 1],
		(t->ncontacts - i - 1) * sizeof(t->contacts[0]));
	t->ncontacts--;
}

static void
sw_ri_remove_reg(struct sw_ri_tracker *t, uint32_t ri)
{
	uint32_t i = 0;

	while (i < t->ncontacts) {
		if (t->contacts[i].reg == ri) {
			sw_ri_remove_contact(t, i);
			continue;
		}
		if (t->contacts[i].reg > ri)
			t->contacts[i].reg--;
		i++;
	}
	memmove(&t->regs[ri], &t->regs[ri + 1], (t->nregs - ri - 1) * sizeof(t->regs[0]));
	t->nregs--;
}

static void
sw_ri_set_contact(struct sw_ri_track_contact *tc, const struct sw_ri_contact *c)
{
	memcpy(tc->id, c->id.p, c->id.len);
	tc->id_len = (uint16_t)c->id.len;
	memcpy(tc->uri, c->uri.p, c->uri.len);
	tc->uri_len = (uint16_t)c->uri.len;
	tc->state = c->state;
	tc->event = c->event;
	tc->has = c->has & SW_RI_HAS_EXPIRES;
	tc->expires = c->expires;
}

/* One registration of the document, after sw_ri_track_check passed. */
static void
sw_ri_apply_reg(struct sw_ri_tracker *t, const struct sw_ri_view *v,
		const struct sw_ri_registration *r)
{
	int ri = sw_ri_find_reg(t, r->id);
	struct sw_ri_track_reg *tr;

	if (r->state == SW_RI_REG_TERMINATED) {
		if (ri >= 0)
			sw_ri_remove_reg(t, (uint32_t)ri);
		return;
	}
	if (ri < 0)
		ri = (int)t->nregs++;
	tr = &t->regs[ri];
	memcpy(tr->id, r->id.p, r->id.len);
	tr->id_len = (uint16_t)r->id.len;
	memcpy(tr->aor, r->aor.p, r->aor.len);
	tr->aor_len = (uint16_t)r->aor.len;
	tr->state = r->state;
	for (uint32_t j = 0; j < r->ncontacts; j++) {
		const struct sw_ri_contact *c = &v->contacts[r->contact_first + j];
		int ci = sw_ri_find_contact(t, ri, c->id);

		if (c->state == SW_RI_TERMINATED) {
			if (ci >= 0)
				sw_ri_remove_contact(t, (uint32_t)ci);
			continue;
		}
		if (ci < 0) {
			ci = (int)t->ncontacts++;
			t->contacts[ci].reg = (uint32_t)ri;
		}
		sw_ri_set_contact(&t->contacts[ci], c);
	}
}

int
sw_ri_track(struct sw_ri_tracker *t, const struct sw_ri_view *v, enum sw_ri_verdict *verdict)
{
	enum sw_ri_verdict vd;
	int rc;

	if (!t->have_version)
		vd = v->state == SW_RI_FULL ? SW_RI_APPLY : SW_RI_APPLY_RESYNC;
	else if (v->version <= t->version)
		vd = SW_RI_DISCARD;
	else if (v->version == t->version + 1 || v->state == SW_RI_FULL)
		vd = SW_RI_APPLY;
	else
		vd = SW_RI_APPLY_RESYNC;
	*verdict = vd;
	if (vd == SW_RI_DISCARD)
		return SW_OK;
	rc = sw_ri_track_check(t, v);
	if (rc != SW_OK)
		return rc;
	if (v->state == SW_RI_FULL)
		t->nregs = t->ncontacts = 0;
	for (uint32_t i = 0; i < v->nregs; i++)
		sw_ri_apply_reg(t, v, &v->regs[i]);
	t->version = v->version;
	t->have_version = 1;
	return SW_OK;
}
