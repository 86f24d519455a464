/* docs/policies.md example: the SBC Path policy with a flow token, applied
 * in place in a buffer with tail room, then the flow read back from a
 * later request routed to that Path URI. Built and run by the tests (suite
 * docs), so it cannot rot. */
#include <stdio.h>
#include <string.h>

#include <sipwire/sipwire.h>

static const char reg[] =
	"REGISTER sip:registrar.example.com SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKdoc1\r\n"
	"To: <sip:alice@example.com>\r\n"
	"From: <sip:alice@example.com>;tag=4fa3\r\n"
	"Call-ID: doc-1@192.0.2.4\r\n"
	"CSeq: 1 REGISTER\r\n"
	"Supported: path, outbound\r\n"
	"Contact: <sip:alice@192.0.2.4;ob>;reg-id=1;+sip.instance=\"<urn:uuid:0000-1>\"\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

int
main(void)
{
	static unsigned char pkt[2048];   /* the packet buffer, with tail room */
	unsigned char mem[8192], tmp[2048]; /* parser and policy working memory */
	struct sw_arena arena, scratch;
	struct sw_policy pol;
	struct sw_edits edits;
	struct sw_msg msg;
	struct sw_err err = { 0 };
	struct sw_flow src = { 4, SW_TRANSPORT_UDP, 5060, { 192, 0, 2, 4 } }, back;
	size_t len = sizeof(reg) - 1, new_len;
	unsigned fired;

	/* configuration: the same names `sipwire rewrite` and sipwire-dp take */
	sw_policy_init(&pol);
	if (sw_policy_set(&pol, "path", "sip:sbc.example.net;lr", &err) != SW_OK ||
	    sw_policy_set(&pol, "path-ob", NULL, &err) != SW_OK ||
	    sw_policy_set(&pol, "flow-key", "000102030405060708090a0b0c0d0e0f", &err) != SW_OK ||
	    sw_policy_check(&pol, &err) != SW_OK) {
		fprintf(stderr, "policy: %s\n", err.detail);
		return 1;
	}

	/* per packet: parse, decide, apply in place */
	memcpy(pkt, reg, len);
	sw_arena_init(&arena, mem, sizeof(mem));
	sw_arena_init(&scratch, tmp, sizeof(tmp));
	if (sw_msg_parse(pkt, len, NULL, &arena, &msg, &err) != SW_OK ||
	    sw_policy_apply(pkt, &msg, &pol, SW_DIR_ACCESS, &src, &scratch, &edits, &fired, &err) != SW_OK ||
	    sw_edits_apply(pkt, len, sizeof(pkt), &msg, &edits, &new_len, &err) != SW_OK) {
		fprintf(stderr, "rewrite failed at %u: %s\n", err.off, err.detail);
		return 1;
	}
	fwrite(pkt, 1, new_len, stdout);
	if (!(fired & SW_POL_PATH) || strstr((char *)pkt, ";lr;ob>\r\nRequire: path\r\n") == NULL)
		return 1;

	/* later, from the core: a request whose top Route is that Path entry */
	{
		char req[1024];
		const char *path = strstr((char *)pkt, "Path: ") + 6;
		int n = snprintf(req, sizeof(req),
				 "INVITE sip:alice@192.0.2.4 SIP/2.0\r\n"
				 "Route: %.*s\r\n"
				 "\r\n", (int)(strchr(path, '\r') - path), path);

		sw_arena_reset(&arena);
		if (sw_msg_parse(req, (size_t)n, NULL, &arena, &msg, &err) != SW_OK ||
		    sw_policy_route_flow(req, &msg, &pol, &back, &err) != 1)
			return 1;
		printf("flow: IPv%u port %u\n", back.family, back.port);
		return back.port == 5060 && memcmp(back.addr, src.addr, 4) == 0 ? 0 : 1;
	}
}
