/* docs/api.md example: parse a REGISTER, run the strict checks, look up
 * headers by id, walk its Path list and read Refer-Sub. Built and run by
 * the tests (suite docs), so it cannot rot. */
#include <stdio.h>
#include <string.h>

#include <sipwire/sipwire.h>

static const char reg[] =
	"REGISTER sip:registrar.example.com SIP/2.0\r\n"
	"Via: SIP/2.0/UDP edge.example.net;branch=z9hG4bK776a\r\n"
	"Path: <sip:p2.example.net;lr>\r\n"
	"Path: \"Edge, west\" <sip:p1.example.net;lr;ob>, <sip:[2001:db8::1]:5070;lr>\r\n"
	"To: <sip:alice@example.com>\r\n"
	"From: <sip:alice@example.com>;tag=4fa3\r\n"
	"Call-ID: 843817637684230@998sdasdh09\r\n"
	"CSeq: 1826 REGISTER\r\n"
	"k: path, outbound\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

int
main(void)
{
	unsigned char mem[8192]; /* all the working memory the parser gets */
	struct sw_arena arena;
	struct sw_msg msg;
	struct sw_err err = { 0 };
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	const struct sw_hdr *h;
	int rc, n = 0;

	sw_arena_init(&arena, mem, sizeof(mem));
	rc = sw_msg_parse(reg, sizeof(reg) - 1, NULL, &arena, &msg, &err);
	if (rc == SW_OK)
		rc = sw_msg_check(reg, &msg, &err);
	if (rc != SW_OK) {
		printf("rejected: %s at byte %u: %s\n", sw_status_name(rc), err.off, err.detail);
		return 1;
	}

	/* O(1) lookup by id; compact forms ("k") share the id of the full name */
	h = sw_msg_first(&msg, SW_HDR_CALL_ID);
	printf("%.*s to %.*s, Call-ID %.*s, CSeq %u\n", (int)msg.method_name.len,
	       sw_slice_ptr(reg, msg.method_name), (int)msg.ruri.len, sw_slice_ptr(reg, msg.ruri),
	       (int)h->value.len, sw_slice_ptr(reg, h->value), msg.cseq);
	printf("supports path: %s\n", sw_option_tag_has(reg, &msg, SW_HDR_SUPPORTED, "path") > 0 ? "yes" : "no");

	/* every Path value across every Path line, in the order received: the
	 * order a registrar uses as the Route set (RFC 3327 §5.3) */
	sw_addr_iter_init(&it, reg, &msg, SW_HDR_PATH);
	while ((rc = sw_addr_iter_next(&it, &na, &err)) > 0)
		printf("Path[%d] = <%.*s>%s%s\n", n++, (int)na.uri.len, sw_slice_ptr(reg, na.uri),
		       (na.u.pflags & SW_URI_P_LR) ? " lr" : "", (na.u.pflags & SW_URI_P_OB) ? " ob" : "");
	if (rc < 0) {
		printf("bad Path: %s at byte %u\n", sw_status_name(rc), err.off);
		return 1;
	}
	return n == 3 ? 0 : 1;
}
