/* sofia-sip: msg_make with the extended message class (so Refer-Sub is a
 * known header), then the Path / Service-Route lists and Refer-Sub from the
 * sip_t view. */
#include <string.h>
#include <strings.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_extra.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_parser.h>
#include <sofia-sip/url.h>

#include "peers.h"

static msg_mclass_t const *sofia_mclass;

static int
sofia_init(void)
{
	/* NULL: extend the default class with every extension header sofia
	 * knows, Refer-Sub among them */
	sofia_mclass = sip_extend_mclass(NULL);
	return sofia_mclass != NULL ? 0 : -1;
}

static unsigned
route_count(const sip_route_t *r)
{
	unsigned n = 0;

	for (; r != NULL; r = r->r_next)
		n++;
	return n;
}

static unsigned
sofia_run(const char *buf, size_t len, struct swp_result *out)
{
	msg_t *msg = msg_make(sofia_mclass, 0, buf, (isize_t)len);
	sip_t *sip = msg != NULL ? sip_object(msg) : NULL;
	unsigned path_n, sr_n, v;
	const sip_refer_sub_t *rs;
	int refer_sub = -1;

	if (sip == NULL || sip->sip_error != NULL) {
		msg_destroy(msg);
		return 0;
	}
	path_n = route_count(sip->sip_path);
	sr_n = route_count(sip->sip_service_route);
	rs = sip_refer_sub(sip);
	if (rs != NULL && rs->rs_value != NULL)
		refer_sub = strcasecmp(rs->rs_value, "true") == 0;
	v = 1 + path_n + sr_n * 16 + (unsigned)(refer_sub + 1) * 256;
	if (out != NULL) {
		out->path_n = path_n;
		out->sr_n = sr_n;
		out->refer_sub = refer_sub;
		out->path_first[0] = out->sr_first[0] = 0;
		if (sip->sip_path != NULL)
			url_e(out->path_first, sizeof(out->path_first), sip->sip_path->r_url);
		if (sip->sip_service_route != NULL)
			url_e(out->sr_first, sizeof(out->sr_first), sip->sip_service_route->r_url);
	}
	msg_destroy(msg);
	return v;
}

const struct swp_impl swp_sofia = { "sofia-sip", sofia_init, sofia_run };
