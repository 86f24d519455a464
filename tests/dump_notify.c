/* dump_notify DIR: write what the NOTIFY/SUBSCRIBE builders produce for a
 * few inputs as DIR/NAME.sip, with DIR/NAME.expect holding what an
 * independent dissector must see: "method<TAB>Content-Length<TAB>sipfrag
 * line" (the last field empty for non-sipfrag bodies). Driven by
 * tshark_notify.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/edit.h"
#include "sipwire/notify.h"
#include "sipwire/policy.h"
#include "sipwire/reginfo.h"
#include "sipwire/sipfrag.h"
#include "tap.h"

static char out[4096];

static int
emit(const char *dir, const char *name, const char *method, size_t len, const char *frag)
{
	char path[1024];
	const char *body;
	FILE *f;

	out[len] = 0; /* builders get sizeof(out) - 1 */
	body = strstr(out, "\r\n\r\n");
	snprintf(path, sizeof(path), "%.900s/%s.sip", dir, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(out, 1, len, f) != len || fclose(f) != 0)
		return 1;
	snprintf(path, sizeof(path), "%.900s/%s.expect", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return 1;
	fprintf(f, "%s\t%zu\t%s\n", method, body ? len - (size_t)(body + 4 - out) : 0, frag);
	return fclose(f) != 0;
}

static int
refer_notify(const char *dir, const char *name, const char *file, unsigned status,
	     enum sw_substate st, const char *frag)
{
	static unsigned char mem[16384];
	struct sw_local_id local = { "192.0.2.1", 5060, "UDP", "z9hG4bKdump1", "b" };
	struct sw_refer_notify p = { status, NULL, st, 120, NULL, 3, "t1", SW_EVENT_ID_AUTO };
	char rel[256];
	size_t rlen = 0, len = 0;
	char *refer;
	struct sw_arena a;
	struct sw_msg m;
	int rc;

	snprintf(rel, sizeof(rel), "examples/%s", file);
	if ((refer = tap_slurp(tap_corpus(rel), &rlen)) == NULL)
		return 1;
	sw_arena_init(&a, mem, sizeof(mem));
	rc = sw_msg_parse(refer, rlen, NULL, &a, &m, NULL);
	if (rc == SW_OK)
		rc = sw_notify_refer_build(refer, &m, &local, &p, out, sizeof(out) - 1, &len, NULL);
	free(refer);
	return rc != SW_OK || emit(dir, name, "NOTIFY", len, frag);
}

static int
body_cb(void *arg, char *dst, size_t cap, size_t *len)
{
	size_t n = strlen(arg);

	if (cap < n)
		return SW_E_NOSPACE;
	memcpy(dst, arg, n);
	*len = n;
	return SW_OK;
}

static int
reg(const char *dir)
{
	struct sw_local_id local = { "192.0.2.1", 5060, "UDP", "z9hG4bKdump2", NULL };
	struct sw_reg_subscribe s = { "sip:joe@example.com", "<sip:pcscf.example.com>", "s1", NULL,
				      "reg1@192.0.2.1", 1, SW_REG_EXPIRES_DEFAULT, "<sip:scscf.example.com;lr>" };
	struct sw_reg_notify n = { "sip:pcscf.example.com", "<sip:joe@example.com>", "n1",
				   "<sip:pcscf.example.com>;tag=s1", "reg1@192.0.2.1", 1,
				   SW_SUBSTATE_ACTIVE, 3761, NULL, NULL };
	char doc[] = "<?xml version=\"1.0\"?>\r\n<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" "
		     "version=\"0\" state=\"full\"><registration aor=\"sip:joe@example.com\" id=\"a7\" "
		     "state=\"init\"/></reginfo>\r\n";
	size_t len = 0;

	if (sw_subscribe_reg_build(&local, &s, out, sizeof(out) - 1, &len, NULL) != SW_OK ||
	    emit(dir, "subscribe-reg", "SUBSCRIBE", len, ""))
		return 1;
	return sw_notify_reg_build(&local, &n, body_cb, doc, out, sizeof(out) - 1, &len, NULL) != SW_OK ||
	       emit(dir, "notify-reg", "NOTIFY", len, "");
}

/* The reginfo writer as the body callback. */
static int
reg_view(const char *dir)
{
	struct sw_local_id local = { "192.0.2.1", 5060, "UDP", "z9hG4bKdump3", NULL };
	struct sw_reg_notify n = { "sip:pcscf.example.com", "<sip:joe@example.com>", "n2",
				   "<sip:pcscf.example.com>;tag=s1", "reg1@192.0.2.1", 2,
				   SW_SUBSTATE_TERMINATED, 0, "timeout", NULL };
	struct sw_ri_registration reg = { { "sip:joe@example.com", 19 }, { "a7", 2 }, SW_RI_REG_TERMINATED, 0, 1 };
	struct sw_ri_contact ct = { 0 };
	struct sw_ri_param no_param = { { "", 0 }, { "", 0 } };
	struct sw_ri_view v;
	size_t len = 0;

	ct.id = (struct sw_ri_str){ "76", 2 };
	ct.uri = (struct sw_ri_str){ "sip:joe@192.0.2.7;transport=udp", 31 };
	ct.state = SW_RI_TERMINATED;
	ct.event = SW_RI_EV_EXPIRED;
	/* a params array even when empty: sw_ri_write_view adds offsets to it */
	sw_ri_view_init(&v, &reg, 1, &ct, 1, &no_param, 0);
	v.nregs = v.ncontacts = 1;
	v.version = 4;
	v.state = SW_RI_PARTIAL;
	return sw_notify_reg_build(&local, &n, sw_notify_reg_body_view, &v, out, sizeof(out) - 1, &len,
				   NULL) != SW_OK || emit(dir, "notify-reg-view", "NOTIFY", len, "");
}

/* A refer NOTIFY from the core whose sipfrag quotes the core's response,
 * sanitised by the policy (--sipfrag-headers Retry-After). */
static int
sanitised(const char *dir)
{
	static char in[2048], frag[512];
	static unsigned char mem[16384], smem[4096];
	struct sw_sipfrag_writer w;
	struct sw_policy pol;
	struct sw_arena a, s;
	struct sw_edits e;
	struct sw_msg m;
	size_t flen = 0, len, olen = 0;

	sw_sipfrag_writer_init(&w, frag, sizeof(frag));
	sw_sipfrag_put_status(&w, 486, "Busy Here", 9);
	sw_sipfrag_put_header(&w, "Via", 3, "SIP/2.0/UDP 10.0.0.7;branch=z9hG4bKcore", 39);
	sw_sipfrag_put_header(&w, "Retry-After", 11, "60", 2);
	sw_sipfrag_put_header(&w, "Server", 6, "core-b2bua", 10);
	if (sw_sipfrag_finish(&w, &flen) != SW_OK)
		return 1;
	len = (size_t)snprintf(in, sizeof(in),
			       "NOTIFY sip:a@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKdump4\r\n"
			       "From: <sip:b@example.com>;tag=1\r\nTo: <sip:a@example.com>;tag=2\r\n"
			       "Call-ID: san@192.0.2.1\r\nCSeq: 4 NOTIFY\r\nMax-Forwards: 70\r\n"
			       "Event: refer\r\nSubscription-State: active;expires=30\r\n"
			       "Content-Type: message/sipfrag;version=2.0\r\nContent-Length: %zu\r\n\r\n%.*s",
			       flen, (int)flen, frag);
	sw_arena_init(&a, mem, sizeof(mem));
	sw_arena_init(&s, smem, sizeof(smem));
	sw_policy_init(&pol);
	if (sw_msg_parse(in, len, NULL, &a, &m, NULL) != SW_OK ||
	    sw_policy_set(&pol, "sipfrag-headers", "Retry-After", NULL) != SW_OK ||
	    sw_policy_apply(in, &m, &pol, SW_DIR_CORE, NULL, &s, &e, NULL, NULL) != SW_OK ||
	    sw_edits_apply_to(in, len, &m, &e, out, sizeof(out) - 1, &olen, NULL) != SW_OK)
		return 1;
	return emit(dir, "notify-refer-sanitised", "NOTIFY", olen, "SIP/2.0 486 Busy Here,Retry-After: 60");
}

int
main(int argc, char **argv)
{
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: dump_notify DIR\n");
		return 2;
	}
	bad += refer_notify(argv[1], "notify-refer-100", "rfc3515-f1-refer.sip", 100, SW_SUBSTATE_ACTIVE,
			    "SIP/2.0 100 Trying");
	bad += refer_notify(argv[1], "notify-refer-603", "rfc3515-f7-refer.sip", 603,
			    SW_SUBSTATE_TERMINATED, "SIP/2.0 603 Decline");
	bad += refer_notify(argv[1], "notify-refer-rfc4488", "rfc4488-sec6-refer-refer-sub-false.sip", 200,
			    SW_SUBSTATE_TERMINATED, "SIP/2.0 200 OK");
	bad += reg(argv[1]);
	bad += reg_view(argv[1]);
	bad += sanitised(argv[1]);
	return bad ? 1 : 0;
}
