/* docs/sipfrag.md example: answer a REFER with the NOTIFYs that report its
 * progress (RFC 3515 §2.4.4-2.4.5), write and read a message/sipfrag body.
 * Built and run by the tests (suite docs), so it cannot rot. */
#include <stdio.h>
#include <string.h>

#include <sipwire/sipwire.h>

static const char refer[] =
	"REFER sip:bob@192.0.2.20 SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK2293940223\r\n"
	"To: <sip:bob@example.com>\r\n"
	"From: \"Alice\" <sip:alice@example.com>;tag=193402342\r\n"
	"Call-ID: 898234234@192.0.2.10\r\n"
	"CSeq: 93809823 REFER\r\n"
	"Max-Forwards: 70\r\n"
	"Refer-To: <sip:carol@example.com>\r\n"
	"Contact: <sip:alice@192.0.2.10:5060>\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

int
main(void)
{
	unsigned char mem[8192];   /* parser working memory */
	char out[1500];            /* stands for an mbuf data area */
	struct sw_arena arena;
	struct sw_msg msg, frag;
	struct sw_err err = { 0 };
	struct sw_refer_dialog dialog;
	struct sw_local local;
	const struct sw_local_id me = { "192.0.2.20", 5060, "UDP", NULL, "bob" };
	struct sw_refer_notify p = {
		.status = 100, .state = SW_SUBSTATE_ACTIVE, .expires = 60,
		.cseq = 1, .local_tag = "4992881234", .event_id = SW_EVENT_ID_AUTO,
	};
	size_t len = 0;
	long n;

	/* 1. parse the REFER, take its dialog identifiers and our identity once */
	sw_arena_init(&arena, mem, sizeof(mem));
	if (sw_msg_parse(refer, sizeof(refer) - 1, NULL, &arena, &msg, &err) != SW_OK ||
	    sw_refer_dialog_init(&dialog, refer, &msg, &err) != SW_OK ||
	    sw_local_prepare(&local, &me, &err) != SW_OK) {
		fprintf(stderr, "prepare: %s\n", err.detail);
		return 1;
	}

	/* 2. one NOTIFY per progress step: 100 Trying, then the final 200 OK */
	if (sw_notify_refer_write(refer, &dialog, &local, "z9hG4bKn1", &p, out, sizeof(out), &len,
				  &err) != SW_OK)
		return 1;
	p.status = 200;
	p.state = SW_SUBSTATE_TERMINATED; /* reason defaults to noresource */
	p.cseq = 2;
	if (sw_notify_refer_write(refer, &dialog, &local, "z9hG4bKn2", &p, out, sizeof(out), &len,
				  &err) != SW_OK)
		return 1;
	fwrite(out, 1, len, stdout);

	/* 3. the NOTIFY parses back; its body is a sipfrag with status 200 */
	sw_arena_reset(&arena);
	if (sw_msg_parse(out, len, NULL, &arena, &msg, &err) != SW_OK ||
	    sw_msg_check(out, &msg, &err) != SW_OK ||
	    sw_sipfrag_parse(out + msg.body.off, msg.body.len, NULL, &arena, &frag, &err) != SW_OK ||
	    frag.status != 200)
		return 1;

	/* 4. a fragment of our own: the real status line plus one header field */
	struct sw_sipfrag_writer w;

	sw_sipfrag_writer_init(&w, out, sizeof(out));
	sw_sipfrag_put_status(&w, 486, "Busy Here", 9);
	sw_sipfrag_put_header(&w, "Retry-After", 11, "60", 2);
	if (sw_sipfrag_finish(&w, &len) != SW_OK || len != 40)
		return 1;

	/* 5. too small a buffer is an error, never a cut-off fragment */
	n = sw_sipfrag_write_status(out, 10, 486, NULL, 0);
	return n == SW_E_NOSPACE ? 0 : 1;
}
