/* osip2: osip_message_parse, then the Path / Service-Route entries (osip2
 * keeps them as generic headers, one per comma-separated entry) with the first
 * entry's name-addr parsed by osip_from_parse, and Refer-Sub's token. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/osip_parser.h>

#include "peers.h"

static int
osip_init(void)
{
	return parser_init() == 0 ? 0 : -1;
}

/* Number of `name` entries; the first one's URI parsed into *first (caller
 * frees) when there is one. */
static unsigned
osip_route_list(osip_message_t *m, const char *name, osip_from_t **first)
{
	osip_header_t *h = NULL;
	unsigned n = 0;
	int pos = 0;

	*first = NULL;
	while ((pos = osip_message_header_get_byname(m, name, pos, &h)) >= 0) {
		if (n++ == 0 && h->hvalue != NULL && osip_from_init(first) == 0 &&
		    osip_from_parse(*first, h->hvalue) != 0) {
			osip_from_free(*first);
			*first = NULL;
		}
		pos++;
	}
	return n;
}

static void
uri_text(char *dst, size_t n, const osip_from_t *f)
{
	char *s = NULL;

	dst[0] = 0;
	if (f != NULL && f->url != NULL && osip_uri_to_str(f->url, &s) == 0) {
		swp_text(dst, n, s, strlen(s));
		osip_free(s);
	}
}

static unsigned
osip_run(const char *buf, size_t len, struct swp_result *out)
{
	osip_message_t *m = NULL;
	osip_from_t *pf, *sf;
	osip_header_t *h = NULL;
	unsigned path_n, sr_n, v;
	int refer_sub = -1;

	if (osip_message_init(&m) != 0)
		return 0;
	if (osip_message_parse(m, buf, len) != 0) {
		osip_message_free(m);
		return 0;
	}
	path_n = osip_route_list(m, "path", &pf);
	sr_n = osip_route_list(m, "service-route", &sf);
	if (osip_message_header_get_byname(m, "refer-sub", 0, &h) >= 0 && h->hvalue != NULL)
		refer_sub = strncasecmp(h->hvalue, "true", 4) == 0;
	v = 1 + path_n + sr_n * 16 + (unsigned)(refer_sub + 1) * 256;
	if ((path_n > 0 && pf == NULL) || (sr_n > 0 && sf == NULL))
		v = 0;
	if (out != NULL) {
		out->path_n = path_n;
		out->sr_n = sr_n;
		out->refer_sub = refer_sub;
		uri_text(out->path_first, sizeof(out->path_first), pf);
		uri_text(out->sr_first, sizeof(out->sr_first), sf);
	}
	if (pf != NULL)
		osip_from_free(pf);
	if (sf != NULL)
		osip_from_free(sf);
	osip_message_free(m);
	return v;
}

const struct swp_impl swp_osip = { "osip2", osip_init, osip_run };
