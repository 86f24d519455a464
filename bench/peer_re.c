/* libre: sip_msg_decode over an mbuf, then sip_msg_hdr_count / sip_msg_hdr
 * for Path and Service-Route with sip_addr_decode on the first entry, and the
 * Refer-Sub header value. */
#include <string.h>

#include <re.h>

#include "peers.h"

/* sip_msg_decode reads from an mbuf; one reused buffer, refilled per call,
 * as a receive path would. */
static struct mbuf *re_mb;

static int
re_init(void)
{
	re_mb = mbuf_alloc(65536);
	return re_mb != NULL ? 0 : -1;
}

static unsigned
re_list(const struct sip_msg *msg, enum sip_hdrid id, struct sip_addr *first, int *ok)
{
	const struct sip_hdr *h = sip_msg_hdr(msg, id);

	memset(first, 0, sizeof(*first));
	if (h != NULL && sip_addr_decode(first, &h->val) != 0)
		*ok = 0;
	return sip_msg_hdr_count(msg, id);
}

static unsigned
re_run(const char *buf, size_t len, struct swp_result *out)
{
	struct sip_msg *msg = NULL;
	struct sip_addr pa, sa;
	const struct sip_hdr *h;
	unsigned path_n, sr_n, v;
	int refer_sub = -1, ok = 1;

	mbuf_rewind(re_mb);
	if (mbuf_write_mem(re_mb, (const uint8_t *)buf, len) != 0)
		return 0;
	re_mb->pos = 0;
	if (sip_msg_decode(&msg, re_mb) != 0)
		return 0;
	path_n = re_list(msg, SIP_HDR_PATH, &pa, &ok);
	sr_n = re_list(msg, SIP_HDR_SERVICE_ROUTE, &sa, &ok);
	h = sip_msg_hdr(msg, SIP_HDR_REFER_SUB);
	if (h != NULL)
		refer_sub = pl_strcasecmp(&h->val, "true") == 0 ||
			    (h->val.l > 4 && strncasecmp(h->val.p, "true", 4) == 0);
	v = ok ? 1 + path_n + sr_n * 16 + (unsigned)(refer_sub + 1) * 256 : 0;
	if (out != NULL) {
		out->path_n = path_n;
		out->sr_n = sr_n;
		out->refer_sub = refer_sub;
		swp_text(out->path_first, sizeof(out->path_first), pa.auri.p, pa.auri.l);
		swp_text(out->sr_first, sizeof(out->sr_first), sa.auri.p, sa.auri.l);
	}
	mem_deref(msg);
	return v;
}

const struct swp_impl swp_re = { "libre", re_init, re_run };
