/* reginfo version tracking (RFC 3680 §4.7.2, §5.2): a sequence of NOTIFY
 * bodies applied to one subscriber copy; each step names the verdict and the
 * table it must leave. */
#include <stdio.h>
#include <string.h>

#include "reginfo_util.h"
#include "tap.h"

static struct ru_ctx ctx;

#define DOC(ver, st, body) \
	"<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"" ver "\" state=\"" st "\">" \
	body "</reginfo>"
#define REG(id, st, body) \
	"<registration aor=\"sip:" id "@example.com\" id=\"" id "\" state=\"" st "\">" body \
	"</registration>"
#define CON(id, st, ev) \
	"<contact id=\"" id "\" state=\"" st "\" event=\"" ev "\"><uri>sip:" id "@192.0.2.1</uri></contact>"

struct step {
	const char *why;
	const char *doc;
	int rc;
	enum sw_ri_verdict verdict;
	const char *table; /* reg-id:contact,contact;... after the step */
};

static const struct step steps[] = {
	{ "RFC 3680 §4.7.2: first document, full state: applied",
	  DOC("0", "full", REG("as9", "active", CON("76", "active", "registered")
		CON("77", "terminated", "expired"))),
	  SW_OK, SW_RI_APPLY, "v0 as9:76" },
	{ "next version, partial: contact added",
	  DOC("1", "partial", REG("as9", "active", CON("78", "active", "created"))),
	  SW_OK, SW_RI_APPLY, "v1 as9:76,78" },
	{ "RFC 3680 §5.2: same version again: discarded",
	  DOC("1", "partial", REG("as9", "active", CON("79", "active", "created"))),
	  SW_OK, SW_RI_DISCARD, "v1 as9:76,78" },
	{ "RFC 3680 §5.2: older version: discarded",
	  DOC("0", "full", REG("zz", "active", "")), SW_OK, SW_RI_DISCARD, "v1 as9:76,78" },
	{ "RFC 3680 §5.2: partial after a gap: applied, resubscribe",
	  DOC("3", "partial", REG("as9", "active", CON("76", "terminated", "unregistered")
		CON("78", "active", "refreshed")) REG("b1", "init", "")),
	  SW_OK, SW_RI_APPLY_RESYNC, "v3 as9:78;b1:" },
	{ "full state after a gap: replaces everything, no resubscribe needed",
	  DOC("10", "full", REG("c1", "active", CON("1", "active", "registered")
		CON("2", "active", "registered")) REG("c2", "active", CON("1", "active", "created"))),
	  SW_OK, SW_RI_APPLY, "v10 c1:1,2;c2:1" },
	{ "registration terminated: it and its contacts leave the table",
	  DOC("11", "partial", REG("c1", "terminated", CON("1", "terminated", "expired"))),
	  SW_OK, SW_RI_APPLY, "v11 c2:1" },
	{ "contact ids are per registration",
	  DOC("12", "partial", REG("c3", "active", CON("1", "active", "registered"))),
	  SW_OK, SW_RI_APPLY, "v12 c2:1;c3:1" },
	{ "table full (4 contacts): SW_E_TOOMANY, table and version unchanged",
	  DOC("13", "partial", REG("c2", "active", CON("5", "active", "created")
		CON("6", "active", "created") CON("7", "active", "created"))),
	  SW_E_TOOMANY, SW_RI_APPLY, "v12 c2:1;c3:1" },
	{ "removal and addition in one partial document fit exactly",
	  DOC("13", "partial", REG("c2", "active", CON("1", "terminated", "deactivated")
		CON("5", "active", "created") CON("6", "active", "created")
		CON("7", "active", "created"))),
	  SW_OK, SW_RI_APPLY, "v13 c2:5,6,7;c3:1" },
	{ "id over SW_RI_ID_MAX: SW_E_TOOLONG, unchanged",
	  DOC("14", "partial", REG("c3", "active",
		CON("0123456789012345678901234567890123456789012345678901234567890123456789",
		    "active", "created"))),
	  SW_E_TOOLONG, SW_RI_APPLY, "v13 c2:5,6,7;c3:1" },
};

static void
table_str(const struct sw_ri_tracker *t, char *out, size_t cap)
{
	size_t n = (size_t)snprintf(out, cap, "v%llu ", (unsigned long long)t->version);

	for (uint32_t i = 0; i < t->nregs && n < cap; i++) {
		int first = 1;

		n += (size_t)snprintf(out + n, cap - n, "%s%.*s:", i ? ";" : "", t->regs[i].id_len,
				      t->regs[i].id);
		for (uint32_t j = 0; j < t->ncontacts && n < cap; j++) {
			if (t->contacts[j].reg != i)
				continue;
			n += (size_t)snprintf(out + n, cap - n, "%s%.*s", first ? "" : ",",
					      t->contacts[j].id_len, t->contacts[j].id);
			first = 0;
		}
	}
}

static void
test_sequence(void)
{
	static struct sw_ri_track_reg regs[3];
	static struct sw_ri_track_contact contacts[4];
	struct sw_ri_tracker t;
	char tab[512];

	sw_ri_tracker_init(&t, regs, 3, contacts, 4);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const struct step *s = &steps[i];
		enum sw_ri_verdict vd = SW_RI_APPLY;
		int rc = ru_parse(&ctx, s->doc, strlen(s->doc), NULL);

		if (rc != SW_OK) {
			tap_ok(0, "%s: document does not parse (%d)", s->why, rc);
			continue;
		}
		rc = sw_ri_track(&t, &ctx.v, &vd);
		table_str(&t, tab, sizeof(tab));
		tap_ok(rc == s->rc && (rc != SW_OK || vd == s->verdict) && strcmp(tab, s->table) == 0,
		       "%s (rc %d verdict %d table '%s')", s->why, rc, vd, tab);
	}
	{
		int found = 0;

		for (uint32_t i = 0; i < t.ncontacts; i++)
			found += t.contacts[i].id_len == 1 && t.contacts[i].id[0] == '5' &&
				 t.contacts[i].uri_len == 15 &&
				 memcmp(t.contacts[i].uri, "sip:5@192.0.2.1", 15) == 0 &&
				 t.contacts[i].event == SW_RI_EV_CREATED;
		TAP_EQ_INT(found, 1, "contact URI and event kept in the table");
	}
}

static void
test_first_partial(void)
{
	static struct sw_ri_track_reg regs[2];
	static struct sw_ri_track_contact contacts[2];
	static const char doc[] = DOC("4", "partial", REG("a", "active", CON("1", "active", "created")));
	struct sw_ri_tracker t;
	enum sw_ri_verdict vd = SW_RI_DISCARD;
	int rc;

	sw_ri_tracker_init(&t, regs, 2, contacts, 2);
	rc = ru_parse(&ctx, doc, sizeof(doc) - 1, NULL);
	if (rc == SW_OK)
		rc = sw_ri_track(&t, &ctx.v, &vd);
	tap_ok(rc == SW_OK && vd == SW_RI_APPLY_RESYNC && t.ncontacts == 1 && t.version == 4,
	       "partial state with no base: applied, resubscribe for full state");
}

int
main(void)
{
	if (ru_init(&ctx, NULL) != SW_OK) {
		printf("Bail out! parser init\n");
		return 1;
	}
	test_sequence();
	test_first_partial();
	return tap_done();
}
