/* docs/api-route.md example: a registrar walks the Path list of a REGISTER
 * (RFC 3327), keeps it as the route set, and writes the Route header for a
 * request towards the registered UA; a UA reads the Service-Route of the
 * 200 (RFC 3608) as its preloaded Route set. Built and run by the tests
 * (suite docs): it exits 1 if any result differs from what the RFCs say. */
#include <stdio.h>
#include <string.h>

#include <sipwire/msg.h>
#include <sipwire/route.h>

/* RFC 3327 §5.5.1 F4, with the Path split over two lines and folded */
static const char reg[] =
	"REGISTER sip:REGISTRAR.EXAMPLEHOME.COM SIP/2.0\r\n"
	"Via: SIP/2.0/UDP 19.31.97.3:5060;branch=z9hG4bKp3wer654363\r\n"
	"To: UA1 <sip:UA1@EXAMPLEHOME.COM>\r\n"
	"From: UA1 <sip:UA1@EXAMPLEHOME.COM>;tag=456248\r\n"
	"Call-ID: 843817637684230@998sdasdh09\r\n"
	"CSeq: 1826 REGISTER\r\n"
	"Contact: <sip:UA1@192.0.2.4>\r\n"
	"Supported: path\r\n"
	"Path: \"home, P3\" <sip:P3.EXAMPLEHOME.COM;lr>\r\n"
	"Path:\r\n <sip:P1.EXAMPLEVISITED.COM;lr>;x=\"a,b\"\r\n"
	"\r\n";

/* RFC 3608 §6.4.1 F8 */
static const char ok200[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/UDP UADDR1.VISITED.EXAMPLE.ORG:5060;branch=z9hG4bKcR1ntRAp\r\n"
	"CSeq: 1826 REGISTER\r\n"
	"Service-Route: <sip:P2.HOME.EXAMPLE.COM;lr>,\r\n"
	"               <sip:HSP.HOME.EXAMPLE.COM;lr>\r\n"
	"\r\n";

static int
parse(const char *buf, size_t len, unsigned char *mem, size_t cap, struct sw_msg *msg)
{
	struct sw_arena arena;
	struct sw_err err = { 0 };
	int rc;

	sw_arena_init(&arena, mem, cap);
	rc = sw_msg_parse(buf, len, NULL, &arena, msg, &err);
	if (rc != SW_OK)
		printf("rejected: %s at byte %u: %s\n", sw_status_name(rc), err.off, err.detail);
	return rc;
}

/* Registrar side: Path list -> route set -> "Route:" line. */
static int
registrar(void)
{
	static const char want[] = "Route: <sip:P3.EXAMPLEHOME.COM;lr>, <sip:P1.EXAMPLEVISITED.COM;lr>;x=\"a,b\"\r\n";
	unsigned char mem[4096];
	struct sw_msg msg;
	struct sw_nameaddr set[8]; /* the route set: slices into reg, no copies */
	struct sw_err err = { 0 };
	char line[256];
	size_t n, len;
	int rc;

	if (parse(reg, sizeof(reg) - 1, mem, sizeof(mem), &msg) != SW_OK)
		return 1;
	/* RFC 3327 §5.3: the Path values, in order, are the route set */
	rc = sw_route_set(reg, &msg, SW_HDR_PATH, set, 8, &n, &err);
	if (rc != SW_OK) {
		printf("bad Path: %s at byte %u: %s\n", sw_status_name(rc), err.off, err.detail);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct sw_slice rest = set[i].params, name, value;

		printf("route[%zu] = <%.*s>%s", i, (int)set[i].uri.len, sw_slice_ptr(reg, set[i].uri),
		       (set[i].u.pflags & SW_URI_P_LR) ? " (loose)" : "");
		while (sw_param_next(reg, &rest, &name, &value) > 0) /* header params */
			printf(" ;%.*s", (int)name.len, sw_slice_ptr(reg, name));
		printf("\n");
	}
	rc = sw_route_write(reg, SW_HDR_ROUTE, set, n, line, sizeof(line), &len, &err);
	if (rc != SW_OK)
		return 1;
	printf("%.*s", (int)len, line);
	return n == 2 && len == sizeof(want) - 1 && memcmp(line, want, len) == 0 ? 0 : 1;
}

/* UA side: Service-Route of the 200 is the preloaded Route set, in order. */
static int
user_agent(void)
{
	unsigned char mem[4096];
	struct sw_msg msg;
	struct sw_addr_iter it;
	struct sw_nameaddr na;
	struct sw_err err = { 0 };
	int rc, n = 0;

	if (parse(ok200, sizeof(ok200) - 1, mem, sizeof(mem), &msg) != SW_OK)
		return 1;
	sw_addr_iter_init(&it, ok200, &msg, SW_HDR_SERVICE_ROUTE);
	while ((rc = sw_addr_iter_next(&it, &na, &err)) == 1)
		printf("preloaded Route[%d] = <%.*s>\n", n++, (int)na.uri.len, sw_slice_ptr(ok200, na.uri));
	if (rc < 0) {
		printf("bad Service-Route: %s at byte %u: %s\n", sw_status_name(rc), err.off, err.detail);
		return 1;
	}
	return n == 2 ? 0 : 1;
}

/* A broken list: the error names the byte. */
static int
broken(void)
{
	static const char bad[] = "SIP/2.0 200 OK\r\nPath: <sip:a.example;lr>, , <sip:b.example;lr>\r\n\r\n";
	unsigned char mem[1024];
	struct sw_msg msg;
	struct sw_nameaddr set[4];
	struct sw_err err = { 0 };
	size_t n;
	int rc;

	if (parse(bad, sizeof(bad) - 1, mem, sizeof(mem), &msg) != SW_OK)
		return 1;
	rc = sw_route_set(bad, &msg, SW_HDR_PATH, set, 4, &n, &err);
	printf("broken Path: %s at byte %u: %s\n", sw_status_name(rc), err.off, err.detail);
	return rc == SW_E_MALFORMED && bad[err.off] == ',' ? 0 : 1;
}

int
main(void)
{
	return registrar() | user_agent() | broken();
}
